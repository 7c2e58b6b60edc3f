import { randomBytes } from 'node:crypto';
import type { Config, Env } from '../config/config.ts';
import type { ChannelSpec } from '../core/channel-accounts/provision-env-channels.ts';
import type { CustomerMessage, SimAccount, SimulatorOptions } from './types.ts';

/** A variable of snorq's environment that takes a text value (what the sandbox may set). */
export type SandboxVariable = { [K in keyof Env]-?: string extends Env[K] ? K : never }[keyof Env] & string;

/** One demo message of a first start: a customer message on the platform's sandbox account. */
export type DemoMessage = Omit<CustomerMessage, 'accountId' | 'timestamp'> & {
  /** How long before the start it was written, in ms; absent: at the start. */
  agoMs?: number;
};

/**
 * What a simulated platform brings to `npm start`'s sandbox (src/sandbox/), which iterates the
 * platforms and names none. A platform without one has no sandbox account (it still runs in the
 * simulator, and the operator can connect it from Settings → Channels).
 *
 * - `newAccount`: the business account of a new sandbox (random ids and tokens), kept in
 *   DATA_DIR/sandbox.json so restarts keep the same channels.
 * - `secret`: the platform signs its webhooks with a secret of the sandbox's
 *   (SimulatorOptions.secrets); `legacyKey` is its name in sandbox.json files written before the
 *   secrets were keyed by platform; `variable` is the snorq variable that holds it.
 * - `variables`: what the sandbox sets for snorq besides the URLs (app ids, its secret, a verify token).
 * - `urls`: variable → the key of `Simulator.baseUrls` it points at.
 * - `fallsBackTo`: a variable of its own that an operator's value of another serves (a Meta
 *   product's own secret falls back to the Facebook app's): the sandbox leaves it alone then.
 * - `channel`: the snorq channel the account is connected as.
 * - `demo`: what its customers have written when a newcomer first opens the inbox.
 * - `simulatorOptions`: options of the simulator that follow snorq's configuration (the app id
 *   its consent dialog accepts is the one snorq will send).
 * - `standaloneAccount`: the account of the standalone simulator (src/simulator/main.ts), its ids
 *   overridable by snorq's own variables; and its secret's default there.
 */
export interface PlatformSandbox {
  newAccount(): SimAccount;
  /** An account as an older `sandbox.json` stored it, in today's shape (renamed fields); default as stored. */
  upgradeAccount?(stored: SimAccount & Record<string, unknown>): SimAccount;
  readonly secret?: { readonly legacyKey: string; readonly variable: SandboxVariable; readonly standaloneDefault: string };
  variables(values: { secret: string | undefined; verifyToken: string }): Partial<Record<SandboxVariable, string>>;
  readonly urls: Partial<Record<SandboxVariable, string>>;
  readonly fallsBackTo?: Partial<Record<SandboxVariable, SandboxVariable>>;
  channel(account: SimAccount): ChannelSpec;
  readonly demo: readonly DemoMessage[];
  simulatorOptions?(config: Config): Partial<SimulatorOptions>;
  standaloneAccount(env: (name: string, fallback: string) => string): SimAccount;
}

/** Random values for a new sandbox's accounts and secrets. */
export const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
export const digits = (n: number): string => Array.from(randomBytes(n), (b) => String(b % 10)).join('');

export const HOUR = 3_600_000;
