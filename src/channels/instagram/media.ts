import type { ChannelMedia } from '../channel-definition.ts';
import { directDownload } from '../media-plans.ts';
import { META_ATTACHMENT_MAX_BYTES, META_MEDIA_HOSTS } from '../meta/media-hosts.ts';

/** Instagram attachments (FACTS 3.5): signed CDN URLs that need no credentials, at most 25 MB. */
export const instagramMedia: ChannelMedia = {
  hosts: META_MEDIA_HOSTS,
  credentialHosts: [],
  credentialUrls: ['metaGraph', 'instagramGraph'],
  maxBytes: META_ATTACHMENT_MAX_BYTES,
  plan: async (item) => directDownload(item),
};
