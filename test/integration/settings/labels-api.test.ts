import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, customerWrites, orgWithAgent, WA_SECRET, type OrgUnderTest } from './settings-helpers.ts';

/**
 * Organisation labels (`/api/v1/labels`): admins create, rename, recolour and delete; a rename
 * relabels the conversations carrying the label and a deletion removes it from them, each change
 * announced on the event log; agents read them; another organisation's label is a 404.
 */
let t: TestApp;
let a: OrgUnderTest;
let b: OrgUnderTest;
let as: ReturnType<typeof caller>;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  a = await orgWithAgent(t, 'a');
  b = await orgWithAgent(t, 'b');
}, 180_000);
afterAll(async () => t?.close());

const labelsOf = async (conversationId: number) => (await t.ctx.db.selectFrom('conversations').select('labels').where('id', '=', conversationId).executeTakeFirstOrThrow()).labels;
type LabelJson = { id: number; name: string; color: string; conversations: number };

describe('labels', () => {
  it('a label an admin types on a conversation becomes an organisation label, listed with its count', async () => {
    const conv = await customerWrites(t, a, '4915550000001', 'hello');
    expect((await as(a.admin, 'PATCH', `/api/v1/conversations/${conv}`, { labels: ['vip', 'billing'] })).statusCode).toBe(200);
    const list = await as(a.agent, 'GET', '/api/v1/labels');
    expect(list.statusCode).toBe(200);
    const labels = (list.json() as { labels: LabelJson[] }).labels;
    expect(labels.map((l) => [l.name, l.conversations])).toEqual([
      ['billing', 1],
      ['vip', 1],
    ]);
    expect(((await as(b.admin, 'GET', '/api/v1/labels')).json() as { labels: LabelJson[] }).labels).toEqual([]);
    // A label given to many conversations at once becomes an organisation label too.
    const bulk = await as(a.admin, 'POST', '/api/v1/conversations/bulk', { ids: [conv], action: 'label', label: 'bulk-given' });
    expect(bulk.statusCode, bulk.body).toBe(200);
    const after = ((await as(a.agent, 'GET', '/api/v1/labels')).json() as { labels: LabelJson[] }).labels;
    expect(after.find((l) => l.name === 'bulk-given')).toMatchObject({ conversations: 1 });
    await as(a.agent, 'POST', '/api/v1/conversations/bulk', { ids: [conv], action: 'unlabel', label: 'bulk-given' });
  });

  it('agents apply the organisation’s labels (matched whatever the case) but may not add new ones, one by one or in bulk', async () => {
    const conv = await customerWrites(t, a, '4915550000012', 'hello');
    await as(a.admin, 'POST', '/api/v1/labels', { name: 'Refund' });
    const typed = await as(a.agent, 'PATCH', `/api/v1/conversations/${conv}`, { labels: ['refund', 'VIP'] });
    expect(typed.statusCode, typed.body).toBe(200);
    expect(await labelsOf(conv)).toEqual(['Refund', 'vip']);
    const fresh = await as(a.agent, 'PATCH', `/api/v1/conversations/${conv}`, { labels: ['Refund', 'brand new'] });
    expect(fresh.statusCode).toBe(403);
    expect(fresh.json()).toMatchObject({ error: { code: 'FORBIDDEN', details: { field: 'labels', unknown: ['brand new'] } } });
    expect((await as(a.agent, 'POST', '/api/v1/conversations/bulk', { ids: [conv], action: 'label', label: 'also new' })).statusCode).toBe(403);
    expect(await t.ctx.db.selectFrom('labels').select('name').where('organization_id', '=', a.id).where('name', 'in', ['brand new', 'also new']).execute()).toEqual([]);
    expect(await labelsOf(conv)).toEqual(['Refund', 'vip']);
    // Bulk matches case too: "REFUND" removes "Refund".
    expect((await as(a.agent, 'POST', '/api/v1/conversations/bulk', { ids: [conv], action: 'unlabel', label: 'REFUND' })).json()).toEqual({ changed: 1 });
    expect(await labelsOf(conv)).toEqual(['vip']);
  });

  it('admins create labels; a duplicate name is a conflict naming the field; bad input is a 400', async () => {
    const made = await as(a.admin, 'POST', '/api/v1/labels', { name: 'Urgent', color: '#EF4444' });
    expect(made.statusCode, made.body).toBe(201);
    expect((made.json() as { label: LabelJson }).label).toMatchObject({ name: 'Urgent', color: '#ef4444', conversations: 0 });
    const again = await as(a.admin, 'POST', '/api/v1/labels', { name: 'Urgent' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: 'CONFLICT', details: { field: 'name' } } });
    expect((await as(a.admin, 'POST', '/api/v1/labels', { name: 'x', color: 'red' })).statusCode).toBe(400);
    expect((await as(a.admin, 'POST', '/api/v1/labels', { name: '   ' })).statusCode).toBe(400);
    // A name differing only in case is the same label to a reader: refused too.
    expect((await as(a.admin, 'POST', '/api/v1/labels', { name: 'URGENT' })).json()).toMatchObject({ error: { code: 'CONFLICT', details: { field: 'name' } } });
    // Names are per organisation.
    expect((await as(b.admin, 'POST', '/api/v1/labels', { name: 'Urgent' })).statusCode).toBe(201);
  });

  it('renaming relabels every conversation carrying it, keeping the others, without duplicates, and announces each', async () => {
    const one = await customerWrites(t, a, '4915550000002', 'one');
    const two = await customerWrites(t, a, '4915550000003', 'two');
    await as(a.admin, 'PATCH', `/api/v1/conversations/${one}`, { labels: ['old-name', 'keep'] });
    await as(a.admin, 'PATCH', `/api/v1/conversations/${two}`, { labels: ['new-name', 'old-name'] });
    const labels = ((await as(a.admin, 'GET', '/api/v1/labels')).json() as { labels: LabelJson[] }).labels;
    const old = labels.find((l) => l.name === 'old-name')!;
    // 'new-name' exists (typed on a conversation): renaming onto it is a conflict.
    expect((await as(a.admin, 'PATCH', `/api/v1/labels/${old.id}`, { name: 'new-name' })).statusCode).toBe(409);
    await t.ctx.db.deleteFrom('labels').where('organization_id', '=', a.id).where('name', '=', 'new-name').execute();

    const seqBefore = (await t.ctx.db.selectFrom('organizations').select('event_seq').where('id', '=', a.id).executeTakeFirstOrThrow()).event_seq;
    const renamed = await as(a.admin, 'PATCH', `/api/v1/labels/${old.id}`, { name: 'new-name', color: '#22c55e' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ relabeled: 2, label: { name: 'new-name', color: '#22c55e', conversations: 2 } });
    expect(await labelsOf(one)).toEqual(['new-name', 'keep']);
    expect(await labelsOf(two)).toEqual(['new-name']);
    const events = await t.ctx.db.selectFrom('events').select(['type', 'payload']).where('organization_id', '=', a.id).where('seq', '>', seqBefore).execute();
    expect(events.map((e) => e.type)).toEqual(['conversation:updated', 'conversation:updated']);
  });

  it('deleting removes the label from every conversation carrying it', async () => {
    const conv = await customerWrites(t, a, '4915550000004', 'three');
    await as(a.admin, 'PATCH', `/api/v1/conversations/${conv}`, { labels: ['doomed', 'stays'] });
    const doomed = ((await as(a.admin, 'GET', '/api/v1/labels')).json() as { labels: LabelJson[] }).labels.find((l) => l.name === 'doomed')!;
    const res = await as(a.admin, 'DELETE', `/api/v1/labels/${doomed.id}`);
    expect(res.json()).toEqual({ ok: true, relabeled: 1 });
    expect(await labelsOf(conv)).toEqual(['stays']);
    expect((await as(a.admin, 'DELETE', `/api/v1/labels/${doomed.id}`)).statusCode).toBe(404);
  });

  it('agents may read but not manage labels (403); another organisation’s label is a 404', async () => {
    const label = ((await as(a.admin, 'POST', '/api/v1/labels', { name: 'mine' })).json() as { label: LabelJson }).label;
    expect((await as(a.agent, 'POST', '/api/v1/labels', { name: 'agent-made' })).statusCode).toBe(403);
    expect((await as(a.agent, 'PATCH', `/api/v1/labels/${label.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await as(a.agent, 'DELETE', `/api/v1/labels/${label.id}`)).statusCode).toBe(403);
    expect((await as(b.admin, 'PATCH', `/api/v1/labels/${label.id}`, { name: 'stolen' })).statusCode).toBe(404);
    expect((await as(b.admin, 'DELETE', `/api/v1/labels/${label.id}`)).statusCode).toBe(404);
    expect(await t.ctx.db.selectFrom('labels').select('name').where('id', '=', label.id).executeTakeFirstOrThrow()).toEqual({ name: 'mine' });
  });
});
