import { describe, expect, it } from 'vitest';
import { toServerEvent } from '../../web/src/live/live-events.ts';
import { giveUpCatchUp, handshakeAuth, INITIAL_SEQ, liveStatus, onEvent, onHello, onSyncRequired, type SeqState } from '../../web/src/lib/live-seq.ts';

/** Feed seqs through the gate; return the ones applied. */
function apply(state: SeqState, seqs: number[]): { state: SeqState; applied: number[] } {
  const applied: number[] = [];
  for (const seq of seqs) {
    const r = onEvent(state, seq);
    state = r.state;
    if (r.accept) applied.push(seq);
  }
  return { state, applied };
}

describe('live event sequencing', () => {
  it('first connection: starts from the server’s seq, asks for nothing, and tells views to refetch', () => {
    expect(handshakeAuth(INITIAL_SEQ)).toEqual({});
    const { state, outcome } = onHello(INITIAL_SEQ, 41);
    expect(outcome).toBe('first');
    expect(state).toEqual({ lastSeq: 41, catchUpTo: null });
    expect(handshakeAuth(state)).toEqual({ lastSeq: 41 });
  });

  it('applies each event once: duplicates and replays of old seqs are dropped', () => {
    const { state, applied } = apply({ lastSeq: 10, catchUpTo: null }, [11, 12, 12, 11, 13, 9, 14]);
    expect(applied).toEqual([11, 12, 13, 14]);
    expect(state.lastSeq).toBe(14);
  });

  it('reconnect: sends lastSeq, is "behind" until the replay reaches the hello seq, then live', () => {
    let state: SeqState = { lastSeq: 20, catchUpTo: null };
    expect(handshakeAuth(state)).toEqual({ lastSeq: 20 });
    const hello = onHello(state, 25);
    expect(hello.outcome).toBe('replaying');
    state = hello.state;
    expect(liveStatus(true, state.catchUpTo !== null, false)).toBe('behind');
    const r = apply(state, [21, 22, 23, 24]);
    expect(r.state.catchUpTo).toBe(25);
    const done = apply(r.state, [25, 25, 26]);
    expect(done.applied).toEqual([25, 26]);
    expect(done.state).toEqual({ lastSeq: 26, catchUpTo: null });
    expect(liveStatus(true, false, false)).toBe('live');
  });

  it('reconnect with nothing missed is live at once', () => {
    expect(onHello({ lastSeq: 30, catchUpTo: null }, 30)).toEqual({ state: { lastSeq: 30, catchUpTo: null }, outcome: 'current' });
  });

  it('a server whose counter went back (restored database) resets instead of ignoring everything', () => {
    const { state, outcome } = onHello({ lastSeq: 500, catchUpTo: null }, 7);
    expect(outcome).toBe('reset');
    expect(apply(state, [8]).applied).toEqual([8]);
  });

  it('sync:required: continue from the hello seq (the server skipped the replay)', () => {
    const behind = onHello({ lastSeq: 5, catchUpTo: null }, 5000).state;
    const state = onSyncRequired(behind);
    expect(state).toEqual({ lastSeq: 5000, catchUpTo: null });
    expect(apply(state, [4999, 5000, 5001]).applied).toEqual([5001]);
  });

  it('stops waiting for a replay that never comes, without moving lastSeq', () => {
    expect(giveUpCatchUp({ lastSeq: 3, catchUpTo: 9 })).toEqual({ lastSeq: 3, catchUpTo: null });
  });

  it('status: down is reconnecting, whatever else', () => {
    expect(liveStatus(false, true, true)).toBe('reconnecting');
    expect(liveStatus(true, false, true)).toBe('behind');
  });

  it('ignores events without a seq, and payloads missing what handlers read', () => {
    expect(onEvent({ lastSeq: 1, catchUpTo: null }, Number.NaN).accept).toBe(false);
    expect(toServerEvent('new:message', { seq: 2, message: { id: 1 } })).toBeNull();
    expect(toServerEvent('message:status', { messageId: 1, status: 'read' })).toBeNull();
    expect(toServerEvent('message:status', { seq: 3, messageId: 1, conversationId: 2, status: 'read', type: 'evil' })).toMatchObject({ type: 'message:status', seq: 3 });
    expect(toServerEvent('conversation:updated', 'nope')).toBeNull();
  });
});
