import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/http.ts';
import { updateConversation, type ConversationChanges } from '../../api/inbox-api.ts';
import type { ConversationStatus, ConversationSummary, Priority, User } from '../../api/types.ts';
import { focusWhenReady } from '../../lib/focus.ts';
import { applyConversationFields } from '../../queries/conversation-cache.ts';
import { PresenceDot } from '../../components/presence/PresenceDot.tsx';
import { queryKeys } from '../../queries/query-keys.ts';
import { isLabelRefusal, LabelEditor } from './LabelEditor.tsx';
import { SnoozeMenu } from './SnoozeMenu.tsx';
import { useUsers } from './use-users.ts';

interface Props {
  conversation: ConversationSummary;
  users: User[];
  meId: number;
}

const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];

/**
 * Assign, status, snooze, priority, labels: each change is one PATCH with only what changed;
 * its answer goes into the cache, so the thread and the list row show it at once.
 */
export function ConversationControls({ conversation: c, users, meId }: Props) {
  const { t } = useTranslation('inbox');
  const { t: tp } = useTranslation('presence');
  // Presence comes with the team list, kept current by presence:updated (live-cache.ts).
  const team = useUsers();
  const presenceOf = (id: number) => team.find((u) => u.id === id)?.presence ?? 'offline';
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (changes: ConversationChanges) => updateConversation(c.id, changes),
    onSuccess: (fields, changes) => {
      applyConversationFields(queryClient, fields);
      // Labels carried change their counts, and an admin's new name became a label.
      if (changes.labels) void queryClient.invalidateQueries({ queryKey: queryKeys.labels() });
    },
  });
  const busy = update.isPending;
  // A refused label is shown beside the label field, not here.
  const error = update.error && !isLabelRefusal(update.error) ? errorMessage(update.error) : null;
  const patch = (changes: ConversationChanges) => update.mutate(changes);

  const assigneeId = c.assignee?.id ?? null;
  // The assignee may not be in the users list (not loaded, or disabled): keep them selectable.
  const people =
    assigneeId !== null && !users.some((u) => u.id === assigneeId) ? [...users, { id: assigneeId, name: c.assignee?.name ?? t('controls.user', { id: assigneeId }), email: '', role: '' }] : users;

  return (
    <div className="controls" id="conversation-controls" aria-busy={busy}>
      <div className="control control--assignee">
        <label className="control__label" htmlFor="assignee-select">
          {t('filters.assignee')}
        </label>
        <span className="control__field">
          {assigneeId !== null && <PresenceDot presence={presenceOf(assigneeId)} label={tp('assigneePresence', { state: tp(`state.${presenceOf(assigneeId)}`) })} />}
          <select id="assignee-select" value={assigneeId ?? ''} disabled={busy} onChange={(e) => patch({ assigneeId: e.target.value ? Number(e.target.value) : null })} data-testid="assignee-select">
            <option value="">{t('unassigned')}</option>
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {tp('assigneeOption', { name: u.id === meId ? t('controls.me', { name: u.name }) : u.name, state: tp(`state.${presenceOf(u.id)}`) })}
              </option>
            ))}
          </select>
        </span>
      </div>
      {assigneeId !== meId && <AssignToMe disabled={busy} onAssign={() => patch({ assigneeId: meId })} />}
      <label className="control">
        <span className="control__label">{t('filters.status')}</span>
        <select value={c.status} disabled={busy} onChange={(e) => patch({ status: e.target.value as ConversationStatus })} data-testid="status-select">
          <option value="open">{t('status.open')}</option>
          <option value="pending">{t('status.pending')}</option>
          <option value="resolved">{t('status.resolved')}</option>
          {c.status === 'snoozed' && (
            <option value="snoozed" disabled>
              {t('status.snoozed')}
            </option>
          )}
        </select>
      </label>
      <SnoozeMenu
        status={c.status}
        snoozedUntil={c.status === 'snoozed' ? c.snoozedUntil : null}
        disabled={busy}
        onSnooze={(until) => patch({ status: 'snoozed', snoozedUntil: until?.toISOString() ?? null })}
      />
      <label className="control">
        <span className="control__label">{t('controls.priority')}</span>
        <select value={c.priority} disabled={busy} onChange={(e) => patch({ priority: e.target.value as Priority })} data-testid="priority-select">
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {t(`priority.${p}`)}
            </option>
          ))}
        </select>
      </label>
      <LabelEditor labels={c.labels} disabled={busy} onChange={(labels) => patch({ labels })} error={update.error} />
      {error && (
        <p className="form-error controls__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** Once assigned the button goes: the assignee field, which now names the agent, takes the focus. */
function AssignToMe({ disabled, onAssign }: { disabled: boolean; onAssign: () => void }) {
  const { t } = useTranslation('inbox');
  return (
    <button type="button" className="button button--small" disabled={disabled} onClick={() => (onAssign(), focusWhenReady(() => document.getElementById('assignee-select')))} data-testid="assign-me">
      {t('controls.assignToMe')}
    </button>
  );
}
