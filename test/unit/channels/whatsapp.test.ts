import { describe, expect, it } from 'vitest';
import { MalformedWebhookError } from '../../../src/channels/types.ts';
import { whatsappWebhook } from '../../../src/channels/whatsapp/webhook.ts';
import { describeFixtures } from '../../helpers/fixtures.ts';

describeFixtures(whatsappWebhook);

describe('whatsapp webhook adapter', () => {
  it('is signed with the app secret and answers the hub handshake', () => {
    expect(whatsappWebhook.signedWith).toBe('app');
    const query = { 'hub.mode': 'subscribe', 'hub.verify_token': 'wa-token', 'hub.challenge': '987' };
    expect(whatsappWebhook.handshake?.(query, 'wa-token')).toBe('987');
    expect(whatsappWebhook.handshake?.(query, undefined)).toBeNull();
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
});
