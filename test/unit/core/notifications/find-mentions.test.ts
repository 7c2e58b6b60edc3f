import { describe, expect, it } from 'vitest';
import { findMentions } from '../../../../src/core/notifications/find-mentions.ts';
import { allowedPushService } from '../../../../src/core/notifications/push-endpoints.ts';

const users = [
  { id: 1, name: 'Ana', email: 'ana@x.test' },
  { id: 2, name: 'Ana Lopez', email: 'a.lopez@x.test' },
  { id: 3, name: 'Bo', email: 'bo.k@x.test' },
];

describe('findMentions', () => {
  it('names users by name, name without spaces or email local part, longest first, in any case', () => {
    expect(findMentions('@Ana Lopez can you look?', users)).toEqual([2]);
    expect(findMentions('@ana, and @analopez', users).sort()).toEqual([1, 2]);
    expect(findMentions('ping @a.lopez and @BO.K', users).sort()).toEqual([2, 3]);
  });

  it('needs the handle to end where a word ends, and ignores email addresses and bare @', () => {
    expect(findMentions('@anastasia @bob', users)).toEqual([]);
    expect(findMentions('write to ana@x.test or @ alone', users)).toEqual([]);
    expect(findMentions('(@bo)', users)).toEqual([3]);
  });
});

describe('allowedPushService', () => {
  it('takes the browsers’ push services and the hosts added, over https only', () => {
    expect(allowedPushService('https://fcm.googleapis.com/fcm/send/abc', [])).toBe('fcm.googleapis.com');
    expect(allowedPushService('https://updates.push.services.mozilla.com/wpush/v2/x', [])).toBe('updates.push.services.mozilla.com');
    expect(allowedPushService('https://wns2-par02p.notify.windows.com/w/?token=x', [])).toBe('wns2-par02p.notify.windows.com');
    expect(allowedPushService('https://web.push.apple.com/QG', [])).toBe('web.push.apple.com');
    expect(allowedPushService('https://push.corp.test/x', ['push.corp.test'])).toBe('push.corp.test');
  });

  it('refuses any other host, http, credentials in the URL and look-alikes', () => {
    for (const url of [
      'https://evil.test/x',
      'http://fcm.googleapis.com/fcm/send/x',
      'https://u:p@fcm.googleapis.com/x',
      'https://fcm.googleapis.com.evil.test/x',
      'https://evilpush.apple.com/x',
      'not a url',
    ]) {
      expect(allowedPushService(url, [])).toBeNull();
    }
  });
});
