import { channelOf } from '../../channels/registry.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { platformCallContext } from '../channel-accounts/platform-call.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { createRateGate } from '../presence/rate-gate.ts';
import { currentReplyWindow } from '../reply-window/current-reply-window.ts';

/**
 * How often one conversation's customer is told "typing…" while agents write. The platforms show
 * it for 5 s (a bot's chat action) to 25 s (WhatsApp) and never need a "stop"; one call every few
 * seconds keeps it on while someone types and stays far inside every platform's rate limit.
 */
export const PLATFORM_TYPING_INTERVAL_MS = 4000;
/** A typing call is worth nothing late: it waits this long at most. */
const TYPING_TIMEOUT_MS = 5000;

export type TypingOutcome = 'sent' | 'limited' | 'not_supported' | 'window_closed' | 'failed';

export interface PlatformTyping {
  /**
   * An agent typed in a conversation of `organizationId` (announced by the composer to the other
   * agents). At most one platform call per conversation per interval, whoever types, and only
   * while the reply window is open; a failure is logged, never shown. Never throws.
   */
  agentTyping(organizationId: number, conversationId: number): Promise<TypingOutcome>;
}

export interface PlatformTypingDeps {
  db: Db;
  config: Config;
  secretBox: SecretBox;
  log: { warn(o: object, m: string): void };
}

/** `now` is the rate limit's clock, injected for tests (counted, never timed). The limit is per instance: each may add a call per interval. */
export function createPlatformTyping(deps: PlatformTypingDeps, options: { intervalMs?: number; now?: () => number } = {}): PlatformTyping {
  const gate = createRateGate(options.intervalMs ?? PLATFORM_TYPING_INTERVAL_MS, options.now);
  return {
    async agentTyping(organizationId, conversationId) {
      if (!gate.pass(String(conversationId))) return 'limited';
      try {
        return await sendTyping(deps, organizationId, conversationId, new Date());
      } catch (err) {
        deps.log.warn({ err, conversationId }, 'typing indicator to the platform failed');
        return 'failed';
      }
    },
  };
}

async function sendTyping(deps: PlatformTypingDeps, organizationId: number, conversationId: number, now: Date): Promise<TypingOutcome> {
  const row = await deps.db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .select(['c.id', 'c.last_inbound_at', 'ch.platform', 'ch.external_account_id', 'ch.credentials_enc', 'ch.connection_state', 'i.platform_user_id'])
    .where('c.id', '=', conversationId)
    .where('c.organization_id', '=', organizationId)
    .executeTakeFirst();
  if (!row || row.connection_state !== 'connected') return 'not_supported';
  const typing = channelOf(row.platform).api.typing;
  if (!typing) return 'not_supported';
  // "typing…" is a message to the customer: never where a reply could not go.
  const window = await currentReplyWindow(deps.db, { id: row.id, platform: row.platform, lastInboundAt: row.last_inbound_at }, now);
  if (!window.allowed.includes('text')) return 'window_closed';
  const { credentials, problem } = tryOpenCredentials(deps.secretBox, row);
  if (!credentials) {
    deps.log.warn({ conversationId, platform: row.platform, problem }, 'no typing indicator: the channel credentials cannot be read');
    return 'failed';
  }
  const last = await deps.db
    .selectFrom('messages')
    .select('external_id')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .where('external_id', 'is not', null)
    .orderBy('platform_timestamp', 'desc')
    .limit(1)
    .executeTakeFirst();
  const done = await typing(platformCallContext(deps.config, row, credentials, TYPING_TIMEOUT_MS), { recipientId: row.platform_user_id, lastInboundExternalId: last?.external_id ?? null });
  if (done.ok) return 'sent';
  deps.log.warn({ conversationId, platform: row.platform, code: done.failure.platformCode, reason: done.failure.reason }, 'the platform refused a typing indicator');
  return 'failed';
}
