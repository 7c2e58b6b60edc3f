import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { focusWhenReady, headingOf } from '../lib/focus.ts';

interface Props {
  label: string;
  /** The question asked before acting, in words that say what happens. */
  question: string;
  yes: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
  /** The action deletes the row the button is in: the focus goes straight to the list's heading. */
  removes?: boolean;
  testId: string;
}

/**
 * A button that asks once, in place, before doing something that cannot be taken back by accident.
 * The question replaces the button, so the focus is handed on by hand: back to the button on
 * Cancel and after the action (to the row's first control if another button replaced this one);
 * after a deletion, to the heading of the list the row was in.
 */
export function ConfirmButton({ label, question, yes, onConfirm, danger, disabled, removes, testId }: Props) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const group = useRef<HTMLSpanElement>(null);
  const answer = (confirmed: boolean) => {
    const row = group.current?.closest<HTMLElement>('tr, li, [role="row"]');
    const heading = headingOf(group.current);
    setAsking(false);
    if (confirmed) onConfirm();
    focusWhenReady(() => {
      if (confirmed && removes) return heading;
      if (button.current?.isConnected) return button.current;
      if (row?.isConnected) return row.querySelector<HTMLElement>('button:not(:disabled), a[href], input:not(:disabled), select:not(:disabled)');
      return heading;
    });
  };
  if (!asking)
    return (
      <button ref={button} type="button" className="button button--small" disabled={disabled} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  return (
    <span ref={group} className="confirm" role="group" aria-label={question} data-testid={`${testId}-confirm`}>
      <span className="confirm__question">{question}</span>
      <button type="button" className={danger ? 'button button--small button--danger' : 'button button--small button--primary'} onClick={() => answer(true)} data-testid={`${testId}-yes`}>
        {yes}
      </button>
      <button type="button" className="button button--small" onClick={() => answer(false)} autoFocus>
        {t('actions.cancel')}
      </button>
    </span>
  );
}
