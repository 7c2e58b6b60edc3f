import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneAuditLog } from '../../src/core/audit/prune-audit-log.ts';
import { saveConnection } from '../../src/core/connections/save-connection.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Accounts that can be taken away: an admin disables and re-enables users, resets passwords and
 * ends any session; a user changes their own password and ends their own sessions; idle and
 * expired sessions stop working; the last admin stays; and all of it is in the audit log.
 */
let t: TestApp;
let org: Awaited<ReturnType<TestApp['newOrganization']>>;

beforeAll(async () => {
  t = await createTestApp({ SESSION_IDLE_MINUTES: '30' });
  org = await t.newOrganization();
}, 180_000);
afterAll(async () => t?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const as = (token: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
const signIn = async (email: string, password: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, headers: { 'user-agent': 'lifecycle-test' } });
  return { status: res.statusCode, token: (res.json() as { token?: string }).token ?? '' };
};
const works = async (token: string) => (await as(token, 'GET', '/api/v1/auth/me')).statusCode === 200;

async function newUser(role: 'admin' | 'agent', password = 'agent password 1') {
  const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const res = await as(org.token, 'POST', '/api/v1/users', { email, name: role, role, password });
  expect(res.statusCode).toBe(201);
  return { id: (res.json() as { user: { id: number } }).user.id, email, password };
}

describe('sessions', () => {
  it('an admin lists every session and ends any; a user sees and ends only their own', async () => {
    const agent = await newUser('agent');
    const first = await signIn(agent.email, agent.password);
    const firstId = await idIn(first.token);
    const second = await signIn(agent.email, agent.password);
    const secondId = await idIn(second.token);

    const all = await as(org.token, 'GET', '/api/v1/sessions');
    expect(all.statusCode).toBe(200);
    const sessions = (all.json() as { sessions: { id: number; userId: number; current: boolean; userAgent: string | null }[] }).sessions;
    expect(sessions.filter((s) => s.userId === agent.id).map((s) => s.id)).toEqual([secondId, firstId]);
    expect(sessions.find((s) => s.id === firstId)).toMatchObject({ userAgent: 'lifecycle-test', current: false });
    expect(sessions.filter((s) => s.current)).toHaveLength(1);

    expect((await as(first.token, 'GET', '/api/v1/sessions')).statusCode).toBe(403);
    const mine = (await as(first.token, 'GET', '/api/v1/me/sessions')).json() as { sessions: { id: number; current: boolean }[] };
    expect(mine.sessions.map((s) => [s.id, s.current])).toEqual([
      [secondId, false],
      [firstId, true],
    ]);
    // A user cannot end someone else's session (it is not found for them)…
    const adminSession = sessions.find((s) => s.userId === org.adminId)!;
    expect((await as(first.token, 'DELETE', `/api/v1/me/sessions/${adminSession.id}`)).statusCode).toBe(404);
    // …but ends their own,
    expect((await as(first.token, 'DELETE', `/api/v1/me/sessions/${secondId}`)).statusCode).toBe(200);
    expect(await works(second.token)).toBe(false);
    expect(await works(first.token)).toBe(true);
    // and an admin ends anyone's.
    expect((await as(org.token, 'DELETE', `/api/v1/sessions/${firstId}`)).statusCode).toBe(200);
    expect(await works(first.token)).toBe(false);
    expect((await as(org.token, 'DELETE', `/api/v1/sessions/${firstId}`)).statusCode).toBe(404);
  });

  it('a session unused for SESSION_IDLE_MINUTES ends, an API token does not idle, and the absolute expiry holds', async () => {
    const agent = await newUser('agent');
    const idle = await signIn(agent.email, agent.password);
    const used = await signIn(agent.email, agent.password);
    const api = (await as(org.token, 'POST', '/api/v1/tokens', { name: 'idle-check' })).json() as { id: number; token: string };
    const longAgo = new Date(Date.now() - 31 * 60_000);
    // The clock moved on by 31 minutes for the idle session and the API token (not waited for).
    await t.ctx.db
      .updateTable('auth_tokens')
      .set({ last_used_at: longAgo })
      .where('id', 'in', [await idIn(idle.token), api.id])
      .execute();
    expect(await works(idle.token)).toBe(false);
    expect(await works(used.token)).toBe(true);
    expect(await works(api.token)).toBe(true);
    await t.ctx.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', await idIn(used.token))
      .execute();
    expect(await works(used.token)).toBe(false);
  });
});

/** The id of a session, found through the sessions list of its own user. */
async function idIn(token: string): Promise<number> {
  const res = await as(token, 'GET', '/api/v1/me/sessions');
  return (res.json() as { sessions: { id: number; current: boolean }[] }).sessions.find((s) => s.current)!.id;
}

describe('passwords', () => {
  it('a user changes their own password: the current session stays, the others end, the old password stops working', async () => {
    const agent = await newUser('agent');
    const here = await signIn(agent.email, agent.password);
    const elsewhere = await signIn(agent.email, agent.password);
    const wrong = await as(here.token, 'POST', '/api/v1/me/password', { currentPassword: 'not it at all', newPassword: 'a new password 2' });
    expect(wrong.statusCode).toBe(403);
    const tooShort = await as(here.token, 'POST', '/api/v1/me/password', { currentPassword: agent.password, newPassword: 'short' });
    expect(tooShort.statusCode).toBe(400);
    const changed = await as(here.token, 'POST', '/api/v1/me/password', { currentPassword: agent.password, newPassword: 'a new password 2' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toEqual({ ok: true, endedSessions: 1 });
    expect(await works(here.token)).toBe(true);
    expect(await works(elsewhere.token)).toBe(false);
    expect((await signIn(agent.email, agent.password)).status).toBe(401);
    expect((await signIn(agent.email, 'a new password 2')).status).toBe(200);
  });

  it('an admin resets a password: every session of that user ends; agents may not', async () => {
    const agent = await newUser('agent');
    const session = await signIn(agent.email, agent.password);
    expect((await as(session.token, 'POST', `/api/v1/users/${org.adminId}/password`, { password: 'taking over now' })).statusCode).toBe(403);
    const reset = await as(org.token, 'POST', `/api/v1/users/${agent.id}/password`, { password: 'reset by admin 1' });
    expect(reset.statusCode).toBe(200);
    expect(await works(session.token)).toBe(false);
    expect((await signIn(agent.email, 'reset by admin 1')).status).toBe(200);
  });
});

describe('disabling users', () => {
  it('revokes every session and API token; the user cannot sign in until enabled, and comes back with nothing revived', async () => {
    const admin2 = await newUser('admin', 'second admin pw');
    const session = await signIn(admin2.email, admin2.password);
    const api = (await as(session.token, 'POST', '/api/v1/tokens', { name: 'theirs' })).json() as { token: string };
    expect(await works(api.token)).toBe(true);

    const disabled = await as(org.token, 'POST', `/api/v1/users/${admin2.id}/disable`);
    expect(disabled.statusCode).toBe(200);
    expect((disabled.json() as { user: { disabledAt: string | null } }).user.disabledAt).not.toBeNull();
    expect(await works(session.token)).toBe(false);
    expect(await works(api.token)).toBe(false);
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: admin2.email, password: admin2.password } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'never-was@example.test', password: admin2.password } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toEqual(unknown.json());

    // Hidden from the team list, shown to admins who ask.
    const team = (await as(org.token, 'GET', '/api/v1/users')).json() as { users: { id: number }[] };
    expect(team.users.map((u) => u.id)).not.toContain(admin2.id);
    const everyone = (await as(org.token, 'GET', '/api/v1/users?includeDisabled=true')).json() as { users: { id: number; disabledAt: string | null }[] };
    expect(everyone.users.find((u) => u.id === admin2.id)?.disabledAt).toEqual(expect.any(String));

    expect((await as(org.token, 'POST', `/api/v1/users/${admin2.id}/enable`)).statusCode).toBe(200);
    expect(await works(session.token)).toBe(false);
    expect(await works(api.token)).toBe(false);
    expect((await signIn(admin2.email, admin2.password)).status).toBe(200);
  });

  it('never disables or demotes the last admin, and keeps users of other organisations out of reach', async () => {
    const solo = await t.newOrganization('Solo');
    // Nobody disables themselves (another admin must); the last admin is never demoted.
    const self = await as(solo.token, 'POST', `/api/v1/users/${solo.adminId}/disable`);
    expect(self.statusCode).toBe(403);
    expect((self.json() as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const demote = await as(solo.token, 'PATCH', `/api/v1/users/${solo.adminId}`, { role: 'agent' });
    expect(demote.statusCode).toBe(409);
    expect(await works(solo.token)).toBe(true);
    // Another organisation's user is not found, whatever the caller's role there.
    expect((await as(solo.token, 'POST', `/api/v1/users/${org.adminId}/disable`)).statusCode).toBe(404);
    expect((await as(solo.token, 'DELETE', `/api/v1/sessions/${await idIn(org.token)}`)).statusCode).toBe(404);
    expect(await works(org.token)).toBe(true);
    // With a second admin, either may step down.
    const other = (await as(solo.token, 'POST', '/api/v1/users', { email: `solo2-${Date.now()}@example.test`, name: 'B', role: 'admin', password: 'solo two password' })).json() as {
      user: { id: number };
    };
    const stepDown = await as(solo.token, 'PATCH', `/api/v1/users/${solo.adminId}`, { role: 'agent' });
    expect(stepDown.statusCode).toBe(200);
    expect((stepDown.json() as { user: { role: string } }).user.role).toBe('agent');
    expect(other.user.id).toBeGreaterThan(0);
  });
});

describe('the audit log', () => {
  it('records sign-ins, failures, user, session and token changes for admins of the organisation only, filtered and paged', async () => {
    const agent = await newUser('agent');
    await signIn(agent.email, 'wrong password!');
    const session = await signIn(agent.email, agent.password);
    await as(org.token, 'POST', `/api/v1/users/${agent.id}/disable`);
    const token = (await as(org.token, 'POST', '/api/v1/tokens', { name: 'audited' })).json() as { id: number };
    await as(org.token, 'DELETE', `/api/v1/tokens/${token.id}`);

    const page = await as(org.token, 'GET', `/api/v1/audit-log?userId=${agent.id}`);
    expect(page.statusCode).toBe(200);
    const actions = (page.json() as { entries: { action: string; actorUserId: number | null; targetUserId: number | null; details: object }[] }).entries;
    expect(actions.map((e) => e.action)).toEqual(['user.disabled', 'sign-in', 'sign-in.failed', 'user.created']);
    expect(actions[0]).toMatchObject({ actorUserId: org.adminId, targetUserId: agent.id, details: { revokedTokens: 1 } });
    expect(JSON.stringify(page.json())).not.toContain(session.token);
    expect(JSON.stringify(page.json())).not.toContain(agent.password);

    const revoked = (await as(org.token, 'GET', '/api/v1/audit-log?action=token.revoked')).json() as { entries: { details: { tokenId: number } }[] };
    expect(revoked.entries.map((e) => e.details.tokenId)).toContain(token.id);

    // Pages: newest first, `nextBefore` leads on, and the pages join up without gaps or repeats.
    const whole = (await as(org.token, 'GET', '/api/v1/audit-log?limit=500')).json() as { entries: { id: number }[] };
    const first = (await as(org.token, 'GET', '/api/v1/audit-log?limit=2')).json() as { entries: { id: number }[]; nextBefore: number };
    const next = (await as(org.token, 'GET', `/api/v1/audit-log?limit=2&before=${first.nextBefore}`)).json() as { entries: { id: number }[] };
    expect([...first.entries, ...next.entries].map((e) => e.id)).toEqual(whole.entries.slice(0, 4).map((e) => e.id));

    expect((await as(session.token, 'GET', '/api/v1/audit-log')).statusCode).toBe(401); // disabled meanwhile
    const otherAdmin = await t.newOrganization('Elsewhere');
    const theirs = (await as(otherAdmin.token, 'GET', '/api/v1/audit-log')).json() as { entries: { targetUserId: number | null; actorUserId: number | null }[] };
    expect(theirs.entries.every((e) => e.actorUserId === otherAdmin.adminId)).toBe(true);
    expect((await as(org.token, 'GET', '/api/v1/audit-log?action=no-such-action')).statusCode).toBe(400);
    expect((await as(org.token, 'GET', '/api/v1/audit-log?limit=0')).statusCode).toBe(400);
  });

  it('records channels connected and disconnected, and journal replays, with who did them', async () => {
    // Connected through an OAuth flow's save (the platform's answer already checked by the flow)…
    const saved = await saveConnection(
      t.ctx,
      { organizationId: org.organizationId, userId: org.adminId },
      { platform: 'whatsapp', externalAccountId: '1098765', displayName: 'Audited line', credentials: { accessToken: 'EAAG-audited' } },
      null,
    );
    expect(saved.ok).toBe(true);
    const channelId = (saved as { id: number }).id;
    // …disconnected through the API…
    expect((await as(org.token, 'DELETE', `/api/v1/channels/${channelId}`)).statusCode).toBe(200);
    // …and a journaled webhook replayed.
    const journaled = await t.ctx.db
      .insertInto('webhook_events')
      .values({ platform: 'whatsapp', content_type: 'application/json', body: Buffer.from('{"object":"whatsapp_business_account","entry":[]}'), organization_id: org.organizationId, state: 'failed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await as(org.token, 'POST', `/api/v1/webhook-events/${journaled.id}/replay`)).statusCode).toBe(200);

    const entries = ((await as(org.token, 'GET', '/api/v1/audit-log?limit=3')).json() as { entries: { action: string; actorUserId: number; details: Record<string, unknown> }[] }).entries;
    expect(entries.map((e) => e.action)).toEqual(['journal.replayed', 'channel.disconnected', 'channel.connected']);
    expect(entries.every((e) => e.actorUserId === org.adminId)).toBe(true);
    expect(entries[0]!.details).toMatchObject({ webhookEventId: journaled.id });
    expect(entries[1]!.details).toMatchObject({ channelId });
    expect(entries[2]!.details).toMatchObject({ channelId, platform: 'whatsapp', externalAccountId: '1098765', via: 'oauth' });
    expect(JSON.stringify(entries)).not.toContain('EAAG-audited');
  });

  it('is pruned after AUDIT_RETENTION_DAYS', async () => {
    const old = await t.ctx.db
      .insertInto('audit_log')
      .values({ organization_id: org.organizationId, action: 'sign-in', created_at: new Date(Date.now() - 400 * 86_400_000) })
      .returning('id')
      .executeTakeFirstOrThrow();
    const before = await t.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const pruned = await pruneAuditLog(t.ctx.db, 365);
    expect(pruned.auditEntries).toBe(1);
    expect(await t.ctx.db.selectFrom('audit_log').select('id').where('id', '=', old.id).executeTakeFirst()).toBeUndefined();
    const after = await t.ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n) - 1);
  });
});
