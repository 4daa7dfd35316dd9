// A day's status of every person on the canteen staff: certificate, morning check, posts, eligibility
// for food posts. One statement for the people (certificates, check and day assignment joined), read by
// the roster, the morning-check page, the board (staffDay) and the assignment check.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import { addDays, zonedTime } from '../../platform/schedules';
import type { CanteenStaffSettings, IneligibleReason, MorningCheck } from '../../../contracts/canteenStaff';
import { staffSettingsOf } from './staff.settings';

export interface PersonDay {
  staffId: number;
  userId: number;
  name: string;
  active: boolean;
  standingPosts: string[];
  dayPosts: string[] | null;
  /** Latest expiry among certificates issued by the day (null: none). */
  validTo: string | null;
  /** Any certificate on file at all. */
  hasCert: boolean;
  check: MorningCheck | null;
}

export interface DayContext { tz: string; settings: CanteenStaffSettings }

export async function dayContext(db: Db, schoolId: number): Promise<DayContext> {
  const [[row], settings] = await Promise.all([
    rowsOf<{ timezone: string }>(db, sql`SELECT timezone FROM schools WHERE id = ${schoolId}`),
    staffSettingsOf(db, schoolId),
  ]);
  return { tz: row?.timezone ?? 'Asia/Shanghai', settings };
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

export const isServiceDay = (s: CanteenStaffSettings, day: string) => s.serviceWeekdays.includes(weekdayOf(day));

/** The instant the day's morning checks are due. */
export const deadlineOf = (ctx: DayContext, day: string) => zonedTime(day, ctx.settings.morningCheckDeadline, ctx.tz);

/** Symptom codes of a check (i18n canteen.staff.symptom.*), in a fixed order. */
export function symptomsOf(c: { fever: boolean; temperature: number | null; diarrhoea: boolean; wound: boolean; soreThroat: boolean; otherSymptom: string | null }, feverCelsius: number): string[] {
  const out: string[] = [];
  if (c.fever || (c.temperature !== null && c.temperature >= feverCelsius)) out.push('fever');
  if (c.diarrhoea) out.push('diarrhoea');
  if (c.wound) out.push('wound');
  if (c.soreThroat) out.push('soreThroat');
  if (c.otherSymptom) out.push('other');
  return out;
}

type Raw = Record<string, unknown>;
const day = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
const iso = (v: unknown) => (v instanceof Date ? v : new Date(String(v))).toISOString();
const jsonList = (v: unknown): string[] => (v == null ? [] : (typeof v === 'string' ? JSON.parse(v) : v) as string[]);

export function checkOf(r: Raw, feverCelsius: number, prefix = ''): MorningCheck {
  const g = (k: string) => r[prefix + k];
  const c = {
    id: Number(g('id')), staffId: Number(g('staff_id')), date: day(g('day'))!, fever: !!g('fever'),
    temperature: g('temperature') == null ? null : Number(g('temperature')), diarrhoea: !!g('diarrhoea'), wound: !!g('wound'),
    soreThroat: !!g('sore_throat'), otherSymptom: (g('other_symptom') as string | null) ?? null, result: g('result') as 'pass' | 'fail',
    checkerId: g('checker_id') == null ? null : Number(g('checker_id')), checkerName: (g('checker_name') as string | null) ?? null,
    checkedAt: iso(g('checked_at')), version: Number(g('version')),
  };
  return { ...c, reasons: symptomsOf(c, feverCelsius) };
}

/** Every person on the list (active ones, or all with `includeInactive`) on a day, in one statement. */
export async function peopleOnDay(db: Db, schoolId: number, date: string, feverCelsius: number, opts: { includeInactive?: boolean; staffId?: number } = {}): Promise<PersonDay[]> {
  const rows = await rowsOf<Raw>(db, sql`
    SELECT cs.id AS staff_id, cs.user_id, u.name, cs.active, cs.posts, ra.posts AS day_posts,
      h.valid_to::text AS valid_to, h.any_cert,
      mc.id AS c_id, mc.staff_id AS c_staff_id, mc.day::text AS c_day, mc.fever AS c_fever, mc.temperature AS c_temperature,
      mc.diarrhoea AS c_diarrhoea, mc.wound AS c_wound, mc.sore_throat AS c_sore_throat, mc.other_symptom AS c_other_symptom,
      mc.result AS c_result, mc.checker_id AS c_checker_id, ck.name AS c_checker_name, mc.checked_at AS c_checked_at, mc.version AS c_version
    FROM canteen_staff cs
    JOIN users u ON u.school_id = cs.school_id AND u.id = cs.user_id
    LEFT JOIN LATERAL (
      SELECT max(expires_on) FILTER (WHERE issued_on <= ${date}::date) AS valid_to, count(*) > 0 AS any_cert
      FROM canteen_health_certs h WHERE h.school_id = cs.school_id AND h.staff_id = cs.id AND h.active
    ) h ON true
    LEFT JOIN canteen_morning_checks mc ON mc.school_id = cs.school_id AND mc.staff_id = cs.id AND mc.day = ${date}::date
    LEFT JOIN users ck ON ck.school_id = mc.school_id AND ck.id = mc.checker_id
    LEFT JOIN canteen_roster_assignments ra ON ra.school_id = cs.school_id AND ra.staff_id = cs.id AND ra.day = ${date}::date
    WHERE cs.school_id = ${schoolId} ${opts.includeInactive ? sql`` : sql`AND cs.active`} ${opts.staffId !== undefined ? sql`AND cs.id = ${opts.staffId}` : sql``}
    ORDER BY u.name, cs.id`);
  return rows.map((r) => ({
    staffId: Number(r.staff_id), userId: Number(r.user_id), name: String(r.name), active: !!r.active,
    standingPosts: jsonList(r.posts), dayPosts: r.day_posts == null ? null : jsonList(r.day_posts),
    validTo: day(r.valid_to), hasCert: !!r.any_cert,
    check: r.c_id == null ? null : checkOf(r, feverCelsius, 'c_'),
  }));
}

/** Why a person may not work a food post on a day (empty: eligible). `pendingOk`: a check not yet made is not a reason (planning ahead). */
export function reasonsOf(p: PersonDay, date: string, opts: { pendingOk?: boolean } = {}): IneligibleReason[] {
  const out: IneligibleReason[] = [];
  if (!p.active) out.push('inactive');
  if (!p.validTo) out.push(p.hasCert ? 'certExpired' : 'noCertificate');
  else if (p.validTo < date) out.push('certExpired');
  if (p.check?.result === 'fail') out.push('checkFailed');
  else if (!p.check && !opts.pendingOk) out.push('notChecked');
  return out;
}

export const foodCodes = (s: CanteenStaffSettings) => new Set(s.posts.filter((p) => p.food).map((p) => p.code));

/** Certificate state on a day: valid, expiring (within the alert days), expired, missing. */
export function certStateOf(validTo: string | null, hasCert: boolean, date: string, alertDays: number) {
  if (!validTo) return hasCert ? 'expired' as const : 'missing' as const;
  if (validTo < date) return 'expired' as const;
  return validTo <= addDays(date, alertDays) ? 'expiring' as const : 'valid' as const;
}

/** Today's daily self-check done, and the active stop(s) of the day (items merged), in one statement. */
export async function selfCheckOn(db: Db, schoolId: number, date: string) {
  const [r] = await rowsOf<Raw>(db, sql`
    SELECT EXISTS (SELECT 1 FROM inspections i JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
        WHERE i.school_id = ${schoolId} AND i.day = ${date}::date AND i.state = 'submitted' AND t.code = 'canteen.daily') AS daily_done,
      (SELECT json_agg(json_build_object('id', s.id, 'inspectionId', s.inspection_id, 'at', s.stopped_at, 'items', s.items) ORDER BY s.id)
        FROM canteen_service_stops s WHERE s.school_id = ${schoolId} AND s.day = ${date}::date AND s.lifted_at IS NULL) AS stops`);
  const stops = (typeof r.stops === 'string' ? JSON.parse(r.stops) : r.stops ?? []) as { id: number; inspectionId: number; at: string; items: string[] }[];
  const stop = stops.length
    ? { id: Number(stops[0].id), inspectionId: Number(stops[0].inspectionId), at: new Date(stops[0].at).toISOString(), items: [...new Set(stops.flatMap((s) => s.items))] }
    : null;
  return { dailyDone: !!r.daily_done, stop };
}
