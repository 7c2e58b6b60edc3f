import type { ConversationSummary } from '../api/types.ts';
import { formatDateTime } from '../i18n/format.ts';
import { i18next } from '../i18n/i18n.ts';
import { slaState } from './conversation-list.ts';
import { formatDuration } from './time-format.ts';

export interface SlaLabel {
  state: 'due' | 'at_risk' | 'breached';
  /** Short, for the list row: "SLA 3h", "At risk: 12m left", "Overdue 5m". */
  text: string;
  /** Which target and when it is due: "First response due 27 Oct 2026, 10:00". */
  title: string;
}

/**
 * The SLA clock of the customer's current wait in a few words, against `now`, so the row counts
 * down between fetches (the server computes the clock: src/core/sla). Null without a clock.
 */
export function slaLabel(sla: ConversationSummary['sla'], now: Date, locale = i18next.resolvedLanguage ?? 'en'): SlaLabel | null {
  const state = slaState(sla, now);
  if (!sla || !state) return null;
  const left = new Date(sla.dueAt).getTime() - now.getTime();
  const text =
    state === 'breached'
      ? i18next.t('inbox:sla.overdue', { time: formatDuration(-left, locale) })
      : i18next.t(state === 'at_risk' ? 'inbox:sla.atRisk' : 'inbox:sla.left', { time: formatDuration(left, locale) });
  return { state, text, title: i18next.t(`inbox:sla.title.${sla.kind}`, { due: formatDateTime(sla.dueAt, locale) }) };
}
