import type { ReplyWindow, ReplyWindowRule, SendOption } from '../../channels/channel-definition.ts';
import { channelOf, type Platform } from '../../channels/registry.ts';

export type { ReplyWindow, SendOption };

/**
 * What an agent may send in a conversation right now, computed from the platform timestamp of
 * the customer's last message by the platform's own rule (`policy.replyWindow` of its channel
 * definition). Pure: the caller passes `now`. A platform without a reply window accepts text and
 * media at any time.
 */
export function replyWindow(
  platform: Platform,
  lastInboundAt: Date | null,
  now: Date,
  /** Platforms that cap messages per window: business messages already sent since the customer's last message. */
  sentSinceLastInbound = 0,
): ReplyWindow {
  return windowUnder(channelOf(platform).policy.replyWindow, lastInboundAt, now, sentSinceLastInbound);
}

/** The window under a platform's rule; without one, text and media may be sent at any time. */
export function windowUnder(rule: ReplyWindowRule | undefined, lastInboundAt: Date | null, now: Date, sentSinceLastInbound = 0): ReplyWindow {
  if (!rule) return { open: true, closesAt: null, allowed: ['text', 'media'] };
  return rule.at(lastInboundAt, now, sentSinceLastInbound);
}

/** Whether the platform caps the business messages of a window (then the caller counts them). */
export function countsMessagesPerWindow(platform: Platform): boolean {
  return channelOf(platform).policy.replyWindow?.messagesPerWindow !== undefined;
}

/** Which option a message needs: templates and tagged sends are their own options. */
export function optionFor(message: { template?: unknown; tag?: string; hasMedia: boolean }): SendOption {
  if (message.template) return 'template';
  if (message.tag === 'HUMAN_AGENT') return 'human_agent_tag';
  return message.hasMedia ? 'media' : 'text';
}
