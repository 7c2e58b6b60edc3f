import { describe, expect, it } from 'vitest';
import { MalformedWebhookError } from '../../../src/channels/types.ts';
import { whatsappWebhook } from '../../../src/channels/whatsapp/webhook.ts';
import { describeFixtures, loadFixtures } from '../../helpers/fixtures.ts';

describeFixtures(whatsappWebhook, 'whatsapp');

/** Every value inside a fixture's entries replaced by an odd one, or removed, one at a time. */
function* mutations(value: unknown): Generator<unknown> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) for (const m of mutations(item)) yield value.map((x, j) => (j === i ? m : x));
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      for (const m of mutations(record[key])) yield { ...record, [key]: m };
      const { [key]: _removed, ...rest } = record;
      yield rest;
    }
  }
  yield* [null, 0, 'x', [], {}, true];
}

describe('whatsapp webhook adapter', () => {
  it('is signed with the app secret and answers the hub handshake', () => {
    expect(whatsappWebhook.signedWith).toBe('app');
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'wa-token', 'hub.challenge': '987' };
    expect(whatsappWebhook.handshake?.challenge(query, 'wa-token')).toBe('987');
    expect(whatsappWebhook.handshake?.challenge(query, undefined)).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'hub.mode=subscribe'],
    ['a number', '7'],
    ['without entry', '{"object":"whatsapp_business_account"}'],
  ])('rejects a body that is %s as malformed', (_name, body) => {
    expect(() => whatsappWebhook.normalize(Buffer.from(body), 'application/json')).toThrow(MalformedWebhookError);
  });

  it('turns unix-second string timestamps into epoch milliseconds', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: '2' }, statuses: [{ id: 'wamid.A', status: 'sent', timestamp: '1700000000' }] } }] }],
    };
    const [event] = whatsappWebhook.normalize(Buffer.from(JSON.stringify(body)), 'application/json');
    expect(event).toMatchObject({ kind: 'status', timestamp: 1_700_000_000_000 });
  });

  it('never throws for odd values anywhere inside the entries of its fixtures (pitfall 10)', () => {
    for (const [, f] of loadFixtures('whatsapp')) {
      const body = f.body as Record<string, unknown>;
      for (const entry of mutations(body['entry'])) {
        if (!Array.isArray(entry)) continue;
        const events = whatsappWebhook.normalize(Buffer.from(JSON.stringify({ ...body, entry })), 'application/json');
        expect(Array.isArray(events)).toBe(true);
      }
    }
  });
});
