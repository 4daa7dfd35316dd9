import { sql } from 'drizzle-orm';
import type { RepairStats, StatsGroup } from '../../../contracts/repairs';
import { translate, type Locale } from '../../../contracts/i18n';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { schoolTerms } from '../../platform/schedules';
import { repairSettingsOf, schoolTimezone, categoryLabel } from './repairs.settings';
import { localDate, zonedTime, startOfNextDay, addDays } from './repairs.time';
import { locationInfos } from './repairs.lookups';

type Raw = Record<string, unknown>;
const ids = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);
const round = (v: unknown, digits = 1) => (v == null ? null : Math.round(Number(v) * 10 ** digits) / 10 ** digits);

/**
 * The period of a statistics or log request: as asked, else the current term of the school's
 * calendar, else the last 120 days (in the school's time zone).
 */
export async function statsPeriod(db: Db, schoolId: number, clock: Clock, q: { from?: string; to?: string }) {
  const tz = await schoolTimezone(db, schoolId);
  const today = localDate(clock.now(), tz);
  let termName: string | null = null;
  let { from, to } = q;
  if (!from && !to) {
    const term = (await schoolTerms(db, schoolId)).find((t) => t.start <= today && today <= t.end);
    if (term) { from = term.start; to = term.end; termName = term.name; }
  }
  to ??= today;
  from ??= addDays(to, -119);
  return { from, to, tz, termName, start: zonedTime(from, tz), end: startOfNextDay(to, tz) };
}

/**
 * Statistics of the orders reported in a period: totals, and per category, place, building, worker
 * and month the count, median response and completion times, overdue share, rating and satisfaction;
 * the places and assets repaired most; the items used. One grouped query (GROUPING SETS) for the
 * groups, one for the totals, one for the items, one each for the names.
 */
export async function repairStats(db: Db, schoolIds: number[], clock: Clock, q: { from?: string; to?: string }, locale: Locale): Promise<RepairStats> {
  const home = schoolIds[0];
  const p = await statsPeriod(db, home, clock, q);
  const settings = await repairSettingsOf(db, home);
  const range = sql`o.school_id IN (${ids(schoolIds)}) AND o.reported_at >= ${p.start.toISOString()} AND o.reported_at < ${p.end.toISOString()}`;

  const groups = await rowsOf<Raw>(db, sql`
    WITH o AS (
      SELECT o.category, o.location_id, o.building_id, o.assignee_id, o.overdue, o.rating,
        to_char(o.reported_at AT TIME ZONE ${p.tz}, 'YYYY-MM') AS month,
        extract(epoch FROM (o.accepted_at - o.reported_at)) / 60 AS resp,
        extract(epoch FROM (o.completed_at - o.reported_at)) / 60 AS comp
      FROM repair_orders o WHERE ${range} AND o.state <> 'cancelled')
    SELECT GROUPING(category) AS g_cat, GROUPING(location_id) AS g_loc, GROUPING(building_id) AS g_bld,
      GROUPING(assignee_id) AS g_wrk, GROUPING(month) AS g_mon,
      category, location_id, building_id, assignee_id, month,
      count(*)::int AS n,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY resp) AS med_resp,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY comp) AS med_comp,
      avg(overdue::int)::float8 AS overdue_share,
      avg(rating)::float8 AS avg_rating,
      count(rating)::int AS rated,
      (count(*) FILTER (WHERE rating >= 4))::int AS satisfied
    FROM o GROUP BY GROUPING SETS ((category), (location_id), (building_id), (assignee_id), (month), ())`);

  const [tot] = await rowsOf<Raw>(db, sql`SELECT
      count(*) FILTER (WHERE state IN ('reported','dispatched','in_progress','reopened','completed'))::int AS open,
      count(*) FILTER (WHERE state = 'closed')::int AS closed,
      count(*) FILTER (WHERE state = 'cancelled')::int AS cancelled,
      coalesce(sum(hours) FILTER (WHERE state <> 'cancelled'), 0)::float8 AS hours
    FROM repair_orders o WHERE ${range}`);
  const assets = await rowsOf<Raw>(db, sql`SELECT asset_id, count(*)::int AS n FROM repair_orders o
    WHERE ${range} AND o.state <> 'cancelled' AND o.asset_id IS NOT NULL GROUP BY asset_id ORDER BY count(*) DESC, asset_id LIMIT 10`);

  const items = await rowsOf<Raw>(db, sql`SELECT i.name, i.unit, sum(i.quantity)::float8 AS quantity, count(DISTINCT i.order_id)::int AS orders
    FROM repair_items i JOIN repair_orders o ON o.school_id = i.school_id AND o.id = i.order_id
    WHERE ${range} AND o.state <> 'cancelled'
    GROUP BY i.name, i.unit ORDER BY sum(i.quantity) DESC, i.name LIMIT 50`);

  const stat = (r: Raw, key: string, label: string): StatsGroup => ({
    key, label, count: Number(r.n),
    medianResponseMinutes: round(r.med_resp), medianCompletionMinutes: round(r.med_comp),
    overdueShare: round(r.overdue_share, 4) ?? 0, averageRating: round(r.avg_rating, 2),
    satisfaction: Number(r.rated) ? round(Number(r.satisfied) / Number(r.rated), 4) : null,
  });
  const of = (flag: string) => groups.filter((g) => Number(g[flag]) === 0 && ['g_cat', 'g_loc', 'g_bld', 'g_wrk', 'g_mon'].every((f) => f === flag || Number(g[f]) === 1));
  const byCount = (a: StatsGroup, b: StatsGroup) => b.count - a.count || a.label.localeCompare(b.label);

  // Names behind the ids: places (with their paths), buildings, workers.
  const locRows = of('g_loc').filter((g) => g.location_id != null);
  const places = new Map<number, { name: string; path: string }>();
  for (const s of schoolIds) for (const [id, info] of await locationInfos(db, s, locRows.map((g) => Number(g.location_id)))) places.set(id, info);
  const bIds = of('g_bld').filter((g) => g.building_id != null).map((g) => Number(g.building_id));
  const wIds = of('g_wrk').filter((g) => g.assignee_id != null).map((g) => Number(g.assignee_id));
  const bNames = new Map((bIds.length ? await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM buildings WHERE school_id IN (${ids(schoolIds)}) AND id IN (${ids(bIds)})`) : []).map((r) => [Number(r.id), r.name]));
  const wNames = new Map((wIds.length ? await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM users WHERE school_id IN (${ids(schoolIds)}) AND id IN (${ids(wIds)})`) : []).map((r) => [Number(r.id), r.name]));

  const all = groups.find((g) => ['g_cat', 'g_loc', 'g_bld', 'g_wrk', 'g_mon'].every((f) => Number(g[f]) === 1));
  const totals = all ? stat(all, '', '') : stat({ n: 0, rated: 0, satisfied: 0 }, '', '');
  const byLocation = locRows.map((g) => stat(g, String(g.location_id), places.get(Number(g.location_id))?.path ?? String(g.location_id))).sort(byCount);
  return {
    from: p.from, to: p.to, termName: q.from || q.to ? null : p.termName,
    totals: {
      count: totals.count, medianResponseMinutes: totals.medianResponseMinutes, medianCompletionMinutes: totals.medianCompletionMinutes,
      overdueShare: totals.overdueShare, averageRating: totals.averageRating, satisfaction: totals.satisfaction,
      open: Number(tot?.open ?? 0), closed: Number(tot?.closed ?? 0), cancelled: Number(tot?.cancelled ?? 0), hours: round(tot?.hours, 2) ?? 0,
    },
    byCategory: of('g_cat').map((g) => stat(g, String(g.category), categoryLabel(settings, String(g.category), locale))).sort(byCount),
    byLocation: byLocation.slice(0, 100),
    byBuilding: of('g_bld').map((g) => stat(g, g.building_id == null ? '' : String(g.building_id),
      g.building_id == null ? translate(locale, 'repairs.stats.unknownBuilding') : bNames.get(Number(g.building_id)) ?? String(g.building_id))).sort(byCount),
    byWorker: of('g_wrk').map((g) => stat(g, g.assignee_id == null ? '' : String(g.assignee_id),
      g.assignee_id == null ? translate(locale, 'repairs.stats.unassigned') : wNames.get(Number(g.assignee_id)) ?? String(g.assignee_id))).sort(byCount),
    byMonth: of('g_mon').map((g) => stat(g, String(g.month), String(g.month))).sort((a, b) => a.key.localeCompare(b.key)),
    topLocations: byLocation.slice(0, 10).map((g) => ({ id: Number(g.key), name: places.get(Number(g.key))?.name ?? g.key, path: g.label, count: g.count })),
    topAssets: assets.map((g) => ({ id: Number(g.asset_id), count: Number(g.n) })),
    items: items.map((r) => ({ name: String(r.name), unit: (r.unit as string | null) ?? null, quantity: Number(r.quantity), orders: Number(r.orders) })),
  };
}
