import { subscriptionTextOf, type HEALTH_TEXT_CODES, type CodedText, type TextParams } from '../../contract/server-texts.ts';
import type { Channel } from '../../db/schema.ts';
import { REFRESH_FAILED_PREFIX } from '../connections/refresh-channel-token.ts';

export interface ChannelActivity {
  /** Inbound messages in the 7 days before the last webhook (is the channel usually busy?). */
  inboundLastWeek: number;
  sentLastDay: number;
  failedLastDay: number;
}

type HealthCode = (typeof HEALTH_TEXT_CODES)[number];

export interface ChannelHealth {
  status: 'ok' | 'warning' | 'error';
  /** In English, for API users. */
  warnings: string[];
  /** The same, as codes the web app translates. */
  warningTexts: CodedText<HealthCode>[];
}

const DAY = 86_400_000;

/** One warning: its code with parameters and its English sentence. */
interface Warning {
  text: CodedText<HealthCode>;
  english: string;
}
const warn = (code: HealthCode, english: string, params?: TextParams): Warning => ({ text: params ? { code, params } : { code }, english });

/** A platform's note on its webhook: a sentence of snorq's (src/contract/server-texts.ts) read back as `noteCode` and its own parameters, else the platform's words. */
function subscriptionWarning(detail: string): Warning {
  const text = subscriptionTextOf(detail);
  const english = `Webhook subscription missing: ${detail}`;
  return text ? warn('health.subscriptionMissingNote', english, { ...text.params, note: detail, noteCode: text.code }) : warn('health.subscriptionMissingBecause', english, { detail });
}

/**
 * What an admin should know before messages go missing: a channel that needs reconnecting, a
 * token about to expire, a webhook subscription the platform no longer has, a busy channel gone
 * quiet (its webhook subscription may be lost), sends failing. Pure: the caller passes the activity figures and `now`.
 * A reason the platform gave (last_error, the subscription's detail) is passed on as it is: it is the platform's words.
 */
export function channelHealth(
  channel: Pick<Channel, 'connection_state' | 'token_expires_at' | 'last_webhook_at' | 'last_error' | 'created_at'> &
    Partial<Pick<Channel, 'subscription_state' | 'subscription_detail' | 'last_error_code'>>,
  activity: ChannelActivity,
  now: Date,
): ChannelHealth {
  const errors: Warning[] = [];
  const warnings: Warning[] = [];
  const reason = channel.last_error;
  // The reason's class fills it in the reader's language (the platform's words stay in the last error's line).
  const reasonParams: TextParams = { reason: reason ?? '', ...(channel.last_error_code && { reasonCode: `platformError.${channel.last_error_code}` }) };
  if (channel.connection_state === 'needs_reconnect') {
    errors.push(
      !reason
        ? warn('health.needsReconnect', 'Needs reconnecting: the platform rejected its token')
        : reason.startsWith(REFRESH_FAILED_PREFIX)
          ? warn('health.refreshFailed', `Needs reconnecting: ${reason}`, { ...reasonParams, reason: reason.slice(REFRESH_FAILED_PREFIX.length + 2) })
          : warn('health.needsReconnectBecause', `Needs reconnecting: ${reason}`, reasonParams),
    );
  }
  if (channel.connection_state === 'error') errors.push(reason ? warn('health.errorBecause', reason, reasonParams) : warn('health.error', 'The channel reported an error'));
  if (channel.connection_state === 'disconnected') warnings.push(warn('health.disconnected', 'Disconnected: no messages are received or sent'));
  if (channel.token_expires_at) {
    const left = channel.token_expires_at.getTime() - now.getTime();
    if (left <= 0) errors.push(warn('health.tokenExpired', 'The access token has expired'));
    else if (left < 7 * DAY) {
      const count = Math.ceil(left / DAY);
      warnings.push(warn('health.tokenExpiresSoon', `The access token expires in ${count} day(s)`, { count }));
    }
  }
  // Read back from the platform by src/core/connections/subscription-checker.ts (FACTS pitfall 8).
  if (channel.connection_state === 'connected' && channel.subscription_state === 'missing') {
    const detail = channel.subscription_detail;
    warnings.push(detail ? subscriptionWarning(detail) : warn('health.subscriptionMissing', 'Webhook subscription missing: the platform no longer sends this channel’s messages to snorq'));
  }
  const since = channel.last_webhook_at ?? channel.created_at;
  const quietFor = now.getTime() - since.getTime();
  // A channel that usually hears from customers every day but has heard nothing for a day.
  if (activity.inboundLastWeek >= 7 && quietFor > DAY) {
    const count = Math.floor(quietFor / 3_600_000);
    warnings.push(warn('health.quiet', `No webhook for ${count} hours although this channel usually receives messages daily; check its webhook subscription`, { count }));
  }
  if (activity.sentLastDay >= 5 && activity.failedLastDay / activity.sentLastDay > 0.2) {
    const params = { failed: activity.failedLastDay, sent: activity.sentLastDay };
    warnings.push(warn('health.sendsFailing', `${params.failed} of ${params.sent} replies failed in the last 24 hours`, params));
  }
  const all = [...errors, ...warnings];
  return { status: errors.length ? 'error' : warnings.length ? 'warning' : 'ok', warnings: all.map((w) => w.english), warningTexts: all.map((w) => w.text) };
}
