import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/http.ts';
import { createWebhookSubscription, type WebhookEventType } from '../../../api/webhook-subscriptions-api.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { WEBHOOK_EVENTS } from '../../../lib/webhook-events.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { FieldError } from '../users/FieldError.tsx';

type Problem = 'urlRequired' | 'urlInvalid' | 'eventsRequired';

function problemsOf(url: string, events: readonly WebhookEventType[]): { url?: Problem; events?: Problem } {
  const out: { url?: Problem; events?: Problem } = {};
  if (!url.trim()) out.url = 'urlRequired';
  else if (!URL.canParse(url.trim()) || !/^https?:$/.test(new URL(url.trim()).protocol)) out.url = 'urlInvalid';
  if (events.length === 0) out.events = 'eventsRequired';
  return out;
}

/**
 * Subscribe a URL. snorq checks it (https, a public address, a signed test delivery that gets an
 * answer) before saving; a refusal says why, beside the URL. The secret appears here once.
 */
export function NewSubscriptionForm() {
  const { t } = useTranslation('settings-integrations');
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEventType[]>([...WEBHOOK_EVENTS]);
  const [description, setDescription] = useState('');
  const [checked, setChecked] = useState(false);
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const create = useMutation({
    mutationFn: createWebhookSubscription,
    onSuccess: (r) => {
      setSecret({ url: r.subscription.url, secret: r.secret });
      setUrl('');
      setDescription('');
      setChecked(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookSubscriptions() });
    },
  });
  const problems = checked ? problemsOf(url, events) : {};
  const refusal = refusalOf(create.error, ['url', 'events', 'description']);
  const urlRefused = create.error instanceof ApiError && create.error.code === 'WEBHOOK_URL_REFUSED' ? t('create.refused', { reason: create.error.message }) : refusal.fields['url'];
  const urlError = problems.url ? t(`problems.${problems.url}`) : urlRefused;
  const eventsError = problems.events ? t(`problems.${problems.events}`) : refusal.fields['events'];
  const toggle = (e: WebhookEventType) => setEvents((now) => (now.includes(e) ? now.filter((x) => x !== e) : WEBHOOK_EVENTS.filter((x) => x === e || now.includes(x))));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    setSecret(null);
    if (Object.keys(problemsOf(url, events)).length === 0) create.mutate({ url: url.trim(), events, ...(description.trim() && { description: description.trim() }) });
  };
  return (
    <section className="card" aria-labelledby="new-hook-title">
      <h2 id="new-hook-title">{t('create.title')}</h2>
      <form onSubmit={submit} noValidate data-testid="new-hook-form">
        <label className="field">
          <span className="field__label">
            {t('create.url')} <span className="field__hint">{t('create.urlHint')}</span>
          </span>
          <input
            type="url"
            inputMode="url"
            value={url}
            onChange={(e) => (setUrl(e.target.value), create.reset())}
            placeholder="https://"
            aria-invalid={!!urlError}
            aria-describedby={urlError ? 'new-hook-url-error' : undefined}
            autoComplete="off"
            spellCheck={false}
            data-testid="new-hook-url"
          />
          <FieldError id="new-hook-url-error" message={urlError} />
        </label>
        <EventChoices events={events} onToggle={toggle} error={eventsError} />
        <label className="field">
          <span className="field__label">
            {t('create.description')} <span className="field__hint">{t('create.descriptionHint')}</span>
          </span>
          <input value={description} maxLength={200} onChange={(e) => setDescription(e.target.value)} autoComplete="off" data-testid="new-hook-description" />
          <FieldError id="new-hook-description-error" message={refusal.fields['description']} />
        </label>
        <button type="submit" className="button button--primary" disabled={create.isPending} data-testid="new-hook-submit">
          {create.isPending ? t('create.checking') : t('create.submit')}
        </button>
        {refusal.form && !urlRefused && (
          <p className="form-error" role="alert">
            {refusal.form}
          </p>
        )}
      </form>
      {secret && <SecretOnce url={secret.url} secret={secret.secret} onDone={() => setSecret(null)} />}
    </section>
  );
}

function EventChoices({ events, onToggle, error }: { events: readonly WebhookEventType[]; onToggle: (e: WebhookEventType) => void; error: string | undefined }) {
  const { t } = useTranslation('settings-integrations');
  return (
    <fieldset className="hook-events" aria-invalid={!!error} aria-describedby={error ? 'new-hook-events-error' : undefined}>
      <legend className="field__label">{t('create.events')}</legend>
      {WEBHOOK_EVENTS.map((e) => (
        <label key={e} className="check hook-events__choice">
          <input type="checkbox" checked={events.includes(e)} onChange={() => onToggle(e)} data-testid={`new-hook-event-${e}`} />
          <span>
            <code className="mono">{e}</code> <span className="field__hint">{t(`events.${e.replace('.', '_') as EventKey}`)}</span>
          </span>
        </label>
      ))}
      <FieldError id="new-hook-events-error" message={error} />
    </fieldset>
  );
}

type EventKey = 'message_created' | 'message_status' | 'conversation_created' | 'conversation_updated' | 'contact_updated';

function SecretOnce({ url, secret, onDone }: { url: string; secret: string; onDone: () => void }) {
  const { t } = useTranslation('settings-integrations');
  return (
    <div className="hook-secret" role="status" data-testid="new-hook-secret">
      <p>
        <strong>{t('secret.title')}</strong> <span className="mono">{url}</span>
      </p>
      <p>{t('secret.warning')}</p>
      <code className="hook-secret__value mono" data-testid="new-hook-secret-value">
        {secret}
      </code>
      <span className="hook-actions">
        <CopyButton text={secret} label={t('secret.copy')} copiedLabel={t('secret.copied')} testId="new-hook-secret-copy" />
        <button type="button" className="button button--small" onClick={onDone} data-testid="new-hook-secret-done">
          {t('secret.done')}
        </button>
      </span>
    </div>
  );
}
