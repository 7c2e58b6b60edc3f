import { z } from 'zod';
import { parseJson, platformEvidence, unreadable, type Failed } from '../http/outcome.ts';
import { readText, retryAfterHeader, timedFetch } from '../http/timed-fetch.ts';
import type { PlatformCallContext, PlatformFailure } from '../types.ts';
import { addAppSecretProof } from './app-secret-proof.ts';
import { prefixWithin } from '../../text/cut-text.ts';

/**
 * The one way snorq calls Meta's Graph API (Messenger, Instagram, WhatsApp Cloud): base URL and
 * version from the call context (the simulator stands in by changing `urls` only; the version is
 * pinned once, in config META_GRAPH_VERSION, FACTS 1.5), a timeout on every call, and every Graph
 * error turned into a PlatformFailure value (FACTS 1.4), and `appsecret_proof` on every call when
 * the app's secret is known (app-secret-proof.ts). Never throws for a platform or network
 * problem; never puts a token in a reason. The transport and the outcome values every platform
 * shares are in ../http/.
 */

export type MetaProduct = 'messenger' | 'instagram' | 'whatsapp';

export interface GraphRequest {
  /** Whose wording the agent sees for a closed window (FACTS 2.4, 3.4, 4.4). */
  product: MetaProduct;
  /** graph.facebook.com (default) or graph.instagram.com (Instagram Login, FACTS 3.3 path B). */
  host?: 'metaGraph' | 'instagramGraph';
  method: 'GET' | 'POST';
  /** After the version, starting with `/`; ids are encoded by the caller with `graphPath`. */
  path: string;
  token: string;
  /** Messenger/Instagram docs pass the token as `access_token` (FACTS 2.3, 3.3); WhatsApp uses Bearer (4.3). */
  auth: 'query' | 'bearer';
  query?: Record<string, string>;
  json?: unknown;
  form?: FormData;
}

export type GraphResponse = { ok: true; body: unknown } | Failed;

/** `/a/b` from raw ids, each encoded (PSIDs are digits, but a media id or a BSUID need not be). */
export const graphPath = (...segments: string[]): string => segments.map((s) => `/${encodeURIComponent(s)}`).join('');

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export async function graphRequest(call: PlatformCallContext, req: GraphRequest): Promise<GraphResponse> {
  const host = req.host ?? 'metaGraph';
  const base = trimSlash(call.urls[host]);
  const url = new URL(`${base}/${call.urls.metaGraphVersion}${req.path}`);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, v);
  // Bearer or query, the proof always travels in the query string (Meta reads it there).
  addAppSecretProof(url, req.token, call.appSecrets?.[host]);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (req.auth === 'query') url.searchParams.set('access_token', req.token);
  else headers.authorization = `Bearer ${req.token}`;
  let body: string | FormData | undefined;
  if (req.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(req.json);
  } else if (req.form) {
    body = req.form; // fetch sets the multipart boundary itself
  }
  const sent = await timedFetch(call, url, { method: req.method, headers, body }, 'Meta');
  if (!sent.ok) return sent;
  const text = await readText(sent.res, call, 'Meta');
  if (!text.ok) return text;
  const json = parseJson(text.value);
  if (sent.res.ok && json !== undefined) return { ok: true, body: json };
  if (sent.res.ok) return { ok: false, failure: unreadable('Meta', sent.res.status) };
  return { ok: false, failure: graphFailure(sent.res.status, json, sent.res.headers, req.product) };
}

/**
 * Meta's own hint: X-Business-Use-Case-Usage is `{ "<id>": [{ ..., "estimated_time_to_regain_access": <minutes> }] }`
 * (FACTS 1.4). The longest wait over all entries wins.
 */
function bucRetryAfterMs(headers: Headers): number | undefined {
  const raw = headers.get('x-business-use-case-usage');
  const parsed = z.record(z.string(), z.array(z.looseObject({ estimated_time_to_regain_access: z.number().optional() }))).safeParse(raw ? parseJson(raw) : undefined);
  if (!parsed.success) return undefined;
  const minutes = Math.max(
    0,
    ...Object.values(parsed.data)
      .flat()
      .map((u) => u.estimated_time_to_regain_access ?? 0),
  );
  return minutes > 0 ? minutes * 60_000 : undefined;
}

// ---------------------------------------------------------------------------------------------
// Graph error → PlatformFailure (FACTS 1.4, 2.3, 3.3, 4.3)

const intLike = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const GraphErrorSchema = z.looseObject({
  error: z.looseObject({
    message: z.string().optional(),
    code: intLike.optional(),
    error_subcode: intLike.optional(),
    error_user_msg: z.string().optional(),
    error_data: z.looseObject({ details: z.string().optional() }).optional(),
  }),
});

const THROTTLING = new Set([4, 17, 32, 613, 80001, 80002, 80006, 80007, 130429, 131056, 131048]);
/**
 * Outside the allowed window (FACTS 2.3, 3.3): Messenger 10/2018278 and 10/2018065 ("This message is
 * sent outside of allowed window"), 10/2018108 (the same words, "You need … permission" to send it
 * there: Meta's send-API error table lists it among the window refusals; as 200/2018108, FACTS 2.3's
 * "recipient not a tester", it is the app that is not live), Instagram 10/2534022.
 */
const WINDOW_SUBCODES = new Set([2018278, 2018065, 2534022]);
/** Meta's "Cannot message users who are not admins, developers or testers of the app until pages_messaging (…_phone_number) permission is reviewed and the app is live" (200/2018028, 2018027). */
const APP_NOT_LIVE_SUBCODES = new Set([2018027, 2018028, 2018108]);
/** Meta's "no matching user": 100/2018001 (FACTS 1.4 example), Instagram 9010 (FACTS 3.3). */
const NO_SUCH_USER_SUBCODES = new Set([2018001]);

const WINDOW_HINT: Record<MetaProduct, string> = {
  messenger: 'reply with the Human Agent tag (up to 7 days) or wait for the customer to write',
  instagram: 'reply with the Human Agent tag (up to 7 days) or wait for the customer to write',
  whatsapp: 'send an approved template instead',
};

const TEMPLATE_REASONS: Record<number, string> = {
  132000: "The number of template variables doesn't match the template.",
  132001: "The template doesn't exist in this language (or isn't approved yet).",
  132012: "A template variable doesn't have the format the template expects.",
  132015: 'The template is paused because of low quality.',
  132016: 'The template has been disabled.',
};

/** Map a non-2xx Graph answer; `body` is the parsed JSON (or undefined when it wasn't JSON). */
export function graphFailure(status: number, body: unknown, headers: Headers, product: MetaProduct): PlatformFailure {
  const parsed = GraphErrorSchema.safeParse(body);
  const err = parsed.success ? parsed.data.error : undefined;
  const code = err?.code;
  const sub = err?.error_subcode;
  const platformCode = code === undefined ? `http_${status}` : sub === undefined ? String(code) : `${code}/${sub}`;
  // Meta's own sentence, for errors we have no sentence of ours for; bounded, it ends up in the UI.
  const said = cutOptional(err?.error_user_msg ?? err?.error_data?.details ?? err?.message, 300);
  const evidence = platformEvidence(platformCode.startsWith('http_') ? undefined : platformCode, cutOptional([err?.message, err?.error_data?.details].filter(Boolean).join(': '), 400));
  const fail = (f: Omit<PlatformFailure, 'platformCode'>): PlatformFailure => ({ ...f, platformCode, ...evidence });
  const retryAfterMs = retryAfterHeader(headers) ?? bucRetryAfterMs(headers);
  const later = retryAfterMs === undefined ? {} : { retryAfterMs };
  const windowClosed = `The customer's 24-hour reply window has closed; ${WINDOW_HINT[product]}.`;

  const proof = appSecretProofRefusal(code, err?.message);
  if (proof) return fail({ code: 'APP_SECRET_PROOF_REFUSED', reason: proof, retryable: false });
  if (code === 190) {
    return fail({ code: 'TOKEN_EXPIRED', reason: "Meta rejected the channel's access token (expired or revoked); reconnect the channel.", retryable: false, tokenInvalid: true });
  }
  if ((code !== undefined && THROTTLING.has(code)) || (code === undefined && status === 429)) {
    const reason = code === 131056 ? 'Too many messages to this customer in a short time (WhatsApp pair rate limit).' : 'Meta is rate-limiting this account.';
    return fail({ code: 'RATE_LIMITED', reason, retryable: true, ...later });
  }
  if (code === 131047 || (sub !== undefined && WINDOW_SUBCODES.has(sub)) || (code === 10 && sub === 2018108) || (code === 10 && /outside of (the )?allowed window/i.test(err?.message ?? said ?? ''))) {
    return fail({ code: 'WINDOW_CLOSED', reason: windowClosed, retryable: false });
  }
  const policy = policyRefusal(code, sub);
  if (policy) return fail(policy);
  if (code === 551 || sub === 1545041) {
    return fail({ code: 'RECIPIENT_BLOCKED', reason: "This person isn't available right now (they blocked the account, deactivated it or turned messages off).", retryable: false });
  }
  if (code === 9010 || (code === 100 && sub !== undefined && NO_SUCH_USER_SUBCODES.has(sub))) {
    return fail({ code: 'INVALID_RECIPIENT', reason: 'Meta found no matching user for this conversation.', retryable: false });
  }
  if (code === 131030) {
    // FACTS 4.3: a WhatsApp test number may only message the numbers on its allowed list.
    return fail({ code: 'INVALID_RECIPIENT', reason: "The app can't message this number yet (development mode: add it to the allowed list).", retryable: false });
  }
  // Code 10 is also other refusals in Meta's words (Instagram's "The access token must be at least 24 hours old to be refreshed"): only its permission sentence is a permission.
  if ((code === 10 && /permission/i.test(err?.message ?? '')) || (code !== undefined && code >= 200 && code <= 299)) {
    return fail({ code: 'PERMISSION_MISSING', reason: permissionReason(code, sub, said), retryable: false });
  }
  if (code === 131026) {
    return fail({
      code: 'INVALID_RECIPIENT',
      reason: "WhatsApp couldn't deliver to this number (not on WhatsApp, an outdated app, terms not accepted, or they blocked the business).",
      retryable: false,
    });
  }
  if (code !== undefined && code >= 132000 && code <= 132999) {
    return fail({ code: 'TEMPLATE_INVALID', reason: TEMPLATE_REASONS[code] ?? `WhatsApp rejected the template${said ? `: ${said}` : '.'}`, retryable: false });
  }
  if (code === 131052 || code === 131053) {
    return fail({ code: 'MEDIA_UPLOAD_FAILED', reason: `WhatsApp couldn't fetch or process the attachment${said ? `: ${said}` : '.'}`, retryable: false });
  }
  if (code === 1 || code === 2 || code === 131000 || status >= 500) {
    return fail({ code: 'PLATFORM_UNAVAILABLE', reason: `Meta had a temporary problem (HTTP ${status}).`, retryable: true, ...later });
  }
  if (code === undefined && status === 401) {
    return fail({ code: 'TOKEN_EXPIRED', reason: "Meta refused the channel's credentials (HTTP 401); reconnect the channel.", retryable: false, tokenInvalid: true });
  }
  return fail({ code: 'UNKNOWN_PLATFORM_ERROR', reason: `Meta rejected the request${said ? `: ${said}` : ` (HTTP ${status}).`}`, retryable: false });
}

/**
 * The business account may not send for now (FACTS 2.3; Meta's send-API error table): 2/2018344
 * "Privacy ToS not accepted" (a Page admin must accept them; without the subcode, code 2 is a
 * temporary failure), 10/1893063 the Page temporarily restricted from sending, 368 "temporarily
 * blocked for policies violations". Not the token's fault: the channel is not sent to reconnect.
 */
function policyRefusal(code: number | undefined, sub: number | undefined): Omit<PlatformFailure, 'platformCode'> | undefined {
  if (code === 2 && sub === 2018344) return { code: 'ACCOUNT_RESTRICTED', reason: "Meta refuses this until a Page admin accepts Meta's privacy terms for the Page's messaging.", retryable: false };
  if (code === 10 && sub === 1893063) return { code: 'ACCOUNT_RESTRICTED', reason: 'Meta has temporarily restricted this Page from sending messages.', retryable: false };
  if (code === 368) return { code: 'ACCOUNT_RESTRICTED', reason: 'Meta has temporarily blocked this account from sending for a policy violation.', retryable: false };
  return undefined;
}

/** Code 10 (no window words) and 200–299: the app or its token lacks a permission, or the app is not live for this person. */
function permissionReason(code: number, sub: number | undefined, said: string | undefined): string {
  if (code === 200 && sub !== undefined && APP_NOT_LIVE_SUBCODES.has(sub)) {
    return "The app can't message this person yet: until Meta has reviewed its messaging permission and the app is live, it may message only its admins, developers and testers.";
  }
  return `The connection lacks a permission Meta requires for this; reconnect the channel and grant every permission it asks for${said ? ` (Meta: ${said})` : ''}.`;
}

/**
 * Code 100 with Meta's own sentence (FACTS 2.3): "API calls from the server require an
 * appsecret_proof argument" when the app has "Require App Secret" on and no proof came, "Invalid
 * appsecret_proof provided in the API argument" when the proof was made with another secret. Not
 * the token's fault, so the channel is not sent to reconnect: the server's configuration is.
 */
function appSecretProofRefusal(code: number | undefined, message: string | undefined): string | undefined {
  if (code !== 100 || !message || !/appsecret_proof/i.test(message)) return undefined;
  return /invalid/i.test(message)
    ? "Meta refused the call's appsecret_proof: the app secret snorq has is not the secret of the app this channel's token belongs to (check FACEBOOK_APP_SECRET, INSTAGRAM_APP_SECRET or WHATSAPP_APP_SECRET)."
    : 'Meta requires an appsecret_proof on every call (the app\'s "Require App Secret" setting), and snorq has no app secret for this channel: set the app\'s secret (FACEBOOK_APP_SECRET, INSTAGRAM_APP_SECRET or WHATSAPP_APP_SECRET) or turn the setting off.';
}

/** A platform's words, shortened between characters (they end up in JSON the event log stores). */
const cutOptional = (text: string | undefined, max: number): string | undefined => (text === undefined ? undefined : prefixWithin(text, max));
