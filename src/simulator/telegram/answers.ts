import type { FastifyReply } from 'fastify';

/**
 * The Bot API's answers, exactly as Telegram writes them (https://core.telegram.org/bots/api#making-requests):
 * `{"ok":true,"result":…}` (setWebhook and friends add a `description`), or
 * `{"ok":false,"error_code":<HTTP status>,"description":"…"}` with the same HTTP status, and
 * `parameters` where Telegram gives them (`retry_after` on 429).
 */
export function ok(reply: FastifyReply, result: unknown, description?: string): FastifyReply {
  return reply
    .code(200)
    .type('application/json')
    .send({ ok: true, result, ...(description !== undefined && { description }) });
}

export function refuse(reply: FastifyReply, status: number, description: string, parameters?: Record<string, unknown>): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send({ ok: false, error_code: status, description, ...(parameters && { parameters }) });
}

/** Telegram's own wording for what it refuses. */
export const REFUSALS = {
  unauthorized: [401, 'Unauthorized'],
  notFound: [404, 'Not Found'],
  chatNotFound: [400, 'Bad Request: chat not found'],
  chatIdEmpty: [400, 'Bad Request: chat_id is empty'],
  textEmpty: [400, 'Bad Request: message text is empty'],
  textTooLong: [400, 'Bad Request: message is too long'],
  captionTooLong: [400, 'Bad Request: message caption is too long'],
  replyNotFound: [400, 'Bad Request: message to be replied not found'],
  wrongFile: [400, 'Bad Request: wrong file identifier/HTTP URL specified'],
  urlUnreachable: [400, 'Bad Request: failed to get HTTP URL content'],
  fileTooBig: [400, 'Bad Request: file is too big'],
  blocked: [403, 'Forbidden: bot was blocked by the user'],
  /** The person deleted their account (nyaruka/courier and bots' logs quote it). */
  deactivated: [403, 'Forbidden: user is deactivated'],
  /** A person who never started the bot. */
  cantInitiate: [403, "Forbidden: bot can't initiate conversation with a user"],
  httpsRequired: [400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook'],
  badSecret: [400, 'Bad Request: secret token contains unallowed characters'],
  secretTooLong: [400, 'Bad Request: secret token is too long'],
  /** The upload limit is the front server's (50 MB a request), before the Bot API reads anything. */
  requestTooLarge: [413, 'Request Entity Too Large'],
  /** A photo over 10 MB, as Telegram's servers name it (MTProto's error, passed through). */
  photoTooBig: [400, 'Bad Request: PHOTO_SAVE_FILE_INVALID'],
  emptyFile: [400, 'Bad Request: file must be non-empty'],
  /** A URL whose content is not what the method sends (sendVoice given anything but OGG/Opus, MP3 or M4A). */
  wrongContentType: [400, 'Bad Request: wrong type of the web page content'],
  badAllowedUpdates: [400, "Bad Request: can't parse allowed updates"],
  badReplyParameters: [400, "Bad Request: can't parse reply parameters JSON object"],
} as const satisfies Record<string, readonly [number, string]>;

export type Refusal = readonly [number, string];

/** A `platform_error` fault's refusals by a short name (the platform's `errorFaults`), as the Bot API words them. */
export const PLATFORM_ERRORS = { blocked: REFUSALS.blocked, deactivated: REFUSALS.deactivated, cant_initiate: REFUSALS.cantInitiate, chat_not_found: REFUSALS.chatNotFound } as const;

export function refuseWith(reply: FastifyReply, refusal: Refusal): FastifyReply {
  return refuse(reply, refusal[0], refusal[1]);
}
