import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { eraseContact, type Erased } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { ContactDetail } from '../../api/types.ts';
import { queryKeys } from '../../queries/query-keys.ts';

type Step = 'idle' | 'typing' | 'confirming';

/**
 * Erasing for a privacy request, confirmed twice: the agent types the contact's name (the server
 * checks it too, and that the user is an admin), then confirms once more in a step where the
 * focus rests on Cancel, so neither a stray click nor Enter erases anyone.
 */
export function EraseContact({ contact, onErased }: { contact: ContactDetail; onErased: (erased: Erased) => void }) {
  const { t } = useTranslation(['contacts', 'common']);
  const [step, setStep] = useState<Step>('idle');
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const matches = typed.trim() === contact.name.trim();
  const cancel = () => {
    setStep('idle');
    setTyped('');
    setError(null);
  };
  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      const erased = await eraseContact(contact.id, typed);
      queryClient.removeQueries({ queryKey: queryKeys.contact(contact.id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactLists() });
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactSuggestions() });
      onErased(erased);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  };
  if (step === 'idle') {
    return (
      <section className="contact__section contact__danger">
        <button type="button" className="button button--danger" onClick={() => setStep('typing')} data-testid="erase-start">
          {t('erase.start')}
        </button>
      </section>
    );
  }
  return (
    <section className="contact__section contact__danger" role="alertdialog" aria-labelledby="erase-title" aria-describedby="erase-what">
      <h2 id="erase-title">{t('erase.title', { name: contact.name })}</h2>
      <p id="erase-what">
        <Trans t={t} i18nKey="erase.what" values={{ name: contact.name }} components={{ strong: <strong /> }} />
      </p>
      {step === 'typing' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) setStep('confirming');
          }}
        >
          <label className="field">
            <span className="field__label">{t('erase.type', { name: contact.name })}</span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="erase-confirm" autoComplete="off" autoFocus />
          </label>
          <div className="contact__danger-actions">
            <button type="button" className="button" onClick={cancel}>
              {t('common:actions.cancel')}
            </button>
            <button type="submit" className="button button--danger" disabled={!matches} data-testid="erase-next">
              {t('erase.continue')}
            </button>
          </div>
        </form>
      ) : (
        <FinalConfirmation name={contact.name} busy={busy} onCancel={cancel} onErase={() => void erase()} />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** The second confirmation: Cancel holds the focus. */
function FinalConfirmation({ name, busy, onCancel, onErase }: { name: string; busy: boolean; onCancel: () => void; onErase: () => void }) {
  const { t } = useTranslation(['contacts', 'common']);
  return (
    <div data-testid="erase-final-step">
      <p>
        <Trans t={t} i18nKey="erase.last" values={{ name }} components={{ strong: <strong /> }} />
      </p>
      <div className="contact__danger-actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          {t('common:actions.cancel')}
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={onErase} data-testid="erase-final">
          {t('erase.final')}
        </button>
      </div>
    </div>
  );
}
