import { channelOf } from '../../channels/registry.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { tryOpenCredentials } from '../channel-accounts/channel-credentials.ts';
import { platformCallContext } from '../channel-accounts/platform-call.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * When an agent reads a thread, the customer sees it read too, where the platform has a way
 * (`api.markRead` of its definition: blue ticks on the latest message, `mark_seen`, …).
 * Best effort: a failure here changes nothing in snorq and is only logged.
 */
export async function sendReadReceipt(deps: { db: Db; config: Config; secretBox: SecretBox; log: { warn(o: object, m: string): void } }, conversationId: number): Promise<void> {
  const row = await deps.db
    .selectFrom('conversations as c')
    .innerJoin('channels as ch', 'ch.id', 'c.channel_id')
    .innerJoin('contact_identities as i', 'i.id', 'c.contact_identity_id')
    .select(['ch.platform', 'ch.external_account_id', 'ch.credentials_enc', 'ch.connection_state', 'i.platform_user_id', 'c.id'])
    .where('c.id', '=', conversationId)
    .executeTakeFirst();
  if (!row || row.connection_state !== 'connected') return;
  const markRead = channelOf(row.platform).api.markRead;
  if (!markRead) return;
  const { credentials, problem } = tryOpenCredentials(deps.secretBox, row);
  if (problem) deps.log.warn({ conversationId, platform: row.platform, problem }, 'no read receipt: the channel credentials cannot be read');
  if (!credentials) return;
  const call = platformCallContext(deps.config, row, credentials, 10_000);
  const last = await deps.db
    .selectFrom('messages')
    .select('external_id')
    .where('conversation_id', '=', conversationId)
    .where('direction', '=', 'inbound')
    .orderBy('platform_timestamp', 'desc')
    .limit(1)
    .executeTakeFirst();
  const result = await markRead(call, { recipientId: row.platform_user_id, lastInboundExternalId: last?.external_id ?? null });
  if (!result.ok) deps.log.warn({ conversationId, platform: row.platform }, 'read receipt to the platform failed');
}
