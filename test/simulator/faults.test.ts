import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, basic, call, control, json, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ hangMs: 2000 });
});
afterAll(async () => h.close());
beforeEach(async () => {
  h.sim.reset();
  h.receiver.requests.length = 0;
  await h.sim.customers.send('messenger', { accountId: ACCOUNTS.messenger.accountId, customer: { id: 'psid' }, text: 'hi' });
  await h.sim.customers.send('whatsapp', { accountId: ACCOUNTS.whatsapp.accountId, customer: { id: '5511987654321' }, text: 'hi' });
  await h.sim.customers.send('twilio', { accountId: ACCOUNTS.twilio.accountId, customer: { id: '+5511987654321' }, text: 'hi' });
  const tt = await h.sim.customers.send('tiktok', { accountId: ACCOUNTS.tiktok.accountId, customer: { id: 'user-1' }, text: 'hi' });
  conversation = JSON.parse((tt.payload as Json).content).conversation_id as string;
  h.receiver.requests.length = 0;
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
let conversation = '';
const messenger = (): ReturnType<typeof call> =>
  call(
    `${h.sim.baseUrls.metaGraph}/v25.0/${ACCOUNTS.messenger.accountId}/messages?access_token=${ACCOUNTS.messenger.accessToken}`,
    json({ recipient: { id: 'psid' }, messaging_type: 'RESPONSE', message: { text: 'x' } }),
  );
const whatsapp = (): ReturnType<typeof call> =>
  call(
    `${h.sim.baseUrls.metaGraph}/v25.0/${ACCOUNTS.whatsapp.accountId}/messages`,
    json({ messaging_product: 'whatsapp', to: '5511987654321', type: 'text', text: { body: 'x' } }, { authorization: `Bearer ${ACCOUNTS.whatsapp.accessToken}` }),
  );
const twilioSend = (): ReturnType<typeof call> =>
  call(`${h.sim.baseUrls.twilio}/2010-04-01/Accounts/${ACCOUNTS.twilio.accountId}/Messages.json`, {
    method: 'POST',
    headers: { authorization: basic(ACCOUNTS.twilio.accountId, ACCOUNTS.twilio.accessToken), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ To: 'whatsapp:+5511987654321', From: ACCOUNTS.twilio.sender, Body: 'x', StatusCallback: `${h.receiver.url}/status` }).toString(),
  });
const tiktok = (): ReturnType<typeof call> =>
  call(
    `${h.sim.baseUrls.tiktok}/open_api/v1.3/business/message/send/`,
    json(
      { business_id: ACCOUNTS.tiktok.accountId, recipient_type: 'CONVERSATION', recipient: conversation, message_type: 'TEXT', text: { body: 'x' } },
      { 'access-token': ACCOUNTS.tiktok.accessToken },
    ),
  );

describe('faults', () => {
  it('rate_limit fails the next `times` calls in each platform’s own way, then clears itself', async () => {
    h.sim.faults.set({ platform: 'messenger', kind: 'rate_limit', times: 2, retryAfterSeconds: 120 });
    const first = await messenger();
    expect(first.status).toBe(400);
    expect((first.body as Json).error).toMatchObject({ code: 613, type: 'OAuthException' });
    const usage = JSON.parse(first.headers.get('x-business-use-case-usage') ?? '{}') as Json;
    expect(usage[ACCOUNTS.messenger.accountId][0].estimated_time_to_regain_access).toBe(2);
    expect((await messenger()).status).toBe(400);
    expect((await messenger()).status).toBe(200);
    expect(h.sim.faults.list()).toEqual([]);

    h.sim.faults.set({ platform: 'whatsapp', kind: 'rate_limit' });
    expect(((await whatsapp()).body as Json).error.code).toBe(130429);
    h.sim.faults.set({ platform: 'twilio', kind: 'rate_limit', retryAfterSeconds: 3 });
    const tw = await twilioSend();
    expect(tw.status).toBe(429);
    expect(tw.headers.get('retry-after')).toBe('3');
    expect(tw.body).toMatchObject({ code: 20429, status: 429 });
    h.sim.faults.set({ platform: 'tiktok', kind: 'rate_limit' });
    const tt = await tiktok();
    expect(tt.status).toBe(200);
    expect((tt.body as Json).code).toBe(40100);
    expect(h.sim.recorded.list({ platform: 'tiktok' }).at(-1)?.fault).toBe('rate_limit');
  });

  it('server_error and token_expired', async () => {
    h.sim.faults.set({ platform: 'messenger', kind: 'server_error' });
    const m = await messenger();
    expect(m.status).toBe(500);
    expect((m.body as Json).error).toMatchObject({ code: 2, is_transient: true });
    h.sim.faults.set({ platform: 'whatsapp', kind: 'token_expired' });
    const w = await whatsapp();
    expect(w.status).toBe(401);
    expect((w.body as Json).error).toMatchObject({ code: 190, error_subcode: 463 });
    h.sim.faults.set({ platform: 'twilio', kind: 'token_expired' });
    expect((await twilioSend()).body).toMatchObject({ code: 20003, status: 401 });
    h.sim.faults.set({ platform: 'tiktok', kind: 'token_expired' });
    expect(((await tiktok()).body as Json).code).toBe(40105);
    h.sim.faults.set({ platform: 'tiktok', kind: 'server_error' });
    expect(((await tiktok()).body as Json).code).toBe(51065);
  });

  it('window_closed: sync error on Messenger/TikTok, async failure on WhatsApp/Twilio', async () => {
    for (const platform of ['messenger', 'whatsapp', 'twilio', 'tiktok'] as const) h.sim.faults.set({ platform, kind: 'window_closed' });
    expect(((await messenger()).body as Json).error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect(((await tiktok()).body as Json).code).toBe(40064);
    const wa = await whatsapp();
    expect(wa.status).toBe(200);
    const tw = await twilioSend();
    expect(tw.status).toBe(201);
    await h.receiver.waitFor((r) => r.url === '/status');
    await h.receiver.waitFor((r) => r.body.toString().includes('131047'));
    expect(Object.fromEntries(new URLSearchParams(h.receiver.requests.find((r) => r.url === '/status')?.body.toString()))).toMatchObject({ MessageStatus: 'undelivered', ErrorCode: '63016' });
    expect((await messenger()).status).toBe(200);
  });

  it('window_closed waits for a send: other calls pass it by', async () => {
    h.sim.faults.set({ platform: 'messenger', kind: 'window_closed' });
    const profile = await call(`${h.sim.baseUrls.metaGraph}/v25.0/psid?access_token=${ACCOUNTS.messenger.accessToken}`);
    expect(profile.status).toBe(200);
    expect(h.sim.faults.list()).toHaveLength(1);
  });

  it('timeout holds the request past the client timeout, then drops it', async () => {
    h.sim.faults.set({ platform: 'messenger', kind: 'timeout' });
    // The client gave up (its own timeout fired): the simulator neither answered nor hung up first,
    // either of which fails the fetch otherwise (a TypeError), whatever the machine's speed.
    await expect(
      fetch(`${h.sim.baseUrls.metaGraph}/v25.0/me/messages?access_token=${ACCOUNTS.messenger.accessToken}`, {
        ...json({ recipient: { id: 'psid' }, message: { text: 'x' } }),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(h.sim.recorded.last({ platform: 'messenger' })?.status).toBeUndefined();
    expect((await messenger()).status).toBe(200);
  });

  it('is armed and cleared over HTTP: POST/GET/DELETE /_sim/faults', async () => {
    const set = await control(h.sim, '/_sim/faults', json({ platform: 'twilio', kind: 'server_error', times: 3 }));
    expect(set.body).toMatchObject({ fault: { platform: 'twilio', kind: 'server_error', times: 3 } });
    expect(((await control(h.sim, '/_sim/faults')).body as Json).faults).toHaveLength(1);
    expect((await twilioSend()).status).toBe(500);
    await control(h.sim, '/_sim/faults', { method: 'DELETE' });
    expect((await twilioSend()).status).toBe(201);
    expect((await control(h.sim, '/_sim/faults', json({ platform: 'nope', kind: 'x' }))).status).toBe(400);
    const calls = await control(h.sim, '/_sim/calls?platform=twilio');
    expect(((calls.body as Json).calls as Json[]).map((c) => c.status)).toEqual([500, 201]);
  });
});
