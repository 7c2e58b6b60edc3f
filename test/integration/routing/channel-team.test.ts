import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';

/**
 * The team of a channel, chosen on the channel's own page (`PATCH /api/v1/channels/:id`): listed
 * with the channel, carried by its new conversations, cleared with null; admins only; an unknown
 * team is refused beside its field (another organisation's: test/security/tenant-isolation.test.ts).
 */
let t: TestApp;
let org: OrgUnderTest;
let as: ReturnType<typeof caller>;
let channelId: number;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  org = await orgWithAgent(t, 'channel-team');
  channelId = (await t.ctx.db.selectFrom('channels').select('id').where('organization_id', '=', org.id).executeTakeFirstOrThrow()).id;
}, 180_000);
afterAll(async () => t?.close());

const channelTeam = async () => ((await as(org.admin, 'GET', '/api/v1/channels')).json() as { channels: { id: number; teamId: number | null }[] }).channels.find((c) => c.id === channelId)?.teamId;

describe('a channel’s team', () => {
  it('is chosen on the channel, listed with it, given to its new conversations, and cleared with null', async () => {
    const team = (await as(org.admin, 'POST', '/api/v1/teams', { name: 'Billing' })).json() as { team: { id: number } };
    const res = await as(org.admin, 'PATCH', `/api/v1/channels/${channelId}`, { teamId: team.team.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ channel: { id: channelId, teamId: team.team.id } });
    expect(await channelTeam()).toBe(team.team.id);
    // The teams page sees it from the team's side.
    expect(((await as(org.admin, 'GET', '/api/v1/teams')).json() as { teams: { id: number; channelIds: number[] }[] }).teams.find((x) => x.id === team.team.id)?.channelIds).toEqual([channelId]);
    const conv = await customerWrites(t, org, '4915550300001', 'hello');
    expect((await t.ctx.db.selectFrom('conversations').select('team_id').where('id', '=', conv).executeTakeFirstOrThrow()).team_id).toBe(team.team.id);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'details']).where('organization_id', '=', org.id).where('action', '=', 'channel.team-changed').execute();
    expect(audit).toEqual([{ action: 'channel.team-changed', details: { channelId, teamId: team.team.id, previousTeamId: null } }]);
    expect((await as(org.admin, 'PATCH', `/api/v1/channels/${channelId}`, { teamId: null })).statusCode).toBe(200);
    expect(await channelTeam()).toBeNull();
  });

  it('refuses an unknown team beside its field, an agent, and an unknown channel', async () => {
    const unknown = await as(org.admin, 'PATCH', `/api/v1/channels/${channelId}`, { teamId: 999_999 });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: { field: 'teamId' } } });
    expect((await as(org.agent, 'PATCH', `/api/v1/channels/${channelId}`, { teamId: null })).statusCode).toBe(403);
    expect((await as(org.admin, 'PATCH', '/api/v1/channels/999999', { teamId: null })).statusCode).toBe(404);
    expect((await as(org.admin, 'PATCH', `/api/v1/channels/${channelId}`, { teamId: 'x' })).statusCode).toBe(400);
  });
});
