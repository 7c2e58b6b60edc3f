import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/http.ts';
import { getAiSettings, streamDraft, type DraftEvent } from '../../api/ai-api.ts';

/** The organisation's language-model settings, read once per few minutes (the composer and the thread ask). */
export function useAiSettings() {
  return useQuery({ queryKey: ['ai-settings'], queryFn: ({ signal }) => getAiSettings(signal), staleTime: 5 * 60_000 }).data ?? null;
}

/** Why the model gave nothing, as a key of the `ai` namespace's `reasons`, or null for another error. */
export function aiReasonOf(err: unknown): string | null {
  const reason = err instanceof ApiError ? err.details?.['aiReason'] : null;
  return typeof reason === 'string' ? reason : null;
}

export type DraftNotice = { kind: 'cut'; limit: number } | { kind: 'fallback'; reason: string } | { kind: 'refused'; reason: string | null; message: string };

/**
 * A draft written into the composer as it arrives: below what the agent already wrote (never
 * replacing it), then replaced by the final text (cleaned, cut to the platform's limit). A model
 * that fails leaves the agent's own text as it was and says why. Nothing is sent.
 */
export function useDraftWriter(conversationId: number, text: string, setText: (t: string) => void) {
  const [writing, setWriting] = useState(false);
  const [notice, setNotice] = useState<DraftNotice | null>(null);
  const abort = useRef<AbortController | null>(null);
  const write = async () => {
    const base = text.trimEnd();
    const put = (draft: string) => setText(base ? `${base}\n${draft}` : draft);
    let shown = '';
    const onEvent = (event: DraftEvent) => {
      if (event.type === 'delta') put((shown += event.text));
      else if (event.type === 'done') {
        put(event.text);
        setNotice(event.cut ? { kind: 'cut', limit: event.limit } : null);
      } else {
        setText(base);
        setNotice({ kind: 'fallback', reason: event.reason });
      }
    };
    abort.current = new AbortController();
    setWriting(true);
    setNotice(null);
    try {
      await streamDraft(conversationId, onEvent, abort.current.signal);
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) setNotice({ kind: 'refused', reason: aiReasonOf(err), message: err instanceof Error ? err.message : String(err) });
    } finally {
      setWriting(false);
      abort.current = null;
    }
  };
  return { writing, notice, write, stop: () => abort.current?.abort(), dismiss: () => setNotice(null) };
}

/** The languages a draft can be translated into (the server's list, src/core/ai/prompts.ts). */
export const TRANSLATION_LANGUAGES = ['en', 'de', 'es', 'fr', 'it', 'pt', 'nl', 'pl', 'tr', 'ru', 'uk', 'ar', 'zh', 'ja'] as const;

/** A language's name in the reader's own language ("Deutsch" → "German" for an English reader). */
export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

type T = ReturnType<typeof useTranslation<'ai'>>['t'];

/** The text of a refusal's `aiReason`, else the error's own message. */
export function reasonText(t: T, reason: string | null, message: string): string {
  const known = ['not_configured', 'not_enabled', 'text_not_shared', 'language_needed', 'nothing_to_do', 'timeout', 'error', 'refused', 'garbage'] as const;
  const match = known.find((k) => k === reason);
  return match ? t(`reasons.${match}`) : message;
}
