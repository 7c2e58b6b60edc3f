import { startSimulator } from './index.ts';
import type { SimAccount } from './types.ts';

/**
 * Standalone simulator: `npx tsx src/simulator/main.ts`. SIMULATOR_PORT (default 3001) and
 * SNORQ_URL (default http://127.0.0.1:3000) choose where it listens and where webhooks go.
 * Accounts, tokens and secrets are the sandbox ones below unless the usual snorq variables
 * (FACEBOOK_PAGE_ID, WHATSAPP_ACCESS_TOKEN, …) say otherwise, so snorq configured with the same
 * environment talks to it unchanged. Its control API (`/_sim/…`) wants
 * `Authorization: Bearer <secret>`: SIMULATOR_CONTROL_SECRET, or a random one printed at start.
 */

const env = (name: string, fallback: string): string => process.env[name] || fallback;

const accounts: SimAccount[] = [
  { platform: 'messenger', accountId: env('FACEBOOK_PAGE_ID', '102938475610293'), accessToken: env('FACEBOOK_PAGE_ACCESS_TOKEN', 'sim-page-token'), displayName: 'Acme Store' },
  {
    platform: 'instagram',
    accountId: env('INSTAGRAM_ACCOUNT_ID', '17841400000000000'),
    accessToken: env('INSTAGRAM_ACCESS_TOKEN', 'sim-instagram-token'),
    displayName: 'Acme Store',
    username: 'acme.store',
  },
  {
    platform: 'whatsapp',
    accountId: env('WHATSAPP_PHONE_NUMBER_ID', '123456789012345'),
    accessToken: env('WHATSAPP_ACCESS_TOKEN', 'sim-whatsapp-token'),
    displayName: 'Acme Store',
    wabaId: env('WHATSAPP_WABA_ID', '109876543210987'),
  },
  {
    platform: 'twilio',
    accountId: env('TWILIO_ACCOUNT_SID', 'AC00000000000000000000000000000000'),
    accessToken: env('TWILIO_AUTH_TOKEN', 'sim-twilio-auth-token'),
    twilioSender: env('TWILIO_WHATSAPP_NUMBER', 'whatsapp:+14155238886'),
    displayName: 'Acme Store',
  },
  {
    platform: 'tiktok',
    accountId: env('TIKTOK_BUSINESS_ID', '-000Qb3kLxVY8cF2mDq1rTz0uW7nE5aJ9'),
    accessToken: env('TIKTOK_ACCESS_TOKEN', 'sim-tiktok-token'),
    displayName: 'Acme Store',
    username: 'acme.store',
  },
];

const simulator = await startSimulator({
  port: Number(env('SIMULATOR_PORT', '3001')),
  host: env('SIMULATOR_HOST', '127.0.0.1'),
  webhookBaseUrl: env('SNORQ_URL', 'http://127.0.0.1:3000'),
  publicWebhookBaseUrl: process.env.PUBLIC_URL || undefined,
  accounts,
  secrets: {
    messenger: env('FACEBOOK_APP_SECRET', 'sim-meta-app-secret'),
    instagram: env('INSTAGRAM_APP_SECRET', env('FACEBOOK_APP_SECRET', 'sim-meta-app-secret')),
    whatsapp: env('WHATSAPP_APP_SECRET', env('FACEBOOK_APP_SECRET', 'sim-meta-app-secret')),
    tiktok: env('TIKTOK_CLIENT_SECRET', 'sim-tiktok-client-secret'),
  },
  autoReceipts: env('SIMULATOR_AUTO_RECEIPTS', 'true') !== 'false',
  echoes: env('SIMULATOR_ECHOES', 'false') === 'true',
  logger: (msg) => console.warn(`[simulator] ${msg}`),
  controlSecret: process.env.SIMULATOR_CONTROL_SECRET || undefined,
});

console.warn(`[simulator] up at ${simulator.url}`);
for (const [name, url] of Object.entries(simulator.baseUrls)) console.warn(`[simulator]   ${name}: ${url}`);
console.warn('[simulator] make a customer write: POST /_sim/customers/{platform}/messages');
if (!process.env.SIMULATOR_CONTROL_SECRET) console.warn(`[simulator] control API secret (Authorization: Bearer …): ${simulator.controlSecret}`);

const stop = (): void => {
  void simulator.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
