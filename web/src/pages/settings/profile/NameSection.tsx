import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { changeProfile, type Profile } from '../../../api/profile-api.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { FieldError } from '../users/FieldError.tsx';
import { useSaveProfile } from './use-save-profile.ts';

/** My name, as the team sees it beside my notes, assignments and in the shell. */
export function NameSection({ profile }: { profile: Profile }) {
  const { t } = useTranslation('settings-profile');
  const [name, setName] = useState(profile.name);
  const [empty, setEmpty] = useState(false);
  const save = useSaveProfile((n: string) => changeProfile({ name: n }));
  const refusal = refusalOf(save.error, ['name']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!name.trim());
    if (name.trim()) save.mutate(name.trim());
  };
  return (
    <section className="card" aria-labelledby="profile-name-title">
      <h2 id="profile-name-title">{t('name.title')}</h2>
      <form onSubmit={submit} noValidate>
        <label className="field">
          <span className="field__label">{t('name.label')}</span>
          <span className="people-inline">
            <input value={name} onChange={(e) => (setName(e.target.value), setEmpty(false))} aria-invalid={empty || !!refusal.fields['name']} autoComplete="name" data-testid="profile-name" />
            <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="profile-name-save">
              {t('name.save')}
            </button>
          </span>
          <FieldError id="profile-name-error" message={empty ? t('name.required') : refusal.fields['name']} />
        </label>
        {refusal.form && (
          <p className="form-error" role="alert">
            {refusal.form}
          </p>
        )}
        {save.isSuccess && (
          <p className="field__hint" role="status" data-testid="profile-name-saved">
            {t('name.saved')}
          </p>
        )}
      </form>
    </section>
  );
}
