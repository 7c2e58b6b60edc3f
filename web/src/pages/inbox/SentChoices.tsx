import { useTranslation } from 'react-i18next';
import type { Message } from '../../api/types.ts';
import './composer-interactive.css';

/**
 * The choices an agent's reply offered (buttons, or a list behind its button), under its text. Shown,
 * not pressable: the customer taps them on their phone, and the tap arrives as their own message.
 */
export function SentChoices({ interactive }: { interactive: NonNullable<Message['interactive']> }) {
  const { t } = useTranslation('interactive');
  const rows = interactive.kind === 'buttons' ? interactive.choices : interactive.sections.flatMap((s) => s.rows);
  return (
    <div className="sent-choices" data-testid="sent-choices">
      <span className="sent-choices__label">{interactive.kind === 'buttons' ? t('sent.buttons') : t('sent.list', { button: interactive.button })}</span>
      <ul className="sent-choices__list">
        {rows.map((r) => (
          <li key={r.id} className="sent-choices__choice">
            {r.title}
            {r.description && <span className="sent-choices__description"> · {r.description}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
