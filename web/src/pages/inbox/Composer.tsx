import { X } from 'lucide-react';
import { useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CannedResponse, ConversationDetail, Message } from '../../api/types.ts';
import { cannedQuery, matchCanned } from '../../lib/canned.ts';
import { replyLength } from '../../lib/reply-length.ts';
import { usePlatform } from '../../queries/use-platforms.ts';
import { CannedMenu } from './CannedMenu.tsx';
import { ComposerTools } from './ComposerTools.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';
import { useAttachment } from './use-attachment.ts';
import { useCannedResponses } from './use-canned.ts';
import { useSend } from './use-send.ts';
import { WindowNotice } from './WindowNotice.tsx';
import './composer.css';

interface Props {
  conversation: ConversationDetail;
  replyTo: Message | null;
  onClearReply: () => void;
  onSent: (message: Message) => void;
  onWindowChanged: () => void;
}

const coarsePointer = () => window.matchMedia?.('(pointer: coarse)').matches ?? false;

/**
 * Reply box. What it offers follows the reply window: free text while it is open; outside it,
 * the HUMAN_AGENT tag (Messenger, Instagram), an approved template (WhatsApp, Twilio), or nothing
 * (TikTok) — with the platform's reason. Private notes are always possible.
 */
export function Composer({ conversation, replyTo, onClearReply, onSent, onWindowChanged }: Props) {
  const win = conversation.replyWindow;
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [humanAgent, setHumanAgent] = useState(false);
  const [templateOpen, setTemplateOpen] = useState(false);
  const [cannedActive, setCannedActive] = useState(0);
  const [cannedDismissed, setCannedDismissed] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const { attachment, pick, clear } = useAttachment();
  const { send, sending, error, clearError } = useSend(onSent, onWindowChanged);

  const humanOption = !win.open && win.allowed.includes('human_agent_tag');
  const templateOnly = !win.open && win.allowed.includes('template');
  const blocked = !win.open && !humanOption && !templateOnly;
  const mode: 'text' | 'template' | 'blocked' = note ? 'text' : templateOnly || templateOpen ? 'template' : blocked ? 'blocked' : 'text';

  const query = cannedQuery(text);
  const canned = useCannedResponses(query !== null);
  const matches = useMemo(() => (query !== null && query !== cannedDismissed ? matchCanned(canned, query) : []), [canned, query, cannedDismissed]);

  const ready = attachment?.status !== 'uploading' && attachment?.status !== 'error';
  const hasContent = text.trim().length > 0 || attachment?.status === 'ready';
  const needsTag = humanOption && !note;
  // Counted as the platform counts (and the server checks); notes are never sent, so never limited.
  const platform = usePlatform(conversation.channel.platform);
  const length = !note && text.trim() && platform ? replyLength(platform.textLimit, platform.ui.name, text.trim()) : null;
  const canSend = mode === 'text' && hasContent && ready && !sending && (!needsTag || humanAgent) && !length?.tooLong;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!canSend) return;
    const ok = await send({
      conversationId: conversation.id,
      ...(text.trim() ? { content: text.trim() } : {}),
      ...(attachment?.status === 'ready' ? { media: attachment.upload } : {}),
      ...(replyTo ? { replyToMessageId: replyTo.id } : {}),
      ...(note ? { privateNote: true } : {}),
      ...(needsTag ? { tag: 'HUMAN_AGENT' as const } : {}),
    });
    if (ok) {
      setText('');
      clear();
      textarea.current?.focus();
    }
  };

  const pickCanned = (c: CannedResponse) => {
    setText(c.content);
    setCannedActive(0);
    textarea.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        setCannedActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pickCanned(matches[Math.min(cannedActive, matches.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setCannedDismissed(query);
        return;
      }
    }
    if (e.key === 'Escape' && replyTo) {
      e.preventDefault();
      onClearReply();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  const insert = (s: string) => {
    const el = textarea.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + s + text.slice(end));
    window.requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + s.length, start + s.length);
    });
  };

  return (
    <div className={`composer${note ? ' composer--note' : ''}`} data-testid="composer-area" data-mode={mode}>
      {replyTo && (
        <div className="composer__reply" data-testid="reply-preview">
          <span className="composer__reply-label">Replying to</span>
          <span className="composer__reply-text">{replyTo.preview ?? replyTo.content ?? 'a message'}</span>
          <button type="button" className="button button--ghost button--small" onClick={onClearReply} aria-label="Cancel reply">
            <X size={14} />
          </button>
        </div>
      )}
      {!note && (templateOnly || blocked || humanOption) && (
        <WindowNotice window={win}>
          {humanOption && (
            <label className="check">
              <input type="checkbox" checked={humanAgent} onChange={(e) => setHumanAgent(e.target.checked)} data-testid="human-agent-toggle" />
              Send as human agent (HUMAN_AGENT tag)
            </label>
          )}
        </WindowNotice>
      )}
      {error && (
        <div className={`composer__error${error.windowClosed ? ' composer__error--window' : ''}`} role="alert" data-testid="send-error">
          <strong>{error.windowClosed ? 'The reply window is closed. ' : 'Not sent. '}</strong>
          {error.message}
          {error.allowedNow && <span> Allowed now: {error.allowedNow}.</span>}
          <button type="button" className="button button--ghost button--small" onClick={clearError} aria-label="Dismiss">
            <X size={14} />
          </button>
        </div>
      )}
      {mode === 'template' ? (
        <TemplatePicker
          channelId={conversation.channel.id}
          busy={sending}
          onSend={(template) =>
            send({ conversationId: conversation.id, template, ...(replyTo ? { replyToMessageId: replyTo.id } : {}) }).then((ok) => {
              if (ok) setTemplateOpen(false);
              return ok;
            })
          }
          onCancel={templateOnly ? undefined : () => setTemplateOpen(false)}
        />
      ) : null}
      {mode === 'template' && (
        <button type="button" className="button button--ghost button--small composer__note-instead" onClick={() => setNote(true)} data-testid="note-toggle">
          Write a private note instead
        </button>
      )}
      {mode !== 'template' && (
        <form className="composer__form" onSubmit={submit}>
          <CannedMenu items={matches} active={Math.min(cannedActive, matches.length - 1)} onPick={pickCanned} />
          <label htmlFor="composer-text" className="visually-hidden">
            {note ? 'Private note' : 'Reply'}
          </label>
          <textarea
            id="composer-text"
            ref={textarea}
            className="composer__input"
            rows={2}
            value={text}
            disabled={mode === 'blocked'}
            placeholder={mode === 'blocked' ? 'Replies are not possible right now' : note ? 'Write a private note for your team…' : 'Write a reply… (Enter sends, Shift+Enter for a new line, / for canned responses)'}
            onChange={(e) => {
              setText(e.target.value);
              setCannedActive(0);
            }}
            onKeyDown={onKeyDown}
            autoFocus={!coarsePointer()}
            aria-autocomplete="list"
            aria-controls={matches.length ? 'canned-menu' : undefined}
            aria-activedescendant={matches.length ? `canned-${Math.min(cannedActive, matches.length - 1)}` : undefined}
            data-testid="composer"
            aria-describedby={length ? 'composer-length' : undefined}
            aria-invalid={length?.tooLong || undefined}
          />
          {length && (
            <div id="composer-length" className={`composer__length${length.tooLong ? ' composer__length--over' : ''}`} data-testid="length-counter" title={length.hint} aria-live="polite">
              {length.tooLong ? length.hint : length.label}
            </div>
          )}
          <ComposerTools
            note={note}
            onNote={setNote}
            attachment={attachment}
            onPickFile={pick}
            onClearFile={clear}
            onEmoji={insert}
            disabled={mode === 'blocked'}
            canTemplate={win.allowed.includes('template') && !note}
            onTemplate={() => setTemplateOpen(true)}
            canSend={canSend}
            sending={sending}
            sendLabel={note ? 'Add note' : needsTag ? 'Send as human agent' : 'Send'}
          />
        </form>
      )}
    </div>
  );
}
