import { expect } from 'vitest';
import { createUser } from '../../../src/core/accounts/users.ts';
import { startSimulator, type Simulator } from '../../../src/simulator/index.ts';
import { freePort } from '../../../src/db/free-port.ts';
import { createTestDatabase } from '../../helpers/test-database.ts';

/**
 * What every Telegram test over real HTTP starts from: a test database, the simulated Bot API
 * knowing one bot, and the port snorq will listen on — chosen before snorq starts, because the
 * simulator delivers updates to the URL snorq registers with setWebhook, which is its PUBLIC_URL.
 * Each test starts snorq itself (`startTestSnorq(world.database.url, world.snorqEnv)`), since
 * some start it several times with other variables.
 */

/** A token in the Bot API's shape: the bot's id, a colon, 35 characters. */
export const BOT_TOKEN = '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';
export const BOT_ID = '7123456789';
/** The other platforms' app secrets, which the simulator signs their webhooks with (unused here). */
const OTHER_PLATFORM_SECRETS = { messenger: 'm'.repeat(16), instagram: 'i'.repeat(16), whatsapp: 'w'.repeat(16), tiktok: 't'.repeat(16) };

export interface TelegramWorld {
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  sim: Simulator;
  /** snorq's address once started: also its PUBLIC_URL, where the simulator sends updates. */
  base: string;
  /** The variables that point snorq at this world (PORT, PUBLIC_URL, TELEGRAM_API_URL). */
  snorqEnv: Record<string, string>;
  close(): Promise<void>;
}

export async function startTelegramWorld(): Promise<TelegramWorld> {
  const database = await createTestDatabase();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const sim = await startSimulator({
    port: 0,
    webhookBaseUrl: base,
    publicWebhookBaseUrl: base,
    secrets: OTHER_PLATFORM_SECRETS,
    accounts: [{ platform: 'telegram', accountId: BOT_ID, accessToken: BOT_TOKEN, displayName: 'Acme Support', username: 'acme_support_bot' }],
  });
  return {
    database,
    sim,
    base,
    snorqEnv: { PORT: String(port), PUBLIC_URL: base, TELEGRAM_API_URL: `${sim.url}/telegram` },
    async close() {
      await sim.close();
      await database.drop();
    },
  };
}

/** A call to snorq's API as the signed-in admin; `json` makes it a POST (or `method`) with that body. */
export type AdminApi = (path: string, init?: RequestInit & { json?: unknown }) => Promise<Response>;

/** Creates the organisation "Acme" and its admin, signs in through the API and answers the admin's API. */
export async function signInAdmin(world: TelegramWorld, snorqUrl: string): Promise<{ organizationId: number; api: AdminApi }> {
  const email = 'admin@acme.test';
  const password = 'telegram password 1';
  const organizationId = (await world.database.db.insertInto('organizations').values({ name: 'Acme' }).returning('id').executeTakeFirstOrThrow()).id;
  await createUser(world.database.db, { organizationId, email, name: 'Admin', role: 'admin', password });
  const login = await fetch(`${snorqUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const api: AdminApi = (path, init = {}) =>
    fetch(`${snorqUrl}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined && { 'content-type': 'application/json' }), ...init.headers },
      ...(init.json !== undefined && { body: JSON.stringify(init.json), method: init.method ?? 'POST' }),
    });
  return { organizationId, api };
}

/** Connects the bot by its token, as Settings → Channels does. */
export async function connectBot(api: AdminApi): Promise<void> {
  expect((await api('/api/v1/channels', { json: { platform: 'telegram', credentials: { botToken: BOT_TOKEN } } })).status).toBe(201);
}
