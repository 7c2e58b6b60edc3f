import { useQueryClient } from '@tanstack/react-query';
import { Unlink } from 'lucide-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { unlinkIdentity } from '../../api/contacts-api.ts';
import { errorMessage } from '../../api/http.ts';
import type { ContactDetail } from '../../api/types.ts';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { queryKeys } from '../../queries/query-keys.ts';

/** Who the person is on each platform; an identity can be unlinked (it becomes a contact of its own again, never suggested with this one). */
export function ContactIdentities({ contact }: { contact: ContactDetail }) {
  const { t } = useTranslation('contacts');
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const unlink = async (identityId: number) => {
    setError(null);
    try {
      queryClient.setQueryData(queryKeys.contact(contact.id), await unlinkIdentity(contact.id, identityId));
      await queryClient.invalidateQueries({ queryKey: queryKeys.contact(contact.id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.contactLists() });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <section className="contact__section" aria-labelledby="identities-title">
      <h2 id="identities-title">{t('identities.title')}</h2>
      <ul className="identities" data-testid="contact-identities">
        {contact.identities.map((i) => {
          const who = i.displayName ?? i.username ?? i.phone ?? i.platformUserId;
          return (
            <li key={i.id} className="identity" data-testid="identity" data-platform={i.platform}>
              <PlatformBadge platform={i.platform} />
              <span className="identity__name">{who}</span>
              <span className="identity__detail">{t('identities.via', { channel: i.channelName })}</span>
              {contact.identities.length > 1 && (
                <button type="button" className="button button--ghost button--small" onClick={() => void unlink(i.id)} aria-label={t('identities.unlink', { who })} data-testid="unlink-identity">
                  <Unlink size={14} aria-hidden="true" />
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
