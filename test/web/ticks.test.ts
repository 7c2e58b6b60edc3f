import { describe, expect, it } from 'vitest';
import type { MessageStatus } from '../../web/src/api/types.ts';
import { nextStatus, tickState } from '../../web/src/lib/ticks.ts';

describe('delivery ticks', () => {
  it('only what the business sent has ticks', () => {
    expect(tickState({ direction: 'inbound', isPrivateNote: false, status: 'read' })).toBe('none');
    expect(tickState({ direction: 'outbound', isPrivateNote: true, status: 'sent' })).toBe('none');
    for (const s of ['pending', 'sent', 'delivered', 'read', 'failed'] as MessageStatus[]) {
      expect(tickState({ direction: 'outbound', isPrivateNote: false, status: s })).toBe(s);
    }
  });

  it('statuses only move forward, whatever order they arrive in', () => {
    const walk = (steps: MessageStatus[]) => steps.reduce<MessageStatus>((s, n) => nextStatus(s, n), 'pending');
    expect(walk(['sent', 'delivered', 'read'])).toBe('read');
    expect(walk(['read', 'delivered', 'sent'])).toBe('read');
    expect(walk(['delivered', 'sent'])).toBe('delivered');
    expect(walk(['sent', 'failed'])).toBe('failed');
    expect(walk(['failed', 'sent'])).toBe('failed');
    // A late "delivered" proves it arrived after all.
    expect(walk(['failed', 'delivered'])).toBe('delivered');
    // A failure reported after delivery is not believed.
    expect(walk(['delivered', 'failed'])).toBe('delivered');
  });
});
