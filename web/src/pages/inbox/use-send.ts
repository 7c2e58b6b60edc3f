import { useCallback, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/http.ts';
import { sendMessage, type SendBody } from '../../api/inbox-api.ts';
import type { Message } from '../../api/types.ts';
import { i18next } from '../../i18n/i18n.ts';
import { newIdempotencyKey } from '../../lib/idempotency-key.ts';

export interface SendError {
  message: string;
  /** The reply window closed (422 WINDOW_CLOSED). */
  windowClosed: boolean;
  /** What the window allows now, from `details.window.allowed`, in words. */
  allowedNow?: string;
}

/** What a closed window still allows, in the UI's language (an option snorq has no words for stays as the server names it). */
const OPTIONS = ['text', 'media', 'human_agent_tag', 'template'] as const;
const optionWords = (option: string) => (OPTIONS.includes(option as (typeof OPTIONS)[number]) ? i18next.t(`inbox-tools:allowed.${option as (typeof OPTIONS)[number]}`) : option);

/**
 * Sending one composed message. The Idempotency-Key belongs to the composition: a retry after a
 * network error reuses it (the server answers the same message instead of sending twice); a
 * success starts a new one.
 */
export function useSend(onSent: (message: Message) => void, onWindowChanged: () => void) {
  const key = useRef(newIdempotencyKey());
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<SendError | null>(null);

  const send = useCallback(
    async (body: SendBody): Promise<boolean> => {
      setSending(true);
      setError(null);
      try {
        const message = await sendMessage(body, key.current);
        key.current = newIdempotencyKey();
        onSent(message);
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.code === 'WINDOW_CLOSED') {
          const allowed = (err.details?.['window'] as { allowed?: unknown } | undefined)?.allowed;
          const words = Array.isArray(allowed) ? allowed.map((a) => optionWords(String(a))) : null;
          setError({ message: err.message, windowClosed: true, allowedNow: words ? (words.length ? words.join(', ') : i18next.t('inbox-tools:allowed.nothing')) : undefined });
          onWindowChanged();
        } else {
          // A refused request will not succeed the same way again: a new key lets the corrected one through.
          if (err instanceof ApiError && err.status >= 400 && err.status < 500) key.current = newIdempotencyKey();
          setError({ message: errorMessage(err), windowClosed: false });
        }
        return false;
      } finally {
        setSending(false);
      }
    },
    [onSent, onWindowChanged],
  );

  return { send, sending, error, clearError: () => setError(null) };
}
