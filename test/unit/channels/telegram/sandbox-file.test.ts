import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSandbox, sandboxChannels } from '../../../../src/sandbox/sandbox-accounts.ts';
import { SANDBOX_FILE_OF_FIVE } from '../../../helpers/sandbox-file-of-five.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dataDirWith(bot: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snorq-sandbox-bot-'));
  dirs.push(dir);
  const file = { ...SANDBOX_FILE_OF_FIVE, accounts: [...SANDBOX_FILE_OF_FIVE.accounts, bot] };
  fs.writeFileSync(path.join(dir, 'sandbox.json'), JSON.stringify(file, null, 2), { mode: 0o600 });
  return dir;
}

/** The sandbox's Telegram bot in sandbox.json, without its webhook secret (a hand-edited file). */
const bot = { platform: 'telegram', accountId: '7123456789', accessToken: '7123456789:AAsandboxbottokenfortests0000000000', displayName: 'Snorq Coffee', username: 'snorq_coffee_bot' };

describe("the sandbox's Telegram bot in sandbox.json", () => {
  it('makes a channel with its token and webhook secret', async () => {
    const sandbox = await loadSandbox(dataDirWith({ ...bot, webhookSecret: 's'.repeat(43) }));
    const channel = sandboxChannels(sandbox).find((c) => c.platform === 'telegram');
    expect(channel).toMatchObject({ externalAccountId: bot.accountId, displayName: '@snorq_coffee_bot', credentials: { botToken: bot.accessToken, webhookSecret: 's'.repeat(43) } });
  });

  it('without its webhook secret is refused with what to do, not made into a channel that refuses every update', async () => {
    const sandbox = await loadSandbox(dataDirWith(bot));
    expect(() => sandboxChannels(sandbox)).toThrow(/sandbox\.json: the Telegram bot 7123456789 has no webhookSecret; move the file away/);
  });
});
