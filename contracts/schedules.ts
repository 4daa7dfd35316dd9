import { z } from 'zod';

// Recurrence rules of durable schedules (server/platform/schedules.ts), in the school's time zone.
const YMD = /^\d{4}-\d{2}-\d{2}$/;
// One error for a malformed day: the existence check only looks at a well-formed one.
const Ymd = z.string().regex(YMD).refine((s) => !YMD.test(s) || isRealDate(s), { message: 'invalid date' });
const Hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** A calendar day that exists (2026-02-30 does not). */
export function isRealDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const When = { time: Hm, startsOn: Ymd, endsOn: Ymd.optional() };

export const ScheduleRule = z.discriminatedUnion('freq', [
  z.object({ freq: z.literal('daily'), ...When }),
  z.object({ freq: z.literal('weekly'), weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7), ...When }),
  z.object({ freq: z.literal('monthly'), monthDay: z.number().int().min(1).max(31), ...When }),
  z.object({ freq: z.literal('term'), termDay: z.enum(['start', 'end']), offsetDays: z.number().int().min(-60).max(60), ...When }),
  z.object({ freq: z.literal('dates'), dates: z.array(Ymd).min(1).max(366), ...When }),
]).refine((r) => !r.endsOn || r.endsOn >= r.startsOn, { message: 'endsOn before startsOn', path: ['endsOn'] });
export type ScheduleRule = z.infer<typeof ScheduleRule>;
export type ScheduleFreq = ScheduleRule['freq'];

/** A refinement's message key (contracts/i18n: errors.<key>), which the settings route names by field. */
const issue = (ctx: z.RefinementCtx, path: (string | number)[], i18n: string, params: Record<string, string | number> = {}) =>
  ctx.addIssue({ code: 'custom', path, message: i18n, params: { ...params, i18n } });
/** Refinements compare only well-formed days (a malformed one has its own error). */
const goodDay = (s: string) => YMD.test(s) && isRealDate(s);
const goodRange = (r: { start: string; end: string }) => goodDay(r.start) && goodDay(r.end) && r.start <= r.end;
const endBeforeStart = (r: { start: string; end: string }, ctx: z.RefinementCtx) => {
  if (goodDay(r.start) && goodDay(r.end) && r.end < r.start) issue(ctx, ['end'], 'settings.calendar.endBeforeStart');
};

/** A school term (学期), from the school's `calendar` settings. */
export const Term = z.object({ name: z.string().trim().min(1).max(40), start: Ymd, end: Ymd })
  .superRefine(endBeforeStart);
export type Term = z.infer<typeof Term>;

/** A holiday 假期 (国庆节 10-01..10-07): no school on these days, inside a term or not. */
export const Holiday = z.object({ name: z.string().trim().min(1).max(40), start: Ymd, end: Ymd })
  .superRefine(endBeforeStart);
export type Holiday = z.infer<typeof Holiday>;

/** A make-up school day 调休上班 (a Saturday or Sunday worked as a school day). */
export const MakeUpDay = z.object({ date: Ymd, name: z.string().trim().max(40).default('') });
export type MakeUpDay = z.infer<typeof MakeUpDay>;

/** 1 = Monday … 7 = Sunday, of a YYYY-MM-DD. */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

export const CalendarSettings = z.object({
  terms: z.array(Term).max(40),
  holidays: z.array(Holiday).max(200).default([]),
  makeUpDays: z.array(MakeUpDay).max(200).default([]),
}).superRefine((c, ctx) => {
  // Holidays do not overlap: the later one in the list names the first earlier one it meets.
  c.holidays.forEach((h, i) => {
    if (!goodRange(h)) return;
    const other = c.holidays.slice(0, i).find((o) => goodRange(o) && o.start <= h.end && h.start <= o.end);
    if (other) issue(ctx, ['holidays', i, 'start'], 'settings.calendar.holidayOverlap', { name: other.name, start: other.start, end: other.end });
  });
  const seen = new Set<string>();
  c.makeUpDays.forEach((m, i) => {
    if (!goodDay(m.date)) return;
    if (weekdayOf(m.date) < 6) issue(ctx, ['makeUpDays', i, 'date'], 'settings.calendar.makeUpWeekday');
    else if (seen.has(m.date)) issue(ctx, ['makeUpDays', i, 'date'], 'settings.calendar.makeUpTwice');
    else if (c.holidays.some((h) => h.start <= m.date && m.date <= h.end)) issue(ctx, ['makeUpDays', i, 'date'], 'settings.calendar.makeUpInHoliday');
    seen.add(m.date);
  });
});
export type CalendarSettings = z.infer<typeof CalendarSettings>;

/** What a day is in the school calendar. */
export type SchoolDayKind = 'school' | 'makeup' | 'weekend' | 'holiday' | 'outside_term' | 'no_calendar';

/**
 * A day against the calendar: outside every term; in a holiday; a make-up day; a weekday (school)
 * or a weekend. A calendar without terms says nothing ('no_calendar': the callers keep their weekly rules).
 */
export function schoolDayKind(cal: Pick<CalendarSettings, 'terms'> & Partial<Pick<CalendarSettings, 'holidays' | 'makeUpDays'>>, day: string): SchoolDayKind {
  if (!cal.terms.length) return 'no_calendar';
  if (!cal.terms.some((t) => t.start <= day && day <= t.end)) return 'outside_term';
  if ((cal.holidays ?? []).some((h) => h.start <= day && day <= h.end)) return 'holiday';
  if ((cal.makeUpDays ?? []).some((m) => m.date === day)) return 'makeup';
  return weekdayOf(day) <= 5 ? 'school' : 'weekend';
}

/** In a term, not in a holiday, and Monday–Friday or a make-up day (a calendar without terms: Monday–Friday). */
export function isSchoolDay(cal: Pick<CalendarSettings, 'terms'> & Partial<Pick<CalendarSettings, 'holidays' | 'makeUpDays'>>, day: string): boolean {
  const k = schoolDayKind(cal, day);
  return k === 'school' || k === 'makeup' || (k === 'no_calendar' && weekdayOf(day) <= 5);
}
