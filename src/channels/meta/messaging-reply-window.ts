import type { ReplyWindowRule } from '../channel-definition.ts';

const HOUR = 3600_000;

/**
 * Messenger and Instagram (FACTS.md 2.4, 3.4): free text and media for 24 hours after the
 * customer's last message; then, until 7 days, only a human agent's reply tagged HUMAN_AGENT;
 * then nothing until the customer writes again.
 */
export const messagingReplyWindow: ReplyWindowRule = {
  description: 'Free replies for 24 hours after the customer’s last message; then, for up to 7 days, only a human agent’s reply sent with the HUMAN_AGENT tag.',
  offers: ['text', 'media', 'human_agent_tag'],
  at(lastInboundAt, now) {
    const since = lastInboundAt ? now.getTime() - lastInboundAt.getTime() : Infinity;
    const at = (hours: number) => (lastInboundAt ? new Date(lastInboundAt.getTime() + hours * HOUR) : null);
    if (since < 24 * HOUR) return { open: true, closesAt: at(24), allowed: ['text', 'media'], humanAgentUntil: at(24 * 7) };
    if (since < 24 * 7 * HOUR)
      return {
        open: false,
        closesAt: at(24),
        allowed: ['human_agent_tag'],
        humanAgentUntil: at(24 * 7),
        reason: 'More than 24 hours have passed since the customer’s last message. A human agent may still reply with the HUMAN_AGENT tag for up to 7 days.',
      };
    return {
      open: false,
      closesAt: at(24),
      allowed: [],
      humanAgentUntil: at(24 * 7),
      reason: lastInboundAt
        ? 'More than 7 days have passed since the customer’s last message; the platform accepts no reply until they write again.'
        : 'The customer has not written yet; the platform accepts no message until they do.',
    };
  },
};
