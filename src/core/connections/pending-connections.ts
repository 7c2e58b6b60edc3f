import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * A connect flow that finds several accounts (a person may manage many) lets the admin choose
 * which to connect on a page of snorq's own. Meanwhile what each candidate needs to be connected
 * (its tokens) waits here: sealed like channel credentials, bound to the session that started
 * the flow, for fifteen minutes, and taken exactly once. The picker renders only what the
 * platform's definition put here (`what`, each candidate's `name` and `hint`); `detail` is the
 * platform's own, read back by its `connect.oauth.chosen` with its own schema.
 */

export const PENDING_TTL_MS = 15 * 60_000;

const Candidate = z.object({
  /** What the admin ticks (the account id the channel will have). */
  id: z.string(),
  name: z.string(),
  /** A line under the name, e.g. where the account comes from. */
  hint: z.string().optional(),
  /** What the platform needs to connect this candidate (sealed; never rendered). */
  detail: z.record(z.string(), z.string()),
});
const Payload = z.object({
  platform: z.string(),
  /** What the candidates are, plural, for the page's heading ("accounts" when in doubt). */
  what: z.string(),
  candidates: z.array(Candidate),
});
export type PendingCandidate = z.infer<typeof Candidate>;
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
