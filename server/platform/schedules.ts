import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import type { Clock } from './clock';
import { getSettings, updateSettings, type SettingsDef } from './settings';
import { schedules, scheduleRuns } from './schedules.tables';
import { schools } from './platform.tables';
import { CalendarSettings, ScheduleRule, type Holiday, type MakeUpDay, type Term } from '../../contracts/schedules';

export type { ScheduleRule, Term, Holiday, MakeUpDay, SchoolDayKind } from '../../contracts/schedules';
export { isSchoolDay, schoolDayKind } from '../../contracts/schedules';

export type ScheduleHandler = (tx: Db, due: { schoolId: number; owner: string; ownerId: number; dueAt: Date }) => Promise<void>;

/* ---------- The school calendar (terms, holidays, make-up days) ---------- */

/**
 * The platform's `calendar` settings: the school's terms (which `term` rules count from), holidays
 * and make-up school days (isSchoolDay: the gate's closed week and the patrol rule follow them).
 */
export const calendarSettings: SettingsDef<CalendarSettings> = {
  module: 'calendar',
  schema: CalendarSettings,
  defaults: { terms: [], holidays: [], makeUpDays: [] },
  read: 'settings.read',
  write: 'settings.write',
};

export async function schoolTerms(db: Db, schoolId: number): Promise<Term[]> {
  return (await getSettings(db, schoolId, calendarSettings)).terms;
}

/** The school's whole calendar: terms, holidays, make-up days. */
export async function schoolCalendar(db: Db, schoolId: number): Promise<CalendarSettings> {
  return getSettings(db, schoolId, calendarSettings);
}

/** The demo's school year (SPEC §7). */
export const DEMO_TERMS: Term[] = [
  { name: '2026-2027学年第一学期', start: '2026-09-01', end: '2027-01-20' },
  { name: '2026-2027学年第二学期', start: '2027-02-24', end: '2027-07-10' },
];

/** The demo's holidays of the first term (国务院办公厅 2026 calendar style: 国庆 with 中秋, 元旦). */
export const DEMO_HOLIDAYS: Holiday[] = [
  { name: '国庆节、中秋节', start: '2026-10-01', end: '2026-10-08' },
  { name: '元旦', start: '2027-01-01', end: '2027-01-03' },
];
/** Weekend days worked as school days (调休上班) around them. */
export const DEMO_MAKEUP_DAYS: MakeUpDay[] = [
  { date: '2026-09-27', name: '国庆调休' },
  { date: '2026-10-10', name: '国庆调休' },
];

export async function seedCalendarDemo(tx: Db, schoolIds: number[]): Promise<void> {
  for (const schoolId of schoolIds) {
    await updateSettings(tx, { schoolId, userId: null, name: 'system', ip: null }, calendarSettings, { terms: DEMO_TERMS, holidays: DEMO_HOLIDAYS, makeUpDays: DEMO_MAKEUP_DAYS });
  }
}

/* ---------- Local time in a time zone (no library: Intl knows the zones) ---------- */

const formats = new Map<string, Intl.DateTimeFormat>();
function partsOf(t: Date, tz: string) {
  let f = formats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(t)) if (x.type !== 'literal') p[x.type] = Number(x.value);
  return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The calendar day (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDate(t: Date, tz: string): string {
  const p = partsOf(t, tz);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Milliseconds the zone is ahead of UTC at an instant. */
function offsetAt(t: number, tz: string): number {
  const p = partsOf(new Date(t), tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(t / 1000) * 1000;
}

/** The instant of a wall-clock time on a day in a zone (Asia/Shanghai 2026-09-01 08:00 → 00:00Z). */
export function zonedTime(day: string, time: string, tz: string): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, h, mi);
  const first = offsetAt(wall, tz);
  let t = wall - first;
  const second = offsetAt(t, tz);
  if (second !== first) t = wall - second; // a zone changing its offset between the guess and the answer
  return new Date(t);
}

/** The first instant of a day in a zone. */
export const startOfDay = (day: string, tz: string) => zonedTime(day, '00:00', tz);

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + n));
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/* ---------- Occurrences of a rule ---------- */

const inRange = (rule: ScheduleRule, day: string) => day >= rule.startsOn && (!rule.endsOn || day <= rule.endsOn);

/** Rules with a finite list of days (terms, dates): every day, sorted. */
function listedDays(rule: ScheduleRule, terms: Term[]): string[] | null {
  if (rule.freq === 'dates') return [...new Set(rule.dates)].filter((d) => inRange(rule, d)).sort();
  if (rule.freq === 'term') {
    return [...new Set(terms.map((t) => addDays(rule.termDay === 'start' ? t.start : t.end, rule.offsetDays)))].filter((d) => inRange(rule, d)).sort();
  }
  return null;
}

/** Rules repeating for ever: does the rule fall on this day? */
function fallsOn(rule: ScheduleRule, day: string): boolean {
  if (!inRange(rule, day)) return false;
  if (rule.freq === 'daily') return true;
  if (rule.freq === 'weekly') return rule.weekdays.includes(isoWeekday(day));
  if (rule.freq === 'monthly') {
    const [y, m, d] = day.split('-').map(Number);
    return d === Math.min(rule.monthDay, daysInMonth(y, m));
  }
  return false;
}

/** Any day of a repeating rule has an occurrence within this many days after it. */
const MAX_GAP_DAYS = 31;

/** The next `count` occurrences strictly after `after` (previews, and the runner's next time). */
export function nextOccurrences(rule: ScheduleRule, tz: string, terms: Term[], after: Date, count: number): Date[] {
  const out: Date[] = [];
  if (count <= 0) return out;
  const listed = listedDays(rule, terms);
  if (listed) {
    for (const day of listed) {
      const t = zonedTime(day, rule.time, tz);
      if (t > after) out.push(t);
      if (out.length >= count) break;
    }
    return out;
  }
  // One day before `after`'s local day covers a time zone ahead of the day boundary.
  let day = addDays(localDate(after, tz), -1);
  if (day < rule.startsOn) day = rule.startsOn;
  const limit = count * (MAX_GAP_DAYS + 1) + 3;
  for (let i = 0; i < limit && out.length < count; i++, day = addDays(day, 1)) {
    if (rule.endsOn && day > rule.endsOn) break;
    if (!fallsOn(rule, day)) continue;
    const t = zonedTime(day, rule.time, tz);
    if (t > after) out.push(t);
  }
  return out;
}

/** The latest occurrence at or before `atOrBefore` and strictly after `after` (null: none). */
export function latestOccurrence(rule: ScheduleRule, tz: string, terms: Term[], atOrBefore: Date, after: Date | null): Date | null {
  const ok = (t: Date) => t <= atOrBefore && (!after || t > after);
  const listed = listedDays(rule, terms);
  if (listed) {
    for (let i = listed.length - 1; i >= 0; i--) {
      const t = zonedTime(listed[i], rule.time, tz);
      if (ok(t)) return t;
      if (after && t <= after) return null;
    }
    return null;
  }
  let day = addDays(localDate(atOrBefore, tz), 1);
  if (rule.endsOn && day > rule.endsOn) day = rule.endsOn;
  for (let i = 0; i < MAX_GAP_DAYS + 3; i++, day = addDays(day, -1)) {
    if (day < rule.startsOn) return null;
    if (!fallsOn(rule, day)) continue;
    const t = zonedTime(day, rule.time, tz);
    if (ok(t)) return t;
    if (after && t <= after) return null;
  }
  return null;
}

/* ---------- Durable schedules ---------- */

async function timezoneOf(db: Db, schoolId: number): Promise<string> {
  const [s] = await db.select({ tz: schools.timezone }).from(schools).where(eq(schools.id, schoolId));
  return s?.tz ?? 'Asia/Shanghai';
}

/** The first occurrence after the last one run, or on/after the rule's first day. */
function firstDue(rule: ScheduleRule, tz: string, terms: Term[], lastDueAt: Date | null): Date | null {
  const from = lastDueAt ?? new Date(startOfDay(rule.startsOn, tz).getTime() - 1);
  return nextOccurrences(rule, tz, terms, from, 1)[0] ?? null;
}

/**
 * Active schools (or the one asked for) whose schedule of `owner` is missing or older than their
 * settings of `settingsModule`: a module's sweep makes it again, so a changed setting moves it.
 * A plain look: on PGlite even an empty transaction empties the read cache.
 */
export async function schoolsNeedingSchedule(db: Db, owner: string, settingsModule: string, schoolId?: number): Promise<{ id: number; timezone: string }[]> {
  const only = schoolId !== undefined ? sql`AND s.id = ${schoolId}` : sql``;
  return rowsOf<{ id: number; timezone: string }>(db, sql`SELECT s.id, s.timezone FROM schools s WHERE s.kind = 'school' AND s.active ${only}
    AND NOT EXISTS (SELECT 1 FROM schedules x WHERE x.school_id = s.id AND x.owner = ${owner}
      AND x.updated_at >= COALESCE((SELECT st.updated_at FROM school_settings st WHERE st.school_id = s.id AND st.module = ${settingsModule}), '-infinity'))`);
}

/**
 * Creates or changes the schedule of a record (one per owner + ownerId). Occurrences already run
 * stay run: a changed rule continues after the last one.
 */
export async function upsertSchedule(tx: Db, s: { schoolId: number; owner: string; ownerId: number; rule: ScheduleRule; active: boolean }): Promise<void> {
  const rule = ScheduleRule.parse(s.rule);
  const [existing] = await tx.select({ lastDueAt: schedules.lastDueAt }).from(schedules)
    .where(and(eq(schedules.schoolId, s.schoolId), eq(schedules.owner, s.owner), eq(schedules.ownerId, s.ownerId))).for('update');
  const tz = await timezoneOf(tx, s.schoolId);
  const terms = rule.freq === 'term' ? await schoolTerms(tx, s.schoolId) : [];
  const nextDueAt = firstDue(rule, tz, terms, existing?.lastDueAt ?? null);
  const values = { rule, freq: rule.freq, active: s.active, nextDueAt };
  if (existing) {
    await tx.update(schedules).set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(schedules.schoolId, s.schoolId), eq(schedules.owner, s.owner), eq(schedules.ownerId, s.ownerId)));
  } else {
    await tx.insert(schedules).values({ schoolId: s.schoolId, owner: s.owner, ownerId: s.ownerId, ...values });
  }
}

export async function removeSchedule(tx: Db, schoolId: number, owner: string, ownerId: number): Promise<void> {
  await tx.delete(schedules).where(and(eq(schedules.schoolId, schoolId), eq(schedules.owner, owner), eq(schedules.ownerId, ownerId)));
}

export interface RunLog { error(obj: unknown, msg?: string): void }

interface Candidate { school_id: number; id: number; owner: string; owner_id: number; rule: unknown; last_due_at: string | Date | null; timezone: string }

const asDate = (v: string | Date | null): Date | null => (v == null ? null : v instanceof Date ? v : new Date(v));
const parseRule = (v: unknown) => ScheduleRule.parse(typeof v === 'string' ? JSON.parse(v) : v);

/**
 * Runs every occurrence due by clock.now() once: safe with several processes (FOR UPDATE SKIP LOCKED on the
 * schedule row + a unique (school_id, schedule_id, due_at) occurrence row inserted in the same transaction
 * as the handler's work), restarts, and clock changes (occurrences are computed from the rule, not from now;
 * a clock moved back never re-creates one). After downtime it creates the latest missed occurrence only.
 * A handler that throws rolls its occurrence back (tried again next run); the others go on.
 * Returns the number of occurrences run.
 */
export async function runDueSchedules(db: Db, clock: Clock, handlers: Record<string, ScheduleHandler>, opts: { log?: RunLog; limit?: number; /** Only this school (tests sharing one PostgreSQL database). */ schoolId?: number } = {}): Promise<number> {
  const now = clock.now();
  // A runner runs only the owners it has handlers for.
  const owners = Object.keys(handlers);
  if (!owners.length) return 0;
  // Term schedules are looked at every time: their next day moves when the school edits its terms.
  const candidates = await rowsOf<Candidate>(db, sql`
    SELECT s.school_id, s.id, s.owner, s.owner_id, s.rule, s.last_due_at, sc.timezone
    FROM schedules s JOIN schools sc ON sc.id = s.school_id
    WHERE s.active AND s.owner IN (${sql.join(owners.map((o) => sql`${o}`), sql`, `)}) AND (s.next_due_at <= ${now.toISOString()} OR s.freq = 'term')
      ${opts.schoolId !== undefined ? sql`AND s.school_id = ${opts.schoolId}` : sql``}
    ORDER BY s.next_due_at NULLS LAST, s.school_id, s.id LIMIT ${opts.limit ?? 1000}`);
  const termsBySchool = new Map<number, Term[]>();
  let ran = 0;
  for (const c of candidates) {
    try {
      const rule = parseRule(c.rule);
      let terms: Term[] = [];
      if (rule.freq === 'term') {
        if (!termsBySchool.has(c.school_id)) termsBySchool.set(c.school_id, await schoolTerms(db, c.school_id));
        terms = termsBySchool.get(c.school_id)!;
      }
      // Cheap look before the lock: most term schedules are not due.
      if (!latestOccurrence(rule, c.timezone, terms, now, asDate(c.last_due_at))) {
        if (rule.freq !== 'term') await db.update(schedules).set({ nextDueAt: firstDue(rule, c.timezone, terms, asDate(c.last_due_at)) }).where(and(eq(schedules.schoolId, c.school_id), eq(schedules.id, c.id)));
        continue;
      }
      const did = await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        // Another runner holding this schedule is running it: leave it to them.
        const [row] = await rowsOf<{ owner: string; owner_id: number; rule: unknown; last_due_at: string | Date | null }>(tx, sql`
          SELECT owner, owner_id, rule, last_due_at FROM schedules
          WHERE school_id = ${c.school_id} AND id = ${c.id} AND active FOR UPDATE SKIP LOCKED`);
        if (!row) return false;
        const lockedRule = parseRule(row.rule);
        const last = asDate(row.last_due_at);
        const due = latestOccurrence(lockedRule, c.timezone, terms, now, last);
        if (!due) return false;
        const next = nextOccurrences(lockedRule, c.timezone, terms, due, 1)[0] ?? null;
        const inserted = await tx.insert(scheduleRuns).values({ schoolId: c.school_id, scheduleId: c.id, dueAt: due }).onConflictDoNothing().returning({ dueAt: scheduleRuns.dueAt });
        if (inserted.length) {
          const handler = handlers[row.owner];
          if (!handler) throw new Error(`no schedule handler for ${row.owner}`); // the owner changed under us
          await handler(tx, { schoolId: c.school_id, owner: row.owner, ownerId: Number(row.owner_id), dueAt: due });
        }
        await tx.update(schedules).set({ lastDueAt: due, nextDueAt: next }).where(and(eq(schedules.schoolId, c.school_id), eq(schedules.id, c.id)));
        return inserted.length > 0;
      });
      if (did) ran++;
    } catch (err) {
      opts.log?.error({ err, schedule: { schoolId: c.school_id, id: c.id, owner: c.owner, ownerId: c.owner_id } }, 'schedule occurrence failed');
    }
  }
  return ran;
}
