import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { withErrors } from '../../contract/errors.ts';
import { BusinessTimeQuery, BusinessTimeResult, OneOrganization, OrganizationChange } from '../../contract/organization.ts';
import { recordAudit } from '../../core/audit/record-audit.ts';
import { holidayAt, isWithinBusinessHours } from '../../core/organization/business-hours.ts';
import { getOrganization, updateOrganization } from '../../core/organization/organization-settings.ts';
import { requireAdmin } from '../plugins/authenticate.ts';

/** The caller's organisation: name, time zone and weekly business hours (changed by admins). */
export async function organizationRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;

  app.get('/', { schema: { tags: ['organisation'], summary: 'The caller’s organisation', response: withErrors({ 200: OneOrganization }) } }, async (req) => ({
    organization: await getOrganization(db, req.principal.organizationId),
  }));

  const patchSchema = {
    tags: ['organisation'],
    summary: 'Change the name, time zone, business hours or holidays (admins only)',
    body: OrganizationChange,
    response: withErrors({ 200: OneOrganization }),
  };
  app.patch('/', { schema: patchSchema }, async (req) => {
    requireAdmin(req);
    const organization = await updateOrganization(db, req.principal.organizationId, req.body);
    await recordAudit(db, { organizationId: organization.id, action: 'organization.updated', actorUserId: req.principal.userId, ip: req.ip, details: { ...req.body } }, (err) =>
      req.log.error({ err }, 'could not write the audit log'),
    );
    return { organization };
  });

  const openSchema = {
    tags: ['organisation'],
    summary: 'Whether the organisation is within business hours at a moment (now by default); no hours set means always open',
    querystring: BusinessTimeQuery,
    response: withErrors({ 200: BusinessTimeResult }),
  };
  app.get('/business-hours/open', { schema: openSchema }, async (req) => {
    const org = await getOrganization(db, req.principal.organizationId);
    const at = req.query.at ? new Date(req.query.at) : new Date();
    const holiday = holidayAt(org.holidays, org.timeZone, at);
    return { at: at.toISOString(), open: isWithinBusinessHours(org.businessHours, org.timeZone, at, org.holidays), timeZone: org.timeZone, holiday: holiday?.name ?? null };
  });
}
