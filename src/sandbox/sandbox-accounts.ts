import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ChannelSpec } from '../core/channels/provision-env-channels.ts';
import type { SimAccount, SimulatorOptions } from '../simulator/index.ts';

/**
 * The sandbox: five simulated business accounts (one per platform) and the app secrets the
 * simulator signs their webhooks with. Generated once per DATA_DIR (sandbox.json, mode 0600), so
 * restarts keep the same channels and conversations.
 */
export interface Sandbox {
  secrets: SimulatorOptions['secrets'];
  verifyToken: string;
  accounts: SimAccount[];
}

/** The app id the simulator's Meta OAuth dialog accepts (its default `metaAppId`). */
export const SANDBOX_META_APP_ID = '1517776481860111';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

function newSandbox(): Sandbox {
  return {
    secrets: { metaAppSecret: hex(16), instagramAppSecret: hex(16), whatsappAppSecret: hex(16), tiktokClientSecret: hex(16) },
    verifyToken: hex(12),
    accounts: [
      { platform: 'messenger', accountId: `1048${digits(11)}`, accessToken: `EAAsandbox${hex(24)}`, displayName: 'Snorq Coffee (Messenger)' },
      { platform: 'instagram', accountId: `178414${digits(11)}`, accessToken: `IGQsandbox${hex(24)}`, displayName: '@snorq.coffee', username: 'snorq.coffee' },
      { platform: 'whatsapp', accountId: `1065${digits(11)}`, accessToken: `EAAGsandbox${hex(24)}`, displayName: 'Snorq Coffee WhatsApp', wabaId: `1022${digits(11)}` },
      { platform: 'twilio', accountId: `AC${hex(16)}`, accessToken: hex(16), displayName: 'Snorq Coffee via Twilio', twilioSender: 'whatsapp:+14155238886' },
      { platform: 'tiktok', accountId: `sandbox-${hex(8)}`, accessToken: `act.sandbox${hex(24)}`, displayName: '@snorqcoffee (TikTok)', username: 'snorqcoffee' },
    ],
  };
}

export async function loadSandbox(dataDir: string): Promise<Sandbox> {
  const file = path.join(dataDir, 'sandbox.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Sandbox;
  } catch {
    const sandbox = newSandbox();
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(file, JSON.stringify(sandbox, null, 2), { mode: 0o600 });
    return sandbox;
  }
}

/** The environment snorq would have if these accounts were real: secrets and the simulator's URLs. */
export function sandboxEnv(
  sandbox: Sandbox,
  baseUrls: { metaGraph: string; instagramGraph: string; twilio: string; tiktok: string; metaOauth: string; tiktokAuth: string; instagramOauth?: string; instagramApi?: string },
): Record<string, string> {
  return {
    // The simulator's Meta app (its default id) and sandbox apps for Instagram Login and TikTok,
    // so Settings → Channels → Connect runs the real OAuth flows against the simulator.
    FACEBOOK_APP_ID: SANDBOX_META_APP_ID,
    WHATSAPP_APP_ID: SANDBOX_META_APP_ID,
    INSTAGRAM_APP_ID: '990000000000001',
    TIKTOK_CLIENT_KEY: 'sandbox-tiktok-app',
    ...(baseUrls.instagramOauth && { INSTAGRAM_OAUTH_URL: baseUrls.instagramOauth }),
    ...(baseUrls.instagramApi && { INSTAGRAM_API_URL: baseUrls.instagramApi }),
    FACEBOOK_APP_SECRET: sandbox.secrets.metaAppSecret,
    INSTAGRAM_APP_SECRET: sandbox.secrets.instagramAppSecret,
    WHATSAPP_APP_SECRET: sandbox.secrets.whatsappAppSecret,
    TIKTOK_CLIENT_SECRET: sandbox.secrets.tiktokClientSecret,
    FACEBOOK_VERIFY_TOKEN: sandbox.verifyToken,
    META_GRAPH_URL: baseUrls.metaGraph,
    INSTAGRAM_GRAPH_URL: baseUrls.instagramGraph,
    TWILIO_API_URL: baseUrls.twilio,
    TIKTOK_API_URL: baseUrls.tiktok,
    META_OAUTH_URL: baseUrls.metaOauth,
    TIKTOK_AUTH_URL: baseUrls.tiktokAuth,
  };
}

/** The sandbox accounts as snorq channels. */
export function sandboxChannels(sandbox: Sandbox): ChannelSpec[] {
  return sandbox.accounts.map((a): ChannelSpec => {
    const displayName = a.displayName ?? `${a.platform} sandbox`;
    switch (a.platform) {
      case 'messenger':
        return { platform: 'messenger', externalAccountId: a.accountId, displayName, credentials: { platform: 'messenger', pageAccessToken: a.accessToken } };
      case 'instagram':
        return { platform: 'instagram', externalAccountId: a.accountId, displayName, credentials: { platform: 'instagram', accessToken: a.accessToken, loginType: 'instagram' } };
      case 'whatsapp':
        return { platform: 'whatsapp', externalAccountId: a.accountId, displayName, credentials: { platform: 'whatsapp', accessToken: a.accessToken, wabaId: a.wabaId } };
      case 'twilio':
        return { platform: 'twilio', externalAccountId: `${a.accountId}:${a.twilioSender}`, displayName, credentials: { platform: 'twilio', accountSid: a.accountId, authToken: a.accessToken } };
      case 'tiktok':
        return { platform: 'tiktok', externalAccountId: a.accountId, displayName, credentials: { platform: 'tiktok', accessToken: a.accessToken } };
    }
  });
}
