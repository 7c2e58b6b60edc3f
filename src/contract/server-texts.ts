import { z } from 'zod';
import { PLATFORM_ERROR_CODES, type PlatformErrorCode } from '../channels/types.ts';

/**
 * Texts the server writes for people (a sync note, a channel's health warning, …) travel as a
 * code and its parameters beside the English sentence: the web app shows the code's text in the
 * reader's language (web/src/i18n/locales/<language>/server-texts.json, keyed by the code), API
 * users keep reading the sentence. Each list below is every code of its kind the server sends;
 * test/web/server-texts.test.ts holds the web app's catalogue to them in every language.
 *
 * Parameters: `count` chooses a plural form; a name ending in `At` is an ISO timestamp the web
 * app writes as a date and time of the reader's language; `platform` is the platform's own name.
 */
export const TextParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type TextParams = z.infer<typeof TextParamsSchema>;

export const SYNC_TEXT_CODES = [
  'sync.noHistory',
  'sync.needsReconnect',
  'sync.needsReconnectBecause',
  'sync.deferred',
  'sync.deferredBecause',
  'sync.nextAttempt',
  'sync.noCredentials',
  'sync.readerFailed',
  'sync.crashed',
] as const;

/** A platform's failure by the code every adapter maps onto (src/channels/types.ts). */
export const PLATFORM_FAILURE_TEXT_CODES = Object.keys(PLATFORM_ERROR_CODES).map((c) => `platformError.${c}` as `platformError.${PlatformErrorCode}`);

export const HEALTH_TEXT_CODES = [
  'health.needsReconnect',
  'health.needsReconnectBecause',
  'health.error',
  'health.errorBecause',
  'health.disconnected',
  'health.tokenExpired',
  'health.tokenExpiresSoon',
  'health.subscriptionMissing',
  'health.subscriptionMissingBecause',
  'health.quiet',
  'health.sendsFailing',
] as const;

/** One text as a code and its parameters, the code typed as one of `codes`. */
export function codedText<const C extends string>(codes: readonly C[], description: string) {
  return z.object({ code: z.enum(codes as [C, ...C[]]), params: TextParamsSchema.optional() }).describe(description);
}
export interface CodedText<C extends string = string> {
  code: C;
  params?: TextParams;
}

export const SyncTextSchema = codedText([...SYNC_TEXT_CODES, ...PLATFORM_FAILURE_TEXT_CODES], 'the note or error as a code and parameters, for a text in the reader’s language');
export const HealthTextSchema = codedText(HEALTH_TEXT_CODES, 'a warning as a code and parameters, for a text in the reader’s language');

/**
 * Why one field of a refused request is not valid (`details.issues[].code` of a VALIDATION_FAILED,
 * src/server/plugins/field-reasons.ts). Parameters: `count` (characters or items), `min`, `max`, `values`, `keys`.
 */
export const FIELD_TEXT_CODES = [
  'field.required',
  'field.empty',
  'field.wrongType',
  'field.tooShort',
  'field.tooLong',
  'field.tooSmall',
  'field.tooLarge',
  'field.tooFewItems',
  'field.tooManyItems',
  'field.email',
  'field.url',
  'field.date',
  'field.format',
  'field.oneOf',
  'field.unknownKeys',
  'field.invalid',
] as const;
export type FieldTextCode = (typeof FIELD_TEXT_CODES)[number];

/**
 * A refusal's finer reason (`details.reason`) where its code alone would lose what matters to
 * the reader (a FORBIDDEN that is a wrong current password, a CONFLICT that is a taken name); its
 * parameters are the other details. The web app's text is `refusal.<reason>`. A detail named
 * `<name>Text` (a coded text) or `<name>Texts` (a list of them) fills the parameter `<name>` with
 * its text in the reader's language (web/src/api/error-text.ts).
 */
export const REFUSAL_REASONS = [
  'WRONG_CURRENT_PASSWORD',
  'WRONG_EMAIL_OR_PASSWORD',
  'ADMIN_ONLY',
  'CANNOT_DISABLE_SELF',
  'LABEL_NAME_TAKEN',
  'SHORTCUT_TAKEN',
  'EMAIL_TAKEN',
  'ATTRIBUTE_KEY_TAKEN',
  'NEW_LABEL_ADMIN_ONLY',
  'ERASE_NAME_MISMATCH',
  'LANGUAGE_NOT_SUPPORTED',
  'MEDIA_LINK_EXPIRED',
  'NOTE_AUTHOR_ONLY',
  'ACCOUNT_CONNECTED_ELSEWHERE',
  'SESSION_EXPIRED',
  'SESSION_ENDED',
  'ACCOUNT_DISABLED',
  'TEMPLATE_PARAMETERS',
  'TEMPLATE_UNSUPPORTED',
  'TEMPLATE_NOT_FOUND',
  'NO_TEMPLATES',
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];
export const REFUSAL_TEXT_CODES = REFUSAL_REASONS.map((r) => `refusal.${r}` as const);

/**
 * Why snorq cannot send a template yet (`parts`: the platform's names of the parts it cannot fill),
 * and what is wrong with a template send's parameters (`problemsTexts` of a TEMPLATE_PARAMETERS
 * refusal; `key` is the input's key, `body.1`, `header.link`, …; `keys` a list of them).
 */
export const TEMPLATE_TEXT_CODES = [
  'template.unsupported',
  'template.missing',
  'template.notInTemplate',
  'template.tooLong',
  'template.link.image',
  'template.link.video',
  'template.link.document',
  'template.notANumber',
  'template.whitespace',
] as const;

/**
 * The labels and hints of the fields an admin types in to connect an account (each channel
 * definition's connect forms; GET /api/v1/platforms). The platform's own terms (Account SID)
 * have none and stay as they are; platform and product names are parameters.
 */
export const CONNECT_TEXT_CODES = [
  'connect.accessToken',
  'connect.botToken',
  'connect.displayName',
  'connect.senderNumber',
  'connect.phoneNumberId',
  'connect.accountId',
  'connect.businessId',
  'connect.loginType',
  'connect.pageId',
  'connect.pageAccessToken',
  'connect.optional',
  'connect.optionalBotUsername',
  'connect.digits',
  'connect.digitsFrom',
  'connect.startsWith',
  'connect.example',
  'connect.checkedThenStored',
  'connect.fromThenChecked',
] as const;
export const ConnectTextSchema = codedText(CONNECT_TEXT_CODES, 'the text as a code and parameters, for the reader’s language');

/** One issue of a refused request, as `details.issues` lists them. */
export const FieldIssueSchema = z.object({
  path: z.string().describe('JSON pointer of the field ("/businessHours/0/start"), "/" for the whole body'),
  message: z.string().describe('in English, for API users'),
  code: z.enum(FIELD_TEXT_CODES).optional().describe('the reason as a code, for a text in the reader’s language'),
  params: TextParamsSchema.optional(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;
