import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AutomationSettingsChange, OneAutomationSettings } from '../../contract/automation.ts';
import { withErrors } from '../../contract/errors.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { getAutomationSettings, updateAutomationSettings } from '../../core/automation/automation-settings.ts';
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
}
