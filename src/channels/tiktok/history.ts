import { z } from 'zod';
import { failed, parseBody, parseJson, unreadable, type Outcome } from '../http/outcome.ts';
import { readText, timedFetch } from '../http/timed-fetch.ts';
import type { ChannelHistory, HistoryOptions, HistoryResult } from '../channel-definition.ts';
import type { MessageEvent, PlatformCallContext } from '../types.ts';
import { tiktokFailure, TIKTOK_API_VERSION } from './api.ts';
import { messageEvent } from './message-event.ts';
import { MessageContentSchema } from './payload.ts';

/**
 * TikTok history (FACTS 6.7): `GET business/message/conversation/list/` for followers (SINGLE)
 * and others (STRANGER), newest first with a numeric cursor (conversations active in the last
 * ~90 days [3p]), then `GET business/message/content/list/` per conversation: its 20 most recent
 * messages and the participants, no paging. Each message becomes the event the webhook would have
 * made (message-event.ts), with `metadata.conversationId`, which replies need (FACTS 6.3).
 */

const DEFAULT_CONVERSATIONS = 50;
const PAGE_SIZE = 50;

const intLike = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);
const EnvelopeSchema = z.looseObject({ code: intLike, message: z.string().optional(), data: z.unknown().optional() });
const ConversationListSchema = z.looseObject({
  conversations: z.array(z.looseObject({ conversation_id: z.string().min(1), update_time: intLike.optional().catch(undefined) })).catch([]),
  cursor: intLike.optional().catch(undefined),
  has_more: z.boolean().optional().catch(false),
});
const ParticipantSchema = z.looseObject({
  id: z.string().min(1),
  role: z.string().optional().catch(undefined),
  display_name: z.string().optional().catch(undefined),
  username: z.string().optional().catch(undefined),
});
const ContentListSchema = z.looseObject({
  messages: z.array(z.record(z.string(), z.unknown())).catch([]),
  participants: z.array(z.unknown()).catch([]),
});
type Participant = z.infer<typeof ParticipantSchema>;

export async function fetchHistory(call: PlatformCallContext, options: HistoryOptions): Promise<HistoryResult> {
  const limit = options.limit ?? DEFAULT_CONVERSATIONS;
  const conversations = await listConversations(call, limit, options.since);
  if (!conversations.ok) return conversations;
  const events: MessageEvent[] = [];
  for (const conversationId of conversations.value) {
    const res = await tiktokGet(call, 'business/message/content/list/', { business_id: call.accountId, conversation_id: conversationId });
    if (!res.ok) return res;
    const content = parseBody(ContentListSchema, res.value, 'TikTok');
    if (!content.ok) return content;
    const participants = content.value.participants.flatMap((p) => {
      const parsed = ParticipantSchema.safeParse(p);
      return parsed.success ? [parsed.data] : [];
    });
    for (const item of content.value.messages) {
      const event = historyEvent(call.accountId, conversationId, item, participants);
      if (event) events.push(event);
    }
  }
  return { ok: true, events };
}

/** Conversation ids of both lists, newest first, stopping at ones untouched since `since`. */
async function listConversations(call: PlatformCallContext, limit: number, since: Date | undefined): Promise<Outcome<string[]>> {
  const ids: string[] = [];
  const sinceS = since === undefined ? undefined : Math.floor(since.getTime() / 1000);
  for (const type of ['SINGLE', 'STRANGER']) {
    let cursor = 0;
    for (;;) {
      const res = await tiktokGet(call, 'business/message/conversation/list/', {
        business_id: call.accountId,
        conversation_type: type,
        limit: String(Math.min(PAGE_SIZE, Math.max(1, limit - ids.length))),
        cursor: String(cursor),
      });
      if (!res.ok) return res;
      const page = parseBody(ConversationListSchema, res.value, 'TikTok');
      if (!page.ok) return page;
      let reachedOlder = false;
      for (const c of page.value.conversations) {
        if (sinceS !== undefined && c.update_time !== undefined && c.update_time < sinceS) reachedOlder = true;
        else if (ids.length < limit && !ids.includes(c.conversation_id)) ids.push(c.conversation_id);
      }
      const next = page.value.cursor;
      if (reachedOlder || !page.value.has_more || next === undefined || next <= cursor || ids.length >= limit) break;
      cursor = next;
    }
  }
  return { ok: true, value: ids };
}

/**
 * One content-list message as the webhook's content object: REST enums are uppercase
 * (`message_type: "TEXT"`), webhook ones lowercase (`type: "text"`, FACTS 6.1); the handles and
 * the display name come from the participants.
 */
function historyEvent(accountId: string, conversationId: string, item: Record<string, unknown>, participants: Participant[]): MessageEvent | undefined {
  const type = item.type ?? item.message_type;
  const content = MessageContentSchema.safeParse({ ...item, type: typeof type === 'string' ? type.toLowerCase() : type, conversation_id: conversationId });
  if (!content.success) return undefined;
  const from = content.data.from_user;
  const isBusiness = (p: { id: string; role?: string | undefined } | undefined) => p !== undefined && (p.id === accountId || p.role?.toLowerCase() === 'business_account');
  const direction = isBusiness(from) ? 'outbound' : 'inbound';
  const customerId = (direction === 'inbound' ? from : content.data.to_user)?.id;
  const customer = participants.find((p) => p.id === customerId);
  const handle = (id: string | undefined) => participants.find((p) => p.id === id)?.username;
  const withHandles = {
    ...content.data,
    from: content.data.from ?? handle(from?.id),
    to: content.data.to ?? handle(content.data.to_user?.id),
  };
  const event = messageEvent({ accountId, content: withHandles, raw: item, direction, createTimeMs: undefined });
  if (event.kind !== 'message' || isBusiness(customer) || event.contact.platformUserId === accountId) return undefined;
  if (customer?.display_name) event.contact.displayName = customer.display_name;
  return event;
}

/** A GET of TikTok's API: HTTP 200 with `{code, message, data}`, a non-zero code is a failure (FACTS 6.3, 7.30). */
async function tiktokGet(call: PlatformCallContext, apiPath: string, query: Record<string, string>): Promise<Outcome<unknown>> {
  const c = call.credentials;
  if (c.platform !== 'tiktok') throw new Error(`TikTok history called with ${c.platform} credentials`);
  // URLSearchParams encodes `+` in conversation ids as %2B (FACTS 6.7, pitfall 30).
  const url = new URL(`${call.urls.tiktok.replace(/\/+$/, '')}/open_api/${TIKTOK_API_VERSION}/${apiPath}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const sent = await timedFetch(call, url, { method: 'GET', headers: { 'access-token': c.accessToken, accept: 'application/json' } }, 'TikTok');
  if (!sent.ok) return sent;
  const text = await readText(sent.res, call, 'TikTok');
  if (!text.ok) return text;
  const { status, headers } = sent.res;
  const envelope = EnvelopeSchema.safeParse(parseJson(text.value));
  if (!envelope.success) return failed(status >= 400 ? tiktokFailure(undefined, undefined, status, headers) : unreadable('TikTok', status));
  if (envelope.data.code !== 0) return failed(tiktokFailure(envelope.data.code, envelope.data.message, status, headers));
  if (!sent.res.ok) return failed(tiktokFailure(undefined, envelope.data.message, status, headers));
  return { ok: true, value: envelope.data.data };
}

export const tiktokHistory: ChannelHistory = { fetch: fetchHistory };
