import type { FastifyReply } from 'fastify';
import { tiktokRequestId } from './ids.ts';
import type { AnsweringFault } from '../types.ts';

/**
 * TikTok API for Business answers HTTP 200 with `{code, message, request_id, data}`; a non-zero
 * `code` is an error (FACTS 6.3). Codes: 40001 no permission, 40002 parameter error, 40007 not
 * found, 40064 messaging rules (window / cap), 40100 rate limited, 40104 empty token, 40105
 * invalid or expired token, 51065 system error.
 */
export const envelope = (reply: FastifyReply, code: number, message: string, data: unknown = {}): FastifyReply =>
  reply.code(200).type('application/json').send({ code, message, request_id: tiktokRequestId(), data });

export const okEnvelope = (reply: FastifyReply, data: unknown): FastifyReply => envelope(reply, 0, 'OK', data);

export const tiktokErrors = {
  emptyToken: { code: 40104, message: 'Access token is null, please check.' },
  badToken: { code: 40105, message: 'Access token is invalid or expired' },
  noPermission: (businessId: string) => ({ code: 40001, message: `No permission to operate business_id ${businessId}.` }),
  param: (message: string) => ({ code: 40002, message }),
  notFound: (message: string) => ({ code: 40007, message }),
  windowClosed: { code: 40064, message: 'The message could not be sent: the 48-hour reply window has expired. Wait for the user to send a new message.' },
  capReached: { code: 40064, message: 'The message could not be sent: the limit of 10 messages per 48-hour reply window has been reached. Wait for the user to reply.' },
};

/** `businessId` words a `platform_error` 40001 as TikTok does (the one refusal it can make). */
export function tiktokFault(kind: AnsweringFault, businessId: string): { code: number; message: string } {
  switch (kind) {
    case 'platform_error':
      return tiktokErrors.noPermission(businessId);
    case 'rate_limit':
      return { code: 40100, message: 'Too many requests. Please retry in some time.' };
    case 'server_error':
      return { code: 51065, message: 'System error, please try again later.' };
    case 'token_expired':
      return tiktokErrors.badToken;
    case 'window_closed':
      return tiktokErrors.windowClosed;
  }
}
