import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { revokeApiToken } from '../../../api/people-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { useNow } from '../../../components/use-now.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { useApiTokens, usePeopleMutation } from '../../../queries/use-people.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { useQueryClient } from '@tanstack/react-query';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { NewTokenForm } from './NewTokenForm.tsx';
import '../users/people.css';

/** Settings → API tokens (admins): who made which token, when it was last used; make and revoke them. */
export function TokensPage() {
  const { t } = useTranslation('settings-tokens');
  return (
    <SettingsPage title={t('title')} sub={t('sub')} adminOnly>
      <NewTokenForm />
      <TokenList />
    </SettingsPage>
  );
}

function TokenList() {
  const { t } = useTranslation('settings-tokens');
  const tokens = useApiTokens();
  return (
    <section className="card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('list.title')}</h2>
      <LoadState query={tokens} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
      {tokens.data?.length === 0 && (
        <p className="notice" data-testid="tokens-empty">
          {t('list.empty')}
        </p>
      )}
      {!!tokens.data?.length && <TokenTable tokens={tokens.data} />}
    </section>
  );
}

function TokenTable({ tokens }: { tokens: NonNullable<ReturnType<typeof useApiTokens>['data']> }) {
  const { t } = useTranslation('settings-tokens');
  const format = useFormat();
  const now = useNow(60_000);
  const queryClient = useQueryClient();
  const [revoking, setRevoking] = useState<number | null>(null);
  const revoke = usePeopleMutation(revokeApiToken, () => void queryClient.invalidateQueries({ queryKey: queryKeys.apiTokens() }));
  return (
    <>
      {revoke.isError && (
        <p className="form-error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      )}
      <table className="table people-table" data-testid="tokens-table">
        <thead>
          <tr>
            <th scope="col">{t('list.name')}</th>
            <th scope="col">{t('list.created')}</th>
            <th scope="col">{t('list.lastUsed')}</th>
            <th scope="col">{t('list.createdBy')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('revoke.button')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((tk) => (
            <tr key={tk.id} data-testid="token-row" data-name={tk.name ?? ''}>
              <td data-label={t('list.name')}>
                <strong className="people-table__who">{tk.name ?? t('list.unnamed')}</strong>
              </td>
              <td data-label={t('list.created')}>{format.date(tk.createdAt)}</td>
              <td data-label={t('list.lastUsed')}>{tk.lastUsedAt ? format.relative(tk.lastUsedAt, now) : t('list.never')}</td>
              <td data-label={t('list.createdBy')}>{tk.userName}</td>
              <td>
                <ConfirmButton
                  label={t('revoke.button')}
                  question={t('revoke.confirm', { name: tk.name ?? t('list.unnamed') })}
                  yes={t('revoke.yes')}
                  danger
                  disabled={revoke.isPending && revoking === tk.id}
                  onConfirm={() => (setRevoking(tk.id), revoke.mutate(tk.id))}
                  removes
                  testId="token-revoke"
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
