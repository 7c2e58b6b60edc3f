import type { ActiveFault, FaultKind, FaultSpec, Faults, SimPlatform } from '../types.ts';

/**
 * Armed failures: the next `times` calls to a platform's API fail the way that platform fails.
 * `window_closed` only arms sends (other calls pass it by); the other kinds fail any API call.
 */
export class FaultStore implements Faults {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  set(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { id: this.nextId++, platform: spec.platform, kind: spec.kind, times: spec.times ?? 1, retryAfterSeconds: spec.retryAfterSeconds ?? 1 };
    this.faults.push(fault);
    return { ...fault };
  }

  clear(platform?: SimPlatform): void {
    this.faults = platform ? this.faults.filter((f) => f.platform !== platform) : [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** Use up one fault for this call, if one is armed (oldest first). */
  take(platform: SimPlatform, isSend: boolean): { kind: FaultKind; retryAfterSeconds: number } | undefined {
    const fault = this.faults.find((f) => f.platform === platform && (isSend || f.kind !== 'window_closed'));
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return { kind: fault.kind, retryAfterSeconds: fault.retryAfterSeconds };
  }
}
