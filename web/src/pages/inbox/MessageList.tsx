import { useVirtualizer, type Virtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { i18next } from '../../i18n/i18n.ts';
import { ArrowDown } from 'lucide-react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Message } from '../../api/types.ts';
import { useNow } from '../../components/use-now.ts';
import { buildThreadRows, dayKey, type ThreadRow } from '../../lib/day-groups.ts';
import { externalKey, quotedMessage } from '../../lib/thread-messages.ts';
import { authorKey } from '../../components/presence/MessageAuthor.tsx';
import { MessageBubble } from './MessageBubble.tsx';

interface Props {
  conversationId: number;
  messages: Message[];
  hasOlder: boolean;
  loadingOlder: boolean;
  olderError: string | null;
  onLoadOlder: () => Promise<boolean>;
  seek: (messageId: number) => Promise<boolean>;
  focusMessageId: number | null;
  onReply: (message: Message) => void;
  onRetry: (message: Message) => void;
}

type Row = ThreadRow | { kind: 'start'; key: string };
type Scroller = Virtualizer<HTMLDivElement, Element>;

/** Rows this close to the top start loading the page before. */
const LOAD_AHEAD_ROWS = 8;

function estimate(row: Row | undefined): number {
  if (!row || row.kind !== 'message') return 40;
  const m = row.message;
  if (m.media.some((x) => x.type === 'image' || x.type === 'video' || x.type === 'sticker')) return 260;
  return 56 + Math.min(6, Math.floor((m.content?.length ?? 0) / 60)) * 20;
}

/** Day dividers between the messages, and "Beginning of the conversation" once there is nothing older. */
function useRows(messages: Message[], hasOlder: boolean): Row[] {
  const today = dayKey(useNow(60_000));
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo<Row[]>(() => {
    const built = buildThreadRows(messages, new Date());
    return hasOlder ? built : [{ kind: 'start', key: 'start' }, ...built];
    // `today` relabels "Today"/"Yesterday" after midnight; `language` relabels them in another language.
  }, [messages, hasOlder, today, language]);
}

/**
 * Open at the newest message. Older pages wait until that first scroll has landed (`settled`):
 * before it, the top rows are on screen for a frame and would fetch a page nobody asked for.
 */
function useOpenAtEnd(virtualizer: Scroller, rowCount: number, focusMessageId: number | null) {
  const opened = useRef(false);
  const [settled, setSettled] = useState(false);
  const settle = useCallback(() => {
    opened.current = true;
    window.requestAnimationFrame(() => window.requestAnimationFrame(() => setSettled(true)));
  }, []);
  useLayoutEffect(() => {
    if (opened.current || rowCount === 0 || focusMessageId !== null) return;
    virtualizer.scrollToEnd();
    settle();
  }, [rowCount, virtualizer, focusMessageId, settle]);
  return { settled, settle };
}

/** New messages: our own sends always scroll into view; customers' wait behind a button when reading above. */
function useFollowNew(virtualizer: Scroller, scroller: RefObject<HTMLDivElement | null>, last: Message | undefined) {
  const [atEnd, setAtEnd] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const lastId = useRef(last?.id);
  useEffect(() => {
    if (!last || last.id === lastId.current) return;
    const wasKnown = lastId.current !== undefined;
    lastId.current = last.id;
    if (!wasKnown) return;
    if (last.direction === 'outbound' && last.status === 'pending') virtualizer.scrollToEnd();
    else if (!atEnd) setUnseen((n) => n + 1);
  }, [last, atEnd, virtualizer]);
  const onScroll = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    const end = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    setAtEnd(end);
    if (end) setUnseen(0);
  }, [scroller]);
  const jump = () => {
    virtualizer.scrollToEnd({ behavior: 'smooth' });
    setUnseen(0);
  };
  return { unseen: atEnd ? 0 : unseen, onScroll, jump };
}

/** A search hit: load back to it, then centre and flash it; say so when it is gone. */
function useSeekHit(virtualizer: Scroller, rows: Row[], props: Pick<Props, 'conversationId' | 'focusMessageId' | 'seek' | 'messages'>, settle: () => void) {
  const { conversationId, focusMessageId, seek, messages } = props;
  const [highlight, setHighlight] = useState<number | null>(null);
  const [seekNote, setSeekNote] = useState<string | null>(null);
  useEffect(() => {
    if (focusMessageId === null) return;
    let cancelled = false;
    void (async () => {
      setSeekNote(null);
      const found = messages.some((m) => m.id === focusMessageId) || (await seek(focusMessageId).catch(() => false));
      if (cancelled) return;
      if (found) return setHighlight(focusMessageId);
      setSeekNote(i18next.t('inbox:seekGone'));
      virtualizer.scrollToEnd();
      settle();
    })();
    return () => {
      cancelled = true;
    };
    // Only a new hit (or another conversation) seeks again, not every message that arrives meanwhile.
  }, [focusMessageId, conversationId]);
  const highlightIndex = highlight === null ? -1 : rows.findIndex((r) => r.kind === 'message' && r.message.id === highlight);
  useEffect(() => {
    if (highlightIndex < 0) return;
    virtualizer.scrollToIndex(highlightIndex, { align: 'center' });
    settle();
  }, [highlightIndex, virtualizer, settle]);
  useEffect(() => {
    if (highlight === null) return;
    const t = window.setTimeout(() => setHighlight(null), 2500);
    return () => window.clearTimeout(t);
  }, [highlight]);
  return { highlight, seekNote };
}

/**
 * The thread, virtualised (@tanstack/react-virtual): only the rows on screen are in the DOM,
 * each measured as it renders, so a 10,000-message thread scrolls like a short one. It is
 * anchored to the end: it opens at the newest message, follows new ones while at the bottom,
 * and keeps the reader's place when an older page is put above.
 */
export function MessageList(props: Props) {
  const { t } = useTranslation('inbox');
  const { messages, hasOlder, loadingOlder, olderError, onLoadOlder, focusMessageId } = props;
  const rows = useRows(messages, hasOlder);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const byExternalId = useMemo(() => new Map(messages.flatMap((m) => (m.externalId ? [[externalKey(m.channelId, m.externalId), m] as const] : []))), [messages]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => estimate(rows[i]),
    getItemKey: (i) => rows[i]?.key ?? i,
    overscan: 8,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 80,
  });
  const { settled, settle } = useOpenAtEnd(virtualizer, rows.length, focusMessageId);
  const follow = useFollowNew(virtualizer, scroller, messages.at(-1));
  const { highlight, seekNote } = useSeekHit(virtualizer, rows, props, settle);

  // Older pages when the top comes near.
  const first = virtualizer.getVirtualItems()[0]?.index ?? 0;
  useEffect(() => {
    if (settled && hasOlder && !loadingOlder && !olderError && first < LOAD_AHEAD_ROWS) void onLoadOlder();
  }, [settled, first, hasOlder, loadingOlder, olderError, onLoadOlder]);

  return (
    <div className="messages-wrap">
      <OlderNotices loading={loadingOlder} error={olderError} note={seekNote} onRetry={onLoadOlder} />
      <div ref={scroller} className="messages" onScroll={follow.onScroll} tabIndex={0} role="region" aria-label={t('messages')} data-testid="message-list" data-count={messages.length}>
        <div className="messages__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((vi) => {
            const row = rows[vi.index];
            if (!row) return null;
            return (
              <div key={vi.key} data-index={vi.index} ref={virtualizer.measureElement} className="messages__row" style={{ transform: `translateY(${vi.start}px)` }}>
                <RowView row={row} previous={rows[vi.index - 1]} byId={byId} byExternalId={byExternalId} highlight={highlight} onReply={props.onReply} onRetry={props.onRetry} />
              </div>
            );
          })}
        </div>
      </div>
      {follow.unseen > 0 && (
        <button type="button" className="button button--primary messages__jump" onClick={follow.jump}>
          <ArrowDown size={16} /> {t('newMessages', { count: follow.unseen })}
        </button>
      )}
    </div>
  );
}

function OlderNotices({ loading, error, note, onRetry }: { loading: boolean; error: string | null; note: string | null; onRetry: () => Promise<boolean> }) {
  const { t } = useTranslation('inbox');
  return (
    <>
      {loading && (
        <p className="messages__older" role="status">
          {t('older.loading')}
        </p>
      )}
      {error && !loading && (
        <p className="messages__older" role="alert">
          {t('older.failed')}{' '}
          <button type="button" className="link-button" onClick={() => void onRetry()}>
            {t('bubble.retry')}
          </button>
        </p>
      )}
      {note && (
        <p className="messages__older" role="status">
          {note}
        </p>
      )}
    </>
  );
}

interface RowProps {
  row: Row;
  previous: Row | undefined;
  byId: Map<number, Message>;
  byExternalId: Map<string, Message>;
  highlight: number | null;
  onReply: (message: Message) => void;
  onRetry: (message: Message) => void;
}

function RowView({ row, previous, byId, byExternalId, highlight, onReply, onRetry }: RowProps) {
  const { t } = useTranslation('inbox');
  if (row.kind === 'start') return <p className="messages__start">{t('beginning')}</p>;
  if (row.kind === 'day') {
    return (
      <div className="day-divider" role="separator">
        <span>{row.label}</span>
      </div>
    );
  }
  const m = row.message;
  return (
    <MessageBubble
      message={m}
      quoted={quotedMessage(m, byId, byExternalId)}
      continued={row.continued}
      showAuthor={!row.continued || previous?.kind !== 'message' || authorKey(previous.message) !== authorKey(m)}
      highlighted={highlight === m.id}
      onReply={onReply}
      onRetry={onRetry}
    />
  );
}
