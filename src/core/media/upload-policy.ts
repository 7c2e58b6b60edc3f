import path from 'node:path';
import { normalizeMimeType, safeFilename } from './media-metadata.ts';
import { MIME_ALIASES } from '../../text/mime-aliases.ts';

/**
 * What agents may upload to send (the "Media out" half), and how big. The caps follow the
 * platforms' own limits so that a file accepted here can actually be sent:
 * - image 5 MB: WhatsApp Cloud and Twilio's limit (FACTS 4.5, 5.7); Messenger takes 25 MB, but an
 *   image over 5 MB could not go to a WhatsApp customer (TikTok's 3 MB is checked by its adapter);
 * - video and audio 16 MB: WhatsApp's limit, and Twilio's per-message limit (FACTS 4.5, 5.7);
 * - file 25 MB: Messenger's attachment limit (FACTS 2.5) and snorq's overall cap. WhatsApp would take
 *   documents up to 100 MB, but nothing else would, and a 25 MB cap keeps disk and upload time sane.
 * Types are those the platforms accept; HTML, SVG, scripts and anything unlisted are refused (415),
 * so nothing snorq serves back can run in a browser.
 */
export type UploadKind = 'image' | 'video' | 'audio' | 'file';

const MB = 1_048_576;
export const UPLOAD_MAX_BYTES = 25 * MB;
export const UPLOAD_MAX_BYTES_BY_KIND: Record<UploadKind, number> = { image: 5 * MB, video: 16 * MB, audio: 16 * MB, file: 25 * MB };
/** Bytes read from the start of an upload to check it is what it claims. */
export const SNIFF_BYTES = 64;

type Check = (head: Buffer) => boolean;

const at = (head: Buffer, offset: number, signature: string | number[]) => {
  const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return head.length >= offset + bytes.length && head.subarray(offset, offset + bytes.length).equals(bytes);
};
const isoBmff: Check = (h) => at(h, 4, 'ftyp');
const zip: Check = (h) => at(h, 0, [0x50, 0x4b, 0x03, 0x04]);
const ole: Check = (h) => at(h, 0, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** Plain text that is not markup in disguise: no NUL bytes, and not opening with a tag. */
const text: Check = (h) => !h.includes(0) && !/^\s*</.test(h.toString('latin1').replace(/^\uFEFF|^ï»¿/, ''));

/** Allowed types: their kind and the magic-byte check the start of the file must pass. */
const ALLOWED: Record<string, { kind: UploadKind; check: Check; ext: string[] }> = {
  'image/jpeg': { kind: 'image', check: (h) => at(h, 0, [0xff, 0xd8, 0xff]), ext: ['.jpg', '.jpeg'] },
  'image/png': { kind: 'image', check: (h) => at(h, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ext: ['.png'] },
  'image/gif': { kind: 'image', check: (h) => at(h, 0, 'GIF87a') || at(h, 0, 'GIF89a'), ext: ['.gif'] },
  'image/webp': { kind: 'image', check: (h) => at(h, 0, 'RIFF') && at(h, 8, 'WEBP'), ext: ['.webp'] },
  'video/mp4': { kind: 'video', check: isoBmff, ext: ['.mp4', '.m4v'] },
  'video/3gpp': { kind: 'video', check: isoBmff, ext: ['.3gp'] },
  'audio/aac': { kind: 'audio', check: (h) => h.length >= 2 && h[0] === 0xff && (h[1]! & 0xf6) === 0xf0, ext: ['.aac'] },
  'audio/mp4': { kind: 'audio', check: isoBmff, ext: ['.m4a'] },
  'audio/mpeg': { kind: 'audio', check: (h) => at(h, 0, 'ID3') || (h.length >= 2 && h[0] === 0xff && (h[1]! & 0xe0) === 0xe0), ext: ['.mp3'] },
  'audio/amr': { kind: 'audio', check: (h) => at(h, 0, '#!AMR'), ext: ['.amr'] },
  'audio/ogg': { kind: 'audio', check: (h) => at(h, 0, 'OggS'), ext: ['.ogg', '.opus', '.oga'] },
  // What a voice note becomes for a platform without Ogg (ogg-opus-to-wav.ts); a WAV file may be uploaded as it is too.
  'audio/wav': { kind: 'audio', check: (h) => at(h, 0, 'RIFF') && at(h, 8, 'WAVE'), ext: ['.wav'] },
  // A browser's voice recording (MediaRecorder): stored as Ogg/Opus after a remux (REMUXED below).
  'audio/webm': { kind: 'audio', check: (h) => at(h, 0, [0x1a, 0x45, 0xdf, 0xa3]), ext: ['.webm', '.weba'] },
  'application/pdf': { kind: 'file', check: (h) => at(h, 0, '%PDF-'), ext: ['.pdf'] },
  'application/msword': { kind: 'file', check: ole, ext: ['.doc'] },
  'application/vnd.ms-excel': { kind: 'file', check: ole, ext: ['.xls'] },
  'application/vnd.ms-powerpoint': { kind: 'file', check: ole, ext: ['.ppt'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { kind: 'file', check: zip, ext: ['.docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { kind: 'file', check: zip, ext: ['.xlsx'] },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': { kind: 'file', check: zip, ext: ['.pptx'] },
  'text/plain': { kind: 'file', check: text, ext: ['.txt'] },
  'text/csv': { kind: 'file', check: text, ext: ['.csv'] },
};

/** The types agents may upload of one kind, with their file extensions (what the composer's file picker and checks take). */
export function uploadTypes(kind: UploadKind): { mimeType: string; extensions: string[] }[] {
  return Object.entries(ALLOWED)
    .filter(([, rule]) => rule.kind === kind)
    .map(([mimeType, rule]) => ({ mimeType, extensions: [...rule.ext] }));
}
/**
 * Types no platform takes as they are, converted while they are stored: a WebM/Opus recording
 * becomes Ogg/Opus (the same packets, src/core/media/webm-to-ogg.ts), which WhatsApp and
 * a bot API play as a voice note and the other platforms with audio take as audio.
 */
export const REMUXED: Record<string, string> = { 'audio/webm': 'audio/ogg' };

/** Types whose magic bytes identify them for certain: these win over whatever the client claimed. */
const SNIFFABLE = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'];

export type UploadVerdict = { ok: true; mimeType: string; kind: UploadKind; maxBytes: number } | { ok: false; reason: string };

/**
 * Decide an upload's type from its first bytes, its declared Content-Type and its filename. Images
 * and PDFs are recognised by their bytes whatever the client said; other types must be declared
 * (or named by extension when the browser sent application/octet-stream) and pass their check.
 */
export function classifyUpload(head: Buffer, declaredType: string | undefined, filename: string | undefined): UploadVerdict {
  const sniffed = SNIFFABLE.find((type) => ALLOWED[type]!.check(head));
  if (sniffed) return accept(sniffed);
  if (looksLikeMarkup(head)) return { ok: false, reason: 'HTML, SVG and XML files cannot be uploaded (a browser could run them).' };

  const normalized = normalizeMimeType(declaredType);
  let claimed = normalized ? (MIME_ALIASES[normalized] ?? normalized) : undefined;
  if (!claimed || claimed === 'application/octet-stream') claimed = byExtension(filename);
  if (!claimed) return { ok: false, reason: `This kind of file cannot be sent. Allowed: ${allowedList()}.` };
  const rule = ALLOWED[claimed];
  if (!rule) return { ok: false, reason: `Files of type ${claimed} cannot be sent. Allowed: ${allowedList()}.` };
  if (SNIFFABLE.includes(claimed) || !rule.check(head)) return { ok: false, reason: `The file's content is not a valid ${claimed} file.` };
  return accept(claimed);
}

function accept(mimeType: string): UploadVerdict {
  const kind = ALLOWED[mimeType]!.kind;
  return { ok: true, mimeType, kind, maxBytes: UPLOAD_MAX_BYTES_BY_KIND[kind] };
}

/**
 * The file name an attachment is kept and sent under: a sanitised stem of the name the client
 * gave, and the extension of the type snorq decided on — never the client's extension. A PNG or a
 * PDF named `invoice.html` (a polyglot) would otherwise be saved, or sent to a customer, as a page
 * a browser runs; a customer's phone picks the app to open a document by its extension.
 * `invoice.html` stored as a PDF is `invoice.pdf`; `photo.PNG` is `photo.png`; a name with nothing
 * readable left becomes `image.png`, `document.pdf`, …. No name given: none is made up.
 */
export function attachmentName(given: string | undefined, mimeType: string): string | undefined {
  const name = safeFilename(given);
  if (!name) return undefined;
  const rule = ALLOWED[mimeType];
  const dot = name.lastIndexOf('.');
  const stem = (dot > 0 ? name.slice(0, dot) : name)
    // letters, digits and a few separators; the rest (quotes, %, shell and URL syntax) become _
    .replace(/[^\p{L}\p{N} ._()+-]+/gu, '_')
    .slice(0, 120)
    .replace(/^[\s._]+|[\s._]+$/g, '');
  const ext = rule?.ext[0] ?? '';
  const fallback = rule ? (rule.kind === 'file' ? 'document' : rule.kind) : 'attachment';
  return `${stem || fallback}${ext}`;
}

function byExtension(filename: string | undefined): string | undefined {
  const ext = filename ? path.extname(filename).toLowerCase() : '';
  if (!ext) return undefined;
  return Object.entries(ALLOWED).find(([, rule]) => rule.ext.includes(ext))?.[0];
}

function looksLikeMarkup(head: Buffer): boolean {
  const start = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .slice(0, 16)
    .toLowerCase();
  return /^<(\?xml|!doctype|html|svg|script|head|body|iframe|!--)/.test(start);
}

const allowedList = () => 'JPEG, PNG, GIF and WebP images; MP4 and 3GP video; AAC, M4A, MP3, AMR and OGG audio, WebM (Opus) voice recordings; PDF, Word, Excel, PowerPoint, text and CSV documents';

/** Human size for messages: 5 MB, 16 MB. */
export const megabytes = (bytes: number): string => `${Math.round(bytes / 1_048_576)} MB`;
