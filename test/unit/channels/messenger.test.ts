import { describe, expect, it } from 'vitest';
import { messengerWebhook } from '../../../src/channels/messenger/webhook.ts';
import { MalformedWebhookError } from '../../../src/channels/types.ts';
import { describeFixtures, loadFixtures } from '../../helpers/fixtures.ts';

describeFixtures(messengerWebhook, 'messenger');

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

describe('messenger webhook adapter', () => {
  it('is signed with the app secret and answers the hub handshake', () => {
    expect(messengerWebhook.signedWith).toBe('app');
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' };
    expect(messengerWebhook.handshake?.challenge(query, 'tok')).toBe('1158201444');
  });

  it.each([
    ['not JSON', 'object=page&entry='],
    ['a JSON array', '[]'],
    ['a JSON string', '"page"'],
    ['an envelope without entry', '{"object":"page"}'],
    ['entry that is not an array', '{"object":"page","entry":{}}'],
    ['object that is not a string', '{"object":1,"entry":[]}'],
  ])('rejects a body that is %s as malformed', (_name, body) => {
    expect(() => messengerWebhook.normalize(Buffer.from(body), 'application/json')).toThrow(MalformedWebhookError);
  });

  it('returns nothing for an empty batch', () => {
    expect(messengerWebhook.normalize(Buffer.from('{"object":"page","entry":[]}'), 'application/json')).toEqual([]);
  });

  it('never throws for odd values anywhere inside the entries of its fixtures (pitfall 10)', () => {
    for (const [, f] of loadFixtures('messenger')) {
      const body = f.body as Record<string, unknown>;
      for (const entry of mutations(body['entry'])) {
        if (!Array.isArray(entry)) continue;
        const events = messengerWebhook.normalize(Buffer.from(JSON.stringify({ ...body, entry })), 'application/json');
        expect(Array.isArray(events)).toBe(true);
      }
    }
  });
});
