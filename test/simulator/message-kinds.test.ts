import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, startHarness, type Harness } from './helpers.ts';

/**
 * The wire shapes of the message kinds beyond text and media, as the simulator's customers send
 * them (Meta's revoke / edit / system / order and messaging_referrals references, Messenger's
 * location attachment, TikTok cards as captured by chat-adapter-tiktok), and the platforms' limits.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(() => {
  h.sim.reset();
  h.receiver.requests.length = 0;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const lastBody = (): Json => JSON.parse(h.receiver.requests.at(-1)!.body.toString('utf8')) as Json;
const waMessage = (body: Json): Json => body.entry[0].changes[0].value.messages[0];

describe('WhatsApp', () => {
  const wa = { accountId: ACCOUNTS.whatsapp.accountId, customer: { id: '5511987654321', name: 'Ana Souza' } };

  it('revoke and edit name the original; an edit carries the new message whole', async () => {
    const first = await h.sim.customers.send('whatsapp', { ...wa, text: 'Blue, size M' });
    await h.sim.customers.send('whatsapp', { ...wa, kind: 'edit', replyTo: first.externalId, text: 'Blue, size L' });
    expect(waMessage(lastBody())).toMatchObject({ type: 'edit', edit: { original_message_id: first.externalId, message: { type: 'text', text: { body: 'Blue, size L' } } } });
    expect(waMessage(lastBody()).context).toBeUndefined();
    await h.sim.customers.send('whatsapp', { ...wa, kind: 'unsend', replyTo: first.externalId });
    expect(waMessage(lastBody())).toMatchObject({ type: 'revoke', revoke: { original_message_id: first.externalId } });
  });

  it('refuses edits after 15 minutes, deletions after two days, and changes to the business’s messages', async () => {
    const old = await h.sim.customers.send('whatsapp', { ...wa, text: 'an hour ago', timestamp: Date.now() - 3600_000 });
    await expect(h.sim.customers.send('whatsapp', { ...wa, kind: 'edit', replyTo: old.externalId, text: 'too late' })).rejects.toThrow(/15 minutes/);
    const older = await h.sim.customers.send('whatsapp', { ...wa, text: 'three days ago', timestamp: Date.now() - 3 * 24 * 3600_000 });
    await expect(h.sim.customers.send('whatsapp', { ...wa, kind: 'unsend', replyTo: older.externalId })).rejects.toThrow(/two days/);
  });

  it('an order is a catalogue cart with numeric quantities and prices', async () => {
    await h.sim.customers.send('whatsapp', { ...wa, kind: 'order' });
    const m = waMessage(lastBody());
    expect(m.type).toBe('order');
    expect(m.order.product_items[0]).toEqual({ product_retailer_id: 'SKU-BLUE-M', quantity: 2, item_price: 49.9, currency: 'BRL' });
  });

  it('a number change has no contacts array and names the new wa_id', async () => {
    await h.sim.customers.send('whatsapp', { ...wa, text: 'hello' });
    await h.sim.customers.send('whatsapp', { ...wa, kind: 'system', newPhone: '5511900001111' });
    const body = lastBody();
    expect(body.entry[0].changes[0].value.contacts).toBeUndefined();
    expect(waMessage(body)).toMatchObject({ from: '5511987654321', type: 'system', system: { wa_id: '5511900001111', type: 'user_changed_number' } });
  });
});

describe('Messenger and Instagram', () => {
  it('a standalone referral is a messaging item with no message', async () => {
    await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: '7392015648120394' }, kind: 'referral', referral: { ad_id: '2385', source: 'ADS' } });
    const item = lastBody().entry[0].messaging[0];
    expect(item.message).toBeUndefined();
    expect(item.referral).toEqual({ ref: 'summer-sale', source: 'ADS', type: 'OPEN_THREAD', ad_id: '2385' });
    expect(typeof item.timestamp).toBe('number');
  });

  it('a location is a pin with its coordinates; Instagram has none', async () => {
    await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: '7392015648120394' }, kind: 'location', location: { latitude: 52.52, longitude: 13.405 } });
    const attachment = lastBody().entry[0].messaging[0].message.attachments[0];
    expect(attachment).toMatchObject({ type: 'location', payload: { coordinates: { lat: 52.52, long: 13.405 } } });
    expect(attachment.url).toMatch(/^https:\/\/l\.facebook\.com\//);
    await expect(
      h.sim.customers.send('instagram', { accountId: ACCOUNTS.instagram.accountId, customer: { id: '6841100000000000' }, kind: 'location', location: { latitude: 1, longitude: 2 } } as never),
    ).rejects.toThrow();
  });

  it('a postback with empty text has no title', async () => {
    await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: '7392015648120394' }, kind: 'postback', text: '', payload: 'SIZE_M' });
    expect(lastBody().entry[0].messaging[0].postback).toEqual({ payload: 'SIZE_M', mid: expect.any(String) });
  });
});

describe('TikTok', () => {
  it('a card arrives as an echo in the webhook’s nested shape, within TikTok’s limits', async () => {
    const tk = { accountId: ACCOUNTS.tiktok.accountId, customer: { id: '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD' } };
    await h.sim.customers.send('tiktok', { ...tk, kind: 'card', text: 'How can we help?', buttons: [{ title: 'Track', payload: 'track' }] });
    const envelope = lastBody();
    expect(envelope.event).toBe('im_send_msg');
    expect(JSON.parse(envelope.content as string).template).toEqual({ type: 'qa_button_card', elements: [{ title: 'How can we help?', buttons: [{ text: 'Track', type: 'REPLY', id: 'track' }] }] });
    const four = [1, 2, 3, 4].map((n) => ({ title: `B${n}` }));
    await expect(h.sim.customers.send('tiktok', { ...tk, kind: 'card', buttons: four })).rejects.toThrow(/1 to 3 buttons/);
  });
});
