import { useEffect, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyWindow } from '../../api/types.ts';
import { useFormat } from '../../i18n/use-format.ts';
import { loadHumanAgentChoice, saveHumanAgentChoice } from '../../lib/drafts.ts';
import { WindowNotice } from './WindowNotice.tsx';

/**
 * The human agent tag (Messenger, Instagram: after the 24 h window, within 7 days). The agent
 * chooses it once per conversation — with the box, or when Enter or Send would otherwise do
 * nothing, in the question that then appears — and the choice holds for this conversation while
 * the tag's period lasts (Meta allows the tag for a person's replies to the customer's inquiry
 * in that time; a new period asks again).
 */
export function useHumanAgentChoice(userId: number, conversationId: number, window: ReplyWindow) {
  const until = window.humanAgentUntil ?? null;
  const [chosen, setChosen] = useState(() => loadHumanAgentChoice(userId, conversationId, until));
  const [asked, setAsked] = useState(false);
  const choose = (on: boolean) => {
    setChosen(on);
    setAsked(false);
    saveHumanAgentChoice(userId, conversationId, until, on);
  };
  return { chosen, choose, asked, ask: () => setAsked(true), dismiss: () => setAsked(false) };
}

interface Props {
  window: ReplyWindow;
  humanOption: boolean;
  choice: ReturnType<typeof useHumanAgentChoice>;
  /** The question was answered yes: send what was asked about. */
  onConfirm: () => void;
  /** The reply box, where "Not now" (or Escape) goes back to. */
  textarea: RefObject<HTMLTextAreaElement | null>;
}

/** Why free text cannot go now; where the platform has it, the human agent tag: a box, and the question when a send needs it. */
export function WindowOptions({ window: win, humanOption, choice, onConfirm, textarea }: Props) {
  const { t } = useTranslation('presence');
  const { t: tt } = useTranslation('inbox-tools');
  const format = useFormat();
  return (
    <WindowNotice window={win}>
      {humanOption && (
        <label className="check">
          <input type="checkbox" checked={choice.chosen} onChange={(e) => choice.choose(e.target.checked)} data-testid="human-agent-toggle" />
          {t('composer.humanAgentToggle')}
        </label>
      )}
      {humanOption && choice.chosen && win.humanAgentUntil && <p className="window-notice__hint">{tt('composer.tagRemembered', { time: format.dateTime(win.humanAgentUntil) })}</p>}
      {humanOption && choice.asked && !choice.chosen && <TagQuestion onConfirm={onConfirm} onDismiss={() => (choice.dismiss(), textarea.current?.focus())} />}
    </WindowNotice>
  );
}

/** Asked when Enter or Send meets a reply that needs the tag: the focus goes to the answer, Escape goes back. */
function TagQuestion({ onConfirm, onDismiss }: { onConfirm: () => void; onDismiss: () => void }) {
  const { t } = useTranslation('inbox-tools');
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => yes.current?.focus(), []);
  return (
    <div
      className="tag-question"
      role="alertdialog"
      aria-labelledby="tag-question-text"
      data-testid="human-agent-question"
      onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), e.stopPropagation(), onDismiss())}
    >
      <p id="tag-question-text">{t('composer.tagAsk')}</p>
      <button ref={yes} type="button" className="button button--primary button--small" onClick={onConfirm} data-testid="human-agent-send">
        {t('composer.tagSend')}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={onDismiss} data-testid="human-agent-cancel">
        {t('composer.tagCancel')}
      </button>
    </div>
  );
}
