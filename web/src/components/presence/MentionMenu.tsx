import { useTranslation } from 'react-i18next';
import type { TeamMember } from '../../api/presence-api.ts';
import { PresenceDot } from './PresenceDot.tsx';
import './presence.css';

/** The agents an `@` may name, under the note being written (the textarea keeps the focus: aria-activedescendant). */
export function MentionMenu({ items, active, onPick }: { items: TeamMember[]; active: number; onPick: (agent: TeamMember) => void }) {
  const { t } = useTranslation('presence');
  if (items.length === 0) return null;
  return (
    <ul className="mention-menu" id="mention-menu" role="listbox" aria-label={t('mention.menu')} data-testid="mention-menu">
      {items.map((agent, i) => (
        <li
          key={agent.id}
          id={`mention-${i}`}
          role="option"
          aria-selected={i === active}
          className="mention-menu__item"
          // The textarea keeps the focus (and its caret) while a name is picked with the pointer.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(agent)}
          data-testid="mention-option"
        >
          <PresenceDot presence={agent.presence} />
          <span>{agent.name}</span>
        </li>
      ))}
    </ul>
  );
}
