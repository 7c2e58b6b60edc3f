import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchProfile, instagramApi, markSeen } from '../../../src/channels/instagram/api.ts';
import type { PlatformCallContext, SendResult } from '../../../src/channels/types.ts';
import { callContext, startFakePlatform, type FakePlatform, type Reply } from './fake-platform-server.ts';

const IG_ID = '17841400000000001';
const IGSID = '5829104736251840';
const PAGE_TOKEN = 'EAAG-page-token-secret';
const IG_TOKEN = 'IGAA-user-token-secret';

// Two servers, so each test proves which host the login type sends to.
let fbGraph: FakePlatform;
let igGraph: FakePlatform;
let viaFacebook: PlatformCallContext;
let viaInstagram: PlatformCallContext;

beforeAll(async () => {
  fbGraph = await startFakePlatform();
  igGraph = await startFakePlatform();
  const urls = { metaGraph: fbGraph.url, instagramGraph: igGraph.url };
  viaFacebook = callContext({ platform: 'instagram', accessToken: PAGE_TOKEN, loginType: 'facebook', pageId: '1048576' }, IG_ID, urls);
  viaInstagram = callContext({ platform: 'instagram', accessToken: IG_TOKEN, loginType: 'instagram' }, IG_ID, urls);
});
afterAll(async () => {
  await fbGraph.close();
  await igGraph.close();
});
beforeEach(() => {
  fbGraph.requests.length = 0;
  igGraph.requests.length = 0;
});

const sent = (mid: string): Reply => ({ json: { recipient_id: IGSID, message_id: mid } });

function failure(result: SendResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  expect(JSON.stringify(result.failure)).not.toMatch(/token-secret/);
  return result.failure;
}

describe('instagramApi.send', () => {
  it('Facebook Login: POST {metaGraph}/{v}/me/messages with the Page token', async () => {
    fbGraph.reply(sent('aWdfZAG1f'));
    expect(await instagramApi.send(viaFacebook, { recipientId: IGSID, text: 'Oi!' })).toEqual({ ok: true, externalId: 'aWdfZAG1f' });
    const [req] = fbGraph.requests;
    expect(igGraph.requests).toHaveLength(0);
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/v25.0/me/messages');
    expect(req?.query.get('access_token')).toBe(PAGE_TOKEN);
    expect(req?.json()).toEqual({ recipient: { id: IGSID }, messaging_type: 'RESPONSE', message: { text: 'Oi!' } });
  });

  it('Instagram Login: POST {instagramGraph}/{v}/{IG_ID}/messages with the Instagram token', async () => {
    igGraph.reply(sent('aWdfZAG2'));
    expect(await instagramApi.send(viaInstagram, { recipientId: IGSID, text: 'Oi!', tag: 'HUMAN_AGENT', replyToExternalId: 'aWdf_orig' })).toEqual({ ok: true, externalId: 'aWdfZAG2' });
    const [req] = igGraph.requests;
    expect(fbGraph.requests).toHaveLength(0);
    expect(req?.path).toBe(`/v25.0/${IG_ID}/messages`);
    expect(req?.query.get('access_token')).toBe(IG_TOKEN);
    expect(req?.json()).toEqual({
      recipient: { id: IGSID },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      reply_to: { mid: 'aWdf_orig' },
      message: { text: 'Oi!' },
    });
  });

  it('measures the 1000 limit in UTF-8 bytes: 250 emoji pass, 251 do not', async () => {
    fbGraph.reply(sent('ok'));
    expect((await instagramApi.send(viaFacebook, { recipientId: IGSID, text: '😀'.repeat(250) })).ok).toBe(true);
    expect(failure(await instagramApi.send(viaFacebook, { recipientId: IGSID, text: '😀'.repeat(251) }))).toMatchObject({ code: 'MESSAGE_TOO_LONG', retryable: false });
    expect(failure(await instagramApi.send(viaFacebook, { recipientId: IGSID, text: 'a'.repeat(1001) })).code).toBe('MESSAGE_TOO_LONG');
    expect(fbGraph.requests).toHaveLength(1);
  });

  it.each([
    ['image', 'image/jpeg'],
    ['video', 'video/mp4'],
    ['audio', 'audio/aac'],
    ['file', 'application/pdf'],
  ] as const)('sends a %s (%s) attachment by URL', async (type, mimeType) => {
    fbGraph.reply(sent('att'));
    expect((await instagramApi.send(viaFacebook, { recipientId: IGSID, media: { type, url: 'https://snorq.example/m/1', mimeType } })).ok).toBe(true);
    expect(fbGraph.requests[0]?.json()).toEqual({
      recipient: { id: IGSID },
      messaging_type: 'RESPONSE',
      message: { attachment: { type, payload: { url: 'https://snorq.example/m/1' } } },
    });
  });

  it.each([
    ['file', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['image', 'image/gif'],
    ['audio', 'audio/ogg'],
  ] as const)('refuses a %s of type %s that Instagram does not take, without calling it', async (type, mimeType) => {
    const f = failure(await instagramApi.send(viaFacebook, { recipientId: IGSID, media: { type, url: 'https://snorq.example/m/2', mimeType } }));
    expect(f).toMatchObject({ code: 'MEDIA_UPLOAD_FAILED', retryable: false });
    expect(fbGraph.requests).toHaveLength(0);
  });

  it('sends an attachment with text as two messages', async () => {
    igGraph.reply(sent('img'), sent('txt'));
    const result = await instagramApi.send(viaInstagram, { recipientId: IGSID, text: 'Look', media: { type: 'image', url: 'https://snorq.example/a.png', mimeType: 'image/png' } });
    expect(result).toEqual({ ok: true, externalId: 'txt', extraExternalIds: ['img'] });
    expect(igGraph.requests.map((r) => Object.keys((r.json() as { message: object }).message))).toEqual([['attachment'], ['text']]);
  });

  it.each([
    [{ code: 10, error_subcode: 2534022, message: 'This message is sent outside of allowed window.' }, 'WINDOW_CLOSED', /Human Agent/],
    [{ code: 9010, message: 'No matching Instagram user' }, 'INVALID_RECIPIENT', /no matching user/],
    [{ code: 190, message: 'Invalid OAuth access token' }, 'TOKEN_EXPIRED', /reconnect/],
    [{ code: 80002 }, 'RATE_LIMITED', /rate-limiting/],
  ] as const)('maps Graph error %j to %s', async (error, code, reason) => {
    igGraph.reply({ status: 400, json: { error } });
    const f = failure(await instagramApi.send(viaInstagram, { recipientId: IGSID, text: 'hi' }));
    expect(f.code).toBe(code);
    expect(f.reason).toMatch(reason);
  });

  it('reads the window refusal graph.instagram.com answers with HTTP 403 and an IGApiException (a real payload, composio#3604)', async () => {
    const error = { message: 'This message is sent outside of allowed window.', type: 'IGApiException', code: 10, error_subcode: 2534022, fbtrace_id: 'A9C5BFZGYCvRghcFEHTjgpC' };
    igGraph.reply({ status: 403, json: { error } });
    expect(failure(await instagramApi.send(viaInstagram, { recipientId: IGSID, text: 'hi' }))).toMatchObject({ code: 'WINDOW_CLOSED', retryable: false, platformCode: '10/2534022' });
    // The same refusal without its subcode, in Meta's words only.
    igGraph.reply({ status: 400, json: { error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10 } } });
    expect(failure(await instagramApi.send(viaInstagram, { recipientId: IGSID, text: 'hi' }))).toMatchObject({ code: 'WINDOW_CLOSED' });
  });
});

describe('markSeen and fetchProfile', () => {
  it('marks seen on the login type’s host', async () => {
    igGraph.reply({ json: { recipient_id: IGSID } });
    expect(await markSeen(viaInstagram, IGSID)).toEqual({ ok: true });
    expect(igGraph.requests[0]?.path).toBe(`/v25.0/${IG_ID}/messages`);
    expect(igGraph.requests[0]?.json()).toEqual({ recipient: { id: IGSID }, sender_action: 'mark_seen' });
  });

  it.each([
    ['facebook', () => viaFacebook, () => fbGraph, PAGE_TOKEN],
    ['instagram', () => viaInstagram, () => igGraph, IG_TOKEN],
  ] as const)('reads name, username and picture by IGSID (%s login)', async (_login, ctx, server, token) => {
    server().reply({ json: { name: 'Ana Souza', username: 'ana.souza', profile_pic: 'https://cdn/p.jpg', id: IGSID } });
    expect(await fetchProfile(ctx(), IGSID)).toEqual({ ok: true, value: { displayName: 'Ana Souza', username: 'ana.souza', avatarUrl: 'https://cdn/p.jpg' } });
    const [req] = server().requests;
    expect(req?.method).toBe('GET');
    expect(req?.path).toBe(`/v25.0/${IGSID}`);
    expect(req?.query.get('fields')).toBe('name,username,profile_pic');
    expect(req?.query.get('access_token')).toBe(token);
  });

  it('falls back to the username when the name is null', async () => {
    igGraph.reply({ json: { name: null, username: 'ana.souza', profile_pic: null } });
    expect(await fetchProfile(viaInstagram, IGSID)).toEqual({ ok: true, value: { displayName: 'ana.souza', username: 'ana.souza' } });
  });
});
