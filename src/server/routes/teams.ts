import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { IdParams, Ok } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { NewTeam, OneTeam, PriorityTargets, TeamChange, TeamList } from '../../contract/teams.ts';
import { routeOrganization } from '../../core/routing/route-conversations.ts';
import { OFFLINE_GRACE_SECONDS } from '../../core/routing/routing-worker.ts';
import { announceSlaBreaches, refreshSlaClocks } from '../../core/sla/sla-clocks.ts';
import { priorityTargets, setPriorityTargets } from '../../core/sla/sla-targets.ts';
import { changeTeam, createTeam, deleteTeam, listTeams } from '../../core/teams/manage-teams.ts';
import { recordAudit, type AuditAction } from '../../core/audit/record-audit.ts';
import type { FastifyRequest } from 'fastify';
import { requireAdmin } from '../plugins/authenticate.ts';

/**
 * Teams (who routes which channel's new conversations to whom) and the organisation's response
 * targets per priority: every user reads them, admins change them. A change routes at once, so a
 * team given its first online member or a channel takes its waiting conversations straight away.
 */
export async function teamsRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  // Targets (a team's or a priority's) move the waiting conversations' clocks: worked out again at once, and a
  // wait already past its new due time announced, instead of at the routing worker's next sweep.
  const route = async (organizationId: number) => {
    await routeOrganization(db, organizationId, { offlineGraceSeconds: OFFLINE_GRACE_SECONDS });
    await refreshSlaClocks(db, organizationId);
    await announceSlaBreaches(db, organizationId);
  };
  // Who changed a team's members, channels, assignment or targets, and how (the change as sent).
  const audit = (req: FastifyRequest, action: Extract<AuditAction, `team.${string}` | 'sla-targets.updated'>, details: Record<string, unknown>) =>
    recordAudit(db, { organizationId: req.principal.organizationId, action, actorUserId: req.principal.userId, ip: req.ip, details }, (err) => req.log.error({ err }, 'could not write the audit log'));

  app.get('/teams', { schema: { tags: ['teams'], summary: 'The organisation’s teams, their members and channels', response: withErrors({ 200: TeamList }) } }, async (req) => ({
    teams: await listTeams(db, req.principal.organizationId),
  }));

  app.post('/teams', { schema: { tags: ['teams'], summary: 'Add a team (admins only)', body: NewTeam, response: withErrors({ 201: OneTeam }) } }, async (req, reply) => {
    requireAdmin(req);
    const team = await createTeam(db, req.principal.organizationId, req.body);
    await audit(req, 'team.created', { teamId: team.id, ...req.body });
    await route(req.principal.organizationId);
    return reply.status(201).send({ team: (await listTeams(db, req.principal.organizationId, team.id))[0]! });
  });

  const changeSchema = {
    tags: ['teams'],
    summary: 'Rename a team, change its members, channels, assignment or targets (admins only)',
    params: IdParams,
    body: TeamChange,
    response: withErrors({ 200: OneTeam }),
  };
  app.patch('/teams/:id', { schema: changeSchema }, async (req) => {
    requireAdmin(req);
    await changeTeam(db, req.principal.organizationId, req.params.id, req.body);
    await audit(req, 'team.updated', { teamId: req.params.id, ...req.body });
    await route(req.principal.organizationId);
    return { team: (await listTeams(db, req.principal.organizationId, req.params.id))[0]! };
  });

  app.delete('/teams/:id', { schema: { tags: ['teams'], summary: 'Remove a team (admins only); its channels route nowhere', params: IdParams, response: withErrors({ 200: Ok }) } }, async (req) => {
    requireAdmin(req);
    const name = (await listTeams(db, req.principal.organizationId, req.params.id))[0]?.name;
    await deleteTeam(db, req.principal.organizationId, req.params.id);
    await audit(req, 'team.deleted', { teamId: req.params.id, name });
    return { ok: true as const };
  });

  app.get('/sla-targets', { schema: { tags: ['teams'], summary: 'Response targets per priority (minutes of business hours)', response: withErrors({ 200: PriorityTargets }) } }, async (req) => ({
    targets: await priorityTargets(db, req.principal.organizationId),
  }));

  app.put(
    '/sla-targets',
    { schema: { tags: ['teams'], summary: 'Set the response targets per priority (admins only)', body: PriorityTargets, response: withErrors({ 200: PriorityTargets }) } },
    async (req) => {
      requireAdmin(req);
      const targets = await setPriorityTargets(db, req.principal.organizationId, req.body.targets);
      await audit(req, 'sla-targets.updated', { targets: req.body.targets });
      await route(req.principal.organizationId);
      return { targets };
    },
  );
}
