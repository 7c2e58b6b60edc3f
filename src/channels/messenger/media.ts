import type { ChannelMedia } from '../channel-definition.ts';
import { directDownload } from '../media-plans.ts';
import { META_ATTACHMENT_MAX_BYTES, META_MEDIA_HOSTS } from '../meta/media-hosts.ts';
import type { OutboundMediaRules } from '../outbound-media.ts';

/**
 * What a Page sends (FACTS 2.3, 2.5): one attachment per message (`image|audio|video|file` by
 * URL), up to 25 MB, no type list beyond the kind; text is never a caption, always its own message.
 */
const MESSENGER_OUTBOUND: OutboundMediaRules = {
  kinds: {
    image: { mimeTypes: 'any', maxBytes: META_ATTACHMENT_MAX_BYTES },
    video: { mimeTypes: 'any', maxBytes: META_ATTACHMENT_MAX_BYTES },
    audio: { mimeTypes: 'any', maxBytes: META_ATTACHMENT_MAX_BYTES },
    file: { mimeTypes: 'any', maxBytes: META_ATTACHMENT_MAX_BYTES },
  },
  caption: null,
  perMessage: 1,
};

/** Messenger attachments (FACTS 2.5): signed CDN URLs that need no credentials, at most 25 MB. */
export const messengerMedia: ChannelMedia = {
  hosts: META_MEDIA_HOSTS,
  credentialHosts: [],
  credentialUrls: ['metaGraph'],
  maxBytes: META_ATTACHMENT_MAX_BYTES,
  outbound: MESSENGER_OUTBOUND,
  plan: async (item) => directDownload(item),
};
