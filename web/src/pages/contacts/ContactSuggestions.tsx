import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { acceptSuggestion, dismissSuggestion } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { Suggestion } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { queryKeys } from '../../queries/query-keys.ts';
import { useContactSuggestions } from '../../queries/use-contacts.ts';

/**
 * Contacts that may be one person, with why snorq thinks so. Accepting merges the pair (the
 * second into the first) and opens the contact left; dismissing says "not the same person", and
 * the server never suggests that pair again.
 */
export function ContactSuggestions() {
  const { t } = useTranslation('contacts');
  const suggestions = useContactSuggestions();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = suggestions.data ?? [];
  if (list.length === 0 && !error) return null;
  const act = async (s: Suggestion, accept: boolean) => {
    const ids: [number, number] = [s.contacts[0].id, s.contacts[1].id];
    setBusy(ids.join('-'));
    setError(null);
    try {
      if (accept) {
        const kept = await acceptSuggestion(ids);
        queryClient.setQueryData(queryKeys.contact(kept.id), kept);
        navigate(`/contacts/${kept.id}`);
      }
      if (!accept) await dismissSuggestion(ids);
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactSuggestions() });
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactLists() });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="contact-suggestions" aria-labelledby="contact-suggestions-title" data-testid="contact-suggestions">
      <h2 id="contact-suggestions-title">{t('suggestions.title')}</h2>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <ul>
        {list.map((s) => {
          const key = `${s.contacts[0].id}-${s.contacts[1].id}`;
          return (
            <li key={key} className="contact-suggestion" data-testid="contact-suggestion">
              <span className="contact-suggestion__pair">
                {s.contacts.map((c) => (
                  <span key={c.id} className="contact-suggestion__who">
                    {c.platforms.map((p) => (
                      <PlatformBadge key={p} platform={p} variant="icon" size={16} />
                    ))}{' '}
                    {c.name}
                  </span>
                ))}
              </span>
              <small>{s.reasons.map((r) => t(`suggestions.reason.${r}`)).join(', ')}</small>
              <span className="contact-suggestion__actions">
                <button type="button" className="button button--small" disabled={busy !== null} onClick={() => void act(s, true)} data-testid="suggestion-accept">
                  {t('suggestions.accept')}
                </button>
                <button type="button" className="button button--ghost button--small" disabled={busy !== null} onClick={() => void act(s, false)} data-testid="suggestion-dismiss">
                  {t('suggestions.dismiss')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
