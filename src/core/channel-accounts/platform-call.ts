import type { ChannelCredentials, PlatformCallContext } from '../../channels/types.ts';
import { platformAppSecrets, platformUrls } from '../../channels/registry-config.ts';
import type { Config } from '../../config/config.ts';
import type { Channel } from '../../db/schema.ts';

/** How long one platform call may take before it counts as a timeout (sends, history pages). */
export const PLATFORM_CALL_TIMEOUT_MS = 15_000;

/**
 * What every call to a platform needs: the channel's routing id, its decrypted credentials and
 * the base URLs from config (the simulator stands in by changing those only, STYLE 6). One place,
 * so the outbox and the history sync can never disagree on where a platform lives.
 */
export function platformCallContext(config: Config, channel: Pick<Channel, 'external_account_id'>, credentials: ChannelCredentials, timeoutMs = PLATFORM_CALL_TIMEOUT_MS): PlatformCallContext {
  return {
    accountId: channel.external_account_id,
    credentials,
    urls: platformUrls(config),
    appSecrets: platformAppSecrets(config, credentials),
    timeoutMs,
  };
}
