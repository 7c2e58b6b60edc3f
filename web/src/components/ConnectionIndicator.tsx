import { useLive } from '../live/live-provider.tsx';

const TITLE = {
  live: 'Live: new messages appear as they arrive',
  reconnecting: 'Reconnecting… the inbox refreshes every 30 seconds meanwhile',
  behind: 'Catching up on what happened while disconnected',
};

/** live / reconnecting / behind, announced politely when it changes. */
export function ConnectionIndicator() {
  const { status } = useLive();
  return (
    <span className={`connection connection--${status}`} title={TITLE[status]} role="status" aria-live="polite">
      <span className="visually-hidden">Connection: </span>
      <span data-testid="connection-state" data-state={status}>
        {status}
      </span>
    </span>
  );
}
