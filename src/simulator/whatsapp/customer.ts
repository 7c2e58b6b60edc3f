import type { BatchingCustomer } from '../simulated-platform.ts';
import type { CustomerMessage } from '../types.ts';
import { deliverBuilt } from '../customers/built-event.ts';
import { metaHandshake } from '../meta/handshake.ts';
import { postMeta } from '../meta/deliver.ts';
import { buildWhatsAppEvent } from './customer-events.ts';
import { whatsappEnvelope, type WhatsAppValue } from './webhook-payloads.ts';

/** A WhatsApp customer (FACTS 4.1): one change per event in the WABA's entry; a batch is one POST with several. */
export const whatsappCustomer: BatchingCustomer = {
  send: async (ctx, message) => {
    const built = buildWhatsAppEvent(ctx, message as CustomerMessage<'whatsapp'>);
    const payload = whatsappEnvelope([{ account: ctx.accounts.require('whatsapp', message.accountId), value: built.item }]);
    return deliverBuilt(built, payload, () => postMeta(ctx, 'whatsapp', payload));
  },
  batch: async (ctx, items) => {
    const built = items.map((item) => ({ account: ctx.accounts.require('whatsapp', item.accountId), event: buildWhatsAppEvent(ctx, item as CustomerMessage<'whatsapp'>) }));
    const payload = whatsappEnvelope(built.map((b) => ({ account: b.account, value: b.event.item as WhatsAppValue })));
    for (const b of built) b.event.commit();
    const res = await postMeta(ctx, 'whatsapp', payload);
    return { ...res, payload, externalId: built[0]?.event.externalId, externalIds: built.map((b) => b.event.externalId) };
  },
  sendRaw: (ctx, payload, options) => postMeta(ctx, 'whatsapp', payload, { ...options, asIs: true }),
  handshake: (ctx, verifyToken) => metaHandshake(ctx, 'whatsapp', verifyToken),
};
