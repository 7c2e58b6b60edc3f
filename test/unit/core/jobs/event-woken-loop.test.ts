import { describe, expect, it } from 'vitest';
import { eventWokenLoop, type EventSource } from '../../../../src/core/jobs/event-woken-loop.ts';

/**
 * The loop of the event-following workers, driven step by step: each pass waits for the test to
 * end it, so "a wake-up during a pass" is a wake-up the test sends while it holds a pass open. The
 * poll is an hour: nothing here happens by waiting.
 */
const HOUR = 3_600_000;

function controlledPasses() {
  const started: Array<() => void> = [];
  let onStart: (() => void) | undefined;
  let inFlight = 0;
  let mostAtOnce = 0;
  let count = 0;
  const pass = () =>
    new Promise<number>((resolve, reject) => {
      inFlight += 1;
      mostAtOnce = Math.max(mostAtOnce, inFlight);
      const n = ++count;
      started.push(() => {
        inFlight -= 1;
        if (n === failing) reject(new Error('pass failed'));
        else resolve(n);
      });
      onStart?.();
    });
  let failing = 0;
  return {
    pass,
    get count() {
      return count;
    },
    get mostAtOnce() {
      return mostAtOnce;
    },
    failOn(n: number) {
      failing = n;
    },
    /** Resolves once `n` passes have started. */
    async started(n: number) {
      while (count < n) await new Promise<void>((r) => (onStart = r));
    },
    /** Ends the oldest pass still open. */
    finishNext() {
      started.shift()!();
    },
  };
}

function eventSource() {
  const listeners = new Set<() => void>();
  const source: EventSource = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    source,
    emit: () => listeners.forEach((l) => l()),
    get listening() {
      return listeners.size;
    },
  };
}

describe('eventWokenLoop', () => {
  it('passes once more when an event arrives during a pass, instead of waiting for the poll', async () => {
    const passes = controlledPasses();
    const events = eventSource();
    const loop = eventWokenLoop({ pass: passes.pass, pollMs: HOUR, onError: () => undefined });
    loop.start(events.source);
    await passes.started(1);
    events.emit(); // the pass has read the log already: this event is after it
    passes.finishNext();
    await passes.started(2);
    passes.finishNext();
    // Nothing more happened: the loop sleeps until woken.
    await Promise.resolve();
    expect(passes.count).toBe(2);
    events.emit();
    await passes.started(3);
    passes.finishNext();
    const stopping = loop.stop();
    await stopping;
    expect(events.listening).toBe(0);
    expect(passes.mostAtOnce).toBe(1);
  });

  it('never overlaps passes: drain waits for the pass in progress, then runs its own', async () => {
    const passes = controlledPasses();
    const loop = eventWokenLoop({ pass: passes.pass, pollMs: HOUR, onError: () => undefined });
    loop.start();
    await passes.started(1);
    const drained = loop.drain();
    await Promise.resolve();
    expect(passes.count).toBe(1);
    passes.finishNext();
    await passes.started(2);
    passes.finishNext();
    expect(await drained).toBe(2);
    expect(passes.mostAtOnce).toBe(1);
    await loop.stop();
  });

  it('logs a failed pass and goes on at the next wake-up; stop waits for the pass in progress and ends the loop', async () => {
    const passes = controlledPasses();
    const errors: unknown[] = [];
    const loop = eventWokenLoop({ pass: passes.pass, pollMs: HOUR, onError: (err) => errors.push(err) });
    passes.failOn(1);
    loop.start();
    await passes.started(1);
    passes.finishNext();
    loop.wake();
    await passes.started(2);
    expect(errors).toEqual([new Error('pass failed')]);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    passes.finishNext();
    await stopping;
    loop.wake();
    await Promise.resolve();
    expect(passes.count).toBe(2);
  });
});
