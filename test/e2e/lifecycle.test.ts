import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.ts';
import { serverCommand } from '../helpers/server-process.ts';
import { freePort } from '../../src/db/free-port.ts';

/**
 * `npm start`'s process on the embedded database, as a user runs it: first start, clean stop,
 * restart, and recovery after a SIGKILL that leaves PostgreSQL orphaned and its lock behind.
 */
const dataDir = path.resolve('.test-data', `lifecycle-${process.pid}`);
const clusterDir = path.join(dataDir, 'postgres');

/** PostgreSQL processes of this test's cluster, read from /proc (pkill -f would match itself). */
function postgresPids(): number[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').includes(clusterDir);
      } catch {
        return false;
      }
    })
    .map(Number);
}
const signalPostgres = (signal: NodeJS.Signals) => postgresPids().forEach((pid) => process.kill(pid, signal));

afterAll(async () => {
  signalPostgres('SIGINT');
  // The cluster's files go once its processes have (a fast shutdown; was a 500 ms guess).
  await eventually(() => postgresPids().length === 0, 'the cluster’s PostgreSQL to stop');
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function start(port: number): Promise<{ child: ChildProcess; output: () => string; readyMs: number }> {
  const t0 = Date.now();
  const server = serverCommand();
  const child = spawn(server.command, server.args, {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), SIMULATOR: 'off', LOG_LEVEL: 'info', ADMIN_EMAIL: 'boss@example.test', ADMIN_PASSWORD: 'a long enough password' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', () => out.includes('sign in at') && (clearTimeout(timer), resolve()));
    child.on('exit', (code) => (clearTimeout(timer), reject(new Error(`exited ${code}:\n${out}`))));
  });
  return { child, output: () => out, readyMs: Date.now() - t0 };
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => (child.exitCode !== null ? r(child.exitCode) : child.on('exit', (c) => r(c))));
const postgresRunning = () => postgresPids().length > 0;

// Each test starts snorq as a process several times; on a busy 2-core machine that takes a while.
describe('npm start on the embedded database', { timeout: 180_000 }, () => {
  it('starts, prints where to sign in, answers /readyz, and stops cleanly on SIGINT', async () => {
    const port = await freePort();
    const first = await start(port);
    expect(first.output()).toMatch(/sign in at http:\/\/localhost:\d+\/ as boss@example.test/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    // a second snorq on the same DATA_DIR is refused and leaves the first one running
    await expect(start(await freePort())).rejects.toThrow(/another snorq \(pid \d+\) is running/);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@example.test', password: 'a long enough password' }),
    });
    expect(login.status).toBe(200);
    first.child.kill('SIGINT');
    expect(await exited(first.child)).toBe(0);
    expect(postgresRunning()).toBe(false);
    expect(first.output()).not.toContain('a long enough password');

    // A port another program holds: the start fails, says why, and leaves no PostgreSQL running
    // (it stayed up, orphaned, until the next start stopped it).
    const holder = net.createServer();
    const taken = await freePort();
    await new Promise<void>((resolve) => holder.listen(taken, '0.0.0.0', resolve));
    try {
      await expect(start(taken)).rejects.toThrow(/exited 1[\s\S]*EADDRINUSE/);
      expect(postgresRunning()).toBe(false);
    } finally {
      holder.close();
    }
  });

  it('comes back after a SIGKILL that left PostgreSQL orphaned, with the data intact', async () => {
    const port = await freePort();
    const second = await start(port);
    console.log(`second start on an existing DATA_DIR was ready in ${second.readyMs} ms`);
    second.child.kill('SIGKILL');
    await exited(second.child);
    expect(postgresRunning()).toBe(true); // the orphan a SIGKILL leaves behind

    const third = await start(port);
    expect(third.output()).toMatch(/orphaned PostgreSQL/);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@example.test', password: 'a long enough password' }),
    });
    expect(login.status).toBe(200);
    // now kill both app and database: a stale postmaster.pid remains
    signalPostgres('SIGKILL');
    third.child.kill('SIGKILL');
    await exited(third.child);
    await fs.access(path.join(clusterDir, 'postmaster.pid'));

    const fourth = await start(port);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    fourth.child.kill('SIGTERM');
    expect(await exited(fourth.child)).toBe(0);
  });
});
