import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchHistory } from '../../../src/channels/tiktok/history.ts';
import type { PlatformCallContext } from '../../../src/channels/types.ts';
import { callContext, startFakePlatform, type FakePlatform, type RecordedRequest, type Reply } from './fake-platform-server.ts';

const BUSINESS = '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9';
const USER = '-000Ux9Kp2LmN4vB7cQ0aZrT8yH1wE3sD';
const TOKEN = 'tt-access-token-secret';
const CONV = '0:1:7311122233344455566:72999+88877/7665=';
const BASE = '/open_api/v1.3/business/message';

let tiktok: FakePlatform;
let call: PlatformCallContext;

beforeAll(async () => {
  tiktok = await startFakePlatform();
  call = callContext({ platform: 'tiktok', accessToken: TOKEN }, BUSINESS, { tiktok: tiktok.url });
});
afterAll(async () => tiktok.close());
beforeEach(() => {
  tiktok.requests.length = 0;
});

const ok = (data: unknown): Reply => ({ json: { code: 0, message: 'OK', request_id: 'r', data } });
const customer = { id: USER, role: 'PERSONAL_ACCOUNT' };
const business = { id: BUSINESS, role: 'BUSINESS_ACCOUNT' };
/** FACTS 6.7: participants beside the 20 most recent messages; REST enums are uppercase. */
const contentList = ok({
  messages: [
    { message_id: '7440011122233344470', timestamp: 1763715300000, from_user: business, to_user: customer, message_type: 'TEXT', text: { body: 'Yes, in blue.' } },
    { message_id: '7440011122233344460', timestamp: 1763715100450, from_user: customer, to_user: business, message_type: 'IMAGE', image: { media_id: 'v10044g50000ctimg001' } },
    { message_id: '7440011122233344455', timestamp: 1763714999812, from_user: customer, to_user: business, message_type: 'TEXT', text: { body: 'Hi! Is the blue one in stock?' } },
  ],
  participants: [
    { id: USER, role: 'PERSONAL_ACCOUNT', display_name: 'Ana Souza', username: 'ana.souza' },
    { id: BUSINESS, role: 'BUSINESS_ACCOUNT', display_name: 'Acme', username: 'acme.store' },
  ],
});

function serve(conversations: Record<string, Reply[]>) {
  tiktok.fallback((req: RecordedRequest) => {
    if (req.path === `${BASE}/conversation/list/`) return conversations[req.query.get('conversation_type') ?? '']?.shift() ?? ok({ conversations: [], cursor: 0, has_more: false });
    if (req.path === `${BASE}/content/list/`) return contentList;
    return { json: { code: 40400, message: 'Not Found' } };
  });
}

describe('TikTok history (conversation list + content list, FACTS 6.7)', () => {
  it('lists SINGLE and STRANGER conversations, then each one’s messages, as the webhook’s events', async () => {
    serve({ SINGLE: [ok({ conversations: [{ conversation_id: CONV, update_time: 1763715300 }], cursor: 1, has_more: false })] });
    const result = await fetchHistory(call, {});
    if (!result.ok) throw new Error(result.failure.reason);
    const contact = { platformUserId: USER, username: 'ana.souza', displayName: 'Ana Souza' };
    expect(result.events).toEqual([
      {
        kind: 'message',
        accountId: BUSINESS,
        externalId: '7440011122233344470',
        direction: 'outbound',
        contact,
        timestamp: 1763715300000,
        contentType: 'text',
        text: 'Yes, in blue.',
        metadata: { conversationId: CONV },
      },
      {
        kind: 'message',
        accountId: BUSINESS,
        externalId: '7440011122233344460',
        direction: 'inbound',
        contact,
        timestamp: 1763715100450,
        contentType: 'image',
        media: [{ type: 'image', platformMediaId: 'v10044g50000ctimg001' }],
        metadata: { conversationId: CONV },
      },
      {
        kind: 'message',
        accountId: BUSINESS,
        externalId: '7440011122233344455',
        direction: 'inbound',
        contact,
        timestamp: 1763714999812,
        contentType: 'text',
        text: 'Hi! Is the blue one in stock?',
        metadata: { conversationId: CONV },
      },
    ]);
    const [single, stranger, content] = tiktok.requests;
    expect(single?.method).toBe('GET');
    expect(single?.headers['access-token']).toBe(TOKEN);
    expect(Object.fromEntries(single!.query)).toMatchObject({ business_id: BUSINESS, conversation_type: 'SINGLE', cursor: '0' });
    expect(stranger?.query.get('conversation_type')).toBe('STRANGER');
    // `+`, `/` and `=` in the conversation id arrive intact (pitfall 30).
    expect(content?.query.get('conversation_id')).toBe(CONV);
    expect(tiktok.requests.filter((r) => r.path.endsWith('/content/list/'))).toHaveLength(1);
  });

  it('pages with the cursor and stops at conversations untouched since `since`', async () => {
    serve({
      SINGLE: [
        ok({ conversations: [{ conversation_id: 'c1', update_time: 1763715300 }], cursor: 1, has_more: true }),
        ok({
          conversations: [
            { conversation_id: 'c2', update_time: 1763715000 },
            { conversation_id: 'c3', update_time: 1763000000 },
          ],
          cursor: 3,
          has_more: true,
        }),
      ],
    });
    const result = await fetchHistory(call, { since: new Date(1763710000_000) });
    expect(result.ok).toBe(true);
    const lists = tiktok.requests.filter((r) => r.path.endsWith('/conversation/list/'));
    expect(lists.map((r) => `${r.query.get('conversation_type')}:${r.query.get('cursor')}`)).toEqual(['SINGLE:0', 'SINGLE:1', 'STRANGER:0']);
    expect(tiktok.requests.filter((r) => r.path.endsWith('/content/list/')).map((r) => r.query.get('conversation_id'))).toEqual(['c1', 'c2']);
  });

  it('reads a non-zero code in an HTTP 200 as the failure it is', async () => {
    tiktok.reply({ json: { code: 40105, message: 'Access token is invalid or expired', request_id: 'r', data: {} } });
    expect(await fetchHistory(call, {})).toMatchObject({ ok: false, failure: { code: 'TOKEN_EXPIRED', tokenInvalid: true } });
    tiktok.reply({ json: { code: 40100, message: 'Too many requests', request_id: 'r', data: {} } });
    expect(await fetchHistory(call, {})).toMatchObject({ ok: false, failure: { code: 'RATE_LIMITED', retryable: true } });
  });
});
