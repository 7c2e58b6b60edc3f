import { useQueryClient } from '@tanstack/react-query';
import { ArrowLeft, Unlink } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { unlinkIdentity } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { ContactDetail } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { Avatar } from '../../components/Avatar.tsx';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { queryKeys } from '../../queries/query-keys.ts';
import { useContact } from '../../queries/use-contacts.ts';
import { ContactNotes } from './ContactNotes.tsx';
import { ContactReply } from './ContactReply.tsx';
import { ContactTimeline } from './ContactTimeline.tsx';
import { EraseContact } from './EraseContact.tsx';
import { LinkContact } from './LinkContact.tsx';
import './contacts.css';

/** `/contacts/:id`: one person across platforms: identities, one timeline, a reply through the platform picked, notes. */
export function ContactPage({ id }: { id: number }) {
  const contact = useContact(id);
  const me = useMe();
  const name = contact.data?.name;
  useEffect(() => {
    document.title = name ? `${name} — snorq` : 'Contact — snorq';
  }, [name]);
  if (contact.isError)
    return (
      <main className="page page--narrow" id="main">
        <p role="alert">
          Could not open this contact: {errorMessage(contact.error)}. <Link to="/contacts">All contacts</Link>
        </p>
      </main>
    );
  if (!contact.data)
    return (
      <main className="page" id="main">
        <p role="status">Loading contact…</p>
      </main>
    );
  const c = contact.data;
  return (
    <main className="page contact" id="main" data-testid="contact-page" data-contact-id={c.id}>
      <Link to="/contacts" className="button button--ghost contact__back">
        <ArrowLeft size={16} /> Contacts
      </Link>
      <header className="contact__head">
        <Avatar name={c.name} url={c.avatarUrl} seed={c.id} size={56} />
        <div>
          <h1 className="contact__name">{c.name}</h1>
          <p className="contact__line">{[c.email, c.phone].filter(Boolean).join(' · ')}</p>
        </div>
      </header>
      <div className="contact__columns">
        <section className="contact__main" aria-label="Timeline">
          <ContactTimeline contactId={c.id} />
          <ContactReply contact={c} />
        </section>
        <aside className="contact__side">
          <Identities contact={c} />
          <LinkContact contactId={c.id} />
          <ContactNotes contactId={c.id} />
          {me.role === 'admin' && <EraseContact contact={c} />}
        </aside>
      </div>
    </main>
  );
}

function Identities({ contact }: { contact: ContactDetail }) {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const unlink = async (identityId: number) => {
    setError(null);
    try {
      queryClient.setQueryData(queryKeys.contact(contact.id), await unlinkIdentity(contact.id, identityId));
      await queryClient.invalidateQueries({ queryKey: queryKeys.contact(contact.id) });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="contact__section">
      <h2>Identities</h2>
      <ul className="identities" data-testid="contact-identities">
        {contact.identities.map((i) => (
          <li key={i.id} className="identity" data-testid="identity" data-platform={i.platform}>
            <PlatformBadge platform={i.platform} />
            <span className="identity__name">{i.displayName ?? i.username ?? i.phone ?? i.platformUserId}</span>
            <span className="identity__detail">via {i.channelName}</span>
            {contact.identities.length > 1 && (
              <button type="button" className="button button--ghost button--small" onClick={() => void unlink(i.id)} aria-label={`Unlink ${i.displayName ?? i.platformUserId}`}>
                <Unlink size={14} />
              </button>
            )}
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
