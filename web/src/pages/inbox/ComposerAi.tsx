import { useMutation } from '@tanstack/react-query';
import { Languages, Sparkles, Square, Undo2, X } from 'lucide-react';
import { useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { translateDraft } from '../../api/ai-api.ts';
import type { ConversationDetail } from '../../api/types.ts';
import { ConversationAi } from './ConversationAi.tsx';
import { ReplySuggestions } from './ReplySuggestions.tsx';
import { aiReasonOf, languageName, reasonText, TRANSLATION_LANGUAGES, useAiSettings, useDraftWriter, type DraftNotice } from './use-ai.ts';

interface Props {
  conversation: ConversationDetail;
  text: string;
  setText: (text: string) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  /** A canned response's `{{variables}}` filled as the composer fills them. */
  fill: (text: string) => string;
  /** Writing a reply (not a note, the window open for text): suggestions and drafts are offered. */
  reply: boolean;
}

/**
 * What helps write, above the reply box: the summary and translation of the conversation (when
 * the language model is on), the offline suggestions, and the model's draft tools. Nothing here
 * sends anything.
 */
export function ComposerAi({ conversation, text, setText, textarea, fill, reply }: Props) {
  /** A picked suggestion fills an empty reply box, or goes below what is already written: never replaces it, never sends. */
  const pick = (suggestion: string) => {
    setText(text.trim() ? `${text.trimEnd()}\n${suggestion}` : suggestion);
    textarea.current?.focus();
  };
  return (
    <>
      <ConversationAi conversationId={conversation.id} />
      {reply && <ReplySuggestions conversationId={conversation.id} lastMessageAt={conversation.lastMessageAt} fill={fill} onPick={pick} />}
      {reply && <DraftTools conversationId={conversation.id} text={text} setText={setText} textarea={textarea} />}
    </>
  );
}

/**
 * The language model in the composer, shown when the organisation turned it on: "Write a draft"
 * streams a draft into the reply box for the agent to edit, "Translate draft" puts the agent's
 * text into the customer's language (detected) or a chosen one. Neither sends anything.
 */
function DraftTools({ conversationId, text, setText, textarea }: Pick<Props, 'text' | 'setText' | 'textarea'> & { conversationId: number }) {
  const { t, i18n } = useTranslation('ai');
  const settings = useAiSettings();
  const draft = useDraftWriter(conversationId, text, setText);
  const [language, setLanguage] = useState('');
  // The agent's words before the last translation, offered back while the translation stands unedited.
  const [undo, setUndo] = useState<{ before: string; after: string } | null>(null);
  const translate = useMutation({
    mutationFn: (before: string) => translateDraft(conversationId, before, language || null),
    onSuccess: (r, before) => {
      if (r.text !== null) {
        replaceUndoably(textarea.current, r.text, setText);
        setUndo({ before, after: r.text });
      }
      textarea.current?.focus();
    },
  });
  const undoTranslation = () => {
    if (!undo) return;
    setText(undo.before);
    setUndo(null);
    textarea.current?.focus();
  };
  if (!settings?.enabled) return null;
  const busy = draft.writing || translate.isPending;
  const translateError = translate.error ? reasonText(t, aiReasonOf(translate.error), translate.error.message) : null;
  return (
    <div className="composer-ai" data-testid="composer-ai">
      <div className="composer-ai__tools">
        {draft.writing ? (
          <button type="button" className="button button--ghost button--small" onClick={draft.stop} data-testid="ai-draft-stop">
            <Square size={14} aria-hidden /> {t('draft.stop')}
          </button>
        ) : (
          <button type="button" className="button button--ghost button--small" onClick={() => void draft.write()} disabled={busy} data-testid="ai-draft">
            <Sparkles size={14} aria-hidden /> {t('draft.write')}
          </button>
        )}
        <label className="composer-ai__language">
          <span className="visually-hidden">{t('translate.into')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value)} data-testid="ai-translate-language">
            <option value="">{t('translate.customerLanguage')}</option>
            {TRANSLATION_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {languageName(code, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="button button--ghost button--small" onClick={() => translate.mutate(text)} disabled={busy || !text.trim()} data-testid="ai-translate-draft">
          <Languages size={14} aria-hidden /> {translate.isPending ? t('translate.translating') : t('translate.draft')}
        </button>
        {undo && undo.after === text && (
          <button type="button" className="button button--ghost button--small" onClick={undoTranslation} data-testid="ai-translate-undo">
            <Undo2 size={14} aria-hidden /> {t('translate.undo')}
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {draft.writing ? t('draft.writing') : ''}
      </p>
      {draft.notice && <Notice notice={draft.notice} onDismiss={draft.dismiss} />}
      {translateError && (
        <p className="composer-ai__notice" role="alert" data-testid="ai-notice">
          {translateError}
        </p>
      )}
      {translate.data?.cut && (
        <p className="composer-ai__notice" role="status" data-testid="ai-notice">
          {t('translate.cut')}
        </p>
      )}
    </div>
  );
}

/**
 * Puts `next` in the reply box as typing would (the textarea's own edit, through `insertText`), so
 * the browser's undo (Ctrl+Z, Cmd+Z) brings the agent's words back like any other edit; the
 * input event it fires reaches the composer's state. Where the browser cannot, the state is set.
 */
function replaceUndoably(box: HTMLTextAreaElement | null, next: string, setText: (text: string) => void): void {
  if (box) {
    box.focus();
    box.select();
    // execCommand is deprecated, and still the only way to edit a field inside its undo history.
    if (document.execCommand('insertText', false, next) && box.value === next) return;
  }
  setText(next);
}

function Notice({ notice, onDismiss }: { notice: DraftNotice; onDismiss: () => void }) {
  const { t } = useTranslation('ai');
  const fallbacks = ['timeout', 'error', 'refused', 'garbage'] as const;
  const text =
    notice.kind === 'cut'
      ? t('draft.cut', { limit: notice.limit })
      : notice.kind === 'fallback'
        ? t(`draft.fallback.${fallbacks.find((f) => f === notice.reason) ?? 'error'}`)
        : reasonText(t, notice.reason, notice.message);
  return (
    <p className="composer-ai__notice" role="alert" data-testid="ai-notice" data-kind={notice.kind}>
      {text}
      <button type="button" className="button button--ghost button--small" onClick={onDismiss} aria-label={t('draft.dismiss')}>
        <X size={14} aria-hidden />
      </button>
    </p>
  );
}
