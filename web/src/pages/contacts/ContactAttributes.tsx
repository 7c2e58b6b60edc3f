import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { setAttributes } from '../../api/contacts-api.ts';
import { ApiError, errorMessage } from '../../api/http.ts';
import type { AttributeDefinition, ContactDetail } from '../../api/types.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { useAttributeDefinitions } from '../../queries/use-contacts.ts';
import { changedAttributes, draftOf, MAX_TEXT } from './attribute-draft.ts';

/** The server names each refused attribute in `details.fields` (422 UNPROCESSABLE). */
function serverFieldErrors(err: unknown): Record<string, string> | null {
  const fields = err instanceof ApiError ? err.details?.['fields'] : undefined;
  if (!fields || typeof fields !== 'object') return null;
  return Object.fromEntries(Object.entries(fields).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/**
 * The organisation's custom attributes on this contact, each edited as its type asks (text,
 * number, date, one of a list). Checked before sending; what the server still refuses (a
 * definition changed meanwhile, say) is shown beside its field. An empty box removes the value.
 */
export function ContactAttributes({ contact }: { contact: ContactDetail }) {
  const { t } = useTranslation('contacts');
  const defs = useAttributeDefinitions();
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const list = defs.data ?? [];
  if (list.length === 0) return null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setError(null);
    const { values, errors: invalid } = changedAttributes(list, contact.attributes, drafts);
    setErrors(invalid);
    if (Object.keys(invalid).length > 0 || Object.keys(values).length === 0) return;
    try {
      const attributes = await setAttributes(contact.id, values);
      queryClient.setQueryData<ContactDetail>(queryKeys.contact(contact.id), (old) => old && { ...old, attributes });
      setDrafts({});
      setSaved(true);
    } catch (err) {
      const fields = serverFieldErrors(err);
      if (fields) setErrors(fields);
      else setError(errorMessage(err));
    }
  };
  const edit = (key: string, value: string) => {
    setSaved(false);
    setDrafts((d) => ({ ...d, [key]: value }));
    setErrors(({ [key]: _gone, ...rest }) => rest);
  };
  return (
    <section className="contact__section" aria-labelledby="contact-attributes-title">
      <h2 id="contact-attributes-title">{t('attributes.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="contact-attributes">
        {list.map((def) => (
          <AttributeField key={def.key} def={def} value={drafts[def.key] ?? draftOf(contact.attributes[def.key])} error={errors[def.key]} onChange={(v) => edit(def.key, v)} />
        ))}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button button--small" data-testid="attributes-save">
          {t('attributes.save')}
        </button>
        {saved && (
          <span role="status" className="contact__saved">
            {t('attributes.saved')}
          </span>
        )}
      </form>
    </section>
  );
}

interface FieldProps {
  def: AttributeDefinition;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** One attribute's box: a list is a choice, a date a date picker, a number and a text a text box. */
function AttributeField({ def, value, error, onChange }: FieldProps) {
  const id = `attribute-${def.key}`;
  const common = { id, value, 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined, 'data-testid': id };
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {def.label}
      </label>
      {def.type === 'list' ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          <option value="">—</option>
          {/* A stored value the list no longer offers still shows. */}
          {value && !def.options.includes(value) && <option value={value}>{value}</option>}
          {def.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type={def.type === 'date' ? 'date' : 'text'}
          inputMode={def.type === 'number' ? 'decimal' : undefined}
          maxLength={def.type === 'text' ? MAX_TEXT : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {error && (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
