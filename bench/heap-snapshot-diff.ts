import fs from 'node:fs';

/**
 * What grew between two heap snapshots (written by bench/memory.ts with BENCH_MEMORY_PROFILES=1):
 * live objects grouped by kind and constructor, counts and self sizes in each and the
 * difference, biggest growth first. With `per` (e.g. 1000 for the agents connected between the
 * two snapshots) the growth is also given per unit — what each socket keeps.
 *
 *   npx tsx bench/heap-snapshot-diff.ts <before.heapsnapshot> <after.heapsnapshot> [per] [rows]
 */

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}
interface Group {
  count: number;
  bytes: number;
}

/** Objects by constructor, closures by function, strings and arrays as one group per kind. */
function groups(file: string): Map<string, Group> {
  const s = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const out = new Map<string, Group>();
  for (let i = 0; i < s.nodes.length; i += width) {
    const type = types[s.nodes[i + typeAt]!]!;
    const name = s.strings[s.nodes[i + nameAt]!]!;
    const key =
      type === 'object' || type === 'native' || type === 'closure' || type === 'hidden' || type === 'object shape'
        ? `${type} ${name.slice(0, 80)}`
        : type === 'array'
          ? `array ${name.slice(0, 40)}`
          : `(${type})`;
    const g = out.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += s.nodes[i + sizeAt]!;
    out.set(key, g);
  }
  return out;
}

const [beforeFile, afterFile, perArg, rowsArg] = process.argv.slice(2);
if (!beforeFile || !afterFile) {
  console.error('usage: npx tsx bench/heap-snapshot-diff.ts <before.heapsnapshot> <after.heapsnapshot> [per] [rows]');
  process.exit(1);
}
const per = Number(perArg ?? 1);
const rows = Number(rowsArg ?? 40);
const before = groups(beforeFile);
const after = groups(afterFile);
const total = (m: Map<string, Group>) => [...m.values()].reduce((a, g) => a + g.bytes, 0);
const keys = new Set([...before.keys(), ...after.keys()]);
const diff = [...keys]
  .map((k) => {
    const b = before.get(k) ?? { count: 0, bytes: 0 };
    const a = after.get(k) ?? { count: 0, bytes: 0 };
    return { k, count: a.count - b.count, bytes: a.bytes - b.bytes, afterBytes: a.bytes };
  })
  .sort((x, y) => y.bytes - x.bytes);
const kb = (n: number) => (n / 1024).toFixed(1);
console.log(
  `live heap ${kb(total(before))} KB → ${kb(total(after))} KB (${kb(total(after) - total(before))} KB${per > 1 ? `, ${kb((total(after) - total(before)) / per)} KB per unit of ${per}` : ''})`,
);
console.log(['growth KB', 'objects', ...(per > 1 ? ['B per unit', 'objects per unit'] : []), 'after KB', 'group'].join('\t'));
for (const d of diff.slice(0, rows)) console.log([kb(d.bytes), d.count, ...(per > 1 ? [(d.bytes / per).toFixed(0), (d.count / per).toFixed(2)] : []), kb(d.afterBytes), d.k].join('\t'));
