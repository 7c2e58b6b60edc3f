import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { forwardMessages } from '../../../api/forwarding-api.ts';
import { ApiError, errorMessage } from '../../../api/http.ts';
import type { ConversationSummary, Message, ReplyWindow } from '../../../api/types.ts';
import { useNow } from '../../../components/use-now.ts';
import { forwardPlan, type ForwardPlan, type ForwardRefusal } from '../../../lib/forwarding.ts';
import { formatClock } from '../../../lib/time-format.ts';
import { usePlatform, usePlatformName } from '../../../queries/use-platforms.ts';
import { ReplyWindowTag } from '../ReplyWindowTag.tsx';
import { WindowNotice } from '../WindowNotice.tsx';

/** Where forwarded messages come from: "forwarded from <platform>, <contact>". */
export interface Source {
  platform: string | null;
  contact: string | null;
}

interface Props {
  messages: readonly Message[];
  from: Source;
  target: ConversationSummary;
  onBack: () => void;
  onOpen: () => void;
  onDone: (count: number) => void;
}

type MediaKind = 'text' | 'image' | 'video' | 'audio' | 'file';

/** Sending, and the server's refusal: a closed window comes with what it allows now (422 WINDOW_CLOSED). */
function useForwardSend(messages: readonly Message[], target: ConversationSummary, onDone: (count: number) => void) {
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<{ message: string; window?: ReplyWindow } | null>(null);
  const send = async () => {
    setSending(true);
    setError(null);
    try {
      const sent = await forwardMessages(
        messages.map((m) => m.id),
        target.id,
      );
      onDone(sent.length);
    } catch (err) {
      const window = err instanceof ApiError && err.code === 'WINDOW_CLOSED' ? (err.details?.['window'] as ReplyWindow | undefined) : undefined;
      setError({ message: errorMessage(err), window });
    } finally {
      setSending(false);
    }
  };
  return { send, sending, error };
}

/**
 * The picked conversation and what forwarding there will do, before anything is sent: each
 * message as it will go, a message its platform refuses (and why), the reply window's refusal
 * with what it still allows — the checks the server makes (lib/forwarding.ts), so Forward is
 * offered only when it will be taken. The server's own refusal, if any, is shown the same way.
 */
export function ForwardPreview({ messages, from, target, onBack, onOpen, onDone }: Props) {
  const { t } = useTranslation('message-actions');
  const { t: ti } = useTranslation('inbox');
  const platform = usePlatform(target.platform);
  const platformName = usePlatformName();
  const now = useNow(60_000);
  const { send, sending, error } = useForwardSend(messages, target, onDone);
  const plan = platform ? forwardPlan(messages, target.replyWindow, { mediaTypes: platform.capabilities.mediaTypes, textLimit: platform.textLimit }) : null;
  const contact = target.contact.name ?? ti('unknownContact');
  return (
    <div className="forward-preview" data-testid="forward-preview" data-conversation-id={target.id}>
      <div className="forward-preview__target">
        <p className="forward-preview__to">{t('forward.to', { contact, platform: platformName(target.platform) })}</p>
        <ReplyWindowTag window={target.replyWindow} platform={target.platform} now={now} />
        <button type="button" className="link-button" onClick={onBack} data-testid="forward-change">
          {t('forward.change')}
        </button>
      </div>
      {plan && <PlanView plan={plan} messages={messages} from={from} targetName={platformName(target.platform)} onOpen={onOpen} />}
      {error && (
        <div className="forward-preview__error" role="alert" data-testid="forward-error">
          <p>{t('forward.notSent', { error: error.message })}</p>
          {error.window && <ClosedWindow window={error.window} onOpen={onOpen} />}
        </div>
      )}
      <div className="forward-dialog__actions">
        <button type="button" className="button button--primary" disabled={!plan?.ok || sending} onClick={() => void send()} data-testid="forward-send">
          {sending ? t('forward.sending') : t('forward.send')}
        </button>
      </div>
    </div>
  );
}

interface PlanProps {
  plan: ForwardPlan;
  messages: readonly Message[];
  from: Source;
  targetName: string;
  onOpen: () => void;
}

function PlanView({ plan, messages, from, targetName, onOpen }: PlanProps) {
  const { t } = useTranslation('message-actions');
  const platformName = usePlatformName();
  const kind = (k: MediaKind) => t(`forward.kind.${k}`);
  return (
    <>
      {plan.items.length > 0 && (
        <div className="forward-preview__plan">
          <p className="forward-preview__heading">{t('forward.willSend')}</p>
          <ul data-testid="forward-plan">
            {plan.items.map((i) => (
              <li key={i.messageId}>{i.mediaType ? (i.text ? t('forward.withText', { kind: kind(i.mediaType) }) : kind(i.mediaType)) : kind('text')}</li>
            ))}
          </ul>
          {from.platform && <p className="forward-preview__marked">{t('forward.markedFrom', { platform: platformName(from.platform), contact: from.contact ?? '' })}</p>}
        </div>
      )}
      {plan.refusals.length > 0 && <Refusals refusals={plan.refusals} messages={messages} targetName={targetName} />}
      {plan.windowClosed && <ClosedWindow window={plan.windowClosed.window} onOpen={onOpen} />}
      {plan.overCap && (
        <p className="form-error" role="alert" data-testid="forward-over-cap">
          {t('forward.overCap', { platform: targetName, count: plan.overCap.remaining, total: plan.overCap.count })}
        </p>
      )}
    </>
  );
}

/** Each message the target refuses, beside the choice, in the agent's words. */
function Refusals({ refusals, messages, targetName }: { refusals: ForwardRefusal[]; messages: readonly Message[]; targetName: string }) {
  const { t } = useTranslation('message-actions');
  const { t: tt } = useTranslation('inbox-tools');
  const reason = (r: ForwardRefusal) => {
    if (r.reason === 'typeRefused') return t('forward.refusal.typeRefused', { platform: targetName, kind: t(`forward.kind.${r.mediaType}`) });
    if (r.reason === 'tooLong') return t('forward.refusal.tooLong', { platform: targetName, length: r.length, max: r.max, unit: tt(`length.unit.${r.unit}`) });
    return t(`forward.refusal.${r.reason}`);
  };
  const time = (id: number) => {
    const m = messages.find((x) => x.id === id);
    return m ? `${formatClock(m.timestamp)}: ` : '';
  };
  return (
    <div className="forward-preview__refused" role="alert" data-testid="forward-refused">
      <p>{t('forward.refused')}</p>
      <ul>
        {refusals.map((r) => (
          <li key={r.messageId} data-reason={r.reason}>
            {time(r.messageId)}
            {reason(r)}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The closed window as the composer shows it, what it still allows, and the way to it: the conversation itself. */
function ClosedWindow({ window, onOpen }: { window: ReplyWindow; onOpen: () => void }) {
  const { t } = useTranslation('message-actions');
  const { t: tt } = useTranslation('inbox-tools');
  const options = window.allowed.length ? window.allowed.map((o) => tt(`allowed.${o}`)).join(', ') : tt('allowed.nothing');
  return (
    <div className="forward-preview__window" data-testid="forward-window-closed">
      <p className="forward-preview__heading">{t('forward.windowClosed')}</p>
      <WindowNotice window={window}>
        <p>{t('forward.allowedNow', { options })}</p>
        <p>{t('forward.windowHint')}</p>
        <button type="button" className="button button--small" onClick={onOpen} data-testid="forward-open-closed">
          {t('forward.open')}
        </button>
      </WindowNotice>
    </div>
  );
}
