import { useState } from 'react';
import { clearSentDraft, loadDraft, pruneDrafts, saveDraft, type DraftKind } from '../../lib/drafts.ts';

let pruned = false;

interface Texts {
  userId: number;
  conversationId: number;
  reply: string;
  note: string;
}

const load = (userId: number, conversationId: number): Texts => ({
  userId,
  conversationId,
  reply: loadDraft(userId, conversationId, 'reply'),
  note: loadDraft(userId, conversationId, 'note'),
});

/**
 * The composer's text, saved as a draft of this user in this conversation with every change
 * (lib/drafts.ts): the reply and the private note are two drafts, and the note toggle switches
 * between them. Should the conversation change under the same composer, its texts are read
 * anew before anything is shown or saved, so one thread's words never land in another's box.
 */
export function useDraft(userId: number, conversationId: number) {
  if (!pruned) {
    pruned = true;
    pruneDrafts();
  }
  const [texts, setTexts] = useState(() => load(userId, conversationId));
  const [note, setNote] = useState(false);
  const current = texts.conversationId === conversationId && texts.userId === userId ? texts : load(userId, conversationId);
  if (current !== texts) setTexts(current);
  const kind: DraftKind = note ? 'note' : 'reply';

  const setText = (text: string) => {
    setTexts((t) => (t.conversationId === conversationId && t.userId === userId ? { ...t, [kind]: text } : t));
    saveDraft(userId, conversationId, kind, text);
  };

  /**
   * A send of `sent` as `sentKind` succeeded: its draft goes, in this conversation (the one the
   * send was for, even if the agent has moved on); the box empties unless more was typed meanwhile.
   */
  const sent = (sentKind: DraftKind, sentText: string) => {
    clearSentDraft(userId, conversationId, sentKind, sentText);
    setTexts((t) => (t.conversationId === conversationId && t[sentKind].trim() === sentText.trim() ? { ...t, [sentKind]: '' } : t));
  };

  return { text: current[kind], setText, note, setNote, kind, sent };
}
