import fs from 'node:fs/promises';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres.ts';

/**
 * Starts one real PostgreSQL for the whole run: the embedded one in .test-data/, or the server of
 * TEST_DATABASE_URL. Test files get a fresh database each (test/helpers/test-database.ts).
 */
let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    // Inside the project, not a 0700 temp folder: the postgres user must traverse the path.
    // One cluster per run (several runs may overlap on a developer's machine); removed at the end.
    dataDir = path.resolve('.test-data', `run-${process.pid}`);
    await fs.mkdir(dataDir, { recursive: true });
    embedded = await startEmbeddedPostgres({ dataDir, log: (m) => console.error(m), database: 'postgres' });
    adminUrl = embedded.connectionString;
  }
  project.provide('adminDatabaseUrl', adminUrl);
  return async () => {
    await embedded?.stop();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}
