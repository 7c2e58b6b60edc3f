import { useQuery } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listChannels } from '../../../api/admin-api.ts';
import { errorMessage, isAbort, ApiError } from '../../../api/http.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { downloadFile } from '../../../lib/download.ts';
import { streamExport, type ExportProgress } from '../../../lib/stream-export.ts';
import { queryKeys } from '../../../queries/query-keys.ts';
import { useLabels } from '../../../queries/use-team-settings.ts';
import { SettingsPage } from '../SettingsPage.tsx';
import './export.css';

type Kind = 'conversations' | 'messages';
type Format = 'csv' | 'json';
type State =
  { phase: 'idle' } | { phase: 'running'; progress: ExportProgress } | { phase: 'done'; rows: number; total: number | null; name: string } | { phase: 'failed'; message: string; field?: string };

/**
 * Settings → Export (admins): conversations or messages between two days, of a channel or a label,
 * as CSV or JSON. The server streams it; the page shows how many rows of how many have arrived.
 */
export function ExportPage() {
  const { t } = useTranslation('dashboard');
  return (
    <SettingsPage title={t('export.title')} sub={t('export.sub')} adminOnly testId="export-page">
      <ExportForm />
    </SettingsPage>
  );
}

function ExportForm() {
  const { t } = useTranslation('dashboard');
  const [kind, setKind] = useState<Kind>('messages');
  const [format, setFormat] = useState<Format>('csv');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [channelId, setChannelId] = useState('');
  const [label, setLabel] = useState('');
  const [state, setState] = useState<State>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (from && to && from > to) return setState({ phase: 'failed', message: t('range.backwards'), field: 'from' });
    const q = new URLSearchParams({ format, ...(from && { from }), ...(to && { to }), ...(channelId && { channelId }), ...(label && { label }) });
    abort.current = new AbortController();
    setState({ phase: 'running', progress: { total: null, rows: 0, bytes: 0 } });
    try {
      const result = await streamExport(`/api/v1/export/${kind}?${q.toString()}`, (progress) => setState({ phase: 'running', progress }), abort.current.signal);
      downloadFile(result.name, result.blob);
      setState({ phase: 'done', rows: result.rows, total: result.total, name: result.name });
    } catch (err) {
      if (isAbort(err)) return setState({ phase: 'idle' });
      const field = err instanceof ApiError && typeof err.details?.field === 'string' ? err.details.field : undefined;
      setState({ phase: 'failed', message: errorMessage(err), field });
    }
  };
  const fieldError = (name: string) => (state.phase === 'failed' && state.field === name ? state.message : undefined);
  const running = state.phase === 'running';

  return (
    <form className="card export-form" onSubmit={(e) => void run(e)} noValidate data-testid="export-form">
      <fieldset className="export-form__choice">
        <legend>{t('export.what')}</legend>
        {(['messages', 'conversations'] as const).map((k) => (
          <label key={k} className="check">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`export-kind-${k}`} />
            {t(`export.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="export-form__fields">
        <DayField id="export-from" label={t('range.from')} value={from} onChange={setFrom} error={fieldError('from')} />
        <DayField id="export-to" label={t('range.to')} value={to} onChange={setTo} error={fieldError('to')} />
        <ScopeSelects channelId={channelId} setChannelId={setChannelId} label={label} setLabel={setLabel} />
        <label>
          {t('export.format')}
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)} data-testid="export-format">
            <option value="csv">{t('export.csv')}</option>
            <option value="json">{t('export.json')}</option>
          </select>
        </label>
      </div>
      <p className="export-form__hint">{t('export.hint')}</p>
      <div className="export-form__actions">
        <button type="submit" className="button button--primary" disabled={running} data-testid="export-start">
          {t('export.start')}
        </button>
        {running && (
          <button type="button" className="button" onClick={() => abort.current?.abort()} data-testid="export-cancel">
            {t('export.cancel')}
          </button>
        )}
      </div>
      <ExportStatus state={state} />
    </form>
  );
}

/** The channel and the label to export (every one when left empty). */
function ScopeSelects({ channelId, setChannelId, label, setLabel }: { channelId: string; setChannelId: (v: string) => void; label: string; setLabel: (v: string) => void }) {
  const { t } = useTranslation('dashboard');
  const channels = useQuery({ queryKey: queryKeys.channels(), queryFn: ({ signal }) => listChannels(signal) });
  const labels = useLabels().data ?? [];
  return (
    <>
      <label>
        {t('export.channel')}
        <select value={channelId} onChange={(e) => setChannelId(e.target.value)} data-testid="export-channel">
          <option value="">{t('export.allChannels')}</option>
          {channels.data?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('export.label')}
        <select value={label} onChange={(e) => setLabel(e.target.value)} data-testid="export-label">
          <option value="">{t('export.allLabels')}</option>
          {labels.map((l) => (
            <option key={l.id} value={l.name}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}

function DayField({ id, label, value, onChange, error }: { id: string; label: string; value: string; onChange: (v: string) => void; error?: string }) {
  return (
    <label>
      {label}
      <input type="date" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error} aria-describedby={error ? `${id}-error` : undefined} data-testid={id} />
      {error && (
        <span className="form-error" id={`${id}-error`} role="alert" data-testid={`${id}-error`}>
          {error}
        </span>
      )}
    </label>
  );
}

function ExportStatus({ state }: { state: State }) {
  const { t } = useTranslation('dashboard');
  const format = useFormat();
  if (state.phase === 'running') {
    const { total, rows, bytes } = state.progress;
    const size = format.number(bytes / 1024, { maximumFractionDigits: 0 });
    return (
      <div className="export-progress" role="status" data-testid="export-progress" data-rows={rows} data-total={total ?? ''}>
        <progress max={total ?? undefined} value={total === null ? undefined : rows} aria-label={t('export.progressLabel')} />
        <span>{total === null ? t('export.progressUnknown', { rows: format.number(rows), size }) : t('export.progress', { rows: format.number(rows), total: format.number(total), size })}</span>
      </div>
    );
  }
  if (state.phase === 'done')
    return (
      <p className="notice" role="status" data-testid="export-done" data-rows={state.rows} data-total={state.total ?? ''}>
        {t('export.done', { count: state.rows, rows: format.number(state.rows), name: state.name })}
      </p>
    );
  if (state.phase === 'failed' && !state.field)
    return (
      <p className="form-error" role="alert" data-testid="export-failed">
        {state.message}
      </p>
    );
  return null;
}
