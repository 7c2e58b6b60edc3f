import { z } from 'zod';
import { graphPath, graphRequest, type GraphRequest } from '../meta/graph-client.ts';
import { failed, parseBody, type Done, type Outcome } from '../http/outcome.ts';
import { tooLong } from '../http/send-in-parts.ts';
import { sendAttachmentThenText } from '../meta/messaging-send.ts';
import { quickReplyLimits } from '../meta/quick-replies.ts';
import type { OutboundMedia, OutboundMessage, PlatformCallContext, SendResult } from '../types.ts';
import type { ChannelApi } from '../channel-definition.ts';
import { describeLimit, fitsLimit } from '../../text/text-limits.ts';
import { instagramPolicy } from './policy.ts';

/**
 * Instagram Messaging API (FACTS 3.3). Two ways in, by how the account was connected:
 * - Facebook Login: `POST {metaGraph}/{v}/me/messages?access_token=<Page token>` (path A);
 * - Instagram Login: `POST {instagramGraph}/{v}/{IG_ID}/messages?access_token=<IG user token>` (path B).
 * The call context's accountId is the Instagram account id.
 */

/** FACTS 3.3: what Instagram accepts per attachment type; anything else fails before the call. */
const ALLOWED_MIME: Record<OutboundMedia['type'], { types: string[]; says: string }> = {
  image: { types: ['image/png', 'image/jpeg'], says: 'PNG or JPEG images' },
  video: {
    types: ['video/mp4', 'video/ogg', 'video/avi', 'video/x-msvideo', 'video/quicktime', 'video/webm'],
    says: 'MP4, OGG, AVI, MOV or WebM videos',
  },
  audio: {
    types: ['audio/aac', 'audio/mp4', 'audio/m4a', 'audio/x-m4a', 'audio/wav', 'audio/x-wav', 'audio/wave', 'audio/vnd.wave'],
    says: 'AAC, M4A, WAV or MP4 audio',
  },
  file: { types: ['application/pdf'], says: 'PDF files' },
};

const SendResponseSchema = z.looseObject({ message_id: z.string().min(1), recipient_id: z.string().optional() });
const SenderActionResponseSchema = z.looseObject({ recipient_id: z.string().optional() });
const ProfileSchema = z.looseObject({ name: z.string().nullish(), username: z.string().nullish(), profile_pic: z.string().nullish() });

export interface InstagramProfile {
  displayName?: string;
  username?: string;
  avatarUrl?: string;
}

/** Host, token and messages path for this account's login type (FACTS 3.3, 3.6). */
function route(call: PlatformCallContext): { host: GraphRequest['host']; token: string; messagesPath: string } {
  const c = call.credentials;
  if (c.platform !== 'instagram') throw new Error(`Instagram API called with ${c.platform} credentials`);
  return c.loginType === 'facebook'
    ? { host: 'metaGraph', token: c.accessToken, messagesPath: '/me/messages' }
    : { host: 'instagramGraph', token: c.accessToken, messagesPath: graphPath(call.accountId, 'messages') };
}

async function postMessages(call: PlatformCallContext, json: Record<string, unknown>): Promise<SendResult> {
  const { host, token, messagesPath } = route(call);
  const res = await graphRequest(call, { product: 'instagram', host, method: 'POST', path: messagesPath, token, auth: 'query', json });
  if (!res.ok) return res;
  const parsed = parseBody(SendResponseSchema, res.body, 'Instagram');
  return parsed.ok ? { ok: true, externalId: parsed.value.message_id } : parsed;
}

/** RESPONSE inside 24 h; HUMAN_AGENT (the only Instagram tag) up to 7 days (FACTS 3.3, 3.4). */
function mediaProblem(media: OutboundMedia): SendResult | undefined {
  const mime = media.mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  const allowed = ALLOWED_MIME[media.type];
  if (allowed.types.includes(mime)) return undefined;
  return failed({
    code: 'MEDIA_UPLOAD_FAILED',
    reason: `Instagram only accepts ${allowed.says} as ${media.type} attachments (this one is ${mime || 'of unknown type'}).`,
    retryable: false,
    platformCode: 'local_media_check',
  });
}

/** Text or one attachment per message, like Messenger: an attachment with text is two messages. */
async function send(call: PlatformCallContext, message: OutboundMessage): Promise<SendResult> {
  const { text, media } = message;
  if (!text && !media) throw new Error('Instagram send needs text or media');
  if (text && !fitsLimit(instagramPolicy.textLimit, text)) return tooLong(describeLimit(instagramPolicy.textLimit), 'Instagram');
  const problem = media && mediaProblem(media);
  if (problem) return problem;
  return sendAttachmentThenText(message, (json) => postMessages(call, json));
}

/** A sender action (`mark_seen`, `typing_on`, `react`, `unreact`), answered `{recipient_id}` only (FACTS 3.3). */
async function senderAction(call: PlatformCallContext, igsid: string, action: string, payload?: Record<string, string>): Promise<Done> {
  const { host, token, messagesPath } = route(call);
  const res = await graphRequest(call, {
    product: 'instagram',
    host,
    method: 'POST',
    path: messagesPath,
    token,
    auth: 'query',
    json: { recipient: { id: igsid }, sender_action: action, ...(payload && { payload }) },
  });
  if (!res.ok) return res;
  const parsed = parseBody(SenderActionResponseSchema, res.body, 'Instagram');
  return parsed.ok ? { ok: true } : parsed;
}

/** `sender_action: mark_seen` (FACTS 3.3). */
export const markSeen = (call: PlatformCallContext, igsid: string): Promise<Done> => senderAction(call, igsid, 'mark_seen');

const HEART = new Set(['\u2764\ufe0f', '\u2764']);

/**
 * A business reacts on Instagram with the heart only: `payload: {message_id, reaction: "love"}`
 * (FACTS 3.3). Another emoji is passed on as it is, and Instagram's refusal is shown to the agent.
 */
const react: NonNullable<ChannelApi['react']> = (call, t) =>
  t.emoji === null
    ? senderAction(call, t.recipientId, 'unreact', { message_id: t.externalId })
    : senderAction(call, t.recipientId, 'react', { message_id: t.externalId, reaction: HEART.has(t.emoji) ? 'love' : t.emoji });
/**
 * Instagram's User Profile API: `GET /{v}/{IGSID}?fields=name,username,profile_pic` on the host and
 * token of the login type. Not in FACTS (Meta's "User Profile API" page for Instagram messaging);
 * any field may be null, and a person who blocked the business returns an error.
 */
export async function fetchProfile(call: PlatformCallContext, igsid: string): Promise<Outcome<InstagramProfile>> {
  const { host, token } = route(call);
  const res = await graphRequest(call, {
    product: 'instagram',
    host,
    method: 'GET',
    path: graphPath(igsid),
    token,
    auth: 'query',
    query: { fields: 'name,username,profile_pic' },
  });
  if (!res.ok) return res;
  const parsed = parseBody(ProfileSchema, res.body, 'Instagram');
  if (!parsed.ok) return parsed;
  const { name, username, profile_pic } = parsed.value;
  const displayName = name || username;
  return {
    ok: true,
    value: { ...(displayName && { displayName }), ...(username && { username }), ...(profile_pic && { avatarUrl: profile_pic }) },
  };
}

export const instagramApi: ChannelApi = {
  platform: 'instagram',
  send,
  mediaTypes: ['image', 'video', 'audio', 'file'],
  // Instagram takes audio as AAC, M4A, WAV or MP4 only (FACTS 3.3), no Ogg: a recording is decoded to WAV when uploaded.
  voiceNotes: 'audio',
  voiceNoteType: 'audio/wav',
  markRead: (call, target) => markSeen(call, target.recipientId),
  profile: fetchProfile,
  typing: (call, target) => senderAction(call, target.recipientId, 'typing_on'),
  react,
  reactionChoices: ['\u2764\ufe0f'],
  interactive: quickReplyLimits(instagramPolicy.textLimit),
};
