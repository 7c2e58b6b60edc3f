import { SmilePlus } from 'lucide-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/http.ts';
import { reactToMessage, removeReaction } from '../../api/inbox-api.ts';
import type { Message } from '../../api/types.ts';
import { focusWhenReady } from '../../lib/focus.ts';
import { upsertThreadMessage } from '../../queries/thread-cache.ts';
import { usePlatform } from '../../queries/use-platforms.ts';
import { useThreadPlatform } from './thread-platform.ts';

/**
 * "React" on a customer's message: the reactions the conversation's platform takes from a business
 * (served with its capabilities), and "Remove reaction" once there is one. Where the platform has
 * no reactions the control stays, disabled, saying why. The server answers with the message as
 * the platform left it, a refusal included (shown on the reaction by the bubble).
 */
export function ReactionMenu({ message }: { message: Message }) {
  const { t } = useTranslation('message-actions');
  const platformId = useThreadPlatform();
  const platform = usePlatform(platformId ?? '');
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  if (!platform) return null;
  const { sendReactions, reactionChoices } = platform.capabilities;
  if (!sendReactions) {
    return (
      <button type="button" className="bubble__react" disabled title={t('reactions.notSupported', { platform: platform.ui.name })} data-testid="react-unsupported">
        <SmilePlus size={14} aria-hidden /> {t('reactions.notSupported', { platform: platform.ui.name })}
      </button>
    );
  }
  const mine = message.reactions.find((r) => r.by !== 'customer');
  const run = async (call: () => Promise<Message>) => {
    setBusy(true);
    setError(null);
    try {
      upsertThreadMessage(queryClient, await call());
      setOpen(false);
      // The menu closes with the choice that had the focus: "React" takes it back.
      focusWhenReady(() => button.current);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="bubble__react-wrap">
      <button ref={button} type="button" className="bubble__react" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="react-button">
        <SmilePlus size={14} aria-hidden /> {t('reactions.react')}
      </button>
      {open && (
        <div className="reaction-menu" role="group" aria-label={t('reactions.choose')} data-testid="reaction-menu">
          {reactionChoices.map((emoji) => (
            <button
              key={emoji}
              type="button"
              className="reaction-menu__choice"
              disabled={busy}
              aria-label={t('reactions.reactWith', { emoji })}
              onClick={() => void run(() => reactToMessage(message.id, emoji))}
            >
              {emoji}
            </button>
          ))}
          {mine && (
            <button type="button" className="button button--small" disabled={busy} onClick={() => void run(() => removeReaction(message.id))} data-testid="remove-reaction">
              {t('reactions.remove')}
            </button>
          )}
        </div>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
