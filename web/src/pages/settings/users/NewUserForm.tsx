import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createUser, type NewUserInput, type Role } from '../../../api/people-api.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { generatePassword } from '../../../lib/generate-password.ts';
import { usePeopleMutation } from '../../../queries/use-people.ts';
import { FieldError } from './FieldError.tsx';

const FIELDS = ['name', 'email', 'role', 'password'] as const;
type FieldName = (typeof FIELDS)[number];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What is wrong with the form before it is sent, per field. */
function check(input: NewUserInput): Partial<Record<FieldName, 'name' | 'email' | 'password'>> {
  return {
    ...(!input.name.trim() && { name: 'name' as const }),
    ...(!EMAIL.test(input.email.trim()) && { email: 'email' as const }),
    ...(input.password.length < 10 && { password: 'password' as const }),
  };
}

/** Settings → Users: add an agent or admin with a first password (the API has no invitations). */
export function NewUserForm() {
  const { t } = useTranslation('settings-users');
  const [input, setInput] = useState<NewUserInput>({ name: '', email: '', role: 'agent', password: '' });
  const [local, setLocal] = useState<ReturnType<typeof check>>({});
  const [added, setAdded] = useState<{ name: string; email: string } | null>(null);
  const create = usePeopleMutation(createUser, (user) => {
    setAdded({ name: user.name, email: user.email });
    setInput({ name: '', email: '', role: 'agent', password: '' });
  });
  const refusal = refusalOf(create.error, FIELDS);
  const errorOf = (f: FieldName) => (local[f] ? t(`create.errors.${local[f]}`) : refusal.fields[f]);
  const set = (f: FieldName, value: string) => {
    setInput((i) => ({ ...i, [f]: value }));
    setLocal((l) => ({ ...l, [f]: undefined }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = check(input);
    setLocal(problems);
    setAdded(null);
    if (Object.keys(problems).length === 0) create.mutate({ ...input, name: input.name.trim(), email: input.email.trim() });
  };
  return (
    <section className="card" aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('create.title')}</h2>
      <form className="people-form" onSubmit={submit} noValidate data-testid="new-user-form">
        <label className="field">
          <span className="field__label">{t('create.name')}</span>
          <input value={input.name} onChange={(e) => set('name', e.target.value)} aria-invalid={!!errorOf('name')} autoComplete="off" data-testid="new-user-name" />
          <FieldError id="new-user-name-error" message={errorOf('name')} />
        </label>
        <label className="field">
          <span className="field__label">{t('create.email')}</span>
          <input type="email" value={input.email} onChange={(e) => set('email', e.target.value)} aria-invalid={!!errorOf('email')} autoComplete="off" data-testid="new-user-email" />
          <FieldError id="new-user-email-error" message={errorOf('email')} />
        </label>
        <label className="field">
          <span className="field__label">{t('create.role')}</span>
          <select value={input.role} onChange={(e) => set('role', e.target.value as Role)} data-testid="new-user-role">
            <option value="agent">{t('role.agent')}</option>
            <option value="admin">{t('role.admin')}</option>
          </select>
        </label>
        <PasswordField value={input.password} onChange={(v) => set('password', v)} error={errorOf('password')} />
        <div className="people-form__actions">
          {refusal.form && (
            <p className="form-error" role="alert" data-testid="new-user-error">
              {refusal.form}
            </p>
          )}
          {added && (
            <p className="notice" role="status" data-testid="new-user-added">
              {t('create.added', added)}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="new-user-submit">
            {create.isPending ? t('create.submitting') : t('create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The first password, typed or generated, shown in clear so the admin can hand it over. */
function PasswordField({ value, onChange, error }: { value: string; onChange: (v: string) => void; error: string | undefined }) {
  const { t } = useTranslation('settings-users');
  return (
    <div className="field">
      <label className="field__label" htmlFor="new-user-password">
        {t('create.password')}
      </label>
      <div className="people-inline">
        <input id="new-user-password" className="mono" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} autoComplete="new-password" data-testid="new-user-password" />
        <button type="button" className="button" onClick={() => onChange(generatePassword())} data-testid="new-user-generate">
          {t('create.generate')}
        </button>
      </div>
      <span className="field__hint">{t('create.passwordHint')}</span>
      <FieldError id="new-user-password-error" message={error} />
    </div>
  );
}
