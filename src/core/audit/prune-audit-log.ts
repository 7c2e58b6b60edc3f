import type { Db } from '../../db/database.ts';
import { periodicJob, type PeriodicJob } from '../jobs/periodic-job.ts';

/**
 * Audit entries older than AUDIT_RETENTION_DAYS are deleted, and with them what sign-in
 * throttling no longer needs (failure counts whose lock and window are long over). Batched, so a
 * first pass over a large backlog never holds one long transaction.
 */
export async function pruneAuditLog(db: Db, retentionDays: number, now: Date = new Date()): Promise<{ auditEntries: number; signInFailures: number }> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  let auditEntries = 0;
  for (;;) {
    const res = await db
      .deleteFrom('audit_log')
      .where('id', 'in', (eb) => eb.selectFrom('audit_log').select('id').where('created_at', '<', cutoff).limit(5000))
      .executeTakeFirst();
    const n = Number(res.numDeletedRows);
    auditEntries += n;
    if (n < 5000) break;
  }
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const failures = await db
    .deleteFrom('sign_in_failures')
    .where('first_failed_at', '<', dayAgo)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', dayAgo)]))
    .executeTakeFirst();
  return { auditEntries, signInFailures: Number(failures.numDeletedRows) };
}

export function createAuditPruner(deps: {
  db: Db;
  retentionDays: number;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void };
}): PeriodicJob<{ auditEntries: number; signInFailures: number }> {
  return periodicJob({
    intervalMs: 6 * 3600_000,
    firstDelayMs: 60_000,
    pass: async (now) => {
      const pruned = await pruneAuditLog(deps.db, deps.retentionDays, now);
      if (pruned.auditEntries > 0) deps.log.info(pruned, 'pruned the audit log');
      return pruned;
    },
    onError: (err) => deps.log.warn({ err }, 'pruning the audit log failed'),
  });
}
