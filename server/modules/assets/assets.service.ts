import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  CreateAssetInput, UpdateAssetInput, type AssetStatus, type CreateAssetValues,
} from '../../../contracts/assets';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { attachFiles } from '../../platform/files';
import { localDate } from '../../platform/schedules';
import { refs } from '../org';
import { assets, assetCodeCounters } from './assets.tables';
import { classByCode, lifeMonthsOf } from './assets.classes';
import { assetsSettingsOf } from './assets.settings';
import { accumulatedAt, lastRunMonth, netValueOf as netAt, addMonths, ensureDepreciationSchedule, setAccumulated } from './assets.depreciation';
import { namesOf, schoolTimezone } from './assets.lookups';

/*
 * The register's writes. Every function takes the caller's transaction and actor (the school is
 * the actor's, never the input's), validates like the routes, keeps the card's timeline
 * (asset_events) and writes the audit entry in the same transaction. The process part
 * (stocktakes, damage, disposal) builds on these.
 */

export type AssetRow = typeof assets.$inferSelect;
export const ENTITY = 'asset';
export const linkOf = (id: number) => `/assets/${id}`;

// ── Reads ──

export async function getAssetsByIds(db: Db, schoolId: number, ids: number[]): Promise<AssetRow[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  return db.select().from(assets).where(and(eq(assets.schoolId, schoolId), inArray(assets.id, wanted))).orderBy(assets.id);
}

export async function findAssetByCode(db: Db, schoolId: number, code: string): Promise<AssetRow | undefined> {
  const [row] = await db.select().from(assets).where(and(eq(assets.schoolId, schoolId), eq(assets.code, code.trim()))).limit(1);
  return row;
}

/**
 * What another module shows of some assets (repairs: the asset a fault was reported on): code,
 * name, place and status, in one query. Assets of another school are simply absent.
 */
export async function assetRefs(db: Db, schoolId: number, ids: number[]): Promise<Map<number, { id: number; code: string; name: string; locationId: number | null; status: string }>> {
  const rows = await getAssetsByIds(db, schoolId, ids);
  return new Map(rows.map((r) => [r.id, { id: r.id, code: r.code, name: r.name, locationId: r.locationId, status: r.status }]));
}

/** Net value (原值 − 累计折旧) of an asset at the end of `month` ('YYYY-MM'). */
export const netValueOf = (asset: Pick<AssetRow, 'originalValueFen' | 'lifeMonths' | 'lowValue' | 'enteredOn' | 'disposedOn'>, month: string): number => netAt(asset, month);

/** Current net values: after the depreciation of every month ended so far (the school's time zone). */
export async function currentNetValues(db: Db, schoolId: number, ids: number[], clock: Clock): Promise<Map<number, number>> {
  const rows = await getAssetsByIds(db, schoolId, ids);
  const month = addMonths(localDate(clock.now(), await schoolTimezone(db, schoolId)).slice(0, 7), -1);
  return new Map(rows.map((r) => [r.id, netAt(r, month)]));
}

// ── Codes ──

/** Expands the school's pattern for one asset: the counter's key and how to put the number in. */
export function codeTemplate(pattern: string, v: { classCode: string; acquiredOn: string }): { key: string; make: (n: number) => string } {
  const base = pattern.replace(/\{class\}/g, v.classCode).replace(/\{top\}/g, v.classCode.slice(0, 1)).replace(/\{year\}/g, v.acquiredOn.slice(0, 4));
  const m = /\{seq(?::(\d))?\}/.exec(base);
  const width = m?.[1] ? Number(m[1]) : 4;
  const key = m ? base.replace(m[0], '{seq}') : `${base}{seq}`;
  return { key, make: (n) => key.replace('{seq}', String(n).padStart(width, '0')) };
}

/**
 * The next codes for several assets at once: one counter bump per prefix (under its row lock, so
 * concurrent registrations get different numbers), then one look for codes someone typed by hand
 * that the counter would repeat (those are skipped).
 */
export async function nextCodes(tx: Db, schoolId: number, pattern: string, items: { classCode: string; acquiredOn: string }[]): Promise<string[]> {
  const out: string[] = new Array(items.length);
  let pending = items.map((it, i) => ({ i, t: codeTemplate(pattern, it) }));
  for (let round = 0; pending.length && round < 20; round++) {
    const byKey = new Map<string, typeof pending>();
    for (const p of pending) byKey.set(p.t.key, [...(byKey.get(p.t.key) ?? []), p]);
    const made: { i: number; code: string; t: ReturnType<typeof codeTemplate> }[] = [];
    for (const [key, list] of byKey) {
      const [row] = await tx.insert(assetCodeCounters).values({ schoolId, prefix: key, last: list.length })
        .onConflictDoUpdate({ target: [assetCodeCounters.schoolId, assetCodeCounters.prefix], set: { last: sql`${assetCodeCounters.last} + ${list.length}` } })
        .returning({ last: assetCodeCounters.last });
      const first = row.last - list.length + 1;
      list.forEach((p, k) => made.push({ i: p.i, code: p.t.make(first + k), t: p.t }));
    }
    const taken = new Set((await rowsOf<{ code: string }>(tx, sql`SELECT code FROM assets WHERE school_id = ${schoolId}
      AND code IN (${sql.join(made.map((x) => sql`${x.code}`), sql`, `)})`)).map((r) => r.code));
    pending = [];
    for (const x of made) {
      if (taken.has(x.code)) pending.push({ i: x.i, t: x.t });
      else out[x.i] = x.code;
    }
  }
  if (pending.length) throw new AppError('assets.codeExhausted', 409);
  return out;
}

const codeTaken = (code: string) => new AppError('assets.codeTaken', 409, { params: { value: code }, fields: [{ path: 'code', code: 'assets.codeTaken', params: { value: code } }] });
const disposedError = (code: string) => new AppError('assets.disposed', 409, { params: { code } });

// ── Validation shared by the form and the import ──

/** A place, department or person of the actor's school (400 naming the field otherwise); retired places and departments are refused. */
export async function checkRefs(tx: Db, schoolId: number, v: { locationId?: number | null; departmentId?: number | null; custodianId?: number | null }) {
  if (v.locationId) {
    const loc = await refs.location(tx, schoolId, v.locationId, 'locationId');
    if (loc.active === false) throw new AppError('assets.locationInactive', 400, { fields: [{ path: 'locationId', code: 'assets.locationInactive' }] });
  }
  if (v.departmentId) {
    const d = await refs.department(tx, schoolId, v.departmentId, 'departmentId');
    if (d.active === false) throw new AppError('assets.departmentInactive', 400, { fields: [{ path: 'departmentId', code: 'assets.departmentInactive' }] });
  }
  if (v.custodianId) {
    const u = await refs.user(tx, schoolId, v.custodianId, 'custodianId');
    if (u.active === false) throw new AppError('assets.custodianInactive', 400, { fields: [{ path: 'custodianId', code: 'assets.custodianInactive' }] });
  }
}

export interface EventInput { kind: string; note?: string | null; refKind?: string | null; refId?: number | null; data?: Record<string, unknown> | null }

/** Timeline rows for several assets in one statement (one JSON parameter, however many rows). */
export async function addEvents(tx: Db, actor: Actor, rows: ({ assetId: number } & EventInput)[], at: Date = new Date()): Promise<void> {
  if (!rows.length) return;
  const json = JSON.stringify(rows.map((e) => ({
    school_id: actor.schoolId, asset_id: e.assetId, kind: e.kind, at: at.toISOString(), actor_id: actor.userId, actor_name: actor.name,
    note: e.note ?? null, ref_kind: e.refKind ?? null, ref_id: e.refId ?? null, data: e.data ?? null,
  })));
  await tx.execute(sql`INSERT INTO asset_events (school_id, asset_id, kind, at, actor_id, actor_name, note, ref_kind, ref_id, data)
    SELECT school_id, asset_id, kind, at, actor_id, actor_name, note, ref_kind, ref_id, data FROM json_populate_recordset(NULL::asset_events, ${json}::json)`);
}

/** One event on an asset's timeline (404 when the asset is not the actor's school's). */
export async function addAssetEvent(tx: Db, actor: Actor, assetId: number, e: EventInput & { at?: Date }): Promise<void> {
  const [row] = await getAssetsByIds(tx, actor.schoolId, [assetId]);
  if (!row) throw new AppError('notFound', 404);
  await addEvents(tx, actor, [{ assetId, ...e }], e.at);
}

/** What the audit keeps of a card. */
export function auditView(a: AssetRow) {
  return {
    code: a.code, name: a.name, classCode: a.classCode, model: a.model, serialNo: a.serialNo, unit: a.unit, quantity: a.quantity,
    unitPriceFen: a.unitPriceFen, originalValueFen: a.originalValueFen, acquiredOn: a.acquiredOn, enteredOn: a.enteredOn,
    acquiredWay: a.acquiredWay, status: a.status, lowValue: a.lowValue, lifeMonths: a.lifeMonths, locationId: a.locationId,
    departmentId: a.departmentId, custodianId: a.custodianId, notes: a.notes, disposedOn: a.disposedOn,
  };
}

// ── Register ──

export interface RegisterOptions {
  at?: Date;
  /** The timeline's first event (default 'registered'); a stocktake's 盘盈 names itself here. */
  event?: EventInput;
}

/** Registers one asset (same validation as POST /api/v1/assets). Returns its id and code. */
export async function registerAsset(tx: Db, actor: Actor, input: CreateAssetInput, opts: RegisterOptions = {}): Promise<{ id: number; code: string }> {
  const v: CreateAssetValues = CreateAssetInput.parse(input);
  const s = actor.schoolId;
  const settings = await assetsSettingsOf(tx, s);
  const cls = await classByCode(tx, s, v.classCode);
  await checkRefs(tx, s, v);
  const at = opts.at ?? new Date();
  const lowValue = v.lowValue ?? v.unitPriceFen < settings.capitalisationThresholdFen;
  const originalValueFen = v.originalValueFen ?? v.unitPriceFen * v.quantity;
  const values = {
    schoolId: s, name: v.name, classCode: v.classCode, model: v.model ?? null, serialNo: v.serialNo ?? null, unit: v.unit ?? null,
    quantity: v.quantity, unitPriceFen: v.unitPriceFen, originalValueFen, acquiredOn: v.acquiredOn, enteredOn: v.enteredOn ?? v.acquiredOn,
    acquiredWay: v.acquiredWay, status: v.status, lowValue, lifeMonths: lifeMonthsOf(cls), locationId: v.locationId ?? null,
    departmentId: v.departmentId ?? null, custodianId: v.custodianId ?? null, notes: v.notes ?? null, disposedOn: null,
    createdBy: actor.userId, createdAt: at, updatedAt: at,
  };
  const last = await lastRunMonth(tx, s);
  const accumulatedFen = last ? accumulatedAt(values, last) : 0;
  let code = v.code ?? null;
  if (code && await findAssetByCode(tx, s, code)) throw codeTaken(code);
  code ??= (await nextCodes(tx, s, settings.codePattern, [values]))[0];
  let row: AssetRow;
  try {
    [row] = await tx.insert(assets).values({ ...values, code }).returning();
  } catch (e) {
    if (pgErrorCode(e).code === '23505') throw codeTaken(code);
    throw e;
  }
  if (accumulatedFen) await setAccumulated(tx, s, [{ assetId: row.id, fen: accumulatedFen }]);
  if (v.photoIds.length) await attachFiles(tx, actor, { entity: ENTITY, entityId: row.id, slot: 'photo' }, v.photoIds, 'photoIds');
  await addEvents(tx, actor, [{ assetId: row.id, ...(opts.event ?? { kind: 'registered' }) }], at);
  await recordAudit(tx, actor, { entity: ENTITY, entityId: row.id, action: 'create', after: auditView(row) });
  await ensureDepreciationSchedule(tx, s, localDate(at, await schoolTimezone(tx, s)));
  return { id: row.id, code: row.code };
}

async function lockAssets(tx: Db, schoolId: number, ids: number[]): Promise<AssetRow[]> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return [];
  const rows = await tx.select().from(assets).where(and(eq(assets.schoolId, schoolId), inArray(assets.id, wanted))).orderBy(assets.id).for('update');
  if (rows.length !== wanted.length) throw new AppError('notFound', 404);
  return rows;
}

const PLACE_FIELDS = ['locationId', 'departmentId', 'custodianId'] as const;

/** Names for a timeline entry of a move: from and to, as they were at the time. */
async function moveData(tx: Db, schoolId: number, before: Pick<AssetRow, typeof PLACE_FIELDS[number]>[], after: Partial<Record<typeof PLACE_FIELDS[number], number | null>>) {
  const names = await namesOf(tx, schoolId, {
    locations: [...before.map((b) => b.locationId), after.locationId].filter((x): x is number => !!x),
    departments: [...before.map((b) => b.departmentId), after.departmentId].filter((x): x is number => !!x),
    users: [...before.map((b) => b.custodianId), after.custodianId].filter((x): x is number => !!x),
  });
  const label = (f: typeof PLACE_FIELDS[number], id: number | null | undefined) => {
    if (!id) return null;
    if (f === 'locationId') return names.locations.get(id)?.path ?? null;
    if (f === 'departmentId') return names.departments.get(id) ?? null;
    return names.users.get(id) ?? null;
  };
  return (b: Pick<AssetRow, typeof PLACE_FIELDS[number]>) => {
    const data: Record<string, unknown> = {};
    for (const f of PLACE_FIELDS) {
      if (after[f] === undefined || after[f] === b[f]) continue;
      data[f] = { from: b[f], fromName: label(f, b[f]), to: after[f], toName: label(f, after[f]) };
    }
    return data;
  };
}

export interface TransferTo { locationId?: number | null; departmentId?: number | null; custodianId?: number | null; note?: string | null }

/**
 * Moves assets to another place, department or person (what is left out stays). The rows are
 * locked first (two transfers of one asset at once run one after the other); a disposed asset, or
 * one waiting for its disposal, cannot move (409); `version` (one asset) refuses a stale form (409). Each asset gets a
 * 'transferred' event with from/to names and an audit entry. Returns how many moved.
 */
export async function transferAssets(tx: Db, actor: Actor, ids: number[], to: TransferTo, opts: { version?: number; at?: Date; refKind?: string; refId?: number } = {}): Promise<number> {
  const s = actor.schoolId;
  const rows = await lockAssets(tx, s, ids);
  if (opts.version !== undefined && (rows.length !== 1 || rows[0].version !== opts.version)) throw new AppError('conflict', 409);
  for (const r of rows) {
    if (r.status === 'disposed') throw disposedError(r.code);
    // While a disposal is pending the asset stays where the disposal request found it.
    if (r.status === 'pending_disposal') throw new AppError('assets.pendingDisposal', 409, { params: { code: r.code } });
  }
  await checkRefs(tx, s, to);
  const set: Partial<Record<typeof PLACE_FIELDS[number], number | null>> = {};
  for (const f of PLACE_FIELDS) if (to[f] !== undefined) set[f] = to[f] ?? null;
  const moving = rows.filter((r) => PLACE_FIELDS.some((f) => set[f] !== undefined && set[f] !== r[f]));
  if (!moving.length) return 0;
  const at = opts.at ?? new Date();
  await tx.update(assets).set({ ...set, version: sql`${assets.version} + 1`, updatedAt: at })
    .where(and(eq(assets.schoolId, s), inArray(assets.id, moving.map((r) => r.id))));
  const dataOf = await moveData(tx, s, moving, set);
  await addEvents(tx, actor, moving.map((r) => ({ assetId: r.id, kind: 'transferred', note: to.note ?? null, refKind: opts.refKind ?? null, refId: opts.refId ?? null, data: dataOf(r) })), at);
  for (const r of moving) {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const f of PLACE_FIELDS) if (set[f] !== undefined && set[f] !== r[f]) { before[f] = r[f]; after[f] = set[f]; }
    if (to.note) after.note = to.note;
    await recordAudit(tx, actor, { entity: ENTITY, entityId: r.id, action: 'transfer', before, after });
  }
  return moving.length;
}

/**
 * Sets the status of assets (the process part: 维修中 for a damage report, 待报废 then 已处置 for a
 * disposal …). A disposed asset changes no more (409); becoming disposed sets its disposal day
 * (depreciation stops after that month). Each asset that changes gets a 'status' event and an
 * audit entry. Returns how many changed.
 */
export async function setAssetStatus(tx: Db, actor: Actor, ids: number[], status: AssetStatus, opts: { note?: string | null; refKind?: string | null; refId?: number | null; at?: Date } = {}): Promise<number> {
  const s = actor.schoolId;
  const rows = await lockAssets(tx, s, ids);
  for (const r of rows) if (r.status === 'disposed' && status !== 'disposed') throw disposedError(r.code);
  const changing = rows.filter((r) => r.status !== status);
  if (!changing.length) return 0;
  const at = opts.at ?? new Date();
  const disposedOn = status === 'disposed' ? localDate(at, await schoolTimezone(tx, s)) : null;
  await tx.update(assets).set({ status, disposedOn, version: sql`${assets.version} + 1`, updatedAt: at })
    .where(and(eq(assets.schoolId, s), inArray(assets.id, changing.map((r) => r.id))));
  await addEvents(tx, actor, changing.map((r) => ({
    assetId: r.id, kind: 'status', note: opts.note ?? null, refKind: opts.refKind ?? null, refId: opts.refId ?? null, data: { from: r.status, to: status },
  })), at);
  for (const r of changing) {
    await recordAudit(tx, actor, { entity: ENTITY, entityId: r.id, action: 'status', before: { status: r.status }, after: { status, ...(disposedOn ? { disposedOn } : {}), ...(opts.note ? { note: opts.note } : {}), ...(opts.refKind ? { refKind: opts.refKind, refId: opts.refId } : {}) } });
  }
  return changing.length;
}

// ── Edit ──

const CARD_KEYS = ['code', 'name', 'classCode', 'model', 'serialNo', 'unit', 'quantity', 'unitPriceFen', 'originalValueFen', 'acquiredOn', 'enteredOn', 'acquiredWay', 'status', 'lowValue', 'notes'] as const;

/**
 * Edits a card (PATCH /api/v1/assets/:id): `version` must match (409 otherwise), a disposed asset
 * is history (409), 待报废 is left to the disposal process. A new unit price or quantity
 * recomputes the original value unless it is given; a new class takes the class's life; a move
 * of place, department or person is recorded as a transfer.
 */
export async function updateAsset(tx: Db, actor: Actor, id: number, input: UpdateAssetInput, opts: { at?: Date } = {}): Promise<AssetRow> {
  const v = UpdateAssetInput.parse(input);
  const s = actor.schoolId;
  const [a] = await lockAssets(tx, s, [id]);
  if (a.version !== v.version) throw new AppError('conflict', 409);
  if (a.status === 'disposed') throw disposedError(a.code);
  if (v.status !== undefined && v.status !== a.status && a.status === 'pending_disposal') throw new AppError('assets.pendingDisposal', 409, { params: { code: a.code } });
  const settings = await assetsSettingsOf(tx, s);
  const next: Partial<AssetRow> = {};
  for (const k of CARD_KEYS) if (v[k] !== undefined) (next as Record<string, unknown>)[k] = v[k];
  if (v.classCode !== undefined && v.classCode !== a.classCode) next.lifeMonths = lifeMonthsOf(await classByCode(tx, s, v.classCode));
  if (v.enteredOn === null) next.enteredOn = v.acquiredOn ?? a.acquiredOn;
  const unitPriceFen = v.unitPriceFen ?? a.unitPriceFen;
  const quantity = v.quantity ?? a.quantity;
  if (v.originalValueFen == null && (v.unitPriceFen !== undefined || v.quantity !== undefined)) next.originalValueFen = unitPriceFen * quantity;
  if (v.lowValue == null) next.lowValue = v.unitPriceFen !== undefined ? unitPriceFen < settings.capitalisationThresholdFen : a.lowValue;
  if (v.code !== undefined && v.code !== a.code && await findAssetByCode(tx, s, v.code)) throw codeTaken(v.code);
  const merged = { ...a, ...next };

  const moves: Partial<Record<typeof PLACE_FIELDS[number], number | null>> = {};
  for (const f of PLACE_FIELDS) if (v[f] !== undefined && (v[f] ?? null) !== a[f]) moves[f] = v[f] ?? null;
  if (Object.keys(moves).length && a.status === 'pending_disposal') throw new AppError('assets.pendingDisposal', 409, { params: { code: a.code } });
  await checkRefs(tx, s, moves);

  const beforeView = auditView(a);
  const afterView = auditView({ ...merged, ...moves } as AssetRow);
  const changed = Object.keys(afterView).filter((k) => JSON.stringify(afterView[k as keyof typeof afterView]) !== JSON.stringify(beforeView[k as keyof typeof beforeView]));
  const at = opts.at ?? new Date();
  let row = a;
  if (changed.length) {
    try {
      [row] = await tx.update(assets).set({ ...next, ...moves, version: sql`${assets.version} + 1`, updatedAt: at })
        .where(and(eq(assets.schoolId, s), eq(assets.id, id), eq(assets.version, a.version))).returning();
    } catch (e) {
      if (pgErrorCode(e).code === '23505') throw codeTaken(String(v.code));
      throw e;
    }
    if (!row) throw new AppError('conflict', 409);
    // The value, class, dates or low-value flag may have changed: the stored depreciation follows (as of the last run).
    const last = await lastRunMonth(tx, s);
    await setAccumulated(tx, s, [{ assetId: id, fen: last ? accumulatedAt(merged, last) : 0 }]);
  }
  if (v.photoIds !== undefined) await attachFiles(tx, actor, { entity: ENTITY, entityId: id, slot: 'photo' }, v.photoIds, 'photoIds', { replace: true });
  const fieldChanges = changed.filter((k) => !PLACE_FIELDS.includes(k as typeof PLACE_FIELDS[number]));
  const events: ({ assetId: number } & EventInput)[] = [];
  if (fieldChanges.length) {
    events.push({
      assetId: id, kind: fieldChanges.includes('status') && fieldChanges.length === 1 ? 'status' : 'updated',
      data: fieldChanges.includes('status') && fieldChanges.length === 1
        ? { from: a.status, to: row.status }
        : { fields: fieldChanges, before: Object.fromEntries(fieldChanges.map((k) => [k, beforeView[k as keyof typeof beforeView]])), after: Object.fromEntries(fieldChanges.map((k) => [k, afterView[k as keyof typeof afterView]])) },
    });
  }
  if (Object.keys(moves).length) events.push({ assetId: id, kind: 'transferred', data: (await moveData(tx, s, [a], moves))(a) });
  await addEvents(tx, actor, events, at);
  if (changed.length) {
    await recordAudit(tx, actor, {
      entity: ENTITY, entityId: id, action: 'update',
      before: Object.fromEntries(changed.map((k) => [k, beforeView[k as keyof typeof beforeView]])),
      after: Object.fromEntries(changed.map((k) => [k, afterView[k as keyof typeof afterView]])),
    });
  }
  return row;
}
