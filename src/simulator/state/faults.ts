import type { ActiveFault, FaultKind, FaultSpec, Faults, SimPlatform } from '../types.ts';

const SENDS_ONLY = new Set<FaultKind>(['window_closed', 'slow', 'platform_error']);

/**
 * Armed failures: the next `times` calls to a platform's API fail the way that platform fails.
 * `window_closed` and `slow` only arm sends (other calls pass them by); the other kinds fail any
 * API call. `skip` lets that many calls pass first. `platform_error` arms sends too, with one of
 * the platform's own refusals (PLATFORM_ERROR_FAULTS); a code the platform has not is refused.
 */
export class FaultStore implements Faults {
  private faults: ActiveFault[] = [];
  private nextId = 1;
  private held = new Set<() => void>();

  /** `errorFaults`: the codes a platform_error fault may name on a platform (its SimulatedPlatform's). */
  constructor(private readonly errorFaults: (platform: SimPlatform) => readonly string[] = () => []) {}

  set(spec: FaultSpec): ActiveFault {
    if (spec.kind === 'platform_error') {
      const codes = this.errorFaults(spec.platform);
      if (!spec.code || !codes.includes(spec.code)) throw new RangeError(`platform_error on ${spec.platform} needs a code: one of ${codes.join(', ') || 'none'}`);
    }
    const fault: ActiveFault = {
      id: this.nextId++,
      platform: spec.platform,
      kind: spec.kind,
      times: spec.times ?? 1,
      retryAfterSeconds: spec.retryAfterSeconds ?? 1,
      skip: spec.skip ?? 0,
      ...(spec.kind === 'platform_error' && { code: spec.code }),
    };
    this.faults.push(fault);
    return { ...fault };
  }

  clear(platform?: SimPlatform): void {
    this.faults = platform ? this.faults.filter((f) => f.platform !== platform) : [];
    if (!platform) this.release();
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Use up one fault for this call, if one is armed (oldest first). */
  take(platform: SimPlatform, isSend: boolean): { kind: FaultKind; retryAfterSeconds: number; code: string } | undefined {
    const fault = this.faults.find((f) => f.platform === platform && (isSend || !SENDS_ONLY.has(f.kind)));
    if (!fault) return undefined;
    if (fault.skip > 0) {
      fault.skip -= 1;
      return undefined;
    }
    fault.times -= 1;
    if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { kind: fault.kind, retryAfterSeconds: fault.retryAfterSeconds, code: fault.code ?? '' };
  }

  /** A held answer: `done` resolves when the test lets held answers go (`release`); `forget` when it went by itself. */
  holdAnswer(): { done: Promise<void>; forget(): void } {
    let go: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (go = resolve));
    this.held.add(go);
    return { done, forget: () => this.held.delete(go) };
  }

  release(): number {
    const waiting = [...this.held];
    this.held.clear();
    for (const go of waiting) go();
    return waiting.length;
  }
}
