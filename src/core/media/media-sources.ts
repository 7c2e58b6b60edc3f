import { z } from 'zod';
import { TIKTOK_API_VERSION } from '../../channels/tiktok/api.ts';
import { addAppSecretProof } from '../../channels/meta/app-secret-proof.ts';
import type { ChannelCredentials } from '../../channels/types.ts';
import type { MediaItem, Platform } from '../../db/schema.ts';
import { guardedFetch, statusFailure, type FetchFailure, type GuardContext, type GuardedRequest } from './guarded-fetch.ts';

/**
 * The per-platform half of an inbound download: turn a stored MediaItem into the one request that
 * returns its bytes (FACTS 2.5, 3.5, 4.5, 5.7, 6.5). Some platforms need a lookup first (WhatsApp's
 * media id → a 5-minute URL; TikTok's media_id → download_url); every request of it goes through
 * guardedFetch, so the lookup answers cannot point the fetcher anywhere the allow-list forbids.
 *
 * The channels' own `downloadMedia` functions (src/channels/<platform>/api.ts) buffer whole files
 * (and check every redirect hop against their own, narrower host lists); the fetcher streams and
 * keeps its SSRF guarantees in one place, media-hosts.ts.
 */

export interface MediaSource {
  platform: Platform;
  /** channels.external_account_id: page id, IG id, WhatsApp phone_number_id, `AC…:whatsapp:+…`, TikTok business id. */
  accountId: string;
  credentials: ChannelCredentials | null;
  /** The message's platform id (TikTok's download endpoint wants it). */
  externalId: string | null;
  metadata: Record<string, unknown>;
}

export interface SourceUrls {
  metaGraph: string;
  metaGraphVersion: string;
  tiktok: string;
  /** For the WhatsApp lookup's `appsecret_proof` (a Graph call with the number's token). */
  whatsappAppSecret?: string;
}

export interface DownloadPlan {
  request: GuardedRequest;
  /** What the platform said the type is, when it said so in a lookup. */
  mimeType?: string;
  /** WhatsApp's checksum of the file (FACTS 4.5), hex or base64. */
  sha256?: string;
  /** WhatsApp links live 5 minutes: a 401/403/404/410 on one means "look it up again", so it is retried. */
  expiring?: boolean;
}

export type Planned = { ok: true; plan: DownloadPlan } | { ok: false; failure: FetchFailure };

const final = (reason: string): Planned => ({ ok: false, failure: { reason, transient: false } });

export async function planDownload(item: MediaItem, source: MediaSource, urls: SourceUrls, guard: GuardContext): Promise<Planned> {
  const c = source.credentials;
  switch (source.platform) {
    case 'messenger':
    case 'instagram':
      // Signed CDN URLs that need no credentials (FACTS 2.5, 3.5).
      return direct(item);
    case 'twilio': {
      if (c?.platform !== 'twilio') return final('The Twilio channel has no credentials to download media with.');
      const basic = Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64');
      return direct(item, { authorization: `Basic ${basic}` });
    }
    case 'whatsapp':
      if (c?.platform !== 'whatsapp') return final('The WhatsApp channel has no access token to download media with.');
      return item.platformMediaId ? whatsappLookup(item.platformMediaId, c.accessToken, source, urls, guard) : direct(item, { authorization: `Bearer ${c.accessToken}` });
    case 'tiktok':
      if (c?.platform !== 'tiktok') return final('The TikTok channel has no access token to download media with.');
      return item.url ? direct(item, { 'x-user': c.accessToken }) : tiktokLookup(item, c.accessToken, source, urls, guard);
  }
}

function direct(item: MediaItem, secretHeaders?: Record<string, string>): Planned {
  if (!item.url) return final('The platform sent no link to download this attachment from.');
  if (!URL.canParse(item.url)) return final('The platform sent a malformed link for this attachment.');
  return { ok: true, plan: { request: { url: new URL(item.url), ...(secretHeaders && { secretHeaders }) } } };
}

const WhatsAppMediaInfo = z.looseObject({ url: z.string().min(1), mime_type: z.string().optional(), sha256: z.string().optional() });

/** Step 1 of FACTS 4.5: `GET /{v}/{MEDIA_ID}?phone_number_id=` (Bearer) → `{url, mime_type, sha256}`. */
async function whatsappLookup(mediaId: string, token: string, source: MediaSource, urls: SourceUrls, guard: GuardContext): Promise<Planned> {
  const url = new URL(`${urls.metaGraph.replace(/\/+$/, '')}/${urls.metaGraphVersion}/${encodeURIComponent(mediaId)}`);
  url.searchParams.set('phone_number_id', source.accountId);
  addAppSecretProof(url, token, urls.whatsappAppSecret);
  const bearer = { authorization: `Bearer ${token}` };
  const info = await lookupJson({ url, secretHeaders: bearer, headers: { accept: 'application/json' } }, guard, 'WhatsApp');
  if (!info.ok) return info;
  const parsed = WhatsAppMediaInfo.safeParse(info.value);
  if (!parsed.success || !URL.canParse(parsed.data.url)) return { ok: false, failure: { reason: 'WhatsApp answered the media lookup with something snorq could not read.', transient: true } };
  const { mime_type: mimeType, sha256 } = parsed.data;
  // Step 2 takes the same Bearer token (FACTS 4.5); guardedFetch sends it only to Meta's hosts.
  const request: GuardedRequest = { url: new URL(parsed.data.url), secretHeaders: bearer };
  return { ok: true, plan: { request, expiring: true, ...(mimeType && { mimeType }), ...(sha256 && { sha256 }) } };
}

const TikTokEnvelope = z.looseObject({
  code: z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]),
  message: z.string().optional(),
  data: z.looseObject({ download_url: z.string().optional() }).optional(),
});

/** FACTS 6.5: `POST …/business/message/media/download/` (Access-Token) → `data.download_url`, fetched with `x-user`. */
async function tiktokLookup(item: MediaItem, token: string, source: MediaSource, urls: SourceUrls, guard: GuardContext): Promise<Planned> {
  const conversationId = source.metadata.conversationId;
  if (!item.platformMediaId || typeof conversationId !== 'string' || !source.externalId) {
    return final('TikTok sent neither a link nor the ids needed to download this attachment.');
  }
  const url = new URL(`${urls.tiktok.replace(/\/+$/, '')}/open_api/${TIKTOK_API_VERSION}/business/message/media/download/`);
  const json = {
    business_id: source.accountId,
    conversation_id: conversationId,
    message_id: source.externalId,
    media_id: item.platformMediaId,
    // The endpoint documents IMAGE only (FACTS 6.5); other kinds are asked for by their own name.
    media_type: item.type === 'sticker' ? 'IMAGE' : item.type.toUpperCase(),
  };
  const res = await lookupJson({ url, method: 'POST', json, secretHeaders: { 'access-token': token }, headers: { accept: 'application/json' } }, guard, 'TikTok');
  if (!res.ok) return res;
  const envelope = TikTokEnvelope.safeParse(res.value);
  if (!envelope.success) return { ok: false, failure: { reason: 'TikTok answered the media lookup with something snorq could not read.', transient: true } };
  const { code, message, data } = envelope.data;
  if (code !== 0) {
    // 5xxxx is TikTok's own trouble and 40100 a rate limit (FACTS 6.3): worth retrying; the rest is final.
    const transient = code === 40100 || (code >= 50000 && code <= 59999);
    const why = code === 40105 ? "TikTok rejected the channel's access token" : `TikTok refused the media download (code ${code}${message ? `: ${message}` : ''})`;
    return { ok: false, failure: { reason: `${why}.`, transient } };
  }
  if (!data?.download_url || !URL.canParse(data.download_url)) return final('TikTok gave no download link for this attachment.');
  return { ok: true, plan: { request: { url: new URL(data.download_url), secretHeaders: { 'x-user': token } } } };
}

/** A small JSON answer from a platform API (at most 64 KB: anything bigger is not a lookup answer). */
async function lookupJson(req: GuardedRequest, guard: GuardContext, platform: string): Promise<{ ok: true; value: unknown } | { ok: false; failure: FetchFailure }> {
  const fetched = await guardedFetch(req, guard);
  if (!fetched.ok) return fetched;
  const { res } = fetched;
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    const failure = statusFailure(res.status, `${platform}'s media lookup`);
    if (res.status === 401 || res.status === 403) failure.reason += ` ${platform} refused the channel's credentials; reconnect the channel.`;
    return { ok: false, failure };
  }
  if (Number(res.headers.get('content-length') ?? 0) > 65_536) {
    await res.body?.cancel().catch(() => undefined);
    return { ok: false, failure: { reason: `${platform}'s media lookup answer was too large.`, transient: false } };
  }
  try {
    const text = await res.text();
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, failure: { reason: `${platform}'s media lookup answer could not be read.`, transient: true } };
  }
}
