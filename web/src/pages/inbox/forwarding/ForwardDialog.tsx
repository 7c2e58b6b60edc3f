import { X } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from 'wouter/use-browser-location';
import type { ConversationSummary, Message } from '../../../api/types.ts';
import { inboxHref } from '../../../lib/list-filters.ts';
import { formatClock } from '../../../lib/time-format.ts';
import { usePlatformName } from '../../../queries/use-platforms.ts';
import { ForwardPreview, type Source } from './ForwardPreview.tsx';
import { TargetPicker } from './TargetPicker.tsx';

interface Props {
  /** What is forwarded, in thread order. */
  messages: readonly Message[];
  /** The conversation they come from: left out of the picker, and named in "forwarded from". */
  from: Source & { conversationId: number };
  onClose: () => void;
  /** The server took them (they are queued in the target conversation). */
  onForwarded: () => void;
}

/** How many of the forwarded messages the dialog quotes at its top. */
const QUOTED = 3;

/**
 * Forward to another conversation, on any platform: pick it (the latest ones, or a search),
 * see what will happen there — what is sent, what its platform or reply window refuses — then
 * forward, and go to it if wanted. A modal `<dialog>`: the focus stays in it, Escape closes it
 * (and only it), and the focus goes back to where it was.
 */
export function ForwardDialog({ messages, from, onClose, onForwarded }: Props) {
  const { t } = useTranslation('message-actions');
  const dialog = useRef<HTMLDialogElement>(null);
  const [target, setTarget] = useState<ConversationSummary | null>(null);
  const [done, setDone] = useState<number | null>(null);
  useEffect(() => {
    const el = dialog.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (el && !el.open) el.showModal();
    return () => {
      el?.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  // Escape closes the dialog only: the thread around it would take it as "close the conversation".
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.preventDefault();
    e.stopPropagation();
    onClose();
  };
  const open = (id: number) => {
    onClose();
    navigate(inboxHref(id, window.location.search));
  };
  return (
    <dialog ref={dialog} className="forward-dialog" aria-labelledby="forward-title" onCancel={(e) => (e.preventDefault(), onClose())} onKeyDown={onKeyDown} data-testid="forward-dialog">
      <form className="forward-dialog__form" onSubmit={(e) => e.preventDefault()}>
        <div className="forward-dialog__head">
          <h2 id="forward-title">{t('forward.title', { count: messages.length })}</h2>
          <button type="button" className="button button--ghost button--small" aria-label={t('forward.close')} onClick={onClose}>
            <X size={16} />
          </button>
        </div>
        <Quoted messages={messages} />
        {done !== null && target ? (
          <ForwardDone count={done} target={target} onOpen={() => open(target.id)} onClose={onClose} />
        ) : target ? (
          <ForwardPreview
            messages={messages}
            from={from}
            target={target}
            onBack={() => setTarget(null)}
            onOpen={() => open(target.id)}
            onDone={(count) => {
              setDone(count);
              onForwarded();
            }}
          />
        ) : (
          <TargetPicker excludeId={from.conversationId} onPick={setTarget} />
        )}
      </form>
    </dialog>
  );
}

const kindOf = (m: Message) => {
  const type = m.media[0]?.type;
  return type === 'sticker' ? 'image' : (type ?? 'text');
};

/** The first few forwarded messages, as text, so the agent sees what goes. */
function Quoted({ messages }: { messages: readonly Message[] }) {
  const { t } = useTranslation('message-actions');
  const rest = messages.length - QUOTED;
  return (
    <ul className="forward-dialog__quoted" data-testid="forward-quoted">
      {messages.slice(0, QUOTED).map((m) => (
        <li key={m.id}>
          <time dateTime={m.timestamp}>{formatClock(m.timestamp)}</time> {m.content?.trim() ? m.content : (m.preview ?? t(`forward.kind.${kindOf(m)}`))}
        </li>
      ))}
      {rest > 0 && <li>{t('forward.more', { count: rest })}</li>}
    </ul>
  );
}

function ForwardDone({ count, target, onOpen, onClose }: { count: number; target: ConversationSummary; onOpen: () => void; onClose: () => void }) {
  const { t } = useTranslation('message-actions');
  const { t: ti } = useTranslation('inbox');
  const platformName = usePlatformName();
  const openButton = useRef<HTMLButtonElement>(null);
  useEffect(() => openButton.current?.focus(), []);
  return (
    <div className="forward-dialog__done">
      <p role="status" data-testid="forward-done">
        {t('forward.done', { count, contact: target.contact.name ?? ti('unknownContact'), platform: platformName(target.platform) })}
      </p>
      <div className="forward-dialog__actions">
        <button ref={openButton} type="button" className="button button--primary" onClick={onOpen} data-testid="forward-open-target">
          {t('forward.open')}
        </button>
        <button type="button" className="button" onClick={onClose} data-testid="forward-close">
          {t('forward.close')}
        </button>
      </div>
    </div>
  );
}
