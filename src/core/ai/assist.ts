import { schemaIssue } from '../../contract/server-texts.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import { prepareDraft } from './draft-reply.ts';
import { cleanAnswer, cutToLimit, looksLikeRefusal } from './clean-answer.ts';
import type { ThreadLine } from './conversation-context.ts';
import { ModelFailure, streamChat, type ChatMessage, type ModelEndpoint } from './model-client.ts';
import { summaryPrompt, translateDraftPrompt, translateMessagesPrompt } from './prompts.ts';

/**
 * "Summarise this conversation" and "Translate" (src/server/routes/ai.ts): one answer each, shown
 * to the agent, never sent. A model that fails, refuses or answers garbage is a 502 whose
 * `details.aiReason` says which; the agent keeps working without it.
 */

/** How many of the customer's latest messages "Translate" covers. */
const TRANSLATED_MESSAGES = 10;
/** A summary longer than this is cut: it is read in a side panel. */
const SUMMARY_CHARS = 1500;

async function ask(endpoint: ModelEndpoint, prompt: ChatMessage[], signal?: AbortSignal): Promise<string> {
  try {
    const answer = await streamChat(endpoint, prompt, { signal });
    const text = cleanAnswer(answer.text);
    if (text === null) throw new ModelFailure('garbage', 'the model’s answer held no usable text');
    if (looksLikeRefusal(text)) throw new ModelFailure('refused', 'the model declined');
    return text;
  } catch (err) {
    if (!(err instanceof ModelFailure)) throw err;
    throw new AppError('PLATFORM_UNAVAILABLE', `the language model gave no answer: ${err.message}`, { aiReason: err.kind });
  }
}

/** The model may read the conversation only when the organisation allows it: a summary or a translation of it needs that. */
function requireText(shareMessageText: boolean): void {
  if (!shareMessageText) throw new AppError('CONFLICT', 'this organisation does not send message text to the language model', { aiReason: 'text_not_shared' });
}

export async function summarise(db: Db, config: Config, organizationId: number, conversationId: number, language: string, signal?: AbortSignal) {
  const { endpoint, shareMessageText, context } = await prepareDraft(db, config, organizationId, conversationId);
  requireText(shareMessageText);
  if (context.thread.length === 0) throw new AppError('UNPROCESSABLE', 'this conversation has no text to summarise', { aiReason: 'nothing_to_do' });
  const text = await ask(endpoint, summaryPrompt(context, language), signal);
  const fitted = cutToLimit(text, { max: SUMMARY_CHARS, unit: 'characters' });
  return { summary: fitted.text, cut: fitted.cut, messages: context.thread.length };
}

export async function translateMessages(db: Db, config: Config, organizationId: number, conversationId: number, language: string, signal?: AbortSignal) {
  const { endpoint, shareMessageText, context } = await prepareDraft(db, config, organizationId, conversationId);
  requireText(shareMessageText);
  const lines = context.thread.filter((l) => l.from === 'customer').slice(-TRANSLATED_MESSAGES);
  if (lines.length === 0) throw new AppError('UNPROCESSABLE', 'the customer has written no text to translate', { aiReason: 'nothing_to_do' });
  const text = await ask(endpoint, translateMessagesPrompt(lines, language), signal);
  return { language, translations: matchNumbered(lines, text) };
}

/**
 * Each `[n] …` of the answer to the n-th message. A model that dropped the numbers still gave a
 * translation: it is kept whole, belonging to no one message.
 */
function matchNumbered(lines: ThreadLine[], answer: string): { messageId: number | null; text: string }[] {
  const parts = [...answer.matchAll(/^\s*\[(\d+)\]\s*([\s\S]*?)(?=^\s*\[\d+\]|(?![\s\S]))/gm)];
  const matched = parts.map((p) => ({ index: Number(p[1]) - 1, text: p[2]!.trim() })).filter((p) => lines[p.index] && p.text);
  if (matched.length === 0) return [{ messageId: null, text: answer }];
  return matched.map((p) => ({ messageId: lines[p.index]!.messageId, text: p.text }));
}

export async function translateDraft(db: Db, config: Config, organizationId: number, conversationId: number, draft: string, language: string | undefined, signal?: AbortSignal) {
  const { endpoint, context } = await prepareDraft(db, config, organizationId, conversationId);
  const customerLines = context.thread.filter((l) => l.from === 'customer').slice(-3);
  if (!language && customerLines.length === 0) {
    // Without the customer's words there is nothing to detect their language from: the agent names it.
    throw new AppError('VALIDATION_FAILED', 'name the language: the customer’s language cannot be detected without their messages', {
      aiReason: 'language_needed',
      issues: [schemaIssue('/language', 'schema.translateInto')],
    });
  }
  const text = await ask(endpoint, translateDraftPrompt(draft, language ? { language } : { customerLines }), signal);
  const fitted = cutToLimit(text, context.textLimit);
  return { text: fitted.text, cut: fitted.cut, limit: context.textLimit.max };
}
