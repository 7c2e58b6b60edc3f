import { useTranslation } from 'react-i18next';
import { CANNED_VARIABLES, type CannedVariable } from '../../../lib/canned-variables.ts';

/** One button per variable the composer fills; each puts `{{name}}` where the caret is in the text. */
export function VariableButtons({ onInsert, disabled }: { onInsert: (variable: CannedVariable) => void; disabled?: boolean }) {
  const { t } = useTranslation('settings-canned');
  return (
    <div className="canned-vars" role="group" aria-label={t('variables.label')}>
      <span className="field__hint">{t('variables.label')}</span>
      <ul className="canned-vars__list">
        {CANNED_VARIABLES.map((v) => (
          <li key={v}>
            <button
              type="button"
              className="button button--small canned-vars__button"
              disabled={disabled}
              onClick={() => onInsert(v)}
              // Named by what it shows, `{{contact.name}}` (WCAG 2.5.3, label in name); what it stands for is its description.
              title={t(`variables.names.${v}`)}
              data-testid={`canned-var-${v}`}
            >
              <code className="mono">{`{{${v}}}`}</code>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
