import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config/config.ts';
import { listChannels } from '../core/channel-accounts/list-channels.ts';
import { listJournal } from '../core/ingest/journal.ts';
import { replayWebhook } from '../core/ingest/recover-journal.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import type { WebhookState } from '../db/schema.ts';

const USAGE = `snorq — command line

  snorq doctor                         channel health: webhooks, tokens, send errors
  snorq journal [--state failed,...]   webhook journal entries needing attention
  snorq replay --id N                  apply one journaled webhook again
  snorq replay --state failed,unrouted apply every entry in these states again

Uses the same environment as npm start (DATA_DIR or DATABASE_URL). With the embedded database
it attaches to a running snorq, or starts the database just for the command.`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { id: { type: 'string' }, state: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const command = positionals[0];
  if (!command || values.help) {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, log: () => undefined, attachToRunning: true });
  const handle = openDatabase(config.DATABASE_URL ?? embedded!.connectionString, { max: 2 });
  try {
    await migrateToLatest(handle.db);
    const states = (values.state ?? 'failed,partial,unrouted,received').split(',') as WebhookState[];
    switch (command) {
      case 'doctor': {
        const channels = await listChannels(handle.db, null);
        if (channels.length === 0) console.log('No channels yet. Connect one in Settings → Channels.');
        for (const c of channels) {
          console.log(`${c.health.status === 'ok' ? 'OK  ' : c.health.status === 'warning' ? 'WARN' : 'FAIL'}  #${c.id} ${c.platform} ${c.name} (${c.externalAccountId}) — ${c.connectionState}`);
          console.log(`      last webhook: ${c.lastWebhookAt ?? 'never'}; token expires: ${c.tokenExpiresAt ?? 'no expiry known'}`);
          for (const w of c.health.warnings) console.log(`      ! ${w}`);
        }
        const attention = await listJournal(handle.db, { states: ['failed', 'partial', 'unrouted'], limit: 500 });
        console.log(`\nWebhook journal: ${attention.length} entr${attention.length === 1 ? 'y' : 'ies'} need attention (snorq journal)`);
        return channels.some((c) => c.health.status === 'error') ? 1 : 0;
      }
      case 'journal': {
        for (const e of await listJournal(handle.db, { states, limit: 200 })) {
          console.log(`#${e.id} ${e.receivedAt.toISOString()} ${e.platform} ${e.state}${e.error ? ` — ${e.error}` : ''}`);
        }
        return 0;
      }
      case 'replay': {
        const ids = values.id ? [Number(values.id)] : (await listJournal(handle.db, { states, limit: 500 })).map((e) => e.id).reverse();
        for (const id of ids) {
          const outcome = await replayWebhook({ db: handle.db }, id);
          console.log(`#${id}: ${outcome.state}${'error' in outcome && outcome.error ? ` — ${outcome.error}` : ''}`);
        }
        if (ids.length === 0) console.log('Nothing to replay.');
        return 0;
      }
      default:
        console.error(`unknown command "${command}"\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await handle.close();
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof ConfigError ? err.message : `snorq: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
