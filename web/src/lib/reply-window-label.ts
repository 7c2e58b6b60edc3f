import type { ReplyWindow } from '../api/types.ts';
import { i18next } from '../i18n/i18n.ts';
import { formatDuration } from './time-format.ts';

export type WindowTone = 'ok' | 'soon' | 'restricted' | 'closed';

export interface WindowLabel {
  /** Short, for the list row and the thread header: "22h left", "Human agent tag: 5 days left", "closed — templates only". */
  text: string;
  tone: WindowTone;
}

/** Under this much time left, the label warns. */
const SOON_MS = 2 * 3600_000;

/**
 * What an agent can do in the conversation, in a few words. The server computes the window
 * (src/core/reply-window); this only words it, against `now`, so the label counts down between
 * fetches. `messagesPerWindow` is the platform's cap (GET /api/v1/platforms), for naming it.
 */
export function replyWindowLabel(window: ReplyWindow, now: Date, messagesPerWindow: number | null = null): WindowLabel {
  // A platform without a reply window: open, with no closing time to count down to.
  if (window.open && !window.closesAt) return { text: i18next.t('inbox:window.open'), tone: 'ok' };
  const left = (iso: string | null | undefined) => (iso ? new Date(iso).getTime() - now.getTime() : -1);
  const freeLeft = left(window.closesAt);
  // The server sends a count only where the platform caps messages per window.
  const remaining = window.remainingMessages;
  if (window.open && freeLeft > 0) {
    const count = remaining !== undefined ? i18next.t('inbox:window.messagesLeft', { count: remaining }) : '';
    return { text: i18next.t('inbox:window.left', { time: formatDuration(freeLeft) }) + count, tone: freeLeft < SOON_MS || (remaining !== undefined && remaining <= 2) ? 'soon' : 'ok' };
  }
  if (window.allowed.includes('human_agent_tag')) {
    const tagLeft = left(window.humanAgentUntil);
    return { text: tagLeft > 0 ? i18next.t('inbox:window.humanAgentLeft', { time: formatDuration(tagLeft, undefined, 'long') }) : i18next.t('inbox:window.humanAgentOnly'), tone: 'restricted' };
  }
  if (window.allowed.includes('template')) {
    return { text: window.closesAt ? i18next.t('inbox:window.closedTemplates') : i18next.t('inbox:window.templatesOnly'), tone: 'restricted' };
  }
  if (remaining === 0 && freeLeft > 0) {
    return { text: messagesPerWindow ? i18next.t('inbox:window.capReachedOf', { count: messagesPerWindow }) : i18next.t('inbox:window.capReached'), tone: 'closed' };
  }
  return { text: window.closesAt ? i18next.t('inbox:window.closed') : i18next.t('inbox:window.waiting'), tone: 'closed' };
}

/** The sentence the composer shows when free text is not allowed. */
export function replyWindowReason(window: ReplyWindow): string {
  if (window.reason) return window.reason;
  if (window.allowed.includes('template')) return i18next.t('inbox:window.reasonTemplate');
  if (window.allowed.includes('human_agent_tag')) return i18next.t('inbox:window.reasonHumanAgent');
  return i18next.t('inbox:window.reasonNone');
}
