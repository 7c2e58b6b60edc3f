import type { ChannelHistory } from '../channel-definition.ts';

/** FACTS 4.7: no REST history; Coexistence `history` webhooks are the only backfill. */
export const whatsappHistory: ChannelHistory = { none: 'WhatsApp Cloud API has no history API; messages arrive by webhook only' };
