import { CheckSquare, Forward } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../api/types.ts';
import { isForwardable } from '../../../lib/forwarding.ts';
import { useForwardActions } from './forward-context.ts';

/**
 * A bubble's Forward and Select, shown like Reply (on hover or focus, always on a touch screen);
 * while several are being selected, its check box instead. Nothing on notes, removed messages
 * and thread notices: the API forwards none of them.
 */
export function ForwardButtons({ message }: { message: Message }) {
  const { t } = useTranslation('message-actions');
  const actions = useForwardActions();
  if (!actions || !isForwardable(message)) return null;
  if (actions.selecting) {
    const checked = actions.selected.includes(message.id);
    return (
      <label className="bubble__select">
        <input type="checkbox" checked={checked} disabled={!checked && actions.full} onChange={() => actions.toggle(message)} data-testid="forward-select" />
        <span className="visually-hidden">{t('forward.selectLabel')}</span>
        <span aria-hidden>{t('forward.select')}</span>
      </label>
    );
  }
  return (
    <>
      <button type="button" className="bubble__forward" onClick={() => actions.forward(message)} aria-label={t('forward.actionLabel')} data-testid="forward-button">
        <Forward size={14} aria-hidden /> {t('forward.action')}
      </button>
      <button type="button" className="bubble__forward" onClick={() => actions.toggle(message)} aria-label={t('forward.selectLabel')} data-testid="forward-select-start">
        <CheckSquare size={14} aria-hidden /> {t('forward.select')}
      </button>
    </>
  );
}
