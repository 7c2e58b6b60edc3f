import type { ChannelMedia } from '../channel-definition.ts';
import { directDownload, finalFailure } from '../media-plans.ts';
import { MB, type OutboundMediaRules } from '../outbound-media.ts';
import { twilioPolicy } from './policy.ts';

/**
 * What a WhatsApp sender on Twilio sends (FACTS 5.5, 5.7; Twilio's "Guidance on WhatsApp Media
 * Messages"): one `MediaUrl` per WhatsApp message; JPEG/PNG images up to 5 MB; MP4 video,
 * OGG/AMR/MP3/M4A/AAC audio and PDF, DOC(X), PPTX, XLSX documents up to 16 MB. `Body` is the
 * caption of an image or a video; Twilio sets no caption (nor file name) on documents.
 */
const TWILIO_OUTBOUND: OutboundMediaRules = {
  kinds: {
    image: { mimeTypes: ['image/jpeg', 'image/png'], maxBytes: 5 * MB },
    video: { mimeTypes: ['video/mp4'], maxBytes: 16 * MB },
    audio: { mimeTypes: ['audio/ogg', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/aac'], maxBytes: 16 * MB },
    file: {
      mimeTypes: [
        'application/pdf',
        'application/msword',
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/vnd.openxmlformats-officedocument.presentationml.presentation',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      maxBytes: 16 * MB,
    },
  },
  caption: { limit: twilioPolicy.textLimit, kinds: ['image', 'video'] },
  perMessage: 1,
};

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
  outbound: TWILIO_OUTBOUND,
  async plan(item, source) {
    const c = source.credentials;
    if (c?.platform !== 'twilio') return finalFailure('The Twilio channel has no credentials to download media with.');
    const basic = Buffer.from(`${c.accountSid}:${c.authToken}`).toString('base64');
    return directDownload(item, { authorization: `Basic ${basic}` });
  },
};
