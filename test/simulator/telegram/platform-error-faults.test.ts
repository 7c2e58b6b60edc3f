import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimAccount } from '../../../src/simulator/index.ts';
import { ACCOUNTS, call, json, startHarness, type Harness } from '../helpers.ts';

/** `platform_error` faults on the Bot API: the person's refusals as Telegram words them, `{ok:false, error_code, description}`. */
const BOT: SimAccount = { platform: 'telegram', accountId: '7123456789', accessToken: '7123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw', username: 'acme_bot' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ accounts: [...Object.values(ACCOUNTS), BOT] });
});
afterAll(async () => h.close());

const telegram = () => call(`${h.sim.url}/telegram/bot${BOT.accessToken}/sendMessage`, json({ chat_id: 23, text: 'x' }));

describe('telegram platform_error faults', () => {
  it('Telegram: a blocked, deactivated or unknown person as the Bot API words it', async () => {
    for (const [code, status, description] of [
      ['blocked', 403, 'Forbidden: bot was blocked by the user'],
      ['deactivated', 403, 'Forbidden: user is deactivated'],
      ['cant_initiate', 403, "Forbidden: bot can't initiate conversation with a user"],
      ['chat_not_found', 400, 'Bad Request: chat not found'],
    ] as const) {
      h.sim.faults.set({ platform: 'telegram', kind: 'platform_error', code });
      const refused = await telegram();
      expect(refused.status).toBe(status);
      expect(refused.body).toEqual({ ok: false, error_code: status, description });
    }
  });
});
