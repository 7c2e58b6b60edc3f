import { fetchHistory as instagramHistory } from '../../channels/instagram/history.ts';
import { fetchHistory as messengerHistory } from '../../channels/messenger/history.ts';
import type { FetchHistory } from '../../channels/meta/history.ts';
import { fetchHistory as tiktokHistory } from '../../channels/tiktok/history.ts';
import { fetchHistory as twilioHistory } from '../../channels/twilio/history.ts';
import type { Platform } from '../../db/schema.ts';

/**
 * Where each platform's history comes from: one entry per platform, checked by the compiler, so a
 * new platform must say whether it has a history API at all.
 */
export type HistorySource = { fetch: FetchHistory } | { none: string };

export const historySources = {
  messenger: { fetch: messengerHistory },
  instagram: { fetch: instagramHistory },
  // FACTS 4.7: no REST history; Coexistence `history` webhooks are the only backfill.
  whatsapp: { none: 'WhatsApp Cloud API has no history API; messages arrive by webhook only' },
  twilio: { fetch: twilioHistory },
  tiktok: { fetch: tiktokHistory },
} satisfies Record<Platform, HistorySource>;
