/** Twilio senders are written `whatsapp:+E164` everywhere (webhook To/From, API From). */
export function twilioSender(number: string): string {
  const n = number.trim();
  return n.startsWith('whatsapp:') ? n : `whatsapp:${n.startsWith('+') ? n : `+${n}`}`;
}

/** A Twilio channel's routing id: the account and its sender, `AC…:whatsapp:+E164` (one account has many senders). */
export const twilioAccountId = (accountSid: string, sender: string): string => `${accountSid}:${twilioSender(sender)}`;
