import type { BusinessHoursInterval, Holiday, Organization, Weekday } from '../../../api/team-settings-api.ts';
import type { FieldErrors } from '../../../lib/field-errors.ts';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** One opening range as edited: `key` keeps React's rows stable while ranges come and go. */
export interface RangeDraft {
  key: number;
  day: Weekday;
  start: string;
  /** As the time field shows it: "00:00" for an end at midnight (the API's "24:00"). */
  end: string;
}
export interface HolidayDraft {
  key: number;
  date: string;
  name: string;
}
export interface OrganisationDraft {
  name: string;
  timeZone: string;
  hours: RangeDraft[];
  holidays: HolidayDraft[];
}

let nextKey = 1;
export const newKey = () => nextKey++;

/** The organisation as the form edits it, each day's ranges in order. */
export function draftOf(org: Organization): OrganisationDraft {
  const hours = [...org.businessHours]
    .sort((a, b) => WEEKDAYS.indexOf(a.day) - WEEKDAYS.indexOf(b.day) || a.start.localeCompare(b.start))
    .map((h) => ({ key: newKey(), day: h.day, start: h.start, end: h.end === '24:00' ? '00:00' : h.end }));
  const holidays = [...org.holidays].sort((a, b) => a.date.localeCompare(b.date)).map((h) => ({ key: newKey(), ...h }));
  return { name: org.name, timeZone: org.timeZone, hours, holidays };
}

/**
 * What the PATCH sends. The ranges keep the form's order, so the server's refusal of
 * `businessHours/3/start` names the form's fourth range.
 */
export function changeOf(draft: OrganisationDraft): { name: string; timeZone: string; businessHours: BusinessHoursInterval[]; holidays: Holiday[] } {
  return {
    name: draft.name.trim(),
    timeZone: draft.timeZone.trim(),
    businessHours: draft.hours.map((h) => ({ day: h.day, start: h.start, end: h.end === '00:00' ? '24:00' : h.end })),
    holidays: draft.holidays.map((h) => ({ date: h.date, name: h.name.trim() })),
  };
}

export type ProblemKey = 'nameRequired' | 'zoneUnknown' | 'timeMissing' | 'endBeforeStart' | 'dateMissing' | 'holidayNameRequired' | 'dateTwice';

/**
 * The checks made before sending, keyed like the server's refusals ("businessHours.2.end").
 * Overlapping ranges are the server's to refuse (one rule, in the contract): its answer lands
 * beside the later range the same way.
 */
export function problemsOf(draft: OrganisationDraft, zones: ReadonlySet<string>): Record<string, ProblemKey> {
  const out: Record<string, ProblemKey> = {};
  if (!draft.name.trim()) out['name'] = 'nameRequired';
  if (!zones.has(draft.timeZone.trim())) out['timeZone'] = 'zoneUnknown';
  draft.hours.forEach((h, i) => {
    if (!h.start) out[`businessHours.${i}.start`] = 'timeMissing';
    if (!h.end) out[`businessHours.${i}.end`] = 'timeMissing';
    else if (h.start && h.end !== '00:00' && h.end <= h.start) out[`businessHours.${i}.end`] = 'endBeforeStart';
  });
  draft.holidays.forEach((h, i) => {
    if (!h.date) out[`holidays.${i}.date`] = 'dateMissing';
    else if (draft.holidays.findIndex((o) => o.date === h.date) < i) out[`holidays.${i}.date`] = 'dateTwice';
    if (!h.name.trim()) out[`holidays.${i}.name`] = 'holidayNameRequired';
  });
  return out;
}

/** Whether a refusal's key belongs to a field the form shows (else it is shown for the whole form). */
export function isFieldKey(key: string, draft: OrganisationDraft): boolean {
  if (key === 'name' || key === 'timeZone') return true;
  const m = /^(businessHours|holidays)\.(\d+)\.(start|end|date|name)$/.exec(key);
  if (!m) return false;
  return Number(m[2]) < (m[1] === 'businessHours' ? draft.hours.length : draft.holidays.length);
}

export function formLevel(errors: FieldErrors, draft: OrganisationDraft): string[] {
  return Object.entries(errors)
    .filter(([k]) => !isFieldKey(k, draft))
    .map(([, v]) => v);
}
