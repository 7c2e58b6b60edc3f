import { sql } from 'kysely';
import type { LiveEventPayload } from '../../contract/realtime.ts';
import type { NotificationTrigger, PushPayload } from '../../contract/notifications.ts';
import type { Db } from '../../db/database.ts';
import type { StoredEvent } from '../realtime/event-stream.ts';
import { activeUsersWithPreferences } from './notification-preferences.ts';
import { pushText } from './push-texts.ts';

/** One notification for one user. */
export interface Notification {
  userId: number;
  payload: PushPayload;
}

type User = Awaited<ReturnType<typeof activeUsersWithPreferences>>[number];
type NewMessage = LiveEventPayload<'new:message'>;
type ConversationUpdated = LiveEventPayload<'conversation:updated'>;
type Mention = LiveEventPayload<'mention'>;

/** A body is a glance, not the message: the app shows the rest. */
const BODY_CHARS = 180;

/**
 * Is this event one that may notify someone? Only these are claimed (push-notifier.ts): a
 * customer's message, a `mention` (a private note naming agents, as the server recognised them
 * when it stored the note), an assignment by someone.
 */
export function mayNotify(event: StoredEvent): boolean {
  if (event.type === 'new:message') {
    const m = event.payload.message;
    return m.direction === 'inbound' && !m.isEcho && !m.isPrivateNote && event.payload.conversation !== undefined;
  }
  if (event.type === 'mention') return event.payload.mentionedUserIds.length > 0;
  if (event.type === 'conversation:updated') return event.payload.slaBreach === true || (event.payload.assignedBy !== undefined && event.payload.conversation.assigneeId !== null);
  return false;
}

/**
 * Who is notified of these events, and with what, by each user's preferences: a customer's first
 * message (new conversation) or a message in a conversation assigned to them, a conversation
 * assigned to them by someone else, a note naming them. SLA breaches have their own entry point
 * (slaBreachNotifications) for when SLAs are measured. A user gets one notification per event.
 */
export async function decideNotifications(db: Db, organizationId: number, events: StoredEvent[]): Promise<Notification[]> {
  const users = await activeUsersWithPreferences(db, organizationId);
  if (users.length === 0) return [];
  const customer = events.flatMap((e) => (e.type === 'new:message' && !e.payload.message.isPrivateNote ? [e.payload] : []));
  const firsts = await firstInboundOf(
    db,
    customer.map((m) => m.message.conversationId),
  );
  const conversationIds = events.flatMap((e) => (e.type === 'new:message' || e.type === 'mention' ? [conversationOf(e)] : e.type === 'conversation:updated' ? [e.payload.conversation.id] : []));
  const names = await contactNames(db, organizationId, conversationIds);
  const out: Notification[] = [];
  for (const e of events) {
    if (e.type === 'mention') out.push(...mentionNotifications(e.payload, users, names));
    else if (e.type === 'new:message' && !e.payload.message.isPrivateNote)
      out.push(...messageNotifications(e.payload, users, names, firsts.get(e.payload.message.conversationId) === e.payload.message.id));
    else if (e.type === 'conversation:updated' && e.payload.slaBreach) {
      const c = e.payload.conversation;
      out.push(...slaBreachNotifications({ id: c.id, assigneeId: c.assigneeId, contactName: names.get(c.id) ?? 'a customer' }, users));
    } else if (e.type === 'conversation:updated') out.push(...assignmentNotifications(e.payload, users, names));
  }
  return out;
}

function messageNotifications(event: NewMessage, users: User[], names: Map<number, string>, first: boolean): Notification[] {
  const { message, conversation } = event;
  const name = names.get(message.conversationId);
  const text = message.preview ?? message.content;
  return users.flatMap((u) => {
    // Each in the reader's language; the customer's name and words stay as they are.
    const contact = name ?? pushText(u.language, 'aCustomer');
    const body = glance(text ?? pushText(u.language, 'newMessage'));
    if (first && u.preferences.newConversation) return [notice(u, 'newConversation', pushText(u.language, 'newConversation', { contact }), body, message.conversationId)];
    if (conversation?.assigneeId === u.id && u.preferences.newMessage) return [notice(u, 'newMessage', contact, body, message.conversationId)];
    return [];
  });
}

function mentionNotifications(event: Mention, users: User[], names: Map<number, string>): Notification[] {
  const authorName = users.find((u) => u.id === event.authorUserId)?.name;
  const mentioned = new Set(event.mentionedUserIds);
  const contact = names.get(event.conversationId);
  return users
    .filter((u) => mentioned.has(u.id) && u.id !== event.authorUserId && u.preferences.mentioned)
    .map((u) => {
      const author = authorName ?? pushText(u.language, 'someone');
      const title = contact ? pushText(u.language, 'mentionedAbout', { author, contact }) : pushText(u.language, 'mentioned', { author });
      return notice(u, 'mentioned', title, glance(event.excerpt), event.conversationId);
    });
}

function conversationOf(e: Extract<StoredEvent, { type: 'new:message' | 'mention' }>): number {
  return e.type === 'mention' ? e.payload.conversationId : e.payload.message.conversationId;
}

function assignmentNotifications(event: ConversationUpdated, users: User[], names: Map<number, string>): Notification[] {
  const { conversation, assignedBy } = event;
  const user = users.find((u) => u.id === conversation.assigneeId);
  // Taking a conversation yourself needs no telling.
  if (!user || assignedBy === user.id || !user.preferences.assigned) return [];
  const by = users.find((u) => u.id === assignedBy)?.name;
  const contact = names.get(conversation.id) ?? pushText(user.language, 'aCustomer');
  const preview = conversation.preview ? glance(conversation.preview) : '';
  const body = by ? [pushText(user.language, 'assignedBy', { by }), preview].filter(Boolean).join(' · ') : preview;
  return [notice(user, 'assigned', pushText(user.language, 'assigned', { contact }), body, conversation.id)];
}

/**
 * An SLA breach (src/core/sla announces it once per wait as `conversation:updated` with `slaBreach`): the users to tell
 * (the assignee, or everyone when nobody is assigned) filtered by their preference.
 */
export function slaBreachNotifications(conversation: { id: number; assigneeId: number | null; contactName: string }, users: User[]): Notification[] {
  return users
    .filter((u) => (conversation.assigneeId === null || conversation.assigneeId === u.id) && u.preferences.slaBreach)
    .map((u) => notice(u, 'slaBreach', pushText(u.language, 'slaBreach', { contact: conversation.contactName }), pushText(u.language, 'slaBreachBody'), conversation.id));
}

function notice(user: { id: number }, trigger: NotificationTrigger, title: string, body: string, conversationId: number): Notification {
  return { userId: user.id, payload: { trigger, title, body, url: `/inbox/${conversationId}`, tag: `conversation-${conversationId}`, conversationId } };
}

function glance(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > BODY_CHARS ? `${[...flat].slice(0, BODY_CHARS - 1).join('')}…` : flat;
}

/** Each conversation's first customer message: a message that is its conversation's first starts a conversation. */
async function firstInboundOf(db: Db, conversationIds: number[]): Promise<Map<number, number>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('messages')
    .select(['conversation_id', sql<number>`min(id)`.as('first')])
    .where('conversation_id', '=', sql<number>`any(${[...new Set(conversationIds)]}::bigint[])`)
    .where('direction', '=', 'inbound')
    .groupBy('conversation_id')
    .execute();
  return new Map(rows.map((r) => [r.conversation_id, Number(r.first)]));
}

/** The name agents know each conversation's customer by. */
async function contactNames(db: Db, organizationId: number, conversationIds: number[]): Promise<Map<number, string>> {
  if (conversationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('conversations as c')
    .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
    .leftJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .select(['c.id', 'ct.display_name', 'i.display_name as identityName', 'i.username'])
    .where('c.organization_id', '=', organizationId)
    .where('c.id', '=', sql<number>`any(${[...new Set(conversationIds)]}::bigint[])`)
    .execute();
  return new Map(
    rows.flatMap((r) => {
      const name = r.display_name ?? r.identityName ?? r.username;
      return name ? [[r.id, name] as const] : [];
    }),
  );
}
