import { useState } from 'react';
import { errorMessage } from '../../api/http.ts';
import { updateConversation, type ConversationChanges } from '../../api/inbox-api.ts';
import type { ConversationFields, ConversationStatus, ConversationSummary, Priority, User } from '../../api/types.ts';
import { LabelEditor } from './LabelEditor.tsx';
import { SnoozeMenu } from './SnoozeMenu.tsx';

interface Props {
  conversation: ConversationSummary;
  users: User[];
  meId: number;
  onChanged: (fields: ConversationFields) => void;
}

const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

/** Assign, status, snooze, priority, labels: each change is one PATCH with only what changed. */
export function ConversationControls({ conversation: c, users, meId, onChanged }: Props) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const patch = async (changes: ConversationChanges) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await updateConversation(c.id, changes));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const assigneeId = c.assignee?.id ?? null;
  // The assignee may not be in the users list (not loaded, or disabled): keep them selectable.
  const people = assigneeId !== null && !users.some((u) => u.id === assigneeId) ? [...users, { id: assigneeId, name: c.assignee?.name ?? `User ${assigneeId}`, email: '', role: '' }] : users;

  return (
    <div className="controls" id="conversation-controls" aria-busy={busy}>
      <label className="control">
        <span className="control__label">Assignee</span>
        <select value={assigneeId ?? ''} disabled={busy} onChange={(e) => void patch({ assigneeId: e.target.value ? Number(e.target.value) : null })} data-testid="assignee-select">
          <option value="">Unassigned</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.id === meId ? `${u.name} (me)` : u.name}
            </option>
          ))}
        </select>
      </label>
      {assigneeId !== meId && (
        <button type="button" className="button button--small" disabled={busy} onClick={() => void patch({ assigneeId: meId })} data-testid="assign-me">
          Assign to me
        </button>
      )}
      <label className="control">
        <span className="control__label">Status</span>
        <select value={c.status} disabled={busy} onChange={(e) => void patch({ status: e.target.value as ConversationStatus })} data-testid="status-select">
          <option value="open">Open</option>
          <option value="pending">Pending</option>
          <option value="resolved">Resolved</option>
          {c.status === 'snoozed' && (
            <option value="snoozed" disabled>
              Snoozed
            </option>
          )}
        </select>
      </label>
      <SnoozeMenu snoozedUntil={c.status === 'snoozed' ? c.snoozedUntil : null} disabled={busy} onSnooze={(until) => void patch({ status: 'snoozed', snoozedUntil: until.toISOString() })} />
      <label className="control">
        <span className="control__label">Priority</span>
        <select value={c.priority} disabled={busy} onChange={(e) => void patch({ priority: e.target.value as Priority })} data-testid="priority-select">
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {p[0]!.toUpperCase() + p.slice(1)}
            </option>
          ))}
        </select>
      </label>
      <LabelEditor labels={c.labels} disabled={busy} onChange={(labels) => void patch({ labels })} />
      {error && (
        <p className="form-error controls__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
