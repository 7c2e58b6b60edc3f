import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { RuleAction } from '../../contract/automation.ts';
import { RULE_WEBHOOK_EVENT, type WebhookBody } from '../../contract/webhook-subscriptions.ts';
import type { CodedText } from '../../contract/server-texts.ts';
import type { ThreadTextCode } from '../../contract/thread-texts.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { conversationFieldsDto } from '../conversations/dto.ts';
import { updateConversation } from '../conversations/update-conversation.ts';
import { appendEvents } from '../events/event-log.ts';
import { notFound } from '../errors/app-error.ts';
import { GIVE_UP_AFTER_MS } from '../outgoing-webhooks/retry-schedule.ts';
import { queueReply } from '../outbox/queue-reply.ts';
import { variableValues } from './auto-replies.ts';
import { fillVariables } from './fill-variables.ts';
import { targetMissing } from './missing-target.ts';

/** What an action names (an agent, a canned response, a subscription), looked up in the organisation: refused when it is not there. */
export async function describeAction(db: Db, organizationId: number, action: RuleAction, now = new Date()): Promise<string> {
  switch (action.type) {
    case 'assign_agent':
      return `assign to ${(await agentOf(db, organizationId, action.userId)).name}`;
    case 'assign_team':
      return `assign to the team ${(await teamOf(db, organizationId, action.teamId)).name}`;
    case 'add_label':
      return `add the label “${action.label}”`;
    case 'set_priority':
      return `set the priority to ${action.priority}`;
    case 'send_canned':
      return `send the canned reply /${(await cannedOf(db, organizationId, action.cannedResponseId)).shortcut}`;
    case 'add_note':
      return `add the note “${action.text.slice(0, 80)}”`;
    case 'snooze':
      return `snooze until ${new Date(now.getTime() + action.hours * 3_600_000).toISOString()}`;
    case 'resolve':
      return 'resolve the conversation';
    case 'send_webhook':
      return `send a webhook to ${(await subscriptionOf(db, organizationId, action.subscriptionId)).url}`;
  }
}

export interface ActionTarget {
  trx: Transaction<Database>;
  organizationId: number;
  organisationName: string;
  conversationId: number;
  rule: { id: number; name: string };
  /** The event the rule ran for (a webhook delivery is ordered by it). */
  seq: number;
  now: Date;
}

/** Do one action inside the caller's transaction; throws an AppError saying why it could not be done. Returns what the thread's log line says. */
export async function performAction(t: ActionTarget, action: RuleAction): Promise<ThreadPart> {
  const { trx, organizationId, conversationId, now } = t;
  const done = await doneText(trx, organizationId, action, now);
  const change = (changes: Parameters<typeof updateConversation>[3]) => updateConversation(trx, organizationId, conversationId, changes, null);
  switch (action.type) {
    case 'assign_agent':
      await change({ assigneeId: action.userId });
      break;
    case 'assign_team':
      await assignTeam(t, action.teamId);
      break;
    case 'add_label': {
      const row = await trx.selectFrom('conversations').select('labels').where('id', '=', conversationId).executeTakeFirstOrThrow();
      await change({ labels: [...row.labels, action.label] });
      break;
    }
    case 'set_priority':
      await change({ priority: action.priority });
      break;
    case 'snooze':
      await change({ status: 'snoozed', snoozedUntil: new Date(now.getTime() + action.hours * 3_600_000) });
      break;
    case 'resolve':
      await change({ status: 'resolved' });
      break;
    case 'send_canned': {
      const canned = await cannedOf(trx, organizationId, action.cannedResponseId);
      const content = fillVariables(canned.content, await variableValues(trx, conversationId, t.organisationName));
      await queueReply(trx, { organizationId, userId: null, conversationId, content, automation: { feature: 'automation', rule: t.rule.name } }, now);
      break;
    }
    case 'add_note':
      await queueReply(trx, { organizationId, userId: null, conversationId, content: action.text, privateNote: true, automation: { feature: 'automation', rule: t.rule.name } }, now);
      break;
    case 'send_webhook':
      await enqueueRuleWebhook(t, action.subscriptionId);
      break;
  }
  return done;
}

type ThreadPart = CodedText<ThreadTextCode>;

/** What the thread's line says an action did, as a code (what it names looked up, and refused when it is not there). */
async function doneText(db: Db, organizationId: number, action: RuleAction, now: Date): Promise<ThreadPart> {
  switch (action.type) {
    case 'assign_agent':
      return { code: 'automation.assignedAgent', params: { to: (await agentOf(db, organizationId, action.userId)).name } };
    case 'assign_team':
      return { code: 'automation.assignedTeam', params: { team: (await teamOf(db, organizationId, action.teamId)).name } };
    case 'add_label':
      return { code: 'automation.addedLabel', params: { label: action.label } };
    case 'set_priority':
      return { code: `automation.setPriority.${action.priority}` };
    case 'send_canned':
      return { code: 'automation.sentCanned', params: { shortcut: (await cannedOf(db, organizationId, action.cannedResponseId)).shortcut } };
    case 'add_note':
      return { code: 'automation.addedNote' };
    case 'snooze':
      return { code: 'automation.snoozed', params: { untilAt: new Date(now.getTime() + action.hours * 3_600_000).toISOString() } };
    case 'resolve':
      return { code: 'automation.resolved' };
    case 'send_webhook':
      return { code: 'automation.sentWebhook', params: { url: (await subscriptionOf(db, organizationId, action.subscriptionId)).url } };
  }
}

/** A delivery of `rule.triggered` to the subscription the action names, signed, retried and logged like every outgoing webhook. */
async function enqueueRuleWebhook(t: ActionTarget, subscriptionId: number): Promise<void> {
  const subscription = await subscriptionOf(t.trx, t.organizationId, subscriptionId);
  const row = await t.trx.selectFrom('conversations').selectAll().where('id', '=', t.conversationId).executeTakeFirstOrThrow();
  const publicId = randomUUID();
  const body: WebhookBody = {
    id: publicId,
    type: RULE_WEBHOOK_EVENT,
    timestamp: t.now.toISOString(),
    organizationId: t.organizationId,
    data: { rule: t.rule, conversation: conversationFieldsDto(row) },
  };
  await t.trx
    .insertInto('webhook_deliveries')
    .values({
      public_id: publicId,
      organization_id: t.organizationId,
      subscription_id: subscription.id,
      event_type: RULE_WEBHOOK_EVENT,
      seq: t.seq,
      order_key: `conversation:${t.conversationId}`,
      conversation_id: t.conversationId,
      body: JSON.stringify(body),
      next_attempt_at: t.now,
      give_up_at: new Date(t.now.getTime() + GIVE_UP_AFTER_MS),
    })
    .execute();
}

/**
 * The conversation joins the team (its assignee stays: a rule that also wants an agent says so).
 * Announced as a change, so routing offers it to the team's members if nobody has it.
 */
async function assignTeam(t: ActionTarget, teamId: number): Promise<void> {
  await teamOf(t.trx, t.organizationId, teamId);
  const row = await t.trx
    .updateTable('conversations')
    .set({ team_id: teamId, updated_at: t.now })
    .where('id', '=', t.conversationId)
    .where('organization_id', '=', t.organizationId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound('conversation');
  await appendEvents(t.trx, t.organizationId, [{ type: 'conversation:updated', payload: { conversation: conversationFieldsDto(row) } }]);
}

async function teamOf(db: Db, organizationId: number, id: number) {
  const team = await db.selectFrom('teams').select(['id', 'name']).where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!team) throw targetMissing('NOT_FOUND', 'schema.teamGone');
  return team;
}

async function agentOf(db: Db, organizationId: number, userId: number) {
  const user = await db.selectFrom('users').select(['id', 'name', 'disabled_at']).where('id', '=', userId).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!user) throw targetMissing('NOT_FOUND', 'schema.agentGone');
  if (user.disabled_at) throw targetMissing('VALIDATION_FAILED', 'schema.agentDisabled', { name: user.name });
  return user;
}

async function cannedOf(db: Db, organizationId: number, id: number) {
  const canned = await db.selectFrom('canned_responses').select(['id', 'shortcut', 'content']).where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!canned) throw targetMissing('NOT_FOUND', 'schema.cannedGone');
  return canned;
}

async function subscriptionOf(db: Db, organizationId: number, id: number) {
  const sub = await db.selectFrom('webhook_subscriptions').select(['id', 'url', 'disabled_at']).where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (!sub) throw targetMissing('NOT_FOUND', 'schema.webhookGone');
  if (sub.disabled_at) throw targetMissing('VALIDATION_FAILED', 'schema.webhookDisabled', { url: sub.url });
  return sub;
}
