import type { SimContext } from '../context.ts';
import type { SimMessage } from '../state/conversations.ts';
import type { SimAccount } from '../types.ts';
import { advance } from './customer-events.ts';
import { deliverWhatsAppValues, REENGAGEMENT_ERROR, statusValue, type WhatsAppStatus } from './webhook-payloads.ts';

/**
 * What Cloud API posts after a send (FACTS 4.1): a free-form message outside the customer service
 * window is accepted (HTTP 200, a wamid) and then fails asynchronously with 131047 — always, as
 * that is the only way the sender learns of it. With `autoReceipts`, a good send goes sent →
 * delivered → read.
 */
export function afterWhatsAppSend(ctx: SimContext, account: SimAccount, message: SimMessage, windowClosed: boolean): void {
  const templateCategory = typeof message.data?.templateCategory === 'string' ? message.data.templateCategory : undefined;
  const bizOpaqueCallbackData = typeof message.data?.bizOpaqueCallbackData === 'string' ? message.data.bizOpaqueCallbackData : undefined;
  const emit = (status: WhatsAppStatus): Promise<void> => {
    if (status === 'failed') message.status = 'failed';
    else advance(message, status);
    const value = statusValue({
      account,
      wamid: message.id,
      status,
      recipientId: message.customerId,
      at: ctx.now(),
      templateCategory,
      bizOpaqueCallbackData,
      error: status === 'failed' ? REENGAGEMENT_ERROR : undefined,
    });
    return deliverWhatsAppValues(ctx, [{ account, value }]);
  };
  const delay = ctx.options.receiptDelayMs;
  if (windowClosed) {
    message.errorCode = REENGAGEMENT_ERROR.code;
    ctx.timers.after(delay, () => emit('failed'));
    return;
  }
  if (!ctx.options.autoReceipts) return;
  ctx.timers.sequence(delay, [() => emit('sent'), () => emit('delivered'), () => emit('read')]);
}
