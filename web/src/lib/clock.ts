/** Seconds as a player shows them: "0:07", "2:05", "61:40" (minutes are not split into hours: voice notes are short). */
export function clock(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
