import { channelOf } from '../../channels/registry.ts';
import type { OutboundMedia, OutboundMessage } from '../../channels/types.ts';
import type { Config } from '../../config/config.ts';
import type { Channel, Message } from '../../db/schema.ts';
import { attachmentName } from '../media/upload-policy.ts';

/** Where the platform can fetch a stored attachment (a signed, expiring URL) and a local path to its bytes. */
export type OutboundMediaResolver = (storageKey: string) => Promise<{ url: string; localPath?: string } | null> | { url: string; localPath?: string } | null;

/** The platform-neutral request an adapter turns into its own API call. */
export async function buildOutboundMessage(deps: { config: Config; resolveMedia: OutboundMediaResolver }, channel: Channel, recipientId: string, message: Message): Promise<OutboundMessage> {
  const meta = message.metadata as { template?: OutboundMessage['template']; tag?: 'HUMAN_AGENT'; platformConversationId?: string };
  const definition = channelOf(channel.platform);
  const item = message.media[0];
  let media: OutboundMedia | undefined;
  if (item?.storageKey && item.type !== 'sticker') {
    const where = await deps.resolveMedia(item.storageKey);
    if (where) {
      const mimeType = item.mimeType ?? 'application/octet-stream';
      // Named again from the stored type: replies queued before names were derived carry the client's.
      media = { type: item.type, url: where.url, localPath: where.localPath, mimeType, filename: attachmentName(item.filename, mimeType) };
    }
  }
  return {
    recipientId,
    ...(message.content_type !== 'template' && message.content ? { text: message.content } : {}),
    ...(media && { media }),
    ...(meta.template && { template: meta.template }),
    ...(meta.tag && { tag: meta.tag }),
    ...(message.reply_to_external_id && { replyToExternalId: message.reply_to_external_id }),
    ...(meta.platformConversationId && { conversationId: meta.platformConversationId }),
    ...(definition.api.statusCallback && { statusCallbackUrl: `${deps.config.publicUrl}/api/v1/webhooks/${definition.webhook.paths[0]}` }),
  };
}
