import { describe, expect, it, vi } from 'vitest';
import { applyStatus, externalKey, markMessagesRead, mergeMessages, quotedMessage } from '../../web/src/lib/thread-messages.ts';
import { message } from './fixtures.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 12, minute)).toISOString();

describe('thread merging', () => {
  it('appends a newer message without duplicating it when it comes twice (send answer, then the live echo)', () => {
    const base = [message({ id: 1, timestamp: at(0) }), message({ id: 2, timestamp: at(1) })];
    const sent = message({ id: 3, timestamp: at(2), direction: 'outbound', status: 'pending' });
    const once = mergeMessages(base, [sent]);
    const twice = mergeMessages(once, [{ ...sent, status: 'sent' }]);
    expect(twice.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(twice[2]!.status).toBe('sent');
  });

  it('puts an older page before, ordered by platform time then id', () => {
    const newest = [message({ id: 10, timestamp: at(10) }), message({ id: 11, timestamp: at(11) })];
    const older = [message({ id: 8, timestamp: at(5) }), message({ id: 9, timestamp: at(5) }), message({ id: 10, timestamp: at(10) })];
    expect(mergeMessages(newest, older).map((m) => m.id)).toEqual([8, 9, 10, 11]);
  });

  it('a stale copy never rolls a status back, but a retry (failed → pending) goes through', () => {
    const read = [message({ id: 1, direction: 'outbound', status: 'read' })];
    expect(mergeMessages(read, [message({ id: 1, direction: 'outbound', status: 'delivered' })])[0]!.status).toBe('read');
    const failed = [message({ id: 2, direction: 'outbound', status: 'failed' })];
    expect(mergeMessages(failed, [message({ id: 2, direction: 'outbound', status: 'pending' })])[0]!.status).toBe('pending');
  });

  it('applies message:sent and message:status by id, forward only, with the failure reason', () => {
    const thread = [message({ id: 5, direction: 'outbound', status: 'pending', externalId: null })];
    const sent = applyStatus(thread, { messageId: 5, status: 'sent', externalId: 'wamid.X' });
    expect(sent[0]).toMatchObject({ status: 'sent', externalId: 'wamid.X' });
    const failed = applyStatus(sent, { messageId: 5, status: 'failed', errorCode: '131047', errorReason: 'Re-engagement message' });
    expect(failed[0]).toMatchObject({ status: 'failed', errorCode: '131047', errorReason: 'Re-engagement message' });
    expect(applyStatus(failed, { messageId: 99, status: 'read' })).toBe(failed);
    const read = applyStatus(thread, { messageId: 5, status: 'read' });
    expect(applyStatus(read, { messageId: 5, status: 'delivered' })).toBe(read);
  });

  it('marks the customer’s messages read from readMessageIds', () => {
    const thread = [message({ id: 1 }), message({ id: 2, status: 'read' }), message({ id: 3 })];
    const next = markMessagesRead(thread, [1, 2]);
    expect(next.map((m) => m.status)).toEqual(['read', 'read', 'delivered']);
    expect(markMessagesRead(next, [2])).toBe(next);
  });

  it('appends a newer message to a 10,000-message thread without re-sorting it', () => {
    // Counted, not timed: the live path must not sort the whole thread for each new message.
    const big = Array.from({ length: 10_000 }, (_, i) => message({ id: i + 1, timestamp: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() }));
    const sort = vi.spyOn(Array.prototype, 'sort');
    try {
      const next = mergeMessages(big, [message({ id: 10_001, timestamp: new Date(Date.UTC(2026, 6, 1)).toISOString() })]);
      expect(next).toHaveLength(10_001);
      expect(next.at(-1)!.id).toBe(10_001);
      expect(sort).not.toHaveBeenCalled();
      // an older message still goes through the full merge, in order
      expect(mergeMessages(big, [message({ id: 10_002, timestamp: new Date(Date.UTC(2025, 0, 1)).toISOString() })])[0]!.id).toBe(10_002);
      expect(sort).toHaveBeenCalled();
    } finally {
      sort.mockRestore();
    }
  });
});

describe('the message a reply quotes', () => {
  const maps = (messages: ReturnType<typeof message>[]) =>
    [new Map(messages.map((m) => [m.id, m])), new Map(messages.flatMap((m) => (m.externalId ? [[externalKey(m.channelId, m.externalId), m] as const] : [])))] as const;

  it('is the linked message, or "not held" when the thread does not have it, or none', () => {
    const ours = message({ id: 1, direction: 'outbound', externalId: 'wamid.1' });
    const [byId, byExternal] = maps([ours]);
    expect(quotedMessage(message({ id: 2, replyToMessageId: 1, replyToExternalId: 'wamid.1' }), byId, byExternal)).toBe(ours);
    expect(quotedMessage(message({ id: 3, replyToMessageId: 99, replyToExternalId: 'wamid.99' }), byId, byExternal)).toBeNull();
    expect(quotedMessage(message({ id: 4 }), byId, byExternal)).toBeUndefined();
  });

  it('a reply stored before our send’s platform id was recorded finds the send by that id once message:sent gives it', () => {
    // The customer answered before the platform's answer to our send was stored: the server could
    // not link the quote, and keeps the platform's id alone.
    const reply = message({ id: 2, replyToMessageId: null, replyToExternalId: 'wamid.ours' });
    const pending = message({ id: 1, direction: 'outbound', status: 'pending', externalId: null });
    expect(quotedMessage(reply, ...maps([pending, reply]))).toBeNull();
    const sent = applyStatus([pending, reply], { messageId: 1, status: 'sent', externalId: 'wamid.ours' });
    expect(quotedMessage(reply, ...maps(sent))).toBe(sent[0]);
    // The same platform id on another channel is another message.
    expect(quotedMessage({ ...reply, channelId: 2 }, ...maps(sent))).toBeNull();
  });
});
