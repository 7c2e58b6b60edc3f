/**
 * A Telegram `message_id` is unique within its chat only (two customers of one bot both have a
 * message 1), while snorq keeps messages unique per channel. So a message's external id is
 * `<chat id>:<message id>`, and a reply names its target the same way.
 */
export function messageExternalId(chatId: number | string, messageId: number | string): string {
  return `${chatId}:${messageId}`;
}

/** The chat and message of an external id made by messageExternalId; undefined for anything else. */
export function parseMessageExternalId(externalId: string): { chatId: string; messageId: number } | undefined {
  const match = /^(-?\d{1,20}):(\d{1,15})$/.exec(externalId);
  if (!match?.[1] || !match[2]) return undefined;
  return { chatId: match[1], messageId: Number(match[2]) };
}
