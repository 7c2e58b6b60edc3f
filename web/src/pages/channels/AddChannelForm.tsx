import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlatformInfo } from '../../../../src/contract/platforms.ts';
import { createChannel } from '../../api/admin-api.ts';
import { ApiError, errorMessage } from '../../api/http.ts';
import { serverText } from '../../i18n/server-text.ts';
import { issueText } from '../../lib/field-errors.ts';
import { usePlatforms } from '../../queries/use-platforms.ts';
import { CredentialField, type Field } from './CredentialField.tsx';

/** The server's refusal in words: each field it named, or its message. */
function refusal(err: unknown): string {
  const issues = err instanceof ApiError ? (err.details?.['issues'] as { path: string; message: string; code?: string }[] | undefined) : undefined;
  return issues?.length ? issues.map((i) => `${i.path}: ${issueText(i, i.message)}`).join('; ') : errorMessage(err);
}

/** The credentials typed in, trimmed; a choice left alone is its first value. */
function credentialsOf(fields: readonly Field[], values: Record<string, string>): Record<string, string> {
  const credentials: Record<string, string> = {};
  for (const f of fields) {
    const v = (values[f.name] ?? f.choices?.[0] ?? '').trim();
    if (v) credentials[f.name] = v;
  }
  return credentials;
}

/**
 * Connect an account by pasting its credentials (admins only); they are proven with the platform
 * and encrypted at rest by the server. The platforms offered, and each one's fields, are what
 * GET /api/v1/platforms says (`connect.credentials`).
 */
export function AddChannelForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation('channels');
  const offered = usePlatforms().filter((p) => p.connect.credentials !== null);
  const [chosen, setChosen] = useState<string>();
  const platform = offered.find((p) => p.id === chosen) ?? offered[0];
  if (!platform) return <p className="notice">{t('add.none')}</p>;
  return <CredentialsForm key={platform.id} platform={platform} offered={offered} onPlatform={setChosen} onAdded={onAdded} />;
}

interface FormProps {
  platform: PlatformInfo;
  offered: PlatformInfo[];
  onPlatform: (id: string) => void;
  onAdded: () => void;
}

/** One platform's form; a fresh one (no values carried over) when the platform changes. */
function CredentialsForm({ platform, offered, onPlatform, onAdded }: FormProps) {
  const { t } = useTranslation('channels');
  const form = platform.connect.credentials!;
  const [account, setAccount] = useState('');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const create = useMutation({ mutationFn: createChannel, onSuccess: onAdded });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ platform: platform.id, externalAccountId: account.trim(), displayName: name.trim() || platform.ui.name, credentials: credentialsOf(form.fields, values) });
  };

  return (
    <form className="add-channel" onSubmit={submit} data-testid="add-channel-form">
      <label className="field">
        <span className="field__label">{t('add.platform')}</span>
        <select value={platform.id} onChange={(e) => onPlatform(e.target.value)} data-testid="add-channel-platform">
          {offered.map((p) => (
            <option key={p.id} value={p.id}>
              {p.ui.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">
          {serverText(form.account.labelText, form.account.label)} {form.account.hint && <span className="field__hint">{serverText(form.account.hintText, form.account.hint)}</span>}
        </span>
        <input required value={account} onChange={(e) => setAccount(e.target.value)} autoComplete="off" data-testid="add-channel-account" />
      </label>
      <label className="field">
        <span className="field__label">{t('add.displayName')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={platform.ui.name} data-testid="add-channel-name" />
      </label>
      {form.fields.map((f) => (
        <CredentialField key={f.name} field={f} value={values[f.name]} onChange={(v) => setValues({ ...values, [f.name]: v })} />
      ))}
      {create.isError && (
        <p className="form-error" role="alert">
          {refusal(create.error)}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="add-channel-submit">
        {create.isPending ? t('add.submitting') : t('add.submit')}
      </button>
    </form>
  );
}
