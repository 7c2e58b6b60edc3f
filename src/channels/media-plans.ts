import type { MediaItem } from '../db/schema.ts';
import type { MediaPlanned } from './channel-definition.ts';

/** The plan failure that no retry can fix. */
export const finalFailure = (reason: string): MediaPlanned => ({ ok: false, failure: { reason, transient: false } });

/** Download by the URL the platform sent, with the channel's credentials when the host wants them. */
export function directDownload(item: MediaItem, secretHeaders?: Record<string, string>): MediaPlanned {
  if (!item.url) return finalFailure('The platform sent no link to download this attachment from.');
  if (!URL.canParse(item.url)) return finalFailure('The platform sent a malformed link for this attachment.');
  return { ok: true, plan: { request: { url: new URL(item.url), ...(secretHeaders && { secretHeaders }) } } };
}
