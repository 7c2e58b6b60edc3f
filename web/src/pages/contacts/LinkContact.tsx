import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { linkIdentity, mergeContact } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { ContactRow } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { queryKeys } from '../../queries/query-keys.ts';
import { useContact, useContactSearch } from '../../queries/use-contacts.ts';

/**
 * Linking: find the same person where snorq has them as another contact (another platform, say)
 * and either merge that whole contact here (its identities, notes, details and labels move over)
 * or link just one of its identities (the other contact, left empty, is merged in).
 */
export function LinkContact({ contactId }: { contactId: number }) {
  const { t } = useTranslation('contacts');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queryClient = useQueryClient();
  const q = text.trim();
  const search = useContactSearch({ q, label: '', platform: '' }, { enabled: q !== '' });
  const found = q ? (search.data?.pages[0]?.contacts ?? []).filter((c) => c.id !== contactId).slice(0, 5) : [];
  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setText('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.contact(contactId) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactLists() });
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactSuggestions() });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="contact__section" aria-labelledby="link-title">
      <h2 id="link-title">{t('link.title')}</h2>
      <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('link.placeholder')} aria-label={t('link.label')} data-testid="link-search" />
      <ul className="contact__link-results">
        {found.map((c) => (
          <LinkCandidate
            key={c.id}
            candidate={c}
            busy={busy}
            onMerge={() => void run(() => mergeContact(contactId, c.id))}
            onLink={(identityId) => void run(() => linkIdentity(contactId, identityId))}
          />
        ))}
      </ul>
      {q && search.isSuccess && found.length === 0 && <p>{t('link.noMatch')}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

interface CandidateProps {
  candidate: ContactRow;
  busy: boolean;
  onMerge: () => void;
  onLink: (identityId: number) => void;
}

/** Another contact: merge it whole, or open it to link one of its identities. */
function LinkCandidate({ candidate, busy, onMerge, onLink }: CandidateProps) {
  const { t } = useTranslation('contacts');
  const [open, setOpen] = useState(false);
  return (
    <li className="link-candidate" data-testid="link-candidate">
      <span className="link-candidate__who">
        {candidate.platforms.map((p) => (
          <PlatformBadge key={p} platform={p} variant="icon" size={16} />
        ))}{' '}
        {candidate.name}
      </span>
      <span className="link-candidate__actions">
        <button type="button" className="button button--small" disabled={busy} onClick={onMerge} data-testid="merge-contact">
          {t('link.merge')}
        </button>
        <button type="button" className="button button--ghost button--small" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="show-identities">
          {t('link.identities')}
        </button>
      </span>
      {open && <CandidateIdentities contactId={candidate.id} busy={busy} onLink={onLink} />}
    </li>
  );
}

function CandidateIdentities({ contactId, busy, onLink }: { contactId: number; busy: boolean; onLink: (identityId: number) => void }) {
  const { t } = useTranslation('contacts');
  const other = useContact(contactId);
  if (other.isError)
    return (
      <p className="form-error" role="alert">
        {errorMessage(other.error)}
      </p>
    );
  return (
    <ul className="link-candidate__identities">
      {(other.data?.identities ?? []).map((i) => (
        <li key={i.id}>
          <PlatformBadge platform={i.platform} />
          <span>{i.displayName ?? i.username ?? i.phone ?? i.platformUserId}</span>
          <button type="button" className="button button--small" disabled={busy} onClick={() => onLink(i.id)} data-testid="link-identity">
            {t('link.link')}
          </button>
        </li>
      ))}
    </ul>
  );
}
