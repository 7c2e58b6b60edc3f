import type { BatchingCustomer } from '../simulated-platform.ts';
import type { CustomerMessage } from '../types.ts';
import { deliverBuilt } from '../customers/built-event.ts';
import { postMeta } from './deliver.ts';
import { metaHandshake } from './handshake.ts';
import { buildMessagingEvent } from './messaging-customer-events.ts';
import { messagingEntry, messagingEnvelope, type MessagingEvent } from './messaging-events.ts';

/**
 * A Messenger or Instagram customer (FACTS 2.1, 3.1): each action one `messaging[]` item (or
 * `standby[]`), posted in Meta's envelope; a batch is one POST with one `entry[]` per event.
 */
export function messagingCustomer(platform: 'messenger' | 'instagram'): BatchingCustomer {
  return {
    send: async (ctx, message) => {
      const built = buildMessagingEvent(ctx, platform, message as CustomerMessage<typeof platform>);
      const payload = messagingEnvelope(platform, [messagingEntry(message.accountId, ctx.now(), [built.item], message.standby)]);
      return deliverBuilt(built, payload, () => postMeta(ctx, platform, payload));
    },
    batch: async (ctx, items) => {
      const built = items.map((item) => ({ item, event: buildMessagingEvent(ctx, platform, item as CustomerMessage<typeof platform>) }));
      const now = ctx.now();
      const payload = messagingEnvelope(
        platform,
        built.map((b) => messagingEntry(b.item.accountId, now, [b.event.item as MessagingEvent], b.item.standby)),
      );
      for (const b of built) b.event.commit();
      const res = await postMeta(ctx, platform, payload);
      return { ...res, payload, externalId: built[0]?.event.externalId, externalIds: built.map((b) => b.event.externalId) };
    },
    sendRaw: (ctx, payload, options) => postMeta(ctx, platform, payload, { ...options, asIs: true }),
    handshake: (ctx, verifyToken) => metaHandshake(ctx, platform, verifyToken),
  };
}
