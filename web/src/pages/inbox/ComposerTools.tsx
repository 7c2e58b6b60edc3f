import { Paperclip, Smile } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDismiss } from '../../components/use-dismiss.ts';
import { EmojiPicker } from './EmojiPicker.tsx';

interface Props {
  note: boolean;
  onNote: (note: boolean) => void;
  /**
   * The file picker (the keyboard's way to attach; paste and drop are the others): files chosen,
   * whether the platform takes any now, its types (`accept`), its limits in words (`hint`).
   */
  attach: { onPick: (files: File[]) => void; enabled: boolean; accept: string; hint: string };
  onEmoji: (emoji: string) => void;
  disabled: boolean;
  canTemplate: boolean;
  onTemplate: () => void;
  canSend: boolean;
  sending: boolean;
  sendLabel: string;
}

/** The row under the reply box: attach, emoji, note, template, and Send. */
export function ComposerTools(props: Props) {
  const { note, onNote, attach, onEmoji, disabled, canTemplate, onTemplate, canSend, sending, sendLabel } = props;
  const { t } = useTranslation('inbox-tools');
  const { t: ta } = useTranslation('composer-attachments');
  const file = useRef<HTMLInputElement>(null);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const [emojiOpen, setEmojiOpen] = useState(false);
  const emojiMenu = useRef<HTMLDivElement>(null);
  useDismiss(emojiMenu, emojiOpen, () => setEmojiOpen(false));
  const closeEmoji = () => {
    setEmojiOpen(false);
    emojiButton.current?.focus();
  };

  return (
    <div className="composer__tools">
      <input
        ref={file}
        type="file"
        multiple
        accept={attach.accept || undefined}
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const picked = Array.from(e.target.files ?? []);
          if (picked.length) attach.onPick(picked);
          e.target.value = '';
        }}
        data-testid="attach-input"
      />
      <button type="button" className="tool" onClick={() => file.current?.click()} disabled={disabled || note || !attach.enabled} title={attach.hint || ta('attach')} data-testid="attach-button">
        <Paperclip size={18} />
        <span className="visually-hidden">{attach.hint ? ta('attachLimits', { limits: attach.hint }) : ta('attach')}</span>
      </button>
      <div className="menu" ref={emojiMenu}>
        <button
          ref={emojiButton}
          type="button"
          className="tool"
          aria-expanded={emojiOpen}
          onClick={() => setEmojiOpen((o) => !o)}
          disabled={disabled}
          title={t('composer.emoji')}
          data-testid="emoji-button"
        >
          <Smile size={18} />
          <span className="visually-hidden">{t('composer.insertEmoji')}</span>
        </button>
        {emojiOpen && (
          <EmojiPicker
            onPick={(e) => {
              onEmoji(e);
              setEmojiOpen(false);
            }}
            onClose={closeEmoji}
          />
        )}
      </div>
      <button type="button" className={`tool tool--text${note ? ' tool--on' : ''}`} aria-pressed={note} onClick={() => onNote(!note)} title={t('composer.noteTitle')} data-testid="note-toggle">
        {t('composer.note')}
      </button>
      {canTemplate && (
        <button type="button" className="tool tool--text" onClick={onTemplate} data-testid="template-button">
          {t('composer.template')}
        </button>
      )}
      <button type="submit" className="button button--primary composer__send" disabled={!canSend} data-testid="send-button">
        {sending ? t('composer.sending') : sendLabel}
      </button>
    </div>
  );
}
