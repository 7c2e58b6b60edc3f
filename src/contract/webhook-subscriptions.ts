import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { WebhookTextSchema } from './server-texts.ts';

/**
 * Outgoing webhooks: an admin subscribes a URL to snorq's events (src/core/outgoing-webhooks).
 * Each delivery is a POST of `WebhookBody` signed with the subscription's secret; docs/WEBHOOKS.md
 * says how a receiver checks it.
 */

export const WEBHOOK_EVENT_TYPES = ['message.created', 'message.status', 'conversation.created', 'conversation.updated', 'contact.updated'] as const;
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;
/** What an automation rule's "send an outgoing webhook" action delivers to the subscription it names (not subscribed to). */
export const RULE_WEBHOOK_EVENT = 'rule.triggered';
const DeliveredEventTypeSchema = z.union([WebhookEventTypeSchema, z.literal(RULE_WEBHOOK_EVENT)]);

/** What every delivery's body is: the same `id` on every retry (receivers de-duplicate by it). */
export const WebhookBodySchema = z.object({
  id: z.string().describe('unique per event and subscription; the same on every retry and "send again"'),
  type: z.union([DeliveredEventTypeSchema, z.literal('ping')]),
  /** When the change happened (ISO 8601). */
  timestamp: z.string(),
  organizationId: z.number(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookBody = z.infer<typeof WebhookBodySchema>;

export const WebhookSubscriptionSchema = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(WebhookEventTypeSchema),
  description: z.string().nullable(),
  createdAt: Timestamp,
  /** The first failed attempt since the last success; null while deliveries succeed. */
  failingSince: Timestamp.nullable(),
  /** Set when deliveries failed for 24 h: nothing is sent until an admin enables it again. */
  disabledAt: Timestamp.nullable(),
  disabledReason: z.string().nullable(),
  disabledReasonText: WebhookTextSchema.nullable().describe(
    '`disabledReason` as a code and parameters (src/contract/server-texts.ts): the last error as `errorCode` and its parameters, its words as `detail`',
  ),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;

export const WebhookSubscriptionList = z.object({ subscriptions: z.array(WebhookSubscriptionSchema) });

export const NewWebhookSubscription = z.object({
  url: z.string().trim().min(1).max(2000),
  events: z
    .array(WebhookEventTypeSchema)
    .min(1)
    .transform((events) => [...new Set(events)]),
  description: z.string().trim().max(200).optional(),
});
export type NewWebhookSubscriptionInput = z.input<typeof NewWebhookSubscription>;

export const CreatedWebhookSubscription = z.object({
  subscription: WebhookSubscriptionSchema,
  secret: z.string().describe('the signing secret: shown this once'),
});
export type CreatedWebhookSubscriptionResult = z.infer<typeof CreatedWebhookSubscription>;

export const WebhookSubscriptionParams = z.object({ id: Id });

export const WebhookDeliveryStateSchema = z.enum(['pending', 'delivered', 'failed']);

/** One event for one subscription: its state and the last attempt's outcome. */
export const WebhookDeliverySchema = z.object({
  id: z.number(),
  /** The body's `id`. */
  eventId: z.string(),
  eventType: DeliveredEventTypeSchema,
  conversationId: z.number().nullable(),
  /** `failed`: retried for 24 h without success (snorq gave up; "send again" starts over). */
  state: WebhookDeliveryStateSchema,
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  lastErrorText: WebhookTextSchema.nullable().describe('`lastError` as a code and parameters (src/contract/server-texts.ts); the receiver’s or the network’s own words as `detail`'),
  lastResponseMs: z.number().nullable(),
  createdAt: Timestamp,
  lastAttemptAt: Timestamp.nullable(),
  nextAttemptAt: Timestamp.nullable(),
  deliveredAt: Timestamp.nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDeliverySchema), nextBefore: z.number().nullable() });
export const WebhookDeliveryQuery = z.object({
  /** Deliveries older than this id (the previous page's `nextBefore`). */
  before: Id.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const WebhookDeliveryParams = z.object({ id: Id, deliveryId: Id });
export const WebhookDeliveryResult = z.object({ delivery: WebhookDeliverySchema });
export const WebhookSubscriptionResult = z.object({ subscription: WebhookSubscriptionSchema });
