import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MediaSource } from '../../../../src/channels/channel-definition.ts';
import { platformUrls } from '../../../../src/channels/registry-config.ts';
import { CHANNELS } from '../../../../src/channels/registry.ts';
import type { ChannelCredentials } from '../../../../src/channels/types.ts';
import { loadConfig } from '../../../../src/config/config.ts';
import { downloadMediaItem, type ItemOutcome, type MediaFetchOptions } from '../../../../src/core/media/download-media-item.ts';
import { mediaHostPolicyOf, type MediaChannel } from '../../../../src/core/media/media-hosts.ts';
import { createDiskMediaStore } from '../../../../src/core/media/media-store.ts';
import type { MediaItem } from '../../../../src/db/schema.ts';
import { startFakePlatform, type FakePlatform } from '../../channels/fake-platform-server.ts';

/**
 * One platform download on the one media path (src/core/media), against real HTTP servers:
 * `api` plays every platform's configured API host, `cdn` another allowed origin that must never
 * get credentials, `internal` what an attacker would aim at. Bytes land in a disk store in a
 * temporary folder. `extra` adds definitions' media sections (with their base URLs at `api`).
 */
export interface MediaDownloadRig {
  api: FakePlatform;
  cdn: FakePlatform;
  internal: FakePlatform;
  download(channel: MediaChannel, item: MediaItem, source: SourceOf, options?: Partial<MediaFetchOptions>): Promise<ItemOutcome>;
  storedBytes(outcome: ItemOutcome): Promise<Buffer>;
  /** Forget the requests of the previous test. */
  reset(): void;
  close(): Promise<void>;
}

/** Credentials as they are read back from the database: any platform's. */
export type SourceOf = Omit<Partial<MediaSource>, 'credentials'> & { credentials: unknown };

/** Stands in for a CDN: an allowed origin that is no platform's credential host. */
const cdnStandIn = (): MediaChannel => ({
  id: 'cdn',
  media: { hosts: [], credentialHosts: [], credentialUrls: ['cdn'], maxBytes: 1, plan: async () => ({ ok: false, failure: { reason: 'unused', transient: false } }) },
});

export const failureOf = (outcome: ItemOutcome): string | undefined => (outcome.ok ? undefined : outcome.reason);

export async function startMediaDownloadRig(extra: { channels: MediaChannel[]; urlNames: string[] } = { channels: [], urlNames: [] }): Promise<MediaDownloadRig> {
  const [api, cdn, internal] = await Promise.all([startFakePlatform(), startFakePlatform(), startFakePlatform()]);
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'snorq-media-dl-'));
  const store = createDiskMediaStore(tmp);
  // Every platform's API at `api` (the Graph version stays), and the CDN stand-in's at `cdn`.
  const configured: Record<string, string> = platformUrls(loadConfig({}));
  const urls = {
    ...Object.fromEntries(Object.entries(configured).map(([name, value]) => [name, value.startsWith('http') ? api.url : value])),
    ...Object.fromEntries(extra.urlNames.map((name) => [name, api.url])),
    cdn: cdn.url,
  };
  const policy = mediaHostPolicyOf(urls, [...CHANNELS, ...extra.channels, cdnStandIn()]);

  return {
    api,
    cdn,
    internal,
    download(channel, item, source, options = {}) {
      const full = { accountId: 'acct', externalId: null, metadata: {}, urls, ...source, credentials: source.credentials as ChannelCredentials | null } as MediaSource;
      return downloadMediaItem(item, channel, full, { store, policy, options: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000, ...options }, signal: new AbortController().signal });
    },
    async storedBytes(outcome) {
      if (!outcome.ok) throw new Error(`not stored: ${outcome.reason}`);
      const opened = await store.open(outcome.stored.storageKey);
      if (!opened) throw new Error('the store has no such file');
      const chunks: Buffer[] = [];
      for await (const chunk of opened.stream) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    reset() {
      for (const server of [api, cdn, internal]) server.requests.length = 0;
    },
    async close() {
      await Promise.all([api.close(), cdn.close(), internal.close()]);
      await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}
