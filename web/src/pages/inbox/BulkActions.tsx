import { useState, type FormEvent } from 'react';
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
  const simple: [BulkActionInput['action'], string][] = [
    ['resolve', 'Resolve'],
    ['reopen', 'Reopen'],
    ['mark_read', 'Mark read'],
    ['mark_unread', 'Mark unread'],
  ];
  return (
    <div className="bulk-actions" role="group" aria-label="Actions on the selection" aria-busy={busy}>
      {simple.map(([action, label]) => (
        <button key={action} type="button" className="button button--small" disabled={busy} onClick={() => onAction({ action } as BulkActionInput)} data-testid={`bulk-${action.replace('mark_', '')}`}>
          {label}
        </button>
      ))}
      <ChoiceSelect
        label="Snooze"
        testId="bulk-snooze"
        disabled={busy}
        options={snoozeOptions(new Date()).map((o) => [o.until.toISOString(), o.label])}
        onPick={(until) => onAction({ action: 'snooze', snoozedUntil: until })}
      />
      <ChoiceSelect
        label="Assign"
        testId="bulk-assign"
        disabled={busy}
        options={[[String(meId), 'Me'], ...users.filter((u) => u.id !== meId).map((u): [string, string] => [String(u.id), u.name]), ['none', 'Unassign']]}
        onPick={(v) => onAction({ action: 'assign', assigneeId: v === 'none' ? null : Number(v) })}
      />
      <ChoiceSelect
        label="Priority"
        testId="bulk-priority"
        disabled={busy}
        options={PRIORITIES.map((p) => [p, p[0]!.toUpperCase() + p.slice(1)])}
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
  const [label, setLabel] = useState('');
  const act = (action: 'label' | 'unlabel') => (e?: FormEvent) => {
    e?.preventDefault();
    if (label.trim()) onAction({ action, label: label.trim() });
  };
  return (
    <form className="bulk-actions__label" onSubmit={act('label')}>
      <input aria-label="Label" placeholder="Label" maxLength={50} value={label} disabled={disabled} onChange={(e) => setLabel(e.target.value)} data-testid="bulk-label-input" />
      <button type="submit" className="button button--small" disabled={disabled || !label.trim()} data-testid="bulk-label-add">
        Add
      </button>
      <button type="button" className="button button--small" disabled={disabled || !label.trim()} onClick={act('unlabel')} data-testid="bulk-label-remove">
        Remove
      </button>
    </form>
  );
}
