import fs from 'node:fs/promises';
import os from 'node:os';
import pg from 'pg';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  kernel: string;
  postgres: string;
  settings: Record<string, string>;
  loadAverage: number[];
}

/** The machine the figures were measured on, read at run time. */
export async function describeMachine(databaseUrl: string): Promise<Machine> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const version = (await client.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]!.v;
  const settings: Record<string, string> = {};
  for (const name of ['fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections']) {
    settings[name] = (await client.query<{ setting: string }>(`select current_setting($1) as setting`, [name])).rows[0]!.setting;
  }
  await client.end();
  const cpus = os.cpus();
  const kernel = (await fs.readFile('/proc/sys/kernel/osrelease', 'utf8').catch(() => os.release())).trim();
  return {
    cores: os.availableParallelism(),
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    kernel,
    postgres: version,
    settings,
    loadAverage: os.loadavg(),
  };
}
