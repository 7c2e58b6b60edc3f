import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSandbox, sandboxChannels, sandboxEnv } from '../../../src/sandbox/sandbox-accounts.ts';

/**
 * The sandbox is gathered from each simulated platform's sandbox section; what `npm start` gets
 * from it must not change: the same accounts, secrets and variables, and a DATA_DIR written
 * before the secrets were keyed by platform still loads with its own secrets.
 */

const dirs: string[] = [];
const dataDir = (): string => {
  const dir = fs.mkdtempSync(path.join(process.cwd(), '.test-data', 'sandbox-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const BASE_URLS = {
  metaGraph: 'http://sim/graph',
  metaOauth: 'http://sim/facebook',
  instagramGraph: 'http://sim/instagram',
  instagramOauth: 'http://sim/instagram-auth',
  instagramApi: 'http://sim/instagram-api',
  twilio: 'http://sim/twilio',
  tiktok: 'http://sim/tiktok',
  tiktokAuth: 'http://sim/tiktok-auth',
};

describe('the sandbox', () => {
  it('creates one account per sandboxed platform and a secret for each that signs with one, kept across loads (0600)', async () => {
    const dir = dataDir();
    const first = await loadSandbox(dir);
    expect(first.accounts.map((a) => a.platform)).toEqual(['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok']);
    expect(Object.keys(first.secrets).sort()).toEqual(['instagram', 'messenger', 'tiktok', 'whatsapp']);
    expect(fs.statSync(path.join(dir, 'sandbox.json')).mode & 0o077).toBe(0);
    expect(await loadSandbox(dir)).toEqual(first);
    expect(sandboxChannels(first).map((c) => [c.platform, c.credentials.platform])).toEqual([
      ['messenger', 'messenger'],
      ['instagram', 'instagram'],
      ['whatsapp', 'whatsapp'],
      ['twilio', 'twilio'],
      ['tiktok', 'tiktok'],
    ]);
    const twilio = first.accounts.find((a) => a.platform === 'twilio')!;
    expect(sandboxChannels(first).find((c) => c.platform === 'twilio')!.externalAccountId).toBe(`${twilio.accountId}:whatsapp:+14155238886`);
  });

  it('sets the same variables as before, the URLs only once the simulator has them', async () => {
    const sandbox = await loadSandbox(dataDir());
    const env = sandboxEnv(sandbox, BASE_URLS);
    expect(env).toEqual({
      FACEBOOK_APP_ID: '1517776481860111',
      WHATSAPP_APP_ID: '1517776481860111',
      INSTAGRAM_APP_ID: '990000000000001',
      TIKTOK_CLIENT_KEY: 'sandbox-tiktok-app',
      INSTAGRAM_OAUTH_URL: BASE_URLS.instagramOauth,
      INSTAGRAM_API_URL: BASE_URLS.instagramApi,
      FACEBOOK_APP_SECRET: sandbox.secrets.messenger,
      INSTAGRAM_APP_SECRET: sandbox.secrets.instagram,
      WHATSAPP_APP_SECRET: sandbox.secrets.whatsapp,
      TIKTOK_CLIENT_SECRET: sandbox.secrets.tiktok,
      FACEBOOK_VERIFY_TOKEN: sandbox.verifyToken,
      META_GRAPH_URL: BASE_URLS.metaGraph,
      INSTAGRAM_GRAPH_URL: BASE_URLS.instagramGraph,
      TWILIO_API_URL: BASE_URLS.twilio,
      TIKTOK_API_URL: BASE_URLS.tiktok,
      META_OAUTH_URL: BASE_URLS.metaOauth,
      TIKTOK_AUTH_URL: BASE_URLS.tiktokAuth,
    });
    expect(Object.keys(sandboxEnv(sandbox, {})).filter((k) => k.endsWith('_URL'))).toEqual([]);
  });

  it('loads a sandbox.json written with the old fixed secret names, with its own secrets', async () => {
    const dir = dataDir();
    const old = {
      secrets: { metaAppSecret: 'old-meta', instagramAppSecret: 'old-ig', whatsappAppSecret: 'old-wa', tiktokClientSecret: 'old-tt' },
      verifyToken: 'old-verify',
      accounts: [
        { platform: 'whatsapp', accountId: '106500000000001', accessToken: 'EAAGold', displayName: 'Old WhatsApp', wabaId: '102200000000001' },
        { platform: 'twilio', accountId: 'AC0123', accessToken: 'tw-old', twilioSender: 'whatsapp:+14155238886' },
      ],
    };
    fs.writeFileSync(path.join(dir, 'sandbox.json'), JSON.stringify(old), { mode: 0o600 });
    const sandbox = await loadSandbox(dir);
    expect(sandbox.secrets).toEqual({ messenger: 'old-meta', instagram: 'old-ig', whatsapp: 'old-wa', tiktok: 'old-tt' });
    // The Twilio account's sender, stored under its old name, reads as today's `sender`.
    expect(sandbox.accounts).toEqual([old.accounts[0], { platform: 'twilio', accountId: 'AC0123', accessToken: 'tw-old', sender: 'whatsapp:+14155238886' }]);
    expect(sandboxChannels(sandbox).map((c) => c.externalAccountId)).toEqual(['106500000000001', 'AC0123:whatsapp:+14155238886']);
  });

  it('refuses a file that does not parse instead of replacing it', async () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, 'sandbox.json'), JSON.stringify({ secrets: {}, verifyToken: 'v', accounts: [{ platform: 'nowhere', accountId: '1', accessToken: 't' }] }));
    await expect(loadSandbox(dir)).rejects.toThrow(/is not a valid sandbox file/);
  });
});
