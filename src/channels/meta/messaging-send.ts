import type { OutboundMessage, SendResult } from '../types.ts';
import { sendInParts } from '../http/send-in-parts.ts';
import { quickReplies } from './quick-replies.ts';

/**
 * What Messenger and Instagram sends share (FACTS 2.3, 3.3): the same envelope, and a message that
 * is text or one attachment, never both — so an attachment with text goes out as two messages,
 * the attachment first, the reply-to on the first part only.
 */
export function messagingEnvelope(message: OutboundMessage, withReplyTo: boolean): Record<string, unknown> {
  return {
    recipient: { id: message.recipientId },
    ...(message.tag ? { messaging_type: 'MESSAGE_TAG', tag: message.tag } : { messaging_type: 'RESPONSE' }),
    ...(withReplyTo && message.replyToExternalId && { reply_to: { mid: message.replyToExternalId } }),
  };
}

export function sendAttachmentThenText(message: OutboundMessage, post: (json: Record<string, unknown>) => Promise<SendResult>): Promise<SendResult> {
  const parts: Array<() => Promise<SendResult>> = [];
  if (message.media) {
    const attachment = { type: message.media.type, payload: { url: message.media.url } };
    parts.push(() => post({ ...messagingEnvelope(message, true), message: { attachment } }));
  }
  if (message.text) {
    const text = message.text;
    const first = parts.length === 0;
    // Quick replies ride on the text (the last part): they are shown under the latest message only.
    parts.push(() => post({ ...messagingEnvelope(message, first), message: { text, ...quickReplies(message.interactive) } }));
  }
  return sendInParts(parts);
}
