import type { SimContext } from '../context.ts';
import type { SimAccount } from '../types.ts';
import { postMeta } from './deliver.ts';
import { deliveryEvent, echoEvent, messagingEntry, messagingEnvelope, readEvent, type MessagingEvent } from './messaging-events.ts';

/**
 * What Meta posts after a business send on Messenger/Instagram: the echo (when `echoes` is on,
 * carrying our app id and the `metadata` string, FACTS 2.1), then with `autoReceipts` a delivery
 * watermark and a read watermark (Messenger) or a `messaging_seen` (Instagram has no delivery
 * receipts, FACTS 3.1). Every send gets its receipts, also while other replies are on their way
 * and while the send's own HTTP answer is still held (`slow` fault): the watermarks are the
 * platform's clock at that moment, and a `messaging_seen` names the newest business message the
 * customer has seen then, not necessarily this one (the earlier ones are read through it).
 */
export function afterMessagingSend(ctx: SimContext, account: SimAccount, customerId: string, mid: string, echoMessage: Record<string, unknown>, metadata?: string): void {
  const platform = account.platform === 'instagram' ? 'instagram' : 'messenger';
  const emit = (event: MessagingEvent): Promise<unknown> => postMeta(ctx, platform, messagingEnvelope(platform, [messagingEntry(account.accountId, ctx.now(), [event])]));
  if (ctx.options.echoes) {
    ctx.timers.after(5, () => emit(echoEvent(platform, account.accountId, customerId, ctx.now(), { mid, ...echoMessage }, Number(ctx.options.metaAppId), metadata)));
  }
  if (!ctx.options.autoReceipts) return;
  const delay = ctx.options.receiptDelayMs;
  if (platform === 'messenger') {
    ctx.timers.sequence(delay, [() => emit(deliveryEvent(account.accountId, customerId, ctx.now(), [mid])), () => emit(readEvent('messenger', account.accountId, customerId, ctx.now(), ctx.now()))]);
  } else {
    const newest = (): string => ctx.conversations.get('instagram', account.accountId, customerId)?.messages.findLast((m) => m.direction === 'outbound')?.id ?? mid;
    ctx.timers.after(2 * delay, () => emit(readEvent('instagram', account.accountId, customerId, ctx.now(), newest())));
  }
}
