import { describe, expect, it } from 'vitest';
import { cannedQuery, matchCanned } from '../../web/src/lib/canned.ts';
import { dayRange, niceMax, stackVolume } from '../../web/src/lib/chart-data.ts';
import { highlightSegments } from '../../web/src/lib/highlight.ts';
import { initials } from '../../web/src/lib/initials.ts';
import { httpUrl, osmUrl, sameOriginPath } from '../../web/src/lib/safe-url.ts';
import { snoozeOptions } from '../../web/src/lib/snooze.ts';
import { countVariables, fillTemplate } from '../../web/src/lib/template-text.ts';
import { formatListTime, formatSeconds } from '../../web/src/lib/time-format.ts';

describe('search highlights', () => {
  it('splits plain text into marked pieces; markup in the snippet stays text', () => {
    const snippet = '<img src=x onerror=alert(1)> order 42';
    expect(highlightSegments(snippet, [[29, 34]])).toEqual([
      { text: '<img src=x onerror=alert(1)> ', mark: false },
      { text: 'order', mark: true },
      { text: ' 42', mark: false },
    ]);
  });
  it('survives overlapping, unsorted and out-of-range ranges', () => {
    expect(
      highlightSegments('abcdef', [
        [4, 99],
        [0, 2],
        [1, 3],
      ]),
    ).toEqual([
      { text: 'abc', mark: true },
      { text: 'd', mark: false },
      { text: 'ef', mark: true },
    ]);
    expect(highlightSegments('', undefined)).toEqual([{ text: '', mark: false }]);
  });
});

describe('canned responses', () => {
  const list = [
    { id: 1, shortcut: 'thanks', content: 'Thank you!' },
    { id: 2, shortcut: 'hours', content: 'We are open 9–5.' },
    { id: 3, shortcut: 'shipping-thanks', content: 'Shipped, thanks' },
  ];
  it('opens for a /word being typed (the rest: test/web/canned-trigger.test.ts)', () => {
    expect(cannedQuery('/tha')?.query).toBe('tha');
    expect(cannedQuery('/')?.query).toBe('');
    expect(cannedQuery('/tha nks')).toBeNull();
  });
  it('prefix matches first, then contains', () => {
    expect(matchCanned(list, 'tha').map((c) => c.id)).toEqual([1, 3]);
    expect(matchCanned(list, '').map((c) => c.id)).toEqual([1, 2, 3]);
  });
});

describe('links', () => {
  it('follows only http(s) links from customers', () => {
    expect(httpUrl('javascript:alert(1)')).toBeNull();
    expect(httpUrl('data:text/html,hi')).toBeNull();
    expect(httpUrl('https://instagram.com/p/1')).toBe('https://instagram.com/p/1');
    expect(sameOriginPath('//evil.example/x')).toBeNull();
    expect(sameOriginPath('/api/v1/messages/1/media/0')).toBe('/api/v1/messages/1/media/0');
  });
  it('builds an OpenStreetMap link, or none for nonsense coordinates', () => {
    expect(osmUrl(51.5, -0.12)).toBe('https://www.openstreetmap.org/?mlat=51.500000&mlon=-0.120000#map=16/51.500000/-0.120000');
    expect(osmUrl(91, 0)).toBeNull();
    expect(osmUrl(Number.NaN, 0)).toBeNull();
  });
});

describe('small formatters', () => {
  it('snoozes to an hour, tomorrow 9:00 and next Monday 9:00', () => {
    const wed = new Date(2026, 2, 11, 16, 30);
    const [hour, tomorrow, week] = snoozeOptions(wed);
    expect(hour!.until.getTime() - wed.getTime()).toBe(3600_000);
    expect([tomorrow!.until.getDate(), tomorrow!.until.getHours()]).toEqual([12, 9]);
    expect([week!.until.getDay(), week!.until.getDate(), week!.until.getHours()]).toEqual([1, 16, 9]);
    const monday = new Date(2026, 2, 16, 8, 0);
    expect(snoozeOptions(monday)[2]!.until.getDate()).toBe(23);
  });
  it('initials', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  zoë ')).toBe('Z');
    expect(initials('+44 7700 900123')).toBe('#');
    expect(initials(null)).toBe('?');
  });
  it('list times and response times', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(formatListTime('2026-03-10T11:59:30Z', now)).toBe('now');
    expect(formatListTime('2026-03-10T11:15:00Z', now)).toBe('45m');
    expect(formatListTime('2026-03-10T07:00:00Z', now)).toBe('5h');
    expect(formatListTime(null, now)).toBe('');
    expect(formatSeconds(42)).toBe('42s');
    expect(formatSeconds(4800)).toBe('1h 20m');
    expect(formatSeconds(null)).toBe('—');
  });
  it('template variables', () => {
    expect(countVariables('Hi {{1}}, your order {{2}} ships {{ 3 }}')).toBe(3);
    expect(countVariables(undefined)).toBe(0);
    expect(fillTemplate('Hi {{1}}, order {{2}}', ['Ada'])).toBe('Hi Ada, order {{2}}');
  });
});

describe('chart data', () => {
  it('stacks per platform per day, with empty days as zero', () => {
    const days = dayRange('2026-03-10', 3);
    expect(days).toEqual(['2026-03-08', '2026-03-09', '2026-03-10']);
    const stacks = stackVolume(
      [
        { day: '2026-03-10', platform: 'tiktok', inbound: 1, outbound: 1 },
        { day: '2026-03-10', platform: 'messenger', inbound: 3, outbound: 0 },
        { day: '2026-03-08', platform: 'whatsapp', inbound: 0, outbound: 4 },
      ],
      days,
      ['messenger', 'instagram', 'whatsapp', 'twilio', 'tiktok'],
    );
    expect(stacks.map((s) => s.total)).toEqual([4, 0, 5]);
    expect(stacks[2]!.segments.map((s) => s.platform)).toEqual(['messenger', 'tiktok']);
    // The order given (the registry's, from GET /api/v1/platforms), not the data's; a platform it does not know goes last.
    const reordered = stackVolume(
      [
        { day: '2026-03-10', platform: 'messenger', inbound: 1, outbound: 0 },
        { day: '2026-03-10', platform: 'tiktok', inbound: 1, outbound: 0 },
      ],
      days,
      ['tiktok'],
    );
    expect(reordered[2]!.segments.map((s) => s.platform)).toEqual(['tiktok', 'messenger']);
  });
  it('rounds the axis', () => {
    expect([niceMax(0), niceMax(7), niceMax(13), niceMax(101)]).toEqual([1, 10, 20, 200]);
  });
});
