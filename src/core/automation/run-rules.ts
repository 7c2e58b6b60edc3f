import type { Transaction } from 'kysely';
import type { Rule, RuleBody, RuleEvent, RuleTestResult } from '../../contract/automation.ts';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { getOrganization, type OrganizationSettings } from '../organization/organization-settings.ts';
import { describeAction, performAction } from './rule-actions.ts';
import type { ThreadText } from '../../contract/thread-texts.ts';
import { checkConditions, type RuleFacts } from './rule-conditions.ts';
import { withSavepoint } from './savepoint.ts';
import { failedText, logInThread } from './thread-log.ts';

/** The facts of a conversation: `text` is the message's (message events) or else its latest customer message's. */
export async function loadFacts(db: Db, organization: OrganizationSettings, conversationId: number, message: { content: string | null } | null, at: Date): Promise<RuleFacts | null> {
  const row = await db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .innerJoin('contacts as p', 'p.id', 'c.contact_id')
    .select(['c.channel_id', 'c.team_id', 'c.labels', 'ch.platform', 'p.attributes'])
    .where('c.id', '=', conversationId)
    .where('c.organization_id', '=', organization.id)
    .executeTakeFirst();
  if (!row) return null;
  let text = message?.content ?? null;
  if (!message) {
    const last = await db
      .selectFrom('messages')
      .select('content')
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'inbound')
      .where('is_echo', '=', false)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    text = last?.content ?? null;
  }
  return { platform: row.platform, channelId: row.channel_id, teamId: row.team_id, text, labels: row.labels, contactAttributes: row.attributes, at, organization };
}

export interface RuleRunContext {
  trx: Transaction<Database>;
  organization: OrganizationSettings;
  rules: Rule[];
  now: Date;
  acting: (conversationId: number) => Promise<void>;
}

/**
 * The enabled rules of the event, in order, on one conversation: each whose conditions all hold
 * performs its actions (each under a savepoint: one that cannot be done is said, the others are
 * done) and logs one line in the thread ("Rule “VIP”: assigned to Ana Lopez; added the label
 * “vip”"). A rule marked stopAfter ends the run once it acted. Returns the replies queued.
 */
export async function runRules(ctx: RuleRunContext, event: RuleEvent, conversationId: number, message: { content: string | null; timestamp: string } | null, seq: number): Promise<number> {
  const rules = ctx.rules.filter((r) => r.enabled && r.event === event);
  let queued = 0;
  for (const rule of rules) {
    const at = message ? new Date(message.timestamp) : ctx.now;
    const facts = await loadFacts(ctx.trx, ctx.organization, conversationId, message, at);
    if (!facts || !checkConditions(rule.conditions, facts).every((c) => c.matched)) continue;
    await ctx.acting(conversationId);
    const target = { trx: ctx.trx, organizationId: ctx.organization.id, organisationName: ctx.organization.name, conversationId, rule: { id: rule.id, name: rule.name }, seq, now: ctx.now };
    const parts: ThreadText['parts'] = [];
    for (const action of rule.actions) {
      const done = await withSavepoint(ctx.trx, () => performAction(target, action));
      if (done.ok) {
        parts.push(done.value);
        if (action.type === 'send_canned') queued++;
      } else if (done.error instanceof AppError) parts.push(failedText(action, done.error));
      else throw done.error;
    }
    await logInThread(ctx.trx, ctx.organization.id, conversationId, { feature: 'automation', rule: rule.name }, { code: 'automation.rule', params: { rule: rule.name }, parts }, ctx.now);
    if (rule.stopAfter) break;
  }
  return queued;
}

/**
 * A rule tried on a past conversation, changing nothing: its conditions checked against the
 * conversation as it is and its latest customer message, and what each action would do.
 */
export async function testRule(db: Db, organizationId: number, rule: RuleBody, conversationId: number, now = new Date()): Promise<RuleTestResult> {
  const organization = await getOrganization(db, organizationId);
  const latest = await db
    .selectFrom('messages')
    .select(['content', 'platform_timestamp'])
    .where('conversation_id', '=', conversationId)
    .where('organization_id', '=', organizationId)
    .where('direction', '=', 'inbound')
    .where('is_echo', '=', false)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const event = rule.event !== 'conversation_updated' && latest ? { content: latest.content } : null;
  const facts = await loadFacts(db, organization, conversationId, event, latest && rule.event !== 'conversation_updated' ? latest.platform_timestamp : now);
  if (!facts) throw notFound('conversation');
  const conditions = checkConditions(rule.conditions, facts);
  const matched = conditions.every((c) => c.matched);
  const actions = [];
  for (const action of rule.actions) {
    const outcome = await describeAction(db, organizationId, action, now).then(
      (what) => (matched ? `would ${what}` : `would not ${what}: a condition does not hold`),
      (err: unknown) => {
        if (err instanceof AppError) return `cannot: ${err.message}`;
        throw err;
      },
    );
    actions.push({ action, outcome });
  }
  return { matched, conditions, actions };
}
