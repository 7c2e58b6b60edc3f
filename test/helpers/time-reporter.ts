import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

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
 */
interface FileTime {
  file: string;
  collect: number;
  hooks: number;
  tests: number;
  count: number;
  state: string;
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
    });
  }

  onTestRunEnd(): void {
    if (this.files.length === 0) return;
    const out = process.env.SNORQ_TIMES;
    if (out) fs.writeFileSync(out, JSON.stringify(this.files, null, 1));
    const total = (f: FileTime) => f.collect + f.hooks + f.tests;
    const s = (ms: number) => (ms / 1000).toFixed(1).padStart(7);
    const sorted = [...this.files].sort((a, b) => total(b) - total(a));
    const lines = ['', 'time per file (s): total = import + hooks + tests', '  total  import   hooks   tests  file'];
    for (const f of sorted.slice(0, 25)) lines.push(`${s(total(f))} ${s(f.collect)} ${s(f.hooks)} ${s(f.tests)}  ${f.file}${f.state === 'passed' ? '' : ` (${f.state})`}`);
    const parts = new Map<string, FileTime[]>();
    for (const f of this.files) {
      const part = /-browser\.test/.test(f.file) ? 'browser' : /\/(crash|lifecycle)\.test/.test(f.file) ? 'crash+lifecycle' : (f.file.split('/')[1] ?? f.file);
      parts.set(part, [...(parts.get(part) ?? []), f]);
    }
    const sum = (fs: FileTime[], k: (f: FileTime) => number) => fs.reduce((a, f) => a + k(f), 0);
    lines.push('', '  total  import   hooks   tests  part (files)');
    for (const [part, fs] of [...parts].sort((a, b) => sum(b[1], total) - sum(a[1], total)))
      lines.push(`${s(sum(fs, total))} ${s(sum(fs, (f) => f.collect))} ${s(sum(fs, (f) => f.hooks))} ${s(sum(fs, (f) => f.tests))}  ${part} (${fs.length})`);
    const all = this.files;
    lines.push(`${s(sum(all, total))} ${s(sum(all, (f) => f.collect))} ${s(sum(all, (f) => f.hooks))} ${s(sum(all, (f) => f.tests))}  all (${all.length})`);
    console.log(lines.join('\n'));
  }
}
