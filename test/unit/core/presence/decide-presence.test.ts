import { describe, expect, it } from 'vitest';
import { decidePresence } from '../../../../src/core/presence/decide-presence.ts';
import { createRateGate } from '../../../../src/core/presence/rate-gate.ts';

describe('an agent’s presence', () => {
  const idle = { active: false };
  const busy = { active: true };

  it('is offline with no tab anywhere, whatever was chosen', () => {
    expect(decidePresence('auto', [])).toBe('offline');
    expect(decidePresence('away', [])).toBe('offline');
  });

  it('follows the tabs on auto: one in use is online, all idle is away', () => {
    expect(decidePresence('auto', [idle, busy])).toBe('online');
    expect(decidePresence('auto', [idle, idle])).toBe('away');
  });

  it('keeps a chosen away or offline while the agent works', () => {
    expect(decidePresence('away', [busy])).toBe('away');
    expect(decidePresence('offline', [busy])).toBe('offline');
  });
});

describe('the rate gate of typing and viewing announcements', () => {
  it('passes one per key per interval, by the injected clock', () => {
    let now = 0;
    const gate = createRateGate(1000, () => now);
    expect(gate.pass('s1:7:typing')).toBe(true);
    now = 999;
    expect(gate.pass('s1:7:typing')).toBe(false);
    expect(gate.pass('s2:7:typing')).toBe(true);
    now = 1000;
    expect(gate.pass('s1:7:typing')).toBe(true);
    gate.forget('s1:');
    expect(gate.pass('s1:7:typing')).toBe(true);
  });
});
