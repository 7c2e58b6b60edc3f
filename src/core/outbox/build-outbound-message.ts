import { channelOf } from '../../channels/registry.ts';
import type { OutboundMedia, OutboundMessage } from '../../channels/types.ts';
import type { Config } from '../../config/config.ts';
import type { Channel, Message } from '../../db/schema.ts';
import { attachmentName } from '../media/upload-policy.ts';
import { readMessageMetadata, type MessageMetadata } from './message-metadata.ts';

/** Where the platform can fetch a stored attachment (a signed, expiring URL) and a local path to its bytes. */
export type OutboundMediaResolver = (storageKey: string) => Promise<{ url: string; localPath?: string } | null> | { url: string; localPath?: string } | null;

/**
 * The platform-neutral request an adapter turns into its own API call. `meta` is the message's
 * metadata as `readMessageMetadata` parsed it (the outbox parses first and fails the send with the
 * reason when it does not match); when not given it is parsed here, and a mismatch throws rather
 * than sending a reply without the template or tag it was queued with.
 */
export async function buildOutboundMessage(
  deps: { config: Config; resolveMedia: OutboundMediaResolver },
  channel: Pick<Channel, 'platform'>,
  recipientId: string,
  message: Message,
  meta: MessageMetadata = parsedOrThrow(channel.platform, message),
): Promise<OutboundMessage> {
  const definition = channelOf(channel.platform);
  const item = message.media[0];
  let media: OutboundMedia | undefined;
  if (item?.storageKey && item.type !== 'sticker') {
    const where = await deps.resolveMedia(item.storageKey);
    if (where) {
      const mimeType = item.mimeType ?? 'application/octet-stream';
      // Named again from the stored type: replies queued before names were derived carry the client's.
      media = { type: item.type, url: where.url, localPath: where.localPath, mimeType, filename: attachmentName(item.filename, mimeType), ...(item.size !== undefined && { size: item.size }) };
    }
  }
  return {
    recipientId,
    ...(message.content_type !== 'template' && message.content ? { text: message.content } : {}),
    ...(media && { media }),
    ...(meta.template && { template: meta.template }),
    ...(meta.tag && { tag: meta.tag }),
    ...(meta.interactive && definition.api.interactive && { interactive: meta.interactive }),
    ...(message.reply_to_external_id && { replyToExternalId: message.reply_to_external_id }),
    ...(definition.api.statusCallback && { statusCallbackUrl: `${deps.config.publicUrl}/api/v1/webhooks/${definition.webhook.paths[0]}` }),
  };
}

function parsedOrThrow(platform: Channel['platform'], message: Message): MessageMetadata {
  const read = readMessageMetadata(platform, message.metadata);
  if (!read.ok) throw new Error(`message ${message.id}: its stored metadata does not match the ${platform} schema (${read.problem})`);
  return read.metadata;
}
