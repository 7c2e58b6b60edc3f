import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.ts';

/**
 * Starts one real PostgreSQL for the whole run: the embedded one in .test-data/, or the server of
 * TEST_DATABASE_URL. Test files get a fresh database each (test/helpers/test-database.ts), copied
 * from a template migrated once here: migrating took ~2 s per database, a copy takes a fraction.
 */
let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The last run's evidence of failed browser tests (failure-evidence.ts) would read as this run's.
  await fs.rm(path.resolve('test-results'), { recursive: true, force: true });
  // Once, before any file starts: in a browser test's beforeAll a stale build could outlast the
  // hook's time limit on a busy machine, and two workers would build into web/dist at once. The
  // files still call buildWebApp(), which returns at once when the build is fresh. The server's
  // bundle too (esbuild, ~0.5 s of CPU): crash and lifecycle run it as npm start does. It runs beside
  // PostgreSQL's start (initdb and the template's migrations, mostly one core): from a clean clone
  // the two took ~10–25 s each one after the other.
  const building = Promise.all([build('scripts/build-web.js', 'the web app'), build('scripts/build-server.js', 'the server')]);
  const database = startDatabase(project);
  const [built, started] = await Promise.allSettled([building, database]);
  if (started.status === 'fulfilled' && built.status === 'rejected') await started.value();
  if (built.status === 'rejected') throw built.reason;
  if (started.status === 'rejected') throw started.reason;
  return started.value;
}

/**
 * Builds `what` if it is older than its sources. The server's bundle is what `npm start` runs and
 * what the tests that start snorq as a process run (test/helpers/server-process.ts): built here
 * once, not by two files at once into the same dist/server.
 */
function build(script: string, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`building ${what} failed`))));
  });
}

/** The run's PostgreSQL and its migrated template; answers the teardown. */
async function startDatabase(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // Inside the project, not a 0700 temp folder: the postgres user must traverse the path.
    // One cluster per run (several runs may overlap on a developer's machine); removed at the end.
    dataDir = path.resolve('.test-data', `run-${process.pid}`);
    await fs.mkdir(dataDir, { recursive: true });
    embedded = await startEmbeddedPostgres({ dataDir, log: (m) => console.error(m), database: 'postgres' });
    adminUrl = embedded.connectionString;
    await relaxDurability(adminUrl);
  }
  project.provide('adminDatabaseUrl', adminUrl);
  const template = await createMigratedTemplate(adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await runAdmin(adminUrl, `drop database if exists ${template} with (force)`);
    await embedded?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}

/**
 * The run's own cluster is thrown away at the end, so it need not survive a power cut: without
 * fsync and synchronous commits each test commit no longer waits for the disk (tests that need a
 * crash-safe PostgreSQL start their own, as snorq does, with fsync on). Never done to a
 * TEST_DATABASE_URL server, which is someone else's.
 */
async function relaxDurability(adminUrl: string): Promise<void> {
  for (const setting of ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']) await runAdmin(adminUrl, `alter system set ${setting}`);
  await runAdmin(adminUrl, 'select pg_reload_conf()');
}

async function runAdmin(adminUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
}

/**
 * A database migrated by the code under test, used only as `create database … template`. Named
 * per run, since runs may share one TEST_DATABASE_URL. Every connection to it is closed before a
 * test file copies it (PostgreSQL refuses to copy a database in use).
 */
async function createMigratedTemplate(adminUrl: string): Promise<string> {
  const name = `snorq_template_${process.pid}`;
  await runAdmin(adminUrl, `drop database if exists ${name} with (force)`);
  await runAdmin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = openDatabase(url.toString(), { max: 1 });
  try {
    await migrateToLatest(handle.db);
  } finally {
    await handle.close();
  }
  return name;
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    /** The migrated database each test file's database is copied from. */
    templateDatabase: string;
  }
}
