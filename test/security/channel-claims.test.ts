import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/accounts/users.ts';
import { provisionChannels } from '../../src/core/channel-accounts/provision-env-channels.ts';
import { startSimulator, type SimAccount, type Simulator } from '../../src/simulator/index.ts';
import type { RunningSnorq } from '../../src/start-snorq.ts';
import { createTestDatabase } from '../helpers/test-database.ts';
import { startTestSnorq } from '../helpers/test-snorq.ts';

/**
 * Who may connect an account (issue: tenants). An account id is claimed only with credentials the
 * platform accepts for that very account; another organisation's connected account is refused
 * with a plain message, and is free again once that organisation disconnects it; a Twilio webhook
 * is verified only with the token of the channel it routes to.
 */
const hex = (n: number) => randomBytes(n).toString('hex');
const ACC = {
  page1: { platform: 'messenger', accountId: '104800000000001', accessToken: `EAApage1${hex(12)}`, displayName: 'Page One' },
  page2: { platform: 'messenger', accountId: '104800000000002', accessToken: `EAApage2${hex(12)}`, displayName: 'Page Two' },
  ig1: { platform: 'instagram', accountId: '17841400000000001', accessToken: `IGQig1${hex(12)}`, displayName: 'IG One', username: 'ig.one' },
  wa1: { platform: 'whatsapp', accountId: '106500000000001', accessToken: `EAAGwa1${hex(12)}`, displayName: 'WA One', wabaId: '102200000000001' },
  wa2: { platform: 'whatsapp', accountId: '106500000000002', accessToken: `EAAGwa2${hex(12)}`, displayName: 'WA Two', wabaId: '102200000000002' },
  tw1: { platform: 'twilio', accountId: `AC${hex(16)}`, accessToken: hex(16), displayName: 'Twilio One', sender: 'whatsapp:+14155550101' },
  tt1: { platform: 'tiktok', accountId: 'biz-claims-1', accessToken: `act.tt1${hex(12)}`, displayName: 'TT One' },
  tt2: { platform: 'tiktok', accountId: 'biz-claims-2', accessToken: `act.tt2${hex(12)}`, displayName: 'TT Two' },
} satisfies Record<string, SimAccount>;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let sim: Simulator;
let snorq: RunningSnorq;
const orgs: Record<'a' | 'b', { id: number; token: string }> = { a: { id: 0, token: '' }, b: { id: 0, token: '' } };

/** The channel body an admin would post for a simulator account, with a token of choice. */
function body(account: SimAccount, token = account.accessToken) {
  switch (account.platform) {
    case 'messenger':
      return { platform: 'messenger', externalAccountId: account.accountId, displayName: 'mine', credentials: { pageAccessToken: token } };
    case 'twilio':
      return { platform: 'twilio', externalAccountId: account.sender, displayName: 'mine', credentials: { accountSid: account.accountId, authToken: token } };
    default:
      return { platform: account.platform, externalAccountId: account.accountId, displayName: 'mine', credentials: { accessToken: token } };
  }
}

const connect = (org: 'a' | 'b', payload: unknown) =>
  snorq.app.inject({ method: 'POST', url: '/api/v1/channels', headers: { authorization: `Bearer ${orgs[org].token}` }, payload: payload as Record<string, unknown> });
const channelRows = () => db.db.selectFrom('channels').select(['id', 'organization_id', 'platform', 'external_account_id', 'connection_state', 'credentials_enc']).orderBy('id').execute();

beforeAll(async () => {
  db = await createTestDatabase();
  sim = await startSimulator({
    webhookBaseUrl: 'http://127.0.0.1:9',
    accounts: Object.values(ACC),
    secrets: { messenger: 'm', instagram: 'i', whatsapp: 'w', tiktok: 't' },
  });
  snorq = await startTestSnorq(db.url, {
    META_GRAPH_URL: sim.baseUrls.metaGraph,
    INSTAGRAM_GRAPH_URL: sim.baseUrls.instagramGraph,
    TWILIO_API_URL: sim.baseUrls.twilio,
    TIKTOK_API_URL: sim.baseUrls.tiktok,
    PUBLIC_URL: 'https://inbox.example.com',
  });
  for (const key of ['a', 'b'] as const) {
    const org = await db.db
      .insertInto('organizations')
      .values({ name: `Org ${key}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await createUser(db.db, { organizationId: org.id, email: `admin-${key}@claims.test`, name: key, role: 'admin', password: 'claims password 1' });
    const login = await snorq.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `admin-${key}@claims.test`, password: 'claims password 1' } });
    orgs[key] = { id: org.id, token: (login.json() as { token: string }).token };
  }
}, 60_000);

afterAll(async () => {
  await snorq?.stop();
  await sim?.close();
  await db?.drop();
});

describe('connecting an account by credentials', () => {
  it('is refused with 422 and stores nothing when the platform refuses the credentials or answers for another account', async () => {
    const refused = [
      body(ACC.page1, `EAAwrong${hex(12)}`),
      body(ACC.page1, ACC.page2.accessToken), // a real Page token, but another Page's
      body(ACC.ig1, `IGQwrong${hex(12)}`),
      body(ACC.wa1, `EAAGwrong${hex(12)}`),
      body(ACC.wa1, ACC.wa2.accessToken), // a real WhatsApp token without rights on this number
      body(ACC.tw1, hex(16)),
      body(ACC.tt1, `act.wrong${hex(12)}`),
      body(ACC.tt1, ACC.tt2.accessToken),
      // Squatting: an id nobody on the platform knows, with a made-up token.
      { platform: 'tiktok', externalAccountId: 'biz-of-someone-else', displayName: 'squat', credentials: { accessToken: 'aaaaaaaaaaaa' } },
    ];
    for (const payload of refused) {
      const res = await connect('a', payload);
      expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBe(422);
      const error = (res.json() as { error: { code: string; message: string } }).error;
      expect(error.code).toBe('CREDENTIALS_REJECTED');
      expect(error.message).toMatch(/nothing was stored/);
      // The refused token never comes back in the answer.
      expect(res.body).not.toContain(
        (payload.credentials as Record<string, string>).pageAccessToken ?? (payload.credentials as Record<string, string>).accessToken ?? (payload.credentials as Record<string, string>).authToken,
      );
    }
    expect(await channelRows()).toEqual([]);
  });

  it('a platform that cannot be reached is a 502 to retry, not a verdict, and stores nothing', async () => {
    sim.faults.set({ platform: 'tiktok', kind: 'server_error', times: 1 });
    const res = await connect('a', body(ACC.tt1));
    expect(res.statusCode, res.body).toBe(502);
    expect((res.json() as { error: { code: string } }).error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(await channelRows()).toEqual([]);
  });

  it('succeeds with the credentials the platform accepts for that account, on every platform', async () => {
    for (const account of [ACC.page1, ACC.ig1, ACC.wa1, ACC.tw1, ACC.tt1]) {
      const res = await connect('a', body(account));
      expect(res.statusCode, `${account.platform}: ${res.body}`).toBe(201);
    }
    const rows = await channelRows();
    expect(rows.map((r) => [r.platform, r.organization_id])).toEqual([
      ['messenger', orgs.a.id],
      ['instagram', orgs.a.id],
      ['whatsapp', orgs.a.id],
      ['twilio', orgs.a.id],
      ['tiktok', orgs.a.id],
    ]);
  });
});

describe('an account another organisation has connected', () => {
  it('is refused with a clear message even with valid credentials, and the holder’s channel is untouched', async () => {
    const before = await channelRows();
    for (const account of [ACC.page1, ACC.wa1, ACC.tw1, ACC.tt1]) {
      const res = await connect('b', body(account));
      expect(res.statusCode, res.body).toBe(409);
      const error = (res.json() as { error: { code: string; message: string; details: { reason: string } } }).error;
      expect(error.details.reason).toBe('ACCOUNT_CONNECTED_ELSEWHERE');
      expect(error.message).toMatch(/connected to another snorq organisation; it can be connected here once it is disconnected there/);
    }
    expect(await channelRows()).toEqual(before);
  });

  it('is free once that organisation disconnects it: the new holder gets the account, the old one keeps its history', async () => {
    const [page] = (await channelRows()).filter((r) => r.external_account_id === ACC.page1.accountId);
    const del = await snorq.app.inject({ method: 'DELETE', url: `/api/v1/channels/${page!.id}`, headers: { authorization: `Bearer ${orgs.a.token}` } });
    expect(del.statusCode, del.body).toBe(200);
    const res = await connect('b', body(ACC.page1));
    expect(res.statusCode, res.body).toBe(201);
    const rows = await channelRows();
    // Webhooks route by (platform, account id): now to B's channel.
    expect(rows.filter((r) => r.external_account_id === ACC.page1.accountId).map((r) => r.organization_id)).toEqual([orgs.b.id]);
    // A's old channel (and the conversations under it) stay A's, disconnected, the id set aside.
    const old = rows.find((r) => r.id === page!.id);
    expect(old).toMatchObject({ organization_id: orgs.a.id, connection_state: 'disconnected', external_account_id: `${ACC.page1.accountId}#released-${page!.id}` });
    // A cannot take it back while B holds it.
    expect((await connect('a', body(ACC.page1))).statusCode).toBe(409);
  });
});

describe('Twilio webhook verification', () => {
  it('tries only the auth token of the channel AccountSid + sender route to', async () => {
    // Two senders of one Twilio account, in two organisations; B's channel carries another token
    // (stored before it changed, or through the environment), which must not vouch for A's sender.
    const sid = `AC${hex(16)}`;
    const tokenA = hex(16);
    const tokenB = hex(16);
    await provisionChannels(
      db.db,
      snorq.ctx.secretBox,
      orgs.a.id,
      [{ platform: 'twilio', externalAccountId: `${sid}:whatsapp:+14155550111`, displayName: 'A sender', credentials: { platform: 'twilio', accountSid: sid, authToken: tokenA } }],
      'env',
    );
    await provisionChannels(
      db.db,
      snorq.ctx.secretBox,
      orgs.b.id,
      [{ platform: 'twilio', externalAccountId: `${sid}:whatsapp:+14155550222`, displayName: 'B sender', credentials: { platform: 'twilio', accountSid: sid, authToken: tokenB } }],
      'env',
    );
    const url = 'https://inbox.example.com/api/v1/webhooks/twilio';
    const post = (token: string, messageSid: string) => {
      const params = {
        AccountSid: sid,
        MessageSid: messageSid,
        SmsMessageSid: messageSid,
        SmsStatus: 'received',
        From: 'whatsapp:+4915550000001',
        To: 'whatsapp:+14155550111',
        Body: 'planted?',
        NumMedia: '0',
        ProfileName: 'Eve',
        WaId: '4915550000001',
        ApiVersion: '2010-04-01',
      };
      return snorq.app.inject({
        method: 'POST',
        url: '/api/v1/webhooks/twilio',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, url, params) },
        payload: new URLSearchParams(params).toString(),
      });
    };
    const forged = await post(tokenB, `SM${hex(16)}`);
    expect(forged.statusCode, forged.body).toBe(401);
    const real = await post(tokenA, `SM${hex(16)}`);
    expect(real.statusCode, real.body).toBe(200);
    const stored = await db.db.selectFrom('messages').select(['organization_id']).where('content', '=', 'planted?').execute();
    expect(stored).toEqual([{ organization_id: orgs.a.id }]);
  });
});
