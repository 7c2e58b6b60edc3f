import type { Platform } from '../../db/schema.ts';

/**
 * What an agent may send in a conversation right now, computed from the platform timestamp of
 * the customer's last message (FACTS.md 2.4, 3.4, 4.4, 5.6, 6.4). Pure: the caller passes `now`.
 *
 * - Messenger, Instagram: free text for 24 h; then only with the HUMAN_AGENT tag until 7 days.
 * - WhatsApp (Cloud and Twilio): free text for 24 h; then approved templates only.
 * - TikTok: 48 h and at most 10 business messages per window; nothing outside it.
 */
export type SendOption = 'text' | 'media' | 'human_agent_tag' | 'template';

export interface ReplyWindow {
  /** Free text and media may be sent now (without a tag). */
  open: boolean;
  /** When the free window closes (null when it never opened). */
  closesAt: Date | null;
  /** What can be sent now; empty when nothing can. */
  allowed: SendOption[];
  /** Messenger/Instagram: until when the HUMAN_AGENT tag still works. */
  humanAgentUntil?: Date | null;
  /** TikTok: messages left in this window. */
  remainingMessages?: number;
  /** A sentence for the agent when something is restricted. */
  reason?: string;
}

const HOUR = 3600_000;
export const TIKTOK_MESSAGES_PER_WINDOW = 10;

export function replyWindow(
  platform: Platform,
  lastInboundAt: Date | null,
  now: Date,
  /** TikTok: business messages already sent since the customer's last message. */
  sentSinceLastInbound = 0,
): ReplyWindow {
  const since = lastInboundAt ? now.getTime() - lastInboundAt.getTime() : Infinity;
  const at = (hours: number) => (lastInboundAt ? new Date(lastInboundAt.getTime() + hours * HOUR) : null);
  switch (platform) {
    case 'messenger':
    case 'instagram': {
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
        reason: lastInboundAt ? 'More than 7 days have passed since the customer’s last message; the platform accepts no reply until they write again.' : 'The customer has not written yet; the platform accepts no message until they do.',
      };
    }
    case 'whatsapp':
    case 'twilio': {
      if (since < 24 * HOUR) return { open: true, closesAt: at(24), allowed: ['text', 'media', 'template'] };
      return {
        open: false,
        closesAt: at(24),
        allowed: ['template'],
        reason: lastInboundAt
          ? 'The 24-hour customer service window has closed. Only an approved template can be sent until the customer writes again.'
          : 'The customer has not written yet. Only an approved template can start the conversation.',
      };
    }
    case 'tiktok': {
      const remaining = Math.max(0, TIKTOK_MESSAGES_PER_WINDOW - sentSinceLastInbound);
      if (since < 48 * HOUR && remaining > 0) return { open: true, closesAt: at(48), allowed: ['text', 'media'], remainingMessages: remaining };
      return {
        open: false,
        closesAt: at(48),
        allowed: [],
        remainingMessages: since < 48 * HOUR ? 0 : remaining,
        reason:
          since < 48 * HOUR
            ? `TikTok allows at most ${TIKTOK_MESSAGES_PER_WINDOW} business messages per customer message; wait for the customer to write again.`
            : 'More than 48 hours have passed since the customer’s last message; TikTok accepts no reply until they write again.',
      };
    }
  }
}

/** Which option a message needs: templates and tagged sends are their own options. */
export function optionFor(message: { template?: unknown; tag?: string; hasMedia: boolean }): SendOption {
  if (message.template) return 'template';
  if (message.tag === 'HUMAN_AGENT') return 'human_agent_tag';
  return message.hasMedia ? 'media' : 'text';
}
