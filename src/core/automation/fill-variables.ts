/**
 * Canned variables (`{{contact.first_name}}` …) in texts snorq sends by itself: the same names the
 * composer fills (web/src/lib/canned-variables.ts). Nobody is there to replace a variable without a
 * value, so it is left out (with the space or comma before it: "Hello {{contact.first_name}}!"
 * becomes "Hello!"), and `agent.*` are empty: no agent writes an automatic message.
 */
export interface VariableValues {
  contactName: string | null;
  username: string | null;
  phone: string | null;
  organisationName: string | null;
}

const PLACEHOLDER = /[ \t]*,?[ \t]*\{\{\s*([^{}]*?)\s*\}\}|\{\{\s*([^{}]*?)\s*\}\}/g;

export function fillVariables(text: string, v: VariableValues): string {
  const first = v.contactName?.trim().split(/\s+/u)[0] || null;
  const values: Record<string, string | null> = {
    'contact.name': v.contactName?.trim() || null,
    'contact.first_name': first,
    'contact.username': v.username,
    'contact.phone': v.phone,
    'organisation.name': v.organisationName,
    'organization.name': v.organisationName,
  };
  return text
    .replace(PLACEHOLDER, (whole, lead: string | undefined, bare: string | undefined) => {
      const name = (lead ?? bare ?? '').toLowerCase();
      const value = values[name]?.trim();
      if (!value) return '';
      // Keep what stood before the placeholder (a space, ", ") and put the value in its place.
      return whole.slice(0, whole.indexOf('{{')) + value;
    })
    .trim();
}
