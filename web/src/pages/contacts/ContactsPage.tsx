import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import type { ContactFilters } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { useContactSearch } from '../../queries/use-contacts.ts';
import { ContactFilterBar } from './ContactFilterBar.tsx';
import { ContactSuggestions } from './ContactSuggestions.tsx';
import './contacts.css';

const FILTER_KEYS = ['q', 'label', 'platform'] as const;

/** The filters live in the address (`/contacts?q=ana&platform=whatsapp`), so a filtered list can be shared and survives a reload. */
function useContactFilters(): [ContactFilters, (next: Partial<ContactFilters>) => void] {
  const [params, setParams] = useSearchParams();
  const filters: ContactFilters = { q: params.get('q') ?? '', label: params.get('label') ?? '', platform: params.get('platform') ?? '' };
  const change = useCallback(
    (next: Partial<ContactFilters>) =>
      setParams(
        (prev) => {
          const merged = new URLSearchParams(prev);
          for (const key of FILTER_KEYS) {
            const value = next[key];
            if (value === undefined) continue;
            if (value) merged.set(key, value);
            else merged.delete(key);
          }
          return merged;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [filters, change];
}

/** `/contacts`: every contact, searched by name, username, phone, e-mail or platform id and filtered by label and platform, a page at a time. */
export function ContactsPage() {
  const { t } = useTranslation('contacts');
  const [filters, setFilters] = useContactFilters();
  useEffect(() => {
    document.title = t('pageTitle');
  }, [t]);
  const search = useContactSearch(filters);
  const contacts = search.data?.pages.flatMap((p) => p.contacts) ?? [];
  return (
    <main className="page contacts" id="main">
      <h1>{t('title')}</h1>
      <ContactSuggestions />
      <ContactFilterBar filters={filters} onChange={setFilters} />
      {search.isError && (
        <p className="form-error" role="alert">
          {errorMessage(search.error)}
        </p>
      )}
      <ul className="contacts__list" data-testid="contact-list" aria-busy={search.isFetching}>
        {contacts.map((c) => (
          <li key={c.id}>
            <Link to={`/contacts/${c.id}`} className="contacts__row" data-testid="contact-row">
              <Avatar name={c.name} url={c.avatarUrl} seed={c.id} size={36} />
              <span className="contacts__name">{c.name}</span>
              <span className="contacts__detail">{[c.email, c.phone, ...c.usernames.map((u) => `@${u.replace(/^@/, '')}`), ...c.labels].filter(Boolean).join(' · ')}</span>
              <span className="contacts__platforms">
                {c.platforms.map((p) => (
                  <PlatformBadge key={p} platform={p} variant="icon" />
                ))}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {search.isSuccess && contacts.length === 0 && <p>{t('noMatch')}</p>}
      {search.hasNextPage && (
        <button type="button" className="button" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
          {t('more')}
        </button>
      )}
    </main>
  );
}
