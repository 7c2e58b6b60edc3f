import type { ChannelMedia } from '../channel-definition.ts';
import { directDownload, finalFailure } from '../media-plans.ts';

const TWILIO_API_HOSTS = ['api.twilio.com'];
/** Twilio 302s every media URL to its CDN (mms.twiliocdn.com, media.twiliocdn.com): no credentials there (FACTS 5.7, pitfall 25). */
const TWILIO_CDN_HOSTS = ['.twiliocdn.com'];

/**
 * Inbound `MediaUrlN` (FACTS 5.7): GET with Basic `AccountSid:AuthToken` on the API host, which
 * redirects to the CDN; the redirect is followed without the credentials. Media are at most 16 MB
 * per message; 25 MB leaves room.
 */
export const twilioMedia: ChannelMedia = {
  hosts: [...TWILIO_API_HOSTS, ...TWILIO_CDN_HOSTS],
  credentialHosts: TWILIO_API_HOSTS,
  credentialUrls: ['twilio'],
  maxBytes: 25 * 1_048_576,
  async plan(item, source) {
    const c = source.credentials;
    if (c?.platform !== 'twilio') return finalFailure('The Twilio channel has no credentials to download media with.');
    const basic = Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64');
    return directDownload(item, { authorization: `Basic ${basic}` });
  },
};
