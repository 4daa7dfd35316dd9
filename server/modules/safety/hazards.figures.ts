// The safety home's hazard figures for a month (used by the records part's safety home page).
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { localDate } from '../../platform/schedules';
import { monthBounds, DOMAIN } from './hazards.report';
import { investigationState } from './hazards.investigation';
import type { InvestigationState } from '../../../contracts/safetyHazards';

export interface HazardFigures {
  /** Hazards reported (or found by inspections) in the month. */
  reportedMonth: number;
  /** Closed (verified, 销号) in the month. */
  closedMonth: number;
  /** Not closed now. */
  open: number;
  /** Now past their deadline and not rectified. */
  overdue: number;
  /** Safety inspections submitted in the month. */
  inspectionsMonth: number;
  /** The month's report was submitted to the district. */
  reportSubmitted: boolean;
  /** The month's hazard investigation: done / due / overdue / upcoming. */
  investigation: InvestigationState;
}

/** One statement: the month's and today's counts of the school's safety rectifications; then the month's investigation. */
export async function hazardFigures(db: Db, schoolId: number, month: string, clock: Clock): Promise<HazardFigures> {
  const now = clock.now();
  const [school] = await rowsOf<{ timezone: string }>(db, sql`SELECT timezone FROM schools WHERE id = ${schoolId}`);
  const tz = school?.timezone ?? 'Asia/Shanghai';
  const b = monthBounds(month, tz, now);
  const start = b.start.toISOString();
  const end = b.end.toISOString();
  const [r] = await rowsOf<{ reported: number; closed: number; open: number; overdue: number; inspections: number; submitted: boolean }>(db, sql`
    SELECT
      (SELECT count(*)::int FROM rectifications WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND reported_at >= ${start} AND reported_at < ${end}) AS reported,
      (SELECT count(*)::int FROM rectifications WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND state = 'closed' AND verified_at >= ${start} AND verified_at < ${end}) AS closed,
      (SELECT count(*)::int FROM rectifications WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND state <> 'closed') AS open,
      (SELECT count(*)::int FROM rectifications WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND state IN ('open','assigned') AND deadline < ${localDate(now, tz)}::date) AS overdue,
      (SELECT count(*)::int FROM inspections WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND state = 'submitted' AND submitted_at >= ${start} AND submitted_at < ${end}) AS inspections,
      EXISTS (SELECT 1 FROM hazard_report_submissions WHERE school_id = ${schoolId} AND month = ${month}) AS submitted`);
  const investigation = await investigationState(db, schoolId, month, localDate(now, tz));
  return {
    reportedMonth: Number(r.reported), closedMonth: Number(r.closed), open: Number(r.open), overdue: Number(r.overdue),
    inspectionsMonth: Number(r.inspections), reportSubmitted: Boolean(r.submitted), investigation,
  };
}
