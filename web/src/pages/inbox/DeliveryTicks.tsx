import { tickLabel, type TickState } from '../../lib/ticks.ts';

/** pending (clock) → sent ✓ → delivered ✓✓ → read (blue ✓✓); failed is a red mark. */
export function DeliveryTicks({ state }: { state: TickState }) {
  if (state === 'none') return null;
  return (
    <span className={`ticks ticks--${state}`} title={tickLabel(state)} data-testid="ticks" data-tick={state}>
      <svg width="18" height="12" viewBox="0 0 18 12" aria-hidden="true" focusable="false">
        {state === 'pending' && (
          <>
            <circle cx="7" cy="6" r="5" fill="none" stroke="currentColor" strokeWidth="1.4" />
            <path d="M7 3.2V6l1.9 1.3" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
          </>
        )}
        {state === 'sent' && <path d="M2 6.5l3 3L11.5 2.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />}
        {(state === 'delivered' || state === 'read') && (
          <>
            <path d="M1 6.5l3 3L10.5 2.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
            <path d="M7.5 8.5l1 1L15.5 2.5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
          </>
        )}
        {state === 'failed' && (
          <>
            <circle cx="7" cy="6" r="5.2" fill="currentColor" />
            <path d="M7 3.2v3.3M7 8.4v.2" stroke="#fff" strokeWidth="1.5" strokeLinecap="round" />
          </>
        )}
      </svg>
      <span className="visually-hidden">{tickLabel(state)}</span>
    </span>
  );
}
