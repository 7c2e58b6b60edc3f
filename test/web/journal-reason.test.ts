import { describe, expect, it } from 'vitest';
import { journalReasons } from '../../web/src/lib/journal-reason.ts';

describe('the journal’s reasons in plain words', () => {
  it('reads each note of an entry’s error: an account no channel claims, an item that failed, an unreadable body', () => {
    expect(journalReasons('partial', 'item 0 failed: duplicate key; no channel for whatsapp account PN-404; reaction to unknown message m.1')).toEqual([
      { key: 'itemFailed', item: '1', detail: 'duplicate key' },
      { key: 'unrouted', platform: 'whatsapp', account: 'PN-404' },
      { key: 'unmatched', detail: 'reaction to unknown message m.1' },
    ]);
    expect(journalReasons('failed', 'cannot read the body: Unexpected token')).toEqual([{ key: 'unreadable', detail: 'Unexpected token' }]);
    expect(journalReasons('failed', 'database was down')).toEqual([{ key: 'other', detail: 'database was down' }]);
  });

  it('says an entry without an error that is still received is being applied, and gives nothing for a processed one', () => {
    expect(journalReasons('received', null)).toEqual([{ key: 'stillReceiving' }]);
    expect(journalReasons('processed', null)).toEqual([]);
  });
});
