import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botSecretToken } from '../../../src/channels/telegram/webhook-url.ts';
import type { Simulator } from '../../../src/simulator/index.ts';
import type { RunningSnorq } from '../../../src/start-snorq.ts';
import { eventually } from '../../helpers/sandboxed-snorq.ts';
import { startTestSnorq } from '../../helpers/test-snorq.ts';
import { BOT_ID, BOT_TOKEN, startTelegramWorld, type TelegramWorld } from './telegram-harness.ts';

/**
 * A bot from the environment: TELEGRAM_BOT_TOKEN provisions its channel at start, and snorq calls
 * setWebhook with its public URL and the secret derived from TELEGRAM_WEBHOOK_SECRET, at every
 * start (another program may have taken the webhook meanwhile). A token Telegram refuses marks the
 * channel needs_reconnect and never stops snorq.
 */

const WEBHOOK_SECRET = 'an operator chosen telegram secret';

let world: TelegramWorld;
let sim: Simulator;
let base: string;

const start = (token = BOT_TOKEN): Promise<RunningSnorq> => startTestSnorq(world.database.url, { ...world.snorqEnv, TELEGRAM_BOT_TOKEN: token, TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET });

const setWebhookCalls = () => sim.recorded.list({ platform: 'telegram', path: /setWebhook$/ });
const telegramChannels = () => world.database.db.selectFrom('channels').selectAll().where('platform', '=', 'telegram').execute();

beforeAll(async () => {
  world = await startTelegramWorld();
  ({ sim, base } = world);
}, 60_000);

afterAll(async () => {
  await world?.close();
});

describe('a Telegram bot from the environment', () => {
  it('is provisioned at start and its webhook set to PUBLIC_URL with the derived secret; its customers reach the inbox', async () => {
    const snorq = await start();
    try {
      const set = await eventually(async () => setWebhookCalls()[0]);
      expect(set.status).toBe(200);
      expect(set.body).toEqual({
        url: `${base}/api/v1/webhooks/telegram?bot=${BOT_ID}`,
        secret_token: botSecretToken(WEBHOOK_SECRET, BOT_ID),
        allowed_updates: ['message', 'edited_message', 'callback_query'],
      });
      const channel = await eventually(async () => (await telegramChannels()).find((c) => c.subscription_state === 'subscribed'));
      expect(channel).toMatchObject({ external_account_id: BOT_ID, source: 'env', connection_state: 'connected' });

      const sent = await sim.customers.send('telegram', { accountId: BOT_ID, customer: { id: '23', name: 'Sojan Jose' }, text: 'from an env bot' });
      expect(sent.status).toBe(200);
      const stored = await eventually(() => world.database.db.selectFrom('messages').selectAll().where('external_id', '=', sent.externalId!).executeTakeFirst());
      expect(stored).toMatchObject({ channel_id: channel.id, content: 'from an env bot', direction: 'inbound' });
    } finally {
      await snorq.stop();
    }
  });

  it('takes the webhook back at the next start when another program moved it', async () => {
    const moved = await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/setWebhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://elsewhere.example/hook' }),
    });
    expect(moved.status).toBe(200);
    const before = setWebhookCalls().length;
    const snorq = await start();
    try {
      await eventually(async () => setWebhookCalls().length > before);
      expect(setWebhookCalls().at(-1)?.body).toMatchObject({ url: `${base}/api/v1/webhooks/telegram?bot=${BOT_ID}` });
      const info = await (await fetch(`${sim.url}/telegram/bot${BOT_TOKEN}/getWebhookInfo`)).json();
      expect(info).toMatchObject({ ok: true, result: { url: `${base}/api/v1/webhooks/telegram?bot=${BOT_ID}` } });
    } finally {
      await snorq.stop();
    }
  });

  it('a token Telegram refuses: snorq starts, the channel needs reconnecting and says why', async () => {
    const refused = '7123456789:AAwrongwrongwrongwrongwrong';
    const before = setWebhookCalls().length;
    const snorq = await start(refused);
    try {
      const channel = await eventually(async () => (await telegramChannels()).find((c) => c.connection_state === 'needs_reconnect'));
      expect(channel.last_error).toContain('Telegram refused');
      expect(channel.subscription_state).toBe('missing');
      expect(
        setWebhookCalls()
          .slice(before)
          .map((c) => c.status),
      ).toEqual([401]);
      expect((await fetch(`${snorq.url}/readyz`)).status).toBe(200);
    } finally {
      await snorq.stop();
    }
  });
});
