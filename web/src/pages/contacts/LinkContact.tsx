import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { getContact, linkIdentity } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { useContactSearch } from '../../queries/use-contacts.ts';

/**
 * Linking: find the same person where snorq has them as another contact (another platform, say)
 * and link their identities here; the other contact, left empty, is merged in (notes kept).
 */
export function LinkContact({ contactId }: { contactId: number }) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const search = useContactSearch(text.trim());
  const found = text.trim() ? (search.data?.pages[0]?.contacts ?? []).filter((c) => c.id !== contactId).slice(0, 5) : [];
  const link = async (otherId: number) => {
    setBusy(true);
    setError(null);
    try {
      const other = await getContact(otherId);
      for (const identity of other.identities) await linkIdentity(contactId, identity.id);
      setText('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.contact(contactId) });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="contact__section">
      <h2>Link the same person</h2>
      <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Find their other contact…" aria-label="Find a contact to link" data-testid="link-search" />
      <ul className="contact__link-results">
        {found.map((c) => (
          <li key={c.id}>
            <span>{c.name}</span> <small>{c.platforms.join(', ')}</small>
            <button type="button" className="button button--small" disabled={busy} onClick={() => void link(c.id)} data-testid="link-contact">
              Link
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
