import type { Agent } from 'node:https';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { webhookDisabledNotifications } from '../notifications/notify-webhook-disabled.ts';
import { sendPushes } from '../notifications/send-push.ts';
import type { VapidKeys } from '../notifications/vapid-keys.ts';
import { targetPolicyOf } from './check-target-url.ts';
import { createWebhookWorker, type WebhookWorker } from './webhook-worker.ts';

/** The webhook worker as snorq runs it: configured from the environment, telling admins by Web Push when a subscription is disabled. */
export function createWebhooks(deps: {
  db: Db;
  config: Config;
  secretBox: SecretBox;
  vapid: () => Promise<VapidKeys>;
  agent?: Agent | undefined;
  log: { warn(o: object, m: string): void; error(o: object, m: string): void };
}): WebhookWorker {
  const { db, config, log } = deps;
  return createWebhookWorker({
    db,
    secretBox: deps.secretBox,
    policy: targetPolicyOf(config),
    retry: { baseMs: config.WEBHOOK_RETRY_BASE_MS, maxMs: config.WEBHOOK_RETRY_MAX_MS },
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    log,
    onDisabled: async (disabled) => {
      log.warn({ subscriptionId: disabled.subscriptionId, organizationId: disabled.organizationId }, 'an outgoing webhook failed for 24 h and was disabled');
      const notifications = await webhookDisabledNotifications(db, disabled.organizationId, { id: disabled.subscriptionId, url: disabled.url, lastError: disabled.lastError });
      await sendPushes(db, disabled.organizationId, notifications, { vapid: deps.vapid, log, agent: deps.agent });
    },
  });
}
