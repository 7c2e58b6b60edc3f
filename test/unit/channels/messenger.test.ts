import { describe, expect, it } from 'vitest';
import { messengerWebhook } from '../../../src/channels/messenger/webhook.ts';
import { MalformedWebhookError } from '../../../src/channels/types.ts';
import { describeFixtures } from '../../helpers/fixtures.ts';

describeFixtures(messengerWebhook);

describe('messenger webhook adapter', () => {
  it('is signed with the app secret and answers the hub handshake', () => {
    expect(messengerWebhook.signedWith).toBe('app');
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '1158201444' };
    expect(messengerWebhook.handshake?.(query, 'tok')).toBe('1158201444');
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
});
