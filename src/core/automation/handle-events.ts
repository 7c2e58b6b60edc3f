import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { StoredEvent } from '../realtime/event-stream.ts';
import { channelOf } from '../../channels/registry.ts';
import { getOrganization } from '../organization/organization-settings.ts';
import { sendAutoReplies, type AutoReplyContext } from './auto-replies.ts';
import { listRules } from './manage-rules.ts';
import { runRules, type RuleRunContext } from './run-rules.ts';
import { getAutomationSettings } from './automation-settings.ts';

/** Events read per transaction. */
const BATCH = 200;

/**
 * How long a new customer's automatic answer waits for their profile: Messenger and Instagram
 * webhooks carry no name, so a greeting read before the profile lookup (profile-fetcher.ts) has
 * finished would say "Hi , thanks" — under load the lookup loses that race often. The lookup
 * always ends (a 10 s platform timeout, a failure is remembered), so the wait is bounded twice.
 */
export const PROFILE_WAIT_MS = 20_000;

export interface HandleDeps {
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
  /** A customer's message older than this when read (a history sync, a platform's very late redelivery) gets no automatic answer. */
  maxDelayMs: number;
}

/**
 * Run automation over the events of each organisation that has it, from its cursor (migration
 * 0028): in one transaction the cursor row is locked (SKIP LOCKED: another instance on it is left
 * to it), the events after it are read in order, answered, and the cursor moves past them; what
 * automation does is written in the same transaction, so each event is handled exactly once
 * whichever instance reads it. Returns how many replies were queued (to wake the outbox).
 */
export async function handleEvents(db: Db, deps: HandleDeps, now: Date): Promise<number> {
  const cursors = await db.selectFrom('automation_cursors').select('organization_id').execute();
  let queued = 0;
  for (const { organization_id } of cursors) {
    for (;;) {
      const batch = await db.transaction().execute((trx) => handleBatch(trx, organization_id, deps, now));
      queued += batch.queued;
      if (!batch.more) break;
    }
  }
  return queued;
}

async function handleBatch(trx: Transaction<Database>, organizationId: number, deps: HandleDeps, now: Date): Promise<{ queued: number; more: boolean }> {
  const cursor = await trx.selectFrom('automation_cursors').select('seq').where('organization_id', '=', organizationId).forUpdate().skipLocked().executeTakeFirst();
  if (!cursor) return { queued: 0, more: false };
  const rows = await trx.selectFrom('events').select(['seq', 'type', 'payload']).where('organization_id', '=', organizationId).where('seq', '>', cursor.seq).orderBy('seq').limit(BATCH).execute();
  if (rows.length === 0) return { queued: 0, more: false };
  const last = rows.at(-1)!.seq;
  const own = new Set((await trx.selectFrom('automation_own_events').select('seq').where('organization_id', '=', organizationId).where('seq', '<=', last).execute()).map((r) => r.seq));
  const acting = new ActingRange(trx, organizationId);
  const ctx: EventContext = {
    trx,
    acting: (conversationId: number) => acting.begin(conversationId),
    organization: await getOrganization(trx, organizationId),
    settings: await getAutomationSettings(trx, organizationId),
    rules: await listRules(trx, organizationId),
    now,
    log: deps.log,
    maxDelayMs: deps.maxDelayMs,
  };
  let queued = 0;
  let handled = cursor.seq;
  let waiting = false;
  // Rows appendEvents wrote, typed by the contract: read back as what they were written as.
  for (const event of rows as unknown as StoredEvent[]) {
    if (!own.has(event.seq)) {
      // Events are handled in order: the cursor stops before this one until the profile is known.
      if (await waitsForProfile(ctx, event)) {
        waiting = true;
        break;
      }
      queued += await handleEvent(ctx, event);
    }
    handled = event.seq;
    // One acting event per transaction: its conversation's row is the only one locked before the event counter.
    if (acting.begun) break;
  }
  await acting.end();
  await trx.deleteFrom('automation_own_events').where('organization_id', '=', organizationId).where('seq', '<=', handled).execute();
  await trx.updateTable('automation_cursors').set({ seq: handled }).where('organization_id', '=', organizationId).execute();
  return { queued, more: !waiting && (acting.begun || rows.length === BATCH) };
}

/** A customer's recent message whose sender's profile the platform has yet to tell us (PROFILE_WAIT_MS). */
async function waitsForProfile(ctx: EventContext, event: StoredEvent): Promise<boolean> {
  if (event.type !== 'new:message') return false;
  // Nothing would be written for this message: no reason to wait, nor to ask.
  if (!ctx.settings.greeting.enabled && !ctx.settings.away.enabled && ctx.rules.length === 0) return false;
  const { message } = event.payload;
  if (message.direction !== 'inbound' || message.isEcho || message.isPrivateNote) return false;
  if (ctx.now.getTime() - new Date(message.timestamp).getTime() > PROFILE_WAIT_MS) return false;
  const pending = await ctx.trx
    .selectFrom('conversations as c')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .select('ch.platform')
    .where('c.id', '=', message.conversationId)
    .where('i.profile_fetched_at', 'is', null)
    .where('i.display_name', 'is', null)
    .where('ch.connection_state', '=', 'connected')
    .executeTakeFirst();
  return pending !== undefined && channelOf(pending.platform).api.profile !== undefined;
}

type EventContext = AutoReplyContext & RuleRunContext & { maxDelayMs: number };

/**
 * One event: a customer's message (never an echo, a note or a reply: automation never answers
 * itself or the business) runs "conversation created" rules on the conversation's first message,
 * the greeting and away message, then "message received" rules; a conversation's change that
 * automation did not make runs "conversation updated" rules.
 */
async function handleEvent(ctx: EventContext, event: StoredEvent): Promise<number> {
  if (event.type === 'conversation:updated') {
    // An agent reading the thread changes no field a rule looks at.
    if (event.payload.readMessageIds) return 0;
    // Nor does an SLA clock starting (src/core/sla announces it so the list's badges move live).
    if (event.payload.slaClock) return 0;
    return runRules(ctx, 'conversation_updated', event.payload.conversation.id, null, event.seq);
  }
  if (event.type !== 'new:message') return 0;
  const { message, conversation } = event.payload;
  if (message.direction !== 'inbound' || message.isEcho || message.isPrivateNote || !conversation) return 0;
  if (ctx.now.getTime() - new Date(message.timestamp).getTime() > ctx.maxDelayMs) {
    ctx.log.info({ organizationId: ctx.organization.id, messageId: message.id }, 'a customer message read too late for an automatic answer');
    return 0;
  }
  let queued = 0;
  const earlier = await ctx.trx.selectFrom('messages').select('id').where('conversation_id', '=', message.conversationId).where('id', '<', message.id).limit(1).executeTakeFirst();
  if (!earlier) queued += await runRules(ctx, 'conversation_created', message.conversationId, message, event.seq);
  queued += await sendAutoReplies(ctx, message);
  queued += await runRules(ctx, 'message_received', message.conversationId, message, event.seq);
  return queued;
}

/**
 * The events automation appends in this transaction, remembered so that the cursor skips them: no
 * rule reacts to automation's own change, so no rule (or pair of rules) can loop. Before the first
 * action the conversation's row and then the organisation's event counter are locked — the order
 * in which ingestion and agents' changes take them, so automation never deadlocks with them —
 * and every seq handed out after that, up to commit, is ours.
 */
class ActingRange {
  private first: number | undefined;
  constructor(
    private readonly trx: Transaction<Database>,
    private readonly organizationId: number,
  ) {}
  get begun(): boolean {
    return this.first !== undefined;
  }
  async begin(conversationId: number): Promise<void> {
    if (this.first !== undefined) return;
    await this.trx.selectFrom('conversations').select('id').where('id', '=', conversationId).forUpdate().execute();
    const row = await this.trx.selectFrom('organizations').select('event_seq').where('id', '=', this.organizationId).forUpdate().executeTakeFirstOrThrow();
    this.first = row.event_seq + 1;
  }
  async end(): Promise<void> {
    if (this.first === undefined) return;
    await sql`
      insert into automation_own_events (organization_id, seq)
      select ${this.organizationId}, s from generate_series(${this.first}::bigint, (select event_seq from organizations where id = ${this.organizationId})) as s
      on conflict do nothing
    `.execute(this.trx);
  }
}
