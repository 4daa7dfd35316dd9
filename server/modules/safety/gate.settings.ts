import {
  GateSettings, DEFAULT_GATE_SETTINGS, PatrolSettings, DEFAULT_PATROL_SETTINGS, type WeekTime,
} from '../../../contracts/safetyGate';
import { getSettings, type SettingsDef } from '../../platform/settings';
import { localDate, zonedTime, addDays, startOfDay, schoolDayKind } from '../../platform/schedules';
import type { CalendarSettings } from '../../../contracts/schedules';
import type { Db } from '../../platform/db';

export { localDate, zonedTime, addDays, startOfDay };

/** The gate's settings: the boarders' closed week, class hours, the visitors' end of day, pass length, duty shifts. */
export const gateSettingsDef: SettingsDef<GateSettings> = {
  module: 'gate',
  schema: GateSettings,
  defaults: DEFAULT_GATE_SETTINGS,
  read: 'gate.settings.read',
  write: 'gate.settings.write',
};

/** The patrol rule: key areas per day, dorm patrols per night (boarding schools), fire patrols per day, the night's hours. */
export const patrolSettingsDef: SettingsDef<PatrolSettings> = {
  module: 'patrol',
  schema: PatrolSettings,
  defaults: DEFAULT_PATROL_SETTINGS,
  read: 'patrol.settings.read',
  write: 'patrol.settings.write',
};

export const gateSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, gateSettingsDef);
export const patrolSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, patrolSettingsDef);

/* ---------- Wall-clock arithmetic in the school's zone ---------- */

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** 1 = Monday … 7 = Sunday, of a YYYY-MM-DD. */
export function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The local "HH:MM" of an instant. */
export function localTime(t: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
}

/** The Monday of the week a day falls in. */
export const mondayOf = (day: string) => addDays(day, 1 - isoWeekday(day));

/** Minutes since Monday 00:00 of a local instant, or of a weekday and time. */
const weekMinute = (weekday: number, hhmm: string) => (weekday - 1) * 1440 + minutesOf(hhmm);

/** Is the instant inside the weekly window [from, until) (which may wrap over the weekend)? */
export function inWeekWindow(t: Date, tz: string, from: WeekTime, until: WeekTime): boolean {
  const day = localDate(t, tz);
  const now = weekMinute(isoWeekday(day), localTime(t, tz));
  const a = weekMinute(from.weekday, from.time);
  const b = weekMinute(until.weekday, until.time);
  return a <= b ? now >= a && now < b : now >= a || now < b;
}

/** Class hours of a class day (day students need a pass then). */
export function inClassHours(t: Date, tz: string, s: GateSettings): boolean {
  const day = localDate(t, tz);
  if (!s.classDays.includes(isoWeekday(day))) return false;
  const m = minutesOf(localTime(t, tz));
  return m >= minutesOf(s.classStart) && m < minutesOf(s.classEnd);
}

type Calendar = Pick<CalendarSettings, 'terms'> & Partial<Pick<CalendarSettings, 'holidays' | 'makeUpDays'>>;
export type BoarderReason = 'boarder_closed' | 'boarder_open' | 'holiday' | 'outside_term' | 'makeup_day';

/**
 * Are boarders kept in at this instant (a pass needed to leave), and why. The weekly closed window
 * applies only on days of school: outside every term or in a holiday they may leave; on a make-up
 * day (调休上班, a weekend day worked) they are kept in all day; the last school day before a holiday
 * or vacation ends like a Friday (open from boarderClosedUntil's time). A calendar without terms
 * leaves the weekly window alone.
 */
export function boarderRule(t: Date, tz: string, s: GateSettings, cal: Calendar): { closed: boolean; reason: BoarderReason } {
  const day = localDate(t, tz);
  const kind = schoolDayKind(cal, day);
  if (kind === 'outside_term') return { closed: false, reason: 'outside_term' };
  if (kind === 'holiday') return { closed: false, reason: 'holiday' };
  if (kind === 'makeup') return { closed: true, reason: 'makeup_day' };
  if (!inWeekWindow(t, tz, s.boarderClosedFrom, s.boarderClosedUntil)) return { closed: false, reason: 'boarder_open' };
  if (kind !== 'no_calendar') {
    const next = schoolDayKind(cal, addDays(day, 1));
    if ((next === 'holiday' || next === 'outside_term') && localTime(t, tz) >= s.boarderClosedUntil.time) return { closed: false, reason: 'holiday' };
  }
  return { closed: true, reason: 'boarder_closed' };
}

/** Day students' class hours, only on days of school (a make-up day has class hours whatever its weekday). */
export function classHoursRule(t: Date, tz: string, s: GateSettings, cal: Calendar): { inClass: boolean; reason: 'class_hours' | 'outside_class_hours' | 'holiday' | 'outside_term' } {
  const kind = schoolDayKind(cal, localDate(t, tz));
  if (kind === 'outside_term') return { inClass: false, reason: 'outside_term' };
  if (kind === 'holiday') return { inClass: false, reason: 'holiday' };
  const inClass = kind === 'makeup' ? inClassHours(t, tz, { ...s, classDays: [isoWeekday(localDate(t, tz))] }) : inClassHours(t, tz, s);
  return { inClass, reason: inClass ? 'class_hours' : 'outside_class_hours' };
}

/** The end of the school day of an instant (a visitor in at 20:00 after the day's end is due by the next day's end). */
export function visitorDueOut(timeIn: Date, tz: string, s: GateSettings): Date {
  const day = localDate(timeIn, tz);
  const end = zonedTime(day, s.visitorDayEnd, tz);
  return end.getTime() > timeIn.getTime() ? end : zonedTime(addDays(day, 1), s.visitorDayEnd, tz);
}

/** A shift's start and end: the duty's start time on the date, lasting its hours. */
export function shiftTimes(date: string, tz: string, shift: { start: string; hours: number }): { startsAt: Date; endsAt: Date } {
  const startsAt = zonedTime(date, shift.start, tz);
  return { startsAt, endsAt: new Date(startsAt.getTime() + shift.hours * 3600_000) };
}

/**
 * The date a patrol counts for: a dorm patrol started in the night's hours counts for the evening's
 * date (01:30 on the 12th belongs to the night of the 11th); everything else for its own day.
 */
export function patrolCountsFor(kind: string, startedAt: Date, tz: string, s: PatrolSettings): string {
  const day = localDate(startedAt, tz);
  if (kind !== 'dorm_night') return day;
  const m = minutesOf(localTime(startedAt, tz));
  const start = minutesOf(s.nightStart), end = minutesOf(s.nightEnd);
  const afterMidnight = start > end ? m < end : false;
  return afterMidnight ? addDays(day, -1) : day;
}
