import { sql, type SQL } from 'drizzle-orm';
import type {
  Stocktake, StocktakeDetail, StocktakeListQuery, StocktakeRoom, StocktakeLine, StocktakeSurplus, StocktakeReport, LineListQuery, StocktakeSummary,
} from '../../../contracts/assetsProcess';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { filesOf } from '../../platform/files';
import { placeInfos, placesInScope } from './process.lookups';
import { eventsOf, iso, num, idsSql } from './process.shared';
import { stocktakeActions, seesAllStocktakes, SURPLUS_ENTITY } from './stocktake.service';

/** Who is reading: the schools they may read, themselves, their roles. */
export interface Reader { schoolIds: number[]; userId: number; roles: readonly string[] }

type Raw = Record<string, unknown>;

const encode = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decodeCursor(cursor: string): [string | number, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && Number.isInteger(v[1])) return v as [string | number, number];
  } catch { /* fall through */ }
  throw new AppError('badCursor', 400, { fields: [{ path: 'cursor', code: 'badCursor' }] });
}
export { encode as encodeCursor, decodeCursor };

const SUMMARY_SQL = sql`
  LEFT JOIN LATERAL (SELECT
      count(*) FILTER (WHERE l.expected)::int AS expected,
      count(*) FILTER (WHERE l.result IN ('found', 'wrong_place'))::int AS counted,
      count(*) FILTER (WHERE l.result = 'found')::int AS found,
      count(*) FILTER (WHERE l.result = 'wrong_place')::int AS wrong_place,
      count(*) FILTER (WHERE l.result = 'missing')::int AS missing,
      count(*) FILTER (WHERE l.result = 'pending')::int AS pending,
      count(*) FILTER (WHERE l.result IN ('wrong_place', 'missing') AND l.resolution IS NULL)::int AS unresolved,
      count(*) FILTER (WHERE l.resolution IS NOT NULL)::int AS resolved
    FROM stocktake_lines l WHERE l.school_id = st.school_id AND l.stocktake_id = st.id) ls ON true
  LEFT JOIN LATERAL (SELECT count(*)::int AS surplus,
      count(*) FILTER (WHERE x.resolution IS NULL)::int AS surplus_open,
      count(*) FILTER (WHERE x.resolution IS NOT NULL)::int AS surplus_resolved
    FROM stocktake_surplus x WHERE x.school_id = st.school_id AND x.stocktake_id = st.id) sp ON true`;

function summaryOf(r: Raw): StocktakeSummary & { resolved: number } {
  const n = (k: string) => Number(r[k] ?? 0);
  return {
    expected: n('expected'), counted: n('counted'), found: n('found'), wrongPlace: n('wrong_place'), missing: n('missing'),
    pending: n('pending'), surplus: n('surplus'), unresolved: n('unresolved') + n('surplus_open'), resolved: n('resolved') + n('surplus_resolved'),
  };
}

/** A page of stocktakes with their figures, names and overdue flag, in one statement. */
function pageSql(where: SQL, orderBy: SQL, limit: number, now: Date): SQL {
  return sql`SELECT st.*, cu.name AS created_by_name, xu.name AS closed_by_name, ls.*, sp.*,
      (st.state IN ('planned', 'counting', 'reviewing') AND st.due_date < (${now.toISOString()}::timestamptz AT TIME ZONE sc.timezone)::date) AS overdue
    FROM (SELECT * FROM stocktakes WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) st
    JOIN schools sc ON sc.id = st.school_id
    LEFT JOIN users cu ON cu.school_id = st.school_id AND cu.id = st.created_by
    LEFT JOIN users xu ON xu.school_id = st.school_id AND xu.id = st.closed_by
    ${SUMMARY_SQL}`;
}

/** Places and counters of a page of stocktakes: one query each. */
async function hydrate(db: Db, rows: Raw[], reader: Reader): Promise<Stocktake[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const schoolIds = [...new Set(rows.map((r) => Number(r.school_id)))];
  const locRows = await rowsOf<{ school_id: number; stocktake_id: number; location_id: number }>(db, sql`
    SELECT school_id, stocktake_id, location_id FROM stocktake_locations WHERE school_id IN (${idsSql(schoolIds)}) AND stocktake_id IN (${idsSql(ids)})`);
  const places = new Map<string, { id: number; name: string; path: string }>();
  for (const s of schoolIds) {
    const infos = await placeInfos(db, s, locRows.filter((l) => Number(l.school_id) === s).map((l) => Number(l.location_id)));
    for (const [id, p] of infos) places.set(`${s}:${id}`, { id, name: p.name, path: p.path });
  }
  const counterRows = await rowsOf<{ school_id: number; stocktake_id: number; user_id: number; name: string; counted: number }>(db, sql`
    SELECT c.school_id, c.stocktake_id, c.user_id, u.name,
      (SELECT count(*) FROM stocktake_lines l WHERE l.school_id = c.school_id AND l.stocktake_id = c.stocktake_id AND l.counted_by = c.user_id)::int AS counted
    FROM stocktake_counters c JOIN users u ON u.school_id = c.school_id AND u.id = c.user_id
    WHERE c.school_id IN (${idsSql(schoolIds)}) AND c.stocktake_id IN (${idsSql(ids)}) ORDER BY u.name, u.id`);
  return rows.map((r) => {
    const s = Number(r.school_id);
    const id = Number(r.id);
    const summary = summaryOf(r);
    const counters = counterRows.filter((c) => Number(c.school_id) === s && Number(c.stocktake_id) === id)
      .map((c) => ({ id: Number(c.user_id), name: c.name, counted: Number(c.counted) }));
    const mine = counters.some((c) => c.id === reader.userId);
    const { resolved, ...pub } = summary;
    return {
      id, schoolId: s, code: String(r.code), name: String(r.name), state: r.state as Stocktake['state'], scope: r.scope as Stocktake['scope'],
      locations: locRows.filter((l) => Number(l.school_id) === s && Number(l.stocktake_id) === id).map((l) => places.get(`${s}:${l.location_id}`)).filter((p): p is NonNullable<typeof p> => !!p),
      counters, dueDate: String(r.due_date), note: (r.note as string | null) ?? null,
      createdById: num(r.created_by), createdByName: (r.created_by_name as string | null) ?? null,
      startedAt: iso(r.started_at), countingEndedAt: iso(r.counting_ended_at), closedAt: iso(r.closed_at), closedByName: (r.closed_by_name as string | null) ?? null,
      summary: pub, overdue: Boolean(r.overdue),
      actions: stocktakeActions(reader, { state: String(r.state) }, mine, resolved),
      version: Number(r.version), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
    };
  });
}

/** Leaders see every stocktake; anyone else those they count in. */
function visibility(reader: Reader, col: SQL = sql`stocktakes`): SQL | undefined {
  if (seesAllStocktakes(reader.roles)) return undefined;
  return sql`EXISTS (SELECT 1 FROM stocktake_counters c WHERE c.school_id = ${col}.school_id AND c.stocktake_id = ${col}.id AND c.user_id = ${reader.userId})`;
}

export async function listStocktakes(db: Db, reader: Reader, q: StocktakeListQuery, now: Date) {
  const conds: SQL[] = [sql`school_id IN (${idsSql(reader.schoolIds)})`];
  const vis = visibility(reader);
  if (vis) conds.push(vis);
  if (q.mine) conds.push(sql`EXISTS (SELECT 1 FROM stocktake_counters c WHERE c.school_id = stocktakes.school_id AND c.stocktake_id = stocktakes.id AND c.user_id = ${reader.userId})`);
  if (q.state) conds.push(sql`state = ${q.state}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(sql`(name ILIKE ${like} OR code ILIKE ${like})`);
  }
  const asc = q.sort === 'createdAt';
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    conds.push(asc ? sql`(created_at, id) > (${String(at)}::timestamptz, ${id})` : sql`(created_at, id) < (${String(at)}::timestamptz, ${id})`);
  }
  const dir = sql.raw(asc ? 'ASC' : 'DESC');
  const rows = await rowsOf<Raw>(db, sql`${pageSql(sql.join(conds, sql` AND `), sql`created_at ${dir}, id ${dir}`, q.limit, now)} ORDER BY st.created_at ${dir}, st.id ${dir}`);
  const items = await hydrate(db, rows, reader);
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === q.limit && last ? encode([last.createdAt, last.id]) : null };
}

/** The stocktake row, if the reader may see it (else 404). */
export async function visibleStocktake(db: Db, reader: Reader, id: number, now: Date): Promise<Stocktake> {
  const conds: SQL[] = [sql`school_id IN (${idsSql(reader.schoolIds)})`, sql`id = ${id}`];
  const vis = visibility(reader);
  if (vis) conds.push(vis);
  const rows = await rowsOf<Raw>(db, pageSql(sql.join(conds, sql` AND `), sql`id`, 1, now));
  if (!rows.length) throw new AppError('notFound', 404);
  return (await hydrate(db, rows, reader))[0];
}

export async function getStocktake(db: Db, reader: Reader, id: number, now: Date): Promise<StocktakeDetail> {
  const st = await visibleStocktake(db, reader, id, now);
  return { ...st, events: await eventsOf(db, st.schoolId, 'stocktake', id) };
}

/** The places a counter picks from: every place of the scope with what is expected and counted there. */
export async function stocktakeRooms(db: Db, reader: Reader, id: number, now: Date): Promise<StocktakeRoom[]> {
  const st = await visibleStocktake(db, reader, id, now);
  const s = st.schoolId;
  const places = await placesInScope(db, s, st.scope === 'school' ? null : st.locations.map((l) => l.id));
  const counts = await rowsOf<{ loc: number; expected: number; counted: number }>(db, sql`
    SELECT expected_location_id AS loc, count(*) FILTER (WHERE expected)::int AS expected,
      count(*) FILTER (WHERE expected AND result IN ('found', 'wrong_place'))::int AS counted
    FROM stocktake_lines WHERE school_id = ${s} AND stocktake_id = ${id} GROUP BY expected_location_id`);
  const here = await rowsOf<{ loc: number; n: number }>(db, sql`
    SELECT found_location_id AS loc, count(*)::int AS n FROM stocktake_lines
    WHERE school_id = ${s} AND stocktake_id = ${id} AND result = 'wrong_place' GROUP BY found_location_id`);
  const surplus = await rowsOf<{ loc: number; n: number }>(db, sql`
    SELECT location_id AS loc, count(*)::int AS n FROM stocktake_surplus WHERE school_id = ${s} AND stocktake_id = ${id} GROUP BY location_id`);
  const by = <T extends { loc: number }>(xs: T[]) => new Map(xs.map((x) => [Number(x.loc), x]));
  const c = by(counts);
  const h = by(here);
  const sp = by(surplus);
  // Deactivated places only while something is expected or was found there.
  return places.filter((p) => p.active || c.has(p.id) || h.has(p.id) || sp.has(p.id)).map((p) => ({
    locationId: p.id, name: p.name, code: p.code, path: p.path,
    expected: Number(c.get(p.id)?.expected ?? 0), counted: Number(c.get(p.id)?.counted ?? 0),
    foundHere: Number(h.get(p.id)?.n ?? 0), surplus: Number(sp.get(p.id)?.n ?? 0),
  }));
}

async function linesOf(db: Db, schoolId: number, where: SQL, limit: number | null): Promise<StocktakeLine[]> {
  const rows = await rowsOf<Raw>(db, sql`SELECT l.*, cu.name AS counted_by_name, ru.name AS resolved_by_name
    FROM (SELECT * FROM stocktake_lines WHERE ${where} ORDER BY id ${limit === null ? sql`` : sql`LIMIT ${limit}`}) l
    LEFT JOIN users cu ON cu.school_id = l.school_id AND cu.id = l.counted_by
    LEFT JOIN users ru ON ru.school_id = l.school_id AND ru.id = l.resolved_by
    ORDER BY l.id`);
  const places = await placeInfos(db, schoolId, rows.flatMap((r) => [num(r.expected_location_id), num(r.found_location_id)]).filter((x): x is number => x !== null));
  return rows.map((r) => ({
    id: Number(r.id), assetId: Number(r.asset_id), assetCode: String(r.asset_code), assetName: String(r.asset_name),
    classCode: (r.class_code as string | null) ?? null, model: (r.model as string | null) ?? null, expected: Boolean(r.expected),
    expectedLocationId: num(r.expected_location_id), expectedLocationPath: places.get(Number(r.expected_location_id))?.path ?? '',
    result: r.result as StocktakeLine['result'], foundLocationId: num(r.found_location_id), foundLocationPath: places.get(Number(r.found_location_id))?.path ?? '',
    countedById: num(r.counted_by), countedByName: (r.counted_by_name as string | null) ?? null, countedAt: iso(r.counted_at),
    resolution: (r.resolution as StocktakeLine['resolution']) ?? null, resolutionNote: (r.resolution_note as string | null) ?? null,
    resolvedByName: (r.resolved_by_name as string | null) ?? null, resolvedAt: iso(r.resolved_at), disposalId: num(r.disposal_id), version: Number(r.version),
  }));
}

export async function lineById(db: Db, schoolId: number, lineId: number): Promise<StocktakeLine> {
  const [line] = await linesOf(db, schoolId, sql`school_id = ${schoolId} AND id = ${lineId}`, 1);
  if (!line) throw new AppError('notFound', 404);
  return line;
}

/** A room's lines (expected there, or found there), or the differences, keyset by id. */
export async function stocktakeLines(db: Db, reader: Reader, id: number, q: LineListQuery, now: Date) {
  const st = await visibleStocktake(db, reader, id, now);
  const conds: SQL[] = [sql`school_id = ${st.schoolId}`, sql`stocktake_id = ${id}`];
  if (q.locationId) conds.push(sql`(expected_location_id = ${q.locationId} OR found_location_id = ${q.locationId})`);
  if (q.result) conds.push(sql`result = ${q.result}`);
  if (q.differences) conds.push(sql`result IN ('wrong_place', 'missing')`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(sql`(asset_code ILIKE ${like} OR asset_name ILIKE ${like})`);
  }
  if (q.cursor) conds.push(sql`id > ${decodeCursor(q.cursor)[1]}`);
  const items = await linesOf(db, st.schoolId, sql.join(conds, sql` AND `), q.limit);
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === q.limit && last ? encode([last.id, last.id]) : null };
}

export async function surplusOf(db: Db, schoolId: number, stocktakeId: number, locationId?: number): Promise<StocktakeSurplus[]> {
  const rows = await rowsOf<Raw>(db, sql`SELECT x.*, fu.name AS found_by_name, ru.name AS resolved_by_name
    FROM stocktake_surplus x
    LEFT JOIN users fu ON fu.school_id = x.school_id AND fu.id = x.found_by
    LEFT JOIN users ru ON ru.school_id = x.school_id AND ru.id = x.resolved_by
    WHERE x.school_id = ${schoolId} AND x.stocktake_id = ${stocktakeId} ${locationId ? sql`AND x.location_id = ${locationId}` : sql``}
    ORDER BY x.id`);
  const places = await placeInfos(db, schoolId, rows.map((r) => Number(r.location_id)));
  const photos = await filesOf(db, schoolId, SURPLUS_ENTITY, rows.map((r) => Number(r.id)));
  return rows.map((r) => ({
    id: Number(r.id), name: String(r.name), description: (r.description as string | null) ?? null, locationId: Number(r.location_id),
    locationPath: places.get(Number(r.location_id))?.path ?? '', foundById: num(r.found_by), foundByName: (r.found_by_name as string | null) ?? null,
    foundAt: iso(r.found_at)!, photos: (photos.get(Number(r.id)) ?? []).map(({ slot: _slot, ...f }) => f),
    resolution: (r.resolution as StocktakeSurplus['resolution']) ?? null, resolutionNote: (r.resolution_note as string | null) ?? null,
    registeredAssetId: num(r.registered_asset_id), registeredAssetCode: (r.registered_asset_code as string | null) ?? null,
    resolvedByName: (r.resolved_by_name as string | null) ?? null, resolvedAt: iso(r.resolved_at),
  }));
}

export async function stocktakeSurplusList(db: Db, reader: Reader, id: number, locationId: number | undefined, now: Date) {
  const st = await visibleStocktake(db, reader, id, now);
  return surplusOf(db, st.schoolId, id, locationId);
}

/** The report as it stands (found, wrong place, missing, 盘盈, resolutions, counters). */
export async function liveReport(db: Db, reader: Reader, id: number, now: Date): Promise<StocktakeReport> {
  const st = await visibleStocktake(db, reader, id, now);
  const [school] = await rowsOf<{ name: string }>(db, sql`SELECT name FROM schools WHERE id = ${st.schoolId}`);
  const lines = await linesOf(db, st.schoolId, sql`school_id = ${st.schoolId} AND stocktake_id = ${id}`, null);
  const by = (r: StocktakeLine['result']) => lines.filter((l) => l.result === r);
  return {
    frozen: false, generatedAt: now.toISOString(),
    stocktake: {
      id: st.id, code: st.code, name: st.name, state: st.state, scope: st.scope, locations: st.locations, dueDate: st.dueDate,
      startedAt: st.startedAt, countingEndedAt: st.countingEndedAt, closedAt: st.closedAt, closedByName: st.closedByName, schoolName: school?.name ?? '',
    },
    summary: st.summary, counters: st.counters,
    found: by('found'), wrongPlace: by('wrong_place'), missing: by('missing'), pending: by('pending'),
    surplus: await surplusOf(db, st.schoolId, id),
  };
}

/** The frozen report of a closed stocktake; the live one before. */
export async function stocktakeReport(db: Db, reader: Reader, id: number, now: Date): Promise<StocktakeReport> {
  const st = await visibleStocktake(db, reader, id, now);
  if (st.state === 'closed') {
    const [row] = await rowsOf<{ report: unknown }>(db, sql`SELECT report FROM stocktakes WHERE school_id = ${st.schoolId} AND id = ${id}`);
    const report = typeof row?.report === 'string' ? JSON.parse(row.report) : row?.report;
    if (report) return report as StocktakeReport;
  }
  return liveReport(db, reader, id, now);
}
