import { Check } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { LABEL_PALETTE, labelTextColor } from '../../../lib/label-colors.ts';

interface Props {
  value: string;
  onChange: (color: string) => void;
  disabled?: boolean;
  /** Unique per form: the radios' group name. */
  name: string;
  testId: string;
}

/**
 * The label's colour from the accessible palette, as radio buttons (one Tab stop, arrow keys move).
 * A colour set through the API that is not in the palette is offered too, so it stays chosen.
 */
export function ColorChoice({ value, onChange, disabled, name, testId }: Props) {
  const { t } = useTranslation('settings-labels');
  const current = value.toLowerCase();
  const options: { color: string; label: string }[] = LABEL_PALETTE.map((p) => ({ color: p.color, label: t(`colors.${p.name}`) }));
  if (!options.some((o) => o.color === current)) options.unshift({ color: current, label: t('colors.current', { color: current }) });
  return (
    <fieldset className="color-choice" disabled={disabled} data-testid={testId}>
      <legend className="field__label">{t('form.color')}</legend>
      <div className="color-choice__options">
        {options.map((o) => (
          <label key={o.color} className="color-choice__option" title={o.label}>
            <input type="radio" name={name} value={o.color} checked={o.color === current} onChange={() => onChange(o.color)} data-testid={`${testId}-${o.color.slice(1)}`} />
            <span className="color-choice__swatch" style={{ background: o.color, color: labelTextColor(o.color) }} aria-hidden="true">
              {o.color === current && <Check size={16} strokeWidth={3} />}
            </span>
            <span className="visually-hidden">{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
