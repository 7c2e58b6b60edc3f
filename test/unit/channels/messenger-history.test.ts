import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchHistory } from '../../../src/channels/messenger/history.ts';
import type { HistoryResult } from '../../../src/channels/channel-definition.ts';
import type { PlatformCallContext } from '../../../src/channels/types.ts';
import { callContext, deadUrl, startFakePlatform, type FakePlatform } from './fake-platform-server.ts';

const PAGE = '102938475610293';
const TOKEN = 'page-token-secret';
const PSID = '6543210987654321';

let graph: FakePlatform;
let call: PlatformCallContext;

beforeAll(async () => {
  graph = await startFakePlatform();
  call = callContext({ platform: 'messenger', pageAccessToken: TOKEN }, PAGE, { metaGraph: graph.url });
});
afterAll(async () => graph.close());
beforeEach(() => {
  graph.requests.length = 0;
});

const page = { name: 'Acme Store', email: `${PAGE}@facebook.com`, id: PAGE };
const customer = { name: 'Ana Souza', email: `${PSID}@facebook.com`, id: PSID };
/** One conversation in the documented shape (FACTS 2.7): participants and nested messages, newest first. */
const conversation = (id: string, updated: string, messages: unknown[]) => ({
  id,
  updated_time: updated,
  participants: { data: [customer, page] },
  messages: { data: messages, paging: { cursors: { before: 'b', after: 'a' } } },
});
const inbound = (id: string, extra: Record<string, unknown> = {}) => ({ id, created_time: '2026-11-21T10:00:00+0000', from: customer, to: { data: [page] }, message: '', ...extra });

function events(result: HistoryResult) {
  if (!result.ok) throw new Error(`expected events, got ${JSON.stringify(result.failure)}`);
  return result.events;
}

describe('Messenger history (Conversations API)', () => {
  it('GETs /{PAGE_ID}/conversations with the 20-message fields and normalises both directions', async () => {
    graph.reply({
      json: {
        data: [
          conversation('t_1', '2026-11-21T10:05:00+0000', [
            { id: 'm_out', created_time: '2026-11-21T10:05:00+0000', from: page, to: { data: [customer] }, message: 'Yes, in blue.' },
            inbound('m_in', { message: 'Is the blue one in stock?' }),
          ]),
        ],
      },
    });
    const result = events(await fetchHistory(call, {}));
    const [req] = graph.requests;
    expect(req?.path).toBe(`/v25.0/${PAGE}/conversations`);
    expect(req?.query.get('platform')).toBe('messenger');
    expect(req?.query.get('access_token')).toBe(TOKEN);
    expect(req?.query.get('fields')).toBe('id,updated_time,participants,messages.limit(20){id,created_time,from,to,message,attachments,sticker}');
    expect(result).toEqual([
      {
        kind: 'message',
        accountId: PAGE,
        externalId: 'm_out',
        direction: 'outbound',
        contact: { platformUserId: PSID, displayName: 'Ana Souza' },
        timestamp: Date.parse('2026-11-21T10:05:00Z'),
        contentType: 'text',
        text: 'Yes, in blue.',
      },
      {
        kind: 'message',
        accountId: PAGE,
        externalId: 'm_in',
        direction: 'inbound',
        contact: { platformUserId: PSID, displayName: 'Ana Souza' },
        timestamp: Date.parse('2026-11-21T10:00:00Z'),
        contentType: 'text',
        text: 'Is the blue one in stock?',
      },
    ]);
  });

  it('reads attachments by what they carry, stickers, and keeps what it cannot read as unsupported', async () => {
    graph.reply({
      json: {
        data: [
          conversation('t_1', '2026-11-21T10:05:00+0000', [
            inbound('m_img', { attachments: { data: [{ id: '1', mime_type: 'image/jpeg', name: 'photo.jpg', size: 10, image_data: { url: 'https://scontent.fbcdn.net/a.jpg', preview_url: 'x' } }] } }),
            inbound('m_audio', { attachments: { data: [{ id: '2', mime_type: 'audio/mpeg', name: 'audioclip.mp3', file_url: 'https://cdn.fbsbx.com/a.mp3' }] } }),
            inbound('m_pdf', { message: 'the invoice', attachments: { data: [{ id: '3', mime_type: 'application/pdf', name: 'invoice.pdf', file_url: 'https://cdn.fbsbx.com/i.pdf' }] } }),
            inbound('m_sticker', { sticker: 'https://scontent.fbcdn.net/sticker.png' }),
            inbound('m_odd', { attachments: { data: [{ id: '4', generic_template: { title: 'x' } }] } }),
            inbound('m_empty'),
          ]),
        ],
      },
    });
    const byId = Object.fromEntries(events(await fetchHistory(call, {})).map((e) => [e.externalId, e]));
    expect(byId.m_img).toMatchObject({ contentType: 'image', media: [{ type: 'image', url: 'https://scontent.fbcdn.net/a.jpg', mimeType: 'image/jpeg' }] });
    expect(byId.m_audio).toMatchObject({ contentType: 'audio', media: [{ type: 'audio', url: 'https://cdn.fbsbx.com/a.mp3' }] });
    expect(byId.m_pdf).toMatchObject({ contentType: 'file', text: 'the invoice', media: [{ type: 'file', filename: 'invoice.pdf', mimeType: 'application/pdf' }] });
    expect(byId.m_sticker).toMatchObject({ contentType: 'sticker', media: [{ type: 'sticker', url: 'https://scontent.fbcdn.net/sticker.png' }] });
    expect(byId.m_odd).toMatchObject({ contentType: 'unsupported', raw: expect.objectContaining({ id: 'm_odd' }) });
    expect(byId.m_empty).toMatchObject({ contentType: 'unsupported' });
  });

  it('follows the after cursor up to the limit, and stops at conversations untouched since `since`', async () => {
    graph.reply(
      { json: { data: [conversation('t_1', '2026-11-21T10:05:00+0000', [inbound('m_1')])], paging: { cursors: { after: 'CUR1' }, next: `${graph.url}/next` } } },
      {
        json: {
          data: [conversation('t_2', '2026-11-21T09:00:00+0000', [inbound('m_2')]), conversation('t_3', '2026-11-20T09:00:00+0000', [inbound('m_3')])],
          paging: { cursors: { after: 'CUR2' }, next: `${graph.url}/next` },
        },
      },
    );
    const result = events(await fetchHistory(call, { since: new Date('2026-11-21T08:00:00Z') }));
    expect(result.map((e) => e.externalId)).toEqual(['m_1', 'm_2']);
    expect(graph.requests).toHaveLength(2);
    expect(graph.requests[1]?.query.get('after')).toBe('CUR1');
  });

  it('returns Graph errors as failures: 190 invalidates the token, 32 is a rate limit with Meta’s own wait', async () => {
    graph.reply({ status: 400, json: { error: { message: 'Error validating access token', type: 'OAuthException', code: 190, fbtrace_id: 'x' } } });
    const expired = await fetchHistory(call, {});
    expect(expired).toMatchObject({ ok: false, failure: { code: 'TOKEN_EXPIRED', tokenInvalid: true } });

    const usage = JSON.stringify({ [PAGE]: [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 3 }] });
    graph.reply({ status: 400, json: { error: { message: '(#32) Page request limit reached', code: 32 } }, headers: { 'x-business-use-case-usage': usage } });
    expect(await fetchHistory(call, {})).toMatchObject({ ok: false, failure: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 180_000 } });
    expect(JSON.stringify(graph.requests.map((r) => r.headers))).not.toContain(TOKEN);
  });

  it('a network failure is a retryable failure, never a throw', async () => {
    const dead = callContext({ platform: 'messenger', pageAccessToken: TOKEN }, PAGE, { metaGraph: await deadUrl() });
    expect(await fetchHistory(dead, {})).toMatchObject({ ok: false, failure: { code: 'PLATFORM_UNAVAILABLE', retryable: true } });
  });
});
