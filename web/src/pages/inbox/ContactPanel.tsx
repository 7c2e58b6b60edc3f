import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { ConversationDetail } from '../../api/types.ts';
import { Avatar } from '../../components/Avatar.tsx';
import { PlatformBadge } from '../../components/PlatformBadge.tsx';
import { useNow } from '../../components/use-now.ts';
import { formatRelative } from '../../lib/time-format.ts';

interface Props {
  detail: ConversationDetail | null;
  onClose: () => void;
}

/** Who the customer is, and every identity snorq links to them across platforms. */
export function ContactPanel({ detail, onClose }: Props) {
  const { t } = useTranslation('inbox');
  const now = useNow(60_000);
  if (!detail) return <p className="contact-panel__loading">{t('panel.loading')}</p>;
  const c = detail.contact;
  const name = c.name ?? c.username ?? c.phone ?? t('unknownContact');
  return (
    <div className="contact-panel" data-testid="contact-panel">
      <button type="button" className="button button--ghost contact-panel__close" onClick={onClose} aria-label={t('panel.close')}>
        <X size={18} />
      </button>
      <div className="contact-panel__head">
        <Avatar name={name} url={c.avatarUrl} seed={c.id} size={72} />
        <h2 className="contact-panel__name">{name}</h2>
        {c.username && <p className="contact-panel__line">@{c.username.replace(/^@/, '')}</p>}
        {c.phone && <p className="contact-panel__line">{c.phone}</p>}
        <Link to={`/contacts/${c.id}`} className="contact-panel__line" data-testid="open-contact-page">
          {t('panel.contactPage')}
        </Link>
      </div>
      <dl className="contact-panel__facts">
        <dt>{t('filters.status')}</dt>
        <dd>{t(`status.${detail.status}`)}</dd>
        {detail.waitingSince && (
          <>
            <dt>{t('panel.waiting')}</dt>
            <dd>{t('panel.since', { time: formatRelative(detail.waitingSince, now) })}</dd>
          </>
        )}
        <dt>{t('filters.assignee')}</dt>
        <dd>{detail.assignee?.name ?? t('unassigned')}</dd>
        {detail.labels.length > 0 && (
          <>
            <dt>{t('panel.labels')}</dt>
            <dd>{detail.labels.join(', ')}</dd>
          </>
        )}
      </dl>
      <h3 className="contact-panel__section">{t('panel.identities')}</h3>
      <ul className="identities" data-testid="identities">
        {detail.identities.map((i) => (
          <li key={i.id} className="identity" data-testid="identity" data-platform={i.platform}>
            <PlatformBadge platform={i.platform} />
            <span className="identity__name">{i.displayName ?? i.username ?? i.phone ?? i.platformUserId}</span>
            <span className="identity__detail">{[i.username ? `@${i.username.replace(/^@/, '')}` : null, i.phone, t('thread.via', { channel: i.channelName })].filter(Boolean).join(' · ')}</span>
          </li>
        ))}
        {detail.identities.length === 0 && <li className="identity identity--none">{t('panel.noIdentities')}</li>}
      </ul>
    </div>
  );
}
