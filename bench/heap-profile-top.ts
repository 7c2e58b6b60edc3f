import fs from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The biggest allocation sites of a sampling heap profile (.heapprofile, written by
 * bench/query-allocations.ts), two ways: by the function that allocated (self), and by the nearest
 * frame of snorq's own code on the allocating stack (src/…, mapped through the bundle's source
 * map) — which of snorq's calls the bytes are charged to, the dependencies' frames included.
 *
 *   npx tsx bench/heap-profile-top.ts <file.heapprofile> [rows]
 */

interface Frame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface Node {
  callFrame: Frame;
  selfSize: number;
  children: Node[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: npx tsx bench/heap-profile-top.ts <file.heapprofile> [rows]');
  process.exit(1);
}
const rows = Number(rowsArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { head: Node };

const maps = new Map<string, SourceMap | null>();
function mapped(f: Frame): string {
  if (!f.url.startsWith('file://')) return `${f.functionName || '(anonymous)'} ${f.url || '(native)'}`;
  const path = fileURLToPath(f.url);
  if (!maps.has(path)) {
    // only the bundle's own map (dependencies are not bundled; their maps would name their own sources)
    const mapFile = `${path}.map`;
    if (path.includes('/node_modules/')) maps.set(path, null);
    else maps.set(path, fs.existsSync(mapFile) ? new SourceMap(JSON.parse(fs.readFileSync(mapFile, 'utf8'))) : null);
  }
  const map = maps.get(path);
  const entry = map?.findEntry(f.lineNumber, f.columnNumber);
  const where =
    entry && 'originalSource' in entry
      ? `${entry.originalSource.replace(/^.*?\/(src|node_modules|bench)\//, '$1/')}:${entry.originalLine + 1}`
      : `${path.replace(/^.*\/node_modules\//, 'node_modules/')}:${f.lineNumber + 1}`;
  return `${f.functionName || '(anonymous)'} ${where}`;
}

const self = new Map<string, number>();
const bySnorq = new Map<string, number>();
let total = 0;
function walk(n: Node, nearestSnorq: string | undefined): void {
  const here = mapped(n.callFrame);
  const snorq = here.includes(' src/') ? here : nearestSnorq;
  if (n.selfSize > 0) {
    total += n.selfSize;
    self.set(here, (self.get(here) ?? 0) + n.selfSize);
    const key = snorq ?? '(no snorq frame on the stack)';
    bySnorq.set(key, (bySnorq.get(key) ?? 0) + n.selfSize);
  }
  for (const c of n.children) walk(c, snorq);
}
walk(profile.head, undefined);

const show = (title: string, m: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${(v / 1048576).toFixed(2).padStart(8)} MB ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`);
};
console.log(`${file}: ${(total / 1048576).toFixed(2)} MB sampled`);
show('allocated by (self):', self);
show("charged to the nearest frame of snorq's code:", bySnorq);
