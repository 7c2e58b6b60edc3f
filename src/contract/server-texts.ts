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
  'health.refreshFailed',
  'health.error',
  'health.errorBecause',
  'health.disconnected',
  'health.tokenExpired',
  'health.tokenExpiresSoon',
  'health.subscriptionMissing',
  'health.subscriptionMissingBecause',
  'health.subscriptionMissingNote',
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
 * A schema's own reasons for refusing a field (a pattern, a rule across fields), which zod's kinds of
 * issue cannot say: each code's English sentence, the `message` API users read; `{{name}}` is a
 * parameter. Schemas write the sentence with `schemaText`; the server finds the code and parameters
 * again from it (`schemaTextOf`), as zod keeps only a message for a pattern. The web app's text is
 * the code's. test/unit/contract/schema-texts.test.ts finds any schema message not written so.
 */
export const SCHEMA_TEXTS = {
  'schema.clock': 'a time like 09:00',
  'schema.endAfterStart': 'the end must come after the start',
  'schema.hoursOverlap': 'overlaps {{start}}–{{end}} on the same day',
  'schema.holidayTwice': '{{date}} is already a holiday',
  'schema.timeZone': 'not a time zone snorq knows (try Europe/Berlin or UTC)',
  'schema.nothingToChange': 'nothing to change',
  'schema.nameOrRole': 'give a name or a role',
  'schema.nameOrLanguage': 'give a name or a language',
  'schema.nameOrColour': 'give a name or a colour',
  'schema.shortcutOrContent': 'give a shortcut or content',
  'schema.idsOrFilter': 'send either ids or filter',
  'schema.languageTag': 'not a language tag (en, de, es-MX)',
  'schema.languageCode': 'a two-letter language code such as de',
  'schema.shortcut': 'lowercase letters, digits, - and _; at most 40',
  'schema.colour': 'a colour like #3b82f6',
  'schema.phone': 'a phone number is digits, spaces and + ( ) . / -',
  'schema.attributeKey': 'a key is lower-case letters, digits and _ (at most 40), starting with a letter',
  'schema.twoContacts': 'two different contacts',
  'schema.oneEmoji': 'a reaction is one emoji',
  'schema.templateParameters': 'at most {{count}} parameters',
  'schema.httpsUrl': 'must be an https URL',
  'schema.pushKey': 'must be a P-256 public key in base64url',
  'schema.pushAuth': 'must be 16 bytes in base64url',
  'schema.pageId': 'a {{platform}} page id is digits',
  'schema.accountId': 'an {{platform}} account id is digits',
  'schema.phoneNumberId': 'a {{platform}} phone number id is digits',
  'schema.botId': 'a bot id is the number before the colon of its token',
  'schema.senderNumber': 'the {{product}} sender number, e.g. {{example}}',
  'schema.accountSid': 'an Account SID starts with AC and has 34 characters',
  'schema.noLanguageModel': 'no language model is configured on this server (AI_BASE_URL, AI_MODEL)',
  'schema.translateInto': 'name the language to translate into',
  // Automation's own checks (src/core/automation): a switched-on auto reply without a text, a rule that cannot be saved.
  'schema.greetingNeedsText': 'give the greeting a text before switching it on',
  'schema.awayNeedsText': 'give the away message a text before switching it on',
  'schema.ruleLoops':
    'this rule would loop: its action “{{action}}” updates the conversation, which is the event that runs it again. Use another event, or a condition its action makes false (e.g. “label is absent” with “add label”).',
  'schema.slowPattern': 'not a pattern snorq can run in linear time: {{reason}}',
  'schema.otherChannel': 'a channel of this condition is not one of this organisation’s',
  'schema.otherTeam': 'a team of this condition is not one of this organisation’s',
  // What a rule's action names and no longer finds (checked when it is saved, and when it runs: the thread line's reason).
  'schema.agentGone': 'this agent is not a user of this organisation (any more)',
  'schema.teamGone': 'this team does not exist (any more)',
  'schema.cannedGone': 'this canned response does not exist (any more)',
  'schema.webhookGone': 'this webhook subscription does not exist (any more)',
  'schema.webhookDisabled': 'the webhook to {{url}} is disabled',
  // After the webhook's, which it would also match when read back.
  'schema.agentDisabled': '{{name}} is disabled',
} as const;
export type SchemaTextCode = keyof typeof SCHEMA_TEXTS;
export const SCHEMA_TEXT_CODES = Object.keys(SCHEMA_TEXTS) as SchemaTextCode[];

/**
 * Sentences written from a table of codes and read back into the code and parameters: for texts
 * whose English is all that is kept (zod's message of a pattern, an outgoing webhook's last error
 * in its column), so no reader needs a second place to look. `nested` names parameters that hold
 * another sentence of the table: read back, it becomes `<name>Code` plus its own parameters.
 */
/** Parameters that are always a number: a sentence with anything else there is not the table's. */
const NUMBERS = ['status', 'ms', 'count'];

/** An English template's `{{name}}` places filled from the parameters (a missing one left empty). */
export function fillEnglish(template: string, params: TextParams = {}): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));
}

function sentenceTable<C extends string>(texts: Record<C, string>, nested: readonly string[] = []) {
  const codes = Object.keys(texts) as C[];
  const patterns = codes.map((code) => ({
    code,
    pattern: new RegExp(`^${texts[code].replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{(\w+)\\\}\\\}/g, (_, name: string) => `(?<${name}>${NUMBERS.includes(name) ? '\\d+' : '[^]+?'})`)}$`),
  }));
  const write = (code: C, params: TextParams = {}): string => fillEnglish(texts[code], params);
  const read = (message: string): { code: C; params?: TextParams } | undefined => {
    for (const { code, pattern } of patterns) {
      const m = pattern.exec(message);
      if (!m) continue;
      const params: TextParams = {};
      for (const [name, value] of Object.entries(m.groups ?? {})) {
        params[name] = /^\d+$/.test(value) ? Number(value) : value;
        const inner = nested.includes(name) ? read(value) : undefined;
        if (inner) Object.assign(params, inner.params, { [`${name}Code`]: inner.code });
      }
      return Object.keys(params).length ? { code, params } : { code };
    }
    return undefined;
  };
  return { codes, write, read };
}

const schemaSentences = sentenceTable(SCHEMA_TEXTS);

/** The English sentence of a schema's own reason, its parameters filled in. */
export const schemaText: (code: SchemaTextCode, params?: TextParams) => string = schemaSentences.write;

/** One issue of a refused request that a check of the server's makes itself (not a schema), as `details.issues` lists them. */
export function schemaIssue(path: string, code: SchemaTextCode, params?: TextParams): { path: string; message: string; code: SchemaTextCode; params?: TextParams } {
  return { path, message: schemaText(code, params), code, ...(params && { params }) };
}

/** The code and parameters of a sentence `schemaText` wrote (a number stays a number, for plurals); undefined for any other. */
export const schemaTextOf: (message: string) => { code: SchemaTextCode; params?: TextParams } | undefined = schemaSentences.read;

/**
 * An outgoing webhook's problems (src/core/outgoing-webhooks): why an attempt failed (the
 * receiver's status and words, the network's), why a URL is refused, why a subscription was
 * disabled. The sentence is kept (`last_error`, `disabled_reason`) and read back for the API's
 * `…Text` fields; `detail` is the receiver's or the network's own words, quoted as they came;
 * `error` and `refusal` hold another of these sentences. Order matters: the first that fits is read.
 */
export const WEBHOOK_TEXTS = {
  'webhook.disabledAfterDay': 'Every delivery failed for 24 hours; the last error: {{error}}',
  'webhook.noAnswer': 'snorq sent a test delivery and got no answer: {{error}}',
  'webhook.failed': 'the delivery failed',
  'webhook.redirectedTo': 'HTTP {{status}}: the receiver redirected to {{location}}; snorq does not follow redirects.',
  'webhook.redirected': 'HTTP {{status}}: the receiver redirected; snorq does not follow redirects.',
  'webhook.statusSaying': 'HTTP {{status}}: {{detail}}',
  'webhook.status': 'HTTP {{status}}',
  'webhook.brokeOff': '{{host}} broke off its answer.',
  'webhook.timeout': '{{host}} did not answer within {{ms}} ms.',
  'webhook.connectionRefused': '{{host}} refused the connection.',
  'webhook.noAddress': '{{host}} does not resolve to an address.',
  'webhook.connectionClosed': '{{host}} closed the connection.',
  'webhook.tlsRefused': "{{host}}'s TLS certificate was not accepted ({{detail}}).",
  'webhook.unreachableBecause': '{{host}} could not be reached ({{detail}}).',
  'webhook.unreachable': '{{host}} could not be reached.',
  'webhook.notAbsolute': 'The URL is not a valid absolute URL.',
  'webhook.httpsOnly': 'The URL must start with https://: snorq signs deliveries, but only TLS keeps them private.',
  'webhook.httpOrHttps': 'The URL must start with https:// or http://.',
  'webhook.credentials': 'The URL must not carry a user name or password; deliveries are signed instead.',
  'webhook.noHost': 'The URL has no host.',
  'webhook.notCheckable': '{{address}} is not an address snorq can check.',
  'webhook.resolvesTo': '{{host}} resolves to {{refusal}}',
  'webhook.private.loopback': '{{address}} is a loopback address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.private': '{{address}} is a private network address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.linkLocal': '{{address}} is a link-local address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.uniqueLocal': '{{address}} is a private (unique local) address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.carrierGradeNat': '{{address}} is a carrier-grade NAT address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.unspecified': '{{address}} is an unspecified address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.multicast': '{{address}} is a multicast address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.broadcast': '{{address}} is a broadcast address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.reserved': '{{address}} is a reserved address; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
  'webhook.private.other': '{{address}} is an address in the {{rangeName}} range; snorq posts webhooks only to public addresses (WEBHOOK_ALLOWED_PRIVATE_NETWORKS allows others).',
} as const;
export type WebhookTextCode = keyof typeof WEBHOOK_TEXTS;
const webhookSentences = sentenceTable(WEBHOOK_TEXTS, ['error', 'refusal']);
export const WEBHOOK_TEXT_CODES = webhookSentences.codes;
/** An outgoing webhook's problem as the English sentence kept for API users. */
export const webhookText: (code: WebhookTextCode, params?: TextParams) => string = webhookSentences.write;
/** The code and parameters of a sentence `webhookText` wrote; undefined for any other (a row older than its code). */
export const webhookTextOf: (message: string) => { code: WebhookTextCode; params?: TextParams } | undefined = webhookSentences.read;
export const WebhookTextSchema = codedText(WEBHOOK_TEXT_CODES, 'the text as a code and parameters, for the reader’s language; `detail` is the receiver’s or the network’s own words');

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
  'WEBHOOK_URL_REFUSED',
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

/**
 * What a platform says about its webhook for a channel (a channel's `subscription.detail`, kept
 * as this English sentence and read back for `subscription.detailText`): `detail` is the
 * platform's own words, quoted as they came; `errorAt` when it last failed to deliver.
 */
export const SUBSCRIPTION_TEXTS = {
  'subscription.noWebhook': 'The bot has no webhook: {{platform}} keeps its updates for 24 hours, then drops them. Reconnect the channel.',
  'subscription.pointsElsewhere': "The bot's webhook points elsewhere ({{host}}): another program uses this bot token. Reconnect the channel to take it back.",
  'subscription.cannotDeliver': '{{platform}} cannot deliver to snorq: {{detail}} ({{count}} updates waiting).',
  'subscription.lastErrorAt': "{{platform}}'s last delivery error ({{errorAt}}): {{detail}}",
  'subscription.lastError': "{{platform}}'s last delivery error: {{detail}}",
} as const;
export type SubscriptionTextCode = keyof typeof SUBSCRIPTION_TEXTS;
const subscriptionSentences = sentenceTable(SUBSCRIPTION_TEXTS);
export const SUBSCRIPTION_TEXT_CODES = subscriptionSentences.codes;
/** What a platform says about a channel's webhook, as the English sentence kept for API users. */
export const subscriptionText: (code: SubscriptionTextCode, params?: TextParams) => string = subscriptionSentences.write;
/** The code and parameters of a sentence `subscriptionText` wrote; undefined for any other (a platform's own words). */
export const subscriptionTextOf: (message: string) => { code: SubscriptionTextCode; params?: TextParams } | undefined = subscriptionSentences.read;
export const SubscriptionTextSchema = codedText(SUBSCRIPTION_TEXT_CODES, 'the text as a code and parameters, for the reader’s language; `detail` is the platform’s own words');

/** One issue of a refused request, as `details.issues` lists them. */
export const FieldIssueSchema = z.object({
  path: z.string().describe('JSON pointer of the field ("/businessHours/0/start"), "/" for the whole body'),
  message: z.string().describe('in English, for API users'),
  code: z
    .enum([...FIELD_TEXT_CODES, ...SCHEMA_TEXT_CODES])
    .optional()
    .describe('the reason as a code, for a text in the reader’s language'),
  params: TextParamsSchema.optional(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;
