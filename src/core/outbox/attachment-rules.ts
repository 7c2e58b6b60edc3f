import type { OutboundKind } from '../../channels/outbound-media.ts';
import { channelOf, type Platform } from '../../channels/registry.ts';
import type { AttachmentLimits } from '../../contract/platforms.ts';
import { fitsLimit } from '../../text/text-limits.ts';
import { AppError } from '../errors/app-error.ts';
import { megabytes, UPLOAD_MAX_BYTES_BY_KIND, uploadTypes } from '../media/upload-policy.ts';

/** At most this many attachments in one reply (each becomes at least one platform message). */
export const MAX_ATTACHMENTS_PER_REPLY = 10;

/** An attachment of a reply as the route resolved it from the stored upload, with its own caption. */
export interface ReplyAttachment {
  storageKey: string;
  type: OutboundKind;
  mimeType: string;
  filename?: string;
  size?: number;
  caption?: string;
}

/**
 * What a platform takes as attachments, as snorq can deliver it: each kind's types are those of
 * the platform that agents may also upload (upload-policy.ts), its cap the lower of the platform's
 * and snorq's upload cap. Served in `GET /api/v1/platforms` (the composer checks files with it
 * before uploading) and checked again here when a reply is queued.
 */
export function attachmentLimits(platform: Platform): AttachmentLimits {
  const rules = channelOf(platform).media.outbound;
  const kinds = (Object.keys(rules.kinds) as OutboundKind[]).flatMap((kind) => {
    const rule = rules.kinds[kind]!;
    const types = uploadTypes(kind).filter((t) => rule.mimeTypes === 'any' || rule.mimeTypes.includes(t.mimeType));
    return types.length ? [{ kind, maxBytes: Math.min(rule.maxBytes, UPLOAD_MAX_BYTES_BY_KIND[kind]), types }] : [];
  });
  const caption = rules.caption && { limit: { ...rules.caption.limit }, kinds: [...rules.caption.kinds] };
  return { kinds, caption, perMessage: rules.perMessage, perReply: MAX_ATTACHMENTS_PER_REPLY };
}

/**
 * Refuse, before anything is stored, an attachment the platform would refuse: a kind it does not
 * take, a type outside its list, a file over its cap. 422 UNPROCESSABLE with `details.attachment`:
 * its index, the problem (`type` or `size`), and the limit or the accepted types.
 */
export function checkAttachments(platform: Platform, attachments: readonly ReplyAttachment[]): void {
  if (attachments.length > MAX_ATTACHMENTS_PER_REPLY) {
    throw new AppError('VALIDATION_FAILED', `a reply carries at most ${MAX_ATTACHMENTS_PER_REPLY} attachments`);
  }
  const limits = attachmentLimits(platform);
  const name = channelOf(platform).ui.name;
  attachments.forEach((a, index) => {
    const label = a.filename ?? `attachment ${index + 1}`;
    const kind = limits.kinds.find((k) => k.kind === a.type);
    const refuse = (message: string, details: Record<string, unknown>) => {
      throw new AppError('UNPROCESSABLE', message, { attachment: { index, filename: a.filename ?? null, mimeType: a.mimeType, ...details } });
    };
    if (!kind) refuse(`${name} does not take ${a.type} attachments (${label})`, { problem: 'type', accepted: limits.kinds.flatMap((k) => k.types.map((t) => t.mimeType)) });
    else if (!kind.types.some((t) => t.mimeType === a.mimeType)) refuse(`${name} does not take ${a.mimeType} files (${label})`, { problem: 'type', accepted: kind.types.map((t) => t.mimeType) });
    else if (a.size !== undefined && a.size > kind.maxBytes)
      refuse(`${name} takes ${a.type === 'file' ? 'files' : `${a.type}s`} of at most ${megabytes(kind.maxBytes)}; ${label} is ${(a.size / 1_048_576).toFixed(1)} MB`, {
        problem: 'size',
        maxBytes: kind.maxBytes,
        size: a.size,
      });
  });
}

/** One message a reply becomes: its text (a caption, or text alone) and at most one attachment. */
export interface ReplyPart {
  content?: string;
  media?: ReplyAttachment;
}

/**
 * A reply with attachments as the messages the platform needs, in order (every platform takes one
 * attachment per message today; `perMessage` says so). Each attachment is a message with its own
 * caption. The reply's text is the first attachment's caption where the platform takes captions
 * on that kind, it has none of its own, and the text fits; on a platform without captions, with a
 * single attachment, it rides on that message (its adapter sends it right after the attachment);
 * otherwise it is a text message after the attachments, the order a customer's own app uses (a
 * platform that drops the text on a kind without captions never gets it there).
 */
export function splitReply(platform: Platform, text: string | undefined, attachments: readonly ReplyAttachment[]): ReplyPart[] {
  const parts: ReplyPart[] = attachments.map((media) => ({ media, ...(media.caption?.trim() && { content: media.caption }) }));
  if (!text) return parts;
  const first = parts[0];
  if (!first) return [{ content: text }];
  const caption = channelOf(platform).media.outbound.caption;
  const captioned = caption !== null && caption.kinds.includes(first.media!.type) && fitsLimit(caption.limit, text);
  if (!first.content && (captioned || (caption === null && parts.length === 1))) first.content = text;
  else parts.push({ content: text });
  return parts;
}
