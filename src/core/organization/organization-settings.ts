import type { Db } from '../../db/database.ts';
import type { BusinessHoursInterval, Holiday } from '../../db/schema.ts';
import { notFound } from '../errors/app-error.ts';

export interface OrganizationSettings {
  id: number;
  name: string;
  timeZone: string;
  businessHours: BusinessHoursInterval[];
  holidays: Holiday[];
}

const DAY_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export async function getOrganization(db: Db, organizationId: number): Promise<OrganizationSettings> {
  const row = await db.selectFrom('organizations').select(['id', 'name', 'time_zone', 'business_hours', 'holidays']).where('id', '=', organizationId).executeTakeFirst();
  if (!row) throw notFound('organisation');
  return { id: row.id, name: row.name, timeZone: row.time_zone, businessHours: row.business_hours, holidays: row.holidays };
}

/** Name, time zone, weekly hours and holidays; the hours are stored sorted by day and start, the holidays by date. */
export async function updateOrganization(
  db: Db,
  organizationId: number,
  change: { name?: string; timeZone?: string; businessHours?: BusinessHoursInterval[]; holidays?: Holiday[] },
): Promise<OrganizationSettings> {
  const hours = change.businessHours ? [...change.businessHours].sort((a, b) => DAY_ORDER.indexOf(a.day) - DAY_ORDER.indexOf(b.day) || a.start.localeCompare(b.start)) : undefined;
  await db
    .updateTable('organizations')
    .set({
      ...(change.name !== undefined && { name: change.name }),
      ...(change.timeZone !== undefined && { time_zone: change.timeZone }),
      ...(hours && { business_hours: JSON.stringify(hours) }),
      ...(change.holidays && { holidays: JSON.stringify([...change.holidays].sort((a, b) => a.date.localeCompare(b.date))) }),
    })
    .where('id', '=', organizationId)
    .execute();
  return getOrganization(db, organizationId);
}
