import { z } from 'zod';
import { graphPath, graphRequest } from '../meta/graph-client.ts';
import { parseBody, type Done, type Outcome } from '../http/outcome.ts';
import { tooLong } from '../http/send-in-parts.ts';
import { sendAttachmentThenText } from '../meta/messaging-send.ts';
import { quickReplyLimits } from '../meta/quick-replies.ts';
import type { OutboundMessage, PlatformCallContext, SendResult } from '../types.ts';
import type { ChannelApi } from '../channel-definition.ts';
import { describeLimit, fitsLimit } from '../../text/text-limits.ts';
import { messengerPolicy } from './policy.ts';
import { REACTION_CHOICES } from '../meta/reaction-choices.ts';

/**
 * Messenger Send API (FACTS 2.3): `POST {metaGraph}/{v}/{PAGE_ID}/messages?access_token=<page token>`.
 * The call context's accountId is the Page id.
 */

const SendResponseSchema = z.looseObject({ message_id: z.string().min(1), recipient_id: z.string().optional() });
const SenderActionResponseSchema = z.looseObject({ recipient_id: z.string().optional() });
const ProfileSchema = z.looseObject({
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  profile_pic: z.string().nullish(),
});

export interface MessengerProfile {
  displayName?: string;
  avatarUrl?: string;
}

function pageToken(call: PlatformCallContext): string {
  if (call.credentials.platform !== 'messenger') throw new Error(`Messenger API called with ${call.credentials.platform} credentials`);
  return call.credentials.pageAccessToken;
}

async function postMessages(call: PlatformCallContext, json: Record<string, unknown>): Promise<SendResult> {
  const res = await graphRequest(call, {
    product: 'messenger',
    method: 'POST',
    path: graphPath(call.accountId, 'messages'),
    token: pageToken(call),
    auth: 'query',
    json,
  });
  if (!res.ok) return res;
  const parsed = parseBody(SendResponseSchema, res.body, 'Messenger');
  return parsed.ok ? { ok: true, externalId: parsed.value.message_id } : parsed;
}

/**
 * Inside the 24 h window a reply is `RESPONSE`; with the agent's HUMAN_AGENT tag it is a
 * `MESSAGE_TAG` send, allowed up to 7 days (FACTS 2.4). The window itself is checked by core.
 */
/**
 * A Messenger message is text or one attachment, never both (FACTS 2.3), so an attachment with
 * text goes out as two messages: the attachment, then the text. Too-long text is refused rather
 * than split: one outbox row stays one platform message, so a retry can never send half twice.
 */
async function send(call: PlatformCallContext, message: OutboundMessage): Promise<SendResult> {
  const { text, media } = message;
  if (!text && !media) throw new Error('Messenger send needs text or media');
  if (text && !fitsLimit(messengerPolicy.textLimit, text)) return tooLong(describeLimit(messengerPolicy.textLimit), 'Messenger');
  return sendAttachmentThenText(message, (json) => postMessages(call, json));
}

/** A sender action (`mark_seen`, `typing_on`, `react`, `unreact`): a request of its own, answered `{recipient_id}` (FACTS 2.3). */
async function senderAction(call: PlatformCallContext, psid: string, action: string, payload?: Record<string, string>): Promise<Done> {
  const res = await graphRequest(call, {
    product: 'messenger',
    method: 'POST',
    path: graphPath(call.accountId, 'messages'),
    token: pageToken(call),
    auth: 'query',
    json: { recipient: { id: psid }, sender_action: action, ...(payload && { payload }) },
  });
  if (!res.ok) return res;
  const parsed = parseBody(SenderActionResponseSchema, res.body, 'Messenger');
  return parsed.ok ? { ok: true } : parsed;
}

/** Mark the customer's messages seen. */
export const markSeen = (call: PlatformCallContext, psid: string): Promise<Done> => senderAction(call, psid, 'mark_seen');

/**
 * React with any emoji, or remove the Page's reaction: `unreact` names only the message
 * (Messenger Platform, "Sender Actions: React or unreact to a message").
 */
const react: NonNullable<ChannelApi['react']> = (call, t) =>
  t.emoji === null ? senderAction(call, t.recipientId, 'unreact', { message_id: t.externalId }) : senderAction(call, t.recipientId, 'react', { message_id: t.externalId, reaction: t.emoji });

/**
 * The User Profile API: `GET /{v}/{PSID}?fields=first_name,last_name,profile_pic` with the Page
 * token. Not in FACTS (Meta's Messenger "User Profile API" page); the fields may be missing when
 * the person hasn't granted profile access, so both results are optional.
 */
export async function fetchProfile(call: PlatformCallContext, psid: string): Promise<Outcome<MessengerProfile>> {
  const res = await graphRequest(call, {
    product: 'messenger',
    method: 'GET',
    path: graphPath(psid),
    token: pageToken(call),
    auth: 'query',
    query: { fields: 'first_name,last_name,profile_pic' },
  });
  if (!res.ok) return res;
  const parsed = parseBody(ProfileSchema, res.body, 'Messenger');
  if (!parsed.ok) return parsed;
  const { first_name, last_name, profile_pic } = parsed.value;
  const displayName = [first_name, last_name].filter(Boolean).join(' ');
  return {
    ok: true,
    value: { ...(displayName && { displayName }), ...(profile_pic && { avatarUrl: profile_pic }) },
  };
}

export const messengerApi: ChannelApi = {
  platform: 'messenger',
  send,
  mediaTypes: ['image', 'video', 'audio', 'file'],
  // An `audio` attachment by URL (FACTS 2.3 lists no audio format for Messenger).
  voiceNotes: 'audio',
  markRead: (call, target) => markSeen(call, target.recipientId),
  profile: fetchProfile,
  typing: (call, target) => senderAction(call, target.recipientId, 'typing_on'),
  react,
  reactionChoices: REACTION_CHOICES,
  interactive: quickReplyLimits(messengerPolicy.textLimit),
};
