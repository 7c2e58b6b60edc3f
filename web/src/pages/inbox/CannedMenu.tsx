import { useTranslation } from 'react-i18next';
import type { CannedResponse } from '../../api/types.ts';

interface Props {
  items: CannedResponse[];
  active: number;
  onPick: (item: CannedResponse) => void;
}

/** Canned responses matching the "/shortcut" being typed; ↑/↓ choose, Enter or Tab inserts. */
export function CannedMenu({ items, active, onPick }: Props) {
  const { t } = useTranslation('inbox-tools');
  if (items.length === 0) return null;
  return (
    <ul className="canned" role="listbox" id="canned-menu" aria-label={t('canned.label')} data-testid="canned-menu">
      {items.map((c, i) => (
        <li
          key={c.id}
          id={`canned-${i}`}
          role="option"
          aria-selected={i === active}
          className={`canned__item${i === active ? ' canned__item--active' : ''}`}
          onMouseDown={(e) => {
            e.preventDefault(); // keep the focus in the textarea
            onPick(c);
          }}
        >
          <span className="canned__shortcut">/{c.shortcut.replace(/^\//, '')}</span>
          <span className="canned__content">{c.content}</span>
        </li>
      ))}
    </ul>
  );
}
