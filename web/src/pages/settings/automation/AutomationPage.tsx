import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { getAutomationSettings, saveAutomationSettings, type AutomationSettings } from '../../../api/automation-api.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { FieldError } from '../users/FieldError.tsx';
import { RulesSection } from './RulesSection.tsx';
import './automation.css';

/**
 * Settings → Automation (admins): the greeting and away message snorq sends by itself (business
 * hours and holidays are on the organisation page), and the rules, in the order they run.
 */
export function AutomationPage() {
  const { t } = useTranslation('settings-automation');
  const settings = useQuery({ queryKey: ['automation-settings'], queryFn: ({ signal }) => getAutomationSettings(signal) });
  return (
    <SettingsPage title={t('title')} sub={t('sub')} adminOnly testId="automation-page">
      <section className="card" aria-labelledby="auto-replies-title">
        <h2 id="auto-replies-title">{t('replies.title')}</h2>
        <LoadState query={settings} loading={t('loading')} failed={(message) => t('failed', { message })} />
        {settings.data && <AutoRepliesForm initial={settings.data} />}
      </section>
      <RulesSection />
    </SettingsPage>
  );
}

function AutoRepliesForm({ initial }: { initial: AutomationSettings }) {
  const { t } = useTranslation('settings-automation');
  const queryClient = useQueryClient();
  const [greeting, setGreeting] = useState(initial.greeting);
  const [away, setAway] = useState(initial.away);
  const save = useMutation({
    mutationFn: saveAutomationSettings,
    onSuccess: (s) => queryClient.setQueryData(['automation-settings'], s),
  });
  const refusal = refusalOf(save.error, ['greeting', 'away']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ greeting, away });
  };
  return (
    <form onSubmit={submit} noValidate data-testid="auto-replies-form" className="auto-replies">
      <fieldset>
        <legend>{t('replies.greeting')}</legend>
        <label className="check">
          <input type="checkbox" checked={greeting.enabled} onChange={(e) => setGreeting({ ...greeting, enabled: e.target.checked })} data-testid="greeting-enabled" />
          {t('replies.greetingOn')}
        </label>
        <label className="field">
          <span>{t('replies.text')}</span>
          <textarea rows={3} value={greeting.text} onChange={(e) => setGreeting({ ...greeting, text: e.target.value })} data-testid="greeting-text" />
        </label>
        <label className="field field--short">
          <span>{t('replies.quietHours')}</span>
          <input type="number" min={1} max={720} value={greeting.quietHours} onChange={(e) => setGreeting({ ...greeting, quietHours: Number(e.target.value) })} />
        </label>
        <FieldError id="greeting-error" message={refusal.fields['greeting']} />
      </fieldset>
      <fieldset>
        <legend>{t('replies.away')}</legend>
        <label className="check">
          <input type="checkbox" checked={away.enabled} onChange={(e) => setAway({ ...away, enabled: e.target.checked })} data-testid="away-enabled" />
          {t('replies.awayOn')}
        </label>
        <label className="field">
          <span>{t('replies.text')}</span>
          <textarea rows={3} value={away.text} onChange={(e) => setAway({ ...away, text: e.target.value })} data-testid="away-text" />
        </label>
        <FieldError id="away-error" message={refusal.fields['away']} />
      </fieldset>
      <p className="hint">{t('replies.variables', { first: '{{contact.first_name}}', org: '{{organisation.name}}' })}</p>
      {refusal.form && (
        <p className="form-error" role="alert">
          {refusal.form}
        </p>
      )}
      <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="auto-replies-save">
        {save.isSuccess ? t('replies.saved') : t('replies.save')}
      </button>
    </form>
  );
}
