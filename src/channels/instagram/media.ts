import type { ChannelMedia } from '../channel-definition.ts';
import { directDownload } from '../media-plans.ts';
import { META_ATTACHMENT_MAX_BYTES, META_MEDIA_HOSTS } from '../meta/media-hosts.ts';
import { MB, type OutboundMediaRules } from '../outbound-media.ts';

/**
 * What an Instagram account sends (FACTS 3.3): images PNG/JPEG up to 8 MB; audio AAC/M4A/WAV/MP4,
 * video MP4/OGG/AVI/MOV/WebM and PDF files up to 25 MB (of those, the types snorq takes as
 * uploads); no captions. Up to 10 images may share one request, but snorq sends one per message
 * so that each has its own status.
 */
const INSTAGRAM_OUTBOUND: OutboundMediaRules = {
  kinds: {
    image: { mimeTypes: ['image/png', 'image/jpeg'], maxBytes: 8 * MB },
    video: { mimeTypes: ['video/mp4'], maxBytes: META_ATTACHMENT_MAX_BYTES },
    audio: { mimeTypes: ['audio/aac', 'audio/mp4', 'audio/wav'], maxBytes: META_ATTACHMENT_MAX_BYTES },
    file: { mimeTypes: ['application/pdf'], maxBytes: META_ATTACHMENT_MAX_BYTES },
  },
  caption: null,
  perMessage: 1,
};

/** Instagram attachments (FACTS 3.5): signed CDN URLs that need no credentials, at most 25 MB. */
export const instagramMedia: ChannelMedia = {
  hosts: META_MEDIA_HOSTS,
  credentialHosts: [],
  credentialUrls: ['metaGraph', 'instagramGraph'],
  maxBytes: META_ATTACHMENT_MAX_BYTES,
  outbound: INSTAGRAM_OUTBOUND,
  plan: async (item) => directDownload(item),
};
