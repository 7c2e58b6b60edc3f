import path from 'node:path';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { createLogger, flushLog } from './server/create-logger.ts';
import { startSnorq } from './start-snorq.ts';

/** `npm start`: configuration → snorq (database, channels, HTTP, real time, workers) → signals. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(78); // EX_CONFIG
    }
    throw e;
  }
  const log = createLogger(config);
  const snorq = await startSnorq(config, log);
  const { mode } = snorq;
  const sandbox = mode.running;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await snorq.stop().catch((err) => log.error({ err }, 'shutdown failed'));
    await flushLog(log);
    process.exit(0);
  };
  // The process's signals are ours: the orderly stop below stops the database last.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // The banner goes to stdout directly: the start's buffered log lines first, so they read in order.
  await flushLog(log);
  const url = `http://localhost:${config.PORT}`;
  const admin = snorq.firstAdmin;
  console.log(`\n  snorq is ready in ${process.uptime().toFixed(1)} s at ${url}  (public URL ${config.publicUrl})`);
  console.log(`  database: ${config.embeddedDatabase ? `embedded PostgreSQL in ${config.dataDir}` : 'external PostgreSQL (DATABASE_URL)'}`);
  if (sandbox) {
    console.log(`  platforms: SANDBOX, because ${mode.reason}: the simulator at ${sandbox.simulator.url} plays`);
    const platforms = listed(sandbox.platformNames);
    if (mode.channels) {
      console.log(`             ${platforms} with ${count(sandbox.platformNames.length)} sandbox channels${mode.seeded ? ' and a few demo conversations' : ''}.`);
    } else {
      console.log(`             ${platforms}; no sandbox channel was added: the first organisation has real ones.`);
    }
    if (sandbox.kept.length > 0) console.log(`             Your own ${sandbox.kept.join(', ')} ${sandbox.kept.length === 1 ? 'is' : 'are'} kept over the sandbox's.`);
    console.log(`             Make a customer write (the control API wants the secret in ${path.join(config.dataDir, 'simulator-secret')}):`);
    console.log(`               curl -X POST ${sandbox.simulator.url}/_sim/customers/whatsapp/messages -H "authorization: Bearer $(cat '${path.join(config.dataDir, 'simulator-secret')}')" \\`);
    console.log(
      `                 -H 'content-type: application/json' -d '{"accountId":"${sandbox.sandbox.accounts.find((a) => a.platform === 'whatsapp')!.accountId}","customer":{"id":"4915100000000","name":"Test"},"text":"Hello!"}'`,
    );
  } else {
    console.log(`  platforms: REAL (no simulator), because ${mode.reason}. Connect channels in Settings → Channels.`);
  }
  if (admin.created) {
    console.log(`  sign in at ${url}/ as ${admin.email}${admin.generatedPassword ? ` with the password ${admin.generatedPassword} (shown once; set ADMIN_PASSWORD to choose it)` : ''}`);
  } else {
    console.log(`  sign in at ${url}/`);
  }
  console.log('');
}

/** "A, B and C". */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

const NUMBERS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
const count = (n: number): string => NUMBERS[n] ?? String(n);

main().catch((err) => {
  console.error(`snorq failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
