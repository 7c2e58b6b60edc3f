import { sql, type Selectable } from 'kysely';
import type { Rule, RuleAction, RuleBody, RuleCondition } from '../../contract/automation.ts';
import type { Db } from '../../db/database.ts';
import type { AutomationRulesTable } from '../../db/schema.ts';
import { AppError, notFound } from '../errors/app-error.ts';
import { schemaIssue, type SchemaTextCode, type TextParams } from '../../contract/server-texts.ts';
import { ensureCursor } from './automation-settings.ts';
import { missingTargetText } from './missing-target.ts';
import { describeAction } from './rule-actions.ts';
import { compilePattern } from './rule-conditions.ts';

export function ruleDto(r: Selectable<AutomationRulesTable>): Rule {
  return {
    id: r.id,
    name: r.name,
    event: r.event,
    // Written only through RuleBody (checked by the contract's schema when saved).
    conditions: r.conditions as RuleCondition[],
    actions: r.actions as RuleAction[],
    enabled: r.enabled,
    stopAfter: r.stop_after,
    position: r.position,
    updatedAt: r.updated_at.toISOString(),
  };
}

export async function listRules(db: Db, organizationId: number): Promise<Rule[]> {
  const rows = await db.selectFrom('automation_rules').selectAll().where('organization_id', '=', organizationId).orderBy('position').orderBy('id').execute();
  return rows.map(ruleDto);
}

/** What changes the conversation, and so would make a "conversation updated" rule run again on its own change. */
const CHANGES_CONVERSATION = new Set<RuleAction['type']>(['assign_agent', 'assign_team', 'add_label', 'set_priority', 'snooze', 'resolve']);

/**
 * A rule that would trigger itself is refused with the reason: a "conversation updated" rule whose
 * action changes the conversation runs again on that change — unless one of its conditions is
 * made false by the action itself ("label vip is absent" then "add label vip" runs once).
 * (At run time automation also never reacts to its own changes, handle-events.ts.) Returns the
 * looping action's name (the `action` of `schema.ruleLoops`), or null.
 */
export function loopingAction(rule: Pick<RuleBody, 'event' | 'conditions' | 'actions'>): string | null {
  if (rule.event !== 'conversation_updated') return null;
  for (const action of rule.actions) {
    if (!CHANGES_CONVERSATION.has(action.type)) continue;
    const endsItself = action.type === 'add_label' && rule.conditions.some((c) => c.type === 'label' && !c.present && c.label === action.label);
    if (!endsItself) {
      return action.type.replace('_', ' ');
    }
  }
  return null;
}

/** One reason a rule cannot be saved: a code of its own (schema.*) where snorq words it, an action's refusal otherwise. */
type Problem = { path: string; message: string; code?: SchemaTextCode; params?: TextParams };

/** Every reason a rule cannot be saved, each with the field it concerns (shown beside it in the editor). */
async function problemsOf(db: Db, organizationId: number, rule: RuleBody): Promise<Problem[]> {
  const problems: Problem[] = [];
  const loop = loopingAction(rule);
  if (loop) problems.push(schemaIssue('/event', 'schema.ruleLoops', { action: loop }));
  rule.conditions.forEach((c, i) => {
    if (c.type !== 'text_matches') return;
    const compiled = compilePattern(c.pattern);
    if (!compiled.ok) problems.push(schemaIssue(`/conditions/${i}/pattern`, 'schema.slowPattern', { reason: compiled.reason }));
  });
  const channelIds = rule.conditions.flatMap((c) => (c.type === 'channel' ? c.channelIds : []));
  if (channelIds.length > 0) {
    const found = await db
      .selectFrom('channels')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('id', '=', sql<number>`any(${channelIds}::bigint[])`)
      .execute();
    const index = rule.conditions.findIndex((c) => c.type === 'channel');
    if (found.length < new Set(channelIds).size) problems.push(schemaIssue(`/conditions/${index}/channelIds`, 'schema.otherChannel'));
  }
  const teamIds = rule.conditions.flatMap((c) => (c.type === 'team' ? c.teamIds : []));
  if (teamIds.length > 0) {
    const found = await db
      .selectFrom('teams')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('id', '=', sql<number>`any(${teamIds}::bigint[])`)
      .execute();
    const index = rule.conditions.findIndex((c) => c.type === 'team');
    if (found.length < new Set(teamIds).size) problems.push(schemaIssue(`/conditions/${index}/teamIds`, 'schema.otherTeam'));
  }
  for (const [i, action] of rule.actions.entries()) {
    await describeAction(db, organizationId, action).catch((err: unknown) => {
      if (!(err instanceof AppError)) throw err;
      const text = missingTargetText(err);
      problems.push(text ? schemaIssue(`/actions/${i}`, text.code, text.params) : { path: `/actions/${i}`, message: err.message });
    });
  }
  return problems;
}

async function checkRule(db: Db, organizationId: number, rule: RuleBody): Promise<void> {
  const problems = await problemsOf(db, organizationId, rule);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems.map((p) => p.message).join('; '), { issues: problems });
}

const columns = (rule: RuleBody) => ({
  name: rule.name,
  event: rule.event,
  conditions: JSON.stringify(rule.conditions),
  actions: JSON.stringify(rule.actions),
  enabled: rule.enabled,
  stop_after: rule.stopAfter,
  updated_at: new Date(),
});

export async function createRule(db: Db, organizationId: number, rule: RuleBody): Promise<Rule> {
  await checkRule(db, organizationId, rule);
  return db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('automation_rules')
      .select(sql<number>`coalesce(max(position), 0)`.as('p'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('automation_rules')
      .values({ organization_id: organizationId, position: last.p + 1, ...columns(rule) })
      .returningAll()
      .executeTakeFirstOrThrow();
    await ensureCursor(trx, organizationId);
    return ruleDto(row);
  });
}

export async function updateRule(db: Db, organizationId: number, id: number, rule: RuleBody): Promise<Rule> {
  await checkRule(db, organizationId, rule);
  const row = await db.updateTable('automation_rules').set(columns(rule)).where('id', '=', id).where('organization_id', '=', organizationId).returningAll().executeTakeFirst();
  if (!row) throw notFound('rule');
  return ruleDto(row);
}

export async function deleteRule(db: Db, organizationId: number, id: number): Promise<void> {
  const res = await db.deleteFrom('automation_rules').where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  if (res.numDeletedRows === 0n) throw notFound('rule');
}

/** The rules in the order given (every rule of the organisation, each once). */
export async function reorderRules(db: Db, organizationId: number, ruleIds: number[]): Promise<Rule[]> {
  const current = await listRules(db, organizationId);
  const known = new Set(current.map((r) => r.id));
  if (ruleIds.length !== known.size || new Set(ruleIds).size !== ruleIds.length || ruleIds.some((id) => !known.has(id))) {
    throw new AppError('VALIDATION_FAILED', 'give every rule of the organisation once, in the new order', { field: 'ruleIds' });
  }
  await db.transaction().execute(async (trx) => {
    for (const [i, id] of ruleIds.entries())
      await trx
        .updateTable('automation_rules')
        .set({ position: i + 1 })
        .where('id', '=', id)
        .where('organization_id', '=', organizationId)
        .execute();
  });
  return listRules(db, organizationId);
}
