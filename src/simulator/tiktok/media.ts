import type { FastifyReply } from 'fastify';
import type { SimContext } from '../context.ts';
import { tiktokDownloadUrl } from './cdn.ts';
import { graphNumericId } from '../ids.ts';
import type { MultipartBody } from '../server.ts';
import type { SimAccount } from '../types.ts';
import { envelope, okEnvelope } from './envelope.ts';

/**
 * Media (FACTS 6.3, 6.5): upload `POST …/business/message/media/upload/` (multipart business_id,
 * media_type=IMAGE, file; JPG/PNG ≤ 3 MB) → `data.media_id`; download
 * `POST …/business/message/media/download/` → `data.download_url`, fetched with `x-user: <token>`.
 */
export function uploadTikTokMedia(ctx: SimContext, reply: FastifyReply, account: SimAccount, body: unknown): FastifyReply {
  if (!body || typeof body !== 'object' || !('files' in body)) return envelope(reply, 40002, 'file: Missing data for required field.');
  const form = body as MultipartBody;
  if (form.fields.media_type !== 'IMAGE') return envelope(reply, 40002, 'media_type: Must be one of: IMAGE.');
  const file = form.files.find((f) => f.field === 'file');
  if (!file || file.bytes.length === 0) return envelope(reply, 40002, 'file: Missing data for required field.');
  const png = file.bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  const jpeg = file.bytes[0] === 0xff && file.bytes[1] === 0xd8;
  if (!png && !jpeg) return envelope(reply, 40002, 'file: Only JPG and PNG images are supported.');
  if (file.bytes.length > 3 << 20) return envelope(reply, 40002, 'file: Image size must not exceed 3MB.');
  const media = ctx.media.add({
    id: `v10044g50000${graphNumericId()}`,
    platform: 'tiktok',
    accountId: account.accountId,
    bytes: file.bytes,
    mimeType: png ? 'image/png' : 'image/jpeg',
    filename: file.filename,
    createdAt: ctx.now(),
  });
  return okEnvelope(reply, { media_id: media.id });
}

export function downloadTikTokMedia(ctx: SimContext, reply: FastifyReply, account: SimAccount, body: Record<string, unknown>): FastifyReply {
  const mediaId = typeof body.media_id === 'string' ? body.media_id : undefined;
  if (!mediaId) return envelope(reply, 40002, 'media_id: Missing data for required field.');
  if (typeof body.conversation_id !== 'string') return envelope(reply, 40002, 'conversation_id: Missing data for required field.');
  if (typeof body.message_id !== 'string') return envelope(reply, 40002, 'message_id: Missing data for required field.');
  const media = ctx.media.byId(mediaId);
  if (!media || media.platform !== 'tiktok' || media.accountId !== account.accountId) return envelope(reply, 40007, `Media ${mediaId} not found.`);
  return okEnvelope(reply, { download_url: tiktokDownloadUrl(ctx, media) });
}
