import { sql } from 'drizzle-orm';
import type { GateFigures } from '../../../contracts/safetyGate';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { schoolInfo } from './gate.lookups';
import { startOfDay, addDays } from './gate.settings';
import { patrolFigures } from './patrol.service';

/**
 * The gate's figures of a month for the safety home page: visitors registered, inside now, passes
 * issued, students let out, finished patrols, days short of the patrol rule, checkpoints missed.
 * Month boundaries are the school's local midnight.
 */
export async function gateFigures(db: Db, schoolId: number, month: string, clock: Clock): Promise<GateFigures> {
  const { timezone: tz } = await schoolInfo(db, schoolId);
  const [y, m] = month.split('-').map(Number);
  const first = `${month}-01`;
  const next = addDays(`${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`, 1);
  const from = startOfDay(first, tz).toISOString();
  const to = startOfDay(next, tz).toISOString();
  const [[counts], patrols] = await Promise.all([
    rowsOf<{ visitors: number; inside: number; passes: number; exits: number }>(db, sql`SELECT
      (SELECT count(*)::int FROM visitors WHERE school_id = ${schoolId} AND time_in >= ${from}::timestamptz AND time_in < ${to}::timestamptz) AS visitors,
      (SELECT count(*)::int FROM visitors WHERE school_id = ${schoolId} AND time_out IS NULL) AS inside,
      (SELECT count(*)::int FROM exit_passes WHERE school_id = ${schoolId} AND issued_at >= ${from}::timestamptz AND issued_at < ${to}::timestamptz) AS passes,
      (SELECT count(*)::int FROM exit_passes WHERE school_id = ${schoolId} AND exited_at >= ${from}::timestamptz AND exited_at < ${to}::timestamptz) AS exits`),
    patrolFigures(db, schoolId, month, clock),
  ]);
  return {
    visitorsMonth: Number(counts.visitors), insideNow: Number(counts.inside), passesMonth: Number(counts.passes), exitsMonth: Number(counts.exits),
    patrolsMonth: patrols.totals.patrols, patrolDaysShort: patrols.shortDays.length, missedCheckpointsMonth: patrols.totals.missed,
  };
}
