import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  /** The question asked before acting, in words that say what happens. */
  question: string;
  yes: string;
  onConfirm: () => void;
  danger?: boolean;
  disabled?: boolean;
  testId: string;
}

/** A button that asks once, in place, before doing something that cannot be taken back by accident. */
export function ConfirmButton({ label, question, yes, onConfirm, danger, disabled, testId }: Props) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="button button--small" disabled={disabled} onClick={() => setAsking(true)} data-testid={testId}>
        {label}
      </button>
    );
  return (
    <span className="confirm" role="group" aria-label={question} data-testid={`${testId}-confirm`}>
      <span className="confirm__question">{question}</span>
      <button
        type="button"
        className={danger ? 'button button--small button--danger' : 'button button--small button--primary'}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
        data-testid={`${testId}-yes`}
      >
        {yes}
      </button>
      <button type="button" className="button button--small" onClick={() => setAsking(false)} autoFocus>
        {t('actions.cancel')}
      </button>
    </span>
  );
}
