import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { eraseContact } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { ContactDetail } from '../../api/types.ts';

/**
 * Erasing for a privacy request, confirmed twice: a first click says what will go, then the
 * contact's name must be typed (the server checks it too, and that the user is an admin).
 */
export function EraseContact({ contact }: { contact: ContactDetail }) {
  const [step, setStep] = useState<'idle' | 'warned'>('idle');
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const erase = async () => {
    setError(null);
    try {
      await eraseContact(contact.id, typed);
      queryClient.removeQueries({ queryKey: ['contact', contact.id] });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      navigate('/contacts');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  if (step === 'idle') {
    return (
      <section className="contact__section contact__danger">
        <button type="button" className="button button--danger" onClick={() => setStep('warned')} data-testid="erase-start">
          Erase contact…
        </button>
      </section>
    );
  }
  return (
    <section className="contact__section contact__danger" role="alertdialog" aria-label="Erase contact">
      <p>
        This removes every message and file of <strong>{contact.name}</strong> on every platform, their identities and notes, and closes their conversations. It cannot be undone.
      </p>
      <label>
        Type <strong>{contact.name}</strong> to confirm
        <input value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="erase-confirm" autoComplete="off" />
      </label>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="contact__danger-actions">
        <button type="button" className="button" onClick={() => setStep('idle')}>
          Cancel
        </button>
        <button type="button" className="button button--danger" disabled={typed.trim() !== contact.name.trim()} onClick={() => void erase()} data-testid="erase-final">
          Erase for good
        </button>
      </div>
    </section>
  );
}
