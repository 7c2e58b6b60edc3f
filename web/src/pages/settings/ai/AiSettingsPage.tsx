import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getAiSettings, saveAiSettings, type AiSettings } from '../../../api/ai-api.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { FieldError } from '../users/FieldError.tsx';

export const AI_SETTINGS_KEY = ['ai-settings'] as const;

/**
 * Settings → Language model (admins): whether this organisation uses the server's language model
 * (AI_BASE_URL) for drafts, summaries and translations, and whether message text may go to it.
 * Both start off; without a configured model the switch cannot be turned on and says why.
 */
export function AiSettingsPage() {
  const { t } = useTranslation('ai');
  const settings = useQuery({ queryKey: AI_SETTINGS_KEY, queryFn: ({ signal }) => getAiSettings(signal) });
  return (
    <SettingsPage title={t('settings.title')} sub={t('settings.sub')} adminOnly narrow testId="ai-settings-page">
      <section className="card">
        <LoadState query={settings} loading={t('settings.loading')} failed={(message) => t('settings.failed', { message })} />
        {settings.data && <AiSettingsForm initial={settings.data} />}
      </section>
    </SettingsPage>
  );
}

function AiSettingsForm({ initial }: { initial: AiSettings }) {
  const { t } = useTranslation('ai');
  const queryClient = useQueryClient();
  const [enabled, setEnabled] = useState(initial.enabled);
  const [share, setShare] = useState(initial.shareMessageText);
  const save = useMutation({ mutationFn: saveAiSettings, onSuccess: (s) => queryClient.setQueryData(AI_SETTINGS_KEY, s) });
  const refusal = refusalOf(save.error, ['enabled', 'shareMessageText']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ enabled, shareMessageText: share });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="ai-settings-form">
      {initial.available ? (
        <p className="hint">{t('settings.model', { model: initial.model })}</p>
      ) : (
        <p className="hint" data-testid="ai-not-available">
          {t('settings.notAvailable')}
        </p>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={enabled}
          disabled={!initial.available && !enabled}
          onChange={(e) => setEnabled(e.target.checked)}
          aria-describedby={refusal.fields['enabled'] ? 'ai-enabled-error' : undefined}
          data-testid="ai-enabled"
        />
        {t('settings.enabled')}
      </label>
      <FieldError id="ai-enabled-error" message={refusal.fields['enabled']} />
      <label className="check">
        <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} aria-describedby="ai-share-hint" data-testid="ai-share" />
        {t('settings.share')}
      </label>
      <p className="hint" id="ai-share-hint">
        {t('settings.shareHint')}
      </p>
      {refusal.form && (
        <p className="form-error" role="alert">
          {refusal.form}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="ai-settings-save">
        {save.isSuccess ? t('settings.saved') : t('settings.save')}
      </button>
    </form>
  );
}
