import { sql } from 'kysely';
import type { AutomationSettings, AutomationSettingsChange } from '../../contract/automation.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../errors/app-error.ts';
import { schemaIssue } from '../../contract/server-texts.ts';

const DEFAULTS: AutomationSettings = { greeting: { enabled: false, text: '', quietHours: 24 }, away: { enabled: false, text: '' }, updatedAt: null };

export async function getAutomationSettings(db: Db, organizationId: number): Promise<AutomationSettings> {
  const row = await db.selectFrom('automation_settings').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
  if (!row) return DEFAULTS;
  return {
    greeting: { enabled: row.greeting_enabled, text: row.greeting_text, quietHours: row.greeting_quiet_hours },
    away: { enabled: row.away_enabled, text: row.away_text },
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Change the greeting or away message; one switched on needs a text (refused with the field that lacks it). */
export async function updateAutomationSettings(db: Db, organizationId: number, change: AutomationSettingsChange): Promise<AutomationSettings> {
  const current = await getAutomationSettings(db, organizationId);
  const next = { greeting: { ...current.greeting, ...change.greeting }, away: { ...current.away, ...change.away } };
  const missing = [
    ...(next.greeting.enabled && !next.greeting.text.trim() ? [schemaIssue('/greeting/text', 'schema.greetingNeedsText')] : []),
    ...(next.away.enabled && !next.away.text.trim() ? [schemaIssue('/away/text', 'schema.awayNeedsText')] : []),
  ];
  if (missing.length > 0) throw new AppError('VALIDATION_FAILED', missing.map((m) => m.message).join('; '), { issues: missing });
  const values = {
    greeting_enabled: next.greeting.enabled,
    greeting_text: next.greeting.text,
    greeting_quiet_hours: next.greeting.quietHours,
    away_enabled: next.away.enabled,
    away_text: next.away.text,
    updated_at: new Date(),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('automation_settings')
      .values({ organization_id: organizationId, ...values })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet(values))
      .execute();
    await ensureCursor(trx, organizationId);
  });
  return getAutomationSettings(db, organizationId);
}

/**
 * Automation reads the organisation's events from now on: its cursor starts at the current seq the
 * first time something is configured, so nothing that happened before is answered.
 */
export async function ensureCursor(db: Db, organizationId: number): Promise<void> {
  await sql`
    insert into automation_cursors (organization_id, seq)
    select id, event_seq from organizations where id = ${organizationId}
    on conflict (organization_id) do nothing
  `.execute(db);
}
