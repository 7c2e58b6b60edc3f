import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlatformInfo } from '../../../../src/contract/platforms.ts';
import { connectByForm } from '../../api/admin-api.ts';
import { errorMessage } from '../../api/http.ts';
import { serverText } from '../../i18n/server-text.ts';
import type { Field } from './CredentialField.tsx';

/**
 * Connecting a platform whose own form proves what is typed (a bot's token), inside the page:
 * `POST /api/v1/channels` with the form's values. The server checks them with the platform before
 * anything is stored; its refusal is shown beside the first field (the one that proves the
 * account), announced to screen readers, and the values stay for a correction.
 */
export function ConnectByForm({ platform, onConnected, onCancel }: { platform: PlatformInfo; onConnected: (name: string) => void; onCancel: () => void }) {
  const { t } = useTranslation('channels-connect');
  const fields = platform.connect.formFields ?? [];
  const [values, setValues] = useState<Record<string, string>>({});
  const errorId = useId();
  const connect = useMutation({
    mutationFn: () => connectByForm(platform.id, valuesOf(fields, values)),
    onSuccess: (res) => onConnected(res.channel?.name ?? platform.ui.name),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    connect.mutate();
  };
  const refusal = connect.isError ? errorMessage(connect.error) : null;

  return (
    <form className="add-channel connect-form" onSubmit={submit} aria-label={t('formTitle', { platform: platform.ui.name })} data-testid={`connect-form-${platform.id}`}>
      <h3>{t('formTitle', { platform: platform.ui.name })}</h3>
      {fields.map((f, i) => (
        <FormField
          key={f.name}
          field={f}
          value={values[f.name] ?? ''}
          onChange={(v) => setValues({ ...values, [f.name]: v })}
          error={i === 0 ? refusal : null}
          errorId={errorId}
          optionalHint={t('optional')}
        />
      ))}
      <div className="connect-form__actions">
        <button type="submit" className="button button--primary" disabled={connect.isPending} data-testid="connect-form-submit">
          {connect.isPending ? t('submitting') : t('submit')}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}

/** The values typed in, trimmed; empty optional ones left out. */
function valuesOf(fields: readonly Field[], values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    if (v) out[f.name] = v;
  }
  return out;
}

interface FormFieldProps {
  field: Field;
  value: string;
  onChange: (value: string) => void;
  /** The server's refusal, shown under this field. */
  error: string | null;
  errorId: string;
  optionalHint: string;
}

function FormField({ field: f, value, onChange, error, errorId, optionalHint }: FormFieldProps) {
  return (
    <label className="field">
      <span className="field__label">
        {serverText(f.labelText, f.label)} {f.hint ? <span className="field__hint">{serverText(f.hintText, f.hint)}</span> : f.optional && <span className="field__hint">{optionalHint}</span>}
      </span>
      <input
        type={f.secret ? 'password' : 'text'}
        required={!f.optional}
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        data-testid={`connect-field-${f.name}`}
      />
      {error && (
        <span className="field__error" id={errorId} role="alert" data-testid="connect-form-error">
          {error}
        </span>
      )}
    </label>
  );
}
