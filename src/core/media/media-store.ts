import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { z } from 'zod';
import { measuring } from './measure-stream.ts';

/**
 * Where snorq keeps media bytes: files customers sent (downloaded from the platforms) and files
 * agents uploaded to send. MEDIA_STORE picks the store (create-media-store.ts): `disk` (this
 * file, DATA_DIR/media: one machine), `postgres` (postgres-media-store.ts) or `s3`
 * (s3-media-store.ts), the last two shared by every instance. `localPath` is the one disk-only
 * extra, for platforms with an upload API.
 */
export interface MediaMeta {
  mimeType: string;
  filename?: string;
  /** An agent's upload: the organisation that uploaded it, the only one that may attach it to a reply. */
  organizationId?: number;
}

export interface PutResult {
  storageKey: string;
  size: number;
  /** Hex SHA-256 of the bytes, computed while they were written. */
  sha256: string;
}

export interface OpenedMedia extends MediaMeta {
  stream: Readable;
  /** Size of the whole file (not of the range asked for). */
  size: number;
}

/** Inclusive byte range, as HTTP Range speaks it. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface MediaStore {
  /** Stores the bytes; a stream that errors (e.g. a size cap) leaves nothing behind and rejects with its error. */
  put(data: Buffer | Readable, meta: MediaMeta): Promise<PutResult>;
  /** The stored metadata and size without opening the bytes (an object store's HEAD); null when unknown. */
  stat(storageKey: string): Promise<(MediaMeta & { size: number; sha256: string }) | null>;
  /** null when the key is malformed or unknown. */
  open(storageKey: string, range?: ByteRange): Promise<OpenedMedia | null>;
  /** The file's path on this machine, or null (malformed key, or a store that is not on disk). */
  localPath(storageKey: string): string | null;
  /** Agents' uploads (puts made with an organisation) stored before `cutoff`. */
  uploadsBefore(cutoff: Date): Promise<{ storageKey: string; organizationId: number; createdAt: Date }[]>;
  /** Forget a file: its metadata first (the key reads as unknown at once), then its bytes. */
  remove(storageKey: string): Promise<void>;
  /** Shared stores: remove what puts interrupted before `cutoff` (an instance died mid-way) left behind; how many. */
  removeAbandoned?(cutoff: Date): Promise<number>;
}

/**
 * Keys are 128 random bits in lowercase hex, and nothing but a string of exactly that shape ever
 * reaches a path join: no `..`, no slash, no absolute path can get through. Random rather than
 * content-addressed keys, because the metadata (filename, type) belongs to each put, not to the
 * bytes, and a key then reveals nothing about the content.
 */
const KEY_PATTERN = /^[0-9a-f]{32}$/;

export const isStorageKey = (value: unknown): value is string => typeof value === 'string' && KEY_PATTERN.test(value);

const SidecarSchema = z.object({
  mimeType: z.string(),
  filename: z.string().optional(),
  organizationId: z.number().int().optional(),
  size: z.number().int().nonnegative(),
  sha256: z.string(),
  createdAt: z.string(),
});

/**
 * Files live at `<dir>/<first two hex chars>/<key>` (256 fan-out folders keep directories small),
 * with `<key>.json` beside each holding its metadata. A put is written to `<dir>/tmp`, fsynced and
 * renamed in, data first and sidecar last: a sidecar's presence means the file is complete.
 */
export function createDiskMediaStore(dir: string): MediaStore {
  const layout = diskLayout(dir);
  return {
    put: (data, meta) => putOnDisk(layout, data, meta),
    stat: (storageKey) => statOnDisk(layout, storageKey),
    open: (storageKey, range) => openOnDisk(layout, storageKey, range),
    localPath: (storageKey) => (isStorageKey(storageKey) ? layout.dataPath(storageKey) : null),
    uploadsBefore: (cutoff) => uploadsOnDisk(layout, cutoff),
    remove: (storageKey) => removeFromDisk(layout, storageKey),
  };
}

interface DiskLayout {
  root: string;
  tmpDir: string;
  dataPath(key: string): string;
  sidecarPath(key: string): string;
}

function diskLayout(dir: string): DiskLayout {
  const root = path.resolve(dir);
  const dataPath = (key: string) => path.join(root, key.slice(0, 2), key);
  return { root, tmpDir: path.join(root, 'tmp'), dataPath, sidecarPath: (key) => `${dataPath(key)}.json` };
}

async function putOnDisk(layout: DiskLayout, data: Buffer | Readable, meta: MediaMeta): Promise<PutResult> {
  const key = randomBytes(16).toString('hex');
  await fs.mkdir(layout.tmpDir, { recursive: true });
  await fs.mkdir(path.dirname(layout.dataPath(key)), { recursive: true });
  const tmpData = path.join(layout.tmpDir, `${key}.part`);
  const tmpSidecar = path.join(layout.tmpDir, `${key}.json.part`);
  const measured = measuring();
  try {
    const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
    await pipeline(source, measured.through, createWriteStream(tmpData, { flags: 'wx', mode: 0o640 }));
    await syncFile(tmpData);
    const { size, sha256 } = measured.result();
    const sidecar = {
      mimeType: meta.mimeType,
      ...(meta.filename && { filename: meta.filename }),
      ...(meta.organizationId !== undefined && { organizationId: meta.organizationId }),
      size,
      sha256,
      createdAt: new Date().toISOString(),
    };
    await fs.writeFile(tmpSidecar, JSON.stringify(sidecar), { flag: 'wx', mode: 0o640 });
    await syncFile(tmpSidecar);
    await fs.rename(tmpData, layout.dataPath(key));
    await fs.rename(tmpSidecar, layout.sidecarPath(key));
    return { storageKey: key, size, sha256 };
  } catch (err) {
    await Promise.all([fs.rm(tmpData, { force: true }), fs.rm(tmpSidecar, { force: true }), fs.rm(layout.dataPath(key), { force: true })]);
    throw err;
  }
}

async function readSidecar(layout: DiskLayout, storageKey: string): Promise<z.infer<typeof SidecarSchema> | null> {
  if (!isStorageKey(storageKey)) return null;
  let raw: string;
  try {
    raw = await fs.readFile(layout.sidecarPath(storageKey), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return SidecarSchema.parse(JSON.parse(raw));
}

async function statOnDisk(layout: DiskLayout, storageKey: string) {
  const meta = await readSidecar(layout, storageKey);
  if (!meta) return null;
  return {
    mimeType: meta.mimeType,
    ...(meta.filename !== undefined && { filename: meta.filename }),
    ...(meta.organizationId !== undefined && { organizationId: meta.organizationId }),
    size: meta.size,
    sha256: meta.sha256,
  };
}

async function openOnDisk(layout: DiskLayout, storageKey: string, range?: ByteRange): Promise<OpenedMedia | null> {
  const meta = await readSidecar(layout, storageKey);
  if (!meta) return null;
  const handle = await fs.open(layout.dataPath(storageKey), 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!handle) return null;
  const { size } = await handle.stat();
  // The handle is opened before the stream exists, so a missing file is a null here, not a stream error later.
  const stream = handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  return { stream, size, mimeType: meta.mimeType, ...(meta.filename !== undefined && { filename: meta.filename }) };
}

async function uploadsOnDisk(layout: DiskLayout, cutoff: Date) {
  const found: { storageKey: string; organizationId: number; createdAt: Date }[] = [];
  const folders = await fs.readdir(layout.root).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
  for (const folder of folders.filter((f) => /^[0-9a-f]{2}$/.test(f))) {
    for (const name of await fs.readdir(path.join(layout.root, folder))) {
      const key = name.endsWith('.json') ? name.slice(0, -5) : '';
      if (!isStorageKey(key)) continue;
      const meta = await readSidecar(layout, key).catch(() => null);
      const createdAt = meta ? new Date(meta.createdAt) : null;
      if (meta?.organizationId !== undefined && createdAt && createdAt < cutoff) found.push({ storageKey: key, organizationId: meta.organizationId, createdAt });
    }
  }
  return found;
}

async function removeFromDisk(layout: DiskLayout, storageKey: string): Promise<void> {
  if (!isStorageKey(storageKey)) return;
  await fs.rm(layout.sidecarPath(storageKey), { force: true });
  await fs.rm(layout.dataPath(storageKey), { force: true });
}

/** Flush a file to disk: a message marked "stored" must not point at bytes lost in a power cut. */
async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
