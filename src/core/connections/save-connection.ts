import type { ConnectResult, SavedAccount } from '../../channels/channel-definition.ts';
import type { ChannelCredentials } from '../../channels/types.ts';
import { ChannelInput, connectChannel } from '../channel-accounts/connect-channel.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import type { OAuthDeps } from './oauth-config.ts';
import { recordSubscription, subscribeChannel, type SubscriptionOutcome } from './webhook-subscriptions.ts';

export type { ConnectResult };
export type Saved = SavedAccount;

/**
 * Store one account the platform handed over, through connectChannel (sealed credentials, one
 * organisation per account). What the platform sent is parsed like an admin's input would be: an
 * id in an unexpected format is refused here, not stored.
 */
export async function saveConnection(deps: OAuthDeps, owner: { organizationId: number; userId: number }, input: unknown, tokenExpiresAt: Date | null): Promise<Saved> {
  const { organizationId } = owner;
  const parsed = ChannelInput.safeParse(input);
  if (!parsed.success) return { ok: false, message: `the platform returned an account snorq cannot use (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  try {
    const row = await connectChannel(deps.db, deps.secretBox, organizationId, parsed.data, 'oauth', { tokenExpiresAt });
    await recordAudit(deps.db, {
      organizationId,
      action: 'channel.connected',
      actorUserId: owner.userId,
      details: { channelId: row.id, platform: row.platform, externalAccountId: row.external_account_id, via: 'oauth' },
    });
    return { ok: true, id: row.id, name: row.display_name };
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFLICT') return { ok: false, message: `${parsed.data.displayName}: ${err.message}` };
    throw err;
  }
}

/**
 * Subscribe a just-saved channel to its webhooks and remember the outcome; `known` reuses an
 * outcome already obtained for the same Page/WABA/app. A failed subscription is a warning: the
 * channel exists and the health check keeps telling the admin until it is fixed.
 */
export async function subscribeSaved(
  deps: OAuthDeps,
  saved: { id: number },
  channel: { platform: ChannelCredentials['platform']; external_account_id: string },
  creds: ChannelCredentials,
  known?: SubscriptionOutcome,
): Promise<SubscriptionOutcome> {
  const outcome = known ?? (await subscribeChannel(deps, { id: saved.id, ...channel }, creds));
  await recordSubscription(deps, saved.id, outcome);
  return outcome;
}
