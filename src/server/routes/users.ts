import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { disableUser, enableUser, setPassword, updateUser } from '../../core/accounts/manage-users.ts';
import { clearSignInFailures } from '../../core/accounts/sign-in-throttle.ts';
import { userActivity } from '../../core/accounts/user-activity.ts';
import { createUser, listUsers } from '../../core/accounts/users.ts';
import { presenceOfOrganization } from '../../core/presence/presence-store.ts';
import { recordAudit, type AuditEntry } from '../../core/audit/record-audit.ts';
import { announceAccessRevoked } from '../../core/realtime/access-revocations.ts';
import { AppError } from '../../core/errors/app-error.ts';
import { requireAdmin, tokenPolicy } from '../plugins/authenticate.ts';
import { IdParams } from '../../contract/common.ts';
import { withErrors } from '../../contract/errors.ts';
import { NewUser, OneUser, PasswordReset, PasswordResult, UserChange, UserList, UsersQuery } from '../../contract/users.ts';

/** The organisation's users; everything but the list is for admins (the last admin is always kept). */
export async function userRoutes(plain: FastifyInstance): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const audit = (req: FastifyRequest, entry: Omit<AuditEntry, 'organizationId' | 'actorUserId' | 'ip'>) =>
    recordAudit(db, { ...entry, organizationId: req.principal.organizationId, actorUserId: req.principal.userId, ip: req.ip }, (err) => req.log.error({ err }, 'could not write the audit log'));
  const One = withErrors({ 200: OneUser });

  listRoute(app);

  app.post('/', { schema: { tags: ['users'], summary: 'Create an agent or admin (admins only)', body: NewUser, response: withErrors({ 201: OneUser }) } }, async (req, reply) => {
    requireAdmin(req);
    const user = await createUser(db, { ...req.body, organizationId: req.principal.organizationId });
    await audit(req, { action: 'user.created', targetUserId: user.id, details: { role: user.role } });
    return reply.status(201).send({ user });
  });

  app.patch(
    '/:id',
    { schema: { tags: ['users'], summary: 'Rename a user or change their role (admins only; the last admin stays admin)', params: IdParams, body: UserChange, response: One } },
    async (req) => {
      requireAdmin(req);
      const user = await updateUser(db, req.principal.organizationId, req.params.id, req.body);
      await audit(req, { action: 'user.updated', targetUserId: user.id, details: { ...req.body } });
      return { user };
    },
  );

  app.post(
    '/:id/disable',
    {
      schema: {
        tags: ['users'],
        summary: 'Disable a user (admins only): no more sign-ins; every session and API token revoked, live connections ended',
        params: IdParams,
        response: One,
      },
    },
    async (req) => {
      requireAdmin(req);
      // Disabling oneself would end this very session and lock one out; another admin must do it.
      if (req.params.id === req.principal.userId) throw new AppError('FORBIDDEN', 'you cannot disable your own account; another admin can', { reason: 'CANNOT_DISABLE_SELF' });
      const { user, changed, revoked } = await disableUser(db, req.principal.organizationId, req.params.id);
      if (changed) {
        await announceAccessRevoked(db, { organizationId: user.organizationId, userId: user.id, reason: 'user disabled' });
        await audit(req, { action: 'user.disabled', targetUserId: user.id, details: { revokedTokens: revoked } });
      }
      return { user };
    },
  );

  app.post('/:id/enable', { schema: { tags: ['users'], summary: 'Enable a disabled user again (admins only); they sign in afresh', params: IdParams, response: One } }, async (req) => {
    requireAdmin(req);
    const { user, changed } = await enableUser(db, req.principal.organizationId, req.params.id);
    if (changed) await audit(req, { action: 'user.enabled', targetUserId: user.id });
    return { user };
  });

  app.post(
    '/:id/password',
    {
      schema: {
        tags: ['users'],
        summary: 'Set a new password for a user (admins only): their sessions end, a sign-in lock on their email is lifted',
        params: IdParams,
        body: PasswordReset,
        response: withErrors({ 200: PasswordResult }),
      },
    },
    async (req) => {
      requireAdmin(req);
      const endedSessions = await resetPassword(req, req.params.id, req.body.password);
      await audit(req, { action: 'user.password-reset', targetUserId: req.params.id, details: { endedSessions } });
      return { ok: true as const, endedSessions };
    },
  );
}

/**
 * An admin sets a user's password: the user's sessions end (an admin doing it to themselves keeps
 * the session they do it from, as /me/password does) and a sign-in lock on their email is lifted.
 * Returns how many sessions ended.
 */
async function resetPassword(req: FastifyRequest, userId: number, password: string): Promise<number> {
  const { db } = req.server.ctx;
  const organizationId = req.principal.organizationId;
  const keep = userId === req.principal.userId ? req.principal.tokenId : undefined;
  const { email, revoked } = await setPassword(db, organizationId, userId, password, keep);
  await clearSignInFailures(db, email);
  await announceAccessRevoked(db, { organizationId, userId, sessionsOnly: true, exceptTokenId: keep, reason: 'password reset' });
  return revoked;
}

/** GET /api/v1/users: everyone reads the list (assignees); admins also see disabled users and activity. */
function listRoute(plain: FastifyInstance): void {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { db } = app.ctx;
  const listSchema = {
    tags: ['users'],
    summary: 'Users of the caller’s organisation (disabled ones too with includeDisabled=true, admins only; admins also see last seen and active sessions)',
    querystring: UsersQuery,
    response: withErrors({ 200: UserList }),
  };
  app.get('/', { schema: listSchema }, async (req) => {
    const includeDisabled = req.query.includeDisabled === 'true';
    if (includeDisabled) requireAdmin(req);
    const [listed, presence] = await Promise.all([listUsers(db, req.principal.organizationId, { includeDisabled }), presenceOfOrganization(db, req.principal.organizationId)]);
    // Everyone sees each agent's presence (online, away, offline) beside their name.
    const users = listed.map((u) => ({ ...u, presence: presence.get(u.id) ?? ('offline' as const) }));
    if (req.principal.role !== 'admin') return { users };
    // Admins manage people, so they see when each was last seen and the sessions they hold.
    const activity = await userActivity(db, req.principal.organizationId, tokenPolicy(app.ctx.config));
    return { users: users.map((u) => ({ ...u, ...(activity.get(u.id) ?? { lastSeenAt: null, activeSessions: 0 }) })) };
  });
}
