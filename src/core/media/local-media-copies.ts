import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isStorageKey, type MediaStore } from './media-store.ts';

/**
 * Files of a shared store (postgres, s3) copied to this machine for the platforms whose send API
 * takes the bytes (WhatsApp /media, TikTok images): their adapters read a local path. A copy is
 * written beside its final name and renamed in (a half-written copy is never used), reused while
 * it lasts (keys never change content), and removed by the upload sweep a day later.
 */
export function createLocalMediaCopies(dir: string) {
  const root = path.resolve(dir);
  return {
    async pathOf(store: MediaStore, storageKey: string): Promise<string | null> {
      if (!isStorageKey(storageKey)) return null;
      const file = path.join(root, storageKey);
      if (
        await fs.stat(file).then(
          () => true,
          () => false,
        )
      )
        return file;
      const opened = await store.open(storageKey);
      if (!opened) return null;
      await fs.mkdir(root, { recursive: true });
      const part = `${file}.${randomBytes(4).toString('hex')}.part`;
      try {
        await pipeline(opened.stream, createWriteStream(part, { flags: 'wx', mode: 0o640 }));
        await fs.rename(part, file);
      } catch (err) {
        await fs.rm(part, { force: true });
        throw err;
      }
      return file;
    },

    /** Remove copies (and interrupted ones) last written before `cutoff`; how many. */
    async prune(cutoff: Date): Promise<number> {
      const names = await fs.readdir(root).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? [] : Promise.reject(err)));
      let removed = 0;
      for (const name of names) {
        const file = path.join(root, name);
        const info = await fs.stat(file).catch(() => null);
        if (info?.isFile() && info.mtime < cutoff) {
          await fs.rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}

export type LocalMediaCopies = ReturnType<typeof createLocalMediaCopies>;
