import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/http.ts';
import { replayJournalEntry, type JournalEntry, type ReplayOutcome } from '../../../api/team-settings-api.ts';
import { PlatformBadge } from '../../../components/PlatformBadge.tsx';
import { useNow } from '../../../components/use-now.ts';
import { useFormat } from '../../../i18n/use-format.ts';
import { journalReasons, type Reason } from '../../../lib/journal-reason.ts';
import { usePlatformName } from '../../../queries/use-platforms.ts';
import { JournalDetail } from './JournalDetail.tsx';

/** What was replayed on this visit: the entry as the replay left it, its outcome, and its state before. */
export type Replayed = Map<number, { entry: JournalEntry; outcome: ReplayOutcome; stateBefore: JournalEntry['state'] }>;

interface ListProps {
  entries: JournalEntry[];
  /** What was replayed on this visit: shown with its outcome even once the filter no longer lists it. */
  replayed: Replayed;
  onReplayed: (entry: JournalEntry, outcome: ReplayOutcome) => void;
}

/** The entries, newest first, each a card: where it came from, why it needs attention, what to do. */
export function JournalList({ entries, replayed, onReplayed }: ListProps) {
  const listed = new Set(entries.map((e) => e.id));
  // Until the list is fetched again, an entry it still holds in its state from before the replay
  // shows the replay's state: the outcome beside it says "now Applied", and so must its badge.
  const current = entries.map((e) => {
    const r = replayed.get(e.id);
    return r && e.state === r.stateBefore ? { ...e, state: r.entry.state } : e;
  });
  const shown = [...current, ...[...replayed.values()].filter((r) => !listed.has(r.entry.id)).map((r) => r.entry)].sort((a, b) => b.id - a.id);
  return (
    <ul className="journal-list" data-testid="journal-list">
      {shown.map((e) => (
        <JournalItem key={e.id} entry={e} outcome={replayed.get(e.id)?.outcome ?? null} onReplayed={(o) => onReplayed(e, o)} />
      ))}
    </ul>
  );
}

function JournalItem({ entry, outcome, onReplayed }: { entry: JournalEntry; outcome: ReplayOutcome | null; onReplayed: (o: ReplayOutcome) => void }) {
  const { t } = useTranslation('settings-journal');
  const format = useFormat();
  const now = useNow(60_000);
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const replay = useMutation({
    mutationFn: () => replayJournalEntry(entry.id),
    onSuccess: (r) => {
      onReplayed(r.outcome);
      void queryClient.invalidateQueries({ queryKey: ['journal'] });
      void queryClient.invalidateQueries({ queryKey: ['journal-entry', entry.id] });
    },
  });
  const detailId = `journal-detail-${entry.id}`;
  return (
    <li className="journal-item" data-testid="journal-entry" data-id={entry.id} data-state={entry.state}>
      <div className="journal-item__head">
        <PlatformBadge platform={entry.platform} />
        <span className={`journal-state journal-state--${entry.state}`} data-testid="journal-entry-state">
          {t(`state.${entry.state}`)}
        </span>
        <time className="journal-muted" dateTime={entry.receivedAt} title={format.dateTime(entry.receivedAt)}>
          {format.relative(entry.receivedAt, now)}
        </time>
        {entry.attempts > 1 && <span className="journal-muted">{t('list.attempts', { count: entry.attempts })}</span>}
      </div>
      <Reasons state={entry.state} error={entry.error} />
      <div className="journal-item__actions">
        <button type="button" className="button button--small" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen(!open)} data-testid="journal-entry-toggle">
          {open ? t('list.hideDetail') : t('list.showDetail')}
        </button>
        <button type="button" className="button button--small button--primary" disabled={replay.isPending} onClick={() => replay.mutate()} data-testid="journal-entry-replay">
          {replay.isPending ? t('replay.running') : t('replay.button')}
        </button>
      </div>
      {replay.isError && (
        <p className="form-error" role="alert">
          {t('replay.failed', { message: errorMessage(replay.error) })}
        </p>
      )}
      {outcome && <Outcome outcome={outcome} />}
      {open && <JournalDetail id={entry.id} domId={detailId} />}
    </li>
  );
}

function Reasons({ state, error }: { state: string; error: string | null }) {
  const reasons = journalReasons(state, error);
  if (reasons.length === 0) return null;
  return (
    <ul className="journal-reasons" data-testid="journal-entry-reasons">
      {reasons.map((r, i) => (
        <ReasonLine key={i} reason={r} />
      ))}
    </ul>
  );
}

function ReasonLine({ reason }: { reason: Reason }) {
  const { t } = useTranslation('settings-journal');
  const platformName = usePlatformName();
  const values = { platform: reason.platform ? platformName(reason.platform) : '', account: reason.account ?? '', item: reason.item ?? '', detail: reason.detail ?? '' };
  return <li>{t(`reason.${reason.key}`, values)}</li>;
}

/** What the replay did: the state it ended in, how much it applied, and what still stands in the way. */
function Outcome({ outcome }: { outcome: ReplayOutcome }) {
  const { t } = useTranslation('settings-journal');
  const state = t(`state.${outcome.state}`);
  const text =
    'error' in outcome
      ? t('replay.outcomeError', { state, error: outcome.error })
      : t('replay.outcome', { state, count: outcome.applied }) + (outcome.unrouted.length ? ` ${t('replay.stillUnrouted', { accounts: outcome.unrouted.join(', ') })}` : '');
  return (
    <p className={`journal-outcome${outcome.state === 'processed' ? ' journal-outcome--ok' : ''}`} role="status" data-testid="journal-entry-outcome">
      {text}
    </p>
  );
}
