import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { runCpu } from './process-cpu.ts';

/**
 * Where a run's time goes, per test file: importing it (`collect`: its modules and the suite
 * callbacks), its hooks (beforeAll/afterAll/…: a file's database, snorq, simulator and browser
 * pages are made there) and its tests, from vitest's own figures. The JSON reporter gives only the
 * tests' durations, which leave out the set-up that dominates many files.
 *
 *   npx vitest run --reporter=default --reporter=./test/helpers/time-reporter.ts
 *
 * prints the slowest files and the sums by part at the end; SNORQ_TIMES=<file> also writes every
 * file's figures there as JSON (milliseconds). Durations are wall time in the worker, so on a
 * shared machine compare sums and ratios from the same run (CONTRIBUTING.md, "The suite's time").
 * `cpu` is what the file's worker and the Chromium it drives used meanwhile (each-file.ts,
 * process-cpu.ts; the run's PostgreSQL is not in it): load stretches wall time, much less CPU.
 */
interface FileTime {
  file: string;
  collect: number;
  hooks: number;
  tests: number;
  count: number;
  state: string;
  /** CPU of the worker and its Chromium during the file (each-file.ts), where /proc tells. */
  cpu?: number;
}

export default class TimeReporter implements Reporter {
  private readonly files: FileTime[] = [];

  onTestModuleEnd(module: TestModule): void {
    const d = module.diagnostic();
    let tests = 0;
    let count = 0;
    for (const t of module.children.allTests()) {
      tests += t.diagnostic()?.duration ?? 0;
      count++;
    }
    this.files.push({
      file: path.relative(process.cwd(), module.moduleId),
      collect: d.collectDuration,
      // `duration` is the tests and hooks together.
      hooks: Math.max(0, d.duration - tests),
      tests,
      count,
      state: module.state(),
      cpu: module.meta().cpuSeconds === undefined ? undefined : Math.round(module.meta().cpuSeconds! * 1000),
    });
  }

  onTestRunEnd(): void {
    if (this.files.length === 0) return;
    const out = process.env.SNORQ_TIMES;
    if (out) fs.writeFileSync(out, JSON.stringify(this.files, null, 1));
    const total = (f: FileTime) => f.collect + f.hooks + f.tests;
    const s = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
    const sorted = [...this.files].sort((a, b) => total(b) - total(a));
    const sum = (fs: FileTime[], k: (f: FileTime) => number) => fs.reduce((a, f) => a + k(f), 0);
    const cpu = (f: FileTime) => f.cpu ?? 0;
    const row = (fs: FileTime[]) => [total, (f: FileTime) => f.collect, (f: FileTime) => f.hooks, (f: FileTime) => f.tests, cpu].map((k) => s(sum(fs, k))).join(' ');
    const lines = ['', 'time per file (s): total = import + hooks + tests; cpu = the worker and its Chromium (not PostgreSQL)', '  total  import   hooks   tests     cpu  file'];
    for (const f of sorted.slice(0, 25)) lines.push(`${row([f])}  ${f.file}${f.state === 'passed' ? '' : ` (${f.state})`}`);
    const parts = new Map<string, FileTime[]>();
    for (const f of this.files) {
      const part = /-browser\.test/.test(f.file) ? 'browser' : /\/(crash|lifecycle)\.test/.test(f.file) ? 'crash+lifecycle' : (f.file.split('/')[1] ?? f.file);
      parts.set(part, [...(parts.get(part) ?? []), f]);
    }
    lines.push('', '  total  import   hooks   tests     cpu  part (files)');
    for (const [part, fs] of [...parts].sort((a, b) => sum(b[1], total) - sum(a[1], total))) lines.push(`${row(fs)}  ${part} (${fs.length})`);
    lines.push(`${row(this.files)}  all (${this.files.length})`);
    const byCpu = [...this.files].sort((a, b) => cpu(b) - cpu(a)).slice(0, 15);
    lines.push('', '    cpu  file (the most CPU)', ...byCpu.map((f) => `${s(cpu(f))}  ${f.file}`));
    // What no file's figure holds: PostgreSQL above all (every file's queries), vitest's own process.
    const run = runCpu();
    if (run) {
      const sec = (x: number) => x.toFixed(1);
      lines.push('', `cpu outside the files (s): PostgreSQL ${sec(run.postgres)}, vitest's process ${sec(run.own)}, what it started and reaped (builds, ended workers) ${sec(run.reaped)}`);
    }
    console.log(lines.join('\n'));
  }
}
