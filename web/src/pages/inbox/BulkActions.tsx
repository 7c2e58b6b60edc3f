import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { BulkActionInput } from '../../api/bulk-api.ts';
import type { Priority, User } from '../../api/types.ts';
import { snoozeOptions } from '../../lib/snooze.ts';

interface Props {
  busy: boolean;
  users: User[];
  meId: number;
  onAction: (action: BulkActionInput) => void;
}

const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

/** The bulk actions: buttons for the one-step ones, a choice for snooze, assign and priority, a field for labels. */
export function BulkActions({ busy, users, meId, onAction }: Props) {
  const { t } = useTranslation(['inbox-tools', 'inbox']);
  const simple: [BulkActionInput['action'], string][] = [
    ['resolve', t('bulk.resolve')],
    ['reopen', t('bulk.reopen')],
    ['mark_read', t('bulk.markRead')],
    ['mark_unread', t('bulk.markUnread')],
  ];
  return (
    <div className="bulk-actions" role="group" aria-label={t('bulk.label')} aria-busy={busy}>
      {simple.map(([action, label]) => (
        <button key={action} type="button" className="button button--small" disabled={busy} onClick={() => onAction({ action } as BulkActionInput)} data-testid={`bulk-${action.replace('mark_', '')}`}>
          {label}
        </button>
      ))}
      <ChoiceSelect
        label={t('bulk.snooze')}
        testId="bulk-snooze"
        disabled={busy}
        options={snoozeOptions(new Date()).map((o) => [o.until.toISOString(), o.label])}
        onPick={(until) => onAction({ action: 'snooze', snoozedUntil: until })}
      />
      <ChoiceSelect
        label={t('bulk.assign')}
        testId="bulk-assign"
        disabled={busy}
        options={[[String(meId), t('bulk.me')], ...users.filter((u) => u.id !== meId).map((u): [string, string] => [String(u.id), u.name]), ['none', t('bulk.unassign')]]}
        onPick={(v) => onAction({ action: 'assign', assigneeId: v === 'none' ? null : Number(v) })}
      />
      <ChoiceSelect
        label={t('bulk.priority')}
        testId="bulk-priority"
        disabled={busy}
        options={PRIORITIES.map((p) => [p, t(`inbox:priority.${p}`)])}
        onPick={(p) => onAction({ action: 'set_priority', priority: p as Priority })}
      />
      <LabelField disabled={busy} onAction={onAction} />
    </div>
  );
}

/** A select that acts when a choice is picked, then shows its label again. */
function ChoiceSelect({ label, testId, disabled, options, onPick }: { label: string; testId: string; disabled: boolean; options: [string, string][]; onPick: (value: string) => void }) {
  return (
    <select aria-label={label} value="" disabled={disabled} onChange={(e) => e.target.value && onPick(e.target.value)} data-testid={testId}>
      <option value="">{label}…</option>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  );
}

/** Add a label to every selected conversation (Enter), or remove it. */
function LabelField({ disabled, onAction }: { disabled: boolean; onAction: (action: BulkActionInput) => void }) {
  const { t } = useTranslation('inbox-tools');
  const [label, setLabel] = useState('');
  const act = (action: 'label' | 'unlabel') => (e?: FormEvent) => {
    e?.preventDefault();
    if (label.trim()) onAction({ action, label: label.trim() });
  };
  return (
    <form className="bulk-actions__label" onSubmit={act('label')}>
      <input
        aria-label={t('bulk.labelField')}
        placeholder={t('bulk.labelField')}
        maxLength={50}
        value={label}
        disabled={disabled}
        onChange={(e) => setLabel(e.target.value)}
        data-testid="bulk-label-input"
      />
      <button type="submit" className="button button--small" disabled={disabled || !label.trim()} data-testid="bulk-label-add">
        {t('bulk.add')}
      </button>
      <button type="button" className="button button--small" disabled={disabled || !label.trim()} onClick={act('unlabel')} data-testid="bulk-label-remove">
        {t('bulk.remove')}
      </button>
    </form>
  );
}
