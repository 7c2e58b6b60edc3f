import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage, isMissingRoute } from '../../api/http.ts';
import { listTemplates } from '../../api/inbox-api.ts';
import type { Template } from '../../api/types.ts';
import { countVariables, fillTemplate } from '../../lib/template-text.ts';

interface Props {
  channelId: number;
  busy: boolean;
  onSend: (template: { name: string; language: string; variables: string[] }) => void;
  onCancel?: () => void;
}

/** WhatsApp outside the 24-hour window: pick an approved template, fill its variables, send. */
export function TemplatePicker({ channelId, busy, onSend, onCancel }: Props) {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string>('');
  const [values, setValues] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    listTemplates(channelId).then(
      (r) => {
        if (!live) return;
        setTemplates(r.templates);
        if (r.templates.length === 0 && r.note) setError(r.note);
      },
      (err: unknown) => live && (setTemplates([]), setError(isMissingRoute(err) ? 'Templates are not available for this channel yet.' : errorMessage(err))),
    );
    return () => {
      live = false;
    };
  }, [channelId]);

  const template = templates?.find((t) => `${t.name}|${t.language}` === chosen);
  const count = template ? (template.variableCount ?? countVariables(template.bodyText)) : 0;
  const complete = template && values.slice(0, count).filter((v) => v.trim()).length === count;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (template && complete) onSend({ name: template.name, language: template.language, variables: values.slice(0, count).map((v) => v.trim()) });
  };

  return (
    <form className="template-picker" onSubmit={submit} data-testid="template-picker">
      <label className="control">
        <span className="control__label">Template</span>
        <select
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            setValues([]);
          }}
          disabled={!templates?.length}
          data-testid="template-select"
        >
          <option value="">{templates === null ? 'Loading templates…' : templates.length ? 'Choose an approved template' : 'No templates'}</option>
          {templates?.map((t) => (
            <option key={`${t.name}|${t.language}`} value={`${t.name}|${t.language}`}>
              {t.name} ({t.language}){t.category ? ` · ${t.category.toLowerCase()}` : ''}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="form-error">{error}</p>}
      {template && (
        <>
          {Array.from({ length: count }, (_, i) => (
            <label key={i} className="control">
              <span className="control__label">{`{{${i + 1}}}`}</span>
              <input
                value={values[i] ?? ''}
                onChange={(e) => setValues((v) => Object.assign([...v], { [i]: e.target.value }))}
                required
                maxLength={1024}
                data-testid={`template-var-${i + 1}`}
              />
            </label>
          ))}
          {template.bodyText && <p className="template-picker__preview">{fillTemplate(template.bodyText, values)}</p>}
        </>
      )}
      <div className="template-picker__actions">
        {onCancel && (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={!complete || busy} data-testid="send-button">
          {busy ? 'Sending…' : 'Send template'}
        </button>
      </div>
    </form>
  );
}
