import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listPriorityTargets, setPriorityTargets, teamKeys, type PriorityTarget } from '../../../api/teams-api.ts';
import { refusalOf } from '../../../lib/form-refusal.ts';
import { FieldError } from '../users/FieldError.tsx';
import { LoadState } from '../SettingsPage.tsx';
import { wholeOrNull } from './team-draft.ts';

type Row = { priority: PriorityTarget['priority']; first: string; next: string };
const text = (n: number | null) => (n === null ? '' : String(n));

/**
 * Response targets per priority, in minutes of business hours. Where a team has targets too, the
 * stricter one counts (an urgent conversation of a slow team is still urgent).
 */
export function PriorityTargetsForm() {
  const { t } = useTranslation('settings-teams');
  const queryClient = useQueryClient();
  const targets = useQuery({ queryKey: teamKeys.targets(), queryFn: ({ signal }) => listPriorityTargets(signal) });
  const [rows, setRows] = useState<Row[]>([]);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (targets.data) setRows(targets.data.map((r) => ({ priority: r.priority, first: text(r.firstResponseMinutes), next: text(r.nextResponseMinutes) })));
  }, [targets.data]);
  const save = useMutation({
    mutationFn: setPriorityTargets,
    onSuccess: (next) => (queryClient.setQueryData(teamKeys.targets(), next), setSaved(true)),
  });
  const bad = (v: string) => Number.isNaN(wholeOrNull(v));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (rows.some((r) => bad(r.first) || bad(r.next))) return;
    save.mutate(rows.map((r) => ({ priority: r.priority, firstResponseMinutes: wholeOrNull(r.first), nextResponseMinutes: wholeOrNull(r.next) })));
  };
  const set = (i: number, patch: Partial<Row>) => (setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r))), setSaved(false));
  const cell = (r: Row, i: number, key: 'first' | 'next') => (
    <td>
      <input
        inputMode="numeric"
        aria-label={t(`targets.${key}Of`, { priority: t(`priority.${r.priority}`) })}
        value={r[key]}
        placeholder={t('form.none')}
        onChange={(e) => set(i, { [key]: e.target.value })}
        aria-invalid={bad(r[key])}
        data-testid={`target-${r.priority}-${key}`}
      />
      <FieldError id={`target-${r.priority}-${key}-error`} message={bad(r[key]) ? t('errors.wholeNumber') : undefined} />
    </td>
  );
  return (
    <section className="card" aria-labelledby="targets-title">
      <h2 id="targets-title">{t('targets.title')}</h2>
      <p className="field__hint">{t('targets.sub')}</p>
      <LoadState query={targets} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
      <form onSubmit={submit} noValidate data-testid="targets-form">
        <table className="table targets-table">
          <thead>
            <tr>
              <th scope="col">{t('targets.priority')}</th>
              <th scope="col">{t('form.firstResponse')}</th>
              <th scope="col">{t('form.nextResponse')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={r.priority}>
                <th scope="row">{t(`priority.${r.priority}`)}</th>
                {cell(r, i, 'first')}
                {cell(r, i, 'next')}
              </tr>
            ))}
          </tbody>
        </table>
        {save.error != null && (
          <p className="form-error" role="alert">
            {refusalOf(save.error, []).form}
          </p>
        )}
        <div className="team-form__actions">
          <button type="submit" className="button button--primary" disabled={save.isPending} data-testid="targets-save">
            {save.isPending ? t('form.saving') : t('targets.save')}
          </button>
          {saved && (
            <span role="status" className="team-form__saved">
              {t('card.saved')}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
