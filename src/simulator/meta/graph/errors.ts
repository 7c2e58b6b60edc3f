import type { FastifyReply } from 'fastify';
import { fbtraceId } from '../../ids.ts';
import type { AnsweringFault, SimAccount } from '../../types.ts';

/**
 * Graph API errors in Meta's envelope (FACTS 1.4): `{error:{message, type, code, error_subcode?,
 * error_data?, fbtrace_id}}`. Graph answers most errors, throttling included, with HTTP 400 (not
 * 429); WhatsApp answers token errors with 401. Always read `code`/`error_subcode`.
 */

export interface GraphErrorSpec {
  status?: number;
  message: string;
  code: number;
  subcode?: number;
  type?: string;
  /** WhatsApp puts `{messaging_product, details}` here. */
  details?: string;
  whatsapp?: boolean;
  userTitle?: string;
  userMsg?: string;
  isTransient?: boolean;
  headers?: Record<string, string>;
}

export function graphErrorBody(spec: GraphErrorSpec): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { message: spec.message, type: spec.type ?? 'OAuthException', code: spec.code };
  if (spec.subcode !== undefined) error.error_subcode = spec.subcode;
  if (spec.isTransient !== undefined) error.is_transient = spec.isTransient;
  if (spec.userTitle) error.error_user_title = spec.userTitle;
  if (spec.userMsg) error.error_user_msg = spec.userMsg;
  if (spec.whatsapp) error.error_data = { messaging_product: 'whatsapp', details: spec.details ?? spec.message };
  else if (spec.details !== undefined) error.error_data = { details: spec.details };
  error.fbtrace_id = fbtraceId();
  return { error };
}

export function sendGraphError(reply: FastifyReply, spec: GraphErrorSpec): FastifyReply {
  for (const [k, v] of Object.entries(spec.headers ?? {})) reply.header(k, v);
  if (spec.code === 190 || spec.code === 104) reply.header('www-authenticate', `OAuth "Facebook Platform" "invalid_token" "${spec.message.replace(/"/g, "'")}"`);
  return reply
    .code(spec.status ?? 400)
    .type('application/json; charset=UTF-8')
    .send(graphErrorBody(spec));
}

export const graphErrors = {
  noToken: (): GraphErrorSpec => ({ code: 104, message: 'An access token is required to request this resource.' }),
  badToken: (whatsapp: boolean): GraphErrorSpec => ({ status: whatsapp ? 401 : 400, code: 190, message: 'Invalid OAuth access token - Cannot parse access token' }),
  expiredToken: (whatsapp: boolean, now: number): GraphErrorSpec => ({
    status: whatsapp ? 401 : 400,
    code: 190,
    subcode: 463,
    message: `Error validating access token: Session has expired on ${fbDate(now - 3600_000)}. The current time is ${fbDate(now)}.`,
  }),
  unsupported: (method: string, id: string): GraphErrorSpec => ({
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  }),
  unknownPath: (path: string): GraphErrorSpec => ({ code: 2500, message: `Unknown path components: ${path}` }),
  param: (message: string, extra: Partial<GraphErrorSpec> = {}): GraphErrorSpec => ({ code: 100, message: `(#100) ${message}`, ...extra }),
  nonexistingField: (field: string, nodeType: string): GraphErrorSpec => ({ code: 100, message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` }),
};

/**
 * Meta's refusals a `platform_error` fault makes, in Meta's words (the Messenger Platform's
 * "Common Error Codes" and send-API error table; the Graph API's code list for 10 and 368; FACTS
 * 2.3, 3.3). Permission refusals come with HTTP 403, as graph.instagram.com's IGApiException does.
 */
const REFUSALS: Record<string, (account: SimAccount) => GraphErrorSpec> = {
  '551': () => ({ code: 551, subcode: 1545041, message: "(#551) This person isn't available right now.", userTitle: 'Message Not Sent', userMsg: "This person isn't available right now." }),
  '10': () => ({ status: 403, code: 10, message: '(#10) Application does not have permission for this action' }),
  '10/2018065': () => ({
    status: 403,
    code: 10,
    subcode: 2018065,
    message: '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
  }),
  '10/2018108': () => ({
    status: 403,
    code: 10,
    subcode: 2018108,
    message: '(#10) This message is sent outside of allowed window. You need News Messaging permission to be able to send this message.',
  }),
  '10/2534022': () => ({ status: 403, code: 10, subcode: 2534022, type: 'IGApiException', message: 'This message is sent outside of allowed window.' }),
  '200': () => ({ status: 403, code: 200, message: "(#200) The user hasn't authorized the application to perform this action" }),
  '200/2018028': () => ({
    status: 403,
    code: 200,
    subcode: 2018028,
    message: '(#200) Cannot message users who are not admins, developers or testers of the app until pages_messaging permission is reviewed and the app is live.',
  }),
  '2/2018344': () => ({
    code: 2,
    subcode: 2018344,
    isTransient: false,
    message: 'Service temporarily unavailable',
    userTitle: 'Privacy ToS not accepted',
    userMsg: 'To use this API, a Page admin needs to accept the privacy ToS for messaging.',
  }),
  '368': (account) =>
    account.platform === 'whatsapp'
      ? { code: 368, message: '(#368) Temporarily blocked for policies violations', details: 'Temporarily blocked for policies violations', whatsapp: true }
      : { code: 368, message: '(#368) The action attempted has been deemed abusive or is otherwise disallowed' },
};

/** The refusals each Meta product makes on demand (its SimulatedPlatform's `errorFaults`). */
export const META_ERROR_FAULTS = {
  messenger: ['551', '10', '10/2018065', '10/2018108', '200', '200/2018028', '2/2018344', '368'],
  instagram: ['551', '10', '10/2534022', '200', '368'],
  whatsapp: ['10', '200', '368'],
} as const;

/** The error a fault produces on a Meta product; `code` names a `platform_error`'s refusal. */
export function graphFault(kind: AnsweringFault, account: SimAccount, retryAfterSeconds: number, now: number, code = ''): GraphErrorSpec {
  const whatsapp = account.platform === 'whatsapp';
  switch (kind) {
    case 'platform_error': {
      const refusal = REFUSALS[code];
      if (!refusal) throw new Error(`simulator: no Meta refusal ${code}`);
      return refusal(account);
    }
    case 'token_expired':
      return graphErrors.expiredToken(whatsapp, now);
    case 'server_error':
      return whatsapp
        ? { status: 500, code: 131000, message: '(#131000) Something went wrong', details: 'Something went wrong. Please try again later.', whatsapp: true }
        : { status: 500, code: 2, isTransient: true, message: 'An unexpected error has occurred. Please retry your request later.' };
    case 'rate_limit':
      return { ...throttle(account), headers: usageHeaders(account, retryAfterSeconds, 100) };
    case 'window_closed':
      return windowClosed(account);
  }
}

function throttle(account: SimAccount): GraphErrorSpec {
  if (account.platform === 'whatsapp') return { code: 130429, message: '(#130429) Rate limit hit', details: 'Cloud API message throughput has been reached.', whatsapp: true };
  if (account.platform === 'instagram')
    return {
      code: 80002,
      message:
        '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.',
    };
  return { code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' };
}

/** Messenger 10/2018278, Instagram 10/2534022 (FACTS 2.3, 3.3). WhatsApp fails asynchronously instead. */
export function windowClosed(account: SimAccount): GraphErrorSpec {
  return account.platform === 'instagram'
    ? {
        code: 10,
        subcode: 2534022,
        message: '(#10) This message is sent outside of allowed window.',
        userTitle: 'Message Not Sent',
        userMsg: 'This message was not sent because it is outside of the allowed window.',
      }
    : {
        code: 10,
        subcode: 2018278,
        message: '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
      };
}

/** X-App-Usage and X-Business-Use-Case-Usage; `estimated_time_to_regain_access` is in minutes (FACTS 1.4). */
export function usageHeaders(account: SimAccount, retryAfterSeconds: number, percent: number): Record<string, string> {
  const type = account.platform === 'whatsapp' ? 'whatsapp_business_management' : account.platform === 'instagram' ? 'instagram' : 'messenger';
  const usage = { type, call_count: percent, total_cputime: Math.min(percent, 25), total_time: Math.min(percent, 25), estimated_time_to_regain_access: Math.round(retryAfterSeconds / 60) };
  return {
    'x-app-usage': JSON.stringify({ call_count: percent, total_cputime: Math.min(percent, 25), total_time: Math.min(percent, 25) }),
    'x-business-use-case-usage': JSON.stringify({ [account.accountId]: [usage] }),
  };
}

function fbDate(ms: number): string {
  const d = new Date(ms);
  const day = d.toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  const dd = String(d.getUTCDate()).padStart(2, '0');
  const mon = d.toLocaleDateString('en-US', { month: 'short', timeZone: 'UTC' });
  const yy = String(d.getUTCFullYear()).slice(2);
  return `${day}, ${dd}-${mon}-${yy} ${d.toISOString().slice(11, 19)} UTC`;
}
