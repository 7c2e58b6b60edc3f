import { useTranslation } from 'react-i18next';
import type { Presence } from '../../api/presence-api.ts';
import './presence.css';

/** A coloured dot for an agent's presence, named for screen readers (colour is never the only sign: the label and title say it). */
export function PresenceDot({ presence = 'offline', label: named }: { presence?: Presence; /** Instead of the state alone ("Assignee: online"). */ label?: string }) {
  const { t } = useTranslation('presence');
  const label = named ?? t(`state.${presence}`);
  return <span className={`presence-dot presence-dot--${presence}`} role="img" aria-label={label} title={label} data-testid="presence-dot" data-presence={presence} />;
}
