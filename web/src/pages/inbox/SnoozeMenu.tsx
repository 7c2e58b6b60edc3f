import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useDismiss } from '../../components/use-dismiss.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { localInputValue, snoozeOptions } from '../../lib/snooze.ts';

interface Props {
  status: string;
  snoozedUntil: string | null;
  disabled: boolean;
  /** A time, or null: until the customer writes again (their next message reopens the conversation). */
  onSnooze: (until: Date | null) => void;
}

/**
 * Snooze for an hour, until tomorrow 9:00, next Monday 9:00, until the customer replies, or to a
 * date and time of the agent's choosing. A panel of buttons and a small form (not a menu: it holds a field).
 */
export function SnoozeMenu({ status, snoozedUntil, disabled, onSnooze }: Props) {
  const { t } = useTranslation('inbox-tools');
  const format = useFormat();
  const when = (at: Date) => format.date(at, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  useDismiss(root, open, () => setOpen(false));
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const choose = (until: Date | null) => {
    onSnooze(until);
    close();
  };
  const label = status !== 'snoozed' ? t('snooze.button') : snoozedUntil ? t('snooze.until', { time: when(new Date(snoozedUntil)) }) : t('snooze.snoozedUntilReply');
  return (
    <div className="menu" ref={root} onKeyDown={(e) => e.key === 'Escape' && open && (e.preventDefault(), e.stopPropagation(), close())}>
      <button
        ref={button}
        type="button"
        className="button button--small"
        aria-expanded={open}
        aria-controls="snooze-panel"
        disabled={disabled}
        onClick={() => setOpen((o) => !o)}
        data-testid="snooze-button"
      >
        {label}
      </button>
      {open && (
        <div className="menu__list snooze" id="snooze-panel" role="group" aria-label={t('snooze.menu')} data-testid="snooze-panel">
          {snoozeOptions(new Date()).map((o, i) => (
            <button key={o.label} type="button" className="menu__item" autoFocus={i === 0} onClick={() => choose(o.until)}>
              {o.label}
              <span className="menu__hint">{when(o.until)}</span>
            </button>
          ))}
          <button type="button" className="menu__item" onClick={() => choose(null)} data-testid="snooze-until-reply">
            {t('snooze.untilReply')}
            <span className="menu__hint">{t('snooze.untilReplyHint')}</span>
          </button>
          <SnoozeAt onSnooze={choose} />
        </div>
      )}
    </div>
  );
}

/** A date and time typed or picked; one in the past is refused here, beside the field (the server refuses it too). */
function SnoozeAt({ onSnooze }: { onSnooze: (until: Date) => void }) {
  const { t } = useTranslation('inbox-tools');
  const [value, setValue] = useState(() => localInputValue(snoozeOptions(new Date())[1]!.until));
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const at = value ? new Date(value) : null;
    if (!at || Number.isNaN(at.getTime())) return setError(t('snooze.pickMissing'));
    if (at.getTime() <= Date.now()) return setError(t('snooze.pickPast'));
    onSnooze(at);
  };
  return (
    <form className="snooze__at" onSubmit={submit} noValidate>
      <label className="snooze__label" htmlFor="snooze-at">
        {t('snooze.pick')}
      </label>
      <input
        id="snooze-at"
        type="datetime-local"
        value={value}
        min={localInputValue(new Date())}
        onChange={(e) => (setValue(e.target.value), setError(null))}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'snooze-at-error' : undefined}
        data-testid="snooze-at"
      />
      {error && (
        <p id="snooze-at-error" className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button--small button--primary" data-testid="snooze-at-submit">
        {t('snooze.pickSubmit')}
      </button>
    </form>
  );
}
