import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_KINDS, type SimPlatform } from '../../src/simulator/index.ts';
import { SANDBOX_PLATFORMS } from '../../src/sandbox/sandbox-accounts.ts';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Every event a customer can cause on every platform, as the platform's signed webhook from the
 * simulator, through snorq's real route: each is answered 200 and lands as it should.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false, echoes: true });
});
afterAll(async () => s?.close());

const customerId = (platform: SimPlatform, n: number) =>
  platform === 'whatsapp' ? `4915${String(n).padStart(8, '0')}` : platform === 'twilio' ? `+1415${String(n).padStart(7, '0')}` : `${platform}-cust-${n}`;
const byExternalId = (id: string) => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', id).executeTakeFirst();

describe('every customer event of every platform', () => {
  // Every platform the sandbox has a channel on (each simulated platform's own tests cover the rest).
  for (const platform of SANDBOX_PLATFORMS) {
    it(`${platform}: ${CUSTOMER_KINDS[platform].join(', ')}`, async () => {
      const accountId = s.account(platform).accountId;
      const customer = { id: customerId(platform, 1), name: 'Kim Lee', username: 'kim.lee' };
      // a first message for reactions, edits, replies and receipts to refer to
      const first = await s.simulator.customers.send(platform, { accountId, customer, text: 'first message' });
      expect(first.status).toBe(200);
      const original = await eventually(() => byExternalId(first.externalId!));
      // Twilio receipts are status callbacks about snorq's own sends: covered in outbound.test.ts;
      // a 'tap' presses a button of one of snorq's own messages: covered beside its platform's inbox tests
      for (const kind of CUSTOMER_KINDS[platform].filter((k) => k !== 'tap' && (platform !== 'twilio' || (k !== 'read' && k !== 'delivery')))) {
        const res = await s.simulator.customers.send(platform, {
          accountId,
          customer,
          kind: kind as never,
          text: kind === 'edit' ? 'first message (edited)' : `a ${kind}`,
          replyTo: first.externalId,
          ...(['image', 'video', 'audio', 'file', 'sticker'].includes(kind) && { media: { type: kind as 'image' } }),
          ...(kind === 'location' && { location: { latitude: 52.52, longitude: 13.405, name: 'Berlin' } }),
        });
        expect(res.status, `${platform}/${kind}: ${res.body}`).toBe(200);
      }
      const rows = await s.snorq.ctx.db.selectFrom('messages').selectAll().where('conversation_id', '=', original.conversation_id).orderBy('id').execute();
      const types = new Set(rows.map((r) => r.content_type));
      for (const media of ['image', 'video'] as const) if (CUSTOMER_KINDS[platform].includes(media as never)) expect(types, `${platform} ${media}`).toContain(media);
      if (CUSTOMER_KINDS[platform].includes('unsupported' as never)) expect(types).toContain('unsupported');
      if (CUSTOMER_KINDS[platform].includes('location' as never))
        expect(rows.some((r) => r.content_type === 'location' && (r.metadata.location as { latitude: number }).latitude === 52.52)).toBe(true);
      const after = (await byExternalId(first.externalId!))!;
      if (CUSTOMER_KINDS[platform].includes('reaction' as never)) {
        // 'unreact' follows 'reaction' in the kinds list: the customer's reaction ends removed
        expect(after.reactions.filter((r) => r.by === 'customer')).toEqual([]);
      }
      if (CUSTOMER_KINDS[platform].includes('unsend' as never)) {
        // unsent after it was edited: the original is emptied and marked, not duplicated
        expect(after).toMatchObject({ content: null, media: [] });
        expect(after.deleted_at).not.toBeNull();
        expect(after.edited_at).not.toBeNull();
      } else if (CUSTOMER_KINDS[platform].includes('edit' as never)) expect(after.content).toBe('first message (edited)');
      // nothing was stored twice and every webhook was journaled as processed
      const ids = rows.map((r) => r.external_id);
      expect(new Set(ids).size).toBe(ids.length);
      const journal = await s.snorq.ctx.db.selectFrom('webhook_events').select(['state', 'error']).where('platform', '=', platform).where('state', 'not in', ['processed']).execute();
      expect(journal.filter((j) => j.state !== 'processed' && j.state !== 'partial')).toEqual([]);
    });
  }
});

describe('batches', () => {
  it('stores every item of a many-entry Meta batch', async () => {
    const accountId = s.account('messenger').accountId;
    const items = Array.from({ length: 25 }, (_, i) => ({ accountId, customer: { id: customerId('messenger', 100 + (i % 5)) }, text: `batch item ${i}` }));
    const res = await s.simulator.customers.batch('messenger', items);
    expect(res.status).toBe(200);
    for (const id of res.externalIds) expect(await byExternalId(id!)).toBeDefined();
  });

  it('keeps the good items of a WhatsApp batch that carries a malformed one', async () => {
    const accountId = s.account('whatsapp').accountId;
    const good = await s.simulator.customers.batch('whatsapp', [
      { accountId, customer: { id: customerId('whatsapp', 200) }, text: 'good one' },
      { accountId, customer: { id: customerId('whatsapp', 201) }, text: 'good two' },
    ]);
    const payload = good.payload as { entry: { changes: { value: { messages: unknown[] } }[] }[] };
    // break the first item: a message with a number where an object belongs
    (payload.entry[0]!.changes[0]!.value.messages as unknown[])[0] = { from: 42, id: null, type: { nested: [[[]]] } };
    const ids = good.externalIds.map((id) => `${id}-again`);
    (payload.entry[0]!.changes[1]!.value.messages as { id: string }[])[0]!.id = ids[1]!;
    const res = await s.simulator.customers.sendRaw('whatsapp', payload);
    expect(res.status).toBe(200);
    expect(await byExternalId(ids[1]!)).toBeDefined();
  });
});

describe('echoes', () => {
  it('stores the business’s own sends from the platform app as outbound, and never duplicates snorq’s own', async () => {
    const accountId = s.account('messenger').accountId;
    const customer = { id: customerId('messenger', 300), name: 'Echo Tester' };
    const first = await s.simulator.customers.send('messenger', { accountId, customer, text: 'hi' });
    const conv = (await eventually(() => byExternalId(first.externalId!))).conversation_id;
    // typed in Meta Business Suite: arrives only as an echo
    const echo = await s.simulator.customers.send('messenger', { accountId, customer, kind: 'echo', text: 'answered from the Page inbox' });
    const stored = await eventually(() => byExternalId(echo.externalId!));
    expect(stored).toMatchObject({ direction: 'outbound', is_echo: true, content: 'answered from the Page inbox' });
    // sent from snorq: the simulator echoes it (echoes: true), and snorq keeps one copy
    const res = await s.api('/api/messages', { json: { conversationId: conv, content: 'answered from snorq' } });
    const id = ((await res.json()) as { message: { id: number } }).message.id;
    await eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('external_id').where('id', '=', id).executeTakeFirstOrThrow()).external_id);
    await s.simulator.recorded.waitForWebhook({ platform: 'messenger', match: (w) => w.body.includes('answered from snorq') });
    const copies = await s.snorq.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conv).where('content', '=', 'answered from snorq').execute();
    expect(copies).toHaveLength(1);
  });
});

describe('contact profiles', () => {
  it('looks up a Messenger customer’s name and picture, and serves the picture from snorq', async () => {
    const accountId = s.account('messenger').accountId;
    const sent = await s.simulator.customers.send('messenger', { accountId, customer: { id: customerId('messenger', 400), name: 'Profile Person' }, text: 'who am I?' });
    const conversationId = (await eventually(() => byExternalId(sent.externalId!))).conversation_id;
    const contact = await eventually(async () => {
      const { conversation } = (await (await s.api(`/api/v1/conversations/${conversationId}`)).json()) as { conversation: { contact: { name: string | null; avatarUrl: string | null } } };
      return conversation.contact.avatarUrl && conversation.contact.name ? conversation.contact : undefined;
    });
    expect(contact.name).toBe('Profile Person');
    expect(contact.avatarUrl).toMatch(/^\/api\/v1\/contacts\/identities\/\d+\/avatar$/);
    const picture = await s.api(contact.avatarUrl!);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\//);
    expect((await fetch(`${s.snorq.url}${contact.avatarUrl}`)).status).toBe(401);
  });
});
