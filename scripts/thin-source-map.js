// Thins a source map to what a stack trace needs: one mapping where the original file or line
// changes, instead of one per token. `node --enable-source-maps` (npm start) decodes a bundle's
// whole map the first time it formats a stack trace (any logged error) and keeps it for the life
// of the process: for dist/server/main.js (~97 k mappings) that was ~10 MB more V8 heap for good,
// ~2 MB thinned (~21 k mappings). A frame still names the right source file and line; its column
// becomes the column where that line's code starts in the bundle's line, the part of a position a
// stack trace is not read for. Used by scripts/build-server.js on every map it writes.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** One segment's fields (base64 VLQ, each relative to the previous segment's). */
function decodeSegment(text) {
  const fields = [];
  let value = 0;
  let shift = 0;
  for (const ch of text) {
    const digit = BASE64.indexOf(ch);
    if (digit < 0) throw new Error(`not a source map segment: ${JSON.stringify(text)}`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return fields;
}

function encodeField(n) {
  let value = n < 0 ? (-n << 1) | 1 : n << 1;
  let out = '';
  do {
    let digit = value & 31;
    value >>>= 5;
    if (value) digit |= 32;
    out += BASE64[digit];
  } while (value);
  return out;
}

/**
 * Every segment of a map with absolute positions: `[generatedLine, generatedColumn]` for a
 * position mapped to nothing, `[generatedLine, generatedColumn, source, line, column]` otherwise
 * (all zero-based; names dropped).
 */
export function mapSegments(map) {
  const out = [];
  let source = 0;
  let line = 0;
  let column = 0;
  map.mappings.split(';').forEach((text, generatedLine) => {
    let generatedColumn = 0;
    for (const segment of text ? text.split(',') : []) {
      const f = decodeSegment(segment);
      generatedColumn += f[0];
      if (f.length < 4) {
        out.push([generatedLine, generatedColumn]);
        continue;
      }
      source += f[1];
      line += f[2];
      column += f[3];
      out.push([generatedLine, generatedColumn, source, line, column]);
    }
  });
  return out;
}

/** The map with, on each generated line, only the first segment of each run mapping to one source line. */
export function thinSourceMap(map) {
  if (map.version !== 3 || typeof map.mappings !== 'string') throw new Error('not a version 3 source map');
  const lines = [];
  const last = { source: 0, line: 0, column: 0 };
  let previous; // the segment kept last on this generated line
  for (const s of mapSegments(map)) {
    const [generatedLine, generatedColumn, source, line] = s;
    while (lines.length <= generatedLine) {
      lines.push([]);
      previous = undefined;
    }
    // A segment that maps nowhere ends a run (positions after it map to nothing) and is kept.
    if (previous && s.length > 2 && previous.length > 2 && previous[2] === source && previous[3] === line) continue;
    const row = lines[generatedLine];
    const column0 = row.length > 0 ? previous[1] : 0;
    let text = encodeField(generatedColumn - column0);
    if (s.length > 2) {
      text += encodeField(source - last.source) + encodeField(line - last.line) + encodeField(s[4] - last.column);
      last.source = source;
      last.line = line;
      last.column = s[4];
    }
    row.push(text);
    previous = s;
  }
  const { names: _names, ...rest } = map;
  return { ...rest, names: [], mappings: lines.map((row) => row.join(',')).join(';') };
}
