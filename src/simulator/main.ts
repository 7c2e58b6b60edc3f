import { SANDBOXES, startSimulator } from './index.ts';
import type { SimAccount } from './types.ts';

/**
 * Standalone simulator: `npx tsx src/simulator/main.ts`. SIMULATOR_PORT (default 3001) and
 * SNORQ_URL (default http://127.0.0.1:3000) choose where it listens and where webhooks go.
 * Accounts, tokens and secrets are each sandboxed platform's standalone ones (its sandbox.ts)
 * unless the usual snorq variables (FACEBOOK_PAGE_ID, WHATSAPP_ACCESS_TOKEN, …) say otherwise, so snorq configured with the same
 * environment talks to it unchanged. Its control API (`/_sim/…`) wants
 * `Authorization: Bearer <secret>`: SIMULATOR_CONTROL_SECRET, or a random one printed at start.
 */

const env = (name: string, fallback: string): string => process.env[name] || fallback;

/** The variable's value, else the fallback's (a Meta product's secret falls back to the Facebook app's). */
const envOr = (name: string, fallsBackTo: string | undefined, fallback: string): string => env(name, fallsBackTo ? env(fallsBackTo, fallback) : fallback);

// One account per platform that has a sandbox section, with fixed ids snorq's variables may replace.
const accounts: SimAccount[] = SANDBOXES.map((s) => s.sandbox.standaloneAccount(env));
const secrets = Object.fromEntries(
  SANDBOXES.flatMap(({ platform, sandbox }) => (sandbox.secret ? [[platform, envOr(sandbox.secret.variable, sandbox.fallsBackTo?.[sandbox.secret.variable], sandbox.secret.standaloneDefault)]] : [])),
);

const simulator = await startSimulator({
  port: Number(env('SIMULATOR_PORT', '3001')),
  host: env('SIMULATOR_HOST', '127.0.0.1'),
  webhookBaseUrl: env('SNORQ_URL', 'http://127.0.0.1:3000'),
  publicWebhookBaseUrl: process.env.PUBLIC_URL || undefined,
  accounts,
  secrets,
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
