import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createApiToken } from '../../../api/people-api.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { usePeopleMutation } from '../../../queries/use-people.ts';
import { FieldError } from '../users/FieldError.tsx';

/** Name a new token; its secret is shown here once (the server keeps only its hash). */
export function NewTokenForm() {
  const { t } = useTranslation('settings-tokens');
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [empty, setEmpty] = useState(false);
  const [secret, setSecret] = useState<{ name: string; token: string } | null>(null);
  const create = usePeopleMutation(createApiToken, (r) => {
    setSecret({ name: r.name, token: r.token });
    setName('');
    void queryClient.invalidateQueries({ queryKey: queryKeys.apiTokens() });
  });
  const refusal = refusalOf(create.error, ['name']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setEmpty(!name.trim());
    setSecret(null);
    if (name.trim()) create.mutate(name.trim());
  };
  return (
    <section className="card" aria-labelledby="new-token-title">
      <h2 id="new-token-title">{t('create.title')}</h2>
      <form onSubmit={submit} noValidate data-testid="new-token-form">
        <label className="field">
          <span className="field__label">
            {t('create.name')} <span className="field__hint">{t('create.nameHint')}</span>
          </span>
          <span className="people-inline">
            <input value={name} onChange={(e) => (setName(e.target.value), setEmpty(false))} aria-invalid={empty || !!refusal.fields['name']} autoComplete="off" data-testid="new-token-name" />
            <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="new-token-submit">
              {create.isPending ? t('create.submitting') : t('create.submit')}
            </button>
          </span>
          <FieldError id="new-token-name-error" message={empty ? t('create.required') : refusal.fields['name']} />
        </label>
        {refusal.form && (
          <p className="form-error" role="alert">
            {refusal.form}
          </p>
        )}
      </form>
      {secret && (
        <div className="secret" role="status" data-testid="new-token-secret">
          <p>
            <strong>{t('secret.title', { name: secret.name })}</strong>
          </p>
          <p>{t('secret.warning')}</p>
          <code className="secret__value mono" data-testid="new-token-value">
            {secret.token}
          </code>
          <span className="people-table__actions">
            <CopyButton text={secret.token} label={t('secret.copy')} copiedLabel={t('secret.copied')} testId="new-token-copy" />
            <button type="button" className="button button--small" onClick={() => setSecret(null)} data-testid="new-token-done">
              {t('secret.done')}
            </button>
          </span>
        </div>
      )}
    </section>
  );
}
