import { Bot } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../api/types.ts';
import { Avatar } from '../Avatar.tsx';
import { useUsers } from '../../pages/inbox/use-users.ts';
import { splitMentions } from './mention-query.ts';
import './presence.css';

/** The features of snorq that send messages by themselves, named in words (another feature shows its own name). */
const FEATURES = ['away_message', 'greeting', 'business_hours', 'auto_reply', 'automation', 'csat'] as const;
type Feature = (typeof FEATURES)[number];
const isFeature = (f: string): f is Feature => (FEATURES as readonly string[]).includes(f);

/**
 * Who an agent's message or note comes from, so that consecutive ones (`authorKey` equal) are
 * grouped under one line. Customers' messages and the platform app's echoes have none.
 */
export function authorKey(m: Message): string | null {
  if (m.direction === 'inbound' || (m.isEcho && !m.isPrivateNote)) return null;
  if (m.automation) return `auto:${m.automation.feature}:${m.automation.rule ?? ''}`;
  return m.senderUserId !== null ? `user:${m.senderUserId}` : null;
}

/** "Ana Lopez" with her picture, or "Automatic: away message" for what snorq sent by itself. */
export function MessageAuthorLine({ message: m }: { message: Message }) {
  const { t } = useTranslation('presence');
  const users = useUsers();
  if (authorKey(m) === null) return null;
  if (m.automation) {
    const { feature, rule } = m.automation;
    const name = isFeature(feature) ? t(`author.feature.${feature}`) : feature.replace(/[_-]+/g, ' ');
    return (
      <div className="message-author" data-testid="message-author" data-automatic="true">
        <Bot size={14} aria-hidden="true" />
        <span>{rule ? t('author.automaticRule', { feature: name, rule }) : t('author.automatic', { feature: name })}</span>
      </div>
    );
  }
  const id = m.senderUserId!;
  // The thread gives the author; a message that came before it (an optimistic one) is looked up.
  const name = m.author?.name ?? users.find((u) => u.id === id)?.name ?? t('author.former');
  return (
    <div className="message-author" data-testid="message-author" data-user-id={id}>
      <Avatar name={name} url={m.author?.avatarUrl ?? null} seed={id} size={18} />
      <span className="message-author__name">{name}</span>
    </div>
  );
}

/** A note's text with the agents it mentions (as the server found them) highlighted; all of it text. */
export function NoteText({ text, mentions }: { text: string; mentions: readonly number[] }) {
  const users = useUsers();
  const names = users.filter((u) => mentions.includes(u.id)).map((u) => u.name);
  return (
    <p className="bubble__text">
      {splitMentions(text, names).map((part, i) =>
        part.mention ? (
          <mark key={i} className="mention" data-testid="mention">
            {part.text}
          </mark>
        ) : (
          part.text
        ),
      )}
    </p>
  );
}
