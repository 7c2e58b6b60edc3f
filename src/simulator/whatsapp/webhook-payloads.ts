import type { SimContext } from '../context.ts';
import { displayPhoneOf, wabaIdOf } from './numbers.ts';
import type { SimAccount } from '../types.ts';
import { postMeta } from '../meta/deliver.ts';

/**
 * WhatsApp Cloud API webhook shapes (FACTS 4.1): `object: whatsapp_business_account`, `entry[].id`
 * = the WABA id, `changes[{field:'messages', value:{messaging_product, metadata, …}}]`, timestamps
 * as strings of Unix seconds.
 */

export type WhatsAppValue = Record<string, unknown>;

export const waSeconds = (ms: number): string => String(Math.floor(ms / 1000));

export const waMetadata = (account: SimAccount): { display_phone_number: string; phone_number_id: string } => ({
  display_phone_number: displayPhoneOf(account),
  phone_number_id: account.accountId,
});

/** One POST: one entry per WABA, one change per value, in order. */
export function whatsappEnvelope(items: { account: SimAccount; value: WhatsAppValue }[]): unknown {
  const entries = new Map<string, { id: string; changes: { field: string; value: WhatsAppValue }[] }>();
  for (const { account, value } of items) {
    const id = wabaIdOf(account);
    let entry = entries.get(id);
    if (!entry) entries.set(id, (entry = { id, changes: [] }));
    entry.changes.push({ field: 'messages', value });
  }
  return { object: 'whatsapp_business_account', entry: [...entries.values()] };
}

export type WhatsAppStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusInput {
  account: SimAccount;
  wamid: string;
  status: WhatsAppStatus;
  recipientId: string;
  at: number;
  /** Template messages are billed ('regular' + its category); session messages are free customer service. */
  templateCategory?: string;
  bizOpaqueCallbackData?: string;
  error?: { code: number; title: string; details: string };
}

/** A `statuses[]` value (FACTS 4.1): pricing on sent/delivered/read, `errors[]` on failed. */
export function statusValue(input: StatusInput): WhatsAppValue {
  const status: Record<string, unknown> = {
    id: input.wamid,
    status: input.status,
    timestamp: waSeconds(input.at),
    recipient_id: input.recipientId,
  };
  if (input.bizOpaqueCallbackData !== undefined) status.biz_opaque_callback_data = input.bizOpaqueCallbackData;
  if (input.status === 'failed' && input.error) {
    status.errors = [
      {
        code: input.error.code,
        title: input.error.title,
        message: input.error.title,
        error_data: { details: input.error.details },
        href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ];
  } else {
    status.pricing = input.templateCategory
      ? { billable: true, pricing_model: 'PMP', type: 'regular', category: input.templateCategory.toLowerCase() }
      : { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
  }
  return { messaging_product: 'whatsapp', metadata: waMetadata(input.account), statuses: [status] };
}

/** The asynchronous failure of a free-form message sent outside the 24 h window (FACTS 4.1, 4.4). */
export const REENGAGEMENT_ERROR = {
  code: 131047,
  title: 'Re-engagement message',
  details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
};

export async function deliverWhatsAppValues(ctx: SimContext, items: { account: SimAccount; value: WhatsAppValue }[]): Promise<void> {
  await postMeta(ctx, 'whatsapp', whatsappEnvelope(items));
}
