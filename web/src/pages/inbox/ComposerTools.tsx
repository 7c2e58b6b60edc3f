import { Paperclip, Smile, X } from 'lucide-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDismiss } from '../../components/use-dismiss.ts';
import { EmojiPicker } from './EmojiPicker.tsx';
import type { Attachment } from './use-attachment.ts';

interface Props {
  note: boolean;
  onNote: (note: boolean) => void;
  attachment: Attachment | null;
  onPickFile: (file: File) => void;
  onClearFile: () => void;
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
  const { note, onNote, attachment, onPickFile, onClearFile, onEmoji, disabled, canTemplate, onTemplate, canSend, sending, sendLabel } = props;
  const { t } = useTranslation('inbox-tools');
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
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onPickFile(f);
          e.target.value = '';
        }}
        data-testid="attach-input"
      />
      <button type="button" className="tool" onClick={() => file.current?.click()} disabled={disabled || note} title={t('composer.attach')} data-testid="attach-button">
        <Paperclip size={18} />
        <span className="visually-hidden">{t('composer.attach')}</span>
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
      {attachment && (
        <span className={`attachment attachment--${attachment.status}`} data-testid="attachment" data-state={attachment.status} role="status">
          <span className="attachment__name">{attachment.name}</span>
          {attachment.status === 'uploading' && <span> · {t('composer.uploading')}</span>}
          {attachment.status === 'error' && <span> · {attachment.error}</span>}
          <button type="button" className="attachment__remove" onClick={onClearFile} aria-label={t('composer.remove', { name: attachment.name })}>
            <X size={14} />
          </button>
        </span>
      )}
      <button type="submit" className="button button--primary composer__send" disabled={!canSend} data-testid="send-button">
        {sending ? t('composer.sending') : sendLabel}
      </button>
    </div>
  );
}
