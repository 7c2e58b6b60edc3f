import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchHistory } from '../../../src/channels/instagram/history.ts';
import { callContext, startFakePlatform, type FakePlatform } from './fake-platform-server.ts';

const IG_ID = '17841400000000000';
const PAGE = '102938475610293';
const TOKEN = 'ig-token-secret';
const IGSID = '1234567890123456';

let facebook: FakePlatform;
let instagram: FakePlatform;

beforeAll(async () => {
  facebook = await startFakePlatform();
  instagram = await startFakePlatform();
});
afterAll(async () => {
  await facebook.close();
  await instagram.close();
});
beforeEach(() => {
  facebook.requests.length = 0;
  instagram.requests.length = 0;
});

const business = { username: 'acme.store', id: IG_ID };
const customer = { username: 'ana.souza', id: IGSID };
const list = (messages: unknown[]) => ({
  json: { data: [{ id: 'aWdfZAG06MTpJR01lc3NhZA', updated_time: '2026-11-21T10:00:00+0000', participants: { data: [business, customer] }, messages: { data: messages } }] },
});
const urls = () => ({ metaGraph: facebook.url, instagramGraph: instagram.url });

describe('Instagram history (Conversations API, FACTS 3.7)', () => {
  it('Instagram Login: graph.instagram.com /me/conversations?platform=instagram', async () => {
    instagram.reply(list([{ id: 'aWdfZAG1', created_time: '2026-11-21T10:00:00+0000', from: customer, to: { data: [business] }, message: 'hey' }]));
    const call = callContext({ platform: 'instagram', accessToken: TOKEN, loginType: 'instagram' }, IG_ID, urls());
    const result = await fetchHistory(call, {});
    expect(result).toEqual({
      ok: true,
      events: [
        {
          kind: 'message',
          accountId: IG_ID,
          externalId: 'aWdfZAG1',
          direction: 'inbound',
          contact: { platformUserId: IGSID, username: 'ana.souza' },
          timestamp: Date.parse('2026-11-21T10:00:00Z'),
          contentType: 'text',
          text: 'hey',
        },
      ],
    });
    const [req] = instagram.requests;
    expect(req?.path).toBe('/v25.0/me/conversations');
    expect(req?.query.get('platform')).toBe('instagram');
    expect(req?.query.get('fields')).toContain('messages.limit(20){id,created_time,from,to,message,attachments,story}');
    expect(facebook.requests).toHaveLength(0);
  });

  it('Facebook Login: the linked Page’s conversations on graph.facebook.com, the Page token as access_token', async () => {
    facebook.reply(list([{ id: 'aWdfZAG2', created_time: '2026-11-21T10:01:00+0000', from: business, to: { data: [customer] }, message: 'Hi Ana!' }]));
    const call = callContext({ platform: 'instagram', accessToken: TOKEN, loginType: 'facebook', pageId: PAGE }, IG_ID, urls());
    const result = await fetchHistory(call, {});
    expect(result).toMatchObject({ ok: true, events: [{ externalId: 'aWdfZAG2', direction: 'outbound', contact: { platformUserId: IGSID }, text: 'Hi Ana!' }] });
    expect(facebook.requests[0]?.path).toBe(`/v25.0/${PAGE}/conversations`);
    expect(facebook.requests[0]?.query.get('access_token')).toBe(TOKEN);
  });

  it('reads story mentions and story replies as share cards', async () => {
    instagram.reply(
      list([
        {
          id: 'm_mention',
          created_time: '2026-11-21T10:00:00+0000',
          from: customer,
          to: { data: [business] },
          message: '',
          story: { mention: { link: 'https://lookaside.fbsbx.com/story.jpg', id: '1789' } },
        },
        {
          id: 'm_reply',
          created_time: '2026-11-21T10:00:01+0000',
          from: customer,
          to: { data: [business] },
          message: 'love it',
          story: { reply_to: { link: 'https://lookaside.fbsbx.com/s2.jpg', id: '1790' } },
        },
      ]),
    );
    const call = callContext({ platform: 'instagram', accessToken: TOKEN, loginType: 'instagram' }, IG_ID, urls());
    const result = await fetchHistory(call, {});
    expect(result).toMatchObject({
      ok: true,
      events: [
        { externalId: 'm_mention', contentType: 'share', share: { type: 'story_mention', url: 'https://lookaside.fbsbx.com/story.jpg', id: '1789' } },
        { externalId: 'm_reply', contentType: 'share', text: 'love it', share: { type: 'story_reply', id: '1790' } },
      ],
    });
  });

  it('skips a message whose customer it cannot tell from the business', async () => {
    instagram.reply({ json: { data: [{ id: 'c', participants: { data: [business] }, messages: { data: [{ id: 'm_self', from: business, to: { data: [business] }, message: 'note to self' }] } }] } });
    const call = callContext({ platform: 'instagram', accessToken: TOKEN, loginType: 'instagram' }, IG_ID, urls());
    expect(await fetchHistory(call, {})).toEqual({ ok: true, events: [] });
  });
});
