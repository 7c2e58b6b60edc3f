import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * Facebook Login returns every Page the person manages; the admin chooses which to connect on a
 * page of snorq's own. Meanwhile the Page tokens wait here: sealed like channel credentials,
 * bound to the session that started the flow, for fifteen minutes, and taken exactly once.
 */

export const PENDING_TTL_MS = 15 * 60_000;

const Choice = z.object({
  /** What the admin ticks: the Page id (Messenger) or the Instagram account id (through its Page). */
  id: z.string(),
  name: z.string(),
  pageId: z.string(),
  pageName: z.string(),
  pageToken: z.string(),
  instagramUsername: z.string().optional(),
});
const Payload = z.object({ platform: z.enum(['messenger', 'instagram']), choices: z.array(Choice) });
export type PendingChoice = z.infer<typeof Choice>;
export type PendingConnection = z.infer<typeof Payload>;

/** 32 random bytes: the id is also what proves the picker's form came from this session's page. */
const ID = /^[A-Za-z0-9_-]{43}$/;

export async function savePending(db: Db, box: SecretBox, owner: { organizationId: number; tokenId: number }, pending: PendingConnection, nowMs = Date.now()): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db
    .insertInto('oauth_pending')
    .values({ id, organization_id: owner.organizationId, auth_token_id: owner.tokenId, platform: pending.platform, payload_enc: box.sealJson(pending), expires_at: new Date(nowMs + PENDING_TTL_MS) })
    .execute();
  return id;
}

/** The pending choice for rendering the picker; null when unknown, expired or someone else's. */
export async function peekPending(db: Db, box: SecretBox, id: string, principal: Principal): Promise<PendingConnection | null> {
  if (!ID.test(id)) return null;
  const row = await db
    .selectFrom('oauth_pending')
    .select('payload_enc')
    .where('id', '=', id)
    .where('organization_id', '=', principal.organizationId)
    .where('auth_token_id', '=', principal.tokenId)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row ? open(box, row.payload_enc) : null;
}

/** Like peek, but deletes it: the second submit of one picker finds nothing. */
export async function takePending(db: Db, box: SecretBox, id: string, principal: Principal): Promise<PendingConnection | null> {
  if (!ID.test(id)) return null;
  const row = await db
    .deleteFrom('oauth_pending')
    .where('id', '=', id)
    .where('organization_id', '=', principal.organizationId)
    .where('auth_token_id', '=', principal.tokenId)
    .where('expires_at', '>', new Date())
    .returning('payload_enc')
    .executeTakeFirst();
  return row ? open(box, row.payload_enc) : null;
}

function open(box: SecretBox, sealed: Buffer): PendingConnection | null {
  const parsed = Payload.safeParse(box.openJson(sealed));
  return parsed.success ? parsed.data : null;
}
