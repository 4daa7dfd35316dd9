import { describe, it, expect } from 'vitest';
import { CalendarSettings, isSchoolDay, schoolDayKind } from './schedules';

/* isSchoolDay: in a term, not in a holiday, and Monday–Friday or a make-up day. */

const cal = CalendarSettings.parse({
  terms: [{ name: '第一学期', start: '2026-09-01', end: '2027-01-20' }],
  holidays: [{ name: '国庆节、中秋节', start: '2026-10-01', end: '2026-10-08' }, { name: '元旦', start: '2027-01-01', end: '2027-01-03' }],
  makeUpDays: [{ date: '2026-09-27', name: '国庆调休' }, { date: '2026-10-10' }],
});

describe('the school calendar', () => {
  it('knows each kind of day', () => {
    expect(schoolDayKind(cal, '2026-10-14')).toBe('school'); // Wednesday
    expect(schoolDayKind(cal, '2026-10-17')).toBe('weekend');
    expect(schoolDayKind(cal, '2026-10-01')).toBe('holiday');
    expect(schoolDayKind(cal, '2026-10-08')).toBe('holiday');
    expect(schoolDayKind(cal, '2026-10-10')).toBe('makeup');
    expect(schoolDayKind(cal, '2026-08-31')).toBe('outside_term');
    expect(schoolDayKind(cal, '2027-01-21')).toBe('outside_term');
    expect(schoolDayKind({ terms: [] }, '2026-10-01')).toBe('no_calendar');
  });

  it('isSchoolDay: weekdays of the term, make-up weekends; not holidays, weekends or vacations', () => {
    expect(['2026-09-01', '2026-09-27', '2026-09-30', '2026-10-09', '2026-10-10', '2027-01-04', '2027-01-20'].filter((d) => isSchoolDay(cal, d)))
      .toEqual(['2026-09-01', '2026-09-27', '2026-09-30', '2026-10-09', '2026-10-10', '2027-01-04', '2027-01-20']);
    expect(['2026-08-31', '2026-09-26', '2026-10-01', '2026-10-05', '2026-10-11', '2027-01-01', '2027-01-21'].filter((d) => isSchoolDay(cal, d))).toEqual([]);
    // Without terms the calendar says nothing: Monday to Friday.
    expect(isSchoolDay({ terms: [] }, '2026-10-01')).toBe(true);
    expect(isSchoolDay({ terms: [] }, '2026-10-03')).toBe(false);
  });

  it('refuses an end before the start, a make-up weekday, a make-up day twice or in a holiday — naming the field', () => {
    const r = CalendarSettings.safeParse({
      terms: cal.terms,
      holidays: [{ name: '错', start: '2026-10-08', end: '2026-10-01' }],
      makeUpDays: [{ date: '2026-10-09' }, { date: '2026-10-10' }, { date: '2026-10-10' }],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')} ${((i as { params?: { i18n?: string } }).params)?.i18n}`)).toEqual([
      'holidays.0.end settings.calendar.endBeforeStart',
      'makeUpDays.0.date settings.calendar.makeUpWeekday',
      'makeUpDays.2.date settings.calendar.makeUpTwice',
    ]);
    const inHoliday = CalendarSettings.safeParse({ ...cal, makeUpDays: [{ date: '2026-10-03' }] });
    expect(inHoliday.error!.issues[0].path).toEqual(['makeUpDays', 0, 'date']);
    // Older stored calendars (terms only) still read.
    expect(CalendarSettings.parse({ terms: cal.terms })).toEqual({ terms: cal.terms, holidays: [], makeUpDays: [] });
  });
});
