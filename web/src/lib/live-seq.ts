/**
 * Sequence bookkeeping for the live connection (src/server/realtime): every event carries the
 * organisation's sequence number; the client remembers the last one it applied, sends it back
 * as `auth.lastSeq` on reconnect, and the server replays what was missed. Pure and immutable so
 * it can be tested without a socket.
 */
export interface SeqState {
  /** The last seq applied; null until the first `hello`. */
  lastSeq: number | null;
  /** The server's seq at the last `hello`: until lastSeq reaches it, the client is catching up. */
  catchUpTo: number | null;
}

export const INITIAL_SEQ: SeqState = { lastSeq: null, catchUpTo: null };

export type HelloOutcome =
  /** First connection: nothing to replay, but anything that happened while the page loaded is unknown. */
  | 'first'
  /** Reconnected, the server will replay `lastSeq+1 … seq`. */
  | 'replaying'
  /** Reconnected with nothing missed. */
  | 'current'
  /** The server's counter is behind ours (a restored database): start over and refetch. */
  | 'reset';

export function onHello(state: SeqState, seq: number): { state: SeqState; outcome: HelloOutcome } {
  if (state.lastSeq === null) return { state: { lastSeq: seq, catchUpTo: null }, outcome: 'first' };
  if (state.lastSeq > seq) return { state: { lastSeq: seq, catchUpTo: null }, outcome: 'reset' };
  if (state.lastSeq < seq) return { state: { lastSeq: state.lastSeq, catchUpTo: seq }, outcome: 'replaying' };
  return { state: { lastSeq: seq, catchUpTo: null }, outcome: 'current' };
}

/** An event is applied once: anything at or below the last applied seq is a duplicate. */
export function onEvent(state: SeqState, seq: number): { state: SeqState; accept: boolean } {
  if (!Number.isFinite(seq)) return { state, accept: false };
  if (state.lastSeq !== null && seq <= state.lastSeq) return { state, accept: false };
  const caughtUp = state.catchUpTo !== null && seq >= state.catchUpTo;
  return { state: { lastSeq: seq, catchUpTo: caughtUp ? null : state.catchUpTo }, accept: true };
}

/** `sync:required`: the server skipped the replay and moved on; we refetch and continue from its `hello` seq. */
export function onSyncRequired(state: SeqState): SeqState {
  return { lastSeq: state.catchUpTo ?? state.lastSeq, catchUpTo: null };
}

/** The replay did not arrive in time (events the server chose not to send): stop waiting. */
export function giveUpCatchUp(state: SeqState): SeqState {
  return { ...state, catchUpTo: null };
}

export type LiveStatus = 'live' | 'reconnecting' | 'behind';

/** Down → reconnecting; replaying missed events or refetching → behind; else live. */
export function liveStatus(connected: boolean, catchingUp: boolean, resyncing: boolean): LiveStatus {
  if (!connected) return 'reconnecting';
  if (resyncing || catchingUp) return 'behind';
  return 'live';
}

/** What the client sends in the handshake: its position, once it has one. */
export function handshakeAuth(state: SeqState): { lastSeq?: number } {
  return state.lastSeq === null ? {} : { lastSeq: state.lastSeq };
}
