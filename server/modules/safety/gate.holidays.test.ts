import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { gateWorld, ok, shanghai, GATE_MODULES, type GateWorld } from './gate.fixture';

/* The school calendar's holidays and make-up days in the gate's rule (a student without a pass)
 * and the patrol rule: the closed week and class hours apply only on days of school. */

const clock = manualClock(shanghai('2026-11-18T10:00'));
let t: TestApp;
let w: GateWorld;

// 2026-2027 first term; 国庆 Thu 1 Oct – Thu 8 Oct; Saturday 10 Oct is a make-up school day.
const CALENDAR = {
  terms: [{ name: '2026-2027学年第一学期', start: '2026-09-01', end: '2027-01-20' }],
  holidays: [{ name: '国庆节', start: '2026-10-01', end: '2026-10-08' }],
  makeUpDays: [{ date: '2026-10-10', name: '国庆调休' }],
};

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: GATE_MODULES });
  w = await gateWorld(t);
  ok(await w.admin.patch('/api/v1/settings/calendar', { values: CALENDAR }));
  await t.db.execute(sql`UPDATE schools SET boarding = true WHERE id = ${w.s.schoolId}`);
});
afterAll(async () => t.close());

async function check(studentId: number, local: string) {
  clock.set(shanghai(local));
  const r = ok(await w.guard.post('/api/v1/exit-passes/check-student', { studentId }));
  return `${r.result}/${r.reason}`;
}

describe('a boarder without a pass', () => {
  it('is kept in on an ordinary school day and may leave on a holiday', async () => {
    expect(await check(w.boarder, '2026-10-16T10:00')).toBe('needs_pass/boarder_closed');
    expect(await check(w.boarder, '2026-10-02T10:00')).toBe('may_leave/holiday');
    expect(await check(w.boarder, '2026-10-05T10:00')).toBe('may_leave/holiday'); // a Monday in the holiday
  });

  it('goes home the afternoon before a holiday, like a Friday', async () => {
    expect(await check(w.boarder, '2026-09-30T15:00')).toBe('needs_pass/boarder_closed');
    expect(await check(w.boarder, '2026-09-30T17:00')).toBe('may_leave/holiday');
  });

  it('is kept in on a make-up Saturday; an ordinary Saturday is open', async () => {
    expect(await check(w.boarder, '2026-10-10T10:00')).toBe('needs_pass/makeup_day');
    expect(await check(w.boarder, '2026-10-10T21:00')).toBe('needs_pass/makeup_day');
    expect(await check(w.boarder, '2026-10-17T10:00')).toBe('may_leave/boarder_open');
  });

  it('may leave outside the term (a Thursday of the summer vacation), and the rule comes back with the term', async () => {
    expect(await check(w.boarder, '2026-08-20T10:00')).toBe('may_leave/outside_term');
    expect(await check(w.boarder, '2027-01-28T10:00')).toBe('may_leave/outside_term');
    expect(await check(w.boarder, '2026-09-01T10:00')).toBe('needs_pass/boarder_closed');
  });

  it('still answers "has a pass" for a pass valid now, holiday or not', async () => {
    clock.set(shanghai('2026-10-02T09:00'));
    ok(await w.head.post('/api/v1/exit-passes', { studentId: w.boarder, reason: '回家', validFrom: shanghai('2026-10-02T08:00').toISOString(), validUntil: shanghai('2026-10-02T18:00').toISOString() }), 201);
    expect(await check(w.boarder, '2026-10-02T10:00')).toBe('has_pass/valid_pass');
  });
});

describe('a day student without a pass', () => {
  it('has class hours only on days of school: not on a holiday, yes on a make-up Saturday', async () => {
    expect(await check(w.day, '2026-10-16T10:00')).toBe('needs_pass/class_hours');
    expect(await check(w.day, '2026-10-02T10:00')).toBe('may_leave/holiday');
    expect(await check(w.day, '2026-10-10T10:00')).toBe('needs_pass/class_hours');
    expect(await check(w.day, '2026-10-10T18:00')).toBe('may_leave/outside_class_hours');
    expect(await check(w.day, '2026-10-17T10:00')).toBe('may_leave/outside_class_hours');
    expect(await check(w.day, '2026-08-20T10:00')).toBe('may_leave/outside_term');
  });
});

describe('the patrol rule in holidays', () => {
  it('asks no dorm patrols on holiday nights and the eve of the holiday, asks them on the make-up Saturday; key areas follow the setting', async () => {
    clock.set(shanghai('2026-10-20T09:00'));
    let f = ok(await w.director.get('/api/v1/patrols/figures?month=2026-10'));
    const day = (d: string) => f.days.find((x: { date: string }) => x.date === d);
    // No patrols at all were walked: every school night is short of the dorm rule, no holiday night is.
    for (const d of ['2026-10-01', '2026-10-03', '2026-10-07', '2026-10-08']) {
      expect(day(d), d).toMatchObject({ dayKind: 'holiday', boardersIn: false });
      expect(day(d).short, d).not.toContain('dorm_night');
    }
    expect(day('2026-10-10')).toMatchObject({ dayKind: 'makeup', boardersIn: true });
    expect(day('2026-10-10').short).toContain('dorm_night');
    expect(day('2026-10-13')).toMatchObject({ dayKind: 'school', boardersIn: true });
    expect(day('2026-10-13').short).toContain('dorm_night');
    expect(day('2026-10-11')).toMatchObject({ dayKind: 'weekend', boardersIn: false }); // Sunday night before Monday 07:00
    // By default key areas and fire are due every day, holidays too (the gate is staffed 24 h).
    expect(day('2026-10-03').short).toEqual(['key_area', 'fire']);
    expect(f.rules.keyAreaFireEveryDay).toBe(true);

    // Only on school days: a holiday or a Sunday is short of nothing, the make-up Saturday of everything.
    const s = ok(await w.director.get('/api/v1/settings/patrol'));
    ok(await w.director.patch('/api/v1/settings/patrol', { values: { keyAreaFireEveryDay: false }, version: s.version }));
    f = ok(await w.director.get('/api/v1/patrols/figures?month=2026-10'));
    expect(day('2026-10-03').short).toEqual([]);
    expect(day('2026-10-11').short).toEqual([]);
    expect(day('2026-10-10').short).toEqual(['key_area', 'dorm_night', 'fire']);
    expect(day('2026-10-12').short).toEqual(['key_area', 'dorm_night', 'fire']);
    expect(f.shortDays).not.toContain('2026-10-05');
    // The summer vacation: nothing is due.
    f = ok(await w.director.get('/api/v1/patrols/figures?month=2026-08'));
    expect(f.shortDays).toEqual([]);
    expect(f.days.every((d: { dayKind: string }) => d.dayKind === 'outside_term')).toBe(true);
  });
});

describe('the calendar setting', () => {
  it('names the field of a bad holiday or make-up day, in both languages, and keeps the old calendar', async () => {
    const bad = await w.admin.patch('/api/v1/settings/calendar', { values: { ...CALENDAR, holidays: [{ name: '国庆节', start: '2026-10-08', end: '2026-10-01' }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toEqual([{ path: 'holidays.0.end', message: '结束日期不能早于开始日期' }]);
    const weekday = await w.admin.patch('/api/v1/settings/calendar', { values: { ...CALENDAR, makeUpDays: [{ date: '2026-10-09', name: '' }] } }, { 'accept-language': 'en-US' });
    expect(weekday.status).toBe(400);
    expect(weekday.json.error.fields[0].path).toBe('makeUpDays.0.date');
    expect(weekday.json.error.fields[0].message).toMatch(/Saturday or Sunday/);
    const inHoliday = await w.admin.patch('/api/v1/settings/calendar', { values: { ...CALENDAR, makeUpDays: [{ date: '2026-10-03' }] } });
    expect(inHoliday.json.error.fields[0]).toMatchObject({ path: 'makeUpDays.0.date', message: expect.stringContaining('假期') });
    const format = await w.admin.patch('/api/v1/settings/calendar', { values: { ...CALENDAR, holidays: [{ name: '元旦', start: '2027-1-1', end: '2027-01-03' }] } });
    expect(format.status).toBe(400);
    expect(format.json.error.fields[0].path).toBe('holidays.0.start');
    expect(format.json.error.fields[0].message).toMatch(/^开始日期：/);
    const noName = await w.admin.patch('/api/v1/settings/calendar', { values: { ...CALENDAR, holidays: [{ name: ' ', start: '2027-01-01', end: '2027-01-03' }] } }, { 'accept-language': 'en-US' });
    expect(noName.status).toBe(400);
    expect(noName.json.error.fields[0].path).toBe('holidays.0.name');
    expect(noName.json.error.fields[0].message).toMatch(/^Name: /);
    expect(ok(await w.teacher.get('/api/v1/settings/calendar')).values).toEqual({ ...CALENDAR, makeUpDays: [{ date: '2026-10-10', name: '国庆调休' }] });
  });
});
