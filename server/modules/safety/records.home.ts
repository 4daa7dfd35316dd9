import { sql } from 'drizzle-orm';
import type { DistrictView, SafetyHome, SafetyKind, Veto } from '../../../contracts/safetyRecords';
import { rowsOf, type Db } from '../../platform/db';
import { localDate, schoolTerms, startOfDay } from '../../platform/schedules';
import type { Clock } from '../../platform/clock';
import { intList, iso, notFound, schoolZone } from './records.common';
import { recordsSettingsOf } from './records.settings';
import { drillMonths } from './records.drills';
import { educationCompliance } from './records.education';
import { addMonths, firstDay, isSchoolMonth, lastDay, monthOfDay } from './records.months';
import { gateFigures } from './gate.figures';
import { hazardFigures } from './hazards.figures';

/*
 * The district's veto (一票否决, seed 003): a safety accident (安全责任事故) in a calendar year fails
 * the school's year at the district — that year only. The inspector's view lists the district's
 * schools with their incidents of the year and the veto flag. And the safety home: the month's
 * figures of plans, drills, education, agreements, incidents, gate and hazards, each a door to its list.
 */

export async function vetoOf(db: Db, schoolId: number, year: number): Promise<Veto> {
  const [school] = await rowsOf<{ name: string }>(db, sql`SELECT name FROM schools WHERE id = ${schoolId} AND kind = 'school'`);
  if (!school) throw notFound();
  const accidents = await rowsOf<{ id: number; title: string; occurred_at: string; severity: string }>(db, sql`
    SELECT id, title, occurred_at, severity FROM safety_incidents
    WHERE school_id = ${schoolId} AND year = ${year} AND safety_accident ORDER BY occurred_at, id`);
  return {
    schoolId, schoolName: school.name, year, vetoed: accidents.length > 0,
    accidents: accidents.map((a) => ({ id: Number(a.id), title: a.title, occurredAt: iso(a.occurred_at), severity: a.severity as Veto['accidents'][number]['severity'] })),
  };
}

/** The district's schools side by side for a year: incidents by severity, accidents, the veto, drills held (one statement). */
export async function districtView(db: Db, schoolIds: number[], year: number): Promise<DistrictView> {
  if (!schoolIds.length) return { year, items: [] };
  const rows = await rowsOf<Record<string, unknown>>(db, sql`
    SELECT s.id, s.name,
      coalesce(i.n, 0)::int AS incidents, coalesce(i.minor, 0)::int AS minor, coalesce(i.moderate, 0)::int AS moderate,
      coalesce(i.serious, 0)::int AS serious, coalesce(i.major, 0)::int AS major, coalesce(i.accidents, 0)::int AS accidents,
      i.last_at, coalesce(d.n, 0)::int AS drills
    FROM schools s
    LEFT JOIN (
      SELECT school_id, count(*) AS n, count(*) FILTER (WHERE severity = 'minor') AS minor, count(*) FILTER (WHERE severity = 'moderate') AS moderate,
        count(*) FILTER (WHERE severity = 'serious') AS serious, count(*) FILTER (WHERE severity = 'major') AS major,
        count(*) FILTER (WHERE safety_accident) AS accidents, max(occurred_at) AS last_at
      FROM safety_incidents WHERE school_id IN (${intList(schoolIds)}) AND year = ${year} GROUP BY school_id
    ) i ON i.school_id = s.id
    LEFT JOIN (
      SELECT school_id, count(*) AS n FROM safety_drills
      WHERE school_id IN (${intList(schoolIds)}) AND held_on BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`} GROUP BY school_id
    ) d ON d.school_id = s.id
    WHERE s.id IN (${intList(schoolIds)}) AND s.kind = 'school'
    ORDER BY (coalesce(i.accidents, 0) > 0) DESC, coalesce(i.n, 0) DESC, s.code, s.id`);
  return {
    year,
    items: rows.map((r) => ({
      schoolId: Number(r.id), schoolName: String(r.name), incidents: Number(r.incidents),
      bySeverity: { minor: Number(r.minor), moderate: Number(r.moderate), serious: Number(r.serious), major: Number(r.major) },
      accidents: Number(r.accidents), vetoed: Number(r.accidents) > 0, lastIncidentAt: r.last_at == null ? null : iso(r.last_at), drills: Number(r.drills),
    })),
  };
}

/** The safety home's figures for a month of one school (this month by default). */
export async function safetyHome(db: Db, schoolId: number, clock: Clock, month?: string): Promise<SafetyHome> {
  const tz = await schoolZone(db, schoolId);
  const today = localDate(clock.now(), tz);
  const focus = month ?? monthOfDay(today);
  const year = Number(focus.slice(0, 4));
  const [settings, terms, months, education, gate, hazards] = await Promise.all([
    recordsSettingsOf(db, schoolId), schoolTerms(db, schoolId), drillMonths(db, schoolId, clock, focus), educationCompliance(db, schoolId, clock, focus),
    gateFigures(db, schoolId, focus, clock), hazardFigures(db, schoolId, focus, clock),
  ]);
  const monthStart = startOfDay(firstDay(focus), tz).toISOString();
  const monthEnd = startOfDay(firstDay(addMonths(focus, 1)), tz).toISOString();
  const [[drills], [last], [agreements], [incidents], [plans]] = await Promise.all([
    rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM safety_drills WHERE school_id = ${schoolId} AND held_on BETWEEN ${firstDay(focus)} AND ${lastDay(focus)}`),
    rowsOf<{ id: number; held_on: string; scenario: string; evacuation_seconds: number | null }>(db, sql`SELECT id, held_on::text AS held_on, scenario, evacuation_seconds
      FROM safety_drills WHERE school_id = ${schoolId} AND held_on <= ${lastDay(focus)} ORDER BY held_on DESC, id DESC LIMIT 1`),
    rowsOf<{ posts: number; signed: number }>(db, sql`SELECT count(*)::int AS posts, count(a.id)::int AS signed FROM safety_posts p
      LEFT JOIN safety_agreements a ON a.school_id = p.school_id AND a.post_id = p.id AND a.year = ${year}
      WHERE p.school_id = ${schoolId} AND p.active`),
    rowsOf<{ month: number; year: number; accidents: number }>(db, sql`SELECT
        count(*) FILTER (WHERE occurred_at >= ${monthStart} AND occurred_at < ${monthEnd})::int AS month,
        count(*)::int AS year, count(*) FILTER (WHERE safety_accident)::int AS accidents
      FROM safety_incidents WHERE school_id = ${schoolId} AND year = ${year}`),
    rowsOf<{ active: number; unapproved: number }>(db, sql`SELECT count(*)::int AS active, count(*) FILTER (WHERE v.approved_by IS NULL)::int AS unapproved
      FROM safety_plans p LEFT JOIN safety_plan_versions v ON v.school_id = p.school_id AND v.id = p.current_version_id
      WHERE p.school_id = ${schoolId} AND p.active`),
  ]);
  const target = settings.evacuationTargetSeconds;
  return {
    schoolId, month: focus, today,
    drills: {
      expected: isSchoolMonth(focus, terms, settings.schoolMonthMinDays), doneThisMonth: Number(drills.n),
      last: last ? {
        id: Number(last.id), heldOn: last.held_on, scenario: last.scenario as SafetyKind,
        evacuationSeconds: last.evacuation_seconds == null ? null : Number(last.evacuation_seconds),
        slow: last.evacuation_seconds != null && Number(last.evacuation_seconds) > target,
      } : null,
      missingMonths: months.missing, targetSeconds: target,
    },
    education: {
      schoolMonth: education.schoolMonth, classes: education.classes.length, classesShort: education.classesShort,
      meetingsTerm: education.meetingsTerm, meetingsRequired: education.meetingsRequired,
    },
    agreements: { year, posts: Number(agreements.posts), unsigned: Number(agreements.posts) - Number(agreements.signed) },
    incidents: { month: Number(incidents.month), year: Number(incidents.year), accidentsYear: Number(incidents.accidents) },
    plans: { active: Number(plans.active), unapproved: Number(plans.unapproved) },
    veto: Number(incidents.accidents) > 0,
    gate,
    hazards,
  };
}
