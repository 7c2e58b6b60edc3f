import { useTranslation } from 'react-i18next';
import type { PlatformConnect } from '../../../../src/contract/platforms.ts';
import { serverText } from '../../i18n/server-text.ts';

export type Field = NonNullable<PlatformConnect['credentials']>['fields'][number];

/** One credential: a choice, or a text (secrets masked). */
export function CredentialField({ field: f, value, onChange }: { field: Field; value: string | undefined; onChange: (value: string) => void }) {
  const { t } = useTranslation('channels');
  return (
    <label className="field">
      <span className="field__label">
        {serverText(f.labelText, f.label)} {f.hint ? <span className="field__hint">{serverText(f.hintText, f.hint)}</span> : f.optional && <span className="field__hint">{t('add.optional')}</span>}
      </span>
      {f.choices ? (
        <select value={value ?? f.choices[0]} onChange={(e) => onChange(e.target.value)} data-testid={`add-channel-${f.name}`}>
          {f.choices.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      ) : (
        <input type={f.secret ? 'password' : 'text'} required={!f.optional} autoComplete="off" value={value ?? ''} onChange={(e) => onChange(e.target.value)} data-testid={`add-channel-${f.name}`} />
      )}
    </label>
  );
}
