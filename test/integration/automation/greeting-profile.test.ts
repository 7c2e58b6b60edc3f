import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAutomationWorker } from '../../../src/core/automation/automation-worker.ts';
import { PROFILE_WAIT_MS } from '../../../src/core/automation/handle-events.ts';
import { provisionChannels } from '../../../src/core/channel-accounts/provision-env-channels.ts';
import { keepProfile } from '../../../src/core/contacts/profile-fetcher.ts';
import { metaSignature } from '../../helpers/signing.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

/**
 * Messenger's webhooks carry no name: the customer's profile is looked up after the message is
 * stored. A greeting waits for that lookup (bounded by PROFILE_WAIT_MS) instead of racing it — under
 * load the race was lost and the greeting said "Hi , thanks". The clock is the test's; the lookup's
 * answer is written as the profile fetcher writes it.
 */
const SECRET = 'greeting-profile-secret';
let t: TestApp;
let clock = new Date('2026-06-03T10:00:00Z');
beforeAll(async () => {
  t = await createTestApp({ FACEBOOK_APP_SECRET: SECRET });
});
afterAll(async () => t?.close());

const worker = () => createAutomationWorker({ db: t.ctx.db, log: { info: () => undefined, warn: () => undefined, error: (o) => console.error(o) }, now: () => clock });

async function newPage(key: string) {
  const org = await t.newOrganization(`Profiles ${key}`);
  const page = `PAGE-PROFILE-${key}`;
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'messenger', externalAccountId: page, displayName: 'Shop', credentials: { platform: 'messenger', pageAccessToken: `page-token-${key}-0123456789` } }],
    'env',
  );
  const res = await t.app.inject({
    method: 'PATCH',
    url: '/api/v1/automation/settings',
    headers: { authorization: `Bearer ${org.token}` },
    payload: { greeting: { enabled: true, text: 'Hello {{contact.first_name}}!' } },
  });
  expect(res.statusCode, res.body).toBe(200);
  return page;
}

/** A customer writes through the signed webhook at the test's clock; resolves with ids of the thread. */
async function customerWrites(page: string, psid: string, text: string) {
  const mid = `m_${psid}_${clock.getTime()}`;
  const at = clock.getTime();
  const body = JSON.stringify({ object: 'page', entry: [{ id: page, time: at, messaging: [{ sender: { id: psid }, recipient: { id: page }, timestamp: at, message: { mid, text } }] }] });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/messenger',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
  return t.ctx.db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['c.id as conversationId', 'c.contact_id as contactId', 'c.contact_identity_id as identityId'])
    .where('m.external_id', '=', mid)
    .executeTakeFirstOrThrow();
}

const greetings = (conversationId: number) =>
  t.ctx.db
    .selectFrom('messages')
    .select('content')
    .where('conversation_id', '=', conversationId)
    .where(sql<boolean>`metadata ? 'automation'`)
    .execute();

it('waits for the profile lookup, then greets by name; a later customer waits in line behind it', async () => {
  const page = await newPage('a');
  const kim = await customerWrites(page, 'psid-kim', 'hello?');
  const later = await customerWrites(page, 'psid-lee', 'anyone?');
  await keepProfile(t.ctx.db, { id: later.identityId, contact_id: later.contactId }, { displayName: 'Lee Park' });
  clock = new Date(clock.getTime() + 1000);
  const w = worker();
  expect(await w.drain()).toBe(0);
  expect(await greetings(kim.conversationId)).toEqual([]);
  // Events are handled in order: Lee's greeting waits behind Kim's.
  expect(await greetings(later.conversationId)).toEqual([]);

  await keepProfile(t.ctx.db, { id: kim.identityId, contact_id: kim.contactId }, { displayName: 'Kim Lee' });
  // Open inboxes are told the name (the list and the thread read the contact again).
  const told = await t.ctx.db.selectFrom('events').select('payload').where('type', '=', 'contact:updated').execute();
  expect(told.map((e) => e.payload)).toContainEqual({ contactId: kim.contactId });
  expect(await w.drain()).toBe(2);
  expect(await greetings(kim.conversationId)).toEqual([{ content: 'Hello Kim!' }]);
  expect(await greetings(later.conversationId)).toEqual([{ content: 'Hello Lee!' }]);
});

it('greets without the name once the lookup has failed, or once it has taken longer than the wait', async () => {
  const page = await newPage('b');
  const privateProfile = await customerWrites(page, 'psid-private', 'hi');
  // The platform refused the lookup: remembered with nothing learnt.
  await keepProfile(t.ctx.db, { id: privateProfile.identityId, contact_id: privateProfile.contactId }, {});
  clock = new Date(clock.getTime() + 1000);
  expect(await worker().drain()).toBe(1);
  expect(await greetings(privateProfile.conversationId)).toEqual([{ content: 'Hello!' }]);

  const slow = await customerWrites(page, 'psid-slow', 'hi');
  clock = new Date(clock.getTime() + PROFILE_WAIT_MS - 1000);
  expect(await worker().drain()).toBe(0);
  clock = new Date(clock.getTime() + 2000);
  expect(await worker().drain()).toBe(1);
  expect(await greetings(slow.conversationId)).toEqual([{ content: 'Hello!' }]);
});

it('a running worker is woken when a profile arrives', async () => {
  const page = await newPage('c');
  const ana = await customerWrites(page, 'psid-ana', 'hola');
  clock = new Date(clock.getTime() + 1000);
  // The worker wakes its outbox when a pass has queued replies: that is when the greeting is there.
  let queued!: () => void;
  const greeted = new Promise<void>((resolve) => (queued = resolve));
  // No event stream and an hour's poll: only wake() can make it look again.
  const w = createAutomationWorker({
    db: t.ctx.db,
    log: { info: () => undefined, warn: () => undefined, error: (o) => console.error(o) },
    outbox: { wake: () => queued() },
    now: () => clock,
    pollMs: 3_600_000,
  });
  w.start();
  try {
    expect(await w.drain()).toBe(0);
    await keepProfile(t.ctx.db, { id: ana.identityId, contact_id: ana.contactId }, { displayName: 'Ana Ruiz' });
    w.wake();
    await greeted;
    expect(await greetings(ana.conversationId)).toEqual([{ content: 'Hello Ana!' }]);
  } finally {
    await w.stop();
  }
});
