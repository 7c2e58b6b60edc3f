import { spawn } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/server/create-logger.ts';

/** A stdout stand-in that keeps what is written, as a terminal or as a pipe. */
function capture(isTTY: boolean) {
  const out = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  out.on('data', (c: Buffer) => chunks.push(c.toString('utf8')));
  return { out, text: () => chunks.join('') };
}

describe('createLogger', () => {
  it('writes JSON lines when stdout is not a terminal (log collectors), secrets redacted', async () => {
    const { out, text } = capture(false);
    const log = createLogger({ LOG_LEVEL: 'info' }, out);
    log.info({ channel: { accessToken: 'hunter2-secret' }, channelId: 7 }, 'channel connected');
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(text().trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'channel connected', channelId: 7 });
    expect(text()).not.toContain('hunter2-secret');
  });

  it('writes readable lines when stdout is a terminal, secrets still redacted', async () => {
    const { out, text } = capture(true);
    const log = createLogger({ LOG_LEVEL: 'info' }, out);
    log.warn({ channel: { accessToken: 'hunter2-secret' }, channelId: 7 }, 'webhook subscription gone');
    await new Promise((r) => setImmediate(r));
    const written = stripVTControlCharacters(text());
    expect(written).toMatch(/WARN.*webhook subscription gone/);
    expect(written).toContain('channelId: 7');
    expect(() => JSON.parse(written)).toThrow();
    expect(written).not.toContain('hunter2-secret');
  });
});

/**
 * A child process whose stdout is a pipe the test reads only when told: what a production snorq
 * writes its JSON lines to (a container's log driver, journald). It logs, tells the test over IPC,
 * and exits as main.ts's orderly stop does (flushLog, then process.exit) when asked.
 */
function loggingChild(body: string) {
  const module = path.resolve('src/server/create-logger.ts');
  const script = `
    import pino from 'pino';
    import { createLogger, flushLog, bufferedStdout } from ${JSON.stringify(module)};
    ${body}
    process.send('logged');
    process.on('message', async () => { await flushLog(log); process.exit(0); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const logged = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`the child exited (${code}) before it had logged`)));
  });
  /** Reads stdout from now on, asks the child to stop, and resolves with every line it wrote. */
  const readAll = async () => {
    const stdout = child.stdout!;
    const chunks: Buffer[] = [];
    stdout.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise((resolve) => stdout.once('close', resolve));
    child.send('stop');
    await closed;
    return Buffer.concat(chunks).toString('utf8').trim().split('\n');
  };
  return { logged, readAll };
}

describe('the production log destination', () => {
  // Red with process.stdout as the destination: where stdout is synchronous (a file) the child
  // waits inside write(); here (a pipe from Node, written asynchronously) the lines still queued
  // when process.exit runs are lost — 111 of 1,000 arrived when this was tried.
  it('does not hold the process while stdout is not read, and writes every line by an orderly stop', async () => {
    const child = loggingChild(`
      const log = createLogger({ LOG_LEVEL: 'info' });
      const pad = 'x'.repeat(1000);
      for (let i = 0; i < 1000; i++) log.info({ i, pad }, 'line');`);
    await child.logged;
    const lines = (await child.readAll()).map((l) => JSON.parse(l) as { i: number; msg: string });
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('drops what exceeds its buffer while stdout is not read, and says how many lines it dropped', async () => {
    const child = loggingChild(`
      const log = pino({ level: 'info' }, bufferedStdout(256 * 1024));
      const pad = 'x'.repeat(1000);
      for (let i = 0; i < 1000; i++) log.info({ i, pad }, 'line');`);
    await child.logged;
    const lines = (await child.readAll()).map((l) => JSON.parse(l) as { i?: number; msg: string; dropped?: number });
    const kept = lines.filter((l) => l.msg === 'line');
    const report = lines.find((l) => l.msg === 'log lines dropped: stdout was not read');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(1000);
    expect(report?.dropped).toBe(1000 - kept.length);
  });
});
