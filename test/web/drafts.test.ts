import { describe, expect, it } from 'vitest';
import { clearSentDraft, DRAFT_MAX_AGE_MS, loadDraft, loadHumanAgentChoice, pruneDrafts, saveDraft, saveHumanAgentChoice, type DraftStorage } from '../../web/src/lib/drafts.ts';

/** localStorage as the browser has it, in memory; `full` makes every write throw as a full storage does. */
function memoryStorage(full = false): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      if (full) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
  };
}

describe('drafts', () => {
  it('are kept per user, conversation, and reply or note', () => {
    const s = memoryStorage();
    saveDraft(1, 10, 'reply', 'Hi Ana, your parcel', s);
    saveDraft(1, 10, 'note', 'ask the warehouse', s);
    saveDraft(1, 11, 'reply', 'Hello Bruno', s);
    saveDraft(2, 10, 'reply', 'someone else writing', s);
    expect(loadDraft(1, 10, 'reply', s)).toBe('Hi Ana, your parcel');
    expect(loadDraft(1, 10, 'note', s)).toBe('ask the warehouse');
    expect(loadDraft(1, 11, 'reply', s)).toBe('Hello Bruno');
    expect(loadDraft(1, 11, 'note', s)).toBe('');
    expect(loadDraft(2, 10, 'reply', s)).toBe('someone else writing');
    expect(loadDraft(3, 10, 'reply', s)).toBe('');
  });

  it('an emptied text removes the draft; spaces and line breaks are kept as written', () => {
    const s = memoryStorage();
    saveDraft(1, 10, 'reply', 'line one\n\n  line two ', s);
    expect(loadDraft(1, 10, 'reply', s)).toBe('line one\n\n  line two ');
    saveDraft(1, 10, 'reply', '   ', s);
    expect(s.map.size).toBe(0);
  });

  it('a sent draft goes, unless more was typed while it was sending; other drafts stay', () => {
    const s = memoryStorage();
    saveDraft(1, 10, 'reply', 'Your order shipped', s);
    saveDraft(1, 10, 'note', 'a note', s);
    saveDraft(1, 11, 'reply', 'Your order shipped', s);
    clearSentDraft(1, 10, 'reply', 'Your order shipped', s);
    expect(loadDraft(1, 10, 'reply', s)).toBe('');
    expect(loadDraft(1, 10, 'note', s)).toBe('a note');
    expect(loadDraft(1, 11, 'reply', s)).toBe('Your order shipped');

    saveDraft(1, 12, 'reply', 'first part and what came after', s);
    clearSentDraft(1, 12, 'reply', 'first part', s);
    expect(loadDraft(1, 12, 'reply', s)).toBe('first part and what came after');
  });

  it('a full or refused storage loses nothing but the persistence, and unreadable entries read as empty', () => {
    const full = memoryStorage(true);
    expect(() => saveDraft(1, 10, 'reply', 'text', full)).not.toThrow();
    expect(loadDraft(1, 10, 'reply', full)).toBe('');
    expect(() => saveDraft(1, 10, 'reply', 'text', null)).not.toThrow();
    expect(loadDraft(1, 10, 'reply', null)).toBe('');
    const s = memoryStorage();
    s.map.set('snorq.draft.v1.1.10.reply', '{not json');
    expect(loadDraft(1, 10, 'reply', s)).toBe('');
  });

  it('prunes drafts older than 30 days and unreadable ones, and leaves other keys alone', () => {
    const s = memoryStorage();
    const now = Date.UTC(2026, 11, 3);
    saveDraft(1, 10, 'reply', 'old', s, now - DRAFT_MAX_AGE_MS - 1);
    saveDraft(1, 11, 'reply', 'recent', s, now - 86_400_000);
    s.map.set('snorq.draft.v1.1.12.note', 'garbage');
    s.map.set('snorq.theme', 'dark');
    pruneDrafts(s, now);
    expect([...s.map.keys()].sort()).toEqual(['snorq.draft.v1.1.11.reply', 'snorq.theme']);
  });
});

describe('the human agent tag choice', () => {
  const until = '2026-12-08T10:00:00.000Z';
  const now = Date.parse('2026-12-03T10:00:00.000Z');
  it('is remembered for the conversation while the same tag period lasts', () => {
    const s = memoryStorage();
    saveHumanAgentChoice(1, 10, until, true, s, now);
    expect(loadHumanAgentChoice(1, 10, until, s, now)).toBe(true);
    expect(loadHumanAgentChoice(1, 11, until, s, now)).toBe(false);
    expect(loadHumanAgentChoice(2, 10, until, s, now)).toBe(false);
  });

  it('is not carried into a new period, nor past the end of this one, and can be taken back', () => {
    const s = memoryStorage();
    saveHumanAgentChoice(1, 10, until, true, s, now);
    expect(loadHumanAgentChoice(1, 10, '2026-12-12T10:00:00.000Z', s, now)).toBe(false);
    expect(loadHumanAgentChoice(1, 10, until, s, Date.parse(until) + 1)).toBe(false);
    saveHumanAgentChoice(1, 10, until, false, s, now);
    expect(loadHumanAgentChoice(1, 10, until, s, now)).toBe(false);
    saveHumanAgentChoice(1, 10, null, true, s, now);
    expect(s.map.size).toBe(0);
  });
});
