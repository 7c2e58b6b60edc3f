import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

const EMOJI = [
  '😀',
  '😂',
  '😊',
  '😍',
  '🥰',
  '😉',
  '😎',
  '🤔',
  '😅',
  '😢',
  '😮',
  '🙏',
  '👍',
  '👎',
  '👏',
  '🙌',
  '💪',
  '👋',
  '🤝',
  '✌️',
  '❤️',
  '💙',
  '💚',
  '🔥',
  '✨',
  '🎉',
  '✅',
  '❌',
  '⭐',
  '📦',
  '🚚',
  '💳',
  '📞',
  '📅',
  '⏰',
  '🙂',
];

interface Props {
  onPick: (emoji: string) => void;
  onClose: () => void;
}

/** A fixed grid of common emoji (no package); arrow keys move, Enter picks, Esc closes. */
export function EmojiPicker({ onPick, onClose }: Props) {
  const { t } = useTranslation('inbox-tools');
  const grid = useRef<HTMLDivElement>(null);
  useEffect(() => grid.current?.querySelector<HTMLButtonElement>('button')?.focus(), []);
  const COLS = 6;
  const onKeyDown = (e: KeyboardEvent) => {
    const buttons = [...(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const move = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLS, ArrowUp: -COLS }[e.key];
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (move !== undefined && at >= 0) {
      e.preventDefault();
      buttons[Math.min(buttons.length - 1, Math.max(0, at + move))]?.focus();
    }
  };
  return (
    <div ref={grid} className="emoji-picker" role="group" aria-label={t('emoji.label')} onKeyDown={onKeyDown} data-testid="emoji-picker">
      {EMOJI.map((e) => (
        <button key={e} type="button" className="emoji-picker__item" onClick={() => onPick(e)} aria-label={t('emoji.insert', { emoji: e })}>
          {e}
        </button>
      ))}
    </div>
  );
}
