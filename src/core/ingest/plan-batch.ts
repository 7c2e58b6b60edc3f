import type { MessageEvent, NormalizedEvent, UnknownEvent } from '../../channels/types.ts';
import type { Channel, Platform } from '../../db/schema.ts';
import { channelKey } from './route-channels.ts';

export interface WebhookToPlan {
  platform: Platform;
  events: NormalizedEvent[];
  receivedAt: Date;
}

interface Target {
  /** The webhook's position in the batch, and the event's in its webhook. */
  webhook: number;
  index: number;
  channel: Channel;
  receivedAt: Date;
}
export type MessageItem = Target & { event: MessageEvent };
export type OtherItem = Target & { event: Exclude<NormalizedEvent, MessageEvent | UnknownEvent> };

/** Messages stored by one call, in lock order; or one other event (receipt, edit, identity change, …). */
export type Step = { kind: 'messages'; items: MessageItem[] } | ({ kind: 'event' } & OtherItem);

export interface WebhookNotes {
  /** Items not acted on, as the journal words them, by the event's index (applying adds more). */
  unmatched: { index: number; note: string }[];
  /** Account ids no channel claims, each once. */
  unrouted: string[];
  organizationIds: Set<number>;
}

export interface BatchPlan {
  steps: Step[];
  /** One per webhook, in the batch's order. */
  notes: WebhookNotes[];
}

/**
 * What to apply for a batch of normalised webhooks, in which order; no I/O. Events of no channel
 * and events snorq does not act on become notes. With `group`, consecutive messages (nearly all
 * of the traffic) form one step, stored with one call; any other event ends the run, so the
 * batch keeps its order. Inside a run, items are sorted by channel, then customer (stable: one
 * customer's messages keep their order): every batch on every instance locks rows in that one
 * order, so two batches touching the same threads cannot deadlock. Without `group` (the
 * one-by-one path), every event is a step of its own, in the webhook's order.
 */
export function planBatch(webhooks: readonly WebhookToPlan[], channels: ReadonlyMap<string, Channel>, options: { group: boolean }): BatchPlan {
  const steps: Step[] = [];
  const notes = webhooks.map((): WebhookNotes => ({ unmatched: [], unrouted: [], organizationIds: new Set() }));
  let run: MessageItem[] = [];
  const endRun = () => {
    if (run.length > 0) steps.push({ kind: 'messages', items: run.toSorted(lockOrder) });
    run = [];
  };
  for (const [webhook, { platform, events, receivedAt }] of webhooks.entries()) {
    const note = notes[webhook]!;
    for (const [index, event] of events.entries()) {
      if (event.kind === 'unknown') {
        note.unmatched.push({ index, note: `item ${index} not acted on: ${event.reason}` });
        continue;
      }
      const channel = channels.get(channelKey(platform, event.accountId));
      if (!channel) {
        if (!note.unrouted.includes(event.accountId)) note.unrouted.push(event.accountId);
        continue;
      }
      note.organizationIds.add(channel.organization_id);
      if (event.kind === 'message') {
        run.push({ webhook, index, channel, receivedAt, event });
        if (!options.group) endRun();
        continue;
      }
      endRun();
      steps.push({ kind: 'event', webhook, index, channel, receivedAt, event });
    }
  }
  endRun();
  return { steps, notes };
}

const lockOrder = (a: MessageItem, b: MessageItem) => a.channel.id - b.channel.id || compare(a.event.contact.platformUserId, b.event.contact.platformUserId);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
