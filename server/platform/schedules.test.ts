import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, uid, type TestApp, type TestSchool } from '../test/harness';
import { rowsOf, type Db } from './db';
import { manualClock } from './clock';
import {
  nextOccurrences, latestOccurrence, localDate, zonedTime, upsertSchedule, removeSchedule, runDueSchedules,
  calendarSettings, DEMO_TERMS, type ScheduleHandler, type ScheduleRule,
} from './schedules';
import { updateSettings } from './settings';

/* Durable schedules: occurrences computed from the rule in the school's time zone, each run once. */

const SH = 'Asia/Shanghai';
const iso = (ds: Date[]) => ds.map((d) => d.toISOString());
const at = (s: string) => new Date(s);

describe('time zones', () => {
  it('08:00 in Shanghai is 00:00Z; the local day follows the zone', () => {
    expect(zonedTime('2026-09-01', '08:00', SH).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    expect(zonedTime('2026-09-01', '00:00', SH).toISOString()).toBe('2026-08-31T16:00:00.000Z');
    expect(localDate(at('2026-08-31T16:00:00Z'), SH)).toBe('2026-09-01');
    expect(localDate(at('2026-08-31T15:59:59Z'), SH)).toBe('2026-08-31');
    // A zone with summer time: the offset of the day counts.
    expect(zonedTime('2026-07-01', '08:00', 'America/New_York').toISOString()).toBe('2026-07-01T12:00:00.000Z');
    expect(zonedTime('2026-12-01', '08:00', 'America/New_York').toISOString()).toBe('2026-12-01T13:00:00.000Z');
  });
});

describe('nextOccurrences', () => {
  const before = at('2026-08-20T00:00:00Z');

  it('daily, at the time of day in the school zone, from startsOn to endsOn', () => {
    const rule: ScheduleRule = { freq: 'daily', time: '08:00', startsOn: '2026-09-01', endsOn: '2026-09-03' };
    expect(iso(nextOccurrences(rule, SH, [], before, 5))).toEqual(['2026-09-01T00:00:00.000Z', '2026-09-02T00:00:00.000Z', '2026-09-03T00:00:00.000Z']);
    // Strictly after: an occurrence at exactly `after` is not next.
    expect(iso(nextOccurrences(rule, SH, [], at('2026-09-01T00:00:00Z'), 1))).toEqual(['2026-09-02T00:00:00.000Z']);
  });

  it('weekly on the chosen weekdays (1 = Monday)', () => {
    // 2026-09-01 is a Tuesday.
    const rule: ScheduleRule = { freq: 'weekly', weekdays: [1, 3], time: '07:30', startsOn: '2026-09-01' };
    expect(iso(nextOccurrences(rule, SH, [], before, 4))).toEqual([
      '2026-09-01T23:30:00.000Z', '2026-09-06T23:30:00.000Z', '2026-09-08T23:30:00.000Z', '2026-09-13T23:30:00.000Z',
    ]);
  });

  it('monthly on day 31 falls on the last day of shorter months', () => {
    const rule: ScheduleRule = { freq: 'monthly', monthDay: 31, time: '08:00', startsOn: '2027-01-01' };
    expect(nextOccurrences(rule, SH, [], at('2026-12-31T00:00:00Z'), 5).map((d) => localDate(d, SH)))
      .toEqual(['2027-01-31', '2027-02-28', '2027-03-31', '2027-04-30', '2027-05-31']);
    const leap: ScheduleRule = { freq: 'monthly', monthDay: 30, time: '08:00', startsOn: '2028-02-01' };
    expect(localDate(nextOccurrences(leap, SH, [], at('2028-01-01T00:00:00Z'), 1)[0], SH)).toBe('2028-02-29');
  });

  it('term start and end with an offset in days, from the school calendar', () => {
    const start: ScheduleRule = { freq: 'term', termDay: 'start', offsetDays: -1, time: '08:00', startsOn: '2026-01-01' };
    expect(iso(nextOccurrences(start, SH, DEMO_TERMS, before, 5))).toEqual(['2026-08-31T00:00:00.000Z', '2027-02-23T00:00:00.000Z']);
    const end: ScheduleRule = { freq: 'term', termDay: 'end', offsetDays: 0, time: '16:00', startsOn: '2026-01-01' };
    expect(nextOccurrences(end, SH, DEMO_TERMS, before, 5).map((d) => localDate(d, SH))).toEqual(['2027-01-20', '2027-07-10']);
    expect(nextOccurrences(end, SH, [], before, 5)).toEqual([]);
  });

  it('a list of dates, in order, within startsOn … endsOn', () => {
    const rule: ScheduleRule = { freq: 'dates', dates: ['2026-10-08', '2026-09-15', '2026-12-01', '2026-09-01'], time: '09:00', startsOn: '2026-09-02', endsOn: '2026-11-30' };
    expect(nextOccurrences(rule, SH, [], before, 10).map((d) => localDate(d, SH))).toEqual(['2026-09-15', '2026-10-08']);
  });

  it('latestOccurrence: the newest one due, never one at or before the last run', () => {
    const rule: ScheduleRule = { freq: 'daily', time: '08:00', startsOn: '2026-09-01' };
    expect(latestOccurrence(rule, SH, [], at('2026-09-10T03:00:00Z'), null)?.toISOString()).toBe('2026-09-10T00:00:00.000Z');
    expect(latestOccurrence(rule, SH, [], at('2026-09-09T23:59:00Z'), null)?.toISOString()).toBe('2026-09-09T00:00:00.000Z');
    expect(latestOccurrence(rule, SH, [], at('2026-09-10T03:00:00Z'), at('2026-09-10T00:00:00Z'))).toBeNull();
    expect(latestOccurrence(rule, SH, [], at('2026-08-31T23:00:00Z'), null)).toBeNull();
    const ended: ScheduleRule = { ...rule, endsOn: '2026-09-05' };
    expect(latestOccurrence(ended, SH, [], at('2026-12-10T03:00:00Z'), null)?.toISOString()).toBe('2026-09-05T00:00:00.000Z');
  });
});

describe('runDueSchedules', () => {
  let t: TestApp;
  let s: TestSchool;
  const owner = `test.hit${uid()}`;
  const hits = async (ownerId?: number) => (await rowsOf<{ owner_id: number; due_at: string | Date }>(t.db, sql`
    SELECT owner_id, due_at FROM sched_test_hits WHERE school_id = ${s.schoolId} ${ownerId ? sql`AND owner_id = ${ownerId}` : sql``} ORDER BY due_at, owner_id`))
    .map((r) => ({ ownerId: Number(r.owner_id), dueAt: new Date(r.due_at).toISOString() }));
  // The handler's work goes into a table in the same transaction as the occurrence row.
  const hit: ScheduleHandler = async (tx, due) => {
    await tx.execute(sql`INSERT INTO sched_test_hits (school_id, owner, owner_id, due_at) VALUES (${due.schoolId}, ${due.owner}, ${due.ownerId}, ${due.dueAt.toISOString()})`);
  };
  const handlers = { [owner]: hit };
  const daily: ScheduleRule = { freq: 'daily', time: '08:00', startsOn: '2026-09-01' };

  beforeAll(async () => {
    t = await createTestApp();
    s = await createTestSchool(t.db);
    await t.db.execute(sql`CREATE TABLE IF NOT EXISTS sched_test_hits (school_id int NOT NULL, owner text NOT NULL, owner_id int NOT NULL, due_at timestamptz NOT NULL)`);
  });
  afterAll(async () => t.close());

  it('runs an occurrence once: again, at the same time or concurrently, creates nothing', async () => {
    const ids = [1, 2, 3, 4, 5, 6];
    await t.db.transaction(async (tx) => { for (const id of ids) await upsertSchedule(tx as unknown as Db, { schoolId: s.schoolId, owner, ownerId: id, rule: daily, active: true }); });
    const early = manualClock('2026-08-31T23:59:00Z');
    expect(await runDueSchedules(t.db, early, handlers)).toBe(0);
    const clock = manualClock('2026-09-01T00:30:00Z'); // 08:30 in Shanghai
    // Two runners at once (on PostgreSQL they overlap; on PGlite they queue).
    const [a, b] = await Promise.all([runDueSchedules(t.db, clock, handlers), runDueSchedules(t.db, manualClock('2026-09-01T00:30:00Z'), handlers)]);
    expect(a + b).toBe(ids.length);
    expect(await hits()).toEqual(ids.map((id) => ({ ownerId: id, dueAt: '2026-09-01T00:00:00.000Z' })));
    expect(await runDueSchedules(t.db, clock, handlers)).toBe(0);
    expect((await hits()).length).toBe(ids.length);

    // The clock moved back a day, then forward again: nothing new.
    clock.set('2026-08-31T12:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers)).toBe(0);
    clock.set('2026-09-01T06:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers)).toBe(0);
    expect((await hits()).length).toBe(ids.length);

    // The next morning: the next occurrence, once.
    clock.set('2026-09-02T00:00:00Z');
    const [c, d] = await Promise.all([runDueSchedules(t.db, clock, handlers), runDueSchedules(t.db, clock, handlers)]);
    expect(c + d).toBe(ids.length);
    expect((await hits(1)).map((h) => h.dueAt)).toEqual(['2026-09-01T00:00:00.000Z', '2026-09-02T00:00:00.000Z']);

    // A week of downtime: only the latest missed occurrence is created.
    clock.set('2026-09-10T03:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers)).toBe(ids.length);
    expect((await hits(1)).map((h) => h.dueAt)).toEqual(['2026-09-01T00:00:00.000Z', '2026-09-02T00:00:00.000Z', '2026-09-10T00:00:00.000Z']);
    const runs = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM schedule_runs r JOIN schedules s ON s.school_id = r.school_id AND s.id = r.schedule_id WHERE s.school_id = ${s.schoolId} AND s.owner = ${owner}`);
    expect(Number(runs[0].n)).toBe(ids.length * 3);

    // An inactive or removed schedule does not run.
    await t.db.transaction(async (tx) => {
      await upsertSchedule(tx as unknown as Db, { schoolId: s.schoolId, owner, ownerId: 1, rule: daily, active: false });
      for (const id of ids.slice(1)) await removeSchedule(tx as unknown as Db, s.schoolId, owner, id);
    });
    clock.set('2026-09-11T03:00:00Z');
    expect(await runDueSchedules(t.db, clock, handlers)).toBe(0);
    // Active again: it goes on from the latest occurrence, not from the start.
    await upsertSchedule(t.db, { schoolId: s.schoolId, owner, ownerId: 1, rule: daily, active: true });
    expect(await runDueSchedules(t.db, clock, handlers)).toBe(1);
    expect((await hits(1)).map((h) => h.dueAt).at(-1)).toBe('2026-09-11T00:00:00.000Z');
  });

  it('a handler that throws rolls its occurrence back (tried next run) and the others still run', async () => {
    const flaky = `test.flaky${uid()}`;
    const steady = `test.steady${uid()}`;
    let failing = true;
    const logged: unknown[] = [];
    const hs: Record<string, ScheduleHandler> = {
      [steady]: hit,
      [flaky]: async (tx, due) => { await hit(tx, due); if (failing) throw new Error('boom'); },
    };
    const rule: ScheduleRule = { freq: 'weekly', weekdays: [1], time: '07:00', startsOn: '2026-09-01' };
    await upsertSchedule(t.db, { schoolId: s.schoolId, owner: flaky, ownerId: 101, rule, active: true });
    await upsertSchedule(t.db, { schoolId: s.schoolId, owner: steady, ownerId: 102, rule, active: true });
    const clock = manualClock('2026-09-07T00:00:00Z'); // Monday 08:00
    expect(await runDueSchedules(t.db, clock, hs, { log: { error: (o) => logged.push(o) } })).toBe(1);
    expect(logged).toHaveLength(1);
    expect(await hits(101)).toEqual([]);
    expect(await hits(102)).toEqual([{ ownerId: 102, dueAt: '2026-09-06T23:00:00.000Z' }]);
    failing = false;
    expect(await runDueSchedules(t.db, clock, hs)).toBe(1);
    expect(await hits(101)).toEqual([{ ownerId: 101, dueAt: '2026-09-06T23:00:00.000Z' }]);
    expect(await runDueSchedules(t.db, clock, hs)).toBe(0);
  });

  it('term rules follow the school calendar, also when the terms change later', async () => {
    const termOwner = `test.term${uid()}`;
    const hs = { [termOwner]: hit };
    const rule: ScheduleRule = { freq: 'term', termDay: 'start', offsetDays: 0, time: '08:00', startsOn: '2026-01-01' };
    await upsertSchedule(t.db, { schoolId: s.schoolId, owner: termOwner, ownerId: 201, rule, active: true });
    const clock = manualClock('2026-09-01T01:00:00Z');
    expect(await runDueSchedules(t.db, clock, hs)).toBe(0); // no terms yet
    await updateSettings(t.db, { schoolId: s.schoolId, userId: s.users.admin.id, name: 'admin', ip: null }, calendarSettings, { terms: DEMO_TERMS });
    expect(await runDueSchedules(t.db, clock, hs)).toBe(1);
    expect(await hits(201)).toEqual([{ ownerId: 201, dueAt: '2026-09-01T00:00:00.000Z' }]);
    clock.set('2027-02-24T00:00:00Z');
    expect(await runDueSchedules(t.db, clock, hs)).toBe(1);
    expect(await runDueSchedules(t.db, clock, hs)).toBe(0);
  });

  it('the calendar is a school setting: terms are validated and a stranger cannot change them', async () => {
    const admin = await login(t.app, s.users.admin.username);
    const bad = await admin.patch('/api/v1/settings/calendar', { values: { terms: [{ name: '错', start: '2026-09-10', end: '2026-09-01' }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toContain('terms');
    const teacher = await login(t.app, s.users.teacher.username);
    expect((await teacher.patch('/api/v1/settings/calendar', { values: { terms: [] } })).status).toBe(403);
    expect((await teacher.get('/api/v1/settings/calendar')).json.values.terms).toEqual(DEMO_TERMS);
  });
});
