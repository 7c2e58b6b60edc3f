import { describe, expect, it } from 'vitest';
import { instagramWebhook } from '../../../src/channels/instagram/webhook.ts';
import { MalformedWebhookError } from '../../../src/channels/types.ts';
import { describeFixtures, loadFixtures } from '../../helpers/fixtures.ts';

describeFixtures(instagramWebhook, 'instagram');

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

describe('instagram webhook adapter', () => {
  it('is signed with the app secret and answers the hub handshake', () => {
    expect(instagramWebhook.signedWith).toBe('app');
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '42' };
    expect(instagramWebhook.handshake?.challenge(query, 'tok')).toBe('42');
    expect(instagramWebhook.handshake?.challenge(query, 'other')).toBeNull();
  });

  it.each([
    ['not JSON', '{"object":"instagram",'],
    ['null', 'null'],
    ['without object', '{"entry":[]}'],
  ])('rejects a body that is %s as malformed', (_name, body) => {
    expect(() => instagramWebhook.normalize(Buffer.from(body), 'application/json')).toThrow(MalformedWebhookError);
  });

  it('reads a WhatsApp body sent to the Instagram endpoint as one unknown event', () => {
    const body = { object: 'whatsapp_business_account', entry: [] };
    expect(instagramWebhook.normalize(Buffer.from(JSON.stringify(body)), 'application/json')).toEqual([
      { kind: 'unknown', reason: 'instagram: unexpected object "whatsapp_business_account"', raw: body },
    ]);
  });

  it('never throws for odd values anywhere inside the entries of its fixtures (pitfall 10)', () => {
    for (const [, f] of loadFixtures('instagram')) {
      const body = f.body as Record<string, unknown>;
      for (const entry of mutations(body['entry'])) {
        if (!Array.isArray(entry)) continue;
        const events = instagramWebhook.normalize(Buffer.from(JSON.stringify({ ...body, entry })), 'application/json');
        expect(Array.isArray(events)).toBe(true);
      }
    }
  });
});
