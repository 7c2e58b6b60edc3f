/**
 * What a Web Push notification says, in its reader's language (users.language; the server does
 * not know a browser's, so a user who chose none reads English). Kept small: titles and the few
 * words around names; test/unit/core/push-texts.test.ts checks every text has the same
 * placeholders in every language (the type already makes every language have every text).
 */
export const PUSH_LANGUAGES = ['en', 'de', 'es'] as const;
export type PushLanguage = (typeof PUSH_LANGUAGES)[number];

const en = {
  newConversation: 'New conversation: {contact}',
  newMessage: 'New message',
  aCustomer: 'A customer',
  someone: 'Someone',
  mentioned: '{author} mentioned you',
  mentionedAbout: '{author} mentioned you ({contact})',
  assigned: 'Assigned to you: {contact}',
  assignedBy: 'by {by}',
  slaBreach: 'SLA breached: {contact}',
  slaBreachBody: 'This conversation has waited longer than its SLA allows.',
  webhookDisabled: 'Webhook to {host} disabled',
  webhookDisabledBody: 'Every delivery failed for 24 hours; the last error: {error}',
};
export type PushTextKey = keyof typeof en;

export const PUSH_TEXTS: Record<PushLanguage, Record<PushTextKey, string>> = {
  en,
  de: {
    newConversation: 'Neue Unterhaltung: {contact}',
    newMessage: 'Neue Nachricht',
    aCustomer: 'Ein Kunde',
    someone: 'Jemand',
    mentioned: '{author} hat Sie erwähnt',
    mentionedAbout: '{author} hat Sie erwähnt ({contact})',
    assigned: 'Ihnen zugewiesen: {contact}',
    assignedBy: 'von {by}',
    slaBreach: 'SLA verletzt: {contact}',
    slaBreachBody: 'Diese Unterhaltung hat länger gewartet, als ihr SLA erlaubt.',
    webhookDisabled: 'Webhook an {host} deaktiviert',
    webhookDisabledBody: 'Alle Zustellungen sind 24 Stunden lang fehlgeschlagen; der letzte Fehler: {error}',
  },
  es: {
    newConversation: 'Nueva conversación: {contact}',
    newMessage: 'Mensaje nuevo',
    aCustomer: 'Un cliente',
    someone: 'Alguien',
    mentioned: '{author} te ha mencionado',
    mentionedAbout: '{author} te ha mencionado ({contact})',
    assigned: 'Asignada a ti: {contact}',
    assignedBy: 'por {by}',
    slaBreach: 'SLA incumplido: {contact}',
    slaBreachBody: 'Esta conversación ha esperado más de lo que permite su SLA.',
    webhookDisabled: 'Webhook a {host} desactivado',
    webhookDisabledBody: 'Todas las entregas han fallado durante 24 horas; el último error: {error}',
  },
};

/** The language a user reads pushes in: their choice's base language ("de-AT" → de) if translated, else English. */
export function pushLanguage(language: string | null | undefined): PushLanguage {
  const base = (language ?? '').toLowerCase().split('-')[0];
  return (PUSH_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as PushLanguage) : 'en';
}

/** One text with its names filled in. */
export function pushText(language: string | null | undefined, key: PushTextKey, params: Record<string, string> = {}): string {
  return PUSH_TEXTS[pushLanguage(language)][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
