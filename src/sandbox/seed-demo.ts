import { SANDBOXES, type Simulator } from '../simulator/index.ts';
import type { Sandbox } from './sandbox-accounts.ts';

/**
 * A few customers write in on every sandbox platform (its section's `demo`), so a newcomer opens
 * an inbox with something in it: recent questions, a photo, threads older than a reply window.
 * They are ordinary signed webhooks through the simulator, platform after platform.
 */
export async function seedDemoConversations(sim: Simulator, sandbox: Sandbox): Promise<void> {
  const now = Date.now();
  for (const { platform, sandbox: section } of SANDBOXES) {
    const account = sandbox.accounts.find((a) => a.platform === platform);
    if (!account) continue;
    for (const { agoMs, ...message } of section.demo) {
      await sim.customers.send(platform, { ...message, accountId: account.accountId, ...(agoMs !== undefined && { timestamp: now - agoMs }) });
    }
  }
}
