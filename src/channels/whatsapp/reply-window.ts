import type { ReplyWindowRule } from '../channel-definition.ts';

const HOUR = 3600_000;

/**
 * WhatsApp's customer service window (FACTS.md 4.4, 5.6; the same through Twilio, which carries
 * WhatsApp): free text and media for 24 hours after the customer's last message; outside it, and
 * before the customer has written at all, approved templates only.
 */
export const whatsappReplyWindow: ReplyWindowRule = {
  description: 'Free replies for 24 hours after the customer’s last message; outside that window, approved templates only.',
  offers: ['text', 'media', 'template'],
  at(lastInboundAt, now) {
    const since = lastInboundAt ? now.getTime() - lastInboundAt.getTime() : Infinity;
    const closesAt = lastInboundAt ? new Date(lastInboundAt.getTime() + 24 * HOUR) : null;
    if (since < 24 * HOUR) return { open: true, closesAt, allowed: ['text', 'media', 'template'] };
    return {
      open: false,
      closesAt,
      allowed: ['template'],
      reason: lastInboundAt
        ? 'The 24-hour customer service window has closed. Only an approved template can be sent until the customer writes again.'
        : 'The customer has not written yet. Only an approved template can start the conversation.',
    };
  },
};
