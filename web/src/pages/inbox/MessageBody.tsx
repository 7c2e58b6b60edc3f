import { FileText, MapPin, UserRound } from 'lucide-react';
import { Trans, useTranslation } from 'react-i18next';
import type { MediaItem, Message } from '../../api/types.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { httpUrl, osmUrl, sameOriginPath } from '../../lib/safe-url.ts';
import { threadLineText } from '../../lib/thread-notice.ts';
import { AudioPlayer } from './AudioPlayer.tsx';
import { ButtonCardView, OrderCard } from './RichCards.tsx';
import { SentChoices } from './SentChoices.tsx';

/** The content of a message by type. Text stays text: nothing here renders HTML from a message. */
export function MessageBody({ message: m }: { message: Message }) {
  const { t } = useTranslation('inbox-tools');
  if (m.contentType === 'unsupported') {
    return <p className="bubble__unsupported">{m.content ? t('body.unsupportedWith', { content: m.content }) : t('body.unsupported')}</p>;
  }
  const captions = new Set(m.media.map((x) => x.caption).filter(Boolean));
  // A line automation wrote (a rule's actions, a greeting not sent) reads in the reader's language.
  const text = m.contentText ? threadLineText(m.contentText, m.content ?? '') : m.content && !captions.has(m.content) ? m.content : null;
  return (
    <>
      {m.template && (
        <p className="bubble__template">
          <Trans t={t} i18nKey="body.template" values={{ name: m.template.name, language: m.template.language }} components={{ strong: <strong /> }} />
        </p>
      )}
      {m.media.map((item) => (
        <Media key={item.index} item={item} />
      ))}
      {m.location && <LocationLink location={m.location} />}
      {m.share && <ShareCard share={m.share} />}
      {m.contacts && <ContactCards contacts={m.contacts} />}
      {m.order && <OrderCard order={m.order} />}
      {m.card ? <ButtonCardView card={m.card} /> : text && <p className="bubble__text">{text}</p>}
      {m.interactive && <SentChoices interactive={m.interactive} />}
    </>
  );
}

function Media({ item }: { item: MediaItem }) {
  const { t } = useTranslation('inbox-tools');
  const format = useFormat();
  const url = sameOriginPath(item.url);
  const name = item.filename ?? item.caption ?? item.type;
  if (item.state === 'failed' || (item.state === 'stored' && !url)) {
    return <p className="media media--missing">{item.error ? t('body.unavailableWith', { error: item.error }) : t('body.unavailable')}</p>;
  }
  if (item.state === 'pending' || !url) return <p className="media media--missing">{t('body.downloading', { kind: t(`body.kind.${item.type}`) })}</p>;
  let body;
  switch (item.type) {
    case 'image':
    case 'sticker':
      body = (
        <a href={url} target="_blank" rel="noopener noreferrer" className={`media__image media__image--${item.type}`}>
          <img src={url} alt={item.caption ?? item.filename ?? (item.type === 'sticker' ? t('body.sticker') : t('body.image'))} loading="lazy" />
        </a>
      );
      break;
    case 'video':
      body = <video className="media__video" src={url} controls preload="metadata" />;
      break;
    case 'audio':
      body = <AudioPlayer url={url} seconds={item.durationSeconds} />;
      break;
    default:
      body = (
        <a className="media__file" href={url} download={item.filename ?? undefined}>
          <FileText size={16} /> {name}
          {item.size ? <span className="media__size"> · {formatBytes(item.size, format.number)}</span> : null}
        </a>
      );
  }
  return (
    <figure className="media">
      {body}
      {item.caption && <figcaption className="bubble__text">{item.caption}</figcaption>}
    </figure>
  );
}

/** A file's size in the reader's number format ("1.5 MB", "1,5 MB"); the units are the same in every language. */
function formatBytes(n: number, number: (value: number, options?: Intl.NumberFormatOptions) => string): string {
  if (n < 1024) return `${number(n)} B`;
  if (n < 1024 * 1024) return `${number(Math.round(n / 1024))} KB`;
  return `${number(n / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
}

function LocationLink({ location }: { location: NonNullable<Message['location']> }) {
  const href = osmUrl(location.latitude, location.longitude);
  const label = location.name ?? `${location.latitude.toFixed(5)}, ${location.longitude.toFixed(5)}`;
  return (
    <div className="location">
      <MapPin size={16} />{' '}
      {href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" data-testid="location-link">
          {label}
        </a>
      ) : (
        label
      )}
      {location.address && <span className="location__address">{location.address}</span>}
    </div>
  );
}

function ShareCard({ share }: { share: Record<string, unknown> }) {
  const { t } = useTranslation('inbox-tools');
  const url = httpUrl(share['url']);
  const title = [share['title'], share['name'], share['caption']].find((x): x is string => typeof x === 'string' && x.length > 0);
  const kind = typeof share['type'] === 'string' ? share['type'].replace(/_/g, ' ') : t('body.shared');
  return (
    <div className="share-card">
      <span className="share-card__kind">{kind}</span>
      {title && <span className="share-card__title">{title}</span>}
      {url && (
        <a href={url} target="_blank" rel="noopener noreferrer nofollow">
          {t('body.openLink')}
        </a>
      )}
    </div>
  );
}

function ContactCards({ contacts }: { contacts: unknown[] }) {
  const { t } = useTranslation('inbox-tools');
  return (
    <ul className="contact-cards">
      {contacts.map((c, i) => {
        const card = (c ?? {}) as { name?: { formatted_name?: unknown } | string; phones?: { phone?: unknown }[] };
        const name = typeof card.name === 'string' ? card.name : typeof card.name?.formatted_name === 'string' ? card.name.formatted_name : t('body.contact');
        const phones = (Array.isArray(card.phones) ? card.phones : []).map((p) => p?.phone).filter((p): p is string => typeof p === 'string');
        return (
          <li key={i} className="contact-card">
            <UserRound size={16} /> <strong>{name}</strong>
            {phones.length > 0 && <span className="contact-card__phones"> {phones.join(', ')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
