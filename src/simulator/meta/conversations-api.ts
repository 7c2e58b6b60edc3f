import type { SimConversation, SimMessage } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { fail, graphTime, ok, type GraphCall } from './graph/call.ts';
import { graphErrors } from './graph/errors.ts';
import { parseFields, pick, type FieldNode } from './graph/fields.ts';

/**
 * Conversations API (FACTS 2.7, 3.7): `GET /{PAGE_ID|IG_ID|me}/conversations?platform=…`,
 * `GET /{CONVERSATION_ID}?fields=messages{…}`, `GET /{CONVERSATION_ID}/messages`,
 * `GET /{MESSAGE_ID}?fields=…`. Only the 20 most recent messages of a conversation are readable;
 * older ones answer as if they did not exist. Lists are newest first with cursor paging.
 */

const RECENT = 20;

export function conversationsEdge(call: GraphCall, account: SimAccount): unknown {
  const platform = call.params.platform === undefined ? (account.platform === 'instagram' ? 'instagram' : 'messenger') : String(call.params.platform);
  if (platform !== 'messenger' && platform !== 'instagram') return fail(call, graphErrors.param('Param platform must be one of {MESSENGER, INSTAGRAM}'));
  if (platform !== account.platform) return ok(call, { data: [] });
  let convs = call.ctx.conversations.list(account.platform, account.accountId).filter((c) => c.messages.length > 0);
  if (typeof call.params.user_id === 'string') convs = convs.filter((c) => c.customer.id === call.params.user_id);
  const fields = parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined) ?? [{ name: 'id' }, { name: 'updated_time' }];
  return ok(
    call,
    page(call, convs, (c) => conversationFields(call, c, account, fields), Number(call.params.limit ?? 25)),
  );
}

export function conversationNode(call: GraphCall, conv: SimConversation, account: SimAccount): unknown {
  const fields = parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined) ?? [{ name: 'id' }, { name: 'updated_time' }];
  return ok(call, conversationFields(call, conv, account, fields));
}

export function messagesEdge(call: GraphCall, conv: SimConversation, account: SimAccount): unknown {
  const fields = parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined) ?? [{ name: 'id' }, { name: 'created_time' }];
  return ok(
    call,
    page(call, recent(conv), (m) => messageFields(m, conv, account, fields), Number(call.params.limit ?? 25)),
  );
}

export function messageNode(call: GraphCall, message: SimMessage, conv: SimConversation, account: SimAccount): unknown {
  if (!recent(conv).includes(message)) return fail(call, graphErrors.unsupported('get', message.id));
  const fields = parseFields(typeof call.params.fields === 'string' ? call.params.fields : undefined) ?? [{ name: 'id' }, { name: 'created_time' }];
  return ok(call, messageFields(message, conv, account, fields));
}

/** Newest first, at most 20. */
const recent = (conv: SimConversation): SimMessage[] => [...conv.messages].reverse().slice(0, RECENT);

function conversationFields(call: GraphCall, conv: SimConversation, account: SimAccount, fields: FieldNode[]): Record<string, unknown> {
  const last = conv.messages.at(-1);
  return pick(
    fields,
    {
      id: () => conv.id,
      updated_time: () => graphTime(conv.updatedAt),
      message_count: () => conv.messages.length,
      unread_count: () => 0,
      snippet: () => last?.text ?? '',
      can_reply: () => true,
      is_subscribed: () => true,
      participants: () => ({ data: [participant(conv.customer.id, conv, account), participant(account.accountId, conv, account)] }),
      senders: () => ({ data: [participant(conv.customer.id, conv, account), participant(account.accountId, conv, account)] }),
      messages: (node) => {
        const sub = node.children ?? [{ name: 'id' }, { name: 'created_time' }];
        return pageLike(
          recent(conv)
            .slice(0, node.limit ?? RECENT)
            .map((m) => messageFields(m, conv, account, sub)),
        );
      },
    },
    'Conversation',
  );
}

function messageFields(m: SimMessage, conv: SimConversation, account: SimAccount, fields: FieldNode[]): Record<string, unknown> {
  const fromId = m.direction === 'inbound' ? conv.customer.id : account.accountId;
  const toId = m.direction === 'inbound' ? account.accountId : conv.customer.id;
  return pick(
    fields,
    {
      id: () => m.id,
      created_time: () => graphTime(m.timestamp),
      from: () => participant(fromId, conv, account),
      to: () => ({ data: [participant(toId, conv, account)] }),
      message: () => m.text ?? '',
      is_unsupported: () => (account.platform === 'instagram' ? false : undefined),
      story: () => undefined,
      sticker: () => m.attachments?.find((a) => a.type === 'sticker')?.url,
      tags: () => ({ data: [{ name: m.direction === 'inbound' ? 'inbox' : 'sent' }] }),
      attachments: () => (m.attachments?.length ? { data: m.attachments.filter((a) => a.type !== 'sticker').map((a, i) => attachmentFields(m, a, i)) } : undefined),
    },
    'Message',
  );
}

function attachmentFields(m: SimMessage, a: NonNullable<SimMessage['attachments']>[number], index: number): Record<string, unknown> {
  const base = { id: `${m.id.slice(-12)}${index}`, mime_type: a.mimeType ?? 'application/octet-stream', name: a.filename ?? `${a.type}-${index}`, size: a.size ?? 0 };
  if (a.type === 'image' || a.type === 'story_mention' || a.type === 'share') return { ...base, image_data: { url: a.url, preview_url: a.url, width: 1, height: 1, max_width: 1, max_height: 1 } };
  if (a.type === 'video') return { ...base, video_data: { url: a.url, preview_url: a.url, width: 1, height: 1 } };
  return { ...base, file_url: a.url };
}

function participant(id: string, conv: SimConversation, account: SimAccount): Record<string, unknown> {
  const isBusiness = id === account.accountId;
  if (account.platform === 'instagram') {
    const username = isBusiness ? (account.username ?? account.displayName ?? 'business') : (conv.customer.username ?? conv.customer.name ?? id);
    return { username, id };
  }
  const name = isBusiness ? (account.displayName ?? 'Simulated Page') : (conv.customer.name ?? 'Sam Customer');
  return { name, email: `${id}@facebook.com`, id };
}

const cursor = (index: number): string => Buffer.from(`sim:${index}`).toString('base64url');
const fromCursor = (value: unknown): number => {
  const match = typeof value === 'string' ? /^sim:(\d+)$/.exec(Buffer.from(value, 'base64url').toString()) : null;
  return match ? Number(match[1]) : -1;
};

function page<T>(call: GraphCall, items: T[], render: (item: T) => unknown, limit: number): Record<string, unknown> {
  const size = Number.isFinite(limit) && limit > 0 ? Math.min(limit, 100) : 25;
  const start = fromCursor(call.params.after) + 1;
  const slice = items.slice(start, start + size);
  const out: Record<string, unknown> = { data: slice.map(render) };
  if (slice.length > 0) {
    const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + slice.length - 1) } };
    if (start + slice.length < items.length) {
      const next = new URL(`${call.ctx.url}${call.req.url}`);
      next.searchParams.set('after', cursor(start + slice.length - 1));
      paging.next = next.toString();
    }
    out.paging = paging;
  }
  return out;
}

const pageLike = (data: unknown[]): Record<string, unknown> => (data.length ? { data, paging: { cursors: { before: cursor(0), after: cursor(data.length - 1) } } } : { data });
