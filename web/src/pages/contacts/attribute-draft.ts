import type { AttributeDefinition } from '../../api/types.ts';
import { i18next } from '../../i18n/i18n.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The server's bound on a text value (AttributeValues in src/contract/contact-records.ts). */
export const MAX_TEXT = 1000;

/** The reasons, in the UI's language (pure otherwise: no React here, so the shared instance). */
const t = i18next.getFixedT(null, 'contacts', 'attributes');

/**
 * What the agent typed for one attribute, as the value to send, or why it does not fit the
 * attribute's type: the same rules the server applies (src/core/contacts/contact-attributes.ts),
 * checked before sending so the agent sees the problem beside the field at once. An empty box
 * removes the value (null).
 */
export function parseAttributeDraft(def: Pick<AttributeDefinition, 'type' | 'options' | 'label'>, draft: string): { ok: true; value: string | number | null } | { ok: false; reason: string } {
  const text = draft.trim();
  if (text === '') return { ok: true, value: null };
  switch (def.type) {
    case 'text':
      return text.length <= MAX_TEXT ? { ok: true, value: text } : { ok: false, reason: t('tooLong', { label: def.label, max: MAX_TEXT }) };
    case 'number': {
      const n = Number(text.replace(',', '.'));
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, reason: t('notNumber', { label: def.label }) };
    }
    case 'date': {
      const valid = DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
      return valid ? { ok: true, value: text } : { ok: false, reason: t('notDate', { label: def.label }) };
    }
    case 'list':
      return def.options.includes(text) ? { ok: true, value: text } : { ok: false, reason: t('notInList', { label: def.label, options: def.options.join(', ') }) };
  }
}

/** The box's text for a stored value. */
export const draftOf = (value: string | number | undefined) => (value === undefined ? '' : String(value));

/**
 * The values that changed, ready to send, or the reason per field for those that do not fit.
 * Unchanged fields are not sent (a definition changed meanwhile does not block the others).
 */
export function changedAttributes(defs: AttributeDefinition[], stored: Record<string, string | number>, drafts: Record<string, string>) {
  const values: Record<string, string | number | null> = {};
  const errors: Record<string, string> = {};
  for (const def of defs) {
    const draft = drafts[def.key];
    if (draft === undefined || draft.trim() === draftOf(stored[def.key])) continue;
    const parsed = parseAttributeDraft(def, draft);
    if (parsed.ok) values[def.key] = parsed.value;
    else errors[def.key] = parsed.reason;
  }
  return { values, errors };
}
