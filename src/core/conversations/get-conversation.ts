import type { ConversationDetail } from '../../contract/conversations.ts';
import type { Db } from '../../db/database.ts';
import { notFound } from '../errors/app-error.ts';
import { avatarPathSql } from '../contacts/avatar-path.ts';
import { currentReplyWindow } from '../reply-window/current-reply-window.ts';
import { replyWindowDto } from './dto.ts';
import { listConversations } from './list-conversations.ts';

/**
 * One conversation as the list shows it, plus what the thread view needs: the exact reply window
 * (with TikTok's per-window count) and every identity the contact has across platforms.
 */
export async function getConversation(db: Db, principal: { organizationId: number; userId: number }, conversationId: number, now = new Date()): Promise<ConversationDetail> {
  const { conversations } = await listConversations(db, principal, { conversationIds: [conversationId], limit: 1 }, now);
  const summary = conversations[0];
  if (!summary) throw notFound('conversation');
  const row = await db.selectFrom('conversations').select(['last_inbound_at', 'contact_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
  const identities = await db
    .selectFrom('contact_identities as i')
    .innerJoin('channels as ch', 'ch.id', 'i.channel_id')
    .select(['i.id', 'i.platform', 'i.platform_user_id as platformUserId', 'i.username', 'i.display_name as displayName', 'i.phone', 'ch.display_name as channelName', 'ch.id as channelId'])
    .select(avatarPathSql('i').as('avatarUrl'))
    .where('i.contact_id', '=', row.contact_id)
    .where('i.organization_id', '=', principal.organizationId)
    .orderBy('i.id')
    .execute();
  return { ...summary, replyWindow: replyWindowDto(await currentReplyWindow(db, { id: conversationId, platform: summary.platform, lastInboundAt: row.last_inbound_at }, now)), identities };
}
