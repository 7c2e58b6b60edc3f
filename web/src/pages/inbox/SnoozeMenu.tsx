import { useRef, useState } from 'react';
import { useDismiss } from '../../components/use-dismiss.ts';
import { snoozeOptions } from '../../lib/snooze.ts';

interface Props {
  snoozedUntil: string | null;
  disabled: boolean;
  onSnooze: (until: Date) => void;
}

/** Snooze for an hour, until tomorrow 9:00, or until next Monday 9:00. */
export function SnoozeMenu({ snoozedUntil, disabled, onSnooze }: Props) {
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
        {until ? `Snoozed until ${until.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })}` : 'Snooze'}
      </button>
      {open && (
        <ul className="menu__list" role="menu" aria-label="Snooze until">
          {snoozeOptions(new Date()).map((o) => (
            <li key={o.label} role="none">
              <button
                type="button"
                role="menuitem"
                className="menu__item"
                autoFocus={o.label === '1 hour'}
                onClick={() => {
                  onSnooze(o.until);
                  close();
                }}
              >
                {o.label}
                <span className="menu__hint">{o.until.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
