import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageEvent } from '../../src/channels/types.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { touchConversation } from '../../src/core/ingest/apply-event.ts';
import { CONVERSATION_TIMESTAMPS, MESSAGE_TIMESTAMPS, storeMessages } from '../../src/core/ingest/store-messages.ts';
import type { Channel } from '../../src/db/schema.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * snorq_store_messages (migration 0009) stores a batch in one call and returns its rows as JSON:
 * the rows must be exactly what the driver reads back, and a batch must end in the same state as
 * the same messages stored one by one.
 */
let t: TestApp;
let channel: Channel;

beforeAll(async () => {
  t = await createTestApp();
  const org = await t.newOrganization();
  await provisionChannels(
    t.ctx.db,
    t.ctx.secretBox,
    org.organizationId,
    [{ platform: 'whatsapp', externalAccountId: 'store-1', displayName: 'WA', credentials: { platform: 'whatsapp', accessToken: 'x' } }],
    'env',
  );
  channel = await t.ctx.db.selectFrom('channels').selectAll().where('external_account_id', '=', 'store-1').executeTakeFirstOrThrow();
});
afterAll(async () => t?.close());

const text = (id: string, from: string, at: number, body: string, extra: Partial<MessageEvent> = {}): MessageEvent => ({
  kind: 'message',
  accountId: 'store-1',
  externalId: id,
  direction: 'inbound',
  contact: { platformUserId: from, displayName: `Customer ${from}` },
  timestamp: at,
  contentType: 'text',
  text: body,
  ...extra,
});
const store = (events: MessageEvent[]) =>
  t.ctx.db.transaction().execute((trx) =>
    storeMessages(
      trx,
      events.map((event) => ({ channel, event, receivedAt: new Date() })),
    ),
  );

describe('storeMessages', () => {
  it('returns the message and thread rows exactly as the driver reads them', async () => {
    const at = Date.UTC(2026, 10, 1, 9, 30, 15, 123);
    const [stored] = await store([
      text('wamid.rows.1', '491', at, 'Hello, is the blue one in stock?', {
        media: [{ type: 'image', mimeType: 'image/jpeg', platformMediaId: 'm1' }],
        referral: { source_type: 'ad', source_id: '42' },
        raw: { anything: true },
        metadata: { context: 'x' },
      }),
    ]);
    const { raw, search_vector: _vector, ...message } = await t.ctx.db.selectFrom('messages').selectAll().where('id', '=', stored!.message.id).executeTakeFirstOrThrow();
    expect(raw).toEqual({ anything: true });
    expect(stored!.message).toEqual(message);
    expect(stored!.message.platform_timestamp.getTime()).toBe(at);
    const conversation = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', stored!.conversation.id).executeTakeFirstOrThrow();
    expect(stored!.conversation).toEqual(conversation);
    expect(conversation).toMatchObject({ unread_count: 1, last_message_id: message.id, last_message_preview: 'Hello, is the blue one in stock?', waiting_since: new Date(at) });
  });

  it('turns every timestamp column of both tables back into a Date, the SLA clock’s too', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and table_name in ('messages', 'conversations') and data_type like 'timestamp%'`.execute(t.ctx.db);
    const of = (table: string) =>
      rows
        .filter((r) => r.table_name === table)
        .map((r) => r.column_name)
        .sort();
    expect(of('messages')).toEqual([...MESSAGE_TIMESTAMPS].sort());
    expect(of('conversations')).toEqual([...CONVERSATION_TIMESTAMPS].sort());
    // A second message into a thread whose wait has a running clock (every column filled).
    const at = Date.UTC(2026, 10, 2, 9, 0, 0);
    const [first] = await store([text('wamid.sla.1', '499', at, 'Where is my order?')]);
    await t.ctx.db
      .updateTable('conversations')
      .set({
        sla_started_at: new Date(at),
        sla_kind: 'first',
        sla_warn_at: new Date(at + 1_800_000),
        sla_due_at: new Date(at + 3_600_000),
        sla_breached_at: new Date(at + 3_600_000),
        sla_warned_at: new Date(at + 1_800_000),
      })
      .where('id', '=', first!.conversation.id)
      .execute();
    const [second] = await store([text('wamid.sla.2', '499', at + 60_000, 'Hello?')]);
    const conversation = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', first!.conversation.id).executeTakeFirstOrThrow();
    expect(second!.conversation).toEqual(conversation);
    expect(second!.conversation.sla_due_at).toEqual(new Date(at + 3_600_000));
  });

  it('counts several messages of one thread in one batch, newest preview wins, redeliveries return nothing', async () => {
    const t0 = Date.UTC(2026, 10, 2, 10);
    const first = await store([
      text('wamid.batch.2', '492', t0 + 2000, 'second'),
      text('wamid.batch.1', '492', t0 + 1000, 'first (arrived late)'),
      text('wamid.batch.3', '493', t0 + 500, 'another customer'),
      { ...text('wamid.batch.echo', '492', t0 + 3000, 'answered from the phone app'), direction: 'outbound' },
    ]);
    expect(first.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    // each row carries the thread as it was right after that message
    expect(first.map((s) => s.conversation.unread_count)).toEqual([1, 2, 1, 2]);
    const thread = await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', first[0]!.conversation.id).executeTakeFirstOrThrow();
    expect(thread).toMatchObject({
      unread_count: 2,
      last_message_preview: 'answered from the phone app',
      waiting_since: null,
      last_inbound_at: new Date(t0 + 2000),
      last_outbound_at: new Date(t0 + 3000),
    });
    expect(first[2]!.conversation.id).not.toBe(thread.id);

    const again = await store([text('wamid.batch.1', '492', t0 + 1000, 'first (arrived late)'), text('wamid.batch.4', '492', t0 + 4000, 'new')]);
    expect(again.map((s) => s.index)).toEqual([1]);
    expect(again[0]!.conversation).toMatchObject({ unread_count: 3, last_message_preview: 'new', waiting_since: new Date(t0 + 4000) });
  });

  it('keeps the profile current: new names reach the identity and fill the contact, absent fields change nothing', async () => {
    const t0 = Date.UTC(2026, 10, 3);
    await store([text('wamid.profile.1', '494', t0, 'hi', { contact: { platformUserId: '494', phone: '+494' } })]);
    const [stored] = await store([text('wamid.profile.2', '494', t0 + 1, 'me again', { contact: { platformUserId: '494', displayName: 'Ada' } })]);
    const identity = await t.ctx.db.selectFrom('contact_identities').selectAll().where('id', '=', stored!.conversation.contact_identity_id).executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ display_name: 'Ada', phone: '+494' });
    const contact = await t.ctx.db.selectFrom('contacts').selectAll().where('id', '=', identity.contact_id).executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ display_name: 'Ada', phone: '+494' });
  });

  it('links a reply to the message it quotes, stored earlier in the same batch', async () => {
    const t0 = Date.UTC(2026, 10, 4);
    const stored = await store([text('wamid.quote.1', '495', t0, 'original'), text('wamid.quote.2', '495', t0 + 1, 'reply', { replyToExternalId: 'wamid.quote.1' })]);
    expect(stored[1]!.message.reply_to_message_id).toBe(stored[0]!.message.id);
  });

  it('never deadlocks when an agent’s reply and a customer’s message update the same thread at once', async () => {
    const [first] = await store([text('wamid.race.0', '496', Date.now(), 'hello')]);
    const conversation = first!.conversation;
    const reply = (i: number) =>
      t.ctx.db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('messages')
          .values({
            organization_id: channel.organization_id,
            conversation_id: conversation.id,
            channel_id: channel.id,
            direction: 'outbound',
            content: `reply ${i}`,
            content_type: 'text',
            status: 'pending',
            platform_timestamp: new Date(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        // both transactions now hold KEY SHARE on the thread (their messages' foreign key)
        await new Promise((r) => setTimeout(r, 5));
        return touchConversation(trx, conversation.id, inserted);
      });
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => [reply(i), store([text(`wamid.race.${i + 1}`, '496', Date.now(), `customer ${i}`)])]).flat());
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });
});
