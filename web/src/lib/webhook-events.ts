import type { WebhookEventType } from '../../../src/contract/webhook-subscriptions.ts';

/**
 * The events a subscription may ask for, in the order the integrations page offers them. The
 * server's contract (`WEBHOOK_EVENT_TYPES`) is the reference; a copy here keeps the contract's
 * zod out of the bundle, and test/web/webhook-events.test.ts checks the two agree.
 */
export const WEBHOOK_EVENTS: readonly WebhookEventType[] = ['message.created', 'message.status', 'conversation.created', 'conversation.updated', 'contact.updated'];
