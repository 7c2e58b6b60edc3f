import type { ReplyWindowRule } from '../channel-definition.ts';

const HOUR = 3600_000;
export const TIKTOK_MESSAGES_PER_WINDOW = 10;

/**
 * TikTok (FACTS.md 6.4): 48 hours after the customer's last message and at most 10 business
 * messages in that time; nothing outside it (TikTok has no templates or tags).
 */
export const tiktokReplyWindow: ReplyWindowRule = {
  description: `Replies for 48 hours after the customer’s last message, at most ${TIKTOK_MESSAGES_PER_WINDOW} messages per customer message; nothing after that until the customer writes again.`,
  messagesPerWindow: TIKTOK_MESSAGES_PER_WINDOW,
  offers: ['text', 'media'],
  at(lastInboundAt, now, sentSinceLastInbound) {
    const since = lastInboundAt ? now.getTime() - lastInboundAt.getTime() : Infinity;
    const closesAt = lastInboundAt ? new Date(lastInboundAt.getTime() + 48 * HOUR) : null;
    const remaining = Math.max(0, TIKTOK_MESSAGES_PER_WINDOW - sentSinceLastInbound);
    if (since < 48 * HOUR && remaining > 0) return { open: true, closesAt, allowed: ['text', 'media'], remainingMessages: remaining };
    return {
      open: false,
      closesAt,
      allowed: [],
      remainingMessages: since < 48 * HOUR ? 0 : remaining,
      reason:
        since < 48 * HOUR
          ? `TikTok allows at most ${TIKTOK_MESSAGES_PER_WINDOW} business messages per customer message; wait for the customer to write again.`
          : 'More than 48 hours have passed since the customer’s last message; TikTok accepts no reply until they write again.',
    };
  },
};
