/**
 * Variables in canned responses: `{{contact.name}}` and the like, filled from the open
 * conversation when a response is picked in the composer. A variable snorq does not know, or one
 * it has no value for (a contact without a name), stays in the text as written, for the agent to
 * replace: the composer does not send text that still holds `{{…}}`.
 */
export const CANNED_VARIABLES = ['contact.name', 'contact.first_name', 'contact.username', 'contact.phone', 'agent.name', 'agent.first_name', 'organisation.name'] as const;
export type CannedVariable = (typeof CANNED_VARIABLES)[number];

/** Each variable's value, or null when there is none to fill in. */
export type CannedValues = Record<CannedVariable, string | null>;

/** Also accepted as written by those who spell it the American way. */
const ALIASES: Record<string, CannedVariable> = { 'organization.name': 'organisation.name' };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export interface Placeholder {
  /** Where `{{…}}` starts and ends (exclusive) in the text. */
  start: number;
  end: number;
  /** What is between the braces, trimmed. */
  name: string;
}

/** Every `{{…}}` of the text, in order. */
export function findPlaceholders(text: string): Placeholder[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length, name: m[1]! }));
}

/** Whether the text still holds a variable to fill (the composer refuses to send it). */
export function hasPlaceholders(text: string): boolean {
  return findPlaceholders(text).length > 0;
}

function variableOf(name: string): CannedVariable | null {
  const key = name.toLowerCase();
  if ((CANNED_VARIABLES as readonly string[]).includes(key)) return key as CannedVariable;
  return ALIASES[key] ?? null;
}

/**
 * The text with every known variable that has a value replaced by it (in one pass: a value that
 * itself looks like `{{x}}` is not filled again); `unfilled` lists the placeholders left, in order.
 */
export function fillCannedVariables(text: string, values: CannedValues): { text: string; unfilled: string[] } {
  const unfilled: string[] = [];
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    const variable = variableOf(name);
    const value = variable ? values[variable]?.trim() : null;
    if (value) return value;
    unfilled.push(whole);
    return whole;
  });
  return { text: filled, unfilled };
}

/** The first word of a name ("Maria José Lopez" → "Maria"), or null. */
export function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/u)[0];
  return first ? first : null;
}

/** The values of a conversation's contact, the signed-in agent and the organisation. */
export function cannedValues(input: {
  contact: { name: string | null; username: string | null; phone: string | null };
  agent: { name: string | null };
  organisation: { name: string | null } | null;
}): CannedValues {
  const contactName = input.contact.name?.trim() || null;
  return {
    'contact.name': contactName,
    'contact.first_name': firstName(contactName),
    'contact.username': input.contact.username,
    'contact.phone': input.contact.phone,
    'agent.name': input.agent.name?.trim() || null,
    'agent.first_name': firstName(input.agent.name),
    'organisation.name': input.organisation?.name ?? null,
  };
}
