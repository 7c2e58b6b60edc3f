import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changeMyPassword } from '../../../api/people-api.ts';
import { ApiError } from '../../../api/http.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { usePeopleMutation } from '../../../queries/use-people.ts';
import { FieldError } from '../users/FieldError.tsx';

type Field = 'currentPassword' | 'newPassword' | 'repeat';
const EMPTY: Record<Field, string> = { currentPassword: '', newPassword: '', repeat: '' };

/** What is wrong before sending: the keys of the messages, per field. */
function check(v: Record<Field, string>): Partial<Record<Field, string>> {
  return {
    ...(!v.currentPassword && { currentPassword: 'password.currentRequired' }),
    ...(v.newPassword.length < 10 && { newPassword: 'password.tooShort' }),
    ...(v.repeat !== v.newPassword && { repeat: 'password.mismatch' }),
  };
}

/** Change my password: the current one first; my other sessions end, this one stays. */
export function PasswordSection() {
  const { t } = useTranslation('settings-profile');
  const [values, setValues] = useState(EMPTY);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [ended, setEnded] = useState<number | null>(null);
  const change = usePeopleMutation(
    (v: typeof EMPTY) => changeMyPassword(v.currentPassword, v.newPassword),
    (r) => (setEnded(r.endedSessions), setValues(EMPTY)),
  );
  const refusal = refusalOf(change.error, ['currentPassword', 'newPassword']);
  // A wrong current password is refused as FORBIDDEN: it belongs beside that field.
  const wrongCurrent = change.error instanceof ApiError && change.error.code === 'FORBIDDEN' ? change.error.message : undefined;
  const errorOf = (f: Field) => (local[f] ? t(local[f] as 'password.tooShort') : f === 'currentPassword' ? (wrongCurrent ?? refusal.fields[f]) : refusal.fields[f]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = check(values);
    setLocal(problems);
    setEnded(null);
    if (Object.keys(problems).length === 0) change.mutate(values);
  };
  const input = (f: Field, label: string, autoComplete: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type="password"
        value={values[f]}
        onChange={(e) => (setValues((v) => ({ ...v, [f]: e.target.value })), setLocal((l) => ({ ...l, [f]: undefined })))}
        aria-invalid={!!errorOf(f)}
        autoComplete={autoComplete}
        data-testid={`profile-${f}`}
      />
      <FieldError id={`profile-${f}-error`} message={errorOf(f)} />
    </label>
  );
  return (
    <section className="card" aria-labelledby="profile-password-title">
      <h2 id="profile-password-title">{t('password.title')}</h2>
      <form onSubmit={submit} noValidate data-testid="profile-password-form">
        {input('currentPassword', t('password.current'), 'current-password')}
        {input('newPassword', t('password.new'), 'new-password')}
        {input('repeat', t('password.repeat'), 'new-password')}
        {refusal.form && !wrongCurrent && (
          <p className="form-error" role="alert">
            {refusal.form}
          </p>
        )}
        {ended !== null && (
          <p className="notice" role="status" data-testid="profile-password-done">
            {t('password.done', { count: ended })}
          </p>
        )}
        <button type="submit" className="button button--primary" disabled={change.isPending} data-testid="profile-password-submit">
          {t('password.submit')}
        </button>
      </form>
    </section>
  );
}
