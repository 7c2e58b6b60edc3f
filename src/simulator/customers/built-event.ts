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
