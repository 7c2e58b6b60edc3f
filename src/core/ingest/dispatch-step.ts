import type { Transaction } from 'kysely';
import type { Channel, Database } from '../../db/schema.ts';
import { storable } from '../../db/storable-text.ts';
import { applyEvent, messageStored, NOTHING, type Applied } from './apply-event.ts';
import type { Step, WebhookNotes } from './plan-batch.ts';
import type { ProcessOutcome } from './process-webhook.ts';
import { storeMessages, type MessageToStore, type StoredMessage } from './store-messages.ts';

export interface Dispatched {
  webhook: number;
  index: number;
  channel: Channel;
  applied: Applied;
}

/**
 * Where a step runs: the transaction (for the steps written with kysely), and how it stores
 * messages (the same store function, called through kysely or sent as text with other statements
 * by a batch: batch-transaction.ts).
 */
export interface StepTarget {
  trx(): Promise<Transaction<Database>>;
  store(items: MessageToStore[]): Promise<StoredMessage[]>;
}

/** A step target inside a kysely transaction. */
export const inTransaction = (trx: Transaction<Database>): StepTarget => ({ trx: async () => trx, store: (items) => storeMessages(trx, items) });

/**
 * Apply one step of a plan (plan-batch.ts) inside a transaction: the batch path runs every step
 * of a batch in one transaction, the one-by-one path each step in a transaction of its own.
 */
export async function dispatchStep(target: StepTarget, step: Step): Promise<Dispatched[]> {
  if (step.kind === 'event') {
    return [{ webhook: step.webhook, index: step.index, channel: step.channel, applied: await applyEvent(await target.trx(), step.channel, step.event, step.receivedAt) }];
  }
  // A NUL or a lone surrogate in a customer's text would fail the insert and lose the message.
  const stored = new Map((await target.store(step.items.map((i) => ({ channel: i.channel, event: storable(i.event), receivedAt: i.receivedAt })))).map((s) => [s.index, s]));
  return step.items.map((item, i) => {
    const s = stored.get(i);
    // Nothing stored: a redelivered webhook, or the echo of a reply snorq itself sent.
    return { webhook: item.webhook, index: item.index, channel: item.channel, applied: s ? messageStored(s) : NOTHING };
  });
}

/** Count what a dispatched event changed into its webhook's outcome (`unmatched` by event index). */
export function countApplied(outcome: ProcessOutcome, unmatched: WebhookNotes['unmatched'], d: Dispatched): void {
  outcome.applied++;
  outcome.mediaToFetch.push(...d.applied.mediaToFetch);
  if (d.applied.unmatched) unmatched.push({ index: d.index, note: d.applied.unmatched });
}

/** The journal's notes in the order of the webhook's items, as they were met. */
export function unmatchedInOrder(unmatched: WebhookNotes['unmatched']): string[] {
  return unmatched.toSorted((a, b) => a.index - b.index).map((u) => u.note);
}
