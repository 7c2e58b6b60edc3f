import { describe, expect, it } from 'vitest';
import type { Message } from '../../web/src/api/types.ts';
import { buildThreadRows, dayKey, dayLabel } from '../../web/src/lib/day-groups.ts';
import { message } from './fixtures.ts';

// Local times on purpose: days are the agent's calendar days, whatever the test machine's zone.
const local = (y: number, mo: number, d: number, h = 12, mi = 0) => new Date(y, mo - 1, d, h, mi).toISOString();
const now = new Date(2026, 2, 10, 15, 0);

describe('day grouping', () => {
  it('puts a divider before each new local day', () => {
    const msgs: Message[] = [
      message({ id: 1, timestamp: local(2026, 3, 8, 23, 50) }),
      message({ id: 2, timestamp: local(2026, 3, 9, 0, 5) }),
      message({ id: 3, timestamp: local(2026, 3, 9, 9) }),
      message({ id: 4, timestamp: local(2026, 3, 10, 8) }),
    ];
    const rows = buildThreadRows(msgs, now, 'en-GB');
    expect(rows.map((r) => (r.kind === 'day' ? r.label : r.message.id))).toEqual(['Sunday 8 March', 1, 'Yesterday', 2, 3, 'Today', 4]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
  });

  it('joins bubbles from the same side within five minutes, never across a day or a note', () => {
    const rows = buildThreadRows(
      [
        message({ id: 1, timestamp: local(2026, 3, 10, 9, 0) }),
        message({ id: 2, timestamp: local(2026, 3, 10, 9, 3) }),
        message({ id: 3, timestamp: local(2026, 3, 10, 9, 20) }),
        message({ id: 4, timestamp: local(2026, 3, 10, 9, 21), direction: 'outbound' }),
        message({ id: 5, timestamp: local(2026, 3, 10, 9, 22), direction: 'outbound', isPrivateNote: true }),
      ],
      now,
    );
    const continued = rows.flatMap((r) => (r.kind === 'message' ? [[r.message.id, r.continued]] : []));
    expect(continued).toEqual([
      [1, false],
      [2, true],
      [3, false],
      [4, false],
      [5, false],
    ]);
  });

  it('labels other years with the year, and keys days as YYYY-MM-DD', () => {
    expect(dayKey(new Date(2025, 11, 31, 23, 59))).toBe('2025-12-31');
    expect(dayLabel('2025-12-31', now, 'en-GB')).toMatch(/2025/);
    expect(dayLabel('2026-03-10', now)).toBe('Today');
  });

  it('an empty thread has no rows', () => {
    expect(buildThreadRows([], now)).toEqual([]);
  });
});
