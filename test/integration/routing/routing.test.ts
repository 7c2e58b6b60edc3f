import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { routeOrganization } from '../../../src/core/routing/route-conversations.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';
import { agents, assigneesOf, setPresence, tally } from './routing-helpers.ts';

/**
 * Teams and automatic assignment (`/api/v1/teams`, src/core/routing): a channel routes its new
 * conversations to a team; among the team's online members, round robin gives each in turn (an
 * agent back from offline is next, not owed a burst), least busy fills the emptiest, the cap
 * passes over a full agent, and a conversation nobody could take waits and is offered again when
 * an agent comes online or is freed. Teams that ask for it take back an offline agent's
 * conversations after a grace. Passes run with a fixed clock; nothing waits on time.
 */
let t: TestApp;
let org: OrgUnderTest;
let as: ReturnType<typeof caller>;
let channelId: number;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  org = await orgWithAgent(t, 'routing');
  channelId = (await t.ctx.db.selectFrom('channels').select('id').where('organization_id', '=', org.id).executeTakeFirstOrThrow()).id;
}, 180_000);
afterAll(async () => t?.close());

const route = (now = new Date()) => routeOrganization(t.ctx.db, org.id, { now, offlineGraceSeconds: 120 });
/** `n` new customers write; returns their conversations in order. */
async function customers(n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) ids.push(await customerWrites(t, org, `49155501${String(++counter).padStart(5, '0')}`, 'hello'));
  return ids;
}
async function team(body: Record<string, unknown>): Promise<{ id: number; waiting: number; memberIds: number[]; channelIds: number[] }> {
  const res = await as(org.admin, 'POST', '/api/v1/teams', { channelIds: [channelId], ...body, name: `${String(body.name ?? 'Team')} ${++counter}` });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { team: { id: number; waiting: number; memberIds: number[]; channelIds: number[] } }).team;
}

beforeEach(async () => {
  // Each case starts with no team and every earlier conversation resolved.
  await t.ctx.db.deleteFrom('teams').where('organization_id', '=', org.id).execute();
  await t.ctx.db.updateTable('conversations').set({ status: 'resolved' }).where('organization_id', '=', org.id).execute();
  await t.ctx.db.deleteFrom('user_presence').where('organization_id', '=', org.id).execute();
});

describe('teams API', () => {
  it('two admins creating the same name in different case at once: one team, the other 409 on name', async () => {
    // The first admin's insert is in flight (not committed) when the second's request checks the
    // name: the check cannot see it, so only the database's own uniqueness can refuse the second.
    // (Its own connection: the app's pool stays free for the second request.)
    const first = new pg.Client({ connectionString: t.config.DATABASE_URL });
    await first.connect();
    let second;
    try {
      await first.query('begin');
      await first.query(`insert into teams (organization_id, name) values ($1, 'Returns')`, [org.id]);
      // `then` sends it (an injected request starts when awaited).
      const request = as(org.admin, 'POST', '/api/v1/teams', { name: 'RETURNS' }).then((res) => res);
      // It waits on the first's row in the unique index (a lock wait PostgreSQL shows); then the first commits.
      await eventually(async () => {
        // Inside a transaction PostgreSQL keeps its first view of the statistics unless told to let go.
        await first.query('select pg_stat_clear_snapshot()');
        const { rows } = await first.query<{ query: string; wait: string | null }>(`select query, wait_event_type as wait from pg_stat_activity where datname = current_database()`);
        return rows.some((r) => r.wait === 'Lock' && r.query.startsWith('insert into "teams"'));
      });
      await first.query('commit');
      second = await request;
    } finally {
      await first.end();
    }
    expect(second.statusCode, second.body).toBe(409);
    expect(second.json()).toMatchObject({ error: { code: 'CONFLICT', details: { field: 'name' } } });
    const names = await t.ctx.db.selectFrom('teams').select('name').where('organization_id', '=', org.id).execute();
    expect(names.map((n) => n.name)).toEqual(['Returns']);
  });

  it('writes who created, changed and removed a team, and set the response targets, to the audit log', async () => {
    const before = (
      await t.ctx.db
        .selectFrom('audit_log')
        .select(sql<number>`coalesce(max(id), 0)::int`.as('id'))
        .executeTakeFirstOrThrow()
    ).id;
    const created = await as(org.admin, 'POST', '/api/v1/teams', { name: 'Audited', strategy: 'manual' });
    const id = (created.json() as { team: { id: number } }).team.id;
    expect((await as(org.admin, 'PATCH', `/api/v1/teams/${id}`, { name: 'Audited again', channelIds: [channelId] })).statusCode).toBe(200);
    expect((await as(org.admin, 'PUT', '/api/v1/sla-targets', { targets: [{ priority: 'urgent', firstResponseMinutes: 15, nextResponseMinutes: 30 }] })).statusCode).toBe(200);
    expect((await as(org.admin, 'DELETE', `/api/v1/teams/${id}`)).statusCode).toBe(200);
    expect((await as(org.agent, 'DELETE', `/api/v1/teams/${id}`)).statusCode).toBe(403);
    const entries = await t.ctx.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'details']).where('organization_id', '=', org.id).where('id', '>', before).orderBy('id').execute();
    const adminId = (await t.ctx.db.selectFrom('users').select('id').where('organization_id', '=', org.id).where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
    expect(entries).toMatchObject([
      { action: 'team.created', actor_user_id: adminId, details: { teamId: id, name: 'Audited', strategy: 'manual' } },
      { action: 'team.updated', actor_user_id: adminId, details: { teamId: id, name: 'Audited again', channelIds: [channelId] } },
      { action: 'sla-targets.updated', actor_user_id: adminId, details: { targets: [{ priority: 'urgent', firstResponseMinutes: 15, nextResponseMinutes: 30 }] } },
      { action: 'team.deleted', actor_user_id: adminId, details: { teamId: id, name: 'Audited again' } },
    ]);
  });

  it('an admin creates, renames and deletes a team; agents read it; bad input is refused beside its field', async () => {
    const [ana] = await agents(t.ctx.db, org.id, ['Ana']);
    const created = await as(org.admin, 'POST', '/api/v1/teams', { name: '  Support  ', memberIds: [ana], channelIds: [channelId], strategy: 'least_busy', maxOpenPerAgent: 3 });
    expect(created.statusCode, created.body).toBe(201);
    const teamJson = (created.json() as { team: Record<string, unknown> }).team;
    expect(teamJson).toMatchObject({ name: 'Support', memberIds: [ana], channelIds: [channelId], strategy: 'least_busy', maxOpenPerAgent: 3, reassignOffline: false, waiting: 0 });
    const id = teamJson.id as number;
    expect((await as(org.agent, 'GET', '/api/v1/teams')).json()).toMatchObject({ teams: [{ id, name: 'Support' }] });
    expect((await as(org.agent, 'POST', '/api/v1/teams', { name: 'Agents' })).statusCode).toBe(403);
    expect((await as(org.agent, 'PATCH', `/api/v1/teams/${id}`, { name: 'Mine' })).statusCode).toBe(403);

    const taken = await as(org.admin, 'POST', '/api/v1/teams', { name: 'support' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { code: 'CONFLICT', details: { field: 'name' } } });
    const stranger = await as(org.admin, 'PATCH', `/api/v1/teams/${id}`, { memberIds: [ana, 999_999] });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { field: 'memberIds' } } });
    expect((await as(org.admin, 'PATCH', `/api/v1/teams/${id}`, { maxOpenPerAgent: 0 })).statusCode).toBe(400);
    expect((await as(org.admin, 'PATCH', `/api/v1/teams/${id}`, { name: '' })).statusCode).toBe(400);
    expect((await as(org.admin, 'PATCH', `/api/v1/teams/${id}`, { strategy: 'random' })).statusCode).toBe(400);

    const renamed = await as(org.admin, 'PATCH', `/api/v1/teams/${id}`, { name: 'Billing', memberIds: [], reassignOffline: true });
    expect(renamed.json()).toMatchObject({ team: { name: 'Billing', memberIds: [], reassignOffline: true, channelIds: [channelId] } });
    // A channel routes to one team: giving it to another takes it from this one.
    const other = await team({ name: 'Other' });
    expect(other.channelIds).toEqual([channelId]);
    expect((await as(org.admin, 'GET', '/api/v1/teams')).json()).toMatchObject({ teams: [{ name: 'Billing', channelIds: [] }, { channelIds: [channelId] }] });
    expect((await as(org.admin, 'DELETE', `/api/v1/teams/${id}`)).statusCode).toBe(200);
    expect((await as(org.admin, 'DELETE', `/api/v1/teams/${id}`)).statusCode).toBe(404);
  });
});

describe('automatic assignment', () => {
  it('round robin is fair while agents go off and on line', async () => {
    const [ana, bo, cy] = await agents(t.ctx.db, org.id, ['Ana', 'Bo', 'Cy']);
    for (const id of [ana!, bo!, cy!]) await setPresence(t.ctx.db, org.id, id, 'online');
    await team({ memberIds: [ana, bo, cy], strategy: 'round_robin' });
    const first = await customers(6);
    await route();
    expect(await assigneesOf(t.ctx.db, first)).toEqual([ana, bo, cy, ana, bo, cy]);

    // Bo goes offline: the next ones alternate between Ana and Cy.
    await setPresence(t.ctx.db, org.id, bo!, 'offline');
    const second = await customers(4);
    await route();
    expect(await assigneesOf(t.ctx.db, second)).toEqual([ana, cy, ana, cy]);
    // Back online, Bo has waited longest: Bo is next, then the turn goes on as before.
    await setPresence(t.ctx.db, org.id, bo!, 'online');
    const third = await customers(3);
    await route();
    expect(await assigneesOf(t.ctx.db, third)).toEqual([bo, ana, cy]);
    // An agent who is away gets nothing.
    await setPresence(t.ctx.db, org.id, ana!, 'away');
    const fourth = await customers(2);
    await route();
    expect(await assigneesOf(t.ctx.db, fourth)).toEqual([bo, cy]);
  });

  it('announces each assignment like a manual one, by snorq', async () => {
    const [ana] = await agents(t.ctx.db, org.id, ['Ana']);
    await setPresence(t.ctx.db, org.id, ana!, 'online');
    await team({ memberIds: [ana] });
    const [conv] = await customers(1);
    const before = (await t.ctx.db.selectFrom('organizations').select('event_seq').where('id', '=', org.id).executeTakeFirstOrThrow()).event_seq;
    expect(await route()).toEqual({ assigned: 1, released: 0 });
    const events = await t.ctx.db.selectFrom('events').select(['type', 'payload']).where('organization_id', '=', org.id).where('seq', '>', before).execute();
    expect(events).toEqual([
      { type: 'conversation:updated', payload: expect.objectContaining({ assignedBy: null, conversation: expect.objectContaining({ id: conv, assigneeId: ana }) }) },
      // and says so in the thread (assignment-lines.test.ts)
      { type: 'new:message', payload: expect.objectContaining({ message: expect.objectContaining({ conversationId: conv, contentType: 'system' }) }) },
    ]);
  });

  it('the cap passes over a full agent; a conversation nobody can take waits and is offered again when an agent is freed', async () => {
    const [ana, bo] = await agents(t.ctx.db, org.id, ['Ana', 'Bo']);
    for (const id of [ana!, bo!]) await setPresence(t.ctx.db, org.id, id, 'online');
    const { id: teamId } = await team({ memberIds: [ana, bo], maxOpenPerAgent: 2 });
    const convs = await customers(5);
    await route();
    const assignees = await assigneesOf(t.ctx.db, convs);
    expect(tally(assignees)).toEqual(
      new Map([
        [ana!, 2],
        [bo!, 2],
        [null, 1],
      ]),
    );
    expect((await as(org.admin, 'GET', '/api/v1/teams')).json()).toMatchObject({ teams: [{ id: teamId, waiting: 1 }] });
    // Ana resolves one: the waiting conversation is hers on the next pass.
    const anas = convs.filter((_, i) => assignees[i] === ana);
    expect((await as(org.admin, 'PATCH', `/api/v1/conversations/${anas[0]}`, { status: 'resolved' })).statusCode).toBe(200);
    await route();
    expect(await assigneesOf(t.ctx.db, [convs[4]!])).toEqual([ana]);
  });

  it('least busy fills the agent with fewest open conversations, counting other teams too', async () => {
    const [ana, bo] = await agents(t.ctx.db, org.id, ['Ana', 'Bo']);
    for (const id of [ana!, bo!]) await setPresence(t.ctx.db, org.id, id, 'online');
    // Ana already holds three conversations (given by hand).
    const held = await customers(3);
    await t.ctx.db.updateTable('conversations').set({ assignee_id: ana! }).where('id', 'in', held).execute();
    await team({ memberIds: [ana, bo], strategy: 'least_busy' });
    const convs = await customers(4);
    await route();
    // Bo catches up to three, then they alternate.
    expect(await assigneesOf(t.ctx.db, convs)).toEqual([bo, bo, bo, ana]);
  });

  it('a conversation that came while nobody was online is routed when an agent comes online; manual teams never assign', async () => {
    const [ana] = await agents(t.ctx.db, org.id, ['Ana']);
    const { id: teamId } = await team({ memberIds: [ana] });
    const [conv] = await customers(1);
    expect(await route()).toEqual({ assigned: 0, released: 0 });
    await setPresence(t.ctx.db, org.id, ana!, 'online');
    await as(org.admin, 'PATCH', `/api/v1/teams/${teamId}`, { strategy: 'manual' });
    await route();
    expect(await assigneesOf(t.ctx.db, [conv!])).toEqual([null]);
    // Switching the team back routes at once (the change runs a pass).
    expect((await as(org.admin, 'PATCH', `/api/v1/teams/${teamId}`, { strategy: 'round_robin' })).json()).toMatchObject({ team: { waiting: 0 } });
    expect(await assigneesOf(t.ctx.db, [conv!])).toEqual([ana]);
  });

  it('only conversations created after the channel was routed belong to the team', async () => {
    const [ana] = await agents(t.ctx.db, org.id, ['Ana']);
    await setPresence(t.ctx.db, org.id, ana!, 'online');
    const [older] = await customers(1);
    await team({ memberIds: [ana] });
    await route();
    expect(await assigneesOf(t.ctx.db, [older!])).toEqual([null]);
  });

  it('a team that reassigns takes back an offline agent’s conversations after the grace, not before', async () => {
    const [ana, bo] = await agents(t.ctx.db, org.id, ['Ana', 'Bo']);
    await setPresence(t.ctx.db, org.id, ana!, 'online');
    const { id: teamId } = await team({ memberIds: [ana, bo], reassignOffline: true });
    const convs = await customers(2);
    await route();
    expect(await assigneesOf(t.ctx.db, convs)).toEqual([ana, ana]);
    const wentAway = new Date('2026-03-01T10:00:00Z');
    await setPresence(t.ctx.db, org.id, ana!, 'offline', wentAway);
    await setPresence(t.ctx.db, org.id, bo!, 'online');
    expect(await route(new Date(wentAway.getTime() + 60_000))).toEqual({ assigned: 0, released: 0 });
    expect(await route(new Date(wentAway.getTime() + 121_000))).toEqual({ assigned: 2, released: 2 });
    expect(await assigneesOf(t.ctx.db, convs)).toEqual([bo, bo]);
    // Without the option, an offline agent keeps theirs.
    await as(org.admin, 'PATCH', `/api/v1/teams/${teamId}`, { reassignOffline: false });
    await setPresence(t.ctx.db, org.id, bo!, 'offline', wentAway);
    expect(await route(new Date(wentAway.getTime() + 3600_000))).toEqual({ assigned: 0, released: 0 });
  });
});
