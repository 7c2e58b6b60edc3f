import type { SimConversation } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import type { SimContext } from '../context.ts';
import { fail, ok, type GraphCall } from './graph/call.ts';
import { graphErrors, windowClosed, type GraphErrorSpec } from './graph/errors.ts';
import { isOneEmoji } from '../emoji.ts';

/**
 * Sender actions on Messenger and Instagram's Send API (FACTS 2.3, 3.3; Messenger Platform
 * "Sender Actions"): `mark_seen`, `typing_on`/`typing_off`, and `react`/`unreact` with
 * `payload: {message_id, reaction}`. Answered `{recipient_id}` only. Everything but `mark_seen`
 * writes into the thread, so it needs the 24 h window (no tag opens it for a sender action).
 * Messenger takes any one emoji as the reaction; Instagram only `love`.
 */

const DAY_MS = 24 * 3600 * 1000;
export const SENDER_ACTIONS = { messenger: ['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact'], instagram: ['typing_on', 'typing_off', 'mark_seen', 'react', 'unreact'] };
const INSTAGRAM_REACTIONS: Record<string, string> = { love: '\u2764\ufe0f' };

const param = graphErrors.param;
const asRecord = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

export function senderAction(call: GraphCall, account: SimAccount, platform: 'messenger' | 'instagram', conv: SimConversation, recipientId: string): unknown {
  const action = String(call.params.sender_action);
  if (!SENDER_ACTIONS[platform].includes(action)) return fail(call, param(`Param sender_action must be one of {${SENDER_ACTIONS[platform].map((a) => a.toUpperCase()).join(', ')}}`));
  if (action !== 'mark_seen' && (conv.lastCustomerMessageAt === undefined || call.ctx.now() - conv.lastCustomerMessageAt > DAY_MS)) return fail(call, windowClosed(account));
  if (action === 'react' || action === 'unreact') {
    const problem = reaction(call.ctx, platform, conv, action, asRecord(call.params.payload));
    if (problem) return fail(call, problem);
  }
  return ok(call, { recipient_id: recipientId });
}

/** Check a react/unreact and keep the business's reaction on the message; a problem is the Graph error. */
function reaction(ctx: SimContext, platform: 'messenger' | 'instagram', conv: SimConversation, action: string, payload: Record<string, unknown> | undefined): GraphErrorSpec | undefined {
  const messageId = typeof payload?.message_id === 'string' ? payload.message_id : undefined;
  if (!messageId) return param('The parameter payload[message_id] is required');
  const message = ctx.conversations.message(messageId);
  if (!message || !conv.messages.includes(message)) return param(`Param payload[message_id] is not a message of this thread: ${messageId}`, { subcode: 2018001 });
  if (action === 'unreact') {
    delete message.businessReaction;
    return undefined;
  }
  const value = typeof payload?.reaction === 'string' ? payload.reaction : undefined;
  if (!value) return param('The parameter payload[reaction] is required');
  const emoji = platform === 'instagram' ? INSTAGRAM_REACTIONS[value] : isOneEmoji(value) ? value : undefined;
  if (!emoji) return param(platform === 'instagram' ? 'Param payload[reaction] must be one of {LOVE}' : 'Param payload[reaction] must be a valid emoji');
  message.businessReaction = emoji;
  return undefined;
}
