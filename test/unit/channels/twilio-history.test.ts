import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchHistory } from '../../../src/channels/twilio/history.ts';
import type { PlatformCallContext } from '../../../src/channels/types.ts';
import { callContext, startFakePlatform, type FakePlatform, type RecordedRequest, type Reply } from './fake-platform-server.ts';

const SID = 'AC00000000000000000000000000000000';
const AUTH_TOKEN = 'twilio-auth-token-secret';
const SENDER = 'whatsapp:+15550001111';
const CUSTOMER = 'whatsapp:+5511987654321';
const LIST = `/2010-04-01/Accounts/${SID}/Messages.json`;

let twilio: FakePlatform;
let call: PlatformCallContext;

beforeAll(async () => {
  twilio = await startFakePlatform();
  call = callContext({ platform: 'twilio', accountSid: SID, authToken: AUTH_TOKEN }, `${SID}:${SENDER}`, { twilio: twilio.url });
});
afterAll(async () => twilio.close());
beforeEach(() => {
  twilio.requests.length = 0;
});

/** A Message resource as Twilio lists it (FACTS 5.5, 5.8). */
const resource = (sid: string, from: string, to: string, extra: Record<string, unknown> = {}) => ({
  account_sid: SID,
  sid,
  from,
  to,
  body: `body of ${sid}`,
  direction: to === SENDER ? 'inbound' : 'outbound-api',
  status: to === SENDER ? 'received' : 'delivered',
  date_created: 'Sat, 21 Nov 2026 10:00:00 +0000',
  date_sent: 'Sat, 21 Nov 2026 10:00:01 +0000',
  num_media: '0',
  ...extra,
});
const page = (messages: unknown[], next: string | null = null): Reply => ({ json: { messages, next_page_uri: next, page: 0, page_size: 50 } });

/** Answers the two filtered lists (To=sender, From=sender) and the Media.json lookups. */
function serve(lists: { to: Reply[]; from: Reply[] }, media: Record<string, unknown[]> = {}) {
  twilio.fallback((req: RecordedRequest) => {
    if (req.path === LIST) return (req.query.has('To') ? lists.to : lists.from).shift() ?? page([]);
    const sid = /Messages\/(\w+)\/Media\.json$/.exec(req.path)?.[1];
    if (sid && media[sid]) return { json: { media_list: media[sid] } };
    return { status: 404, json: { code: 20404, message: 'not found', status: 404 } };
  });
}

describe('Twilio history (Message list, FACTS 5.8)', () => {
  it('reads To=sender and From=sender with Basic auth and DateSent>, and keeps only this sender’s WhatsApp messages', async () => {
    serve({
      to: [page([resource('SM_in', CUSTOMER, SENDER), resource('SM_sms', '+15559990000', SENDER)])],
      from: [page([resource('SM_out', SENDER, CUSTOMER), resource('SM_failed', SENDER, CUSTOMER, { status: 'undelivered' }), resource('SM_other', 'whatsapp:+15550002222', CUSTOMER)])],
    });
    const result = await fetchHistory(call, { since: new Date('2026-11-21T09:50:00.123Z') });
    if (!result.ok) throw new Error(result.failure.reason);
    expect(result.events).toEqual([
      {
        kind: 'message',
        accountId: `${SID}:${SENDER}`,
        externalId: 'SM_in',
        direction: 'inbound',
        contact: { platformUserId: CUSTOMER, phone: '+5511987654321' },
        timestamp: Date.parse('2026-11-21T10:00:01Z'),
        contentType: 'text',
        text: 'body of SM_in',
      },
      {
        kind: 'message',
        accountId: `${SID}:${SENDER}`,
        externalId: 'SM_out',
        direction: 'outbound',
        contact: { platformUserId: CUSTOMER, phone: '+5511987654321' },
        timestamp: Date.parse('2026-11-21T10:00:01Z'),
        contentType: 'text',
        text: 'body of SM_out',
      },
    ]);
    const [to, from] = twilio.requests;
    expect(to?.headers.authorization).toBe(`Basic ${Buffer.from(`${SID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(Object.fromEntries(to!.query)).toEqual({ To: SENDER, PageSize: '100', 'DateSent>': '2026-11-21T09:50:00Z' });
    expect(Object.fromEntries(from!.query)).toMatchObject({ From: SENDER });
  });

  it('follows next_page_uri up to the limit', async () => {
    const next = `${LIST}?To=${encodeURIComponent(SENDER)}&PageSize=2&Page=1&PageToken=PASM1`;
    serve({
      to: [page([resource('SM_1', CUSTOMER, SENDER), resource('SM_2', CUSTOMER, SENDER)], next), page([resource('SM_3', CUSTOMER, SENDER), resource('SM_4', CUSTOMER, SENDER)], next)],
      from: [],
    });
    const result = await fetchHistory(call, { limit: 3 });
    expect(result.ok && result.events.map((e) => e.externalId)).toEqual(['SM_1', 'SM_2', 'SM_3']);
    expect(twilio.requests.filter((r) => r.query.has('To')).map((r) => r.query.get('Page'))).toEqual([null, '1']);
  });

  it('looks media up with Media.json and gives the same media URLs the webhook’s MediaUrlN would', async () => {
    serve(
      { to: [page([resource('MM_img', CUSTOMER, SENDER, { body: '', num_media: '1' }), resource('MM_gone', CUSTOMER, SENDER, { body: '', num_media: '1' })])], from: [] },
      { MM_img: [{ sid: 'ME_1', content_type: 'image/jpeg', parent_sid: 'MM_img' }] },
    );
    const result = await fetchHistory(call, {});
    if (!result.ok) throw new Error(result.failure.reason);
    expect(result.events[0]).toMatchObject({ contentType: 'image', media: [{ type: 'image', mimeType: 'image/jpeg', url: `${twilio.url}/2010-04-01/Accounts/${SID}/Messages/MM_img/Media/ME_1` }] });
    expect(result.events[0]?.text).toBeUndefined();
    // Media Twilio no longer has (404): the message is kept, as unsupported, with its resource.
    expect(result.events[1]).toMatchObject({ externalId: 'MM_gone', contentType: 'unsupported', raw: expect.objectContaining({ sid: 'MM_gone' }) });
  });

  it('maps errors: 20003 invalidates the credentials, 429 carries Retry-After', async () => {
    twilio.reply({ status: 401, json: { code: 20003, message: 'Authenticate', status: 401 } });
    expect(await fetchHistory(call, {})).toMatchObject({ ok: false, failure: { code: 'TOKEN_EXPIRED', tokenInvalid: true } });
    twilio.reply({ status: 429, json: { code: 20429, message: 'Too Many Requests', status: 429 }, headers: { 'retry-after': '30' } });
    expect(await fetchHistory(call, {})).toMatchObject({ ok: false, failure: { code: 'RATE_LIMITED', retryAfterMs: 30_000 } });
  });
});
