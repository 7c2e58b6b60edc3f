import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSandbox, SANDBOX_PLATFORMS, sandboxChannels, sandboxEnv, type Sandbox } from '../../../src/sandbox/sandbox-accounts.ts';
import { SIM_PLATFORMS } from '../../../src/simulator/index.ts';
import { SANDBOX_FILE_OF_FIVE } from '../../helpers/sandbox-file-of-five.ts';

/**
 * The sandbox is gathered from each simulated platform's sandbox section; what `npm start` gets
 * from it must not change: the same accounts, secrets and variables, and a DATA_DIR written
 * before the secrets were keyed by platform still loads with its own secrets. A file written
 * before a platform joined the sandbox gains that platform's account, the others untouched.
 * (Platforms are named here only where they were in the sandbox before the sixth joined: the
 * sixth's own checks are in its folder of test/integration/, beside its other tests.)
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
    // Every simulated platform has its sandbox account: six channels in the demo.
    expect(first.accounts.map((a) => a.platform)).toEqual([...SIM_PLATFORMS]);
    expect(first.accounts).toHaveLength(6);
    expect(Object.keys(first.secrets).sort()).toEqual(['instagram', 'messenger', 'tiktok', 'whatsapp']);
    expect(fs.statSync(path.join(dir, 'sandbox.json')).mode & 0o077).toBe(0);
    // The first load wrote the file (its accounts are new: the simulator counts their ids from 1); later loads read it.
    expect(first.created).toBe(true);
    expect(await loadSandbox(dir)).toEqual({ ...first, created: false });
    expect(sandboxChannels(first).map((c) => [c.platform, c.credentials.platform])).toEqual(SIM_PLATFORMS.map((p) => [p, p]));
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
    expect(sandbox.accounts.slice(0, 2)).toEqual([old.accounts[0], { platform: 'twilio', accountId: 'AC0123', accessToken: 'tw-old', sender: 'whatsapp:+14155238886' }]);
    expect(
      sandboxChannels(sandbox)
        .map((c) => c.externalAccountId)
        .slice(0, 2),
    ).toEqual(['106500000000001', 'AC0123:whatsapp:+14155238886']);
    // The platforms it had no account for got one; the file keeps the old names as they were.
    expect(sandbox.accounts.slice(2).map((a) => a.platform)).toEqual(SANDBOX_PLATFORMS.filter((p) => p !== 'whatsapp' && p !== 'twilio'));
    const rewritten = JSON.parse(fs.readFileSync(path.join(dir, 'sandbox.json'), 'utf8')) as typeof old;
    expect(rewritten.secrets).toEqual(old.secrets);
    expect(rewritten.accounts.slice(0, 2)).toEqual(old.accounts);
  });

  it('gives a file written with five accounts the sixth platform’s account, changing nothing else, and keeps it', async () => {
    const dir = dataDir();
    const before = SANDBOX_FILE_OF_FIVE;
    const file = path.join(dir, 'sandbox.json');
    fs.writeFileSync(file, JSON.stringify(before, null, 2), { mode: 0o600 });
    // The channels these five accounts made before the change, to compare with after it.
    const channelsBefore = sandboxChannels({ secrets: before.secrets, verifyToken: before.verifyToken, accounts: before.accounts as Sandbox['accounts'], controlSecret: '', created: false });

    const sandbox = await loadSandbox(dir);
    expect(sandbox.accounts).toHaveLength(6);
    expect(sandbox.accounts.slice(0, 5)).toEqual(before.accounts);
    const added = sandbox.accounts[5]!;
    expect(added.platform).toBe(SANDBOX_PLATFORMS.find((p) => !before.accounts.some((a) => a.platform === p)));
    expect(sandbox.secrets).toEqual(before.secrets);
    expect(sandbox.verifyToken).toBe(before.verifyToken);
    expect(sandboxChannels(sandbox).slice(0, 5)).toEqual(channelsBefore);

    // Written back: the five as they were, the new one after them, still 0600; the next start keeps it.
    const written = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof before;
    expect(written).toEqual({ ...before, accounts: [...before.accounts, added] });
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('sandbox.json'))).toEqual(['sandbox.json']);
    expect(await loadSandbox(dir)).toEqual(sandbox);
  });

  it('refuses a file that does not parse instead of replacing it', async () => {
    const dir = dataDir();
    fs.writeFileSync(path.join(dir, 'sandbox.json'), JSON.stringify({ secrets: {}, verifyToken: 'v', accounts: [{ platform: 'nowhere', accountId: '1', accessToken: 't' }] }));
    await expect(loadSandbox(dir)).rejects.toThrow(/is not a valid sandbox file/);
  });
});
