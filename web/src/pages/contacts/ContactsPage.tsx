import { Search } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { errorMessage } from '../../api/http.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { useContactSearch } from '../../queries/use-contacts.ts';
import './contacts.css';

/** `/contacts`: every contact, searched by name, username, phone, e-mail or platform id, a page at a time. */
export function ContactsPage() {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    document.title = 'Contacts — snorq';
  }, []);
  const search = useContactSearch(q);
  const contacts = search.data?.pages.flatMap((p) => p.contacts) ?? [];
  return (
    <main className="page contacts" id="main">
      <h1>Contacts</h1>
      <label className="contacts__search">
        <Search size={16} aria-hidden="true" />
        <span className="visually-hidden">Search contacts</span>
        <input type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="Name, username, phone, e-mail…" data-testid="contact-search" />
      </label>
      {search.isError && (
        <p className="form-error" role="alert">
          {errorMessage(search.error)}
        </p>
      )}
      <ul className="contacts__list" data-testid="contact-list">
        {contacts.map((c) => (
          <li key={c.id}>
            <Link to={`/contacts/${c.id}`} className="contacts__row" data-testid="contact-row">
              <Avatar name={c.name} url={c.avatarUrl} seed={c.id} size={36} />
              <span className="contacts__name">{c.name}</span>
              <span className="contacts__detail">{[c.email, c.phone, ...c.usernames.map((u) => `@${u.replace(/^@/, '')}`)].filter(Boolean).join(' · ')}</span>
              <span className="contacts__platforms">
                {c.platforms.map((p) => (
                  <PlatformBadge key={p} platform={p} />
                ))}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {search.isSuccess && contacts.length === 0 && <p>No contact matches.</p>}
      {search.hasNextPage && (
        <button type="button" className="button" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage}>
          More contacts
        </button>
      )}
    </main>
  );
}
