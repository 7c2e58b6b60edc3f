import { z } from 'zod';
import type { HistoryOptions, HistoryResult } from '../channel-definition.ts';
import type { ContactRef, MediaRef, MessageEvent, PlatformCallContext } from '../types.ts';
import { compact } from './messaging-content.ts';
import { graphRequest, type GraphRequest, type MetaProduct } from './graph-client.ts';
import { parseBody } from '../http/outcome.ts';

/**
 * Messenger and Instagram share the Conversations API (FACTS 2.7, 3.7):
 * `GET /{PAGE_ID|me}/conversations?platform=…&fields=…,messages.limit(20){…}`, newest first,
 * cursor paging. Only the 20 most recent messages of a conversation are readable, so that is all
 * one pass can recover per conversation. 2 calls/s per Page: pages are read one after another,
 * PAGE_SPACING_MS apart.
 */
export interface ConversationsSource {
  product: Extract<MetaProduct, 'messenger' | 'instagram'>;
  host: NonNullable<GraphRequest['host']>;
  /** `/{PAGE_ID}/conversations` or `/me/conversations`, already encoded. */
  path: string;
  token: string;
  /** The business's own ids (page id, Instagram account id): the other participant is the customer. */
  businessIds: string[];
  /** Sub-fields of each message; FACTS 2.7 / 3.7 name them per product. */
  messageFields: string;
}

export const RECENT_MESSAGES = 20;
const DEFAULT_CONVERSATIONS = 50;
const PAGE_SIZE = 25;
const PAGE_SPACING_MS = 500;

const Party = z.looseObject({ id: z.string().min(1), name: z.string().nullish().catch(undefined), username: z.string().nullish().catch(undefined) });
const Edge = <T extends z.ZodType>(item: T) => z.looseObject({ data: z.array(item) });

const PageSchema = z.looseObject({
  data: z.array(z.unknown()),
  paging: z
    .looseObject({ cursors: z.looseObject({ after: z.string().nullish() }).nullish(), next: z.string().nullish() })
    .nullish()
    .catch(undefined),
});
const ConversationSchema = z.looseObject({
  id: z.string().min(1),
  updated_time: z.string().nullish().catch(undefined),
  participants: Edge(Party).nullish().catch(undefined),
  messages: Edge(z.unknown()).nullish().catch(undefined),
});
/** Only the id is required: anything else odd is read as absent, and the message kept (pitfall 10). */
const MessageSchema = z.looseObject({
  id: z.string().min(1),
  created_time: z.string().nullish().catch(undefined),
  from: Party.nullish().catch(undefined),
  to: Edge(Party).nullish().catch(undefined),
  message: z.string().nullish().catch(undefined),
  attachments: Edge(z.unknown()).nullish().catch(undefined),
  /** Messenger: the sticker's image URL. */
  sticker: z.string().nullish().catch(undefined),
  /** Instagram: a story mention or a reply to a story (FACTS 3.7). */
  story: z.unknown().optional(),
});
const AttachmentSchema = z.looseObject({
  mime_type: z.string().nullish(),
  name: z.string().nullish(),
  image_data: z.looseObject({ url: z.string().min(1) }).nullish(),
  video_data: z.looseObject({ url: z.string().min(1) }).nullish(),
  file_url: z.string().min(1).nullish(),
});
const StoryLink = z.looseObject({ link: z.string().nullish(), id: z.string().nullish() });
const StorySchema = z.looseObject({ mention: StoryLink.nullish(), reply_to: StoryLink.nullish() });

type Party = z.infer<typeof Party>;
type HistoryMessage = z.infer<typeof MessageSchema>;

export async function fetchConversations(call: PlatformCallContext, source: ConversationsSource, options: HistoryOptions): Promise<HistoryResult> {
  const limit = options.limit ?? DEFAULT_CONVERSATIONS;
  const since = options.since?.getTime();
  const business = new Set(source.businessIds);
  const events: MessageEvent[] = [];
  let read = 0;
  let after: string | undefined;
  for (let page = 0; read < limit; page++) {
    if (page > 0) await new Promise((resolve) => setTimeout(resolve, PAGE_SPACING_MS));
    const query: Record<string, string> = {
      platform: source.product,
      fields: `id,updated_time,participants,messages.limit(${RECENT_MESSAGES}){${source.messageFields}}`,
      limit: String(Math.min(PAGE_SIZE, limit - read)),
      ...(after && { after }),
    };
    const res = await graphRequest(call, { product: source.product, host: source.host, method: 'GET', path: source.path, token: source.token, auth: 'query', query });
    if (!res.ok) return res;
    const parsed = parseBody(PageSchema, res.body, 'Meta');
    if (!parsed.ok) return parsed;
    let reachedOlder = false;
    for (const item of parsed.value.data) {
      const conv = ConversationSchema.safeParse(item);
      if (!conv.success) continue;
      const updated = conv.data.updated_time ? Date.parse(conv.data.updated_time) : Number.NaN;
      // Newest first: a conversation untouched since the last pass has nothing new (FACTS 2.7).
      if (since !== undefined && updated < since) {
        reachedOlder = true;
        continue;
      }
      read++;
      const customer = conv.data.participants?.data.find((p) => !business.has(p.id));
      for (const raw of conv.data.messages?.data ?? []) {
        const event = messageEvent(call.accountId, raw, business, customer);
        if (event) events.push(event);
      }
    }
    after = parsed.value.paging?.cursors?.after ?? undefined;
    if (reachedOlder || !parsed.value.paging?.next || !after) break;
  }
  return { ok: true, events };
}

function messageEvent(accountId: string, raw: unknown, business: Set<string>, conversationCustomer: Party | undefined): MessageEvent | undefined {
  const parsed = MessageSchema.safeParse(raw);
  if (!parsed.success) return undefined;
  const m = parsed.data;
  const outbound = m.from !== undefined && m.from !== null && business.has(m.from.id);
  // The customer: the sender of an inbound message, the recipient of the business's own.
  const party = outbound ? (m.to?.data.find((p) => !business.has(p.id)) ?? conversationCustomer) : (m.from ?? conversationCustomer);
  if (!party || business.has(party.id)) return undefined;
  const event: MessageEvent = { kind: 'message', accountId, externalId: m.id, direction: outbound ? 'outbound' : 'inbound', contact: contactOf(party), contentType: 'unsupported' };
  const at = m.created_time ? Date.parse(m.created_time) : Number.NaN;
  if (Number.isFinite(at)) event.timestamp = at;
  readContent(event, m, raw);
  return event;
}

function contactOf(party: Party): ContactRef {
  const contact: ContactRef = { platformUserId: party.id };
  if (party.name) contact.displayName = party.name;
  if (party.username) contact.username = party.username;
  return contact;
}

/** Text, attachments, sticker and story, read the way the webhook normaliser reads them (messaging-content.ts). */
function readContent(event: MessageEvent, m: HistoryMessage, raw: unknown): void {
  let unsupported = false;
  const media: MediaRef[] = [];
  if (m.sticker) media.push({ type: 'sticker', url: m.sticker });
  for (const item of m.attachments?.data ?? []) {
    const ref = mediaRef(item);
    if (ref) media.push(ref);
    else unsupported = true;
  }
  const share = storyShare(m.story);
  const text = m.message ? m.message : undefined;
  if (text !== undefined) event.text = text;
  if (media.length > 0) event.media = media;
  if (share) event.share = share;
  if (unsupported) event.contentType = 'unsupported';
  else if (media[0]) event.contentType = media[0].type;
  else if (share) event.contentType = 'share';
  else if (text !== undefined) event.contentType = 'text';
  // An attachment of a kind Graph describes otherwise, or an empty message: kept verbatim.
  if (event.contentType === 'unsupported') event.raw = raw;
}

/** Graph describes an attachment by what it carries: image_data, video_data or a file_url (audio and files). */
function mediaRef(item: unknown): MediaRef | undefined {
  const parsed = AttachmentSchema.safeParse(item);
  if (!parsed.success) return undefined;
  const a = parsed.data;
  const mime = a.mime_type ?? undefined;
  let ref: MediaRef | undefined;
  if (a.image_data) ref = { type: 'image', url: a.image_data.url };
  else if (a.video_data) ref = { type: 'video', url: a.video_data.url };
  else if (a.file_url) ref = { type: mime?.startsWith('audio/') ? 'audio' : mime?.startsWith('video/') ? 'video' : 'file', url: a.file_url };
  if (!ref) return undefined;
  if (mime) ref.mimeType = mime;
  if (a.name && ref.type === 'file') ref.filename = a.name;
  return ref;
}

function storyShare(story: unknown): Record<string, unknown> | undefined {
  const parsed = StorySchema.safeParse(story);
  if (!parsed.success) return undefined;
  const { mention, reply_to: replyTo } = parsed.data;
  if (mention) return compact({ type: 'story_mention', url: mention.link, id: mention.id });
  if (replyTo) return compact({ type: 'story_reply', url: replyTo.link, id: replyTo.id });
  return undefined;
}
