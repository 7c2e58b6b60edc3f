import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '../../../src/contract/messages.ts';
import { routeOrganization } from '../../../src/core/routing/route-conversations.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from '../settings/settings-helpers.ts';
import { agents, setPresence } from './routing-helpers.ts';

/**
 * Who assigned a conversation, as a line in its thread (src/core/conversations/activity-line.ts):
 * an agent ("Admin assigned this to Ben", "Ben took this", "Ben unassigned this"), one by one or
 * in bulk, routing ("Assigned to Ana by routing (team …)") and routing taking a conversation back
 * from an agent gone offline. Each line is one `system` message, a note (never sent, never the
 * preview, never unread), pushed as `new:message` and served by the messages API with its code.
 */
let t: TestApp;
let org: OrgUnderTest;
let as: ReturnType<typeof caller>;
let channelId: number;
let agentName: string;
let counter = 0;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  org = await orgWithAgent(t, 'lines');
  channelId = (await t.ctx.db.selectFrom('channels').select('id').where('organization_id', '=', org.id).executeTakeFirstOrThrow()).id;
  agentName = (await t.ctx.db.selectFrom('users').select('name').where('id', '=', org.agentId).executeTakeFirstOrThrow()).name;
}, 180_000);
afterAll(async () => t?.close());

beforeEach(async () => {
  await t.ctx.db.deleteFrom('teams').where('organization_id', '=', org.id).execute();
  await t.ctx.db.updateTable('conversations').set({ status: 'resolved' }).where('organization_id', '=', org.id).execute();
  await t.ctx.db.deleteFrom('user_presence').where('organization_id', '=', org.id).execute();
});

const customer = () => customerWrites(t, org, `49155502${String(++counter).padStart(5, '0')}`, 'hello');
const patch = (token: string, id: number, body: object) => as(token, 'PATCH', `/api/v1/conversations/${id}`, body);

/** The thread's activity lines as the messages API serves them. */
async function lines(conversationId: number): Promise<Message[]> {
  const res = await as(org.agent, 'GET', `/api/messages?conversationId=${conversationId}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { messages: Message[] }).messages.filter((m) => m.contentType === 'system');
}
const said = async (conversationId: number) => (await lines(conversationId)).map((m) => [m.content, m.contentText]);

describe('an agent’s assignment', () => {
  it('is said in the thread once per change, by whom and to whom, as a note that changes nothing else', async () => {
    const conv = await customer();
    const before = (await as(org.agent, 'GET', `/api/v1/conversations/${conv}`)).json() as { conversation: { preview: string; unreadCount: number } };
    expect((await patch(org.admin, conv, { assigneeId: org.agentId })).statusCode).toBe(200);
    // The same assignee again is no change, and no line.
    expect((await patch(org.admin, conv, { assigneeId: org.agentId })).statusCode).toBe(200);
    expect((await patch(org.agent, conv, { assigneeId: null })).statusCode).toBe(200);
    expect((await patch(org.agent, conv, { assigneeId: org.agentId })).statusCode).toBe(200);
    // A change without the assignee says nothing.
    expect((await patch(org.agent, conv, { priority: 'high' })).statusCode).toBe(200);
    expect(await said(conv)).toEqual([
      [`Admin assigned this to ${agentName}`, { code: 'activity.assigned', params: { by: 'Admin', to: agentName } }],
      [`${agentName} unassigned this`, { code: 'activity.unassigned', params: { by: agentName } }],
      [`${agentName} took this`, { code: 'activity.took', params: { by: agentName } }],
    ]);
    const [line] = await lines(conv);
    expect(line).toMatchObject({ direction: 'outbound', isPrivateNote: true, status: 'sent', senderUserId: null });
    const after = (await as(org.agent, 'GET', `/api/v1/conversations/${conv}`)).json() as { conversation: { preview: string; unreadCount: number } };
    expect({ preview: after.conversation.preview, unreadCount: after.conversation.unreadCount }).toEqual({ preview: before.conversation.preview, unreadCount: before.conversation.unreadCount });
    // Pushed live, after the conversation's own change, in the same transaction.
    const events = await t.ctx.db.selectFrom('events').select(['seq', 'type', 'payload']).where('organization_id', '=', org.id).orderBy('seq').execute();
    const pushed = events.filter((e) => e.type === 'new:message' && (e.payload as { message: Message }).message.id === line!.id);
    expect(pushed).toHaveLength(1);
    expect(events.find((e) => e.seq === pushed[0]!.seq - 1)?.type).toBe('conversation:updated');
  });

  it('in bulk: one line in each conversation whose assignee changed', async () => {
    const [a, b] = [await customer(), await customer()];
    await patch(org.admin, a, { assigneeId: org.agentId });
    const res = await as(org.admin, 'POST', '/api/v1/conversations/bulk', { action: 'assign', assigneeId: org.agentId, ids: [a, b] });
    expect(res.json()).toEqual({ changed: 1 });
    expect((await said(a)).length).toBe(1);
    expect(await said(b)).toEqual([[`Admin assigned this to ${agentName}`, { code: 'activity.assigned', params: { by: 'Admin', to: agentName } }]]);
  });
});

describe('routing', () => {
  it('says whom it assigned and for which team, and whom it took a conversation back from', async () => {
    const [ana, bo] = await agents(t.ctx.db, org.id, ['Ana', 'Bo']);
    await setPresence(t.ctx.db, org.id, ana!, 'online');
    const created = await as(org.admin, 'POST', '/api/v1/teams', { name: `Billing ${++counter}`, channelIds: [channelId], memberIds: [ana, bo], reassignOffline: true });
    const team = (created.json() as { team: { name: string } }).team.name;
    const conv = await customer();
    await routeOrganization(t.ctx.db, org.id, { offlineGraceSeconds: 120 });
    expect(await said(conv)).toEqual([[`Assigned to Ana by routing (team ${team})`, { code: 'activity.routed', params: { to: 'Ana', team } }]]);
    // Ana goes offline past the grace, Bo comes online: back to the team, then to Bo.
    const away = new Date('2026-03-01T10:00:00Z');
    await setPresence(t.ctx.db, org.id, ana!, 'offline', away);
    await setPresence(t.ctx.db, org.id, bo!, 'online');
    expect(await routeOrganization(t.ctx.db, org.id, { now: new Date(away.getTime() + 121_000), offlineGraceSeconds: 120 })).toEqual({ assigned: 1, released: 1 });
    expect((await said(conv)).slice(1)).toEqual([
      [`Back to team ${team}: Ana went offline`, { code: 'activity.released', params: { from: 'Ana', team } }],
      [`Assigned to Bo by routing (team ${team})`, { code: 'activity.routed', params: { to: 'Bo', team } }],
    ]);
  });
});
