import { X } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import { useEffect, useRef } from 'react';
import { SHORTCUTS } from '../../lib/shortcuts.ts';

/** The `?` dialog: every shortcut, from the same list the keys are read from. Escape closes it. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('inbox');
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="shortcuts-dialog" aria-labelledby="shortcuts-title" onClose={onClose} data-testid="shortcuts-dialog">
      <div className="shortcuts-dialog__head">
        <h2 id="shortcuts-title">{t('shortcuts.title')}</h2>
        <button type="button" className="button button--ghost button--small" aria-label={t('actions.close', { ns: 'common' })} onClick={onClose} autoFocus>
          <X size={16} />
        </button>
      </div>
      <dl className="shortcuts-dialog__list">
        {SHORTCUTS.map((s) => (
          <div key={s.key} className="shortcuts-dialog__item" data-testid="shortcut">
            <dt>
              <kbd>{s.key}</kbd>
            </dt>
            <dd>{t(`shortcuts.${s.action}`)}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
