import { channelOf } from '../../channels/registry.ts';
import type { WebhookRequest } from '../../channels/types.ts';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import type { Platform } from '../../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { tryOpenCredentials } from './channel-credentials.ts';

/**
 * The keys a platform may have signed a webhook with, as its definition's `webhook.signing` says;
 * the webhook passes when it matches any of them. An app-signed platform's keys come from the
 * configuration (every secret snorq holds that can apply is tried: the body says which account
 * it is for only once it is trusted). An account-signed one's come from the one channel the
 * webhook routes to (`accountHint`): trying every key stored for the platform would let whoever
 * stored one (another organisation, an old credential) sign webhooks that land in someone else's channel.
 */
export async function webhookSigningSecrets(deps: { config: Config; db: Db; secretBox: SecretBox }, platform: Platform, req: WebhookRequest): Promise<string[]> {
  const webhook = channelOf(platform).webhook;
  if (webhook.signedWith === 'app') return webhook.secrets(deps.config);
  const accountId = webhook.accountHint(req);
  if (accountId === undefined) return [];
  const row = await deps.db.selectFrom('channels').select(['credentials_enc', 'platform']).where('platform', '=', platform).where('external_account_id', '=', accountId).executeTakeFirst();
  if (!row) return [];
  // An unreadable row vouches for nothing: the webhook is refused like one with no channel.
  return webhook.secrets({ accountId, credentials: tryOpenCredentials(deps.secretBox, row).credentials, config: deps.config });
}

/** The configured secrets of an app-signed platform (none for one signed per account). */
export function appSigningSecrets(config: Config, platform: Platform): string[] {
  const webhook = channelOf(platform).webhook;
  return webhook.signedWith === 'app' ? webhook.secrets(config) : [];
}

/** The verify tokens a platform's GET handshake may carry (none without a handshake). */
export function verifyTokensFor(config: Config, platform: Platform): string[] {
  return channelOf(platform).webhook.handshake?.verifyTokens(config) ?? [];
}
