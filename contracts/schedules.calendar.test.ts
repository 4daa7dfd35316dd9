import { describe, it, expect } from 'vitest';
import { CalendarSettings, isSchoolDay, schoolDayKind } from './schedules';
import { translate } from './i18n';

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

  it('refuses a holiday overlapping an earlier one, on the later one\'s start, naming the other (zh and en)', () => {
    const keyed = (r: ReturnType<typeof CalendarSettings.safeParse>) => r.error!.issues.map((i) => {
      const { i18n, ...params } = ((i as { params?: Record<string, string> }).params) ?? {};
      return { path: i.path.join('.'), i18n, params };
    });
    const r = CalendarSettings.safeParse({
      terms: cal.terms,
      holidays: [
        { name: '国庆节、中秋节', start: '2026-10-01', end: '2026-10-08' },
        { name: '元旦', start: '2027-01-01', end: '2027-01-03' },
        { name: '校庆', start: '2026-10-08', end: '2026-10-09' }, // shares 10-08 with the first
        { name: '冬假', start: '2026-12-30', end: '2027-01-05' }, // covers 元旦
      ],
    });
    expect(r.success).toBe(false);
    expect(keyed(r)).toEqual([
      { path: 'holidays.2.start', i18n: 'settings.calendar.holidayOverlap', params: { name: '国庆节、中秋节', start: '2026-10-01', end: '2026-10-08' } },
      { path: 'holidays.3.start', i18n: 'settings.calendar.holidayOverlap', params: { name: '元旦', start: '2027-01-01', end: '2027-01-03' } },
    ]);
    const { i18n, ...params } = (r.error!.issues[0] as { params: Record<string, string> }).params;
    expect(translate('zh-CN', `errors.${i18n}`, params)).toBe('假期日期与“国庆节、中秋节”（2026-10-01 至 2026-10-08）重叠');
    expect(translate('en-US', `errors.${i18n}`, params)).toBe('The holiday\'s dates overlap "国庆节、中秋节" (2026-10-01 to 2026-10-08)');

    // Back to back is not an overlap; one inside another is.
    expect(CalendarSettings.safeParse({ ...cal, holidays: [...cal.holidays, { name: '返校', start: '2026-10-09', end: '2026-10-09' }] }).success).toBe(true);
    expect(keyed(CalendarSettings.safeParse({ ...cal, holidays: [{ name: '寒假', start: '2027-01-21', end: '2027-02-23' }, { name: '春节', start: '2027-02-06', end: '2027-02-12' }] })))
      .toEqual([{ path: 'holidays.1.start', i18n: 'settings.calendar.holidayOverlap', params: { name: '寒假', start: '2027-01-21', end: '2027-02-23' } }]);
    // A malformed or reversed holiday has its own error, not an overlap as well.
    expect(keyed(CalendarSettings.safeParse({ ...cal, holidays: [cal.holidays[0], { name: '错', start: '2026-10-05', end: '2026-10-02' }, { name: '坏', start: '2026-10-3', end: '2026-10-04' }] })).map((i) => `${i.path} ${i.i18n}`))
      .toEqual(['holidays.1.end settings.calendar.endBeforeStart', 'holidays.2.start undefined']);
  });
});
