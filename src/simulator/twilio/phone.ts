/** The key Twilio knows a WhatsApp customer by: `+E164` (a non-numeric id as given). */
export function twilioPhoneKey(id: string): string {
  const bare = id.replace(/^whatsapp:/, '');
  return /^\+?\d+$/.test(bare) ? `+${bare.replace(/^\+/, '')}` : bare;
}
