import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conversationDetailQuery } from '../../queries/conversation-cache.ts';
import type { ContactDetail, ConversationStatus } from '../../api/types.ts';
import { useNow } from '../../components/use-now.ts';
import { usePlatform, usePlatformName } from '../../queries/use-platforms.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { Composer } from '../inbox/Composer.tsx';
import { ReplyWindowTag } from '../inbox/ReplyWindowTag.tsx';

/**
 * Replying from the contact's page: the agent picks which of the person's conversations (so which
 * platform) the reply goes through; the inbox's own composer sends it, with that conversation's
 * reply window, so there is one send path.
 */
export function ContactReply({ contact }: { contact: ContactDetail }) {
  const { t } = useTranslation('contacts');
  const { t: tInbox } = useTranslation('inbox');
  const [picked, setPicked] = useState<number | null>(null);
  const conversationId = picked ?? contact.conversations[0]?.id ?? null;
  const queryClient = useQueryClient();
  const now = useNow(60_000);
  // Read afresh when the page opens (staleTime 0), as before; the same key and read as the thread's.
  const detail = useQuery({ ...conversationDetailQuery(queryClient, conversationId), staleTime: 0 });
  const platform = usePlatform(detail.data?.channel.platform ?? '');
  const platformName = usePlatformName();
  if (conversationId === null) return <p>{t('reply.none')}</p>;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.conversation(conversationId) });
  return (
    <div className="contact-reply" data-testid="contact-reply">
      <div className="contact-reply__pick">
        <label>
          {t('reply.via')}{' '}
          <select value={conversationId} onChange={(e) => setPicked(Number(e.target.value))} data-testid="reply-via">
            {contact.conversations.map((c) => (
              <option key={c.id} value={c.id}>
                {platformName(c.platform)} · {c.channelName}
                {c.status === 'open' ? '' : ` (${tInbox(`status.${c.status as ConversationStatus}`)})`}
              </option>
            ))}
          </select>
        </label>
        {detail.data && platform && <ReplyWindowTag window={detail.data.replyWindow} platform={detail.data.channel.platform} now={now} />}
      </div>
      {detail.data && (
        <Composer
          key={detail.data.id}
          conversation={detail.data}
          replyTo={null}
          onClearReply={() => undefined}
          onSent={() => void queryClient.invalidateQueries({ queryKey: queryKeys.contactTimeline(contact.id) })}
          onWindowChanged={refresh}
        />
      )}
    </div>
  );
}
