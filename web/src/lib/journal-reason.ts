/**
 * Why a journaled webhook needs attention, in plain words. The journal's `error` is written for
 * operators ("no channel for whatsapp account PN-1; item 2 failed: …", src/core/ingest/process-webhook.ts);
 * an admin reading the settings page gets one sentence per note, with what to do where there is something.
 */
export type ReasonKey = 'unrouted' | 'itemFailed' | 'unreadable' | 'unmatched' | 'stillReceiving' | 'other';

export interface Reason {
  key: ReasonKey;
  /** The account id, item number or underlying message, as the note gave them. */
  account?: string;
  platform?: string;
  item?: string;
  detail?: string;
}

function reasonOf(note: string): Reason {
  let m = /^no channel for (\S+) account (.+)$/.exec(note);
  if (m) return { key: 'unrouted', platform: m[1]!, account: m[2]! };
  m = /^item (\d+) failed: (.*)$/s.exec(note);
  if (m) return { key: 'itemFailed', item: String(Number(m[1]) + 1), detail: m[2]! };
  m = /^cannot read the body: (.*)$/s.exec(note);
  if (m) return { key: 'unreadable', detail: m[1]! };
  if (/ (for|to|of) unknown message /.test(note)) return { key: 'unmatched', detail: note };
  return { key: 'other', detail: note };
}

/** One plain reason per note of the entry's error; an entry still `received` is being applied. */
export function journalReasons(state: string, error: string | null): Reason[] {
  if (!error) return state === 'received' ? [{ key: 'stillReceiving' }] : [];
  return error
    .split('; ')
    .map((n) => n.trim())
    .filter(Boolean)
    .map(reasonOf);
}
