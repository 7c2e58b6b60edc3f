import type { SimulatedCustomer } from '../simulated-platform.ts';
import type { CustomerMessage } from '../types.ts';
import { deliverBuilt } from '../customers/built-event.ts';
import { postTiktok } from './deliver.ts';
import { buildTikTokEvent } from './customer-events.ts';

/** A TikTok customer (FACTS 6.1): one event per POST; `firstAttemptAt` signs it as a retry of an earlier attempt. */
export const tiktokCustomer: SimulatedCustomer = {
  send: async (ctx, message) => {
    const built = buildTikTokEvent(ctx, message as CustomerMessage<'tiktok'>);
    const { firstAttemptAt } = message;
    return deliverBuilt(built, built.item, () => postTiktok(ctx, built.item, firstAttemptAt === undefined ? {} : { firstAttemptAt }));
  },
  sendRaw: (ctx, payload, options) => postTiktok(ctx, payload, options),
};
