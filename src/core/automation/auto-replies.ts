import { sql, type Transaction } from 'kysely';
import type { AutomationSettings } from '../../contract/automation.ts';
import type { Message as MessageDto } from '../../contract/messages.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../errors/app-error.ts';
import { isWithinBusinessHours } from '../organization/business-hours.ts';
import type { OrganizationSettings } from '../organization/organization-settings.ts';
import { queueReply } from '../outbox/queue-reply.ts';
import { openedBetween } from './business-periods.ts';
import { fillVariables } from './fill-variables.ts';
import { withSavepoint } from './savepoint.ts';
import { logInThread, reasonParams } from './thread-log.ts';

export type AutoReplyFeature = 'greeting' | 'away_message';
const HOUR = 3_600_000;

export interface AutoReplyContext {
  trx: Transaction<Database>;
  organization: OrganizationSettings;
  settings: AutomationSettings;
  now: Date;
  /** Called before automation writes anything (handle-events.ts: its own events are remembered). */
  acting: (conversationId: number) => Promise<void>;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}

/**
 * The greeting and the away message for a customer's message (never an echo, a note or a reply of
 * ours: the caller passes inbound messages only, so an automatic reply can never answer itself).
 * - greeting: when the customer had not written for `quietHours` (or never) and was not greeted
 *   within them;
 * - away: when the message came outside business hours (time zone, weekly hours, holidays) and no
 *   away message was sent since the organisation last opened: once per closed stretch.
 * Each goes through the outbox; one the reply window refuses is not sent, and the reason is
 * logged in the thread (which also marks the period as done, so it is not retried on every message).
 * Returns the messages queued (the caller wakes the outbox after commit).
 */
export async function sendAutoReplies(ctx: AutoReplyContext, message: MessageDto): Promise<number> {
  const at = new Date(message.timestamp);
  const { settings, organization: org } = ctx;
  let queued = 0;
  if (settings.greeting.enabled && settings.greeting.text.trim() && (await greetingDue(ctx, message, at))) {
    queued += await autoReply(ctx, message, 'greeting', settings.greeting.text);
  }
  if (settings.away.enabled && settings.away.text.trim() && !isWithinBusinessHours(org.businessHours, org.timeZone, at, org.holidays)) {
    const last = await lastOf(ctx.trx, message.conversationId, 'away_message');
    if (!last || openedBetween(org.businessHours, org.timeZone, org.holidays, last, at)) queued += await autoReply(ctx, message, 'away_message', settings.away.text);
  }
  return queued;
}

async function greetingDue(ctx: AutoReplyContext, message: MessageDto, at: Date): Promise<boolean> {
  const quietMs = ctx.settings.greeting.quietHours * HOUR;
  const previous = await ctx.trx
    .selectFrom('messages')
    .select('platform_timestamp')
    .where('conversation_id', '=', message.conversationId)
    .where('direction', '=', 'inbound')
    .where('id', '<', message.id)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (previous && at.getTime() - previous.platform_timestamp.getTime() < quietMs) return false;
  const last = await lastOf(ctx.trx, message.conversationId, 'greeting');
  return !last || at.getTime() - last.getTime() >= quietMs;
}

/** When the feature last answered (or logged why it did not) in this conversation. */
async function lastOf(trx: Transaction<Database>, conversationId: number, feature: AutoReplyFeature): Promise<Date | null> {
  const row = await trx
    .selectFrom('messages')
    .select('platform_timestamp')
    .where('conversation_id', '=', conversationId)
    .where(sql<string>`metadata->'automation'->>'feature'`, '=', feature)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.platform_timestamp ?? null;
}

async function autoReply(ctx: AutoReplyContext, message: MessageDto, feature: AutoReplyFeature, template: string): Promise<number> {
  const { trx, organization, now } = ctx;
  const text = fillVariables(template, await variableValues(trx, message.conversationId, organization.name));
  const conversationId = message.conversationId;
  await ctx.acting(conversationId);
  const sent = await withSavepoint(trx, () => queueReply(trx, { organizationId: organization.id, userId: null, conversationId, content: text, automation: { feature } }, now));
  if (sent.ok) return 1;
  if (!(sent.error instanceof AppError)) throw sent.error;
  // Not sent (the reply window closed, the text too long for the platform, the channel disconnected): said in the thread and the log.
  ctx.log.warn({ organizationId: organization.id, conversationId, feature, code: sent.error.code, reason: sent.error.message }, 'automatic reply not sent');
  const code = feature === 'greeting' ? 'automation.greetingNotSent' : 'automation.awayNotSent';
  await logInThread(trx, organization.id, conversationId, { feature }, { code, params: reasonParams(sent.error) }, now);
  return 0;
}

export async function variableValues(trx: Transaction<Database>, conversationId: number, organisationName: string) {
  const row = await trx
    .selectFrom('conversations as c')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .select(['p.display_name', 'i.display_name as identity_name', 'i.username', 'p.phone', 'i.phone as identity_phone'])
    .where('c.id', '=', conversationId)
    .executeTakeFirstOrThrow();
  return { contactName: row.display_name ?? row.identity_name, username: row.username, phone: row.phone ?? row.identity_phone, organisationName };
}
