import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { connectSandbox, sandboxWanted, startSandbox, type RunningSandbox } from './sandbox/start-sandbox.ts';
import { createLogger } from './server/create-logger.ts';
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
  const started = Date.now();
  let sandbox: RunningSandbox | undefined;
  if (sandboxWanted(config)) {
    sandbox = await startSandbox(config, process.env, (msg) => log.debug(msg));
    config = sandbox.config;
  }
  const snorq = await startSnorq(config, log);
  const seeded = sandbox ? await connectSandbox(snorq, sandbox) : undefined;

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await snorq.stop().catch((err) => log.error({ err }, 'shutdown failed'));
    await sandbox?.simulator.close().catch(() => undefined);
    process.exit(0);
  };
  // The process's signals are ours: the orderly stop below stops the database last.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const url = `http://localhost:${config.PORT}`;
  const admin = snorq.firstAdmin;
  console.log(`\n  snorq is ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${url}  (public URL ${config.publicUrl})`);
  console.log(`  database: ${config.embeddedDatabase ? `embedded PostgreSQL in ${config.dataDir}` : 'external PostgreSQL (DATABASE_URL)'}`);
  if (sandbox) {
    console.log(`  platforms: SANDBOX — no platform credentials are configured, so the simulator at ${sandbox.simulator.url} plays`);
    console.log(`             Messenger, Instagram, WhatsApp, Twilio and TikTok with five sandbox channels${seeded?.seeded ? ' and a few demo conversations' : ''}.`);
    console.log(`             Make a customer write: curl -X POST ${sandbox.simulator.url}/_sim/customers/whatsapp/messages -H 'content-type: application/json' \\`);
    console.log(`               -d '{"accountId":"${sandbox.sandbox.accounts.find((a) => a.platform === 'whatsapp')!.accountId}","customer":{"id":"4915100000000","name":"Test"},"text":"Hello!"}'`);
  }
  if (admin.created) {
    console.log(`  sign in at ${url}/ as ${admin.email}${admin.generatedPassword ? ` with the password ${admin.generatedPassword} (shown once; set ADMIN_PASSWORD to choose it)` : ''}`);
  } else {
    console.log(`  sign in at ${url}/`);
  }
  console.log('');
}

main().catch((err) => {
  console.error(`snorq failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
