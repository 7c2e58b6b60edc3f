import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
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
          Erase contact…
        </button>
      </section>
    );
  }
  return (
    <section className="contact__section contact__danger" role="alertdialog" aria-labelledby="erase-title" aria-describedby="erase-what">
      <h2 id="erase-title">Erase {contact.name}</h2>
      <p id="erase-what">
        This removes every message and file of <strong>{contact.name}</strong> on every platform, their identities, notes and details, and closes their conversations. The erasure is recorded in the
        audit log. It cannot be undone.
      </p>
      {step === 'typing' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (matches) setStep('confirming');
          }}
        >
          <label className="field">
            <span className="field__label">Type “{contact.name}” to continue</span>
            <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="erase-confirm" autoComplete="off" autoFocus />
          </label>
          <div className="contact__danger-actions">
            <button type="button" className="button" onClick={cancel}>
              Cancel
            </button>
            <button type="submit" className="button button--danger" disabled={!matches} data-testid="erase-next">
              Continue
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
  return (
    <div data-testid="erase-final-step">
      <p>
        <strong>Last step:</strong> erase {name} for good?
      </p>
      <div className="contact__danger-actions">
        <button type="button" className="button" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" className="button button--danger" disabled={busy} onClick={onErase} data-testid="erase-final">
          Erase for good
        </button>
      </div>
    </div>
  );
}
