import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Db } from '../../db/database.ts';
import { mediaObjectRows } from './media-object-rows.ts';
import { isStorageKey, type ByteRange, type MediaMeta, type MediaStore, type OpenedMedia, type PutResult } from './media-store.ts';

/** Bytes per `media_chunks` row: every chunk but a file's last is exactly this long, so a byte offset names its chunk. */
export const CHUNK_BYTES = 256 * 1024;
/** Chunks read per query while streaming out (1 MiB): few round trips, little memory. */
const CHUNKS_PER_READ = 4;

/**
 * MEDIA_STORE=postgres: the files in the database itself (migration 0012), so every instance on
 * it reads every file with no other service. Bytes go in as they arrive, one 256 KiB chunk per
 * row, and come out as a stream that reads a few chunks at a time, only when the reader wants
 * more: neither way holds a whole file in memory. Each chunk is its own statement (no long
 * transaction pins a connection during a slow upload); the metadata row is completed last, so a
 * file is visible only once all of it is stored.
 */
export function createPostgresMediaStore(db: Db): MediaStore {
  const rows = mediaObjectRows(db);

  async function put(data: Buffer | Readable, meta: MediaMeta): Promise<PutResult> {
    const key = randomBytes(16).toString('hex');
    await rows.begin(key, meta);
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const write = (chunk: Buffer) => db.insertInto('media_chunks').values({ storage_key: key, seq: seq++, data: chunk }).execute();
    try {
      const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
      for await (const piece of source as AsyncIterable<Buffer | string>) {
        const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
        hash.update(chunk);
        size += chunk.length;
        pending.push(chunk);
        pendingBytes += chunk.length;
        while (pendingBytes >= CHUNK_BYTES) {
          const joined = Buffer.concat(pending);
          await write(joined.subarray(0, CHUNK_BYTES));
          const rest = joined.subarray(CHUNK_BYTES);
          pending = rest.length ? [rest] : [];
          pendingBytes = rest.length;
        }
      }
      if (pendingBytes > 0) await write(Buffer.concat(pending));
      const sha256 = hash.digest('hex');
      await rows.complete(key, size, sha256);
      return { storageKey: key, size, sha256 };
    } catch (err) {
      // The chunks go with the row (foreign key); a failure here leaves an incomplete row the sweep removes.
      await rows.forget(key).catch(() => undefined);
      throw err;
    }
  }

  async function stat(storageKey: string) {
    return isStorageKey(storageKey) ? rows.find(storageKey) : null;
  }

  async function open(storageKey: string, range?: ByteRange): Promise<OpenedMedia | null> {
    const found = await stat(storageKey);
    if (!found) return null;
    const { size, sha256: _sha256, organizationId: _org, ...meta } = found;
    const start = range?.start ?? 0;
    const end = range?.end ?? size - 1;
    const stream = size === 0 || end < start ? Readable.from([]) : Readable.from(readChunks(db, storageKey, start, end));
    return { stream, size, ...meta };
  }

  async function removeAbandoned(cutoff: Date): Promise<number> {
    const keys = await rows.abandonedBefore(cutoff);
    for (const key of keys) await rows.forget(key);
    return keys.length;
  }

  return {
    put,
    stat,
    open,
    localPath: () => null,
    uploadsBefore: (cutoff) => rows.uploadsBefore(cutoff),
    remove: async (storageKey) => {
      if (isStorageKey(storageKey)) await rows.forget(storageKey);
    },
    removeAbandoned,
  };
}

/** The bytes `start`..`end` (inclusive), a few chunks per query, pulled as the reader asks. */
async function* readChunks(db: Db, storageKey: string, start: number, end: number): AsyncGenerator<Buffer> {
  const first = Math.floor(start / CHUNK_BYTES);
  const last = Math.floor(end / CHUNK_BYTES);
  for (let from = first; from <= last; from += CHUNKS_PER_READ) {
    const to = Math.min(last, from + CHUNKS_PER_READ - 1);
    const chunks = await db.selectFrom('media_chunks').select(['seq', 'data']).where('storage_key', '=', storageKey).where('seq', '>=', from).where('seq', '<=', to).orderBy('seq').execute();
    // The file was removed while it was being read: end with an error, never with silently short bytes.
    if (chunks.length !== to - from + 1) throw new Error(`media ${storageKey} lost chunks while being read`);
    for (const { seq, data } of chunks) {
      const offset = seq * CHUNK_BYTES;
      yield data.subarray(Math.max(0, start - offset), Math.min(data.length, end - offset + 1));
    }
  }
}
