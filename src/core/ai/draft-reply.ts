import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { textLength } from '../../text/text-limits.ts';
import { suggestReplies, type ReplySuggestion } from '../suggestions/suggest-replies.ts';
import { usableModel } from './ai-settings.ts';
import { cleanAnswer, cutToLimit, looksLikeRefusal, visibleText } from './clean-answer.ts';
import { conversationContext } from './conversation-context.ts';
import { ModelFailure, streamChat, type ModelFailureKind } from './model-client.ts';
import { draftPrompt } from './prompts.ts';

/**
 * What the composer receives while a draft is written (server-sent events, src/server/routes/ai.ts):
 * pieces as they arrive, then either the whole draft as it should stand in the composer (cleaned,
 * cut to the platform's limit) or the offline suggestions with the reason the model gave none.
 * Nothing is ever sent to the customer from here.
 */
export type DraftEvent = { type: 'delta'; text: string } | { type: 'done'; text: string; cut: boolean; limit: number } | { type: 'fallback'; reason: ModelFailureKind; suggestions: ReplySuggestion[] };

/**
 * Checks that can refuse with an HTTP error, before the stream starts (404, model off): the
 * draft itself then never fails, it falls back. Another organisation's conversation is a 404
 * whatever the caller's own settings.
 */
export async function prepareDraft(db: Db, config: Config, organizationId: number, conversationId: number) {
  await conversationContext(db, organizationId, conversationId, false);
  const { endpoint, shareMessageText } = await usableModel(db, config, organizationId);
  const context = await conversationContext(db, organizationId, conversationId, shareMessageText);
  return { endpoint, context, shareMessageText };
}

export async function writeDraft(db: Db, prepared: Awaited<ReturnType<typeof prepareDraft>>, organizationId: number, emit: (event: DraftEvent) => void, signal?: AbortSignal): Promise<void> {
  const { endpoint, context } = prepared;
  const offline = await suggestReplies(db, organizationId, context.id);
  const limit = context.textLimit;
  let raw = '';
  let shown = '';
  try {
    const answer = await streamChat(endpoint, draftPrompt(context, offline.suggestions), {
      signal,
      // A draft longer than the platform takes is of no use past its limit: reading stops there.
      maxTokens: Math.ceil(limit.max / 2),
      onDelta: (piece) => {
        raw += piece;
        const visible = visibleText(raw);
        if (visible.startsWith(shown) && visible.length > shown.length) {
          emit({ type: 'delta', text: visible.slice(shown.length) });
          shown = visible;
        }
        return textLength(visible, limit.unit) <= limit.max;
      },
    });
    const text = cleanAnswer(answer.text);
    if (text === null) throw new ModelFailure('garbage', 'the model’s answer held no usable text');
    if (looksLikeRefusal(text)) throw new ModelFailure('refused', 'the model declined to write a draft');
    // Stopped at the limit, the answer's last word may be unfinished: it is cut back like any too-long one.
    const fitted = answer.stopped ? cutToLimit(text, { ...limit, max: Math.min(limit.max, textLength(text, limit.unit) - 1) }) : cutToLimit(text, limit);
    emit({ type: 'done', text: fitted.text, cut: fitted.cut || answer.stopped, limit: limit.max });
  } catch (err) {
    if (!(err instanceof ModelFailure)) throw err;
    emit({ type: 'fallback', reason: err.kind, suggestions: offline.suggestions });
  }
}
