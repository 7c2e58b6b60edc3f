import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AutomationSettingsChange, OneAutomationSettings, OneRule, RuleBody, RuleList, RuleOrder, RuleParams, RuleTestBody, RuleTestResult } from '../../contract/automation.ts';
import { Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { getAutomationSettings, updateAutomationSettings } from '../../core/automation/automation-settings.ts';
import { createRule, deleteRule, listRules, reorderRules, updateRule } from '../../core/automation/manage-rules.ts';
import { testRule } from '../../core/automation/run-rules.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/** Automation (admins only, checked here): the greeting and away message, and the rules. */
export async function automationRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const tags = ['automation'];
  const audit = (req: { log: { error(o: object, m: string): void } }) => (err: unknown) => req.log.error({ err }, 'could not write the audit log');

  app.addHook('preHandler', async (req) => requireAdmin(req));

  app.get('/settings', { schema: { tags, summary: 'The greeting and away message', response: withErrors({ 200: OneAutomationSettings }) } }, async (req) => ({
    settings: await getAutomationSettings(db, req.principal.organizationId),
  }));

  const putSettings = { tags, summary: 'Change the greeting or away message (on/off, text, quiet hours)', body: AutomationSettingsChange, response: withErrors({ 200: OneAutomationSettings }) };
  app.patch('/settings', { schema: putSettings }, async (req) => {
    const settings = await updateAutomationSettings(db, req.principal.organizationId, req.body);
    await recordAudit(db, { organizationId: req.principal.organizationId, action: 'automation.settings-updated', actorUserId: req.principal.userId, ip: req.ip, details: { ...req.body } }, audit(req));
    return { settings };
  });

  await ruleRoutes(app);
}

/** The rules: list, create, change, delete, reorder, and try one on a past conversation. */
async function ruleRoutes(app: FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>): Promise<void> {
  const { db } = app.ctx;
  const tags = ['automation'];
  const audit = (req: FastifyRequest, action: 'automation.rule-saved' | 'automation.rule-deleted' | 'automation.rules-reordered', details: Record<string, unknown>) =>
    recordAudit(db, { organizationId: req.principal.organizationId, action, actorUserId: req.principal.userId, ip: req.ip, details }, (err) => req.log.error({ err }, 'could not write the audit log'));

  app.get('/rules', { schema: { tags, summary: 'The rules, in the order they run', response: withErrors({ 200: RuleList }) } }, async (req) => ({
    rules: await listRules(db, req.principal.organizationId),
  }));

  const create = { tags, summary: 'Add a rule at the end (refused with the reason when it would loop)', body: RuleBody, response: withErrors({ 201: OneRule }) };
  app.post('/rules', { schema: create }, async (req, reply) => {
    const rule = await createRule(db, req.principal.organizationId, req.body);
    await audit(req, 'automation.rule-saved', { ruleId: rule.id, name: rule.name });
    return reply.code(201).send({ rule });
  });

  const change = { tags, summary: 'Change a rule', params: RuleParams, body: RuleBody, response: withErrors({ 200: OneRule }) };
  app.put('/rules/:id', { schema: change }, async (req) => {
    const rule = await updateRule(db, req.principal.organizationId, req.params.id, req.body);
    await audit(req, 'automation.rule-saved', { ruleId: rule.id, name: rule.name });
    return { rule };
  });

  app.delete('/rules/:id', { schema: { tags, summary: 'Delete a rule', params: RuleParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    await deleteRule(db, req.principal.organizationId, req.params.id);
    await audit(req, 'automation.rule-deleted', { ruleId: req.params.id });
    return { ok: true as const };
  });

  app.put('/rules/order', { schema: { tags, summary: 'Put the rules in a new order (every rule once)', body: RuleOrder, response: withErrors({ 200: RuleList }) } }, async (req) => {
    const rules = await reorderRules(db, req.principal.organizationId, req.body.ruleIds);
    await audit(req, 'automation.rules-reordered', { ruleIds: req.body.ruleIds });
    return { rules };
  });

  const test = { tags, summary: 'Try a rule on a past conversation, changing nothing: which conditions hold and what it would do', body: RuleTestBody, response: withErrors({ 200: RuleTestResult }) };
  app.post('/rules/test', { schema: test }, async (req) => testRule(db, req.principal.organizationId, req.body.rule, req.body.conversationId));
}
