import { X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type ClipboardEvent, type ComponentProps, type FormEvent, type KeyboardEvent, type RefObject } from 'react';
import type { CannedResponse, ConversationDetail, Message, ReplyWindow } from '../../api/types.ts';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session.tsx';
import { cannedQuery, insertCanned, matchCanned } from '../../lib/canned.ts';
import { cannedValues, fillCannedVariables, findPlaceholders } from '../../lib/canned-variables.ts';
import { useOrganization } from '../../queries/use-team-settings.ts';
import { replyLength } from '../../lib/reply-length.ts';
import { usePlatform } from '../../queries/use-platforms.ts';
import { CannedMenu } from './CannedMenu.tsx';
import { ComposerTools } from './ComposerTools.tsx';
import { ComposerInteractive } from './ComposerInteractive.tsx';
import { ComposerAi } from './ComposerAi.tsx';
import { TemplatePicker } from './TemplatePicker.tsx';
import { AttachmentTray } from './AttachmentTray.tsx';
import { useComposerAttachments } from './use-composer-attachments.ts';
import { ComposerVoice } from './ComposerVoice.tsx';
import type { SendBody } from '../../api/inbox-api.ts';
import { useCannedResponses } from './use-canned.ts';
import { useSend, type SendError } from './use-send.ts';
import { useHumanAgentChoice, WindowOptions } from './ComposerHumanAgent.tsx';
import { useDraft } from './use-draft.ts';
import { ActivityLine, CollisionPrompt } from '../../components/presence/ConversationActivity.tsx';
import { MentionMenu } from '../../components/presence/MentionMenu.tsx';
import { useConversationActivity } from '../../components/presence/use-conversation-activity.ts';
import { useMentionPicker } from '../../components/presence/use-mention-picker.ts';
import { useSendGuard } from '../../components/presence/use-send-guard.ts';
import { isTypingTarget } from '../../lib/shortcuts.ts';
import './composer.css';

interface Props {
  conversation: ConversationDetail;
  replyTo: Message | null;
  /** The thread as loaded: another agent's reply in it since this one began makes Send ask first (none given: only typing does). */
  messages?: readonly Message[];
  onClearReply: () => void;
  onSent: (message: Message) => void;
  onWindowChanged: () => void;
  /** Take the focus on opening (not when the agent is moving through the list with j/k). */
  autoFocus?: boolean;
}

const NO_MESSAGES: readonly Message[] = [];

const coarsePointer = () => window.matchMedia?.('(pointer: coarse)').matches ?? false;

/** What the reply window allows: free text, the HUMAN_AGENT tag, templates only, or nothing (a note is always possible). */
function composerMode(win: ReplyWindow, note: boolean, templateOpen: boolean) {
  const humanOption = !win.open && win.allowed.includes('human_agent_tag');
  const templateOnly = !win.open && win.allowed.includes('template');
  const blocked = !win.open && !humanOption && !templateOnly;
  const mode: 'text' | 'template' | 'blocked' = note ? 'text' : templateOnly || templateOpen ? 'template' : blocked ? 'blocked' : 'text';
  return { humanOption, templateOnly, blocked, mode, canTemplate: win.allowed.includes('template') };
}

/**
 * Canned responses for a "/shortcut" being typed before the caret, anywhere in the text (at its
 * start, a line's or after a space): ↑/↓ choose, Enter or Tab inserts in place of the shortcut,
 * Escape dismisses this one. A picked response's variables are filled from the conversation; the
 * first one left is selected for the agent to fill.
 */
function useCannedPicker(text: string, setText: (text: string) => void, textarea: RefObject<HTMLTextAreaElement | null>, contact: ConversationDetail['contact']) {
  const [active, setActive] = useState(0);
  const [caret, setCaret] = useState(text.length);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const trigger = cannedQuery(text, caret);
  const query = trigger && trigger.start !== dismissed ? trigger.query : null;
  const canned = useCannedResponses(query !== null);
  const me = useMe();
  const organisation = useOrganization(query !== null).data ?? null;
  const matches = useMemo(() => (query !== null ? matchCanned(canned, query) : []), [canned, query]);
  const current = Math.min(active, matches.length - 1);
  /** A response's text with the variables the conversation has values for filled in. */
  const fill = (content: string) => fillCannedVariables(content, cannedValues({ contact, agent: { name: me.name }, organisation }));
  const pick = (c: CannedResponse) => {
    if (!trigger) return;
    setActive(0);
    const filled = fill(c.content);
    const next = insertCanned(text, trigger, filled.text);
    setText(next.text);
    setCaret(next.select[1]);
    window.requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(...next.select);
    });
  };
  /** True when the key was the menu's. */
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (matches.length === 0) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
    else if (e.key === 'Enter' || e.key === 'Tab') pick(matches[current]!);
    else if (e.key === 'Escape') setDismissed(trigger?.start ?? null);
    else return false;
    e.preventDefault();
    return true;
  };
  /** Typing starts the menu's choice over. */
  const type = (t: string) => {
    setText(t);
    setActive(0);
  };
  /** Where the caret is (after typing, clicking, moving with the keys); another `/` is no longer the dismissed one. */
  const track = (el: HTMLTextAreaElement) => {
    setCaret(el.selectionStart ?? el.value.length);
    if (dismissed !== null && cannedQuery(el.value, el.selectionStart ?? 0)?.start !== dismissed) setDismissed(null);
  };
  return { matches, current, pick, onKeyDown, type, track, fill: (content: string) => fill(content).text };
}

/** Insert at the caret (an emoji), and put the caret after it. */
function useInsertAtCaret(textarea: RefObject<HTMLTextAreaElement | null>, text: string, setText: (t: string) => void) {
  return (s: string) => {
    const el = textarea.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    setText(text.slice(0, start) + s + text.slice(end));
    window.requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + s.length, start + s.length);
    });
  };
}

/** Escape drops the reply-to, Enter sends (Shift+Enter is a new line); the canned menu's keys come first. */
function composerKeys(menu: (e: KeyboardEvent<HTMLTextAreaElement>) => boolean, clearReply: (() => void) | null, submit: () => void) {
  return (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (menu(e)) return;
    if (e.key === 'Escape' && clearReply) {
      e.preventDefault();
      clearReply();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };
}

/** Something to send: text, or attachments uploaded (none still uploading, refused or failed: nothing goes silently missing). */
const hasContent = (text: string, files: { ready: boolean; blocksSend: boolean }) => (text.trim().length > 0 || files.ready) && !files.blocksSend;

/** The reply's length counted as the platform counts (and the server checks); notes are never sent, so never limited. */
function useReplyLength(platformId: string, note: boolean, text: string) {
  const platform = usePlatform(platformId);
  return !note && text.trim() && platform ? replyLength(platform.textLimit, platform.ui.name, text.trim()) : null;
}

/** The message as POST /api/messages takes it: only what is there. */
function textBody(conversationId: number, text: string, attachments: NonNullable<SendBody['attachments']>, replyTo: Message | null, note: boolean, needsTag: boolean): SendBody {
  return {
    conversationId,
    ...(text.trim() ? { content: text.trim() } : {}),
    ...(attachments.length ? { attachments } : {}),
    ...(replyTo ? { replyToMessageId: replyTo.id } : {}),
    ...(note ? { privateNote: true } : {}),
    ...(needsTag ? { tag: 'HUMAN_AGENT' as const } : {}),
  };
}

/**
 * Reply box. What it offers follows the reply window: free text while it is open; outside it,
 * the HUMAN_AGENT tag (Messenger, Instagram), an approved template (WhatsApp, Twilio), or nothing
 * (TikTok) — with the platform's reason. Private notes are always possible.
 */
export function Composer({ conversation, replyTo, messages = NO_MESSAGES, onClearReply, onSent, onWindowChanged, autoFocus = true }: Props) {
  const { t } = useTranslation('presence');
  const me = useMe();
  const { text, setText, note, setNote, kind, sent } = useDraft(me.id, conversation.id);
  const tag = useHumanAgentChoice(me.id, conversation.id, conversation.replyWindow);
  const [templateOpen, setTemplateOpen] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const { send, sending, error, clearError } = useSend(onSent, onWindowChanged);
  const { humanOption, templateOnly, blocked, mode, canTemplate } = composerMode(conversation.replyWindow, note, templateOpen);
  const files = useComposerAttachments(conversation.channel.platform, mode === 'text' && !note);
  const canned = useCannedPicker(text, setText, textarea, conversation.contact);
  const insert = useInsertAtCaret(textarea, text, setText);
  const team = useTeam(conversation.id, messages, { note, text, setText, textarea });
  const needsTag = humanOption && !note;
  const length = useReplyLength(conversation.channel.platform, note, text);
  // Without the tag chosen, Send and Enter ask for it (never a send button that silently does nothing).
  const canSend = mode === 'text' && hasContent(text, files) && !sending && !length?.tooLong && (note || findPlaceholders(text).length === 0);

  const { sendNow, submit, confirmTag } = useSubmit({
    canSend,
    note,
    askTag: needsTag && !tag.chosen ? tag.ask : null,
    chooseTag: () => tag.choose(true),
    guard: team.guard.guard,
    send: () => send(textBody(conversation.id, text, files.body(), replyTo, note, needsTag)),
    // What was sent leaves this conversation's draft (the one it was sent in, wherever the agent is now).
    onDone: () => (sent(kind, text), files.tray.clear(), textarea.current?.focus()),
  });

  return (
    <div className={`composer${note ? ' composer--note' : ''}${files.dragging ? ' composer--dragging' : ''}`} data-testid="composer-area" data-mode={mode} {...files.dropProps}>
      <ComposerHead activity={team.activity} replyTo={replyTo} onClearReply={onClearReply} />
      {!note && (templateOnly || blocked || humanOption) && <WindowOptions window={conversation.replyWindow} humanOption={humanOption} choice={tag} onConfirm={confirmTag} textarea={textarea} />}
      {error && <SendErrorNotice error={error} onDismiss={clearError} />}
      {team.guard.asked && !note && <CollisionPrompt warning={team.guard.asked} onSend={() => canSend && team.guard.guard(() => void sendNow())} onCancel={team.guard.cancel} />}
      {mode === 'template' ? (
        <TemplateMode
          channelId={conversation.channel.id}
          busy={sending}
          onSend={(template) => send({ conversationId: conversation.id, template, ...(replyTo ? { replyToMessageId: replyTo.id } : {}) }).then((ok) => (ok && setTemplateOpen(false), ok))}
          onCancel={templateOnly ? undefined : () => setTemplateOpen(false)}
          onNote={() => setNote(true)}
        />
      ) : (
        <form className="composer__form" onSubmit={submit}>
          <ComposerAi conversation={conversation} text={text} setText={setText} textarea={textarea} fill={canned.fill} reply={!note && mode === 'text'} />
          <CannedMenu items={canned.matches} active={canned.current} onPick={canned.pick} />
          <MentionMenu items={team.mention.matches} active={team.mention.current} onPick={team.mention.pick} />
          <ComposerInput
            autoFocus={autoFocus}
            textarea={textarea}
            text={text}
            onText={team.typed(canned.type)}
            onCaret={(el) => (team.mention.track(el), canned.track(el))}
            onKeyDown={composerKeys((e) => team.onKeyDown(e) || canned.onKeyDown(e), replyTo ? onClearReply : null, submit)}
            note={note}
            blocked={mode === 'blocked'}
            activeOption={team.mention.matches.length ? `mention-${team.mention.current}` : canned.matches.length ? `canned-${canned.current}` : null}
            length={length}
            onPaste={files.onPaste}
          />
          {!note && <UnfilledVariables text={text} />}
          {!note && <ComposerFiles files={files} hasText={!!text.trim()} />}
          {!note && mode === 'text' && <ComposerVoice conversation={conversation} replyTo={replyTo} tag={needsTag} send={send} />}
          {!note && mode === 'text' && <ComposerInteractive conversation={conversation} text={text} replyTo={replyTo} tag={needsTag} send={send} onSent={() => sent(kind, text)} />}
          <ComposerTools
            note={note}
            onNote={setNote}
            attach={files.tools}
            onEmoji={insert}
            disabled={mode === 'blocked'}
            canTemplate={canTemplate && !note}
            onTemplate={() => setTemplateOpen(true)}
            canSend={canSend}
            sending={sending}
            sendLabel={note ? t('composer.addNote') : needsTag ? t('composer.sendHumanAgent') : t('composer.send')}
          />
        </form>
      )}
    </div>
  );
}

/**
 * Send what is written: a reply first asks for the human agent tag where it needs one and it is
 * not chosen yet (`askTag`), and asks when another agent is answering too (Enter included); a
 * note never reaches the customer.
 */
function useSubmit(input: {
  canSend: boolean;
  note: boolean;
  askTag: (() => void) | null;
  chooseTag: () => void;
  guard: (send: () => void) => void;
  send: () => Promise<boolean>;
  onDone: () => void;
}) {
  const sendNow = async () => {
    if (await input.send()) input.onDone();
  };
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!input.canSend) return;
    if (input.note) void sendNow();
    else if (input.askTag) input.askTag();
    else input.guard(() => void sendNow());
  };
  /** The tag chosen in answer to the question: remembered, and what was asked about goes (through the collision check). */
  const confirmTag = () => {
    input.chooseTag();
    if (input.canSend) input.guard(() => void sendNow());
  };
  return { sendNow, submit, confirmTag };
}

/**
 * The rest of the team in the composer: who else views or types here (and this agent's own
 * typing, for replies only: a note collides with nobody), the `@` autocomplete of notes, and the
 * question before a reply that may cross another agent's.
 */
function useTeam(conversationId: number, messages: readonly Message[], draft: { note: boolean; text: string; setText: (t: string) => void; textarea: RefObject<HTMLTextAreaElement | null> }) {
  const me = useMe();
  const activity = useConversationActivity(conversationId, me.id);
  const mention = useMentionPicker({ enabled: draft.note, text: draft.text, setText: draft.setText, textarea: draft.textarea, meId: me.id });
  const guard = useSendGuard(messages, me.id, activity.typing);
  // Another agent's reply arriving ends their typing (a later update of the same message does not).
  const last = messages.at(-1);
  const repliedBy = last?.direction === 'outbound' && !last.isPrivateNote ? last.senderUserId : null;
  const { replied } = activity;
  const { cancel } = guard;
  // A question asked about a reply is not carried over to a note, nor back.
  useEffect(() => cancel(), [draft.note, cancel]);
  useEffect(() => {
    if (repliedBy !== null) replied(repliedBy);
  }, [last?.id, repliedBy, replied]);
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): boolean => {
    if (mention.onKeyDown(e)) return true;
    if (!guard.asked || e.key !== 'Escape') return false;
    e.preventDefault();
    guard.cancel();
    return true;
  };
  /** Each change of the text, handed on to `onText`, announces typing (repeated at most every few seconds). */
  const typed = (onText: (value: string) => void) => (value: string) => {
    onText(value);
    if (!draft.note && value.trim()) activity.announceTyping();
  };
  return { activity, mention, guard, onKeyDown, typed };
}

/** The `{{variables}}` left in the reply, highlighted: it is not sent until they are replaced (it would reach the customer as written). */
function UnfilledVariables({ text }: { text: string }) {
  const { t } = useTranslation('settings-canned');
  const placeholders = findPlaceholders(text);
  if (placeholders.length === 0) return null;
  return (
    <p className="composer__unfilled" role="alert" data-testid="unfilled-variables">
      {t('composer.unfilled')}{' '}
      {placeholders.map((p, i) => (
        <mark key={i} className="composer__variable">
          {`{{${p.name}}}`}
        </mark>
      ))}
    </p>
  );
}

/** Who else is in this conversation, and the message this reply answers. */
function ComposerHead({ activity, replyTo, onClearReply }: { activity: Pick<ReturnType<typeof useConversationActivity>, 'typing' | 'viewing'>; replyTo: Message | null; onClearReply: () => void }) {
  return (
    <>
      <ActivityLine typing={activity.typing} viewing={activity.viewing} />
      {replyTo && <ReplyPreview message={replyTo} onClear={onClearReply} />}
    </>
  );
}

function ReplyPreview({ message, onClear }: { message: Message; onClear: () => void }) {
  const { t } = useTranslation('presence');
  return (
    <div className="composer__reply" data-testid="reply-preview">
      <span className="composer__reply-label">{t('composer.replyingTo')}</span>
      <span className="composer__reply-text">{message.preview ?? message.content ?? t('composer.aMessage')}</span>
      <button type="button" className="button button--ghost button--small" onClick={onClear} aria-label={t('composer.cancelReply')}>
        <X size={14} />
      </button>
    </div>
  );
}

function SendErrorNotice({ error, onDismiss }: { error: SendError; onDismiss: () => void }) {
  const { t } = useTranslation('presence');
  return (
    <div className={`composer__error${error.windowClosed ? ' composer__error--window' : ''}`} role="alert" data-testid="send-error">
      <strong>{error.windowClosed ? t('composer.windowClosed') : t('composer.notSent')} </strong>
      {error.message}
      {error.allowedNow && <span> {t('composer.allowedNow', { options: error.allowedNow })}</span>}
      <button type="button" className="button button--ghost button--small" onClick={onDismiss} aria-label={t('composer.dismiss')}>
        <X size={14} />
      </button>
    </div>
  );
}

interface InputProps {
  textarea: RefObject<HTMLTextAreaElement | null>;
  text: string;
  onText: (text: string) => void;
  /** The caret moved (the `@` autocomplete reads the name before it). */
  onCaret: (el: HTMLTextAreaElement) => void;
  onKeyDown: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
  note: boolean;
  blocked: boolean;
  /** The highlighted option of the open menu (canned responses or agents to mention), by its element id. */
  activeOption: string | null;
  length: ReturnType<typeof replyLength> | null;
  autoFocus: boolean;
  /** Files pasted into the box become attachments. */
  onPaste: (e: ClipboardEvent<HTMLTextAreaElement>) => void;
}

/** The text itself, with its length counted the platform's way. */
function ComposerInput({ textarea, text, onText, onCaret, onKeyDown, note, blocked, activeOption, length, autoFocus, onPaste }: InputProps) {
  const { t } = useTranslation('presence');
  // Focused once drawn, but never taken from another field: the composer is drawn when its
  // conversation's details arrive, and by then the person may be typing elsewhere on the page
  // (a contact's details; the text went into the reply instead). From a link or a button (the
  // conversation row just clicked) it still takes the focus.
  useEffect(() => {
    if (autoFocus && !coarsePointer() && !isTypingTarget(document.activeElement)) textarea.current?.focus();
  }, []); // once, when the box is drawn, as the autoFocus attribute did
  return (
    <>
      <label htmlFor="composer-text" className="visually-hidden">
        {note ? t('composer.noteLabel') : t('composer.replyLabel')}
      </label>
      <textarea
        id="composer-text"
        ref={textarea}
        className="composer__input"
        rows={2}
        value={text}
        disabled={blocked}
        placeholder={blocked ? t('composer.blocked') : note ? t('composer.notePlaceholder') : t('composer.replyPlaceholder')}
        onChange={(e) => {
          onText(e.target.value);
          onCaret(e.target);
        }}
        onSelect={(e) => onCaret(e.currentTarget)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        aria-autocomplete="list"
        aria-controls={activeOption ? activeOption.replace(/-\d+$/, '-menu') : undefined}
        aria-activedescendant={activeOption ?? undefined}
        data-testid="composer"
        aria-describedby={length ? 'composer-length' : undefined}
        aria-invalid={length?.tooLong || undefined}
      />
      {length && (
        <div id="composer-length" className={`composer__length${length.tooLong ? ' composer__length--over' : ''}`} data-testid="length-counter" title={length.hint} aria-live="polite">
          {length.tooLong ? length.hint : length.label}
        </div>
      )}
    </>
  );
}

/** An approved template instead of text, or a private note instead of either. */
function TemplateMode({ onNote, ...picker }: ComponentProps<typeof TemplatePicker> & { onNote: () => void }) {
  const { t } = useTranslation('presence');
  return (
    <>
      <TemplatePicker {...picker} />
      <button type="button" className="button button--ghost button--small composer__note-instead" onClick={onNote} data-testid="note-toggle">
        {t('composer.noteInstead')}
      </button>
    </>
  );
}

type Files = ReturnType<typeof useComposerAttachments>;

/** The reply's files (the tray), once the platform's limits are known, and the drop zone over the whole composer while files are dragged onto it. */
function ComposerFiles({ files, hasText }: { files: Files; hasText: boolean }) {
  if (!files.limits) return null;
  return (
    <>
      <DropZone files={files} />
      <AttachmentTray items={files.tray.items} limits={files.limits} platformName={files.platformName} hasText={hasText} onRemove={files.tray.remove} onCaption={files.tray.setCaption} />
    </>
  );
}

/** Shown over the composer while files are dragged onto it, with what the platform takes. */
function DropZone({ files }: { files: Files }) {
  const { t } = useTranslation('composer-attachments');
  if (!files.dragging) return null;
  return (
    <div className="composer__dropzone" data-testid="drop-zone" aria-hidden="true">
      <span>
        <strong>{t('dropHere')}</strong>
        <br />
        {files.limitsText}
      </span>
    </div>
  );
}
