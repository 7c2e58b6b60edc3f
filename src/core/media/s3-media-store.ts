import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Db } from '../../db/database.ts';
import { measuring } from './measure-stream.ts';
import { mediaObjectRows } from './media-object-rows.ts';
import { isStorageKey, type ByteRange, type MediaMeta, type MediaStore, type OpenedMedia, type PutResult } from './media-store.ts';

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  /** Absent: the SDK's default chain (environment, instance role, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Multipart part size: S3's minimum, so an upload in flight holds at most `QUEUE` of these in memory. */
const PART_BYTES = 5 * 1024 * 1024;
const QUEUE = 2;

/**
 * The AWS SDK is loaded on first use: it is about as much code to load as the rest of snorq's
 * dependencies together, and most instances keep media on disk or in PostgreSQL (bench: restarts).
 */
const sdk = () => import('@aws-sdk/client-s3');

export async function createS3Client(s: S3Settings): Promise<S3Client> {
  const { S3Client } = await sdk();
  return new S3Client({
    region: s.region,
    ...(s.endpoint && { endpoint: s.endpoint }),
    forcePathStyle: s.forcePathStyle,
    ...(s.credentials && { credentials: s.credentials }),
    // Checksums only where S3 requires them: the newer default (CRC32 trailers on aws-chunked
    // bodies) is not spoken by every S3-compatible service, and SigV4 already covers the payload.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * MEDIA_STORE=s3: the bytes in a bucket of any S3-compatible service (through the official AWS
 * SDK), the metadata in `media_objects` (migration 0012), which is what makes a key known: every
 * instance finds every file, and the upload sweep asks the database instead of listing the
 * bucket. Bytes stream in as a multipart upload (5 MiB parts) and out as the object's body, with
 * HTTP ranges passed through to S3.
 */
export function createS3MediaStore(db: Db, s3: { client: S3Client | Promise<S3Client>; bucket: string }): MediaStore {
  const rows = mediaObjectRows(db);
  const objectKey = (storageKey: string) => `media/${storageKey}`;

  async function deleteObject(storageKey: string): Promise<void> {
    const { DeleteObjectCommand } = await sdk();
    await (await s3.client).send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: objectKey(storageKey) }));
  }

  async function put(data: Buffer | Readable, meta: MediaMeta): Promise<PutResult> {
    const key = randomBytes(16).toString('hex');
    await rows.begin(key, meta);
    const measure = measuring();
    const source = Buffer.isBuffer(data) ? Readable.from([data]) : data;
    // A source that fails (a size cap, a cut connection) fails the upload through the pass-through.
    source.on('error', (err) => measure.through.destroy(err));
    const body = source.pipe(measure.through);
    try {
      const { Upload } = await import('@aws-sdk/lib-storage');
      const upload = new Upload({
        client: await s3.client,
        params: { Bucket: s3.bucket, Key: objectKey(key), Body: body, ContentType: meta.mimeType },
        partSize: PART_BYTES,
        queueSize: QUEUE,
        leavePartsOnError: false,
      });
      await upload.done();
      const { size, sha256 } = measure.result();
      await rows.complete(key, size, sha256);
      return { storageKey: key, size, sha256 };
    } catch (err) {
      await rows.forget(key).catch(() => undefined);
      await deleteObject(key).catch(() => undefined);
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
    if (size === 0) return { stream: Readable.from([]), size, ...meta };
    const { GetObjectCommand, S3ServiceException } = await sdk();
    try {
      const res = await (await s3.client).send(new GetObjectCommand({ Bucket: s3.bucket, Key: objectKey(storageKey), ...(range && { Range: `bytes=${range.start}-${range.end}` }) }));
      if (!(res.Body instanceof Readable)) throw new Error('the S3 client returned a body that is not a Node stream');
      return { stream: res.Body, size, ...meta };
    } catch (err) {
      // Known to the database but gone from the bucket (removed behind snorq's back): unknown.
      if (err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404)) return null;
      throw err;
    }
  }

  async function remove(storageKey: string): Promise<void> {
    if (!isStorageKey(storageKey)) return;
    await rows.forget(storageKey);
    await deleteObject(storageKey);
  }

  async function removeAbandoned(cutoff: Date): Promise<number> {
    const keys = await rows.abandonedBefore(cutoff);
    for (const key of keys) await remove(key);
    return keys.length;
  }

  return { put, stat, open, localPath: () => null, uploadsBefore: (cutoff) => rows.uploadsBefore(cutoff), remove, removeAbandoned };
}
