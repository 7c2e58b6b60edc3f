import type { TextLimit } from '../../text/text-limits.ts';
import type { InteractiveContent, InteractiveLimits } from '../../text/interactive-limits.ts';

/**
 * Messenger and Instagram quick replies (FACTS 2.3, 3.3; Meta's "Quick replies" page): up to 13
 * buttons of `content_type: text` on a text message, each a title of at most 20 characters (Meta
 * cuts a longer one, so snorq refuses it rather than send what the agent did not write) and a
 * payload of at most 1000 characters, handed back in the customer's message as
 * `quick_reply.payload`. No lists. The text is the platform's own message text, with its limit.
 */
export function quickReplyLimits(body: TextLimit): InteractiveLimits {
  return { buttons: { maxChoices: 13, titleMax: 20, idMax: 1000 }, list: null, body };
}

/** `message.quick_replies` for a text message, or nothing. */
export function quickReplies(content: InteractiveContent | undefined): { quick_replies: Record<string, string>[] } | undefined {
  if (content?.kind !== 'buttons') return undefined;
  return { quick_replies: content.choices.map((c) => ({ content_type: 'text', title: c.title, payload: c.id })) };
}
