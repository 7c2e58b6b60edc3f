import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createChannel } from '../../api/admin-api.ts';
import { ApiError, errorMessage } from '../../api/http.ts';
import { PLATFORMS } from '../../api/platform-ids.ts';
import type { Platform } from '../../api/types.ts';
import { PLATFORM_META } from '../../lib/platforms.ts';

interface Field {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  choices?: string[];
}

/** What each platform needs (src/core/channel-accounts/connect-channel.ts), and what its account id is called. */
const FORM: Record<Platform, { accountLabel: string; accountHint: string; fields: Field[] }> = {
  messenger: { accountLabel: 'Facebook Page ID', accountHint: 'digits', fields: [{ key: 'pageAccessToken', label: 'Page access token', secret: true }] },
  instagram: {
    accountLabel: 'Instagram account ID',
    accountHint: 'digits',
    fields: [
      { key: 'accessToken', label: 'Access token', secret: true },
      { key: 'loginType', label: 'Login type', choices: ['instagram', 'facebook'] },
    ],
  },
  whatsapp: {
    accountLabel: 'Phone number ID',
    accountHint: 'digits, from WhatsApp Manager',
    fields: [
      { key: 'accessToken', label: 'Access token', secret: true },
      { key: 'wabaId', label: 'WhatsApp Business Account ID', optional: true },
    ],
  },
  twilio: {
    accountLabel: 'WhatsApp sender number',
    accountHint: 'e.g. +14155238886',
    fields: [
      { key: 'accountSid', label: 'Account SID' },
      { key: 'authToken', label: 'Auth token', secret: true },
    ],
  },
  tiktok: { accountLabel: 'TikTok business ID', accountHint: '', fields: [{ key: 'accessToken', label: 'Access token', secret: true }] },
};

/** The server's refusal in words: each field it named, or its message. */
function refusal(err: unknown): string {
  const issues = err instanceof ApiError ? (err.details?.['issues'] as { path: string; message: string }[] | undefined) : undefined;
  return issues?.length ? issues.map((i) => `${i.path}: ${i.message}`).join('; ') : errorMessage(err);
}

/** Connect an account by pasting its credentials (admins only); they are encrypted at rest by the server. */
export function AddChannelForm({ onAdded }: { onAdded: () => void }) {
  const [platform, setPlatform] = useState<Platform>('messenger');
  const [account, setAccount] = useState('');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const form = FORM[platform];
  const create = useMutation({ mutationFn: createChannel, onSuccess: onAdded });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const credentials: Record<string, string> = {};
    for (const f of form.fields) {
      const v = (values[f.key] ?? (f.choices?.[0] ?? '')).trim();
      if (v) credentials[f.key] = v;
    }
    create.mutate({ platform, externalAccountId: account.trim(), displayName: name.trim() || PLATFORM_META[platform].label, credentials });
  };

  return (
    <form className="add-channel" onSubmit={submit} data-testid="add-channel-form">
      <label className="field">
        <span className="field__label">Platform</span>
        <select
          value={platform}
          onChange={(e) => {
            setPlatform(e.target.value as Platform);
            setValues({});
          }}
          data-testid="add-channel-platform"
        >
          {PLATFORMS.map((p) => (
            <option key={p} value={p}>
              {PLATFORM_META[p].label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">
          {form.accountLabel} {form.accountHint && <span className="field__hint">({form.accountHint})</span>}
        </span>
        <input required value={account} onChange={(e) => setAccount(e.target.value)} autoComplete="off" data-testid="add-channel-account" />
      </label>
      <label className="field">
        <span className="field__label">Display name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder={PLATFORM_META[platform].label} data-testid="add-channel-name" />
      </label>
      {form.fields.map((f) => (
        <CredentialField key={`${platform}-${f.key}`} field={f} value={values[f.key]} onChange={(v) => setValues({ ...values, [f.key]: v })} />
      ))}
      {create.isError && (
        <p className="form-error" role="alert">
          {refusal(create.error)}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="add-channel-submit">
        {create.isPending ? 'Connecting…' : 'Add channel'}
      </button>
    </form>
  );
}

/** One credential: a choice, or a text (secrets masked). */
function CredentialField({ field: f, value, onChange }: { field: Field; value: string | undefined; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span className="field__label">
        {f.label} {f.optional && <span className="field__hint">(optional)</span>}
      </span>
      {f.choices ? (
        <select value={value ?? f.choices[0]} onChange={(e) => onChange(e.target.value)}>
          {f.choices.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      ) : (
        <input
          type={f.secret ? 'password' : 'text'}
          required={!f.optional}
          autoComplete="off"
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`add-channel-${f.key}`}
        />
      )}
    </label>
  );
}
