import type { Channel } from '../../db/schema.ts';

export interface ChannelActivity {
  /** Inbound messages in the 7 days before the last webhook (is the channel usually busy?). */
  inboundLastWeek: number;
  sentLastDay: number;
  failedLastDay: number;
}

export interface ChannelHealth {
  status: 'ok' | 'warning' | 'error';
  warnings: string[];
}

const DAY = 86_400_000;

/**
 * What an admin should know before messages go missing: a channel that needs reconnecting, a
 * token about to expire, a webhook subscription the platform no longer has, a busy channel gone
 * quiet (its webhook subscription may be lost), sends failing. Pure: the caller passes the activity figures and `now`.
 */
export function channelHealth(
  channel: Pick<Channel, 'connection_state' | 'token_expires_at' | 'last_webhook_at' | 'last_error' | 'created_at'> & Partial<Pick<Channel, 'subscription_state' | 'subscription_detail'>>,
  activity: ChannelActivity,
  now: Date,
): ChannelHealth {
  const errors: string[] = [];
  const warnings: string[] = [];
  if (channel.connection_state === 'needs_reconnect') errors.push(`Needs reconnecting: ${channel.last_error ?? 'the platform rejected its token'}`);
  if (channel.connection_state === 'error') errors.push(channel.last_error ?? 'The channel reported an error');
  if (channel.connection_state === 'disconnected') warnings.push('Disconnected: no messages are received or sent');
  if (channel.token_expires_at) {
    const left = channel.token_expires_at.getTime() - now.getTime();
    if (left <= 0) errors.push('The access token has expired');
    else if (left < 7 * DAY) warnings.push(`The access token expires in ${Math.ceil(left / DAY)} day(s)`);
  }
  // Read back from the platform by src/core/connections/subscription-checker.ts (FACTS pitfall 8).
  if (channel.connection_state === 'connected' && channel.subscription_state === 'missing') {
    warnings.push(`Webhook subscription missing: ${channel.subscription_detail ?? 'the platform no longer sends this channel’s messages to snorq'}`);
  }
  const since = channel.last_webhook_at ?? channel.created_at;
  const quietFor = now.getTime() - since.getTime();
  // A channel that usually hears from customers every day but has heard nothing for a day.
  if (activity.inboundLastWeek >= 7 && quietFor > DAY) {
    warnings.push(`No webhook for ${Math.floor(quietFor / 3_600_000)} hours although this channel usually receives messages daily; check its webhook subscription`);
  }
  if (activity.sentLastDay >= 5 && activity.failedLastDay / activity.sentLastDay > 0.2) {
    warnings.push(`${activity.failedLastDay} of ${activity.sentLastDay} replies failed in the last 24 hours`);
  }
  return { status: errors.length ? 'error' : warnings.length ? 'warning' : 'ok', warnings: [...errors, ...warnings] };
}
