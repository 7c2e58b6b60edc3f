import { useCallback, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../api/types.ts';
import { inThreadOrder, MAX_FORWARD, toggleSelection } from '../../../lib/forwarding.ts';
import { ForwardContext, type ForwardActions } from './forward-context.ts';
import { ForwardDialog } from './ForwardDialog.tsx';
import type { Source } from './ForwardPreview.tsx';
import './forward.css';

interface Props {
  /** The open conversation: its platform and contact are what "forwarded from" names. */
  from: Source & { conversationId: number };
  /** The thread as loaded, oldest first: a selection goes in this order. */
  messages: readonly Message[];
  children: ReactNode;
}

/**
 * Forwarding in a thread: each bubble's Forward (one message) and Select (several, up to
 * MAX_FORWARD, sent in thread order), the bar of the selection, and the dialog that picks the
 * conversation to forward to. Escape ends a selection before it closes the thread.
 */
export function Forwarding({ from, messages, children }: Props) {
  const [selecting, setSelecting] = useState(false);
  const [selected, setSelected] = useState<number[]>([]);
  const [dialog, setDialog] = useState<number[] | null>(null);
  const stop = useCallback(() => {
    setSelecting(false);
    setSelected([]);
  }, []);
  const forward = useCallback((m: Message) => setDialog([m.id]), []);
  const toggle = useCallback(
    (m: Message) => {
      setSelecting(true);
      setSelected(toggleSelection(selected, m.id).selected);
    },
    [selected],
  );
  const actions = useMemo<ForwardActions>(() => ({ selecting, selected, full: selected.length >= MAX_FORWARD, forward, toggle }), [selecting, selected, forward, toggle]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !selecting || dialog || e.defaultPrevented) return;
    e.preventDefault();
    stop();
  };
  const chosen = dialog ? inThreadOrder(messages, dialog) : [];
  return (
    <div className="forwarding" onKeyDown={onKeyDown}>
      <ForwardContext.Provider value={actions}>{children}</ForwardContext.Provider>
      {selecting && <SelectionBar count={selected.length} onForward={() => setDialog(selected)} onCancel={stop} />}
      {dialog && chosen.length > 0 && (
        <ForwardDialog
          messages={chosen}
          from={from}
          onClose={() => setDialog(null)}
          onForwarded={() => {
            if (dialog.length > 1 || selecting) stop();
          }}
        />
      )}
    </div>
  );
}

function SelectionBar({ count, onForward, onCancel }: { count: number; onForward: () => void; onCancel: () => void }) {
  const { t } = useTranslation('message-actions');
  return (
    <div className="forward-bar" role="region" aria-label={t('forward.selection')} data-testid="forward-bar">
      <p className="forward-bar__count" role="status">
        {t('forward.selected', { count, max: MAX_FORWARD })}
        {count >= MAX_FORWARD && <span className="forward-bar__full"> {t('forward.full', { max: MAX_FORWARD })}</span>}
      </p>
      <button type="button" className="button button--primary button--small" disabled={count === 0} onClick={onForward} data-testid="forward-selected">
        {t('forward.forwardSelected')}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={onCancel} data-testid="forward-cancel-selection">
        {t('forward.cancelSelection')}
      </button>
    </div>
  );
}
