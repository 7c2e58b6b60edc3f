import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { toPrefixTsQuery } from '../../src/core/search/search.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { metaSignature, whatsappText } from '../helpers/signing.ts';

const SECRET = 'search-secret';
let t: TestApp;
let a: Awaited<ReturnType<TestApp['newOrganization']>>;
let b: Awaited<ReturnType<TestApp['newOrganization']>>;

async function receive(phoneNumberId: string, from: string, name: string, id: string, text: string, ageDays = 0) {
  const body = JSON.stringify(whatsappText({ phoneNumberId, from, name, id, text, timestamp: Date.now() - ageDays * 86_400_000 }));
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/webhooks/whatsapp',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
    payload: body,
  });
  expect(res.statusCode).toBe(200);
}
const messages = (res: { json(): unknown }) => (res.json() as { results: { type: string; snippet: string }[] }).results.filter((h) => h.type === 'message').map((h) => h.snippet);
const find = (org: typeof a, q: string) => t.app.inject({ url: `/api/v1/search?q=${encodeURIComponent(q)}`, headers: { authorization: `Bearer ${org.token}` } });

beforeAll(async () => {
  t = await createTestApp({ WHATSAPP_APP_SECRET: SECRET });
  a = await t.newOrganization('A');
  b = await t.newOrganization('B');
  const spec = (id: string) => [{ platform: 'whatsapp' as const, externalAccountId: id, displayName: id, credentials: { platform: 'whatsapp' as const, accessToken: 't' } }];
  await provisionChannels(t.ctx.db, t.ctx.secretBox, a.organizationId, spec('PN-A'), 'env');
  await provisionChannels(t.ctx.db, t.ctx.secretBox, b.organizationId, spec('PN-B'), 'env');
  await receive('PN-A', '4917000000001', 'Ana Souza', 'wamid.s1', 'Where is my refund? I returned the shoes', 400);
  await receive('PN-A', '4917000000002', 'Bruno Lima', 'wamid.s2', 'The refunds page is broken');
  await receive('PN-A', '4917000000003', 'Carla', 'wamid.s3', 'Do you ship to Portugal?');
  await receive('PN-B', '4917000000004', 'Dora', 'wamid.s4', 'refund please');
  await receive('PN-A', '4917000000005', 'Emil', 'wamid.v1', 'voucher voucher, my voucher!', 10);
  await receive('PN-A', '4917000000005', 'Emil', 'wamid.v2', 'voucher code', 1);
  await receive('PN-A', '4917000000006', 'Fatma', 'wamid.v3', 'Here is a voucher for you');
  await receive('PN-B', '4917000000007', 'Gil', 'wamid.v4', 'voucher voucher voucher voucher');
});
afterAll(async () => t?.close());

describe('search', () => {
  it('finds messages by stemmed words, across all history, scoped to the organisation', async () => {
    const res = await find(a, 'refund');
    expect(res.statusCode).toBe(200);
    const hits = res.json().results.filter((r: { type: string }) => r.type === 'message');
    expect(hits.map((h: { messageId: number; snippet: string }) => h.snippet).sort()).toEqual(['The refunds page is broken', 'Where is my refund? I returned the shoes']);
    // a year-old message is found: no time cap
    const old = hits.find((h: { snippet: string }) => h.snippet.startsWith('Where'));
    expect(old.highlights).toEqual([[12, 18]]);
    expect(old.conversationId).toBeGreaterThan(0);
    expect((await find(b, 'refund')).json().results.filter((r: { type: string }) => r.type === 'message')).toHaveLength(1);
  });

  it('matches the word being typed as a prefix', async () => {
    const hits = (await find(a, 'portu')).json().results;
    expect(hits.some((h: { snippet: string }) => h.snippet.includes('Portugal'))).toBe(true);
  });

  it('finds conversations by contact name and phone', async () => {
    const byName = (await find(a, 'souz')).json().results;
    expect(byName[0]).toMatchObject({ type: 'conversation', contact: { name: 'Ana Souza' } });
    const byPhone = (await find(a, '4917000000003')).json().results;
    expect(byPhone[0]).toMatchObject({ type: 'conversation', contact: { name: 'Carla' } });
    expect((await find(b, 'souza')).json().results).toEqual([]);
  });

  it('ranks by relevance, then newest first, and pages through every match once', async () => {
    const hitsOf = (r: { type: string; snippet: string }[]) => r.filter((h) => h.type === 'message');
    const all = hitsOf((await find(a, 'voucher')).json().results).map((h) => h.snippet);
    // the densest match first although older; equal ranks newest first; org B's message never
    expect(all).toEqual(['voucher voucher, my voucher!', 'Here is a voucher for you', 'voucher code']);
    const paged: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await t.app.inject({ url: `/api/v1/search?q=voucher&limit=1${cursor ? `&cursor=${cursor}` : ''}`, headers: { authorization: `Bearer ${a.token}` } });
      const body = res.json() as { results: { type: string; snippet: string; messageId: number }[]; nextCursor: string | null };
      paged.push(...hitsOf(body.results).map((h) => h.snippet));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    expect(paged).toEqual(all);
  });

  it('matches the last word as a prefix after whole words, and filters by platform', async () => {
    expect(messages(await find(a, 'voucher co'))).toEqual(['voucher code']);
    const byPlatform = async (platform: string) => messages(await t.app.inject({ url: `/api/v1/search?q=voucher&platform=${platform}`, headers: { authorization: `Bearer ${a.token}` } }));
    expect(await byPlatform('whatsapp')).toHaveLength(3);
    expect(await byPlatform('instagram')).toEqual([]);
  });

  it('finds words in double quotes as a phrase, in that order', async () => {
    expect(messages(await find(a, 'shoes returned'))).toEqual(['Where is my refund? I returned the shoes']);
    expect(messages(await find(a, '"shoes returned"'))).toEqual([]);
    // a stop word inside the phrase keeps its place: "returned the shoes" is "return", a gap, "shoe"
    expect(messages(await find(a, '"returned the shoes"'))).toEqual(['Where is my refund? I returned the shoes']);
    expect(messages(await find(a, '“returned shoes”'))).toEqual([]);
    // a phrase still being typed ends in a prefix; a closed one does not
    expect(messages(await find(a, '"refunds pa'))).toEqual(['The refunds page is broken']);
    expect(toPrefixTsQuery('"refunds pa')).toBe('(refunds <-> pa:*)');
    expect(toPrefixTsQuery('late "damaged package" bo')).toBe('late & (damaged <-> package) & bo:*');
    expect(toPrefixTsQuery('"damaged package"')).toBe('(damaged <-> package)');
    // the people search ignores the quotes
    expect((await find(a, '"Ana Souza"')).json().results[0]).toMatchObject({ type: 'conversation', contact: { name: 'Ana Souza' } });
  });

  it('treats query syntax as plain words', async () => {
    expect(toPrefixTsQuery("refund & !shoes | ' :*")).toBe('refund & shoes:*');
    expect(toPrefixTsQuery('"<-> !x" (a')).toBe('x & a:*');
    expect((await find(a, "')(&|!:*")).statusCode).toBe(200);
    expect((await find(a, '')).statusCode).toBe(400);
  });
});
