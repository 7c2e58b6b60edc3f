import { Mic, Send, Square, Trash2 } from 'lucide-react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile, type SendBody } from '../../api/inbox-api.ts';
import type { ConversationDetail, Message } from '../../api/types.ts';
import { clock } from '../../lib/clock.ts';
import { usePlatform } from '../../queries/use-platforms.ts';
import './composer-voice.css';

/**
 * A voice note from the composer: record (MediaRecorder, the browser's own Opus in WebM), stop,
 * listen, then send or discard. The server stores the recording as Ogg/Opus and each platform
 * gets it as its voice message or as audio (GET /api/v1/platforms `capabilities.voiceNotes`);
 * where the platform takes no such audio the button is disabled and says why. A refused
 * microphone is explained, never a silent nothing.
 */
interface Props {
  conversation: ConversationDetail;
  replyTo: Message | null;
  /** The reply goes with the HUMAN_AGENT tag (the composer asked for it). */
  tag: boolean;
  /** The composer's send (its Idempotency-Key, its error notice); true once the server took it. */
  send: (body: SendBody) => Promise<boolean>;
}

type Problem = 'denied' | 'noMicrophone' | 'unsupported';
type Recorder = { state: 'idle'; problem?: Problem } | { state: 'recording'; startedAt: number; recorder: MediaRecorder } | { state: 'recorded'; blob: Blob; url: string; seconds: number };

/** The recorder's states; the stream is released when recording stops, the preview's URL when it is discarded or sent. */
function useVoiceRecorder() {
  const [rec, setRec] = useState<Recorder>({ state: 'idle' });
  const [now, setNow] = useState(() => Date.now());
  const chunks = useRef<Blob[]>([]);
  useEffect(() => {
    if (rec.state !== 'recording') return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [rec.state]);
  useEffect(() => () => (rec.state === 'recorded' ? URL.revokeObjectURL(rec.url) : undefined), [rec]);

  async function start() {
    if (typeof MediaRecorder === 'undefined' || !navigator.mediaDevices?.getUserMedia) return setRec({ state: 'idle', problem: 'unsupported' });
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (err) {
      const name = err instanceof DOMException ? err.name : '';
      return setRec({ state: 'idle', problem: name === 'NotFoundError' || name === 'OverconstrainedError' ? 'noMicrophone' : 'denied' });
    }
    const type = MediaRecorder.isTypeSupported('audio/webm;codecs=opus') ? 'audio/webm;codecs=opus' : '';
    const recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    chunks.current = [];
    const startedAt = Date.now();
    recorder.ondataavailable = (e) => e.data.size > 0 && chunks.current.push(e.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      const blob = new Blob(chunks.current, { type: recorder.mimeType || 'audio/webm' });
      setRec({ state: 'recorded', blob, url: URL.createObjectURL(blob), seconds: (Date.now() - startedAt) / 1000 });
    };
    recorder.start(1000);
    setNow(startedAt);
    setRec({ state: 'recording', startedAt, recorder });
  }
  const stop = () => rec.state === 'recording' && rec.recorder.stop();
  const discard = () => setRec({ state: 'idle' });
  return { rec, elapsed: rec.state === 'recording' ? Math.max(0, (now - rec.startedAt) / 1000) : 0, start, stop, discard };
}

export function ComposerVoice({ conversation, replyTo, tag, send }: Props) {
  const { t } = useTranslation('composer-voice');
  const platform = usePlatform(conversation.channel.platform);
  const { rec, elapsed, start, stop, discard } = useVoiceRecorder();
  const [sending, setSending] = useState<{ busy: boolean; error?: string }>({ busy: false });
  const whyId = useId();
  const how = platform?.capabilities.voiceNotes;
  const name = platform?.ui.name ?? conversation.channel.platform;
  const why = how === 'noAudio' || how === 'format' ? t(how, { platform: name }) : null;

  async function sendVoice() {
    if (rec.state !== 'recorded') return;
    setSending({ busy: true });
    try {
      // A platform without Ogg gets the recording decoded to WAV by the server (capabilities.voiceNoteType).
      const as = platform?.capabilities.voiceNoteType === 'audio/wav' ? 'audio/wav' : undefined;
      const upload = await uploadFile(new File([rec.blob], 'voice-note.webm', { type: rec.blob.type }), as);
      const ok = await send({ conversationId: conversation.id, media: upload, ...(replyTo ? { replyToMessageId: replyTo.id } : {}), ...(tag ? { tag: 'HUMAN_AGENT' as const } : {}) });
      setSending({ busy: false });
      if (ok) discard();
    } catch (err) {
      setSending({ busy: false, error: t('failed', { reason: err instanceof Error ? err.message : String(err) }) });
    }
  }

  if (rec.state === 'recording') {
    return (
      <div className="composer-voice composer-voice--recording" role="group" aria-label={t('record')}>
        <span className="composer-voice__dot" aria-hidden="true" />
        <span data-testid="voice-timer" aria-live="off">
          {t('recording', { time: clock(elapsed) })}
        </span>
        <span className="visually-hidden" role="status">
          {t('recordingStarted')}
        </span>
        <button type="button" className="button" data-testid="voice-stop" onClick={stop} autoFocus>
          <Square size={16} aria-hidden="true" /> {t('stop')}
        </button>
      </div>
    );
  }
  if (rec.state === 'recorded') {
    return (
      <div className="composer-voice" role="group" aria-label={t('preview', { time: clock(rec.seconds) })}>
        <audio controls src={rec.url} data-testid="voice-preview" aria-label={t('preview', { time: clock(rec.seconds) })} />
        <span className="composer-voice__hint">{how === 'voice' || how === 'audio' ? t(how === 'voice' ? 'asVoice' : 'asAudio', { platform: name }) : null}</span>
        <button type="button" className="button" data-testid="voice-discard" onClick={discard} disabled={sending.busy}>
          <Trash2 size={16} aria-hidden="true" /> {t('discard')}
        </button>
        <button type="button" className="button button--primary" data-testid="voice-send" onClick={() => void sendVoice()} disabled={sending.busy}>
          <Send size={16} aria-hidden="true" /> {sending.busy ? t('sending') : t('send')}
        </button>
        {sending.error && (
          <p className="composer-voice__error" role="alert" data-testid="voice-error">
            {sending.error}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="composer-voice">
      <button type="button" className="button" data-testid="voice-record" onClick={() => void start()} disabled={why !== null} aria-describedby={why ? whyId : undefined} title={why ?? t('record')}>
        <Mic size={16} aria-hidden="true" /> {t('record')}
      </button>
      {why && (
        <span id={whyId} className="composer-voice__hint" data-testid="voice-why">
          {why}
        </span>
      )}
      {rec.problem && (
        <p className="composer-voice__error" role="alert" data-testid="voice-error">
          {t(rec.problem)}
        </p>
      )}
    </div>
  );
}
