import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { profilePictureUrl } from '../cdn/urls.ts';
import type { SimMessage } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { envelope, okEnvelope, tiktokErrors } from './envelope.ts';
import { businessHandle } from './webhook-payloads.ts';

/**
 * History (FACTS 6.7): `GET …/business/message/conversation/list/` (SINGLE = followers,
 * STRANGER = the rest; `limit` ≤ 100, numeric `cursor`) and `GET …/business/message/content/list/`
 * (the 20 most recent messages and the participants, no paging). REST enums are uppercase.
 */
export function conversationList(ctx: SimContext, reply: FastifyReply, account: SimAccount, query: Record<string, unknown>): FastifyReply {
  const type = String(query.conversation_type ?? 'SINGLE');
  if (type !== 'SINGLE' && type !== 'STRANGER') return envelope(reply, 40002, 'conversation_type: Must be one of: SINGLE, STRANGER.');
  const limit = Number(query.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return envelope(reply, 40002, 'limit: Must be between 1 and 100.');
  const cursor = Number(query.cursor ?? 0) || 0;
  const all = ctx.conversations
    .list('tiktok', account.accountId)
    .filter((c) => c.messages.length > 0 || c.lastCustomerMessageAt !== undefined)
    .filter((c) => ((c.customer.isFollower ?? true) ? 'SINGLE' : 'STRANGER') === type);
  const slice = all.slice(cursor, cursor + limit);
  return okEnvelope(reply, {
    conversations: slice.map((c) => ({ conversation_id: c.id, update_time: Math.floor(c.updatedAt / 1000) })),
    cursor: cursor + slice.length,
    has_more: cursor + slice.length < all.length,
  });
}

export function contentList(ctx: SimContext, reply: FastifyReply, account: SimAccount, query: Record<string, unknown>): FastifyReply {
  const id = typeof query.conversation_id === 'string' ? query.conversation_id : undefined;
  if (!id) return envelope(reply, 40002, 'conversation_id: Missing data for required field.');
  const conv = ctx.conversations.byConversationId(id);
  if (!conv || conv.platform !== 'tiktok' || conv.accountId !== account.accountId) {
    const e = tiktokErrors.notFound(`Conversation ${id} not found.`);
    return envelope(reply, e.code, e.message);
  }
  const user = (inbound: boolean): { id: string; role: string } => (inbound ? { id: conv.customer.id, role: 'PERSONAL_ACCOUNT' } : { id: account.accountId, role: 'BUSINESS_ACCOUNT' });
  const render = (m: SimMessage): Record<string, unknown> => {
    const inbound = m.direction === 'inbound';
    const out: Record<string, unknown> = { message_id: m.id, timestamp: m.timestamp, from_user: user(inbound), to_user: user(!inbound) };
    const att = m.attachments?.[0];
    if (att) Object.assign(out, { message_type: att.type.toUpperCase(), [att.type]: { media_id: att.mediaId } });
    else if (typeof m.data?.sharePost === 'string')
      Object.assign(out, { message_type: 'SHARE_POST', share_post: { embed_url: `https://www.tiktok.com/@creator/video/${m.data.sharePost}`, video_id: m.data.sharePost } });
    else Object.assign(out, { message_type: 'TEXT', text: { body: m.text ?? '' } });
    return out;
  };
  return okEnvelope(reply, {
    messages: [...conv.messages].reverse().slice(0, 20).map(render),
    participants: [
      {
        id: conv.customer.id,
        role: 'PERSONAL_ACCOUNT',
        display_name: conv.customer.name ?? 'TikTok User',
        username: conv.customer.username ?? 'tiktok.user',
        profile_image: profilePictureUrl(ctx, 'tiktok', conv.customer.id),
      },
      {
        id: account.accountId,
        role: 'BUSINESS_ACCOUNT',
        display_name: account.displayName ?? 'Simulated Business',
        username: businessHandle(account),
        profile_image: profilePictureUrl(ctx, 'tiktok', account.accountId),
      },
    ],
  });
}
