/**
 * Shorten text for a preview, a notification, a log line or an error reason, cutting between
 * characters, never inside one. `String.prototype.slice` counts UTF-16 units and can keep half of
 * an emoji (a lone surrogate): PostgreSQL then refuses the JSON it ends up in (the event log),
 * `encodeURIComponent` throws, and the screen shows a broken glyph. This cuts between grapheme
 * clusters (a flag, a family emoji, a letter with its accents stay whole).
 *
 * Pure and dependency-free: the server and the web app (web/src) both use it.
 */

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : undefined;
/** Longer than any grapheme cluster in practice (the longest emoji ZWJ sequences are ~ 20 units). */
const CLUSTER_MARGIN = 64;

/**
 * At most `max` UTF-16 units of `text`, ending between two characters; with `ellipsis` (default
 * "…"), text that had to be cut ends with it, and the result still fits in `max`.
 */
export function cutText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  if (max < ellipsis.length) return prefixWithin(text, max);
  return `${prefixWithin(text, max - ellipsis.length)}${ellipsis}`;
}

/** The longest prefix of `text` of at most `room` UTF-16 units that ends between characters. */
export function prefixWithin(text: string, room: number): string {
  if (text.length <= room) return text;
  if (room <= 0) return '';
  if (segmenter) {
    let end = 0;
    for (const { segment, index } of segmenter.segment(text.slice(0, room + CLUSTER_MARGIN))) {
      if (index + segment.length > room) break;
      end = index + segment.length;
    }
    return text.slice(0, end);
  }
  // No Intl.Segmenter: at least never split a surrogate pair.
  const last = text.charCodeAt(room - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? room - 1 : room);
}
