import { channelOf } from '../../channels/registry.ts';
import type { NormalizedEvent } from '../../channels/types.ts';
import type { Db } from '../../db/database.ts';
import type { Channel, Platform, WebhookState } from '../../db/schema.ts';
import { appendEvents } from '../events/event-log.ts';
import { countApplied, dispatchStep, inTransaction, unmatchedInOrder } from './dispatch-step.ts';
import { planBatch } from './plan-batch.ts';
import { recordJournalOutcome } from './journal.ts';
import { routeToChannels } from './route-channels.ts';
import { prefixWithin } from '../../text/cut-text.ts';

export interface ProcessOutcome {
  state: WebhookState;
  /** Events applied (including ones that changed nothing because they were already stored). */
  applied: number;
  failed: { index: number; error: string }[];
  /** Account ids no channel claims. */
  unrouted: string[];
  /** Notes on events that referred to messages snorq does not know (statuses, reactions). */
  unmatched: string[];
  /** Ids of new messages whose media should be downloaded. */
  mediaToFetch: number[];
  organizationIds: number[];
}

export interface ProcessDeps {
  db: Db;
}

/**
 * Normalise a journaled webhook and apply each of its events in a transaction of its own, so one
 * bad item never takes the rest of the batch down with it. Re-running a journal row is safe:
 * everything it applies is idempotent.
 */
export async function processWebhook(
  deps: ProcessDeps,
  journal: { id: number; platform: Platform; contentType: string | null; body: Buffer; accountHint: string | null; receivedAt: Date },
): Promise<ProcessOutcome> {
  const outcome = emptyOutcome();
  let events: NormalizedEvent[];
  try {
    events = channelOf(journal.platform).webhook.normalize(journal.body, journal.contentType ?? undefined, journal.accountHint ?? undefined);
  } catch (e) {
    await recordJournalOutcome(deps.db, journal.id, { state: 'failed', organizationId: null, error: `cannot read the body: ${errorText(e)}` });
    throw e;
  }

  const channels = await routeToChannels(deps.db, [{ platform: journal.platform, events }]);
  const plan = planBatch([{ platform: journal.platform, events, receivedAt: journal.receivedAt }], channels, { group: false });
  const notes = plan.notes[0]!;
  for (const step of plan.steps) {
    try {
      // Each event in a transaction of its own: the change and its events commit together.
      const dispatched = await deps.db.transaction().execute(async (trx) => {
        const done = await dispatchStep(inTransaction(trx), step);
        for (const d of done) await appendEvents(trx, d.channel.organization_id, d.applied.events);
        return done;
      });
      for (const d of dispatched) countApplied(outcome, notes.unmatched, d);
    } catch (e) {
      outcome.failed.push({ index: step.kind === 'event' ? step.index : step.items[0]!.index, error: errorText(e) });
    }
  }
  outcome.unrouted = notes.unrouted;
  outcome.unmatched = unmatchedInOrder(notes.unmatched);

  await touchLastWebhook(deps.db, [...channels.values()]);
  finishOutcome(outcome, new Set([...channels.values()].map((c) => c.organization_id)));
  await recordJournalOutcome(deps.db, journal.id, {
    state: outcome.state,
    organizationId: outcome.organizationIds.length === 1 ? outcome.organizationIds[0]! : null,
    error: journalNotes(journal.platform, outcome),
  });
  return outcome;
}

export function emptyOutcome(): ProcessOutcome {
  return { state: 'processed', applied: 0, failed: [], unrouted: [], unmatched: [], mediaToFetch: [], organizationIds: [] };
}

/** Settle the journal state: failed/unrouted when nothing could be applied, partial when some could. */
export function finishOutcome(o: ProcessOutcome, organizations: Set<number>): void {
  o.organizationIds = [...organizations];
  if (o.failed.length > 0) o.state = o.applied > 0 ? 'partial' : 'failed';
  else if (o.unrouted.length > 0) o.state = o.applied > 0 ? 'partial' : 'unrouted';
  else o.state = 'processed';
}

/** What the journal row says about items that were not simply applied. */
export function journalNotes(platform: Platform, o: ProcessOutcome): string | null {
  const notes = [...o.failed.map((f) => `item ${f.index} failed: ${f.error}`), ...o.unrouted.map((a) => `no channel for ${platform} account ${a}`), ...o.unmatched];
  return notes.length > 0 ? prefixWithin(notes.join('; '), 4000) : null;
}

/**
 * Touched at most every few seconds: the health check reads it in hours, and a write per webhook
 * would queue every webhook of a busy channel on this one row (and cost a commit each).
 */
export async function touchLastWebhook(db: Db, channels: Channel[]): Promise<void> {
  const stale = channels.filter((c) => !c.last_webhook_at || Date.now() - c.last_webhook_at.getTime() > 5_000).map((c) => c.id);
  if (stale.length > 0) await db.updateTable('channels').set({ last_webhook_at: new Date() }).where('id', 'in', stale).execute();
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
