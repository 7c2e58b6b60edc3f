import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWithinBusinessHours } from '../../../src/core/organization/business-hours.ts';
import { whatsappText } from '../../helpers/signing.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';
import { caller, orgWithAgent, strayWebhook, WA_SECRET, type OrgUnderTest } from './settings-helpers.ts';

/**
 * The settings API besides labels: the organisation (name, time zone, business hours), the
 * profile (name, language, picture), canned responses edited, and the journal replayed at once.
 * Admin-only routes refuse agents (403); another organisation's objects are 404.
 */
let t: TestApp;
let a: OrgUnderTest;
let b: OrgUnderTest;
let as: ReturnType<typeof caller>;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4f60000000049454e44ae426082', 'hex');

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: WA_SECRET });
  as = caller(t);
  a = await orgWithAgent(t, 'a');
  b = await orgWithAgent(t, 'b');
}, 180_000);
afterAll(async () => t?.close());

describe('organisation', () => {
  it('every user reads it; admins change name, time zone and business hours; agents are refused', async () => {
    expect((await as(a.agent, 'GET', '/api/v1/organization')).json()).toEqual({ organization: { id: a.id, name: 'Org a', timeZone: 'UTC', businessHours: [], holidays: [] } });
    const hours = [
      { day: 'tue', start: '09:00', end: '17:00' },
      { day: 'mon', start: '13:00', end: '18:00' },
      { day: 'mon', start: '08:00', end: '12:00' },
    ];
    const res = await as(a.admin, 'PATCH', '/api/v1/organization', { name: 'Acme Support', timeZone: 'Europe/Berlin', businessHours: hours });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { organization: { businessHours: unknown[] } }).organization).toEqual({
      id: a.id,
      name: 'Acme Support',
      timeZone: 'Europe/Berlin',
      businessHours: [hours[2], hours[1], hours[0]],
      holidays: [],
    });
    expect((await as(a.agent, 'PATCH', '/api/v1/organization', { name: 'agent was here' })).statusCode).toBe(403);
    expect((await as(b.admin, 'GET', '/api/v1/organization')).json()).toMatchObject({ organization: { id: b.id, name: 'Org b' } });
  });

  it('refuses an unknown time zone and hours that end before they start, naming the field', async () => {
    const tz = await as(a.admin, 'PATCH', '/api/v1/organization', { timeZone: 'Mars/Olympus' });
    expect(tz.statusCode).toBe(400);
    expect(JSON.stringify(tz.json())).toContain('/timeZone');
    const backwards = await as(a.admin, 'PATCH', '/api/v1/organization', { businessHours: [{ day: 'mon', start: '17:00', end: '09:00' }] });
    expect(backwards.statusCode).toBe(400);
    expect(JSON.stringify(backwards.json())).toContain('/businessHours/0/end');
    expect((await as(a.admin, 'PATCH', '/api/v1/organization', {})).statusCode).toBe(400);
  });

  it('refuses ranges of one day that overlap, naming the later range; touching ranges are fine', async () => {
    const overlapping = await as(a.admin, 'PATCH', '/api/v1/organization', {
      businessHours: [
        { day: 'wed', start: '13:00', end: '18:00' },
        { day: 'wed', start: '09:00', end: '14:00' },
        { day: 'thu', start: '13:00', end: '18:00' },
      ],
    });
    expect(overlapping.statusCode).toBe(400);
    const issues = (overlapping.json() as { error: { details: { issues: { path: string; message: string }[] } } }).error.details.issues;
    expect(issues).toEqual([{ path: '/businessHours/0/start', message: 'overlaps 09:00–14:00 on the same day', code: 'schema.hoursOverlap', params: { start: '09:00', end: '14:00' } }]);
    const touching = [
      { day: 'wed', start: '09:00', end: '12:00' },
      { day: 'wed', start: '12:00', end: '18:00' },
    ];
    expect((await as(a.admin, 'PATCH', '/api/v1/organization', { businessHours: touching })).statusCode).toBe(200);
  });

  it('keeps holidays (closed all day in the organisation’s time zone, each date once)', async () => {
    await as(a.admin, 'PATCH', '/api/v1/organization', { timeZone: 'Europe/Berlin', businessHours: [{ day: 'fri', start: '00:00', end: '24:00' }] });
    const twice = await as(a.admin, 'PATCH', '/api/v1/organization', {
      holidays: [
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2026-12-25', name: 'Again' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(JSON.stringify(twice.json())).toContain('/holidays/1/date');
    expect((await as(a.admin, 'PATCH', '/api/v1/organization', { holidays: [{ date: '2026-13-01', name: 'x' }] })).statusCode).toBe(400);
    const saved = await as(a.admin, 'PATCH', '/api/v1/organization', {
      holidays: [
        { date: '2026-12-25', name: 'Christmas' },
        { date: '2026-05-01', name: 'Labour Day' },
      ],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((saved.json() as { organization: { holidays: unknown } }).organization.holidays).toEqual([
      { date: '2026-05-01', name: 'Labour Day' },
      { date: '2026-12-25', name: 'Christmas' },
    ]);
    expect((await as(a.agent, 'PATCH', '/api/v1/organization', { holidays: [] })).statusCode).toBe(403);
    // Friday 2026-12-25 00:30 in Berlin is still the 24th in UTC: the holiday follows the organisation's clock.
    expect((await as(a.agent, 'GET', '/api/v1/organization/business-hours/open?at=2026-12-24T23:30:00Z')).json()).toMatchObject({ open: false, holiday: 'Christmas' });
    expect((await as(a.agent, 'GET', '/api/v1/organization/business-hours/open?at=2026-12-18T12:00:00Z')).json()).toMatchObject({ open: true, holiday: null });
    await as(a.admin, 'PATCH', '/api/v1/organization', { holidays: [], businessHours: [] });
  });

  it('answers whether a moment is within business hours, in the organisation’s time zone', async () => {
    await as(a.admin, 'PATCH', '/api/v1/organization', {
      timeZone: 'Europe/Berlin',
      businessHours: [
        { day: 'mon', start: '08:00', end: '12:00' },
        { day: 'mon', start: '13:00', end: '18:00' },
      ],
    });
    // Monday 2026-03-02 07:30 UTC is 08:30 in Berlin (open); 11:30 UTC is 12:30 (the lunch gap).
    expect((await as(a.agent, 'GET', '/api/v1/organization/business-hours/open?at=2026-03-02T07:30:00Z')).json()).toMatchObject({ open: true, timeZone: 'Europe/Berlin' });
    expect((await as(a.agent, 'GET', '/api/v1/organization/business-hours/open?at=2026-03-02T11:30:00Z')).json()).toMatchObject({ open: false });
    expect(isWithinBusinessHours([], 'UTC', new Date())).toBe(true);
    expect(isWithinBusinessHours([{ day: 'sun', start: '00:00', end: '24:00' }], 'America/New_York', new Date('2026-03-02T03:00:00Z'))).toBe(true);
  });
});

describe('profile', () => {
  it('a user reads and changes their own name and language; a bad language tag is a 400', async () => {
    const me = await as(a.agent, 'GET', '/api/v1/me');
    expect(me.json()).toMatchObject({ profile: { id: a.agentId, name: 'Agent a', role: 'agent', language: null, avatarUrl: null } });
    const changed = await as(a.agent, 'PATCH', '/api/v1/me', { name: 'Agnes', language: 'de-DE' });
    expect(changed.json()).toMatchObject({ profile: { name: 'Agnes', language: 'de-DE' } });
    expect((await as(a.agent, 'PATCH', '/api/v1/me', { language: 'not a language!' })).statusCode).toBe(400);
    expect((await as(a.agent, 'PATCH', '/api/v1/me', { language: null })).json()).toMatchObject({ profile: { language: null } });
  });

  it('sets a picture from an image’s bytes, served to the organisation only; anything but an image is refused', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/v1/me/avatar', headers: { authorization: `Bearer ${a.agent}`, 'content-type': 'image/png' }, payload: PNG });
    expect(put.statusCode, put.body).toBe(200);
    const url = (put.json() as { profile: { avatarUrl: string } }).profile.avatarUrl;
    expect(url).toMatch(new RegExp(`^/api/v1/users/${a.agentId}/avatar\\?v=\\d+$`));
    const got = await as(a.admin, 'GET', url);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(PNG)).toBe(true);
    expect((await as(b.admin, 'GET', url)).statusCode).toBe(404);
    const html = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: { authorization: `Bearer ${a.agent}`, 'content-type': 'image/png' },
      payload: Buffer.from('<svg onload=alert(1)>'),
    });
    expect(html.statusCode).toBe(415);
    const big = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/me/avatar',
      headers: { authorization: `Bearer ${a.agent}`, 'content-type': 'image/png' },
      payload: Buffer.concat([PNG, Buffer.alloc(300 * 1024)]),
    });
    expect(big.statusCode).toBe(413);
    expect((await as(a.agent, 'DELETE', '/api/v1/me/avatar')).json()).toMatchObject({ profile: { avatarUrl: null } });
    expect((await as(a.admin, 'GET', url)).statusCode).toBe(404);
  });
});

describe('canned responses', () => {
  it('admins edit them (a taken shortcut is a conflict on the field); agents read but may not change them', async () => {
    const made = await as(a.admin, 'POST', '/api/v1/canned-responses', { shortcut: 'hi', content: 'Hello {{contact.name}}!' });
    const other = await as(a.admin, 'POST', '/api/v1/canned-responses', { shortcut: 'bye', content: 'Bye' });
    const id = (made.json() as { cannedResponse: { id: number } }).cannedResponse.id;
    const edited = await as(a.admin, 'PATCH', `/api/v1/canned-responses/${id}`, { shortcut: 'hello', content: 'Hi {{contact.name}}, {{agent.name}} here.' });
    expect(edited.json()).toEqual({ cannedResponse: { id, shortcut: 'hello', content: 'Hi {{contact.name}}, {{agent.name}} here.' } });
    expect(other.statusCode).toBe(201);
    const taken = await as(a.admin, 'PATCH', `/api/v1/canned-responses/${id}`, { shortcut: 'bye' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ error: { details: { field: 'shortcut' } } });
    expect((await as(a.admin, 'PATCH', `/api/v1/canned-responses/${id}`, { shortcut: 'Not Valid' })).statusCode).toBe(400);
    expect((await as(a.agent, 'GET', '/api/v1/canned-responses')).statusCode).toBe(200);
    expect((await as(a.agent, 'POST', '/api/v1/canned-responses', { shortcut: 'agent', content: 'x' })).statusCode).toBe(403);
    expect((await as(a.agent, 'PATCH', `/api/v1/canned-responses/${id}`, { content: 'x' })).statusCode).toBe(403);
    expect((await as(a.agent, 'DELETE', `/api/v1/canned-responses/${id}`)).statusCode).toBe(403);
    expect((await as(b.admin, 'PATCH', `/api/v1/canned-responses/${id}`, { content: 'stolen' })).statusCode).toBe(404);
  });
});

describe('webhook journal', () => {
  it('replays every entry needing attention at once; agents are refused; another organisation’s entries are untouched', async () => {
    // A's own failed webhook (its cause since fixed), and one of B's.
    const payload = whatsappText({ phoneNumberId: a.phone, from: '4915550009999', name: 'Replayed', id: 'wamid.settings.replayed', text: 'replayed text', timestamp: Date.now() });
    const own = await t.ctx.db
      .insertInto('webhook_events')
      .values({ platform: 'whatsapp', content_type: 'application/json', body: Buffer.from(JSON.stringify(payload)), state: 'failed', organization_id: a.id, error: 'database was down' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const foreign = await t.ctx.db
      .insertInto('webhook_events')
      .values({ platform: 'whatsapp', content_type: 'application/json', body: Buffer.from('{}'), state: 'failed', organization_id: b.id, error: 'b failed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await as(a.agent, 'POST', '/api/v1/webhook-events/replay', {})).statusCode).toBe(403);
    const res = await as(a.admin, 'POST', '/api/v1/webhook-events/replay', {});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { replayed: number; results: { id: number; state: string }[] };
    expect(body.results.map((r) => r.id)).not.toContain(foreign.id);
    expect(body.results).toContainEqual({ id: own.id, state: 'processed' });
    expect(await t.ctx.db.selectFrom('messages').select('organization_id').where('external_id', '=', 'wamid.settings.replayed').execute()).toEqual([{ organization_id: a.id }]);
    // With several organisations, a webhook nobody's account claims is not A's to replay.
    const stray = await strayWebhook(t, 'PN-NOBODY');
    const again = (await as(a.admin, 'POST', '/api/v1/webhook-events/replay', {})).json() as { results: { id: number }[] };
    expect(again.results.map((r) => r.id)).not.toContain(stray);
    const foreignRow = await t.ctx.db.selectFrom('webhook_events').select(['attempts', 'state']).where('id', '=', foreign.id).executeTakeFirstOrThrow();
    expect(foreignRow.state).toBe('failed');
  });

  it('shows one entry with its body as text and filters by platform; agents and other organisations are refused', async () => {
    const html = '{"entry":[{"note":"<img src=x onerror=alert(1)>"}]}';
    const row = await t.ctx.db
      .insertInto('webhook_events')
      .values({ platform: 'messenger', content_type: 'application/json', body: Buffer.from(html), state: 'failed', organization_id: a.id, error: 'item 0 failed: boom' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const one = await as(a.admin, 'GET', `/api/v1/webhook-events/${row.id}`);
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({ event: { id: row.id, platform: 'messenger', state: 'failed', error: 'item 0 failed: boom', body: html, bodyTruncated: false } });
    expect((await as(a.agent, 'GET', `/api/v1/webhook-events/${row.id}`)).statusCode).toBe(403);
    expect((await as(b.admin, 'GET', `/api/v1/webhook-events/${row.id}`)).statusCode).toBe(404);
    const big = await t.ctx.db
      .insertInto('webhook_events')
      .values({ platform: 'messenger', content_type: 'application/json', body: Buffer.alloc(100 * 1024, 'a'), state: 'failed', organization_id: a.id, error: 'too big to show' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const cut = (await as(a.admin, 'GET', `/api/v1/webhook-events/${big.id}`)).json() as { event: { body: string; bodyTruncated: boolean } };
    expect([cut.event.body.length, cut.event.bodyTruncated]).toEqual([64 * 1024, true]);
    const messenger = (await as(a.admin, 'GET', '/api/v1/webhook-events?state=failed&platform=messenger')).json() as { events: { id: number; platform: string }[] };
    expect(messenger.events.map((e) => e.id)).toEqual([big.id, row.id]);
    const whatsapp = (await as(a.admin, 'GET', '/api/v1/webhook-events?state=failed&platform=whatsapp')).json() as { events: { platform: string }[] };
    expect(whatsapp.events.every((e) => e.platform === 'whatsapp')).toBe(true);
  });
});
