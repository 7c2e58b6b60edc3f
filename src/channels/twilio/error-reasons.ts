/**
 * Sentences an agent can read for the Twilio error codes a WhatsApp status callback carries
 * (FACTS 5.3, 5.5, 5.6). The 300xx codes are Twilio's generic delivery codes (Twilio error
 * dictionary), which also reach WhatsApp messages. Unknown codes fall back to Twilio's own
 * `ErrorMessage`, then to a sentence naming the code.
 */
const REASONS: Record<string, string> = {
  '63016': "The customer's 24-hour WhatsApp window is closed: only an approved template (ContentSid) can be sent until they write again.",
  '63003': 'WhatsApp could not find this recipient: the number may not have a WhatsApp account.',
  '63018': 'The WhatsApp sender hit its rate limit; the message was not sent in time.',
  '63024': 'WhatsApp rejected the recipient as invalid.',
  '63032': 'WhatsApp did not deliver the message to this user (they may block the business or have not opted in).',
  '63049': 'Meta chose not to deliver this message (marketing message limits for this user).',
  '21211': "The recipient's number is not a valid phone number.",
  '21610': 'The recipient has unsubscribed (replied STOP) from this sender.',
  '21620': 'Twilio could not fetch the media URL of this message.',
  '11200': 'Twilio could not fetch the media URL of this message (HTTP error).',
  '30001': 'The message waited too long in Twilio’s queue and expired before it could be sent.',
  '30003': "The recipient's phone is unreachable (switched off or out of coverage).",
  '30005': 'The recipient is unknown to the network or no longer exists.',
  '30006': 'The recipient cannot receive this message (landline or unreachable carrier).',
  '30007': 'The carrier or WhatsApp filtered this message (spam or policy).',
  '30008': 'Delivery failed for an unknown reason reported by the carrier or WhatsApp.',
};

export function twilioErrorReason(code: string, errorMessage: string | undefined): string {
  const known = REASONS[code];
  if (known) return known;
  if (errorMessage && errorMessage.trim() !== '') return errorMessage;
  return `Twilio reported error ${code} for this message.`;
}
