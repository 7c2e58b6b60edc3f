import { normalizeMessagingBody } from '../meta/messaging-normalize.ts';
import type { NormalizedEvent } from '../types.ts';

/**
 * Instagram Direct webhook body → events (FACTS 3.1). Same item family as Messenger, read by
 * ../meta/messaging-*.ts, with Instagram's differences handled there:
 * - `read.mid` (messaging_seen) names one message → a `status` read event, not a watermark;
 * - `message.is_deleted` reuses the original mid → an `unsend` event, never a new message;
 * - `reply_to.story` and `story_mention` / `share` / `ig_reel` / `ig_post` attachments → `share`;
 * - `is_unsupported`, `ephemeral` (view-once) → `unsupported`, kept raw;
 * - echoes come inside `messages` (is_echo, sender = the business); no delivery receipts exist.
 * `object` is `instagram`, or `page` on the Facebook-Login path (FACTS 3.1); accept both.
 */
export function normalizeInstagram(rawBody: Buffer): NormalizedEvent[] {
  return normalizeMessagingBody(rawBody, { label: 'instagram', objects: ['instagram', 'page'] });
}
