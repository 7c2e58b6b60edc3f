import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS, call, json, startHarness, type Harness } from './helpers.ts';

let h: Harness;
let graph: string;
beforeAll(async () => {
  h = await startHarness();
  graph = `${h.sim.baseUrls.metaGraph}/v25.0`;
});
afterAll(async () => h.close());
beforeEach(() => h.sim.reset());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test payload inspection
const page = ACCOUNTS.messenger;
const ig = ACCOUNTS.instagram;
const get = async (url: string): Promise<Json> => (await call(url)).body as Json;

describe('Conversations API and profiles', () => {
  it('lists Messenger conversations with nested fields, newest first, with cursor paging', async () => {
    for (const id of ['a', 'b', 'c'])
      await h.sim.customers.send('messenger', {
        accountId: page.accountId,
        customer: { id, name: `Customer ${id}` },
        text: `hello from ${id}`,
        timestamp: Date.now() - (id === 'a' ? 3000 : id === 'b' ? 2000 : 1000),
      });
    const first = await get(
      `${graph}/${page.accountId}/conversations?platform=messenger&limit=2&fields=id,updated_time,participants,messages{id,created_time,from,to,message}&access_token=${page.accessToken}`,
    );
    expect(first.data).toHaveLength(2);
    expect(first.data[0].participants.data[0]).toEqual({ name: 'Customer c', email: 'c@facebook.com', id: 'c' });
    expect(first.data[0].messages.data[0]).toMatchObject({ message: 'hello from c', from: { id: 'c' }, to: { data: [{ id: page.accountId }] } });
    expect(first.data[0].id).toMatch(/^t_\d+$/);
    expect(first.data[0].updated_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0000$/);
    expect(first.paging.next).toBeDefined();
    const second = await get(first.paging.next);
    expect(second.data.map((c: Json) => c.participants.data[0].id)).toEqual(['a']);
    const byUser = await get(`${graph}/${page.accountId}/conversations?platform=messenger&user_id=b&access_token=${page.accessToken}`);
    expect(byUser.data).toHaveLength(1);
    expect(Object.keys(byUser.data[0])).toEqual(['id', 'updated_time']);
  });

  it('reads only the 20 most recent messages of a conversation', async () => {
    const mids: string[] = [];
    for (let i = 0; i < 25; i++)
      mids.push((await h.sim.customers.send('messenger', { accountId: page.accountId, customer: { id: 'psid' }, text: `m${i}`, timestamp: Date.now() - (25 - i) * 1000 })).externalId ?? '');
    const list = await get(`${graph}/${page.accountId}/conversations?fields=id&access_token=${page.accessToken}`);
    const convId = list.data[0].id as string;
    const node = await get(`${graph}/${convId}?fields=messages{id,message}&access_token=${page.accessToken}`);
    expect(node.messages.data).toHaveLength(20);
    expect(node.messages.data[0].message).toBe('m24');
    const edge = await get(`${graph}/${convId}/messages?access_token=${page.accessToken}`);
    expect(Object.keys(edge.data[0])).toEqual(['id', 'created_time']);
    expect((await get(`${graph}/${mids[24]}?fields=id,created_time,from,to,message&access_token=${page.accessToken}`)).message).toBe('m24');
    const old = await get(`${graph}/${mids[0]}?fields=message&access_token=${page.accessToken}`);
    expect(old.error).toMatchObject({ code: 100, error_subcode: 33 });
  });

  it('includes attachments and outbound messages in history', async () => {
    await h.sim.customers.send('messenger', { accountId: page.accountId, customer: { id: 'psid' }, media: { type: 'image' } });
    await call(`${graph}/me/messages?access_token=${page.accessToken}`, json({ recipient: { id: 'psid' }, message: { text: 'nice photo' } }));
    const list = await get(`${graph}/${page.accountId}/conversations?fields=messages{message,from,attachments}&access_token=${page.accessToken}`);
    const [out, inbound] = list.data[0].messages.data as Json[];
    expect(out).toMatchObject({ message: 'nice photo', from: { id: page.accountId } });
    expect(inbound?.attachments.data[0]).toMatchObject({ mime_type: 'image/png', image_data: { url: expect.stringContaining('/cdn/meta/') } });
  });

  it('lists Instagram conversations via the linked Page (platform=instagram) and via graph.instagram.com /me', async () => {
    await h.sim.customers.send('instagram', { accountId: ig.accountId, customer: { id: 'igsid', username: 'ana.s' }, text: 'hey' });
    const viaPage = await get(`${graph}/${page.accountId}/conversations?platform=instagram&fields=participants,messages{from,message}&access_token=${ig.accessToken}`);
    expect(viaPage.data[0].participants.data).toEqual([
      { username: 'ana.s', id: 'igsid' },
      { username: 'acme.store', id: ig.accountId },
    ]);
    expect(viaPage.data[0].messages.data[0]).toMatchObject({ from: { username: 'ana.s', id: 'igsid' }, message: 'hey' });
    const viaIgHost = await get(`${h.sim.baseUrls.instagramGraph}/v25.0/me/conversations?platform=instagram&access_token=${ig.accessToken}`);
    expect(viaIgHost.data).toHaveLength(1);
    const messengerOnly = await get(`${graph}/${page.accountId}/conversations?platform=messenger&access_token=${page.accessToken}`);
    expect(messengerOnly.data).toEqual([]);
  });

  it('answers profile lookups (Messenger and Instagram fields) and rejects unknown fields', async () => {
    await h.sim.customers.send('messenger', { accountId: page.accountId, customer: { id: 'psid', name: 'Ana Souza' }, text: 'hi' });
    const profile = await get(`${graph}/psid?fields=first_name,last_name,profile_pic&access_token=${page.accessToken}`);
    expect(profile).toMatchObject({ first_name: 'Ana', last_name: 'Souza', profile_pic: expect.stringContaining('/cdn/profile/') });
    expect((await fetch(profile.profile_pic)).headers.get('content-type')).toBe('image/png');
    expect((await get(`${graph}/psid?fields=shoe_size&access_token=${page.accessToken}`)).error).toMatchObject({ code: 100, message: expect.stringMatching(/nonexisting field \(shoe_size\)/) });
    await h.sim.customers.send('instagram', { accountId: ig.accountId, customer: { id: 'igsid', name: 'Ana', username: 'ana.s' }, text: 'hi' });
    const igProfile = await get(`${h.sim.baseUrls.instagramGraph}/v25.0/igsid?fields=name,username,profile_pic,is_user_follow_business&access_token=${ig.accessToken}`);
    expect(igProfile).toMatchObject({ name: 'Ana', username: 'ana.s', is_user_follow_business: true });
    const me = await get(`${h.sim.baseUrls.instagramGraph}/v25.0/me?fields=id,username,user_id,name,account_type&access_token=${ig.accessToken}`);
    expect(me).toEqual({ id: ig.accountId, username: 'acme.store', user_id: ig.accountId, name: 'Acme Store', account_type: 'BUSINESS' });
    expect((await get(`${graph}/nobody?access_token=${page.accessToken}`)).error).toMatchObject({ code: 100, error_subcode: 33 });
  });
});

describe('ids with reserved characters', () => {
  it('finds a node whose id contains "/" and "+" when the client percent-encodes it', async () => {
    const weird = 'aWdf/ZG1+fX0=';
    await h.sim.customers.send('instagram', { accountId: ig.accountId, customer: { id: 'igsid' }, text: 'hey', externalId: weird });
    const res = await get(`${h.sim.baseUrls.instagramGraph}/v25.0/${encodeURIComponent(weird)}?fields=id,message&access_token=${ig.accessToken}`);
    expect(res).toEqual({ id: weird, message: 'hey' });
  });
});
