import path from 'node:path';
import type { Config } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { createDiskMediaStore, type MediaStore } from './media-store.ts';
import { createPostgresMediaStore } from './postgres-media-store.ts';
import { createS3Client, createS3MediaStore } from './s3-media-store.ts';

/**
 * The store MEDIA_STORE names. `disk` keeps files in DATA_DIR/media, on this machine only;
 * several instances on several machines need `postgres` or `s3`, which every instance reads.
 */
export function createMediaStore(config: Config, db?: Db): MediaStore {
  if (config.MEDIA_STORE === 'disk') return createDiskMediaStore(path.join(config.dataDir, 'media'));
  if (!db) throw new Error(`MEDIA_STORE=${config.MEDIA_STORE} keeps media metadata in the database: pass it`);
  if (config.MEDIA_STORE === 'postgres') return createPostgresMediaStore(db);
  const bucket = config.S3_BUCKET;
  if (!bucket) throw new Error('MEDIA_STORE=s3 needs S3_BUCKET');
  const credentials = config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined;
  const client = createS3Client({
    bucket,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    ...(config.S3_ENDPOINT && { endpoint: config.S3_ENDPOINT }),
    ...(credentials && { credentials }),
  });
  // Created on first use (the SDK loads lazily); a failure surfaces there, not as an unhandled rejection now.
  client.catch(() => undefined);
  return createS3MediaStore(db, { client, bucket });
}
