// Calendar arithmetic in a school's time zone, on top of the platform's (server/platform/schedules.ts).
import { localDate, zonedTime as wallTime, startOfDay, addDays } from '../../platform/schedules';

export { localDate, startOfDay, addDays };

/** The instant a wall-clock time of a day happens in the zone (midnight by default). */
export function zonedTime(ymd: string, tz: string, hour = 0, minute = 0): Date {
  return wallTime(ymd, `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, tz);
}

/** The first instant of the day after `ymd`: ranges are [start of from, start of to + 1). */
export function startOfNextDay(ymd: string, tz: string): Date {
  return startOfDay(addDays(ymd, 1), tz);
}

/** The last millisecond of a day in the zone. */
export function endOfDay(ymd: string, tz: string): Date {
  return new Date(startOfNextDay(ymd, tz).getTime() - 1);
}

/** "YYYY-MM-DD HH:mm" in the zone, for documents. */
export function localDateTime(at: Date | null | undefined, tz: string): string {
  if (!at) return '';
  const day = localDate(at, tz);
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${day} ${hm}`;
}
