import type { ContactRef, MessageEvent, NormalizedEvent } from '../types.ts';
import { compact, messagingContent } from './messaging-content.ts';
import { DeliverySchema, ItemBaseSchema, MessageEditSchema, MessageSchema, OptionalReferralSchema, PostbackSchema, ReactionSchema, ReadSchema, type ItemBase } from './messaging-schemas.ts';

/** One `messaging[]` / `standby[]` item of a Messenger or Instagram entry → events (FACTS 2.1, 3.1). */
export interface ItemContext {
  /** entry.id: the Page id or Instagram account id, the trusted routing id. */
  accountId: string;
  label: string;
  standby: boolean;
}

/**
 * Known items that are not about a conversation's content: kept as `unknown` for the journal
 * rather than shown as empty bubbles.
 */
const NOT_CONTENT = new Set(['optin', 'pass_thread_control', 'take_thread_control', 'request_thread_control', 'app_roles', 'policy_enforcement', 'account_linking']);
const PARTIES = new Set(['sender', 'recipient', 'timestamp']);

export function messagingItemEvents(item: unknown, ctx: ItemContext): NormalizedEvent[] {
  const base = ItemBaseSchema.safeParse(item);
  if (!base.success) return [unknown(ctx, 'messaging item is not an object', item)];
  const it = base.data;
  if ('message' in it) return messageEvents(it, item, ctx);
  if ('message_edit' in it) return editEvents(it, item, ctx);
  if ('reaction' in it) return reactionEvents(it, item, ctx);
  if ('read' in it) return readEvents(it, item, ctx);
  if ('delivery' in it) return deliveryEvents(it, item, ctx);
  if ('postback' in it) return postbackEvents(it, item, ctx);
  if ('referral' in it) return referralEvents(it, item, ctx);
  const key = Object.keys(it).find((k) => !PARTIES.has(k)) ?? 'empty';
  if (NOT_CONTENT.has(key)) return [unknown(ctx, `${key} not handled`, item)];
  return [unsupported(it, item, ctx, `item "${key}" not understood`, key)];
}

function messageEvents(it: ItemBase, item: unknown, ctx: ItemContext): NormalizedEvent[] {
  const parsed = MessageSchema.safeParse(it['message']);
  if (!parsed.success) return [unsupported(it, item, ctx, 'malformed message', 'message', midOf(it['message']))];
  const message = parsed.data;
  const echo = message.is_echo === true;
  const contactId = echo ? it.recipient?.id : it.sender?.id;
  if (!contactId) return [unknown(ctx, 'message without a sender/recipient', item)];
  const contact = { platformUserId: contactId };

  // Instagram unsend reuses the original mid: mark that message, never insert one (FACTS 3.1, pitfall 16).
  if (message.is_deleted === true) {
    return [{ kind: 'unsend', accountId: ctx.accountId, contact, targetExternalId: message.mid, timestamp: it.timestamp }];
  }

  const content = messagingContent(message);
  const metadata = content.metadata;
  if (message.quick_reply) metadata['quick_reply_payload'] = message.quick_reply.payload;
  if (echo && message.app_id) metadata['app_id'] = message.app_id;
  if (echo && message.metadata) metadata['echo_metadata'] = message.metadata;
  if (ctx.standby) metadata['standby'] = true;
  // Click-to-Messenger / ig.me referrals ride on the first message, or beside it in the item.
  const referral = message.referral ?? OptionalReferralSchema.parse(it['referral']);

  const event: MessageEvent = {
    kind: 'message',
    accountId: ctx.accountId,
    externalId: message.mid,
    direction: echo ? 'outbound' : 'inbound',
    contact,
    timestamp: it.timestamp,
    contentType: content.contentType,
  };
  if (content.text !== undefined) event.text = content.text;
  if (content.media) event.media = content.media;
  if (content.share) event.share = content.share;
  if (content.location) event.location = content.location;
  if (message.reply_to?.mid) event.replyToExternalId = message.reply_to.mid;
  if (referral) event.referral = referral;
  if (content.keepRaw) event.raw = item;
  if (Object.keys(metadata).length > 0) event.metadata = metadata;
  return [event];
}

function editEvents(it: ItemBase, item: unknown, ctx: ItemContext): NormalizedEvent[] {
  const edit = MessageEditSchema.safeParse(it['message_edit']);
  if (!edit.success || !it.sender) return [unsupported(it, item, ctx, 'malformed message_edit', 'message_edit')];
  return [{ kind: 'edit', accountId: ctx.accountId, contact: contactOf(it.sender.id), targetExternalId: edit.data.mid, text: edit.data.text, timestamp: it.timestamp }];
}

/** `unreact` may omit reaction and emoji (FACTS 2.1); a `react` names at least one of them. */
function reactionEvents(it: ItemBase, item: unknown, ctx: ItemContext): NormalizedEvent[] {
  const parsed = ReactionSchema.safeParse(it['reaction']);
  if (!parsed.success || !it.sender) return [unsupported(it, item, ctx, 'malformed reaction', 'reaction')];
  const r = parsed.data;
  const emoji = r.action === 'unreact' ? null : (r.emoji ?? r.reaction ?? undefined);
  if (emoji === undefined) return [unknown(ctx, `reaction action "${r.action}" not understood`, item)];
  return [{ kind: 'reaction', accountId: ctx.accountId, contact: contactOf(it.sender.id), targetExternalId: r.mid, emoji, timestamp: it.timestamp }];
}

/** Messenger: a watermark; Instagram `messaging_seen`: one mid (FACTS 3.1, pitfall 13). */
function readEvents(it: ItemBase, item: unknown, ctx: ItemContext): NormalizedEvent[] {
  const parsed = ReadSchema.safeParse(it['read']);
  if (!parsed.success || !it.sender) return [unknown(ctx, 'malformed read receipt', item)];
  const contact = contactOf(it.sender.id);
  const events: NormalizedEvent[] = [];
  if (parsed.data.mid) {
    events.push({ kind: 'status', accountId: ctx.accountId, externalId: parsed.data.mid, status: 'read', timestamp: it.timestamp, contact });
  }
  if (parsed.data.watermark != null) {
    events.push({ kind: 'watermark', accountId: ctx.accountId, contact, status: 'read', watermark: parsed.data.watermark, timestamp: it.timestamp });
  }
  return events;
}

/** One `delivered` status per listed mid, then the watermark, which covers unlisted ones (FACTS 2.1). */
function deliveryEvents(it: ItemBase, item: unknown, ctx: ItemContext): NormalizedEvent[] {
  const parsed = DeliverySchema.safeParse(it['delivery']);
  if (!parsed.success || !it.sender) return [unknown(ctx, 'malformed delivery receipt', item)];
  const contact = contactOf(it.sender.id);
  const events: NormalizedEvent[] = (parsed.data.mids ?? []).map((mid) => ({
    kind: 'status' as const,
    accountId: ctx.accountId,
    externalId: mid,
    status: 'delivered' as const,
    timestamp: it.timestamp,
    contact,
  }));
  events.push({ kind: 'watermark', accountId: ctx.accountId, contact, status: 'delivered', watermark: parsed.data.watermark, timestamp: it.timestamp });
  return events;
}

/** What a postback without a title shows until its button is found (src/core/ingest/name-postbacks.ts). */
export const UNTITLED_POSTBACK = 'Pressed a button';

/**
 * A postback (button, Get Started, persistent menu) is what the customer chose: stored as a text
 * message showing the button's title, so the agent sees it and it opens the 24 h window
 * (FACTS 2.4). Standby postbacks lack `payload` (FACTS 2.1). A postback without a title never
 * shows the developer's payload: it is marked `postback_untitled`, and ingestion names it by the
 * button of that payload in a card the business sent in the thread, else "Pressed a button".
 */
function postbackEvents(it: ItemBase, item: unknown, ctx: ItemContext): NormalizedEvent[] {
  // Plugin guests are named by `sender.user_ref`, not a PSID: no contact snorq can reply to.
  if (!it.sender) return [unknown(ctx, 'postback without a sender id', item)];
  const parsed = PostbackSchema.safeParse(it['postback']);
  const postback = parsed.success ? parsed.data : undefined;
  if (!postback || (!postback.title && !postback.payload)) return [unsupported(it, item, ctx, 'malformed postback', 'postback')];
  const text = postback.title || UNTITLED_POSTBACK;
  const externalId = postback.mid ?? derivedId('postback', it);
  if (!externalId) return [unknown(ctx, 'postback without mid or timestamp', item)];
  const metadata: Record<string, unknown> = compact({ postback_payload: postback.payload });
  metadata['postback'] = true;
  if (!postback.title) metadata['postback_untitled'] = true;
  if (ctx.standby) metadata['standby'] = true;
  const event: MessageEvent = {
    kind: 'message',
    accountId: ctx.accountId,
    externalId,
    direction: 'inbound',
    contact: contactOf(it.sender.id),
    timestamp: it.timestamp,
    contentType: 'text',
    text,
    metadata,
  };
  if (postback.referral) event.referral = postback.referral;
  return [event];
}

/**
 * A standalone `referral` (messaging_referrals): someone already in a thread came back to it from
 * an m.me / ig.me link, an ad or the chat plugin, without writing yet. Meta counts that as the
 * person acting, so it is stored as a `referral` message in the thread: the agent sees where the
 * customer came from (ref, ad id, ad title) and the reply window opens from it, as on the platform.
 * Its id is derived (`referral:sender:timestamp`) so a redelivery dedupes; a referral that is not
 * an object is kept raw beside an empty one.
 */
function referralEvents(it: ItemBase, item: unknown, ctx: ItemContext): NormalizedEvent[] {
  // Chat-plugin guests are named by `sender.user_ref`, not a PSID: no contact snorq can reply to.
  if (!it.sender) return [unknown(ctx, 'referral without a sender id', item)];
  const externalId = derivedId('referral', it);
  if (!externalId) return [unknown(ctx, 'referral without a timestamp', item)];
  const referral = OptionalReferralSchema.parse(it['referral']);
  const event: MessageEvent = {
    kind: 'message',
    accountId: ctx.accountId,
    externalId,
    direction: 'inbound',
    contact: contactOf(it.sender.id),
    timestamp: it.timestamp,
    contentType: 'referral',
    referral: referral ?? {},
  };
  if (!referral) event.raw = item;
  if (ctx.standby) event.metadata = { standby: true };
  return [event];
}

/**
 * An item snorq cannot read but that names a customer: an `unsupported` message kept verbatim
 * (pitfall 10). Its id is the mid, or — for items without one — derived from the item itself
 * (`key:sender:timestamp`), so a retried delivery dedupes. Without either it is `unknown`.
 */
function unsupported(it: ItemBase, item: unknown, ctx: ItemContext, reason: string, key: string, mid?: string): NormalizedEvent {
  const sender = it.sender?.id;
  const externalId = mid ?? derivedId(key, it);
  if (!sender || !externalId) return unknown(ctx, reason, item);
  // The business's own id as sender means an echo: the customer is the recipient.
  const outbound = sender === ctx.accountId && it.recipient !== undefined;
  const contactId = outbound && it.recipient ? it.recipient.id : sender;
  const event: MessageEvent = {
    kind: 'message',
    accountId: ctx.accountId,
    externalId,
    direction: outbound ? 'outbound' : 'inbound',
    contact: contactOf(contactId),
    timestamp: it.timestamp,
    contentType: 'unsupported',
    raw: item,
  };
  if (ctx.standby) event.metadata = { standby: true };
  return event;
}

function derivedId(key: string, it: ItemBase): string | undefined {
  return it.sender && it.timestamp !== undefined ? `${key}:${it.sender.id}:${it.timestamp}` : undefined;
}

function midOf(message: unknown): string | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const mid = (message as Record<string, unknown>)['mid'];
  return typeof mid === 'string' && mid.length > 0 ? mid : undefined;
}

function contactOf(platformUserId: string): ContactRef {
  return { platformUserId };
}

function unknown(ctx: ItemContext, reason: string, raw: unknown): NormalizedEvent {
  return { kind: 'unknown', accountId: ctx.accountId, reason: `${ctx.label}: ${reason}`, raw };
}
