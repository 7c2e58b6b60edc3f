import type { SimContext } from '../context.ts';
import type { SimAccount } from '../types.ts';
import { postMeta } from '../webhooks/deliver.ts';
import { deliveryEvent, echoEvent, messagingEntry, messagingEnvelope, readEvent, type MessagingEvent } from './messaging-events.ts';

/**
 * What Meta posts after a business send on Messenger/Instagram: the echo (when `echoes` is on,
 * carrying our app id and the `metadata` string, FACTS 2.1), then with `autoReceipts` a delivery
 * watermark and a read watermark (Messenger) or a `messaging_seen` for the mid (Instagram has no
 * delivery receipts, FACTS 3.1).
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
    ctx.timers.sequence(delay, [
      () => emit(deliveryEvent(account.accountId, customerId, ctx.now(), [mid])),
      () => emit(readEvent('messenger', account.accountId, customerId, ctx.now(), ctx.now())),
    ]);
  } else {
    ctx.timers.after(2 * delay, () => emit(readEvent('instagram', account.accountId, customerId, ctx.now(), mid)));
  }
}
