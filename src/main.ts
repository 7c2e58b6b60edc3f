import pino from 'pino';
import { ConfigError, LOG_REDACT_PATHS, loadConfig, type Config } from './config/config.ts';
import { startDatabase } from './db/start-database.ts';
import { ensureFirstAdmin } from './core/accounts/users.ts';
import { createSecretBox } from './core/crypto/secret-box.ts';
import { resolveSecretKey } from './core/crypto/secret-key.ts';
import { buildApp } from './server/app.ts';

/** `npm start`: configuration → database (embedded or external) → migrations → first admin → HTTP. */
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
  const log = pino({ level: config.LOG_LEVEL, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } });
  const started = Date.now();
  const database = await startDatabase(config, (msg) => log.info(msg));
  const secretBox = createSecretBox(await resolveSecretKey(config));
  const admin = await ensureFirstAdmin(database.db, { email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD });

  const app = await buildApp({ config, db: database.db, secretBox }, { logger: log });
  await app.listen({ port: config.PORT, host: config.HOST });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close().catch((err) => log.error({ err }, 'closing the HTTP server failed'));
    await database.close().catch((err) => log.error({ err }, 'stopping the database failed'));
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  const url = `http://localhost:${config.PORT}`;
  console.log(`\n  snorq is ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${url}  (public URL ${config.publicUrl})`);
  console.log(`  database: ${config.embeddedDatabase ? `embedded PostgreSQL in ${config.dataDir}` : 'external PostgreSQL (DATABASE_URL)'}`);
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
