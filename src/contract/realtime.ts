import { z } from 'zod';
import { ConversationFieldsSchema } from './conversations.ts';
import { MessageSchema, MessageStatusSchema } from './messages.ts';
import { PresenceSchema, type ConversationActivity } from './presence.ts';

/**
 * The live events (Socket.IO), by name: what the event log stores (src/core/events/event-log.ts),
 * what the server emits (src/server/realtime/socket-server.ts) and what the web app listens to
 * (web/src/live/live-events.ts). Each reaches a socket with the organisation's `seq` added.
 */
export const LIVE_EVENTS = {
  /** A message stored (received, or queued by an agent, a private note too) and its conversation. */
  'new:message': z.object({ message: MessageSchema, conversation: ConversationFieldsSchema.optional() }),
  /** The platform accepted a reply. */
  'message:sent': z.object({ messageId: z.number(), conversationId: z.number(), externalId: z.string().nullable(), status: z.literal('sent') }),
  /** A reply's status moved (delivered, read, failed, pending again for a retry). */
  'message:status': z.object({
    messageId: z.number(),
    conversationId: z.number(),
    status: MessageStatusSchema,
    errorCode: z.string().nullable().optional(),
    errorReason: z.string().nullable().optional(),
    errorDetail: z.string().nullable().optional(),
  }),
  /** A message changed (media downloaded, an edit, a reaction, an unsend, a receipt). */
  'message:updated': z.object({ message: MessageSchema }),
  /** A copy removed: the platform's echo of a reply, stored before the send was recorded (`replacedBy` is the reply). */
  'message:deleted': z.object({ messageId: z.number(), conversationId: z.number(), replacedBy: z.number().optional() }),
  /** The conversation's fields changed; `readMessageIds` when an agent marked it read. */
  'conversation:updated': z.object({
    conversation: ConversationFieldsSchema,
    readMessageIds: z.array(z.number()).optional(),
    /** Present when this change gave the conversation to a new assignee: who did it (null: snorq itself). */
    assignedBy: z.number().nullable().optional(),
    /** Present when the conversation just passed its SLA target (src/core/sla): announced once per wait. */
    slaBreach: z.literal(true).optional(),
    /** Present when only the SLA clock moved (a wait began, targets changed): no field an agent or a rule changes. */
    slaClock: z.literal(true).optional(),
  }),
  /** A contact's own fields changed (name, e-mail, phone, labels, attributes); readers fetch the contact (outgoing webhooks' `contact.updated`). */
  'contact:updated': z.object({ contactId: z.number() }),
  /** An agent's presence changed: online, away or offline (src/core/presence). */
  'presence:updated': z.object({ userId: z.number(), presence: PresenceSchema }),
  /**
   * A private note mentioned agents by `@name` (each an active user of the organisation; the note's
   * `new:message` carries the same ids as `message.mentions`): who wrote it, where, who is
   * mentioned, and the note's first 200 characters.
   */
  mention: z.object({
    messageId: z.number(),
    conversationId: z.number(),
    authorUserId: z.number().nullable(),
    mentionedUserIds: z.array(z.number()),
    excerpt: z.string(),
  }),
} as const;

export type LiveEventType = keyof typeof LIVE_EVENTS;
export const LIVE_EVENT_TYPES = Object.keys(LIVE_EVENTS) as LiveEventType[];
export type LiveEventPayload<K extends LiveEventType> = z.infer<(typeof LIVE_EVENTS)[K]>;

/** An event as the log stores it, before it has a seq: `type` names the payload's schema. */
export type LoggedEvent = { [K in LiveEventType]: { type: K; payload: LiveEventPayload<K> } }[LiveEventType];

/** An event as a socket receives it. */
export type LiveEventMessage<K extends LiveEventType> = LiveEventPayload<K> & { seq: number };

/** What the server emits to a socket: the live events, and the connection's own notices. */
export type ServerToClientEvents = { [K in LiveEventType]: (event: LiveEventMessage<K>) => void } & {
  /** On connecting: the organisation's current seq (missed events follow, then live ones). */
  hello: (event: { seq: number }) => void;
  /** What the client holds can no longer be brought up to date by events: refetch. */
  'sync:required': (event: { reason: string }) => void;
  /** The session or token was revoked (signed out, disabled, password changed): the socket closes. */
  'session:ended': (event: { reason: string }) => void;
  /** Another agent is viewing or typing in (or left) a conversation this socket joined; not in the log, never replayed. */
  'conversation:activity': (event: ConversationActivity) => void;
};

/** What a client may ask of the server. */
export interface ClientToServerEvents {
  /** Follow one conversation (answered `{ ok: false }` for another organisation's). */
  'conversation:join': (request: { conversationId: number }, ack?: (answer: { ok: boolean }) => void) => void;
  'conversation:leave': (request: { conversationId: number }) => void;
  /** This tab is in use (`true`: visible and touched within the idle time) or idle: the agent's automatic presence follows their tabs. */
  'presence:activity': (request: { active: boolean }) => void;
  /** I am viewing or typing in this conversation (sent again while it lasts; rate-limited by the server). */
  'conversation:activity': (request: { conversationId: number; kind: 'viewing' | 'typing' }) => void;
}
