import type { ConnectContext } from '../../channels/channel-definition.ts';
import type { Platform } from '../../channels/registry.ts';
import type { Principal } from '../accounts/auth-tokens.ts';
import { oauthClient, redirectUri, type OAuthDeps } from './oauth-config.ts';
import { savePending } from './pending-connections.ts';
import { saveConnection, subscribeSaved } from './save-connection.ts';

/** What a platform's connect flow may do for the admin `principal`: save accounts to their organisation, subscribe them, keep choices for their session. */
export function connectContext(deps: OAuthDeps, principal: Principal, platform: Platform): ConnectContext {
  return {
    config: deps.config,
    client: oauthClient(deps.config),
    redirectUri: redirectUri(deps.config, platform),
    save: (account, tokenExpiresAt) => saveConnection(deps, principal, account, tokenExpiresAt),
    subscribe: (saved, channel, credentials, known) => subscribeSaved(deps, saved, { ...channel, platform: channel.platform as Platform }, credentials, known),
    choose: async (pending) => ({ kind: 'choose', pendingId: await savePending(deps.db, deps.secretBox, { organizationId: principal.organizationId, tokenId: principal.tokenId }, pending) }),
  };
}
