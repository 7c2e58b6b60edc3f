import type { FastifyReply } from 'fastify';
import type { AnsweringFault } from '../types.ts';

/**
 * Twilio REST errors (FACTS 5.5): HTTP 4xx/5xx with `{code, message, more_info, status}`.
 */
export interface TwilioError {
  status: number;
  code: number;
  message: string;
  detail?: string;
  headers?: Record<string, string>;
}

export function sendTwilioError(reply: FastifyReply, error: TwilioError): FastifyReply {
  for (const [k, v] of Object.entries(error.headers ?? {})) reply.header(k, v);
  const body: Record<string, unknown> = { code: error.code, message: error.message, more_info: `https://www.twilio.com/docs/errors/${error.code}`, status: error.status };
  if (error.detail) body.detail = error.detail;
  return reply.code(error.status).type('application/json; charset=utf-8').send(body);
}

export const twilioErrors = {
  noCredentials: (): TwilioError => ({
    status: 401,
    code: 20003,
    message: 'Authentication Error - No credentials provided',
    detail: 'Your AccountSid or AuthToken was incorrect.',
    headers: { 'www-authenticate': 'Basic realm="Twilio API"' },
  }),
  badCredentials: (): TwilioError => ({
    status: 401,
    code: 20003,
    message: 'Authentication Error - invalid username',
    detail: 'Your AccountSid or AuthToken was incorrect.',
    headers: { 'www-authenticate': 'Basic realm="Twilio API"' },
  }),
  notFound: (path: string): TwilioError => ({ status: 404, code: 20404, message: `The requested resource ${path} was not found` }),
  badRequest: (code: number, message: string): TwilioError => ({ status: 400, code, message }),
};

/**
 * Twilio's delivery failures a `platform_error` fault makes (PLATFORM_ERROR_FAULTS.twilio): the
 * send is accepted (201 queued), goes `sent`, then `undelivered` with the code on the
 * StatusCallback, as Twilio reports carrier failures. The titles are the error dictionary's
 * (twilio.com/docs/api/errors/<code>), shown as the Message resource's `error_message`.
 */
export const DELIVERY_ERRORS: Record<number, string> = {
  30003: 'Unreachable destination handset',
  30005: 'Unknown destination handset',
  30006: 'Landline or unreachable carrier',
  30007: 'Message filtered',
  30008: 'Unknown error',
};

export function twilioFault(kind: Exclude<AnsweringFault, 'window_closed' | 'platform_error'>, retryAfterSeconds: number): TwilioError {
  switch (kind) {
    case 'rate_limit':
      return { status: 429, code: 20429, message: 'Too Many Requests', headers: { 'retry-after': String(retryAfterSeconds) } };
    case 'server_error':
      return { status: 500, code: 20500, message: 'An internal server error has occurred' };
    case 'token_expired':
      return twilioErrors.badCredentials();
  }
}
