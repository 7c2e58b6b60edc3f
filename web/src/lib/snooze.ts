import { i18next } from '../i18n/i18n.ts';

export interface SnoozeOption {
  label: string;
  until: Date;
}

/** "1 hour", "Tomorrow 9:00", "Next week" (Monday 9:00), in the agent's local time. */
export function snoozeOptions(now: Date): SnoozeOption[] {
  const inAnHour = new Date(now.getTime() + 3600_000);
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0, 0, 0);
  const daysToMonday = (8 - now.getDay()) % 7 || 7;
  const nextWeek = new Date(now.getFullYear(), now.getMonth(), now.getDate() + daysToMonday, 9, 0, 0, 0);
  return [
    { label: i18next.t('inbox:snooze.hour'), until: inAnHour },
    { label: i18next.t('inbox:snooze.tomorrow'), until: tomorrow },
    { label: i18next.t('inbox:snooze.nextWeek'), until: nextWeek },
  ];
}

/** A time as an `<input type="datetime-local">` holds it: the agent's local date and time, to the minute. */
export function localInputValue(at: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}
