import { AlarmClock, CircleAlert, Clock } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { ConversationSummary } from '../../api/types.ts';
import { slaLabel } from '../../lib/sla-label.ts';

const ICONS = { due: Clock, at_risk: AlarmClock, breached: CircleAlert } as const;

/**
 * The SLA clock of the customer's current wait as a chip (lib/sla-label.ts): time left, at risk,
 * overdue. Icon and words say the state as well as the colour does; the title (and, for screen
 * readers, the hidden text) names the target and when it is due.
 */
export function SlaTag({ sla, now }: { sla: ConversationSummary['sla']; now: Date }) {
  const { i18n } = useTranslation('inbox');
  const label = slaLabel(sla, now, i18n.resolvedLanguage);
  if (!label) return null;
  const Icon = ICONS[label.state];
  return (
    <span className={`sla-tag sla-tag--${label.state}`} title={label.title} data-testid="sla-tag" data-sla-state={label.state}>
      <Icon size={12} aria-hidden="true" />
      <span className="visually-hidden">{label.title}: </span>
      {label.text}
    </span>
  );
}
