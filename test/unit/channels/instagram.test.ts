import { describe, expect, it } from 'vitest';
import { instagramWebhook } from '../../../src/channels/instagram/webhook.ts';
import { MalformedWebhookError } from '../../../src/channels/types.ts';
import { describeFixtures } from '../../helpers/fixtures.ts';

describeFixtures(instagramWebhook);

describe('instagram webhook adapter', () => {
  it('is signed with the app secret and answers the hub handshake', () => {
    expect(instagramWebhook.signedWith).toBe('app');
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'tok', 'hub.challenge': '42' };
    expect(instagramWebhook.handshake?.(query, 'tok')).toBe('42');
    expect(instagramWebhook.handshake?.(query, 'other')).toBeNull();
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
});
