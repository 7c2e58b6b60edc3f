/**
 * Messenger and Instagram webhook shapes (FACTS 2.1, 3.1): `{object, entry:[{id, time, messaging:[…]}]}`
 * with `sender`/`recipient`/`timestamp` in milliseconds. Built here for customers and for the
 * receipts/echoes that follow the business's own sends.
 */

export type MessagingEvent = Record<string, unknown> & { sender: { id: string }; recipient: { id: string } };

export interface MessagingEntry {
  id: string;
  time: number;
  messaging?: MessagingEvent[];
  standby?: MessagingEvent[];
}

export const messagingEnvelope = (platform: 'messenger' | 'instagram', entries: MessagingEntry[]): { object: string; entry: MessagingEntry[] } => ({
  object: platform === 'messenger' ? 'page' : 'instagram',
  entry: entries,
});

export const messagingEntry = (accountId: string, time: number, events: MessagingEvent[], standby = false): MessagingEntry =>
  standby ? { id: accountId, time, standby: events } : { id: accountId, time, messaging: events };

/** Messenger/Instagram reaction names (FACTS 2.1): `smile|angry|sad|wow|love|like|dislike|other`. */
const REACTION_NAMES: Record<string, string> = {
  '\u2764\ufe0f': 'love',
  '\u2764': 'love',
  '\ud83d\ude06': 'smile',
  '\ud83d\ude04': 'smile',
  '\ud83d\ude2e': 'wow',
  '\ud83d\ude22': 'sad',
  '\ud83d\ude20': 'angry',
  '\ud83d\udc4d': 'like',
  '\ud83d\udc4e': 'dislike',
};

export const reactionName = (emoji: string): string => REACTION_NAMES[emoji] ?? 'other';

/** The app id Meta puts on echoes of messages typed in the Page inbox / Business Suite (FACTS 2.1). */
export const PAGE_INBOX_APP_ID = 263902037430900;

/** An echo of a business message (sender and recipient inverted, FACTS 2.1/3.1). */
export function echoEvent(
  platform: 'messenger' | 'instagram',
  accountId: string,
  customerId: string,
  timestamp: number,
  message: Record<string, unknown>,
  appId: number | undefined,
  metadata?: string,
): MessagingEvent {
  const echo: Record<string, unknown> = { is_echo: true, ...(platform === 'messenger' && appId !== undefined ? { app_id: appId } : {}), ...(metadata !== undefined ? { metadata } : {}), ...message };
  return { sender: { id: accountId }, recipient: { id: customerId }, timestamp, message: echo };
}

/** Messenger delivery receipt: no `timestamp`, `watermark` always, `mids` optional (FACTS 2.1). */
export const deliveryEvent = (accountId: string, customerId: string, watermark: number, mids?: string[]): MessagingEvent => ({
  sender: { id: customerId },
  recipient: { id: accountId },
  delivery: { ...(mids?.length ? { mids } : {}), watermark },
});

/** Messenger read receipt: a watermark; Instagram `messaging_seen`: one `mid` (FACTS 2.1, 3.1). */
export const readEvent = (platform: 'messenger' | 'instagram', accountId: string, customerId: string, timestamp: number, watermarkOrMid: number | string): MessagingEvent => ({
  sender: { id: customerId },
  recipient: { id: accountId },
  timestamp,
  read: platform === 'messenger' ? { watermark: watermarkOrMid } : { mid: watermarkOrMid },
});
