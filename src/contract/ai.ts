import { z } from 'zod';
import { Timestamp } from './common.ts';
import { ReplySuggestionSchema } from './suggestions.ts';
import { schemaText } from './server-texts.ts';

/**
 * The language model (src/core/ai): per-organisation settings, drafts streamed into the composer,
 * summaries and translations. Every answer is shown to the agent; none is ever sent by itself.
 * A refusal of these routes carries `details.aiReason`: `not_configured`, `not_enabled`,
 * `text_not_shared`, `language_needed`, `nothing_to_do`, or why the model gave nothing
 * (`timeout`, `error`, `refused`, `garbage`).
 */

export const AI_FAILURES = ['timeout', 'error', 'refused', 'garbage'] as const;

export const AiSettingsSchema = z.object({
  available: z.boolean().describe('the server has a model configured (AI_BASE_URL, AI_MODEL)'),
  model: z.string().nullable(),
  enabled: z.boolean(),
  shareMessageText: z.boolean().describe('whether the conversation’s messages may be sent to the model'),
  updatedAt: Timestamp.nullable(),
});
export type AiSettings = z.infer<typeof AiSettingsSchema>;
export const OneAiSettings = z.object({ settings: AiSettingsSchema });
export const AiSettingsChange = z.object({ enabled: z.boolean().optional(), shareMessageText: z.boolean().optional() }).strict();

/** One event of the draft's stream (`text/event-stream`, the event's name is its `type`). */
export const DraftEventSchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('delta'), text: z.string().describe('the next piece of the draft') }),
    z.object({ type: z.literal('done'), text: z.string().describe('the whole draft as it should stand in the composer'), cut: z.boolean(), limit: z.number().int() }),
    z.object({ type: z.literal('fallback'), reason: z.enum(AI_FAILURES), suggestions: z.array(ReplySuggestionSchema) }),
  ])
  .meta({ description: 'Server-sent events: `event: delta|done|fallback` and `data: <this object as JSON>`' });

const Language = z
  .string()
  .regex(/^[a-z]{2}$/, schemaText('schema.languageCode'))
  .describe('a two-letter language code');

export const SummaryRequest = z.object({ language: Language.optional().describe('the summary’s language; the agent’s own when absent') }).strict();
export const SummaryResult = z.object({ summary: z.string(), cut: z.boolean(), messages: z.number().int().describe('how many messages it summarises') });

export const TranslateRequest = z.discriminatedUnion('what', [
  z.object({ what: z.literal('messages'), language: Language.optional().describe('into this language; the agent’s own when absent') }).strict(),
  z
    .object({
      what: z.literal('draft'),
      text: z.string().trim().min(1, 'write something to translate').max(10_000),
      language: Language.optional().describe('into this language; the customer’s (detected) when absent'),
    })
    .strict(),
]);
export const TranslateResult = z.object({
  language: z.string().nullable(),
  translations: z.array(z.object({ messageId: z.number().int().nullable(), text: z.string() })).describe('what: messages'),
  text: z.string().nullable().describe('what: draft, cut to the platform’s limit'),
  cut: z.boolean(),
});
