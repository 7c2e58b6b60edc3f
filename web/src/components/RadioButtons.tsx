import { useRef, type KeyboardEvent } from 'react';

export interface RadioOption<T extends string> {
  value: T;
  label: string;
  testId?: string;
}

interface Props<T extends string> {
  /** The group's name for screen readers. */
  label: string;
  options: readonly RadioOption<T>[];
  /** The chosen value; null when none of these is (a dashboard range typed by hand). */
  value: T | null;
  onChange: (value: T) => void;
  className?: string;
}

const KEYS: Record<string, (at: number, n: number) => number> = {
  ArrowRight: (at, n) => (at + 1) % n,
  ArrowDown: (at, n) => (at + 1) % n,
  ArrowLeft: (at, n) => (at + n - 1) % n,
  ArrowUp: (at, n) => (at + n - 1) % n,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * A row of buttons of which one is chosen, behaving as a radio group does (WAI-ARIA's radio group
 * pattern, WCAG 2.1.1): one Tab stop, on the chosen button (the first when none is); the arrow
 * keys, Home and End move to another button and choose it. Native radio inputs behave so on their
 * own; this is for the segmented controls drawn as buttons.
 */
export function RadioButtons<T extends string>({ label, options, value, onChange, className = 'segmented' }: Props<T>) {
  const group = useRef<HTMLDivElement>(null);
  const chosen = options.findIndex((o) => o.value === value);
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, at: number) => {
    const move = KEYS[e.key];
    if (!move || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const next = move(at, options.length);
    group.current?.querySelectorAll<HTMLButtonElement>('[role="radio"]')[next]?.focus();
    onChange(options[next]!.value);
  };
  return (
    <div ref={group} className={className} role="radiogroup" aria-label={label}>
      {options.map((o, i) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={i === chosen}
          tabIndex={i === Math.max(chosen, 0) ? 0 : -1}
          className="segmented__item"
          onClick={() => onChange(o.value)}
          onKeyDown={(e) => onKeyDown(e, i)}
          data-testid={o.testId}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
