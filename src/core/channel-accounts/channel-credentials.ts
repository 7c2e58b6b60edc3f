import { channelOf, isPlatform } from '../../channels/registry.ts';
import type { ChannelCredentials } from '../../channels/types.ts';
import type { Channel } from '../../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/**
 * A channel's stored credentials could not be read back: they do not decrypt, or they do not
 * match its platform's `credentials` schema (src/channels/<platform>/credentials.ts). An error for
 * that channel alone (the caller reports it as the channel's problem and goes on with the
 * others); the message names the fields, never their values.
 */
export class UnreadableCredentialsError extends Error {
  constructor(
    readonly platform: string,
    readonly problem: string,
  ) {
    super(`The stored ${platform} credentials of this channel cannot be read (${problem}); reconnect the channel.`);
    this.name = 'UnreadableCredentialsError';
  }
}

/**
 * Decrypt a channel's credentials and parse them with its platform's schema; null when it has
 * none stored. Throws UnreadableCredentialsError when they do not decrypt or do not parse.
 */
export function openCredentials(box: SecretBox, channel: Pick<Channel, 'credentials_enc' | 'platform'>): ChannelCredentials | null {
  if (!channel.credentials_enc) return null;
  const platform: string = channel.platform;
  if (!isPlatform(platform)) throw new UnreadableCredentialsError(platform, 'no such platform');
  let json: unknown;
  try {
    json = box.openJson(channel.credentials_enc);
  } catch {
    throw new UnreadableCredentialsError(platform, 'they do not decrypt with SNORQ_SECRET_KEY');
  }
  const parsed = channelOf(platform).credentials.safeParse(json);
  if (!parsed.success) {
    // zod's messages and paths name fields and expected types, never the input's values.
    const problem = parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ');
    throw new UnreadableCredentialsError(platform, problem);
  }
  return parsed.data as ChannelCredentials;
}

/** Like openCredentials, but an unreadable row is null plus its reason, for callers that go on with other channels. */
export function tryOpenCredentials(box: SecretBox, channel: Pick<Channel, 'credentials_enc' | 'platform'>): { credentials: ChannelCredentials | null; problem?: string } {
  try {
    return { credentials: openCredentials(box, channel) };
  } catch (err) {
    if (err instanceof UnreadableCredentialsError) return { credentials: null, problem: err.message };
    throw err;
  }
}

export function sealCredentials(box: SecretBox, credentials: ChannelCredentials): Buffer {
  return box.sealJson(credentials);
}
