import type { SimContext } from '../context.ts';
import type { SimAccount } from '../types.ts';

/** WhatsApp: the WABA id of a phone number (the `entry[].id` of its webhooks, FACTS 4.1). */
export const wabaIdOf = (account: SimAccount): string => account.wabaId ?? `10${account.accountId.slice(-13).padStart(13, '0')}`;

/** WhatsApp: `metadata.display_phone_number` (digits, no `+`). */
export const displayPhoneOf = (account: SimAccount): string => (account.displayPhoneNumber ?? `1555${account.accountId.replace(/\D/g, '').slice(-7).padStart(7, '0')}`).replace(/\D/g, '');

/** The phone numbers of a WABA. */
export const numbersOfWaba = (ctx: SimContext, wabaId: string): SimAccount[] => ctx.accounts.all().filter((a) => a.platform === 'whatsapp' && wabaIdOf(a) === wabaId);

/** The key WhatsApp knows a customer by: the wa_id digits, whatever spelling came in. */
export const waIdOf = (id: string): string => id.replace(/^whatsapp:/, '').replace(/^\+/, '');
