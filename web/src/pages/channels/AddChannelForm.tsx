import { useState, type FormEvent } from 'react';
import { createChannel } from '../../api/admin-api.ts';
import { ApiError, errorMessage } from '../../api/http.ts';
import { PLATFORMS, type Platform } from '../../api/types.ts';
import { PLATFORM_META } from '../../lib/platforms.ts';

interface Field {
  key: string;
  label: string;
  secret?: boolean;
  optional?: boolean;
  choices?: string[];
}

/** What each platform needs (src/core/channels/connect-channel.ts), and what its account id is called. */
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

/** Connect an account by pasting its credentials (admins only); they are encrypted at rest by the server. */
export function AddChannelForm({ onAdded }: { onAdded: () => void }) {
  const [platform, setPlatform] = useState<Platform>('messenger');
  const [account, setAccount] = useState('');
  const [name, setName] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = FORM[platform];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const credentials: Record<string, string> = {};
    for (const f of form.fields) {
      const v = (values[f.key] ?? (f.choices?.[0] ?? '')).trim();
      if (v) credentials[f.key] = v;
    }
    try {
      await createChannel({ platform, externalAccountId: account.trim(), displayName: name.trim() || PLATFORM_META[platform].label, credentials });
      onAdded();
    } catch (err) {
      const issues = err instanceof ApiError ? (err.details?.['issues'] as { path: string; message: string }[] | undefined) : undefined;
      setError(issues?.length ? issues.map((i) => `${i.path}: ${i.message}`).join('; ') : errorMessage(err));
    } finally {
      setBusy(false);
    }
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
        <label className="field" key={`${platform}-${f.key}`}>
          <span className="field__label">
            {f.label} {f.optional && <span className="field__hint">(optional)</span>}
          </span>
          {f.choices ? (
            <select value={values[f.key] ?? f.choices[0]} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}>
              {f.choices.map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          ) : (
            <input
              type={f.secret ? 'password' : 'text'}
              required={!f.optional}
              autoComplete="off"
              value={values[f.key] ?? ''}
              onChange={(e) => setValues({ ...values, [f.key]: e.target.value })}
              data-testid={`add-channel-${f.key}`}
            />
          )}
        </label>
      ))}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={busy} data-testid="add-channel-submit">
        {busy ? 'Connecting…' : 'Add channel'}
      </button>
    </form>
  );
}
