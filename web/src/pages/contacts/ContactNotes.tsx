import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addNote } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { useContactNotes } from '../../queries/use-contacts.ts';

/** Private notes on the person (never sent to them), newest first. */
export function ContactNotes({ contactId }: { contactId: number }) {
  const { t } = useTranslation('contacts');
  const format = useFormat();
  const notes = useContactNotes(contactId);
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return setError(t('notes.empty'));
    setError(null);
    try {
      await addNote(contactId, text.trim());
      setText('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactNotes(contactId) });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="contact__section">
      <h2>{t('notes.title')}</h2>
      <form onSubmit={(e) => void submit(e)} className="contact__note-form">
        <textarea value={text} onChange={(e) => setText(e.target.value)} aria-label={t('notes.new')} rows={2} maxLength={5000} data-testid="contact-note-input" />
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--small">
          {t('notes.add')}
        </button>
      </form>
      <ul className="contact__notes" data-testid="contact-notes">
        {(notes.data ?? []).map((n) => (
          <li key={n.id}>
            <p>{n.body}</p>
            <small>
              {n.author?.name ?? t('notes.someone')} · {format.dateTime(n.createdAt)}
            </small>
          </li>
        ))}
      </ul>
    </section>
  );
}
