import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import type { Principal } from '../accounts/auth-tokens.ts';

/**
 * The OAuth `state` parameter: `<payload>.<mac>`, both base64url. The payload names the flow, the
 * organisation and the admin's session token that started it, a random nonce and an expiry; the
 * MAC is HMAC-SHA256 with a key derived from SNORQ_SECRET_KEY by HKDF under a label of its own
 * (as src/core/media/signed-media-url.ts does), so the key that seals tokens signs nothing else.
 *
 * A callback is accepted only when the MAC verifies, the state is unexpired, it was issued for this
 * flow, the request carries the same session, and its nonce has never been spent (oauth_nonces:
 * the insert is the check, so two callbacks racing with one state cannot both pass).
 */

/** Ten minutes: long enough to read a consent page, short enough that a leaked URL soon dies. */
export const OAUTH_STATE_TTL_SECONDS = 600;

const LABEL = 'snorq oauth state v1';

const Claims = z.object({
  /** The flow: messenger | instagram | whatsapp | tiktok | twilio. */
  p: z.string().min(1).max(20),
  /** Instagram: 'facebook' (through a Page) or 'instagram' (Instagram Login). */
  v: z.string().max(20).optional(),
  o: z.number().int().positive(),
  s: z.number().int().positive(),
  n: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  e: z.number().int().positive(),
});
export type StateClaims = z.infer<typeof Claims>;

export type StateVerdict = { ok: true; claims: StateClaims } | { ok: false; reason: 'malformed' | 'forged' | 'expired' };

export interface OAuthStateSigner {
  issue(flow: { platform: string; via?: string; organizationId: number; tokenId: number }, nowMs?: number): string;
  /** MAC and expiry only; `acceptState` adds the binding and single-use checks. */
  verify(state: unknown, nowMs?: number): StateVerdict;
}

export function createOAuthStateSigner(secretKey: Buffer, ttlSeconds = OAUTH_STATE_TTL_SECONDS): OAuthStateSigner {
  if (secretKey.length < 32) throw new Error('the OAuth state key must come from a 32-byte secret');
  const key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), LABEL, 32));
  const mac = (payload: string) => createHmac('sha256', key).update(payload).digest();
  return {
    issue({ platform, via, organizationId, tokenId }, nowMs = Date.now()) {
      const claims: StateClaims = { p: platform, ...(via && { v: via }), o: organizationId, s: tokenId, n: randomBytes(18).toString('base64url'), e: Math.floor(nowMs / 1000) + ttlSeconds };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${mac(payload).toString('base64url')}`;
    },
    verify(state, nowMs = Date.now()) {
      // Platforms hand state back verbatim; anything longer or odder than ours is not ours.
      if (typeof state !== 'string' || state.length > 400 || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/.test(state)) return { ok: false, reason: 'malformed' };
      const [payload = '', sig = ''] = state.split('.');
      const given = Buffer.from(sig, 'base64url');
      // Both 32 bytes (the regex fixes 43 base64url characters), as timingSafeEqual demands.
      if (given.length !== 32 || !timingSafeEqual(given, mac(payload))) return { ok: false, reason: 'forged' };
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      const claims = Claims.safeParse(json);
      if (!claims.success) return { ok: false, reason: 'malformed' };
      if (claims.data.e * 1000 < nowMs) return { ok: false, reason: 'expired' };
      return { ok: true, claims: claims.data };
    },
  };
}

export type StateRefusal = 'malformed' | 'forged' | 'expired' | 'wrong_flow' | 'other_session' | 'replayed';
export type AcceptedState = { ok: true; claims: StateClaims } | { ok: false; reason: StateRefusal };

/** What the admin reads when a state is refused; nothing was created in any of these cases. */
export const STATE_REFUSALS: Record<StateRefusal, string> = {
  malformed: 'This link did not come from a connection snorq started (its state is missing or damaged).',
  forged: 'This link did not come from a connection snorq started (its state does not verify).',
  expired: 'This connection attempt has expired: they last ten minutes. Start again from Settings → Channels.',
  wrong_flow: 'This link belongs to a different platform’s connection.',
  other_session: 'This connection was started in another sign-in session or organisation. Start it again from this browser.',
  replayed: 'This connection link has already been used. Start again from Settings → Channels.',
};

/**
 * Verify a state handed back by a platform for `platform`, bound to `principal`'s session, and
 * spend its nonce. Spending comes last, so a link opened in the wrong session is not used up.
 */
export async function acceptState(db: Db, signer: OAuthStateSigner, state: unknown, platform: string, principal: Principal | null, nowMs = Date.now()): Promise<AcceptedState> {
  const verdict = signer.verify(state, nowMs);
  if (!verdict.ok) return verdict;
  const { claims } = verdict;
  if (claims.p !== platform) return { ok: false, reason: 'wrong_flow' };
  if (!principal || principal.tokenId !== claims.s || principal.organizationId !== claims.o || principal.role !== 'admin') return { ok: false, reason: 'other_session' };
  const spent = await db
    .insertInto('oauth_nonces')
    .values({ nonce: claims.n, expires_at: new Date(claims.e * 1000) })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst();
  return spent ? { ok: true, claims } : { ok: false, reason: 'replayed' };
}

/**
 * Forget spent nonces whose states have expired anyway (an expired state is refused before its
 * nonce is looked at) and pending page choices nobody finished.
 */
export async function sweepOAuthLeftovers(db: Db): Promise<void> {
  await db
    .deleteFrom('oauth_nonces')
    .where('expires_at', '<', sql<Date>`now() - interval '1 minute'`)
    .execute();
  await db
    .deleteFrom('oauth_pending')
    .where('expires_at', '<', sql<Date>`now()`)
    .execute();
}
