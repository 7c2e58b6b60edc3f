import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import { guardedFetch } from '../media/guarded-fetch.ts';
import { createMediaHostPolicy } from '../media/media-hosts.ts';
import type { MediaStore } from '../media/media-store.ts';

const REFRESH_MS = 7 * 86_400_000;
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * A customer's picture, served by snorq: the platform's link is fetched once (allow-listed hosts
 * only, images only, 2 MB at most) and kept in the media store, refreshed weekly. Browsers never
 * load platform CDNs directly (the UI's CSP forbids it, and the links expire).
 */
export async function contactAvatar(deps: { db: Db; config: Config; store: MediaStore }, organizationId: number, identityId: number) {
  const identity = await deps.db
    .selectFrom('contact_identities')
    .select(['id', 'platform', 'avatar_url', 'avatar_storage_key', 'avatar_fetched_at'])
    .where('id', '=', identityId)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!identity?.avatar_url) return null;
  const fresh = identity.avatar_storage_key && identity.avatar_fetched_at && Date.now() - identity.avatar_fetched_at.getTime() < REFRESH_MS;
  if (!fresh) {
    const stored = await download(deps, identity.platform, identity.avatar_url);
    await deps.db
      .updateTable('contact_identities')
      .set({ avatar_fetched_at: new Date(), ...(stored && { avatar_storage_key: stored }) })
      .where('id', '=', identity.id)
      .execute();
    if (stored) return deps.store.open(stored);
  }
  return identity.avatar_storage_key ? deps.store.open(identity.avatar_storage_key) : null;
}

async function download(deps: { config: Config; store: MediaStore }, platform: Platform, link: string): Promise<string | null> {
  if (!URL.canParse(link)) return null;
  const fetched = await guardedFetch({ url: new URL(link) }, { policy: createMediaHostPolicy(deps.config), platform, signal: AbortSignal.timeout(10_000) });
  if (!fetched.ok || !fetched.res.ok) return null;
  const type = (fetched.res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/^image\/(jpeg|png|gif|webp)$/.test(type)) return null;
  const bytes = Buffer.from(await fetched.res.arrayBuffer());
  if (bytes.length > MAX_BYTES) return null;
  return (await deps.store.put(bytes, { mimeType: type })).storageKey;
}
