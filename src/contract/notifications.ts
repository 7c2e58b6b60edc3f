import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { schemaText } from './server-texts.ts';

/**
 * Notifications: what notifies each user (their profile's preferences), the Web Push
 * subscriptions of their devices, and what a push carries to the service worker
 * (web/src/service-worker/). The same preferences decide the sound and desktop notifications
 * of an open tab and the pushes sent when no tab is open (src/core/notifications).
 */

/**
 * The moments that may notify a user. `slaBreach` is kept for SLAs, which snorq does not measure yet.
 * `webhookDisabled` tells admins an outgoing webhook failed for 24 h and was disabled (no preference: always).
 */
export const NOTIFICATION_TRIGGERS = ['newConversation', 'newMessage', 'assigned', 'mentioned', 'slaBreach', 'webhookDisabled'] as const;
export const NotificationTriggerSchema = z.enum(NOTIFICATION_TRIGGERS);
export type NotificationTrigger = z.infer<typeof NotificationTriggerSchema>;

export const NotificationPreferencesSchema = z.object({
  /** A customer starts a conversation. */
  newConversation: z.boolean(),
  /** A customer writes in a conversation assigned to me. */
  newMessage: z.boolean(),
  /** Someone else assigns a conversation to me. */
  assigned: z.boolean(),
  /** Someone names me (`@name`) in a private note. */
  mentioned: z.boolean(),
  /** A conversation of mine passes its SLA (once SLAs exist). */
  slaBreach: z.boolean(),
  /** An open tab plays a sound for what notifies me. */
  sound: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

export const NotificationPreferencesResult = z.object({ preferences: NotificationPreferencesSchema });
/** Change some preferences; the others stay. */
export const NotificationPreferencesChange = NotificationPreferencesSchema.partial().strict();

/** A browser's PushSubscription, as its `toJSON()` gives it. */
export const NewPushSubscription = z.object({
  endpoint: z.url({ protocol: /^https$/, message: schemaText('schema.httpsUrl') }).max(2000),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({
    /** The browser's P-256 public key, 65 bytes, base64url. */
    p256dh: z.string().regex(/^[A-Za-z0-9_-]{86,88}={0,2}$/, schemaText('schema.pushKey')),
    /** The browser's 16-byte authentication secret, base64url. */
    auth: z.string().regex(/^[A-Za-z0-9_-]{22,24}={0,2}$/, schemaText('schema.pushAuth')),
  }),
});

export const PushSubscriptionSchema = z.object({
  id: z.number(),
  /** The push service it goes through (the endpoint's host; the rest of the endpoint is a secret). */
  service: z.string(),
  userAgent: z.string().nullable(),
  createdAt: Timestamp,
  lastPushAt: Timestamp.nullable(),
  /** Made by the session asking. */
  current: z.boolean(),
});
export const PushSubscriptionList = z.object({ subscriptions: z.array(PushSubscriptionSchema) });
export const CreatedPushSubscription = z.object({ id: z.number() });
export const PushSubscriptionParams = z.object({ id: Id });
export const VapidPublicKey = z.object({ publicKey: z.string().describe('the applicationServerKey for PushManager.subscribe, base64url') });

/** Conversations with unread messages that concern me (assigned to me or to nobody, not resolved): the tab title's count. */
export const UnreadCount = z.object({ conversations: z.number() });

/** What a push carries (encrypted, RFC 8291) to the service worker, which shows it. */
export const PushPayloadSchema = z.object({
  trigger: NotificationTriggerSchema,
  title: z.string(),
  body: z.string(),
  /** The page to open when the notification is clicked (a path of the app). */
  url: z.string(),
  /** Notifications with one tag replace each other (one per conversation). */
  tag: z.string(),
  conversationId: z.number().nullable(),
});
export type PushPayload = z.infer<typeof PushPayloadSchema>;
