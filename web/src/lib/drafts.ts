/**
 * What an agent has written and not sent, per user and conversation, reply and private note kept
 * apart, in the browser's localStorage: it survives switching threads and reloading, and stays on
 * this machine (a draft is work in progress, not something the team shares). The conversation is
 * part of every key, and each call names it: nothing here knows an "open" conversation, so a draft
 * cannot follow the agent to another thread.
 *
 * Also kept: the agent's choice to reply with the human agent tag in a conversation (Messenger,
 * Instagram), which Meta allows for as long as the tag's 7 days last — the composer asks once.
 */
export type DraftKind = 'reply' | 'note';

/** The part of Storage used (localStorage in the app, a Map in tests). */
export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

const PREFIX = 'snorq.draft.v1.';
const TAG_PREFIX = 'snorq.human-agent.v1.';
/** A draft left alone this long is forgotten (the conversation has long moved on). */
export const DRAFT_MAX_AGE_MS = 30 * 86_400_000;

const draftKey = (userId: number, conversationId: number, kind: DraftKind) => `${PREFIX}${userId}.${conversationId}.${kind}`;
const tagKey = (userId: number, conversationId: number) => `${TAG_PREFIX}${userId}.${conversationId}`;

/** localStorage when the browser gives it (not in a private window that refuses it). */
function browserStorage(): DraftStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

/** A full or refused storage loses the draft's persistence, never the text on screen. */
function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    /* the draft stays in the composer; only a reload would lose it */
  }
}

export function loadDraft(userId: number, conversationId: number, kind: DraftKind, storage = browserStorage()): string {
  const raw = storage?.getItem(draftKey(userId, conversationId, kind));
  if (!raw) return '';
  try {
    const parsed = JSON.parse(raw) as { text?: unknown };
    return typeof parsed.text === 'string' ? parsed.text : '';
  } catch {
    return '';
  }
}

/** Keep what is written (an empty or blank text removes the draft). */
export function saveDraft(userId: number, conversationId: number, kind: DraftKind, text: string, storage = browserStorage(), now = Date.now()): void {
  const key = draftKey(userId, conversationId, kind);
  attempt(() => (text.trim() ? storage?.setItem(key, JSON.stringify({ text, savedAt: now })) : storage?.removeItem(key)));
}

/**
 * After a send succeeded: the draft goes if it still holds what was sent. Text the agent typed
 * while the send was in flight is a new draft and stays.
 */
export function clearSentDraft(userId: number, conversationId: number, kind: DraftKind, sent: string, storage = browserStorage()): void {
  const current = loadDraft(userId, conversationId, kind, storage);
  if (current.trim() === sent.trim()) attempt(() => storage?.removeItem(draftKey(userId, conversationId, kind)));
}

/** Forget drafts (and tag choices) older than `maxAge`, and unreadable ones: a browser's storage is small. */
export function pruneDrafts(storage = browserStorage(), now = Date.now(), maxAge = DRAFT_MAX_AGE_MS): void {
  if (!storage) return;
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(PREFIX) || key?.startsWith(TAG_PREFIX)) keys.push(key);
  }
  for (const key of keys) {
    let savedAt = NaN;
    try {
      savedAt = Number((JSON.parse(storage.getItem(key) ?? '') as { savedAt?: unknown }).savedAt);
    } catch {
      /* unreadable: removed below */
    }
    if (!(now - savedAt <= maxAge)) attempt(() => storage.removeItem(key));
  }
}

/** Whether the agent chose the human agent tag for this conversation (and until when it lasts). */
export function loadHumanAgentChoice(userId: number, conversationId: number, humanAgentUntil: string | null | undefined, storage = browserStorage(), now = Date.now()): boolean {
  const raw = storage?.getItem(tagKey(userId, conversationId));
  if (!raw) return false;
  try {
    const { until } = JSON.parse(raw) as { until?: unknown };
    // A choice made for one stretch of 7 days is not carried into the next: the customer has written since.
    return typeof until === 'string' && until === (humanAgentUntil ?? null) && new Date(until).getTime() > now;
  } catch {
    return false;
  }
}

export function saveHumanAgentChoice(userId: number, conversationId: number, humanAgentUntil: string | null | undefined, chosen: boolean, storage = browserStorage(), now = Date.now()): void {
  const key = tagKey(userId, conversationId);
  attempt(() => (chosen && humanAgentUntil ? storage?.setItem(key, JSON.stringify({ until: humanAgentUntil, savedAt: now })) : storage?.removeItem(key)));
}
