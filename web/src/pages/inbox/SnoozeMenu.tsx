import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDismiss } from '../../components/use-dismiss.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { snoozeOptions } from '../../lib/snooze.ts';

interface Props {
  snoozedUntil: string | null;
  disabled: boolean;
  onSnooze: (until: Date) => void;
}

/** Snooze for an hour, until tomorrow 9:00, or until next Monday 9:00. */
export function SnoozeMenu({ snoozedUntil, disabled, onSnooze }: Props) {
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
  const until = snoozedUntil ? new Date(snoozedUntil) : null;
  return (
    <div className="menu" ref={root} onKeyDown={(e) => e.key === 'Escape' && open && (e.preventDefault(), close())}>
      <button ref={button} type="button" className="button button--small" aria-haspopup="true" aria-expanded={open} disabled={disabled} onClick={() => setOpen((o) => !o)} data-testid="snooze-button">
        {until ? t('snooze.until', { time: when(until) }) : t('snooze.button')}
      </button>
      {open && (
        <ul className="menu__list" role="menu" aria-label={t('snooze.menu')}>
          {snoozeOptions(new Date()).map((o, i) => (
            <li key={o.label} role="none">
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                autoFocus={i === 0}
                onClick={() => {
                  onSnooze(o.until);
                  close();
                }}
              >
                {o.label}
                <span className="menu__hint">{when(o.until)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
