import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchProfile, markSeen, messengerApi } from '../../../src/channels/messenger/api.ts';
import type { PlatformCallContext, SendResult } from '../../../src/channels/types.ts';
import { callContext, deadUrl, startFakePlatform, type FakePlatform, type Reply } from './fake-platform-server.ts';

const PAGE_ID = '104857600112233';
const PSID = '7392015648120394';
const TOKEN = 'EAAG-page-token-secret';

let graph: FakePlatform;
let call: PlatformCallContext;

beforeAll(async () => {
  graph = await startFakePlatform();
  call = callContext({ platform: 'messenger', pageAccessToken: TOKEN }, PAGE_ID, { metaGraph: graph.url });
});
afterAll(() => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
});

const sent = (mid: string): Reply => ({ json: { recipient_id: PSID, message_id: mid } });
const graphError = (status: number, error: Record<string, unknown>, headers?: Record<string, string>): Reply => ({
  status,
  json: { error: { type: 'OAuthException', fbtrace_id: 'AbCdEfGh123', ...error } },
  ...(headers && { headers }),
});

function failure(result: SendResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.failure)).not.toContain(TOKEN);
  return result.failure;
}

describe('messengerApi.send', () => {
  it('sends text as a RESPONSE to /{PAGE_ID}/messages with the page token as access_token', async () => {
    graph.reply(sent('m_AG5Hz2U'));
    const result = await messengerApi.send(call, { recipientId: PSID, text: 'Hello!' });
    expect(result).toEqual({ ok: true, externalId: 'm_AG5Hz2U' });
    const [req] = graph.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe(`/v25.0/${PAGE_ID}/messages`);
    expect(req?.query.get('access_token')).toBe(TOKEN);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.json()).toEqual({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'Hello!' } });
  });

  it('sends with MESSAGE_TAG + HUMAN_AGENT when the agent tags the message, and quotes with reply_to', async () => {
    graph.reply(sent('m_2'));
    await messengerApi.send(call, { recipientId: PSID, text: 'Sorry for the delay', tag: 'HUMAN_AGENT', replyToExternalId: 'm_orig' });
    expect(graph.requests[0]?.json()).toEqual({
      recipient: { id: PSID },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      reply_to: { mid: 'm_orig' },
      message: { text: 'Sorry for the delay' },
    });
  });

  it.each(['image', 'video', 'audio', 'file'] as const)('sends a %s attachment by URL', async (type) => {
    graph.reply(sent('m_att'));
    const result = await messengerApi.send(call, { recipientId: PSID, media: { type, url: 'https://snorq.example/m/a', mimeType: 'application/octet-stream' } });
    expect(result).toEqual({ ok: true, externalId: 'm_att' });
    expect(graph.requests[0]?.json()).toEqual({
      recipient: { id: PSID },
      messaging_type: 'RESPONSE',
      message: { attachment: { type, payload: { url: 'https://snorq.example/m/a' } } },
    });
  });

  it('sends an attachment with text as two messages, attachment first, and reports both ids', async () => {
    graph.reply(sent('m_img'), sent('m_txt'));
    const result = await messengerApi.send(call, {
      recipientId: PSID,
      text: 'Blue, size M',
      replyToExternalId: 'm_q',
      media: { type: 'image', url: 'https://snorq.example/m/b.jpg', mimeType: 'image/jpeg' },
    });
    expect(result).toEqual({ ok: true, externalId: 'm_txt', extraExternalIds: ['m_img'] });
    const [first, second] = graph.requests.map((r) => r.json() as Record<string, unknown>);
    expect(first?.message).toEqual({ attachment: { type: 'image', payload: { url: 'https://snorq.example/m/b.jpg' } } });
    expect(first?.reply_to).toEqual({ mid: 'm_q' });
    expect(second?.message).toEqual({ text: 'Blue, size M' });
    expect(second?.reply_to).toBeUndefined();
  });

  it('makes a failure after a part went out final, so a retry never sends the attachment twice', async () => {
    graph.reply(sent('m_img'), { status: 503, body: 'upstream down' });
    const f = failure(await messengerApi.send(call, { recipientId: PSID, text: 'caption', media: { type: 'image', url: 'https://x/a.jpg', mimeType: 'image/jpeg' } }));
    expect(f).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: false });
    expect(f.reason).toMatch(/attachment was sent, but the text was not/);
  });

  it('refuses text over 2000 characters without calling Meta (src/text/text-limits.ts: an emoji is one)', async () => {
    const f = failure(await messengerApi.send(call, { recipientId: PSID, text: '😀'.repeat(2001) }));
    expect(f).toMatchObject({ code: 'MESSAGE_TOO_LONG', retryable: false });
    expect(graph.requests).toHaveLength(0);
    graph.reply(sent('m_ok'));
    expect((await messengerApi.send(call, { recipientId: PSID, text: '😀'.repeat(2000) })).ok).toBe(true);
  });

  it('throws on a programmer error: wrong credentials, or nothing to send', async () => {
    const wrong = { ...call, credentials: { platform: 'whatsapp' as const, accessToken: 'x' } };
    await expect(messengerApi.send(wrong, { recipientId: PSID, text: 'hi' })).rejects.toThrow(/whatsapp credentials/);
    await expect(messengerApi.send(call, { recipientId: PSID })).rejects.toThrow(/text or media/);
  });
});

describe('Graph errors → PlatformFailure (FACTS 1.4, 2.3)', () => {
  it.each([
    ['190 token', graphError(401, { code: 190, message: 'Error validating access token' }), { code: 'TOKEN_EXPIRED', retryable: false, tokenInvalid: true, platformCode: '190' }],
    ['4 app throttle', graphError(400, { code: 4 }), { code: 'RATE_LIMITED', retryable: true, platformCode: '4' }],
    ['17 user throttle', graphError(400, { code: 17 }), { code: 'RATE_LIMITED', retryable: true }],
    ['32 pages throttle', graphError(400, { code: 32 }), { code: 'RATE_LIMITED', retryable: true }],
    ['613 send api', graphError(400, { code: 613 }), { code: 'RATE_LIMITED', retryable: true }],
    ['80001 BUC pages', graphError(400, { code: 80001 }), { code: 'RATE_LIMITED', retryable: true }],
    ['80006 BUC messenger', graphError(400, { code: 80006 }), { code: 'RATE_LIMITED', retryable: true }],
    [
      '10/2018278 window',
      graphError(400, { code: 10, error_subcode: 2018278, message: '(#10) This message is sent outside of allowed window.' }),
      { code: 'WINDOW_CLOSED', retryable: false, platformCode: '10/2018278' },
    ],
    ['10 window without subcode', graphError(400, { code: 10, message: '(#10) This message is sent outside of allowed window.' }), { code: 'WINDOW_CLOSED', retryable: false }],
    ['551/1545041 unavailable', graphError(400, { code: 551, error_subcode: 1545041 }), { code: 'RECIPIENT_BLOCKED', retryable: false, platformCode: '551/1545041' }],
    ['100/2018001 no matching user', graphError(400, { code: 100, error_subcode: 2018001, message: '(#100) No matching user found' }), { code: 'INVALID_RECIPIENT', retryable: false }],
    // Meta's send-API error table: 10/2018065 and 10/2018108 say "This message is sent outside of allowed window"; as 200/2018108 (FACTS 2.3) the app is not live for this person.
    [
      '10/2018065 window',
      graphError(400, {
        code: 10,
        error_subcode: 2018065,
        type: 'OAuthException',
        message: '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview',
      }),
      { code: 'WINDOW_CLOSED', retryable: false, platformCode: '10/2018065' },
    ],
    [
      '10/2018108 window without the permission for it',
      graphError(400, {
        code: 10,
        error_subcode: 2018108,
        type: 'OAuthException',
        message: '(#10) This message is sent outside of allowed window. You need News Messaging permission to be able to send this message.',
      }),
      { code: 'WINDOW_CLOSED', retryable: false, platformCode: '10/2018108' },
    ],
    ['200/2018108 not a tester', graphError(403, { code: 200, error_subcode: 2018108 }), { code: 'PERMISSION_MISSING', retryable: false, platformCode: '200/2018108' }],
    [
      '200/2018028 app not live',
      graphError(400, {
        code: 200,
        error_subcode: 2018028,
        message: '(#200) Cannot message users who are not admins, developers or testers of the app until pages_messaging permission is reviewed and the app is live.',
      }),
      { code: 'PERMISSION_MISSING', retryable: false },
    ],
    [
      '10 in other words',
      graphError(400, { code: 10, message: '(#10) The access token must be at least 24 hours old to be refreshed.' }),
      { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false, platformCode: '10' },
    ],
    [
      '10 plain permission',
      graphError(400, { code: 10, type: 'OAuthException', message: '(#10) Application does not have permission for this action' }),
      { code: 'PERMISSION_MISSING', retryable: false, platformCode: '10' },
    ],
    [
      '200 permission',
      graphError(400, { code: 200, type: 'OAuthException', message: '(#200) Requires pages_messaging permission to manage the object' }),
      { code: 'PERMISSION_MISSING', retryable: false, platformCode: '200' },
    ],
    [
      '230 permission',
      graphError(400, { code: 230, type: 'OAuthException', message: '(#230) Requires pages_messaging permission to manage the object' }),
      { code: 'PERMISSION_MISSING', retryable: false },
    ],
    [
      '200/1545041 unavailable',
      graphError(400, { code: 200, error_subcode: 1545041, message: '(#200) Message Not Sent: This person isn’t available right now.' }),
      { code: 'RECIPIENT_BLOCKED', retryable: false },
    ],
    ['2 temporary', graphError(500, { code: 2, message: 'Service temporarily unavailable' }), { code: 'PLATFORM_UNAVAILABLE', retryable: true }],
    ['1 unknown', graphError(500, { code: 1 }), { code: 'PLATFORM_UNAVAILABLE', retryable: true }],
    [
      '2/2018344 privacy terms',
      graphError(400, { code: 2, error_subcode: 2018344, message: 'Service temporarily unavailable', is_transient: false }),
      { code: 'ACCOUNT_RESTRICTED', retryable: false, platformCode: '2/2018344' },
    ],
    ['10/1893063 page restricted', graphError(400, { code: 10, error_subcode: 1893063, message: 'Page temporarily restricted' }), { code: 'ACCOUNT_RESTRICTED', retryable: false }],
    [
      '368 policy block',
      graphError(400, { code: 368, message: 'The action attempted has been deemed abusive or is otherwise disallowed' }),
      { code: 'ACCOUNT_RESTRICTED', retryable: false, platformCode: '368' },
    ],
    ['100 dead tag', graphError(400, { code: 100, message: '(#100) Tag ACCOUNT_UPDATE is no longer supported' }), { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false, platformCode: '100' }],
    ['503 without JSON', { status: 503, body: '<html>Service Unavailable</html>' }, { code: 'PLATFORM_UNAVAILABLE', retryable: true, platformCode: 'http_503' }],
    ['429 without JSON', { status: 429, body: '' }, { code: 'RATE_LIMITED', retryable: true, platformCode: 'http_429' }],
    ['401 without JSON', { status: 401, body: 'Unauthorized' }, { code: 'TOKEN_EXPIRED', tokenInvalid: true, retryable: false }],
    ['403 without JSON (a proxy, not Meta)', { status: 403, body: 'Forbidden' }, { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false, platformCode: 'http_403' }],
    ['200 without message_id', { json: { recipient_id: PSID } }, { code: 'UNKNOWN_PLATFORM_ERROR', retryable: false }],
  ] satisfies [string, Reply, Record<string, unknown>][])('%s', async (_name, reply, expected) => {
    graph.reply(reply);
    const f = failure(await messengerApi.send(call, { recipientId: PSID, text: 'hi' }));
    expect(f).toMatchObject(expected);
    expect(f.reason.length).toBeGreaterThan(10);
  });

  it('keeps the platform message for an unknown error so the agent can read it', async () => {
    graph.reply(graphError(400, { code: 100, message: '(#100) Tag ACCOUNT_UPDATE is no longer supported' }));
    expect(failure(await messengerApi.send(call, { recipientId: PSID, text: 'hi' })).reason).toContain('ACCOUNT_UPDATE is no longer supported');
  });

  it('takes retryAfterMs from Retry-After, else from X-Business-Use-Case-Usage estimated_time_to_regain_access (minutes)', async () => {
    graph.reply(graphError(429, { code: 4 }, { 'retry-after': '30' }));
    expect(failure(await messengerApi.send(call, { recipientId: PSID, text: 'hi' })).retryAfterMs).toBe(30_000);
    const buc = { [PAGE_ID]: [{ type: 'messenger', call_count: 100, total_cputime: 20, total_time: 30, estimated_time_to_regain_access: 5 }] };
    graph.reply(graphError(400, { code: 80006 }, { 'x-business-use-case-usage': JSON.stringify(buc) }));
    expect(failure(await messengerApi.send(call, { recipientId: PSID, text: 'hi' })).retryAfterMs).toBe(300_000);
  });

  it('maps a platform that never answers to a timeout that may have delivered the message', async () => {
    graph.reply({ hang: true });
    const f = failure(await messengerApi.send({ ...call, timeoutMs: 150 }, { recipientId: PSID, text: 'hi' }));
    expect(f).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true, platformCode: 'timeout', maybeDelivered: true });
  });

  it('maps a refused connection to a retryable network failure', async () => {
    const down = { ...call, urls: { ...call.urls, metaGraph: await deadUrl() } };
    const f = failure(await messengerApi.send(down, { recipientId: PSID, text: 'hi' }));
    expect(f).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true, platformCode: 'network' });
    // a refused connection proves nothing was sent: safe to retry
    expect(f.maybeDelivered).toBeUndefined();
  });
});

describe('markSeen and fetchProfile', () => {
  it('marks seen with a mark_seen sender action', async () => {
    graph.reply({ json: { recipient_id: PSID } });
    expect(await markSeen(call, PSID)).toEqual({ ok: true });
    const [req] = graph.requests;
    expect(req?.path).toBe(`/v25.0/${PAGE_ID}/messages`);
    expect(req?.query.get('access_token')).toBe(TOKEN);
    expect(req?.json()).toEqual({ recipient: { id: PSID }, sender_action: 'mark_seen' });
  });

  it('reads name and picture from the User Profile API', async () => {
    graph.reply({ json: { first_name: 'Ana', last_name: 'Souza', profile_pic: 'https://scontent.fbcdn.net/p.jpg', id: PSID } });
    expect(await fetchProfile(call, PSID)).toEqual({ ok: true, value: { displayName: 'Ana Souza', avatarUrl: 'https://scontent.fbcdn.net/p.jpg' } });
    const [req] = graph.requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe(`/v25.0/${PSID}`);
    expect(req?.query.get('fields')).toBe('first_name,last_name,profile_pic');
    expect(req?.query.get('access_token')).toBe(TOKEN);
  });

  it('returns an empty profile when the person has not granted profile access, and failures as values', async () => {
    graph.reply({ json: { id: PSID } }, graphError(400, { code: 190 }));
    expect(await fetchProfile(call, PSID)).toEqual({ ok: true, value: {} });
    expect(await fetchProfile(call, PSID)).toMatchObject({ ok: false, failure: { code: 'TOKEN_EXPIRED' } });
  });
});
