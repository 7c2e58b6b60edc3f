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
    { label: '1 hour', until: inAnHour },
    { label: 'Tomorrow 9:00', until: tomorrow },
    { label: 'Next week', until: nextWeek },
  ];
}
