import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { nodeMappings } from '../../../bench/lib/node-mappings.ts';
import { startEnvironment, startFlags } from '../../../bench/lib/start-flags.ts';

/**
 * The Node flags of a production start (package.json's start script): the same everywhere snorq
 * is started in production, and what they are there for.
 */
const flags = startFlags();
const environment = Object.entries(startEnvironment()).map(([k, v]) => `${k}=${v}`);
const flagsBefore = (line: string | undefined) =>
  line
    ?.match(/node((?: --\S+)*) dist\/server\/main\.js/)?.[1]
    ?.trim()
    .split(' ') ?? [];

describe('the start flags', () => {
  it('are the ones the image, the systemd unit and the production start check run', () => {
    const docker = fs
      .readFileSync('Dockerfile', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('CMD '));
    expect(docker && (JSON.parse(docker.slice(4)) as string[])).toEqual(['node', ...flags, 'dist/server/main.js']);
    const unit = fs
      .readFileSync('deploy/snorq.service', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('ExecStart='));
    expect(flagsBefore(unit)).toEqual(flags);
    const check = fs
      .readFileSync('scripts/check-production-start.sh', 'utf8')
      .split('\n')
      .find((l) => l.includes('dist/server/main.js >'));
    expect(flagsBefore(check)).toEqual(flags);
  });

  it('run with the environment the image, the systemd unit and the production start check set', () => {
    expect(environment).toEqual(['MALLOC_ARENA_MAX=2']);
    const docker = fs.readFileSync('Dockerfile', 'utf8');
    const runtime = docker.slice(docker.lastIndexOf('\nFROM '));
    const dockerEnv = [...runtime.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)].flatMap((m) => m[1]!.split(/\s*\\\n\s*|\s+/)).filter(Boolean);
    const unitEnv = [...fs.readFileSync('deploy/snorq.service', 'utf8').matchAll(/^Environment=(\S+)$/gm)].map((m) => m[1]!);
    const check = fs.readFileSync('scripts/check-production-start.sh', 'utf8');
    const checkEnv = /env -i ((?:.*\\\n)*?).*dist\/server\/main\.js >/.exec(check)?.[1]?.split(/\s*\\\n\s*|\s+/) ?? [];
    for (const pair of environment) {
      expect(dockerEnv).toContain(pair);
      expect(unitEnv).toContain(pair);
      expect(checkEnv).toContain(pair);
    }
  });

  // glibc gives every thread that allocates an arena of its own (up to 8 per core), each keeping
  // what was freed in it: 11 MB in 11 mappings of snorq's process at a burst to 1,000 agents (V8's
  // helper threads, libuv's pool). Threads that allocate, with and without the start environment:
  // the arenas are counted in /proc/<pid>/smaps.
  it.runIf(process.platform === 'linux')(
    'keep malloc to two arenas',
    async () => {
      const script = `
      const { Worker } = await import('node:worker_threads');
      const work = 'const kept = []; for (let i = 0; i < 4000; i++) kept.push(Buffer.allocUnsafeSlow(2000)); (await import("node:worker_threads")).parentPort.postMessage(kept.length); setInterval(() => kept.length, 1e6);';
      const workers = Array.from({ length: 4 }, () => new Worker(work, { eval: true }));
      await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
      console.log('ready');
      setInterval(() => {}, 1e6);`;
      const arenas = async (env: Record<string, string>) => {
        const child = spawn(process.execPath, [...flags, '--input-type=module', '-e', script], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
        try {
          await Promise.race([once(child.stdout, 'data'), once(child, 'exit').then(() => Promise.reject(new Error('the program exited before its threads had allocated')))]);
          return (await nodeMappings(child.pid!))?.['malloc thread arenas']?.mappings ?? 0;
        } finally {
          child.kill();
        }
      };
      expect(await arenas({})).toBeGreaterThanOrEqual(4);
      expect(await arenas(startEnvironment())).toBeLessThanOrEqual(2);
    },
    60_000,
  );

  // V8 lets the old generation grow to up to 4× what the last full collection left before it
  // collects again when its limit is 2 GB or more (the default here is ~4 GB): snorq's process
  // after the query benchmark held 90 MB of heap of which ~45 live (bench/FINDINGS.md, "Memory,
  // 3 December, afternoon"). A limit of 1 GB caps that factor near 1.6 (measured with this script:
  // 4.3× without the flag, 2.0× with it). Counted in bytes, not time: objects that outlive two
  // scavenges and then die, the query phase's pattern, until several full collections have run.
  it('keep the old generation within about twice what is live', () => {
    const script = `
      const v8 = await import('node:v8');
      const live = []; for (let i = 0; i < 300_000; i++) live.push({ a: i, b: 'live ' + i });
      const ring = new Array(200_000);
      let peak = 0, low = Infinity;
      for (let n = 0; n < 6_000_000; n++) {
        ring[n % ring.length] = { a: n, b: [n, n] };
        if (n > 1_000_000 && n % 2000 === 0) { const u = v8.getHeapStatistics().used_heap_size; peak = Math.max(peak, u); low = Math.min(low, u); }
      }
      console.log(JSON.stringify({ peak, low, kept: live.length + ring.length }));`;
    const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { peak, low, kept } = JSON.parse(out) as { peak: number; low: number; kept: number };
    expect(kept).toBe(500_000);
    expect(peak / low).toBeLessThan(3);
  }, 60_000);

  // V8's young generation grows to two semi-spaces of 16 MB by default, committed for good once
  // grown (32 MB of the ~100 MB snorq's process held at the burst of bench/memory.ts); with
  // semi-spaces of 8 MB it stays at 16. What a smaller one costs — objects alive across more
  // scavenges are promoted — the realtime fan-out keeps small by pacing its socket writes
  // (bench/FINDINGS.md, "Memory, 3 December, night"). Measured with a ring of short-lived objects:
  // 32 MB without the flag.
  it('keep the young generation at 16 MB', () => {
    const script = `
      const v8 = await import('node:v8');
      const ring = new Array(100_000);
      let most = 0;
      for (let n = 0; n < 3_000_000; n++) {
        ring[n % ring.length] = { a: n, b: [n, n] };
        if (n % 10_000 === 0) most = Math.max(most, v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
      }
      console.log(JSON.stringify({ most }));`;
    const out = execFileSync(process.execPath, [...flags, '--input-type=module', '-e', script], { encoding: 'utf8' });
    const { most } = JSON.parse(out) as { most: number };
    expect(most / 1048576).toBeLessThanOrEqual(16);
  }, 60_000);
});
