import { z } from 'zod';

/**
 * A file's bytes (media, attachments, avatars), sent with their own type, not JSON: the server
 * streams them (fastify never serialises a stream), so the schema only documents them.
 */
export const FileBytes = z.unknown().meta({ type: 'string', format: 'binary', description: 'the file, with its own Content-Type' });
/** 416: the requested range lies outside the file. */
export const RangeNotSatisfiable = z.null().describe('the requested range lies outside the file (Content-Range names its size)');

export const MediaKeyParams = z.object({ key: z.string(), name: z.string().optional() });
export const SignedQuery = z.object({ exp: z.string().optional(), sig: z.string().optional() });
export const AttachmentParams = z.object({ id: z.coerce.number().int().positive(), index: z.coerce.number().int().min(0).max(1000) });

/** An uploaded file, ready to be named in a reply's `media`. */
export const UploadSchema = z.object({
  storageKey: z.string(),
  type: z.enum(['image', 'video', 'audio', 'file']),
  mimeType: z.string(),
  size: z.number().int(),
  filename: z.string().optional(),
});
export type Upload = z.infer<typeof UploadSchema>;
export const UploadResult = z.object({ upload: UploadSchema });
/** `as=audio/wav`: a voice recording (WebM/Opus) is stored as WAV instead of Ogg/Opus, for a platform that takes no Ogg (`capabilities.voiceNoteType`). */
export const UploadQuery = z.object({ as: z.enum(['audio/wav']).optional() });
