import { describe, expect, it } from 'vitest';
import { formatPrice, isThreadNotice, noticeText, referralText } from '../../web/src/lib/thread-notice.ts';

describe('thread notices', () => {
  it('are the number-change and referral kinds only', () => {
    expect(isThreadNotice({ contentType: 'system' })).toBe(true);
    expect(isThreadNotice({ contentType: 'referral' })).toBe(true);
    expect(isThreadNotice({ contentType: 'text' })).toBe(false);
    expect(isThreadNotice({ contentType: 'order' })).toBe(false);
  });

  it('show WhatsApp’s own sentence for a number change, or say it from the new id', () => {
    expect(noticeText({ contentType: 'system', content: 'User Ana changed from 1 to 2', referral: null, system: null })).toBe('User Ana changed from 1 to 2');
    expect(noticeText({ contentType: 'system', content: null, referral: null, system: { newId: '5511900001111' } })).toBe('The customer’s WhatsApp number changed to 5511900001111');
    expect(noticeText({ contentType: 'system', content: null, referral: null, system: null })).toBe('The customer’s WhatsApp account details changed');
  });

  it('name the ad or the link a customer came from', () => {
    expect(referralText({ ref: 'summer', ad_id: '2385', source: 'ADS', type: 'OPEN_THREAD', ads_context_data: { ad_title: 'Summer sale' } })).toBe(
      'Opened the chat from an ad: “Summer sale” (ref summer)',
    );
    expect(referralText({ ref: 'from_site', source: 'SHORTLINK', type: 'OPEN_THREAD' })).toBe('Opened the chat from a link (ref from_site)');
    expect(referralText({ source: 'CUSTOMER_CHAT_PLUGIN' })).toBe('Opened the chat from the website chat plugin');
    // odd values from the platform are read as absent
    expect(referralText({ ref: 7, source: null, ads_context_data: 'x' })).toBe('Opened the chat from a link');
  });

  it('format prices in the order’s currency, and survive an unknown one', () => {
    expect(formatPrice(119.7, 'BRL')).toMatch(/119[.,]70/);
    expect(formatPrice(5, 'NOT-A-CODE')).toBe('5.00 NOT-A-CODE');
    expect(formatPrice(5, undefined)).toBe('5.00');
  });
});
