import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { Readable, Transform } from 'node:stream';
import type { z } from 'zod';
import { withErrors } from '../../contract/errors.ts';
import { AttachmentParams, FileBytes, MediaKeyParams, RangeNotSatisfiable, SignedQuery, UploadQuery, UploadResult } from '../../contract/media.ts';
import { AppError, notFound } from '../../core/errors/app-error.ts';
import { safeFilename } from '../../core/media/media-metadata.ts';
import { createMediaServices, type MediaServices } from '../../core/media/media-services.ts';
import { isStorageKey, type ByteRange, type MediaStore } from '../../core/media/media-store.ts';
import { mediaResponseHeaders } from '../../core/media/serving-policy.ts';
import { storeVoiceNoteAsWav } from '../../core/media/store-voice-note-wav.ts';
import { attachmentName, classifyUpload, megabytes, REMUXED, SNIFF_BYTES, UPLOAD_MAX_BYTES, type UploadVerdict } from '../../core/media/upload-policy.ts';
import { MediaFormatError, webmToOgg } from '../../core/media/webm-to-ogg.ts';

/**
 * Media over HTTP. `mediaRoutes` is public but signed (platforms fetch outbound attachments from
 * it); `attachmentRoutes` needs a session (the inbox shows stored media and uploads new files).
 * Both take the store and signer as options, or build them from the app's configuration.
 */
export interface MediaRouteOptions {
  services?: MediaServices;
}

/** What a stored file answers: the bytes, a byte range of them, or 416 for a range outside the file. */
const FILE_RESPONSES = withErrors({ 200: FileBytes, 206: FileBytes, 416: RangeNotSatisfiable });

/** `GET /media/:key[/:filename]?exp=&sig=`: 404 for a malformed or unknown key, 403 for a bad or expired signature. */
export async function mediaRoutes(plain: FastifyInstance, opts: MediaRouteOptions): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { store, signer } = opts.services ?? (await createMediaServices(app.ctx.config, app.ctx.db));
  const schema = { tags: ['media'], summary: 'A stored file, through a signed and expiring link', params: MediaKeyParams, querystring: SignedQuery, produces: ['*/*'], response: FILE_RESPONSES };
  const handler = async (req: { params: z.infer<typeof MediaKeyParams>; query: z.infer<typeof SignedQuery>; headers: { range?: string } }, reply: FastifyReply) => {
    // The key's shape is checked before anything else: nothing else can reach the file system.
    if (!isStorageKey(req.params.key)) throw notFound('media');
    const verdict = signer.verify(req.params.key, req.query.exp, req.query.sig);
    if (verdict !== 'ok')
      throw new AppError('FORBIDDEN', verdict === 'expired' ? 'this media link has expired' : 'this media link is not valid', verdict === 'expired' ? { reason: 'MEDIA_LINK_EXPIRED' } : undefined);
    return sendStored(reply, store, req.params.key, req.headers.range);
  };
  app.get('/media/:key', { schema }, handler);
  app.get('/media/:key/:name', { schema: { ...schema, hide: true } }, handler);
}

/** `GET /api/v1/messages/:id/media/:index` and `POST /api/v1/uploads`, for the authenticated scope. */
export async function attachmentRoutes(plain: FastifyInstance, opts: MediaRouteOptions): Promise<void> {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  const { store } = opts.services ?? (await createMediaServices(app.ctx.config, app.ctx.db));
  // One file per request. busboy's own cap sits one byte above snorq's, so the per-type check
  // below is what normally speaks; `truncated` catches the rest.
  await app.register(multipart, { limits: { files: 1, fileSize: UPLOAD_MAX_BYTES + 1, fields: 10, fieldSize: 1024, parts: 12, headerPairs: 100 } });

  app.get(
    '/api/v1/messages/:id/media/:index',
    {
      schema: {
        tags: ['media'],
        summary: 'A stored attachment of a message of the caller’s organisation',
        params: AttachmentParams,
        produces: ['*/*'],
        response: FILE_RESPONSES,
      },
    },
    async (req, reply) => {
      const message = await app.ctx.db.selectFrom('messages').select('media').where('id', '=', req.params.id).where('organization_id', '=', req.principal.organizationId).executeTakeFirst();
      // Another organisation's message is "not found", like one that does not exist.
      if (!message) throw notFound('message');
      const item = message.media[req.params.index];
      if (!item) throw notFound('attachment');
      if (item.state !== 'stored' || !item.storageKey) {
        throw new AppError('NOT_FOUND', item.state === 'failed' ? (item.error ?? 'this attachment could not be downloaded') : 'this attachment has not been downloaded yet');
      }
      return sendStored(reply, store, item.storageKey, req.headers.range, item.filename);
    },
  );

  app.post(
    '/api/v1/uploads',
    {
      schema: {
        tags: ['media'],
        summary: 'Upload one file to attach to a message (multipart/form-data)',
        consumes: ['multipart/form-data'],
        querystring: UploadQuery,
        response: withErrors({ 201: UploadResult }),
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the file as multipart/form-data, in one part named "file"');
      const part = await req.file().catch((err: unknown) => {
        throw unreadableForm(err);
      });
      if (!part) throw new AppError('BAD_REQUEST', 'the form holds no file: send it in a part named "file"');
      const given = safeFilename(part.filename);
      const head = await readHead(part.file, SNIFF_BYTES).catch((err: unknown) => {
        throw unreadableForm(err);
      });
      if (head.length === 0) {
        part.file.resume();
        throw new AppError('BAD_REQUEST', 'the file is empty');
      }
      const verdict = classifyUpload(head, part.mimetype, given);
      const refusal = !verdict.ok ? verdict.reason : req.query.as && verdict.mimeType !== 'audio/webm' ? 'only a voice recording (WebM/Opus) can be stored as WAV' : null;
      if (refusal !== null || !verdict.ok) {
        // Drain, not destroy: busboy must read the request to its end for the answer to go out cleanly.
        part.file.resume();
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', refusal ?? 'unsupported file');
      }
      // A browser's WebM voice recording is stored as Ogg/Opus (upload-policy.ts REMUXED), or decoded to WAV when asked.
      const stored = REMUXED[verdict.mimeType] ?? verdict.mimeType;
      const mimeType = req.query.as ?? stored;
      const filename = attachmentName(given, mimeType);
      const meta = { mimeType: stored, organizationId: req.principal.organizationId, ...(filename && { filename }) };
      const bytes = capped(part.file, head, verdict);
      const remux = stored === verdict.mimeType ? null : remuxed(bytes);
      const put = await store.put(remux ?? bytes, meta).catch((err: unknown) => {
        if (err instanceof MediaFormatError) throw new AppError('UNSUPPORTED_MEDIA_TYPE', err.message);
        // The form ended before the file did: the client's request, not our disk.
        throw part.file.errored ? unreadableForm(part.file.errored) : err;
      });
      const kept = remux && req.query.as ? await storeVoiceNoteAsWav(store, put, remux.summary().durationMs, { ...meta, mimeType }) : put;
      const upload = { storageKey: kept.storageKey, type: verdict.kind, mimeType, size: kept.size, ...(filename && { filename }) };
      return reply.status(201).send({ upload });
    },
  );
}

/**
 * busboy reports a form it cannot read (no boundary, a malformed part header) as a plain Error:
 * that is the client's mistake, a 400, not a 500. @fastify/multipart's own errors (too many
 * parts, too large) carry their status and pass through.
 */
function unreadableForm(err: unknown): unknown {
  if (err instanceof AppError || !(err instanceof Error) || 'statusCode' in err) return err;
  return new AppError('BAD_REQUEST', `the multipart form cannot be read: ${err.message.replace(/^Multipart: /, '')}`);
}

/** Reads up to `n` bytes from the start of a stream without consuming them for later readers (they are unshifted back). */
async function readHead(stream: Readable, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < n && !stream.readableEnded) {
    // busboy fails a part cut short (the form ended early) on its stream, possibly before we
    // listen: an errored or destroyed stream would otherwise leave this waiting forever.
    if (stream.errored) throw stream.errored;
    if (stream.destroyed) throw new AppError('BAD_REQUEST', 'the upload ended before the file did');
    const chunk = stream.read() as Buffer | null;
    if (chunk) {
      chunks.push(chunk);
      length += chunk.length;
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        stream.off('readable', settle).off('end', settle).off('error', settle).off('close', settle);
        if (err) reject(err);
        else resolve();
      };
      stream.on('readable', settle).on('end', settle).on('error', settle).on('close', settle);
    });
  }
  const head = Buffer.concat(chunks);
  if (head.length > 0 && !stream.readableEnded) stream.unshift(head);
  return head;
}

/**
 * The upload's bytes, counted against the type's cap (413). Piped rather than pipelined: on a
 * refusal the rest of the part is drained, so busboy reads the request to its end instead of
 * stalling on a destroyed stream.
 */
function capped(file: Readable & { truncated?: boolean }, head: Buffer, verdict: Extract<UploadVerdict, { ok: true }>): Readable {
  if (file.readableEnded) return Readable.from([head]);
  let seen = 0;
  const tooLarge = () => {
    const what = verdict.kind === 'file' ? 'Documents' : `${verdict.kind[0]!.toUpperCase()}${verdict.kind.slice(1)}s`;
    return new AppError('PAYLOAD_TOO_LARGE', `${what} may be at most ${megabytes(verdict.maxBytes)}.`);
  };
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > verdict.maxBytes ? tooLarge() : null, chunk);
    },
    // busboy stops passing bytes at its own cap and marks the part truncated.
    flush: (done) => done(file.truncated ? tooLarge() : null),
  });
  file.on('error', (err) => limit.destroy(err));
  limit.on('error', () => {
    file.unpipe(limit);
    file.resume();
  });
  return file.pipe(limit);
}

/**
 * The upload remuxed from WebM to Ogg as it passes. A refusal of either (too large, not a voice
 * recording) fails the other, and the rest of the part is drained as `capped` does.
 */
function remuxed(bytes: Readable): ReturnType<typeof webmToOgg> {
  const remux = webmToOgg();
  bytes.on('error', (err) => remux.destroy(err));
  remux.on('error', () => {
    bytes.unpipe(remux);
    bytes.resume();
  });
  return bytes.pipe(remux);
}

/** Streams a stored file with the safe headers of serving-policy.ts; one byte range when asked (video seeking). */
async function sendStored(reply: FastifyReply, store: MediaStore, key: string, rangeHeader: string | undefined, filename?: string) {
  const opened = await store.open(key);
  if (!opened) throw notFound('media');
  const headers = {
    ...mediaResponseHeaders({ mimeType: opened.mimeType, filename: filename ?? opened.filename }),
    'accept-ranges': 'bytes',
    'cache-control': 'private, max-age=3600',
  };
  const range = parseRange(rangeHeader, opened.size);
  if (range === 'unsatisfiable') {
    opened.stream.destroy();
    return reply
      .status(416)
      .headers({ ...headers, 'content-range': `bytes */${opened.size}` })
      .send();
  }
  if (range) {
    opened.stream.destroy();
    const part = await store.open(key, range);
    if (!part) throw notFound('media');
    const length = range.end - range.start + 1;
    return reply
      .status(206)
      .headers({ ...headers, 'content-range': `bytes ${range.start}-${range.end}/${opened.size}`, 'content-length': String(length) })
      .send(part.stream);
  }
  return reply.headers({ ...headers, 'content-length': String(opened.size) }).send(opened.stream);
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n` range; anything else is ignored (the whole file is sent). */
function parseRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
