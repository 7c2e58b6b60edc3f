import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import type { SecretBox } from '../core/crypto/secret-box.ts';
import type { Db } from '../db/database.ts';
import { decideSandbox, type SandboxDecision } from './decide-sandbox.ts';
import type { RunningSandbox } from './start-sandbox.ts';

/**
 * What `startSnorq` needs of the sandbox, without the simulator: a production start decides, finds
 * no sandbox to run, and never loads src/simulator (~150 modules, ~0.5 MB of the server's code;
 * they are a chunk of their own in the build, imported below only when the sandbox runs).
 * `test/unit/sandbox/lazy-simulator.test.ts` fails if a static import brings them back.
 */

/** What a start chose, and the sandbox when it runs. */
export interface SandboxMode extends SandboxDecision {
  running?: RunningSandbox;
}

/** Channels an operator connected (environment, API, OAuth), in any organisation. */
export async function countOperatorChannels(db: Db): Promise<number> {
  const row = await db
    .selectFrom('channels')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('source', '!=', 'simulator')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Once the database is up (its channels are part of the decision): decide, and when the sandbox
 * runs, load and start the simulator and lay its values over the configuration.
 */
export async function chooseMode(config: Config, db: Db, log: (msg: string) => void, warn: (msg: string) => void = log): Promise<SandboxMode> {
  const decision = decideSandbox({ ...config, operatorChannels: config.SIMULATOR === 'auto' ? await countOperatorChannels(db) : 0 });
  if (!decision.sandbox) return decision;
  const { startSandbox } = await import('./start-sandbox.ts');
  return { ...decision, running: await startSandbox(config, log, warn) };
}

/** Once snorq listens, with the sandbox running: its channels and first demo (start-sandbox.ts). */
export async function connectSandbox(db: Db, secretBox: SecretBox, running: RunningSandbox, log: FastifyBaseLogger): Promise<{ channels: boolean; seeded: boolean }> {
  const sandbox = await import('./start-sandbox.ts');
  return sandbox.connectSandbox(db, secretBox, running, log);
}
