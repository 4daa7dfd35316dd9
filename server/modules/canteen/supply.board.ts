import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import { addDays } from '../../platform/schedules';
import type { SupplyDay } from '../../../contracts/canteenSupply';
import { supplySettingsOf } from './supply.settings';

/**
 * The supply part of the canteen's day (the meals part's board): the day's intakes and their
 * accepted/refused items, suppliers' licences expired or expiring (latest expiry of each kind, of
 * admitted suppliers), and the day's meal counts (the largest count of the day's meals, i.e. people
 * who ate). Three indexed queries, never one per row. `now` is unused (nothing here has a deadline).
 */
export async function supplyDay(db: Db, schoolId: number, date: string, _now: Date): Promise<SupplyDay> {
  const settings = await supplySettingsOf(db, schoolId);
  const horizon = addDays(date, settings.licenceAlertDays);
  const [counts, licences, meals] = await Promise.all([
    rowsOf<{ intakes: number; accepted: number; refused: number }>(db, sql`
      SELECT count(DISTINCT i.id)::int AS intakes,
             count(it.id) FILTER (WHERE it.result = 'accepted')::int AS accepted,
             count(it.id) FILTER (WHERE it.result = 'refused')::int AS refused
        FROM canteen_intakes i JOIN canteen_intake_items it ON it.school_id = i.school_id AND it.intake_id = i.id AND it.active
       WHERE i.school_id = ${schoolId} AND i.received_on = ${date} AND i.active`),
    rowsOf<{ supplier_id: number; name: string; expires_on: string }>(db, sql`
      SELECT s.id AS supplier_id, s.name, min(l.last)::text AS expires_on
        FROM (SELECT supplier_id, kind, max(expires_on) AS last FROM canteen_supplier_licences
               WHERE school_id = ${schoolId} AND active GROUP BY supplier_id, kind) l
        JOIN canteen_suppliers s ON s.school_id = ${schoolId} AND s.id = l.supplier_id AND s.active AND s.status = 'admitted'
       WHERE l.last <= ${horizon}
       GROUP BY s.id, s.name ORDER BY min(l.last), s.id`),
    rowsOf<{ students: number | null; staff: number | null; n: number }>(db, sql`
      SELECT max(students)::int AS students, max(staff)::int AS staff, count(*)::int AS n
        FROM canteen_meal_counts WHERE school_id = ${schoolId} AND date = ${date}`),
  ]);
  const c = counts[0] ?? { intakes: 0, accepted: 0, refused: 0 };
  const toItem = (r: { supplier_id: number; name: string; expires_on: string }) => ({ supplierId: Number(r.supplier_id), name: r.name, expiresOn: String(r.expires_on).slice(0, 10) });
  return {
    intakes: Number(c.intakes), accepted: Number(c.accepted), refused: Number(c.refused),
    licences: {
      expired: licences.filter((r) => String(r.expires_on).slice(0, 10) < date).map(toItem),
      expiring: licences.filter((r) => String(r.expires_on).slice(0, 10) >= date).map(toItem),
    },
    meals: meals[0] && Number(meals[0].n) > 0 ? { students: Number(meals[0].students), staff: Number(meals[0].staff) } : null,
  };
}
