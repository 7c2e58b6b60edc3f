import { z } from 'zod';
import type { PlatformFailure } from '../types.ts';
import type { OAuthClient } from '../http/oauth-client.ts';
import { graphJson, graphUrl } from './oauth.ts';

/** What the connect sections' `verify` answer: proven, or why not. */
export type Proof = { ok: true } | { ok: false; failure: PlatformFailure };

export const rejected = (reason: string): Proof => ({ ok: false, failure: { code: 'UNKNOWN_PLATFORM_ERROR', reason, retryable: false, platformCode: 'account_mismatch' } });

/** The platform answered for `answered`: proven when that is the account claimed. */
export const sameAccount = (answered: string, claimed: string, mismatch: string): Proof => (answered === claimed ? { ok: true } : rejected(mismatch));

const GraphNode = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });

/** `GET /{node}` (or `/me`) with the token: Graph answers only to a token with rights on it. */
export async function graphNodeId(client: OAuthClient, path: string, fields: string, token: string, product: 'messenger' | 'instagram' | 'whatsapp') {
  return graphJson(client, graphUrl(client, path, { fields }), { method: 'GET', headers: { authorization: `Bearer ${token}` } }, GraphNode, product);
}
