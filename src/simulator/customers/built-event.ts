import type { CustomerSendResult } from '../types.ts';

/** One customer action turned into the platform's webhook item, plus what it changes on the platform. */
export interface BuiltEvent<T = unknown> {
  item: T;
  externalId?: string;
  /** Remember the action on the simulated platform (history, reply window) before snorq hears of it. */
  commit(): void;
}

export class SimulatorUsageError extends Error {
  constructor(message: string) {
    super(`simulator: ${message}`);
    this.name = 'SimulatorUsageError';
  }
}

export function need<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === '') throw new SimulatorUsageError(`${what} is required`);
  return value;
}

/** Remember the action on the platform, then post its webhook: snorq may answer at once and the platform already knows. */
export async function deliverBuilt(built: BuiltEvent, payload: unknown, deliver: () => Promise<{ status: number; body: string; notDelivered?: string }>): Promise<CustomerSendResult> {
  built.commit();
  const res = await deliver();
  return { ...res, externalId: built.externalId, payload };
}
