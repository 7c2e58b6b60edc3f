import { useQueryClient } from '@tanstack/react-query';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { replayAllJournal, type ReplayAllSummary } from '../../../api/team-settings-api.ts';
import { errorMessage } from '../../../api/http.ts';
import { ConfirmButton } from '../../../components/ConfirmButton.tsx';
import { useJournal } from '../../../queries/use-team-settings.ts';
import { LoadState, SettingsPage } from '../SettingsPage.tsx';
import { JournalFilters, STATE_CHOICES, type StateChoice } from './JournalFilters.tsx';
import { JournalList, type Replayed } from './JournalList.tsx';
import './journal.css';

/** The states the server's "replay all" takes up: what needs attention. */
const ATTENTION = 'failed,partial,unrouted';

/**
 * Settings → Webhook journal (admins): webhooks the platforms sent that snorq could not apply, each
 * with its reason in plain words, its body as text, and a replay once the cause is fixed.
 */
export function JournalPage() {
  const { t } = useTranslation('settings-journal');
  return (
    <SettingsPage title={t('title')} sub={t('sub')} adminOnly testId="journal-page">
      <JournalContent />
    </SettingsPage>
  );
}

function JournalContent() {
  const { t } = useTranslation('settings-journal');
  const [state, setState] = useState<StateChoice>('attention');
  const [platform, setPlatform] = useState<string | null>(null);
  const states = STATE_CHOICES[state];
  const entries = useJournal({ states, platform });
  const [replayed, setReplayed] = useState<Replayed>(new Map());
  // Another filter starts a fresh view: only what it lists.
  const filter = (next: () => void) => (next(), setReplayed(new Map()));
  return (
    <>
      <ReplayAll />
      <section className="card" aria-labelledby="journal-list-title">
        <h2 id="journal-list-title">{t('list.title')}</h2>
        <JournalFilters state={state} platform={platform} onState={(s) => filter(() => setState(s))} onPlatform={(p) => filter(() => setPlatform(p))} />
        <LoadState query={entries} loading={t('list.loading')} failed={(message) => t('list.failed', { message })} />
        {entries.data?.length === 0 && replayed.size === 0 && (
          <p className="notice" data-testid="journal-empty">
            {state === 'attention' && !platform ? t('list.empty') : t('list.emptyFiltered')}
          </p>
        )}
        {!!(entries.data?.length || replayed.size) && (
          <JournalList
            entries={entries.data ?? []}
            replayed={replayed}
            onReplayed={(entry, outcome) =>
              setReplayed((m) => new Map(m).set(entry.id, { entry: { ...entry, state: outcome.state }, outcome, stateBefore: m.get(entry.id)?.stateBefore ?? entry.state }))
            }
          />
        )}
      </section>
    </>
  );
}

/** Replays everything needing attention (not only what the filters show), after saying how many that is. */
function ReplayAll() {
  const { t } = useTranslation('settings-journal');
  const queryClient = useQueryClient();
  const attention = useJournal({ states: ATTENTION, platform: null });
  const [summary, setSummary] = useState<ReplayAllSummary | null>(null);
  const replay = useMutation({
    mutationFn: replayAllJournal,
    onSuccess: (result) => {
      setSummary(result);
      void queryClient.invalidateQueries({ queryKey: ['journal'] });
      void queryClient.invalidateQueries({ queryKey: ['journal-entry'] });
    },
  });
  const count = attention.data?.length ?? 0;
  return (
    <section className="card journal-replay-all" aria-labelledby="journal-replay-all-title">
      <h2 id="journal-replay-all-title">{t('replayAll.title')}</h2>
      <p className="journal-muted">{t('replayAll.text')}</p>
      <ConfirmButton
        label={count === 0 ? t('replayAll.nothing') : t('replayAll.button', { count })}
        question={t('replayAll.confirm', { count })}
        yes={t('replayAll.yes')}
        disabled={count === 0 || replay.isPending}
        onConfirm={() => (setSummary(null), replay.mutate())}
        testId="journal-replay-all"
      />
      {replay.isPending && <p role="status">{t('replayAll.running')}</p>}
      {replay.isError && (
        <p className="form-error" role="alert">
          {t('replayAll.failed', { message: errorMessage(replay.error) })}
        </p>
      )}
      {summary && (
        <p className="journal-outcome" role="status" data-testid="journal-replay-all-outcome">
          {t('replayAll.outcome', { count: summary.replayed, processed: summary.processed })}
        </p>
      )}
    </section>
  );
}
