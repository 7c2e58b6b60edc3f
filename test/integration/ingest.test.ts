import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { recordSendSuccess } from '../../src/core/outbox/record-send-outcome.ts';
import { eventually } from '../helpers/eventually.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { metaSignature, whatsappStatus, whatsappText } from '../helpers/signing.ts';

const SECRET = 'wa-app-secret-for-tests';
const PHONE_ID = '555000111';
let t: TestApp;
let org: Awaited<ReturnType<TestApp['newOrganization']>>;

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET, WHATSAPP_VERIFY_TOKEN: 'verify-me' });
  org = await t.newOrganization();
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: PHONE_ID, displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'wa-token-xyz' } }],
    'env',
  );
});
afterAll(async () => t?.close());

/** A reply of snorq's in the thread of `inbound`, still pending: its send under way, no platform id yet. */
const pendingReplyIn = (inbound: { conversation_id: number; channel_id: number }) =>
  t.ctx.db
    .insertInto('messages')
    .values({
      organization_id: org.organizationId,
      conversation_id: inbound.conversation_id,
      channel_id: inbound.channel_id,
      direction: 'outbound',
      content: 'reply',
      content_type: 'text',
      status: 'pending',
      platform_timestamp: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();

const post = (payload: unknown, signature?: string) => {
  const body = JSON.stringify(payload);
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', ...(signature !== null && { 'x-hub-signature-256': signature ?? metaSignature(SECRET, body) }) },
    payload: body,
  });
};
const count = async (table: 'messages' | 'conversations' | 'contacts' | 'webhook_events') =>
  Number(
    (
      await t.ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('webhook ingestion', () => {
  it('answers the hub.challenge handshake only for the right verify token', async () => {
    const ok = await t.app.inject({ url: '/api/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444' });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const bad = await t.app.inject({ url: '/api/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1' });
    expect(bad.statusCode).toBe(403);
  });

  it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
    const before = await count('webhook_events');
    const payload = whatsappText({ phoneNumberId: PHONE_ID, from: '4915550000001', id: 'wamid.unsigned', text: 'hi', timestamp: Date.now() });
    expect((await post(payload, 'sha256=' + '0'.repeat(64))).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/webhooks/whatsapp', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) })).statusCode).toBe(401);
    expect(await count('webhook_events')).toBe(before);
    expect(await t.ctx.db.selectFrom('messages').select('id').where('external_id', '=', 'wamid.unsigned').executeTakeFirst()).toBeUndefined();
  });

  it('stores a message once, even when the webhook is redelivered', async () => {
    const payload = whatsappText({ phoneNumberId: PHONE_ID, from: '4915550000002', name: 'Grete', id: 'wamid.once', text: 'Hallo!', timestamp: Date.now() });
    for (let i = 0; i < 3; i++) expect((await post(payload)).statusCode).toBe(200);
    const rows = await t.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', 'wamid.once').execute();
    expect(rows).toHaveLength(1);
    const conv = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', rows[0]!.conversation_id).executeTakeFirstOrThrow();
    expect(conv.unread_count).toBe(1);
    expect(conv.last_message_preview).toBe('Hallo!');
    const events = await t.ctx.db.selectFrom('events').select(['seq', 'type']).where('organization_id', '=', org.organizationId).where('type', '=', 'new:message').execute();
    expect(events.filter((e) => e.type === 'new:message')).toHaveLength(1);
  });

  it('makes one contact and one conversation when a new customer’s first messages arrive at once', async () => {
    const from = '4915550000003';
    const base = Date.now();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => post(whatsappText({ phoneNumberId: PHONE_ID, from, name: 'Race', id: `wamid.race${i}`, text: `m${i}`, timestamp: base + i * 1000 }))),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const identities = await t.ctx.db.selectFrom('contact_identities').selectAll().where('platform_user_id', '=', from).execute();
    expect(identities).toHaveLength(1);
    const convs = await t.ctx.db.selectFrom('conversations').selectAll().where('contact_identity_id', '=', identities[0]!.id).execute();
    expect(convs).toHaveLength(1);
    expect(convs[0]!.unread_count).toBe(8);
    // the preview is the newest by platform time, whatever order the requests committed in
    expect(convs[0]!.last_message_preview).toBe('m7');
    const contacts = await t.ctx.db.selectFrom('contacts').select('id').where('display_name', '=', 'Race').execute();
    expect(contacts).toHaveLength(1);
  });

  it('orders a thread by platform time, not arrival', async () => {
    const from = '4915550000004';
    const t0 = Date.now() - 60_000;
    await post(whatsappText({ phoneNumberId: PHONE_ID, from, id: 'wamid.late', text: 'second', timestamp: t0 + 5000 }));
    await post(whatsappText({ phoneNumberId: PHONE_ID, from, id: 'wamid.early', text: 'first', timestamp: t0 }));
    const conv = await t.ctx.db.selectFrom('messages').select('conversation_id').where('external_id', '=', 'wamid.late').executeTakeFirstOrThrow();
    const res = await t.app.inject({ url: `/api/messages?conversationId=${conv.conversation_id}`, headers: { authorization: `Bearer ${org.token}` } });
    expect(res.json().messages.map((m: { content: string }) => m.content)).toEqual(['first', 'second']);
  });

  it('moves statuses only forward; failed never overwrites delivered or read', async () => {
    const from = '4915550000005';
    await post(whatsappText({ phoneNumberId: PHONE_ID, from, id: 'wamid.in5', text: 'hi', timestamp: Date.now() }));
    const conv = await t.ctx.db.selectFrom('messages').select(['conversation_id']).where('external_id', '=', 'wamid.in5').executeTakeFirstOrThrow();
    const channel = await t.ctx.db.selectFrom('channels').select('id').where('external_account_id', '=', PHONE_ID).executeTakeFirstOrThrow();
    await t.ctx.db
      .insertInto('messages')
      .values({
        organization_id: org.organizationId,
        conversation_id: conv.conversation_id,
        channel_id: channel.id,
        direction: 'outbound',
        content: 'reply',
        content_type: 'text',
        status: 'sent',
        external_id: 'wamid.out5',
        platform_timestamp: new Date(),
      })
      .execute();
    const status = async () => (await t.ctx.db.selectFrom('messages').select('status').where('external_id', '=', 'wamid.out5').executeTakeFirstOrThrow()).status;
    await post(whatsappStatus({ phoneNumberId: PHONE_ID, id: 'wamid.out5', status: 'read', recipient: from, timestamp: Date.now() }));
    expect(await status()).toBe('read');
    await post(whatsappStatus({ phoneNumberId: PHONE_ID, id: 'wamid.out5', status: 'delivered', recipient: from, timestamp: Date.now() }));
    expect(await status()).toBe('read');
    await post(whatsappStatus({ phoneNumberId: PHONE_ID, id: 'wamid.out5', status: 'failed', recipient: from, timestamp: Date.now() }));
    expect(await status()).toBe('read');
  });

  it('keeps a receipt that overtakes the send answer and applies it when the send is recorded', async () => {
    const from = '4915550000007';
    await post(whatsappText({ phoneNumberId: PHONE_ID, from, id: 'wamid.in7', text: 'hi', timestamp: Date.now() }));
    const inbound = await t.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', 'wamid.in7').executeTakeFirstOrThrow();
    await post(whatsappStatus({ phoneNumberId: PHONE_ID, id: 'wamid.out7', status: 'delivered', recipient: from, timestamp: Date.now() }));
    const pending = await pendingReplyIn(inbound);
    await recordSendSuccess(t.ctx.db, pending, 'wamid.out7', []);
    const after = await t.ctx.db.selectFrom('messages').select(['status', 'external_id']).where('id', '=', pending.id).executeTakeFirstOrThrow();
    expect(after).toEqual({ status: 'delivered', external_id: 'wamid.out7' });
    expect(await t.ctx.db.selectFrom('early_statuses').selectAll().where('external_id', '=', 'wamid.out7').execute()).toEqual([]);
  });

  it('removes the echo copy of a reply stored before the send was recorded, and tells agents so', async () => {
    const from = '4915550000009';
    await post(whatsappText({ phoneNumberId: PHONE_ID, from, id: 'wamid.in9', text: 'hi', timestamp: Date.now() }));
    const inbound = await t.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', 'wamid.in9').executeTakeFirstOrThrow();
    const values = {
      organization_id: org.organizationId,
      conversation_id: inbound.conversation_id,
      channel_id: inbound.channel_id,
      direction: 'outbound' as const,
      content: 'reply',
      content_type: 'text' as const,
      platform_timestamp: new Date(),
    };
    const pending = await t.ctx.db
      .insertInto('messages')
      .values({ ...values, status: 'pending' })
      .returningAll()
      .executeTakeFirstOrThrow();
    // the platform's echo of that reply won the race against the send's answer
    const echo = await t.ctx.db
      .insertInto('messages')
      .values({ ...values, status: 'sent', external_id: 'wamid.out9', is_echo: true })
      .returningAll()
      .executeTakeFirstOrThrow();
    await t.ctx.db.updateTable('conversations').set({ last_message_id: echo.id }).where('id', '=', inbound.conversation_id).execute();

    await recordSendSuccess(t.ctx.db, pending, 'wamid.out9', []);
    expect(await t.ctx.db.selectFrom('messages').select(['id', 'status']).where('external_id', '=', 'wamid.out9').execute()).toEqual([{ id: pending.id, status: 'sent' }]);
    expect((await t.ctx.db.selectFrom('conversations').select('last_message_id').where('id', '=', inbound.conversation_id).executeTakeFirstOrThrow()).last_message_id).toBe(pending.id);
    const events = await t.ctx.db.selectFrom('events').select(['type', 'payload']).where('organization_id', '=', org.organizationId).orderBy('seq', 'desc').limit(2).execute();
    expect(events.reverse()).toEqual([
      { type: 'message:deleted', payload: { messageId: echo.id, conversationId: inbound.conversation_id, replacedBy: pending.id } },
      { type: 'message:sent', payload: { messageId: pending.id, conversationId: inbound.conversation_id, externalId: 'wamid.out9', status: 'sent' } },
    ]);
  });

  describe('a customer who quotes a reply before its send is recorded', () => {
    /** A customer's thread with a reply of snorq's in it still pending. */
    const threadWithPendingReply = async (from: string, inboundId: string) => {
      await post(whatsappText({ phoneNumberId: PHONE_ID, from, id: inboundId, text: 'hi', timestamp: Date.now() }));
      return pendingReplyIn(await t.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', inboundId).executeTakeFirstOrThrow());
    };
    const replyToOf = async (externalId: string) =>
      (await t.ctx.db.selectFrom('messages').select('reply_to_message_id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).reply_to_message_id;

    it('is linked to it once the send is recorded', async () => {
      const from = '4915550000010';
      const pending = await threadWithPendingReply(from, 'wamid.in10');
      // The customer's answer, quoting the reply by the id the platform gave it, arrives first.
      expect((await post(whatsappText({ phoneNumberId: PHONE_ID, from, id: 'wamid.in10b', text: 'yes!', timestamp: Date.now(), replyTo: 'wamid.out10' }))).statusCode).toBe(200);
      expect(await replyToOf('wamid.in10b')).toBeNull();
      await recordSendSuccess(t.ctx.db, pending, 'wamid.out10', []);
      expect(await replyToOf('wamid.in10b')).toBe(pending.id);
    });

    // The send's recording, stopped after its locks and its updates (recordSendSuccess's order),
    // while the customer's answer is stored: the answer waits for the lock, then finds the reply —
    // by its id, or by the id of a later part of it (an alias, written in the same transaction).
    for (const [label, from, quoted] of [
      ['its id', '4915550000011', 'wamid.out11'],
      ['the id of its second part', '4915550000012', 'wamid.out12b'],
    ] as const) {
      it(`is linked to it when it is stored while the send is being recorded (quoting ${label})`, async () => {
        const pending = await threadWithPendingReply(from, `wamid.in-${from}`);
        const externalId = quoted.replace(/b$/, '');
        let stored: Promise<{ statusCode: number }> | undefined;
        await t.ctx.db.transaction().execute(async (trx) => {
          await sql`select pg_advisory_xact_lock(snorq_external_id_lock(${pending.channel_id}, id)) from unnest(${[externalId, quoted]}::text[]) as id order by id`.execute(trx);
          await trx.updateTable('messages').set({ status: 'sent', external_id: externalId }).where('id', '=', pending.id).execute();
          if (quoted !== externalId) await trx.insertInto('message_aliases').values({ channel_id: pending.channel_id, external_id: quoted, message_id: pending.id }).execute();
          stored = post(whatsappText({ phoneNumberId: PHONE_ID, from, id: `wamid.answer-${from}`, text: 'yes!', timestamp: Date.now(), replyTo: quoted }));
          await eventually(
            async () =>
              (
                await sql<{
                  n: number;
                }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted and database = (select oid from pg_database where datname = current_database())`.execute(
                  t.ctx.db,
                )
              ).rows[0]!.n > 0,
            'the answer to wait for the reply’s lock',
          );
        });
        expect((await stored!).statusCode).toBe(200);
        expect(await replyToOf(`wamid.answer-${from}`)).toBe(pending.id);
      });
    }
  });

  it('keeps every good webhook of a batch in which one event cannot be stored', async () => {
    const from = '4915550000008';
    // The database refuses one message (here: a trigger standing in for any failure of one item).
    await sql`create function refuse_poison() returns trigger language plpgsql as $$
      begin if new.content = 'poison' then raise exception 'refused for the test'; end if; return new; end $$`.execute(t.ctx.db);
    await sql`create trigger refuse_poison before insert on messages for each row execute function refuse_poison()`.execute(t.ctx.db);
    try {
      const bad = whatsappText({ phoneNumberId: PHONE_ID, from, id: 'wamid.poison', text: 'poison', timestamp: Date.now() });
      const good = Array.from({ length: 6 }, (_, i) => whatsappText({ phoneNumberId: PHONE_ID, from, id: `wamid.good${i}`, text: `good ${i}`, timestamp: Date.now() + i }));
      const results = await Promise.all([...good.slice(0, 3), bad, ...good.slice(3)].map((p) => post(p)));
      expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200, 200]);
      for (let i = 0; i < 6; i++) expect(await t.ctx.db.selectFrom('messages').select('id').where('external_id', '=', `wamid.good${i}`).executeTakeFirst()).toBeDefined();
      expect(await t.ctx.db.selectFrom('messages').select('id').where('external_id', '=', 'wamid.poison').executeTakeFirst()).toBeUndefined();
      const journal = await t.ctx.db
        .selectFrom('webhook_events')
        .select(['state', 'error'])
        .where(sql<boolean>`convert_from(body, 'UTF8') like '%wamid.poison%'`)
        .execute();
      expect(journal).toEqual([{ state: 'failed', error: expect.stringMatching(/refused for the test/) }]);
    } finally {
      await sql`drop trigger refuse_poison on messages; drop function refuse_poison()`.execute(t.ctx.db);
    }
  });

  it('answers 200 for a verified event of an unknown account and keeps it as unrouted', async () => {
    const res = await post(whatsappText({ phoneNumberId: '999999', from: '4915550000006', id: 'wamid.nowhere', text: 'hello?', timestamp: Date.now() }));
    expect(res.statusCode).toBe(200);
    const row = await t.ctx.db.selectFrom('webhook_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.state).toBe('unrouted');
    expect(row.error).toMatch(/999999/);
  });

  it('answers 400 for a verified body that is not JSON, keeping it in the journal as failed', async () => {
    const body = 'this is not json';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/whatsapp',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
      payload: body,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    const row = await t.ctx.db.selectFrom('webhook_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(row.state).toBe('failed');
  });

  it('numbers the organisation’s events without gaps', async () => {
    const seqs = (await t.ctx.db.selectFrom('events').select('seq').where('organization_id', '=', org.organizationId).orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs.length).toBeGreaterThan(5);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });
});
