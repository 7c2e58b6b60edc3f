import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PLATFORM_ERROR_FAULTS } from '../../src/simulator/index.ts';
import { ACCOUNTS, basic, call, control, json, startHarness, type Harness } from './helpers.ts';

/**
 * `platform_error` faults: each platform's own refusals on demand, in its own error shape and HTTP
 * status — Meta's Graph envelope, TikTok's HTTP 200 envelope (the Bot API's in its own folder) — and Twilio's delivery codes as an accepted send that fails on its
 * StatusCallback. A code the platform has not is refused when armed.
 */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection

let h: Harness;
let conversation = '';
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());
beforeEach(async () => {
  h.sim.reset();
  h.receiver.requests.length = 0;
  await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: 'psid' }, text: 'hi' });
  await h.sim.customers.send('twilio', { accountId: ACCOUNTS.twilio.accountId, customer: { id: '+5511987654321' }, text: 'hi' });
  const tt = await h.sim.customers.send('tiktok', { accountId: ACCOUNTS.tiktok.accountId, customer: { id: 'user-1' }, text: 'hi' });
  conversation = JSON.parse((tt.payload as Json).content).conversation_id as string;
  h.receiver.requests.length = 0;
});

const messenger = () =>
  call(
    `${h.sim.baseUrls.metaGraph}/v25.0/${ACCOUNTS.messenger.accountId}/messages?access_token=${ACCOUNTS.messenger.accessToken}`,
    json({ recipient: { id: 'psid' }, messaging_type: 'RESPONSE', message: { text: 'x' } }),
  );
const tiktok = () =>
  call(
    `${h.sim.baseUrls.tiktok}/open_api/v1.3/business/message/send/`,
    json(
      { business_id: ACCOUNTS.tiktok.accountId, recipient_type: 'CONVERSATION', recipient: conversation, message_type: 'TEXT', text: { body: 'x' } },
      { 'access-token': ACCOUNTS.tiktok.accessToken },
    ),
  );
const twilioSend = () =>
  call(`${h.sim.baseUrls.twilio}/2010-04-01/Accounts/${ACCOUNTS.twilio.accountId}/Messages.json`, {
    method: 'POST',
    headers: { authorization: basic(ACCOUNTS.twilio.accountId, ACCOUNTS.twilio.accessToken), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: 'whatsapp:+5511987654321', From: ACCOUNTS.twilio.sender, Body: 'x', StatusCallback: `${h.receiver.url}/status` }).toString(),
  });

describe('platform_error faults', () => {
  it('Meta: each refusal in the Graph envelope with its HTTP status, once, then sends pass again', async () => {
    const expected: Record<string, [number, Json]> = {
      '551': [400, { code: 551, error_subcode: 1545041, message: "(#551) This person isn't available right now." }],
      '10': [403, { code: 10, message: '(#10) Application does not have permission for this action' }],
      '10/2018065': [403, { code: 10, error_subcode: 2018065, message: expect.stringMatching(/^\(#10\) This message is sent outside of allowed window/) }],
      '200/2018028': [403, { code: 200, error_subcode: 2018028 }],
      '2/2018344': [400, { code: 2, error_subcode: 2018344, is_transient: false, error_user_title: 'Privacy ToS not accepted' }],
      '368': [400, { code: 368 }],
    };
    for (const [code, [status, error]] of Object.entries(expected)) {
      h.sim.faults.set({ platform: 'messenger', kind: 'platform_error', code });
      const refused = await messenger();
      expect(refused.status, code).toBe(status);
      expect((refused.body as Json).error, code).toMatchObject({ ...error, type: 'OAuthException', fbtrace_id: expect.any(String) });
    }
    expect((await messenger()).status).toBe(200);
  });

  it('TikTok: 40001 in its HTTP 200 envelope', async () => {
    h.sim.faults.set({ platform: 'tiktok', kind: 'platform_error', code: '40001' });
    const refused = await tiktok();
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ code: 40001, message: `No permission to operate business_id ${ACCOUNTS.tiktok.accountId}.`, request_id: expect.any(String) });
    expect(((await tiktok()).body as Json).code).toBe(0);
  });

  it('Twilio: accepted (201 queued), then sent, then undelivered with the code on the StatusCallback and the message resource', async () => {
    h.sim.faults.set({ platform: 'twilio', kind: 'platform_error', code: '30007' });
    const accepted = await twilioSend();
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ status: 'queued', error_code: null });
    await h.receiver.waitFor((r) => r.url === '/status' && r.body.toString().includes('MessageStatus=undelivered'));
    const statuses = h.receiver.requests.filter((r) => r.url === '/status').map((r) => Object.fromEntries(new URLSearchParams(r.body.toString())));
    expect(statuses.map((s) => s.MessageStatus)).toEqual(['sent', 'undelivered']);
    expect(statuses[1]).toMatchObject({ ErrorCode: '30007', ChannelStatusMessage: 'Message filtered' });
    const sid = (accepted.body as Json).sid as string;
    const resource = await call(`${h.sim.baseUrls.twilio}/2010-04-01/Accounts/${ACCOUNTS.twilio.accountId}/Messages/${sid}.json`, {
      headers: { authorization: basic(ACCOUNTS.twilio.accountId, ACCOUNTS.twilio.accessToken) },
    });
    expect(resource.body).toMatchObject({ status: 'undelivered', error_code: 30007, error_message: 'Message filtered' });
  });

  it('arms only codes the platform has, over the control API too', async () => {
    expect(() => h.sim.faults.set({ platform: 'messenger', kind: 'platform_error', code: '30007' })).toThrow(/one of 551/);
    expect(() => h.sim.faults.set({ platform: 'twilio', kind: 'platform_error' })).toThrow(/needs a code/);
    const refused = await control(h.sim, '/_sim/faults', json({ platform: 'tiktok', kind: 'platform_error', code: '99999' }));
    expect(refused.status).toBe(400);
    const armed = await control(h.sim, '/_sim/faults', json({ platform: 'tiktok', kind: 'platform_error', code: '40001' }));
    expect(armed.status).toBe(200);
    expect((armed.body as Json).fault).toMatchObject({ kind: 'platform_error', code: '40001' });
    expect(PLATFORM_ERROR_FAULTS.twilio).toEqual(['30003', '30005', '30006', '30007', '30008']);
  });
});
