import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Asset, AssetDetail, AssetEvent, AssetFilters, AssetListQuery } from '../../../contracts/assets';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { keyset } from '../../platform/pagination';
import { filesOf } from '../../platform/files';
import { assets, assetEvents } from './assets.tables';
import { LOCATION_PATH_SQL, subtreeCondition, subtreeByCodeCondition } from './assets.lookups';
import { monthlyFenOf } from './assets.depreciation';
import { ASSET_READERS, ASSET_MANAGERS } from './assets.policy';
import { ENTITY } from './assets.service';

/** Who is reading: the schools they may read, themselves, their roles. */
export interface Reader { schoolIds: number[]; userId: number; roles: readonly string[] }

const hasAny = (roles: readonly string[], wanted: readonly string[]) => roles.some((r) => wanted.includes(r));
/** Register readers see every asset of their schools; everyone else the assets in their own name. */
export const readsRegister = (roles: readonly string[]) => hasAny(roles, ASSET_READERS);
export const managesRegister = (roles: readonly string[]) => hasAny(roles, ASSET_MANAGERS);

type Raw = Record<string, unknown>;
const num = (v: unknown) => (v == null ? null : Number(v));
const str = (v: unknown) => (v == null ? null : String(v));
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const day = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

const T = assets;
const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

/** The filters of the list (and of the export and the labels), as conditions on `assets`. */
export async function listConditions(db: Db, reader: Reader, q: Partial<AssetFilters> & { ids?: number[] }): Promise<SQL> {
  const conds: (SQL | undefined)[] = [inArray(T.schoolId, reader.schoolIds)];
  if (!readsRegister(reader.roles) || q.mine) conds.push(eq(T.custodianId, reader.userId));
  if (q.ids) conds.push(q.ids.length ? inArray(T.id, q.ids) : sql`false`);
  // Disposed assets have left the register: listed only when asked for by status (or by id).
  if (q.status?.length) conds.push(q.status.length === 1 ? eq(T.status, q.status[0]) : inArray(T.status, q.status));
  else if (!q.ids) conds.push(sql`${T.status} <> 'disposed'`);
  if (q.classCode) conds.push(sql`${T.classCode} LIKE ${q.classCode + '%'}`);
  if (q.locationId) conds.push(await subtreeCondition(db, reader.schoolIds, q.locationId, sql`${T.locationId}`));
  if (q.locationCode) conds.push(await subtreeByCodeCondition(db, reader.schoolIds, q.locationCode, sql`${T.locationId}`));
  if (q.departmentId) conds.push(eq(T.departmentId, q.departmentId));
  if (q.custodianId) conds.push(eq(T.custodianId, q.custodianId));
  if (q.priceMinFen !== undefined) conds.push(sql`${T.unitPriceFen} >= ${q.priceMinFen}`);
  if (q.priceMaxFen !== undefined) conds.push(sql`${T.unitPriceFen} <= ${q.priceMaxFen}`);
  if (q.lowValue !== undefined) conds.push(eq(T.lowValue, q.lowValue));
  if (q.q) {
    const p = like(q.q);
    conds.push(or(sql`${T.code} ILIKE ${p}`, sql`${T.name} ILIKE ${p}`, sql`${T.model} ILIKE ${p}`, sql`${T.serialNo} ILIKE ${p}`));
  }
  return and(...conds)!;
}

/** Assets with the names of their class, place, department and person, in one statement. */
export function pageSql(where: SQL, orderBy: SQL, limit: number): SQL {
  return sql`SELECT a.*, coalesce(dep.accumulated_fen, 0) AS accumulated_fen, c.name AS class_name, l.name AS location_name, ${LOCATION_PATH_SQL('l')} AS location_path,
      d.name AS department_name, u.name AS custodian_name, lr.last_run
    FROM (SELECT * FROM assets WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) a
    LEFT JOIN LATERAL (SELECT max(r.month) AS last_run FROM asset_depreciation_runs r WHERE r.school_id = a.school_id) lr ON true
    LEFT JOIN asset_depreciation dep ON dep.school_id = a.school_id AND dep.asset_id = a.id
    LEFT JOIN asset_classes c ON c.school_id = a.school_id AND c.code = a.class_code
    LEFT JOIN locations l ON l.school_id = a.school_id AND l.id = a.location_id
    LEFT JOIN departments d ON d.school_id = a.school_id AND d.id = a.department_id
    LEFT JOIN users u ON u.school_id = a.school_id AND u.id = a.custodian_id`;
}

/** One asset row (with its joined names) as the API shows it; photos are added by the caller. */
export function assetOf(r: Raw): Omit<Asset, 'photos'> {
  const original = Number(r.original_value_fen);
  const accumulated = Number(r.accumulated_fen);
  const lifeMonths = num(r.life_months);
  const lowValue = Boolean(r.low_value);
  const depreciates = !lowValue && lifeMonths !== null;
  return {
    id: Number(r.id), schoolId: Number(r.school_id), code: String(r.code), name: String(r.name), classCode: String(r.class_code),
    className: str(r.class_name) ?? String(r.class_code), model: str(r.model), serialNo: str(r.serial_no), unit: str(r.unit),
    quantity: Number(r.quantity), unitPriceFen: Number(r.unit_price_fen), originalValueFen: original,
    acquiredOn: day(r.acquired_on)!, enteredOn: day(r.entered_on)!, acquiredWay: String(r.acquired_way) as Asset['acquiredWay'],
    status: String(r.status) as Asset['status'], lowValue, lifeMonths: depreciates ? lifeMonths : null,
    monthlyFen: monthlyFenOf({ originalValueFen: original, lifeMonths, lowValue }), accumulatedFen: accumulated,
    depreciatedThrough: depreciates ? str(r.last_run) : null, netValueFen: original - accumulated,
    locationId: num(r.location_id), locationName: str(r.location_name), locationPath: str(r.location_path),
    departmentId: num(r.department_id), departmentName: str(r.department_name), custodianId: num(r.custodian_id), custodianName: str(r.custodian_name),
    notes: str(r.notes), disposedOn: day(r.disposed_on), version: Number(r.version), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

/** Photos for a page of assets: one query per school on the page (one school, except for an inspector). */
async function withPhotos(db: Db, rows: Raw[]): Promise<Asset[]> {
  const items = rows.map(assetOf);
  const photos = new Map<string, Asset['photos']>();
  for (const s of new Set(items.map((x) => x.schoolId))) {
    const files = await filesOf(db, s, ENTITY, items.filter((x) => x.schoolId === s).map((x) => x.id), 'photo');
    for (const [id, list] of files) photos.set(`${s}:${id}`, list.map(({ slot: _slot, ...f }) => f));
  }
  return items.map((x) => ({ ...x, photos: photos.get(`${x.schoolId}:${x.id}`) ?? [] }));
}

const SORTS = { code: T.code, name: T.name, acquiredOn: T.acquiredOn, unitPriceFen: T.unitPriceFen, updatedAt: T.updatedAt };

export async function listAssets(db: Db, reader: Reader, q: AssetListQuery & { ids?: number[] }, opts: { photos?: boolean } = {}) {
  const ks = keyset({ sort: q.sort, defaultSort: 'code', sorts: SORTS, id: T.id, cursor: q.cursor });
  const where = and(await listConditions(db, reader, q), ks.where)!;
  const raw = q.sort || 'code';
  const key = raw.replace(/^-/, '') as keyof typeof SORTS;
  const dir = sql.raw(raw.startsWith('-') ? 'DESC' : 'ASC');
  const col = sql.raw(`a.${SORTS[key].name}`);
  const rows = await rowsOf<Raw>(db, sql`${pageSql(where, sql.join(ks.orderBy, sql`, `), q.limit)} ORDER BY ${col} ${dir}, a.id ${dir}`);
  const items = opts.photos === false ? rows.map((r) => ({ ...assetOf(r), photos: [] })) : await withPhotos(db, rows);
  return { items, nextCursor: ks.next(items as unknown as Record<string, unknown>[], q.limit) };
}

/** Pages of the whole filtered list for an export (1,000 rows a statement, never the whole list in memory). */
export async function* listPages(db: Db, reader: Reader, q: Partial<AssetListQuery> & { ids?: number[] }, max = Infinity): AsyncGenerator<Asset[]> {
  let cursor: string | undefined;
  let done = 0;
  do {
    const limit = Math.min(1000, max - done);
    if (limit <= 0) return;
    const page = await listAssets(db, reader, { ...q, limit, cursor } as AssetListQuery, { photos: false });
    yield page.items;
    done += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

function eventOf(e: typeof assetEvents.$inferSelect): AssetEvent {
  return {
    id: e.id, kind: e.kind, at: e.at.toISOString(), actorId: e.actorId, actorName: e.actorName, note: e.note,
    refKind: e.refKind, refId: e.refId, data: (e.data as Record<string, unknown> | null) ?? null,
  };
}

async function detailOf(db: Db, reader: Reader, where: SQL): Promise<AssetDetail> {
  const rows = await rowsOf<Raw>(db, pageSql(and(inArray(T.schoolId, reader.schoolIds), where)!, sql`${T.id}`, 1));
  if (!rows.length) throw new AppError('notFound', 404);
  // Every staff member of the school reads a card (they scan its label); the list shows them only their own.
  const [a] = await withPhotos(db, rows);
  const events = await db.select().from(assetEvents).where(and(eq(assetEvents.schoolId, a.schoolId), eq(assetEvents.assetId, a.id))).orderBy(assetEvents.id);
  return { ...a, events: events.map(eventOf), canManage: managesRegister(reader.roles) && reader.schoolIds.length === 1 && !reader.roles.includes('inspector') };
}

export const getAsset = (db: Db, reader: Reader, id: number) => detailOf(db, reader, eq(T.id, id));
export const getAssetByCode = (db: Db, reader: Reader, code: string) => detailOf(db, reader, eq(T.code, code));
