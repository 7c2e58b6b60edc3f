import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../src/db/embedded-postgres.ts';
import { eventually } from '../../helpers/eventually.ts';

/** The process's state letter in /proc/<pid>/stat ("pid (comm) state …"). */
const stateOf = (pid: number): string => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat[stat.lastIndexOf(')') + 2]!;
};

/**
 * snorq's start stops a PostgreSQL orphaned by an earlier crash and waits for it to go. An orphan
 * that has exited but is not yet reaped (a zombie) answers signal 0 like a live process, so the
 * start waited out both stop deadlines (20 s) for a process already gone.
 */
describe('isAlive', () => {
  it('tells a running process from a zombie, and from no process', async () => {
    // The zombie is the child of a `sleep` that never reaps it. The child exits only once the shell
    // has become that `sleep` (exec): a child that exited before could be reaped by the shell
    // itself, and a run on a loaded machine failed so (no /proc entry for the zombie). It waits
    // for one byte on fd 3, which is written after the exec is seen.
    const parent = spawn('sh', ['-c', 'head -c 1 <&3 >/dev/null & echo $!; exec sleep 600'], { stdio: ['ignore', 'pipe', 'ignore', 'pipe'] });
    try {
      const zombie = Number.parseInt(await new Promise<string>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(d.toString()))), 10);
      await eventually(() => fs.readFileSync(`/proc/${parent.pid}/comm`, 'utf8').trim() === 'sleep', 'the shell to become sleep');
      expect(isAlive(zombie)).toBe(true); // still waiting for its byte
      (parent.stdio[3] as Writable).write('x');
      expect(isAlive(parent.pid!)).toBe(true);
      await eventually(() => stateOf(zombie) === 'Z', 'the child to be a zombie');
      expect(isAlive(zombie)).toBe(false);
    } finally {
      const exited = new Promise((resolve) => parent.once('exit', resolve));
      parent.kill('SIGKILL');
      await exited;
    }
    expect(isAlive(parent.pid!)).toBe(false);
  });
});
