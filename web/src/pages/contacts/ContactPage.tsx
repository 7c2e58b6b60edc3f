import { ArrowLeft, Download } from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { contactExportUrl, type Erased } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { ContactDetail } from '../../api/types.ts';
import { useMe } from '../../app/session.tsx';
import { Avatar } from '../../components/Avatar.tsx';
import { useContact } from '../../queries/use-contacts.ts';
import { ContactAttributes } from './ContactAttributes.tsx';
import { ContactIdentities } from './ContactIdentities.tsx';
import { ContactNotes } from './ContactNotes.tsx';
import { ContactReply } from './ContactReply.tsx';
import { ContactTimeline } from './ContactTimeline.tsx';
import { EraseContact } from './EraseContact.tsx';
import { LinkContact } from './LinkContact.tsx';
import './contacts.css';

/** `/contacts/:id`: one person across platforms: identities, one timeline, a reply through the platform picked, details, notes. */
export function ContactPage({ id }: { id: number }) {
  const { t } = useTranslation('contacts');
  const contact = useContact(id);
  const [erased, setErased] = useState<{ name: string; counts: Erased } | null>(null);
  const name = contact.data?.name;
  useEffect(() => {
    document.title = name ? `${name} — snorq` : t('page.title');
  }, [name, t]);
  if (erased) return <ErasedNotice name={erased.name} counts={erased.counts} />;
  if (contact.isError)
    return (
      <main className="page page--narrow" id="main">
        <p role="alert">
          {t('page.openFailed', { message: errorMessage(contact.error) })} <Link to="/contacts">{t('page.all')}</Link>
        </p>
      </main>
    );
  if (!contact.data)
    return (
      <main className="page" id="main">
        <p role="status">{t('page.loading')}</p>
      </main>
    );
  return <ContactView contact={contact.data} onErased={(counts) => setErased({ name: contact.data.name, counts })} />;
}

function ContactView({ contact: c, onErased }: { contact: ContactDetail; onErased: (counts: Erased) => void }) {
  const { t } = useTranslation('contacts');
  const me = useMe();
  return (
    <main className="page contact" id="main" data-testid="contact-page" data-contact-id={c.id}>
      <Link to="/contacts" className="button button--ghost contact__back">
        <ArrowLeft size={16} /> {t('page.back')}
      </Link>
      <header className="contact__head">
        <Avatar name={c.name} url={c.avatarUrl} seed={c.id} size={56} />
        <div className="contact__title">
          <h1 className="contact__name">{c.name}</h1>
          <p className="contact__line">{[c.email, c.phone, ...c.labels].filter(Boolean).join(' · ')}</p>
        </div>
        {/* The server answers with Content-Disposition: attachment, so the browser saves the file. */}
        <a className="button button--small" href={contactExportUrl(c.id)} download={`contact-${c.id}.json`} data-testid="contact-export">
          <Download size={16} aria-hidden="true" /> {t('page.export')}
        </a>
      </header>
      <div className="contact__columns">
        <section className="contact__main" aria-label={t('page.timeline')}>
          <ContactTimeline contactId={c.id} />
          <ContactReply contact={c} />
        </section>
        <aside className="contact__side">
          <ContactIdentities contact={c} />
          <LinkContact contactId={c.id} />
          <ContactAttributes key={c.id} contact={c} />
          <ContactNotes contactId={c.id} />
          {me.role === 'admin' && <EraseContact contact={c} onErased={onErased} />}
        </aside>
      </div>
    </main>
  );
}

/** What is left to see once a contact is erased: that it was, and what went. */
function ErasedNotice({ name, counts }: { name: string; counts: Erased }) {
  const { t } = useTranslation('contacts');
  useEffect(() => {
    document.title = t('erased.pageTitle');
  }, [t]);
  return (
    <main className="page page--narrow" id="main">
      <h1>{t('erased.title')}</h1>
      <p role="status" data-testid="contact-erased">
        {t('erased.summary', {
          name,
          messages: t('erased.messages', { count: counts.messages }),
          files: t('erased.files', { count: counts.files }),
          identities: t('erased.identities', { count: counts.identities }),
          conversations: t('erased.conversations', { count: counts.conversations }),
        })}
      </p>
      <Link to="/contacts">{t('page.all')}</Link>
    </main>
  );
}
