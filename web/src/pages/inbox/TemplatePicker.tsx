import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/http.ts';
import { listTemplates, type SendBody } from '../../api/inbox-api.ts';
import type { Template, TemplateInput } from '../../api/types.ts';
import { countVariables } from '../../lib/template-text.ts';
import { queryKeys } from '../../queries/query-keys.ts';
import { TemplatePreview } from './TemplatePreview.tsx';
import { serverText } from '../../i18n/server-text.ts';

interface Props {
  channelId: number;
  busy: boolean;
  /** Resolves true once the server took it: the form then starts over. */
  onSend: (template: NonNullable<SendBody['template']>) => Promise<boolean>;
  onCancel?: () => void;
}

const templateKey = (t: Template) => `${t.contentSid ?? ''}|${t.name}|${t.language}`;

/** The inputs a template needs; a server without `inputs` (older) knows only the body's count. */
function inputsOf(t: Template): TemplateInput[] {
  if (t.inputs) return t.inputs;
  const n = t.variableCount ?? countVariables(t.bodyText);
  return Array.from({ length: n }, (_, i) => ({ key: `body.${i + 1}`, component: 'body', kind: 'text', name: String(i + 1), required: true, label: `{{${i + 1}}}`, maxLength: 1024 }));
}

const GROUPS: TemplateInput['component'][] = ['header', 'body', 'button'];

/**
 * An approved template (WhatsApp Cloud) or Content template (Twilio): pick one, fill every input
 * it needs (header text or media link or location, body variables, button values), see what the
 * customer will receive, send. The server checks the same inputs and names any it refuses.
 */
export function TemplatePicker({ channelId, busy, onSend, onCancel }: Props) {
  const { t: tr } = useTranslation(['inbox-tools', 'common']);
  const [chosen, setChosen] = useState<string>('');
  const [values, setValues] = useState<Record<string, string>>({});
  const answer = useQuery({ queryKey: queryKeys.templates(channelId), queryFn: () => listTemplates(channelId) });
  const templates = answer.isError ? [] : (answer.data?.templates ?? null);
  const error = answer.isError ? errorMessage(answer.error) : templates?.length === 0 ? (answer.data?.note ?? null) : null;

  const template = templates?.find((t) => templateKey(t) === chosen);
  const inputs = template ? inputsOf(template) : [];
  const missing = inputs.filter((i) => i.required && !values[i.key]?.trim());
  const complete = !!template && !template.unsupported && missing.length === 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!template || !complete) return;
    const parameters = Object.fromEntries(inputs.flatMap((i) => (values[i.key]?.trim() ? [[i.key, values[i.key]!.trim()]] : [])));
    void onSend({ name: template.name, language: template.language, ...(template.contentSid && { contentSid: template.contentSid }), parameters }).then((sent) => {
      if (!sent) return;
      setChosen('');
      setValues({});
    });
  };

  return (
    <form className="template-picker" onSubmit={submit} data-testid="template-picker">
      <label className="control">
        <span className="control__label">{tr('template.label')}</span>
        <select
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value);
            setValues({});
          }}
          disabled={!templates?.length}
          data-testid="template-select"
        >
          <option value="">{templates === null ? tr('template.loading') : templates.length ? tr('template.choose') : tr('template.none')}</option>
          {templates?.map((t) => (
            <option key={templateKey(t)} value={templateKey(t)}>
              {t.name} ({t.language}){t.category ? ` · ${t.category.toLowerCase()}` : ''}
            </option>
          ))}
        </select>
      </label>
      {error && <p className="form-error">{error}</p>}
      {template?.unsupported && <p className="form-error">{serverText(template.unsupportedText, `${template.unsupported}.`)}</p>}
      {template && (
        <div className="template-picker__body">
          <TemplateInputs inputs={inputs} values={values} onChange={(key, value) => setValues((v) => ({ ...v, [key]: value }))} />
          <TemplatePreview template={template} values={values} />
        </div>
      )}
      {template && missing.length > 0 && (
        <p className="template-picker__missing" data-testid="template-missing">
          {tr('template.missing', { inputs: missing.map((i) => i.label).join(', ') })}
        </p>
      )}
      <div className="template-picker__actions">
        {onCancel && (
          <button type="button" className="button button--ghost" onClick={onCancel}>
            {tr('common:actions.cancel')}
          </button>
        )}
        <button type="submit" className="button button--primary" disabled={!complete || busy} data-testid="send-button">
          {busy ? tr('composer.sending') : tr('template.send')}
        </button>
      </div>
    </form>
  );
}

/** Every input the template needs, grouped as the customer will see them: header, message, buttons. */
function TemplateInputs({ inputs, values, onChange }: { inputs: TemplateInput[]; values: Readonly<Record<string, string>>; onChange: (key: string, value: string) => void }) {
  const { t } = useTranslation('inbox-tools');
  return (
    <div className="template-picker__inputs">
      {GROUPS.map((component) => {
        const group = inputs.filter((i) => i.component === component);
        if (group.length === 0) return null;
        return (
          <fieldset key={component} className="template-picker__group">
            <legend>{t(`template.group.${component}`)}</legend>
            {group.map((input) => (
              <label key={input.key} className="control">
                <span className="control__label">
                  {input.label}
                  {!input.required && <span className="template-picker__optional"> {t('template.optional')}</span>}
                </span>
                <input
                  value={values[input.key] ?? ''}
                  onChange={(e) => onChange(input.key, e.target.value)}
                  required={input.required}
                  maxLength={input.maxLength}
                  type={input.kind === 'image' || input.kind === 'video' || input.kind === 'document' ? 'url' : 'text'}
                  inputMode={input.kind === 'latitude' || input.kind === 'longitude' ? 'decimal' : undefined}
                  placeholder={input.example ?? ''}
                  data-testid={`template-input-${input.key}`}
                />
              </label>
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}
