import type { Config } from '../config/config.ts';

/** What a start knows when it chooses between the sandbox and the real platforms. */
export interface SandboxFacts {
  SIMULATOR: Config['SIMULATOR'];
  NODE_ENV: Config['NODE_ENV'];
  /** Platform variables the environment sets (names), Config.platformVariables. */
  platformVariables: string[];
  /** Channels in the database that the simulator did not create (env, API, OAuth), in any organisation. */
  operatorChannels: number;
}

export interface SandboxDecision {
  sandbox: boolean;
  /** Why, in words for the start banner. */
  reason: string;
}

/**
 * Whether the platform simulator runs. `auto` runs it only where it cannot take a real deployment
 * over: its secrets and base URLs would replace the operator's (every real webhook refused, real
 * tokens sent to the simulator), so any sign of a real deployment — a platform variable of any
 * kind, a channel an operator connected, NODE_ENV=production — keeps it off. `on` forces it,
 * `off` forbids it.
 */
export function decideSandbox(facts: SandboxFacts): SandboxDecision {
  if (facts.SIMULATOR === 'off') return { sandbox: false, reason: 'SIMULATOR=off' };
  if (facts.SIMULATOR === 'on') return { sandbox: true, reason: 'SIMULATOR=on' };
  if (facts.NODE_ENV === 'production') return { sandbox: false, reason: 'NODE_ENV=production (SIMULATOR=on would run the sandbox anyway)' };
  if (facts.platformVariables.length > 0) {
    const names = facts.platformVariables.length > 4 ? `${facts.platformVariables.slice(0, 4).join(', ')}, …` : facts.platformVariables.join(', ');
    return { sandbox: false, reason: `platform variables are set (${names})` };
  }
  if (facts.operatorChannels > 0) {
    return { sandbox: false, reason: `the database holds ${facts.operatorChannels} channel${facts.operatorChannels === 1 ? '' : 's'} an operator connected` };
  }
  return { sandbox: true, reason: 'no platform variable is set and no channel has been connected' };
}
