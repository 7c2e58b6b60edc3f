import { markSeen as instagramMarkSeen } from '../../channels/instagram/api.ts';
import { markSeen as messengerMarkSeen } from '../../channels/messenger/api.ts';
import { markRead as whatsappMarkRead } from '../../channels/whatsapp/api.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { tryOpenCredentials } from '../channels/channel-credentials.ts';
import { platformCallContext } from '../channels/platform-call.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * When an agent reads a thread, the customer sees it read too, where the platform has a way:
 * WhatsApp marks the last message read (blue ticks), Messenger and Instagram send `mark_seen`.
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
  const { credentials, problem } = tryOpenCredentials(deps.secretBox, row);
  if (problem) deps.log.warn({ conversationId, platform: row.platform, problem }, 'no read receipt: the channel credentials cannot be read');
  if (!credentials) return;
  const call = platformCallContext(deps.config, row, credentials, 10_000);
  let result: { ok: boolean } | undefined;
  if (row.platform === 'whatsapp') {
    const last = await deps.db
      .selectFrom('messages')
      .select('external_id')
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'inbound')
      .orderBy('platform_timestamp', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (last?.external_id) result = await whatsappMarkRead(call, last.external_id);
  } else if (row.platform === 'messenger') result = await messengerMarkSeen(call, row.platform_user_id);
  else if (row.platform === 'instagram') result = await instagramMarkSeen(call, row.platform_user_id);
  if (result && !result.ok) deps.log.warn({ conversationId, platform: row.platform }, 'read receipt to the platform failed');
}
