import type { ChannelCredentials } from '../../channels/types.ts';
import type { Channel } from '../../db/schema.ts';
import type { SecretBox } from '../crypto/secret-box.ts';

/** Decrypt a channel's credentials; null when it has none stored. */
export function openCredentials(box: SecretBox, channel: Pick<Channel, 'credentials_enc'>): ChannelCredentials | null {
  return channel.credentials_enc ? box.openJson<ChannelCredentials>(channel.credentials_enc) : null;
}

export function sealCredentials(box: SecretBox, credentials: ChannelCredentials): Buffer {
  return box.sealJson(credentials);
}
