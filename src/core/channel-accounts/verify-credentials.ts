import type { OAuthClient } from '../../channels/http/oauth-client.ts';
import { channelOf } from '../../channels/registry.ts';
import type { PlatformFailure } from '../../channels/types.ts';
import { AppError } from '../errors/app-error.ts';
import type { ChannelInput } from './connect-channel.ts';

/**
 * Credentials typed in by an admin are proven with the platform before anything is stored: an
 * account id is claimed only by whoever holds a token that may act for it. Each platform's
 * definition says how (`connect.verify`: the cheapest read that needs exactly that right); a
 * platform without one cannot be connected by credentials typed in.
 */
export async function verifyChannelCredentials(client: OAuthClient, input: ChannelInput): Promise<void> {
  const { verify } = channelOf(input.platform).connect;
  if (!verify) throw new AppError('UNPROCESSABLE', `${channelOf(input.platform).ui.name} accounts cannot be connected by credentials typed in; connect them from Settings → Channels`);
  const outcome = await verify(client, input as never);
  if (outcome.ok) return;
  throw refusal(input, outcome.failure);
}

/**
 * A platform that could not answer (network, 5xx, rate limit) is not a verdict on the
 * credentials: 502, try again. Anything else is a refusal: 422, nothing stored.
 */
function refusal(input: ChannelInput, failure: PlatformFailure): AppError {
  const platform = channelOf(input.platform).ui.name;
  if (failure.retryable)
    return new AppError('PLATFORM_UNAVAILABLE', `${platform} could not be reached to check these credentials; nothing was stored, try again`, { platformCode: failure.platformCode ?? null });
  const why = failure.tokenInvalid ? `${platform} rejected the credentials` : `${platform} refused these credentials for account ${input.externalAccountId}: ${failure.reason}`;
  return new AppError('CREDENTIALS_REJECTED', `${why}; nothing was stored`, { platformCode: failure.platformCode ?? null });
}
