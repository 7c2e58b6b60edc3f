import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConversationActivity } from '../../api/presence-api.ts';
import { useLive } from '../../live/live-provider.tsx';
import { applyActivity, TYPING_REPEAT_MS, VIEWING_REPEAT_MS, whoIsThere, type CollisionState } from './collision-state.ts';

/** The server lets one viewing announcement per socket through every 5 s (conversation-activity-sockets.ts): an answer waits for it. */
const SERVER_VIEWING_GAP_MS = 5100;

/**
 * Who else is viewing or typing in this conversation (`conversation:activity`, relayed to the
 * sockets that joined it), and this tab's own announcements: viewing while the conversation is
 * open and the tab visible, typing while the agent writes a reply (`announceTyping`, called on
 * each change; sent at most every few seconds). Someone new arriving hears this tab at once
 * rather than at its next repeat.
 */
export function useConversationActivity(conversationId: number, meId: number) {
  const { socket, connected } = useLive();
  const [state, setState] = useState<CollisionState>(new Map());
  const [now, setNow] = useState(Date.now);
  const sayViewingSoon = useViewingAnnouncements(conversationId, connected, socket);

  useEffect(() => {
    const s = socket();
    if (!s || !connected) return;
    const on = (a: ConversationActivity) => {
      if (a.conversationId !== conversationId || a.userId === meId) return;
      const at = Date.now();
      setState((st) => {
        if (!st.has(a.userId) && a.kind !== 'left') sayViewingSoon();
        return applyActivity(st, a, at);
      });
      setNow(at);
    };
    s.on('conversation:activity', on);
    return () => void s.off('conversation:activity', on);
  }, [socket, connected, conversationId, meId, sayViewingSoon]);

  const who = whoIsThere(state, now);
  // Typing lapses and viewing expires by themselves: look again when the next one does.
  useEffect(() => {
    if (who.nextChangeAt === null) return;
    const timer = window.setTimeout(() => setNow(Date.now()), Math.max(0, who.nextChangeAt - Date.now()) + 20);
    return () => window.clearTimeout(timer);
  }, [who.nextChangeAt]);

  const lastTyping = useRef(0);
  const announceTyping = useCallback(() => {
    const at = Date.now();
    if (at - lastTyping.current < TYPING_REPEAT_MS) return;
    lastTyping.current = at;
    socket()?.emit('conversation:activity', { conversationId, kind: 'typing' });
  }, [socket, conversationId]);

  /** Their reply arrived: they stopped typing it (without waiting for the typing to lapse). */
  const replied = useCallback((userId: number) => {
    setState((st) => {
      const was = st.get(userId);
      return was && was.typingUntil > 0 ? new Map(st).set(userId, { ...was, typingUntil: 0 }) : st;
    });
  }, []);

  return { typing: who.typing, viewing: who.viewing, announceTyping, replied };
}

/** Viewing: on opening (and reconnecting), every VIEWING_REPEAT_MS while visible, on coming back to the tab; `soon` for a newcomer. */
function useViewingAnnouncements(conversationId: number, connected: boolean, socket: ReturnType<typeof useLive>['socket']) {
  const last = useRef(0);
  const pending = useRef<number | undefined>(undefined);
  const say = useCallback(() => {
    if (document.hidden) return;
    last.current = Date.now();
    socket()?.emit('conversation:activity', { conversationId, kind: 'viewing' });
  }, [socket, conversationId]);

  useEffect(() => {
    if (!connected) return;
    say();
    const timer = window.setInterval(say, VIEWING_REPEAT_MS);
    const onVisibility = () => !document.hidden && say();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      window.clearInterval(timer);
      window.clearTimeout(pending.current);
      pending.current = undefined;
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [connected, say]);

  return useCallback(() => {
    if (pending.current !== undefined) return;
    const wait = Math.max(0, last.current + SERVER_VIEWING_GAP_MS - Date.now());
    pending.current = window.setTimeout(() => {
      pending.current = undefined;
      say();
    }, wait);
  }, [say]);
}
