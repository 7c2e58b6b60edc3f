/** The clock and timers the monitor runs on (the browser's, or a test's). */
export interface MonitorClock {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => number;
  clearTimer: (id: number) => void;
}

/**
 * Is this tab in use? It is from any input, and stops being after `idleMs` without one (a hidden
 * tab gets no input, so it idles too). `report` is called on each change only; the server turns
 * the agent's tabs into their presence (src/server/realtime/presence-sockets.ts).
 */
export function createActivityMonitor(idleMs: number, report: (active: boolean) => void, clock: MonitorClock) {
  let active = true;
  let lastInput = clock.now();
  let timer: number | undefined;
  const schedule = (ms: number) => {
    if (timer !== undefined) clock.clearTimer(timer);
    timer = clock.setTimer(check, ms);
  };
  function check() {
    timer = undefined;
    const idleFor = clock.now() - lastInput;
    if (idleFor < idleMs) return schedule(idleMs - idleFor);
    if (active) {
      active = false;
      report(false);
    }
  }
  schedule(idleMs);
  return {
    /** Input in this tab (a key, the pointer, coming back to it). */
    touch() {
      lastInput = clock.now();
      if (!active) {
        active = true;
        report(true);
        schedule(idleMs);
      } else if (timer === undefined) schedule(idleMs);
    },
    isActive: () => active,
    dispose() {
      if (timer !== undefined) clock.clearTimer(timer);
      timer = undefined;
    },
  };
}
