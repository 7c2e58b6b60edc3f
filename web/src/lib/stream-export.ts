import { csvRowCounter } from '../../../src/text/csv.ts';
import { ApiError } from '../api/http.ts';

export interface ExportProgress {
  /** Rows the server said it will send (X-Total-Count), null if it did not say. */
  total: number | null;
  rows: number;
  bytes: number;
}

/**
 * Downloads an export through fetch's body stream, reporting rows and bytes as they arrive (the
 * server sends the row count first). CSV rows are counted as line ends outside quotes, minus the
 * header; JSON has one object per line. The parts become one file at the end.
 */
export async function streamExport(url: string, onProgress: (p: ExportProgress) => void, signal?: AbortSignal): Promise<{ blob: Blob; name: string; rows: number; total: number | null }> {
  const res = await fetch(url, { credentials: 'same-origin', signal, headers: { accept: 'text/csv, application/json' } });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? `the server answered ${res.status}`, body?.error?.details);
  }
  const totalHeader = res.headers.get('x-total-count');
  const total = totalHeader === null ? null : Number(totalHeader);
  const csv = (res.headers.get('content-type') ?? '').includes('csv');
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'snorq-export';
  const countCsv = csvRowCounter();
  const decoder = new TextDecoder();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let lines = 0;
  const reader = res.body.getReader();
  onProgress({ total, rows: 0, bytes: 0 });
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    bytes += value.byteLength;
    const text = decoder.decode(value, { stream: true });
    // CSV: line ends outside quotes, the header's not a row. JSON ("[", then each object after a
    // line end, then "\n]\n"): line ends, as JSON writes those inside texts as \n.
    lines = csv ? countCsv(text) : lines + (text.match(/\n/g)?.length ?? 0);
    const sofar = csv ? lines - 1 : lines;
    onProgress({ total, rows: Math.max(0, total === null ? sofar : Math.min(total, sofar)), bytes });
  }
  const rows = Math.max(0, csv ? lines - 1 : lines - 2);
  return { blob: new Blob(parts as BlobPart[], { type: csv ? 'text/csv;charset=utf-8' : 'application/json' }), name, rows, total };
}
