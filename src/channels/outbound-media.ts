import type { TextLimit } from '../text/text-limits.ts';
import type { OutboundMedia } from './types.ts';

export type OutboundKind = OutboundMedia['type'];

/** One kind of attachment a platform takes from a business: which types, and how big. */
export interface OutboundKindRule {
  /** The MIME types the platform takes for this kind; 'any': every type snorq lets agents upload for it. */
  mimeTypes: readonly string[] | 'any';
  /** The platform's cap in bytes for one file of this kind (snorq's own upload cap may be lower). */
  maxBytes: number;
}

/**
 * What a platform takes as attachments of a reply (its definition's `media.outbound`), read by
 * core to check a reply before it is queued (src/core/outbox/attachment-rules.ts) and served to the
 * web app in `GET /api/v1/platforms` so the composer refuses a file before uploading it.
 * - `kinds`: the kinds `api.mediaTypes` lists, each with its types and cap;
 * - `caption`: text that rides on the attachment in the same platform message, for these kinds,
 *   up to this length; null when text is always a message of its own;
 * - `perMessage`: attachments in one platform message. A reply with more becomes several messages.
 */
export interface OutboundMediaRules {
  kinds: Partial<Record<OutboundKind, OutboundKindRule>>;
  caption: { limit: TextLimit; kinds: readonly OutboundKind[] } | null;
  perMessage: number;
}

export const MB = 1_048_576;
