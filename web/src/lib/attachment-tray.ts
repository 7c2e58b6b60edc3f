import type { AttachmentLimits } from '../../../src/contract/platforms.ts';
import { MIME_ALIASES } from '../../../src/text/mime-aliases.ts';

/**
 * The composer's attachments, as pure decisions: whether a file may go to this platform (its
 * types and size caps from `GET /api/v1/platforms` `capabilities.attachments`, checked before
 * anything is uploaded; the server checks the same again), and what a reply's `attachments`
 * are. The hook (use-attachment.ts) keeps the state and uploads.
 */

export type AttachmentKind = AttachmentLimits['kinds'][number]['kind'];

/** What the composer knows of a file before uploading it. */
export interface FileFacts {
  name: string;
  /** The browser's type; '' when it does not know one. */
  type: string;
  size: number;
}

export type FileVerdict =
  | { ok: true; kind: AttachmentKind; mimeType: string; maxBytes: number }
  | { ok: false; problem: 'type'; mimeType: string; accepted: string[] }
  | { ok: false; problem: 'size'; kind: AttachmentKind; mimeType: string; maxBytes: number }
  | { ok: false; problem: 'count'; max: number };

/** The file's type as snorq names it: the browser's (its usual aliases folded), else by its extension among the platform's types. */
export function mimeTypeOf(limits: AttachmentLimits, file: Pick<FileFacts, 'name' | 'type'>): string {
  const declared = file.type.split(';')[0]!.trim().toLowerCase();
  const named = MIME_ALIASES[declared] ?? declared;
  if (named && named !== 'application/octet-stream') return named;
  const dot = file.name.lastIndexOf('.');
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : '';
  const byExt = ext ? limits.kinds.flatMap((k) => k.types).find((t) => t.extensions.includes(ext)) : undefined;
  return byExt?.mimeType ?? (named || 'application/octet-stream');
}

/** Whether one more file may join a reply that already holds `count`: its type, its size, the reply's count. */
export function checkFile(limits: AttachmentLimits, file: FileFacts, count: number): FileVerdict {
  if (count >= limits.perReply) return { ok: false, problem: 'count', max: limits.perReply };
  const mimeType = mimeTypeOf(limits, file);
  const kind = limits.kinds.find((k) => k.types.some((t) => t.mimeType === mimeType));
  if (!kind) return { ok: false, problem: 'type', mimeType, accepted: limits.kinds.flatMap((k) => k.types.map((t) => t.mimeType)) };
  if (file.size > kind.maxBytes) return { ok: false, problem: 'size', kind: kind.kind, mimeType, maxBytes: kind.maxBytes };
  return { ok: true, kind: kind.kind, mimeType, maxBytes: kind.maxBytes };
}

/** The file picker's `accept`: every type and extension the platform takes. */
export function acceptList(limits: AttachmentLimits): string {
  return limits.kinds.flatMap((k) => k.types.flatMap((t) => [t.mimeType, ...t.extensions])).join(',');
}

/** Whether an attachment of this kind can carry its own caption on the platform. */
export const takesCaption = (limits: AttachmentLimits, kind: AttachmentKind): boolean => limits.caption?.kinds.includes(kind) ?? false;

/** A short label of a type for people ("JPEG", "PDF", "MP4"). */
export function typeLabel(mimeType: string): string {
  const known: Record<string, string> = {
    'image/jpeg': 'JPEG',
    'audio/mpeg': 'MP3',
    'audio/mp4': 'M4A',
    'application/msword': 'DOC',
    'application/vnd.ms-excel': 'XLS',
    'application/vnd.ms-powerpoint': 'PPT',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
    'text/plain': 'TXT',
  };
  return known[mimeType] ?? (mimeType.split('/')[1] ?? mimeType).toUpperCase();
}

/** One item of the tray. `refused` never uploads; `error` is an upload the server refused. */
export type TrayItem = {
  id: number;
  name: string;
  size: number;
  mimeType: string;
  /** An object URL of an image, for its thumbnail. */
  previewUrl?: string;
  caption: string;
} & (
  | { status: 'refused'; verdict: Exclude<FileVerdict, { ok: true }> }
  | { status: 'uploading'; kind: AttachmentKind }
  | { status: 'ready'; kind: AttachmentKind; upload: { storageKey: string; type: AttachmentKind; mimeType: string; size: number; filename?: string } }
  | { status: 'error'; kind: AttachmentKind; error: string }
);

/** The tray can be sent when nothing is uploading and nothing in it is refused or failed (each must be removed first: nothing goes silently missing). */
export const trayBlocksSend = (items: readonly TrayItem[]): boolean => items.some((i) => i.status !== 'ready');

/** The reply's `attachments`, in the tray's order, with the captions typed (only where the platform takes one). */
export function replyAttachments(items: readonly TrayItem[], limits: AttachmentLimits | undefined) {
  return items.flatMap((i) => (i.status === 'ready' ? [{ ...i.upload, ...(limits && takesCaption(limits, i.upload.type) && i.caption.trim() ? { caption: i.caption.trim() } : {}) }] : []));
}

/** A file's size in the reader's number format ("820 KB", "6.2 MB", "5 MB"); the units are the same in every language. */
export function formatBytes(n: number, number: (value: number, options?: Intl.NumberFormatOptions) => string): string {
  if (n < 1024) return `${number(n)} B`;
  if (n < 1024 * 1024) return `${number(Math.round(n / 1024))} KB`;
  return `${number(n / 1024 / 1024, { maximumFractionDigits: 1 })} MB`;
}
