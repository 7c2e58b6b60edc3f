import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startSandboxedSnorq, type SandboxedSnorq } from '../helpers/sandboxed-snorq.ts';

/**
 * Message kinds the platforms document beyond text and media, sent by the simulator's customers
 * in the platforms' wire formats and followed through snorq's real route to what the API (and so
 * the web app's thread) shows.
 */
let s: SandboxedSnorq;
beforeAll(async () => {
  s = await startSandboxedSnorq({ autoReceipts: false });
});
afterAll(async () => s?.close());

type Dto = {
  id: number;
  contentType: string;
  location: unknown;
  content: string | null;
  deletedAt: string | null;
  editedAt: string | null;
  order: unknown;
  card: unknown;
  system: unknown;
  referral: unknown;
  media: { caption: string | null }[];
};
let seq = 0;
const row = (externalId: string) => s.snorq.ctx.db.selectFrom('messages').selectAll().where('external_id', '=', externalId).executeTakeFirst();
async function thread(conversationId: number): Promise<Dto[]> {
  const res = await s.api(`/api/messages?conversationId=${conversationId}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { messages: Dto[] }).messages;
}
async function conversation(conversationId: number) {
  const c = await s.snorq.ctx.db.selectFrom('conversations').selectAll().where('id', '=', conversationId).executeTakeFirstOrThrow();
  return { unreadCount: c.unread_count, contactIdentityId: c.contact_identity_id, contactId: c.contact_id, lastInboundAt: c.last_inbound_at };
}
async function replyWindowOpen(conversationId: number): Promise<boolean> {
  const res = await s.api(`/api/v1/conversations/${conversationId}`);
  return ((await res.json()) as { conversation: { replyWindow: { open: boolean } } }).conversation.replyWindow.open;
}

describe('WhatsApp', () => {
  const accountId = () => s.account('whatsapp').accountId;
  const customer = () => ({ id: `4917100${String(++seq).padStart(5, '0')}`, name: 'Ana Souza' });

  it('revoke marks the original deleted and stores no new message; edit changes its text and keeps the edit time', async () => {
    const who = customer();
    const first = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, text: 'Blue, size M' });
    const original = await eventually(() => row(first.externalId!));
    const editAt = Date.now() + 60_000;
    const edit = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, kind: 'edit', replyTo: first.externalId, text: 'Blue, size L', timestamp: editAt });
    expect(edit.status).toBe(200);
    const edited = await eventually(async () => ((await row(first.externalId!))?.content === 'Blue, size L' ? row(first.externalId!) : undefined));
    expect(edited!.edited_at?.getTime()).toBe(Math.floor(editAt / 1000) * 1000);
    expect(edited!.metadata['edits']).toEqual([expect.objectContaining({ previous: 'Blue, size M' })]);

    const second = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, text: 'oops, wrong chat' });
    await eventually(() => row(second.externalId!));
    const revoke = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, kind: 'unsend', replyTo: second.externalId });
    expect(revoke.status).toBe(200);
    await eventually(async () => (await row(second.externalId!))?.deleted_at);
    // the thread list no longer shows the withdrawn words
    const summary = await s.snorq.ctx.db.selectFrom('conversations').select('last_message_preview').where('id', '=', original.conversation_id).executeTakeFirstOrThrow();
    expect(summary.last_message_preview).toBe('Message removed');
    const messages = await thread(original.conversation_id);
    expect(messages.map((m) => m.contentType)).toEqual(['text', 'text']);
    expect(messages[1]).toMatchObject({ content: null, deletedAt: expect.any(String) });
    expect(messages[0]).toMatchObject({ content: 'Blue, size L', editedAt: expect.any(String) });
    // neither the edit's nor the revoke's own wamid became a message
    expect(await row(edit.externalId!)).toBeUndefined();
    expect(await row(revoke.externalId!)).toBeUndefined();
  });

  it('an edit of a photo changes its caption', async () => {
    const who = customer();
    const photo = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, media: { type: 'image', caption: 'this one' } });
    await eventually(() => row(photo.externalId!));
    await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, kind: 'edit', replyTo: photo.externalId, text: 'this one, in red' });
    const edited = await eventually(async () => ((await row(photo.externalId!))?.edited_at ? row(photo.externalId!) : undefined));
    expect(edited!.media[0]?.caption).toBe('this one, in red');
    expect(edited!.content_type).toBe('image');
  });

  it('an order shows its lines, quantities, prices and total', async () => {
    const who = customer();
    const sent = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, kind: 'order' });
    expect(sent.status).toBe(200);
    const stored = await eventually(() => row(sent.externalId!));
    const [m] = await thread(stored.conversation_id);
    expect(m).toMatchObject({
      contentType: 'order',
      content: 'Gift wrap please',
      order: {
        catalogId: '367025965434465',
        items: [
          { productRetailerId: 'SKU-BLUE-M', quantity: 2, itemPrice: 49.9, currency: 'BRL' },
          { productRetailerId: 'SKU-CAP', quantity: 1, itemPrice: 19.9, currency: 'BRL' },
        ],
        total: { amount: 119.7, currency: 'BRL' },
      },
    });
  });

  it('a number change continues the thread on the new number, links the identities and shows a notice', async () => {
    const who = customer();
    const first = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, text: 'hello from my old phone' });
    const original = await eventually(() => row(first.externalId!));
    const before = await conversation(original.conversation_id);
    const newPhone = `4917199${String(seq).padStart(5, '0')}`;
    const change = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, kind: 'system', newPhone });
    expect(change.status).toBe(200);
    const notice = await eventually(() => row(change.externalId!));
    expect(notice).toMatchObject({ content_type: 'system', conversation_id: original.conversation_id });
    // the notice is not something the customer wrote: unread stays as it was
    expect((await conversation(original.conversation_id)).unreadCount).toBe(before.unreadCount);

    const later = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: { id: newPhone, name: 'Ana Souza' }, text: 'hello from my new phone' });
    const next = await eventually(() => row(later.externalId!));
    expect(next.conversation_id).toBe(original.conversation_id);
    const identities = await s.snorq.ctx.db.selectFrom('contact_identities').selectAll().where('contact_id', '=', before.contactId).orderBy('id').execute();
    expect(identities.map((i) => i.platform_user_id)).toEqual([who.id, newPhone]);
    const after = await conversation(original.conversation_id);
    expect(after.contactIdentityId).toBe(identities[1]!.id);

    // a reply goes to the new number
    const res = await s.api('/api/messages', { json: { conversationId: original.conversation_id, content: 'Got it, new number saved' } });
    expect(res.status).toBe(201);
    const call = await eventually(async () => s.simulator.recorded.list({ platform: 'whatsapp' }).find((c) => JSON.stringify(c.body ?? null).includes('new number saved')));
    expect((call.body as { to: string }).to).toBe(newPhone);

    const messages = await thread(original.conversation_id);
    expect(messages.find((m) => m.contentType === 'system')).toMatchObject({
      content: expect.stringContaining(newPhone),
      system: { type: 'user_changed_number', previousId: who.id, newId: newPhone },
    });
    // a redelivered notice changes nothing
    const again = await s.simulator.customers.sendRaw('whatsapp', change.payload);
    expect(again.status).toBe(200);
    expect((await thread(original.conversation_id)).filter((m) => m.contentType === 'system')).toHaveLength(1);
  });

  it('a number change whose new number already wrote links both identities to one contact', async () => {
    const who = customer();
    const newPhone = `4917188${String(seq).padStart(5, '0')}`;
    const first = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, text: 'old phone' });
    const fromNew = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: { id: newPhone }, text: 'new phone wrote first' });
    const a = await eventually(() => row(first.externalId!));
    const b = await eventually(() => row(fromNew.externalId!));
    const change = await s.simulator.customers.send('whatsapp', { accountId: accountId(), customer: who, kind: 'system', newPhone });
    await eventually(() => row(change.externalId!));
    const [ca, cb] = [await conversation(a.conversation_id), await conversation(b.conversation_id)];
    expect(cb.contactId).toBe(ca.contactId);
  });
});

describe('Messenger and Instagram referrals on their own', () => {
  for (const platform of ['messenger', 'instagram'] as const) {
    it(`${platform}: recorded in the thread with its ad data, and it reopens the reply window`, async () => {
      const accountId = s.account(platform).accountId;
      const customer = { id: `${platform}-ref-${++seq}`, name: 'Kim Lee' };
      // the customer last wrote 30 hours ago: the standard window is closed
      const old = await s.simulator.customers.send(platform, { accountId, customer, text: 'hi, a while ago', timestamp: Date.now() - 30 * 3600_000 });
      const first = await eventually(() => row(old.externalId!));
      expect(await replyWindowOpen(first.conversation_id)).toBe(false);

      const ad = { ref: 'summer', ad_id: '23851234567890123', source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 'Summer sale', photo_url: 'https://scontent.xx.fbcdn.net/ad.jpg' } };
      const sent = await s.simulator.customers.send(platform, { accountId, customer, kind: 'referral', referral: ad });
      expect(sent.status).toBe(200);
      const notice = await eventually(async () => (await thread(first.conversation_id)).find((m) => m.contentType === 'referral'));
      expect(notice.referral).toEqual(ad);
      expect(await replyWindowOpen(first.conversation_id)).toBe(true);

      const res = await s.api('/api/messages', { json: { conversationId: first.conversation_id, content: 'Welcome back! The sale is on.' } });
      expect(res.status).toBe(201);
      const { message } = (await res.json()) as { message: { id: number } };
      await eventually(async () => (await s.snorq.ctx.db.selectFrom('messages').select('external_id').where('id', '=', message.id).executeTakeFirst())?.external_id);
      // a redelivered referral is not stored twice
      expect((await s.simulator.customers.sendRaw(platform, sent.payload)).status).toBe(200);
      expect((await thread(first.conversation_id)).filter((m) => m.contentType === 'referral')).toHaveLength(1);
    });
  }
});

describe('cards, postbacks and locations', () => {
  it('Messenger: a postback without a title shows the button the customer pressed, not the payload', async () => {
    const accountId = s.account('messenger').accountId;
    const customer = { id: `messenger-pb-${++seq}`, name: 'Kim Lee' };
    const hello = await s.simulator.customers.send('messenger', { accountId, customer, text: 'which sizes?' });
    const first = await eventually(() => row(hello.externalId!));
    // a bot in another app offered buttons (a button template, seen as an echo)
    const offer = await s.simulator.customers.send('messenger', {
      accountId,
      customer,
      kind: 'echo',
      text: 'Which size?',
      buttons: [
        { title: 'Size M', payload: 'SIZE_M' },
        { title: 'Size guide', url: 'https://shop.example.com/sizes' },
      ],
    });
    await eventually(() => row(offer.externalId!));
    const pressed = await s.simulator.customers.send('messenger', { accountId, customer, kind: 'postback', text: '', payload: 'SIZE_M' });
    const unknownButton = await s.simulator.customers.send('messenger', { accountId, customer, kind: 'postback', text: '', payload: 'DEV_PAYLOAD_42' });
    expect((await eventually(() => row(pressed.externalId!))).content).toBe('Size M');
    expect((await eventually(() => row(unknownButton.externalId!))).content).toBe('Pressed a button');
    const messages = await thread(first.conversation_id);
    expect(messages.find((m) => m.contentType === 'template')).toMatchObject({
      content: 'Which size?',
      card: {
        text: 'Which size?',
        buttons: [
          { title: 'Size M', payload: 'SIZE_M' },
          { title: 'Size guide', url: 'https://shop.example.com/sizes' },
        ],
      },
    });
    expect(messages.map((m) => m.content)).not.toContain('DEV_PAYLOAD_42');
  });

  it('Messenger: a shared location is a location, not unsupported', async () => {
    const accountId = s.account('messenger').accountId;
    const sent = await s.simulator.customers.send('messenger', {
      accountId,
      customer: { id: `messenger-loc-${++seq}` },
      kind: 'location',
      location: { latitude: 52.52, longitude: 13.405, name: 'Brandenburger Tor' },
    });
    const stored = await eventually(() => row(sent.externalId!));
    const [m] = await thread(stored.conversation_id);
    expect(m).toMatchObject({ contentType: 'location', location: { latitude: 52.52, longitude: 13.405, name: 'Brandenburger Tor' } });
  });

  it('TikTok: a card keeps its text and buttons', async () => {
    const accountId = s.account('tiktok').accountId;
    const customer = { id: `tiktok-card-${++seq}`, username: 'kim.lee' };
    await s.simulator.customers.send('tiktok', { accountId, customer, text: 'hi' });
    const card = await s.simulator.customers.send('tiktok', {
      accountId,
      customer,
      kind: 'card',
      text: 'How can we help?',
      buttons: [
        { title: 'Track my order', payload: 'track' },
        { title: 'Talk to a human', payload: 'human' },
      ],
    });
    expect(card.status).toBe(200);
    const stored = await eventually(() => row(card.externalId!));
    const m = (await thread(stored.conversation_id)).find((x) => x.contentType === 'template');
    expect(m).toMatchObject({
      content: 'How can we help?',
      card: {
        title: 'How can we help?',
        buttons: [
          { title: 'Track my order', payload: 'track' },
          { title: 'Talk to a human', payload: 'human' },
        ],
      },
    });
  });
});
