import { ArrowDown } from 'lucide-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '../../api/types.ts';
import { useNow } from '../../components/use-now.ts';
import { buildThreadRows, dayKey, type ThreadRow } from '../../lib/day-groups.ts';
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

/** Rows this close to the top start loading the page before. */
const LOAD_AHEAD_ROWS = 8;

function estimate(row: Row | undefined): number {
  if (!row || row.kind !== 'message') return 40;
  const m = row.message;
  if (m.media.some((x) => x.type === 'image' || x.type === 'video' || x.type === 'sticker')) return 260;
  return 56 + Math.min(6, Math.floor((m.content?.length ?? 0) / 60)) * 20;
}

/**
 * The thread, virtualised (@tanstack/react-virtual): only the rows on screen are in the DOM,
 * each measured as it renders, so a 10,000-message thread scrolls like a short one. It is
 * anchored to the end: it opens at the newest message, follows new ones while at the bottom,
 * and keeps the reader's place when an older page is put above.
 */
export function MessageList({ conversationId, messages, hasOlder, loadingOlder, olderError, onLoadOlder, seek, focusMessageId, onReply, onRetry }: Props) {
  const today = dayKey(useNow(60_000));
  const rows = useMemo<Row[]>(() => {
    const built = buildThreadRows(messages, new Date());
    return hasOlder ? built : [{ kind: 'start', key: 'start' }, ...built];
    // `today` relabels "Today"/"Yesterday" after midnight.
  }, [messages, hasOlder, today]);
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const scroller = useRef<HTMLDivElement>(null);
  const [atEnd, setAtEnd] = useState(true);
  const [unseen, setUnseen] = useState(0);
  const [highlight, setHighlight] = useState<number | null>(null);
  const [seekNote, setSeekNote] = useState<string | null>(null);

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

  // Open at the newest message. Older pages wait until that first scroll has landed: before
  // it, the top rows are on screen for a frame and would fetch a page nobody asked for.
  const opened = useRef(false);
  const [settled, setSettled] = useState(false);
  const settle = useCallback(() => {
    opened.current = true;
    window.requestAnimationFrame(() => window.requestAnimationFrame(() => setSettled(true)));
  }, []);
  useLayoutEffect(() => {
    if (opened.current || rows.length === 0 || focusMessageId !== null) return;
    virtualizer.scrollToEnd();
    settle();
  }, [rows.length, virtualizer, focusMessageId, settle]);

  // Older pages when the top comes near.
  const first = virtualizer.getVirtualItems()[0]?.index ?? 0;
  useEffect(() => {
    if (settled && hasOlder && !loadingOlder && !olderError && first < LOAD_AHEAD_ROWS) void onLoadOlder();
  }, [settled, first, hasOlder, loadingOlder, olderError, onLoadOlder]);

  // New messages: our own sends always scroll into view; customers' wait behind a button when reading above.
  const last = messages.at(-1);
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
  }, []);

  // A search hit: load back to it, then centre and flash it.
  useEffect(() => {
    if (focusMessageId === null) return;
    let cancelled = false;
    void (async () => {
      setSeekNote(null);
      const found = byId.has(focusMessageId) || (await seek(focusMessageId).catch(() => false));
      if (cancelled) return;
      if (!found) {
        setSeekNote('That message is not in this conversation any more.');
        virtualizer.scrollToEnd();
        settle();
        return;
      }
      setHighlight(focusMessageId);
    })();
    return () => {
      cancelled = true;
    };
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

  const items = virtualizer.getVirtualItems();
  return (
    <div className="messages-wrap">
      {loadingOlder && (
        <p className="messages__older" role="status">
          Loading older messages…
        </p>
      )}
      {olderError && !loadingOlder && (
        <p className="messages__older" role="alert">
          Older messages did not load.{' '}
          <button type="button" className="link-button" onClick={() => void onLoadOlder()}>
            Retry
          </button>
        </p>
      )}
      {seekNote && (
        <p className="messages__older" role="status">
          {seekNote}
        </p>
      )}
      <div ref={scroller} className="messages" onScroll={onScroll} tabIndex={0} role="region" aria-label="Messages" data-testid="message-list" data-count={messages.length}>
        <div className="messages__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((vi) => {
            const row = rows[vi.index];
            if (!row) return null;
            return (
              <div key={vi.key} data-index={vi.index} ref={virtualizer.measureElement} className="messages__row" style={{ transform: `translateY(${vi.start}px)` }}>
                {row.kind === 'start' && <p className="messages__start">Beginning of the conversation</p>}
                {row.kind === 'day' && (
                  <div className="day-divider" role="separator">
                    <span>{row.label}</span>
                  </div>
                )}
                {row.kind === 'message' && (
                  <MessageBubble
                    message={row.message}
                    quoted={row.message.replyToMessageId ? (byId.get(row.message.replyToMessageId) ?? null) : row.message.replyToExternalId ? null : undefined}
                    continued={row.continued}
                    highlighted={highlight === row.message.id}
                    onReply={onReply}
                    onRetry={onRetry}
                  />
                )}
              </div>
            );
          })}
        </div>
      </div>
      {unseen > 0 && !atEnd && (
        <button
          type="button"
          className="button button--primary messages__jump"
          onClick={() => {
            virtualizer.scrollToEnd({ behavior: 'smooth' });
            setUnseen(0);
          }}
        >
          <ArrowDown size={16} /> {unseen} new message{unseen === 1 ? '' : 's'}
        </button>
      )}
    </div>
  );
}
