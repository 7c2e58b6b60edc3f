import type { Db } from '../../db/database.ts';
import type { MediaMeta } from './media-store.ts';

/**
 * The metadata of files in the shared stores (postgres, s3): one `media_objects` row per file
 * (migration 0012), so every instance knows every file, and the upload sweep asks the database
 * instead of listing a bucket. A row is written before the bytes and completed after them: an
 * incomplete row reads as unknown, and one a crash left behind is removed by `abandonedBefore`.
 */
export interface StoredObject extends MediaMeta {
  size: number;
  sha256: string;
}

export function mediaObjectRows(db: Db) {
  return {
    async begin(storageKey: string, meta: MediaMeta): Promise<void> {
      await db
        .insertInto('media_objects')
        .values({ storage_key: storageKey, mime_type: meta.mimeType, filename: meta.filename ?? null, organization_id: meta.organizationId ?? null })
        .execute();
    },

    async complete(storageKey: string, size: number, sha256: string): Promise<void> {
      await db.updateTable('media_objects').set({ size, sha256, completed_at: new Date() }).where('storage_key', '=', storageKey).execute();
    },

    async find(storageKey: string): Promise<StoredObject | null> {
      const row = await db
        .selectFrom('media_objects')
        .select(['mime_type', 'filename', 'organization_id', 'size', 'sha256'])
        .where('storage_key', '=', storageKey)
        .where('completed_at', 'is not', null)
        .executeTakeFirst();
      if (!row || row.size === null || row.sha256 === null) return null;
      return {
        mimeType: row.mime_type,
        ...(row.filename !== null && { filename: row.filename }),
        ...(row.organization_id !== null && { organizationId: row.organization_id }),
        size: row.size,
        sha256: row.sha256,
      };
    },

    async uploadsBefore(cutoff: Date): Promise<{ storageKey: string; organizationId: number; createdAt: Date }[]> {
      const rows = await db
        .selectFrom('media_objects')
        .select(['storage_key', 'organization_id', 'created_at'])
        .where('organization_id', 'is not', null)
        .where('created_at', '<', cutoff)
        .where('completed_at', 'is not', null)
        .execute();
      return rows.map((r) => ({ storageKey: r.storage_key, organizationId: r.organization_id!, createdAt: r.created_at }));
    },

    /** Puts started before `cutoff` and never completed (the instance died mid-way). */
    async abandonedBefore(cutoff: Date): Promise<string[]> {
      const rows = await db.selectFrom('media_objects').select('storage_key').where('completed_at', 'is', null).where('created_at', '<', cutoff).execute();
      return rows.map((r) => r.storage_key);
    },

    /** Deletes the row (and, through the foreign key, the postgres store's chunks). */
    async forget(storageKey: string): Promise<void> {
      await db.deleteFrom('media_objects').where('storage_key', '=', storageKey).execute();
    },
  };
}

export type MediaObjectRows = ReturnType<typeof mediaObjectRows>;
