import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SimContext } from '../../context.ts';
import type { SimAccount } from '../../types.ts';
import { appOfCall, appSecretProofError } from './app-secret-proof.ts';
import { graphErrors, sendGraphError, type GraphErrorSpec } from './errors.ts';

/** One Graph request as the handlers see it: host, node id, edge, merged params, the token. */
export interface GraphCall {
  ctx: SimContext;
  req: FastifyRequest;
  reply: FastifyReply;
  /** graph.facebook.com or graph.instagram.com (Instagram Login, FACTS 3.3 path B). */
  host: 'facebook' | 'instagram';
  method: string;
  id: string;
  edge?: string;
  /** Query string and body merged; JSON-looking string values (form-encoded sends) decoded. */
  params: Record<string, unknown>;
  token?: string;
  /** A `window_closed` fault armed for this WhatsApp send: accept it, then fail it asynchronously. */
  forceWindowClosed?: boolean;
}

export const fail = (call: GraphCall, spec: GraphErrorSpec): FastifyReply => sendGraphError(call.reply, spec);
export const ok = (call: GraphCall, body: unknown): FastifyReply => call.reply.code(200).type('application/json; charset=UTF-8').send(body);

/** Graph takes the token as `access_token` (query or body) or `Authorization: Bearer|OAuth`. */
export function tokenOf(req: FastifyRequest, params: Record<string, unknown>): string | undefined {
  if (typeof params.access_token === 'string' && params.access_token) return params.access_token;
  const auth = req.headers.authorization;
  const match = typeof auth === 'string' ? /^(?:Bearer|OAuth)\s+(.+)$/i.exec(auth.trim()) : null;
  return match?.[1];
}

export function mergedParams(req: FastifyRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const add = (source: unknown): void => {
    if (!source || typeof source !== 'object' || Array.isArray(source)) return;
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) out[k] = decodeJsonString(v);
  };
  add(req.query);
  if (req.simBody && typeof req.simBody === 'object' && 'fields' in req.simBody && 'files' in req.simBody) add((req.simBody as { fields: unknown }).fields);
  else add(req.simBody);
  return out;
}

function decodeJsonString(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Authorise the call for `owners` (any of them): no token → 104, unknown token → 190, a token of
 * some other account → "does not exist or missing permissions" (100/33), a wrong appsecret_proof,
 * or none while the app requires one → 100 (app-secret-proof.ts).
 * Returns the owning account, or undefined when an error was sent.
 */
export function authorise(call: GraphCall, owners: SimAccount[]): SimAccount | undefined {
  const whatsapp = owners.some((a) => a.platform === 'whatsapp');
  if (!call.token) {
    fail(call, graphErrors.noToken());
    return undefined;
  }
  const owner = owners.find((a) => a.accessToken === call.token);
  if (!owner) {
    const known = call.ctx.accounts.byToken(call.token, ['messenger', 'instagram', 'whatsapp']).length > 0;
    fail(call, known ? graphErrors.unsupported(call.method, call.id) : graphErrors.badToken(whatsapp));
    return undefined;
  }
  const proofError = appSecretProofError(call.ctx, appOfCall(call.host, owner.platform), owner.accessToken, call.params);
  if (proofError) {
    fail(call, proofError);
    return undefined;
  }
  return owner;
}

/** Graph's time format: `2026-11-21T10:00:00+0000`. */
export const graphTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
