import { and, eq, inArray, sql } from 'drizzle-orm';
import type {
  CreateStocktakeInput, UpdateStocktakeInput, CountInput, SurplusInput, ResolveInput, StocktakeAction, StocktakeState, LineResult,
} from '../../../contracts/assetsProcess';
import { CreateAssetInput } from '../../../contracts/assets';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { attachFiles } from '../../platform/files';
import { notify } from '../../platform/notifications';
import { createTask, completeTasks } from '../../platform/tasks';
import { localDate, zonedTime, upsertSchedule } from '../../platform/schedules';
import { refs } from '../org';
import { getAssetsByIds, findAssetByCode, registerAsset, transferAssets, addAssetEvent, type AssetRow } from './assets.service';
import { stocktakes, stocktakeLocations, stocktakeCounters, stocktakeLines, stocktakeSurplus } from './process.tables';
import { placeInScope, placesInScopeSql } from './process.lookups';
import { addEvent, nextCode, notStaff, schoolTimezone, hasRole } from './process.shared';
import { PROCESS_LEADERS, STOCKTAKE_DECIDERS, ASSET_KEEPERS } from './process.policy';
import { createDisposal } from './disposal.service';

export type StocktakeRow = typeof stocktakes.$inferSelect;
export const STOCKTAKE_ENTITY = 'stocktake';
export const SURPLUS_ENTITY = 'stocktakeSurplus';
export const stocktakeLink = (id: number) => `/assets/stocktakes/${id}`;

/** Who may do what, by state. Anything else is refused (409 for the state, 403 for the person). */
export const STOCKTAKE_TRANSITIONS = {
  start: { from: ['planned'], to: 'counting' },
  endCounting: { from: ['counting'], to: 'reviewing' },
  resumeCounting: { from: ['reviewing'], to: 'counting' },
  close: { from: ['reviewing'], to: 'closed' },
  cancel: { from: ['planned', 'counting'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly StocktakeState[]; to: StocktakeState }>;
type Step = keyof typeof STOCKTAKE_TRANSITIONS;

export const isPlanner = (roles: readonly string[] | undefined) => hasRole(roles, ASSET_KEEPERS);
export const isDecider = (roles: readonly string[] | undefined) => hasRole(roles, STOCKTAKE_DECIDERS);
export const seesAllStocktakes = (roles: readonly string[] | undefined) => hasRole(roles, PROCESS_LEADERS);

/** The buttons this person gets on a stocktake now. */
export function stocktakeActions(who: { roles?: readonly string[] }, st: { state: string }, isCounter: boolean, resolved: number): StocktakeAction[] {
  const out: StocktakeAction[] = [];
  const plan = isPlanner(who.roles);
  const decide = isDecider(who.roles);
  if (st.state === 'planned' && plan) out.push('edit', 'start', 'cancel');
  if (st.state === 'counting') {
    if (isCounter || plan) out.push('count');
    if (plan) out.push('endCounting', 'cancel');
  }
  if (st.state === 'reviewing') {
    if (plan && resolved === 0) out.push('resumeCounting');
    if (decide) out.push('resolve', 'close');
  }
  return out;
}

/**
 * The code a counter scanned or typed: the label's QR holds a URL whose last path segment is the
 * asset code (codes never contain '/', '?', '#', '%'); a bare code is taken as it is.
 */
export function codeFromScan(text: string): string {
  const raw = text.trim();
  let code = raw;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) || raw.startsWith('/')) {
    let path = raw;
    try { path = new URL(raw, 'http://x').pathname; } catch { /* keep the text */ }
    const last = path.split('/').filter(Boolean).pop() ?? '';
    try { code = decodeURIComponent(last); } catch { code = last; }
  }
  return code.trim();
}

async function loadStocktake(tx: Db, schoolId: number, id: number, lock?: 'update' | 'share'): Promise<StocktakeRow> {
  const q = tx.select().from(stocktakes).where(and(eq(stocktakes.schoolId, schoolId), eq(stocktakes.id, id))).limit(1);
  const [row] = lock === 'update' ? await q.for('update') : lock === 'share' ? await q.for('share') : await q;
  if (!row) throw new AppError('notFound', 404);
  return row;
}

async function scopeRoots(tx: Db, st: StocktakeRow): Promise<number[] | null> {
  if (st.scope === 'school') return null;
  const rows = await tx.select({ id: stocktakeLocations.locationId }).from(stocktakeLocations)
    .where(and(eq(stocktakeLocations.schoolId, st.schoolId), eq(stocktakeLocations.stocktakeId, st.id)));
  return rows.map((r) => r.id);
}

export async function isCounterOf(tx: Db, schoolId: number, stocktakeId: number, userId: number | null): Promise<boolean> {
  if (userId === null) return false;
  const [r] = await tx.select({ u: stocktakeCounters.userId }).from(stocktakeCounters)
    .where(and(eq(stocktakeCounters.schoolId, schoolId), eq(stocktakeCounters.stocktakeId, stocktakeId), eq(stocktakeCounters.userId, userId))).limit(1);
  return !!r;
}

function illegal(state: string, action: string) {
  return new AppError('stocktake.illegalState', 409, { params: { state, action } });
}

export function createStocktakeService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function checkScope(tx: Db, s: number, locationIds: number[]) {
    for (const [i, id] of locationIds.entries()) await refs.location(tx, s, id, `locationIds.${i}`);
  }
  async function checkCounters(tx: Db, s: number, counterIds: number[]) {
    const bad = await notStaff(tx, s, counterIds);
    if (bad.length) {
      const i = counterIds.indexOf(bad[0]);
      throw new AppError('stocktake.counterUnknown', 400, { fields: [{ path: `counterIds.${i}`, code: 'stocktake.counterUnknown' }] });
    }
  }
  async function setScope(tx: Db, s: number, id: number, scope: string, locationIds: number[], counterIds: number[]) {
    await tx.delete(stocktakeLocations).where(and(eq(stocktakeLocations.schoolId, s), eq(stocktakeLocations.stocktakeId, id)));
    const locs = scope === 'locations' ? [...new Set(locationIds)] : [];
    if (locs.length) await tx.insert(stocktakeLocations).values(locs.map((locationId) => ({ schoolId: s, stocktakeId: id, locationId })));
    await tx.delete(stocktakeCounters).where(and(eq(stocktakeCounters.schoolId, s), eq(stocktakeCounters.stocktakeId, id)));
    await tx.insert(stocktakeCounters).values([...new Set(counterIds)].map((userId) => ({ schoolId: s, stocktakeId: id, userId })));
  }

  /** A plan: places (or the whole school), counters and a due date. Counting starts with `start`. */
  async function create(tx: Db, actor: Actor, input: CreateStocktakeInput): Promise<number> {
    const s = actor.schoolId;
    if (input.scope === 'locations') await checkScope(tx, s, input.locationIds);
    await checkCounters(tx, s, input.counterIds);
    const now = clock.now();
    const tz = await schoolTimezone(tx, s);
    const code = await nextCode(tx, s, 'PD', Number(localDate(now, tz).slice(0, 4)));
    const [row] = await tx.insert(stocktakes).values({
      schoolId: s, code, name: input.name, state: 'planned', scope: input.scope, dueDate: input.dueDate, note: input.note ?? null,
      createdBy: actor.userId, createdAt: now, updatedAt: now,
    }).returning();
    await setScope(tx, s, row.id, input.scope, input.locationIds, input.counterIds);
    await addEvent(tx, actor, { schoolId: s, entity: 'stocktake', entityId: row.id, kind: 'created', at: now });
    await recordAudit(tx, actor, { entity: STOCKTAKE_ENTITY, entityId: row.id, action: 'create', after: { code, name: input.name, scope: input.scope, locationIds: input.locationIds, counterIds: input.counterIds, dueDate: input.dueDate } });
    return row.id;
  }

  /** Changes a plan before counting starts (version → 409 on a lost update). */
  async function update(tx: Db, actor: Actor, id: number, input: UpdateStocktakeInput): Promise<void> {
    const s = actor.schoolId;
    const st = await loadStocktake(tx, s, id, 'update');
    if (st.state !== 'planned') throw illegal(st.state, 'edit');
    if (input.version !== st.version) throw new AppError('conflict', 409);
    const scope = input.scope ?? st.scope;
    const before = { name: st.name, scope: st.scope, dueDate: st.dueDate, note: st.note, locationIds: (await scopeRoots(tx, st)) ?? [], counterIds: (await tx.select({ u: stocktakeCounters.userId }).from(stocktakeCounters).where(and(eq(stocktakeCounters.schoolId, s), eq(stocktakeCounters.stocktakeId, id)))).map((r) => r.u) };
    const locationIds = input.locationIds ?? before.locationIds;
    const counterIds = input.counterIds ?? before.counterIds;
    if (scope === 'locations') {
      if (!locationIds.length) throw new AppError('stocktake.locationsRequired', 400, { fields: [{ path: 'locationIds', code: 'stocktake.locationsRequired' }] });
      await checkScope(tx, s, locationIds);
    }
    await checkCounters(tx, s, counterIds);
    const now = clock.now();
    await tx.update(stocktakes).set({
      name: input.name ?? st.name, scope, dueDate: input.dueDate ?? st.dueDate, note: input.note !== undefined ? input.note ?? null : st.note,
      version: sql`${stocktakes.version} + 1`, updatedAt: now,
    }).where(and(eq(stocktakes.schoolId, s), eq(stocktakes.id, id)));
    await setScope(tx, s, id, scope, locationIds, counterIds);
    await addEvent(tx, actor, { schoolId: s, entity: 'stocktake', entityId: id, kind: 'edited', at: now });
    await recordAudit(tx, actor, { entity: STOCKTAKE_ENTITY, entityId: id, action: 'update', before, after: { name: input.name ?? st.name, scope, dueDate: input.dueDate ?? st.dueDate, locationIds, counterIds } });
  }

  /** One state change as a conditional UPDATE on (school, id, state): a second click finds no row → 409. */
  async function move(tx: Db, actor: Actor, st: StocktakeRow, step: Step, set: Partial<typeof stocktakes.$inferInsert>, note?: string | null, data?: Record<string, unknown>) {
    const t = STOCKTAKE_TRANSITIONS[step];
    if (!(t.from as readonly string[]).includes(st.state)) throw illegal(st.state, step);
    const now = clock.now();
    const [row] = await tx.update(stocktakes).set({ ...set, state: t.to, version: sql`${stocktakes.version} + 1`, updatedAt: now })
      .where(and(eq(stocktakes.schoolId, st.schoolId), eq(stocktakes.id, st.id), eq(stocktakes.state, st.state))).returning();
    if (!row) throw illegal(st.state, step);
    await addEvent(tx, actor, { schoolId: st.schoolId, entity: 'stocktake', entityId: st.id, kind: step, at: now, note: note ?? null, data: data ?? null });
    await recordAudit(tx, actor, { entity: STOCKTAKE_ENTITY, entityId: st.id, action: step, before: { state: st.state }, after: { state: t.to, ...(note ? { note } : {}), ...(data ?? {}) } });
    return row;
  }

  /** Counting starts: the expected assets (not disposed) of the scope become the stocktake's lines, in code order. */
  async function start(tx: Db, actor: Actor, id: number): Promise<void> {
    const s = actor.schoolId;
    const st = await loadStocktake(tx, s, id, 'update');
    const now = clock.now();
    const roots = await scopeRoots(tx, st);
    await move(tx, actor, st, 'start', { startedAt: now });
    const inserted = await rowsOf<{ n: number }>(tx, sql`
      WITH ins AS (
        INSERT INTO stocktake_lines (school_id, stocktake_id, asset_id, asset_code, asset_name, class_code, model, expected, expected_location_id)
        SELECT a.school_id, ${id}::int, a.id, a.code, a.name, a.class_code, a.model, true, a.location_id
        FROM assets a
        WHERE a.school_id = ${s} AND a.status <> 'disposed'
          ${roots === null ? sql`` : sql`AND a.location_id IN (${placesInScopeSql(s, roots)})`}
        ORDER BY a.code, a.id
        RETURNING 1)
      SELECT count(*)::int AS n FROM ins`);
    const expected = Number(inserted[0]?.n ?? 0);
    const counters = await tx.select({ u: stocktakeCounters.userId }).from(stocktakeCounters).where(and(eq(stocktakeCounters.schoolId, s), eq(stocktakeCounters.stocktakeId, id)));
    const params = { code: st.code, name: st.name, count: expected };
    await notify(tx, { schoolId: s, userIds: counters.map((c) => c.u), kind: 'stocktake.notify.started', params, link: `${stocktakeLink(id)}/count`, entity: STOCKTAKE_ENTITY, entityId: id });
    const tz = await schoolTimezone(tx, s);
    const dueAt = new Date(Math.max(now.getTime(), zonedTime(st.dueDate, '23:59', tz).getTime()));
    for (const c of counters) {
      await createTask(tx, { schoolId: s, module: 'assets', kind: 'stocktake.task.count', params, entity: STOCKTAKE_ENTITY, entityId: id, assigneeId: c.u, dueAt, link: `${stocktakeLink(id)}/count` });
    }
    await addEvent(tx, null, { schoolId: s, entity: 'stocktake', entityId: id, kind: 'snapshot', at: now, data: { expected } });
  }

  /** Counting ends: what nobody found is missing (盘亏). */
  async function endCounting(tx: Db, actor: Actor, id: number): Promise<void> {
    const s = actor.schoolId;
    const st = await loadStocktake(tx, s, id, 'update');
    const now = clock.now();
    await move(tx, actor, st, 'endCounting', { countingEndedAt: now });
    const missing = await tx.update(stocktakeLines).set({ result: 'missing', version: sql`${stocktakeLines.version} + 1` })
      .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), eq(stocktakeLines.result, 'pending'))).returning({ id: stocktakeLines.id });
    await completeTasks(tx, s, STOCKTAKE_ENTITY, id, 'stocktake.task.count');
    const deciders = await rowsOf<{ id: number }>(tx, sql`SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id
      WHERE u.school_id = ${s} AND u.active AND r.role = 'director'`);
    const params = { code: st.code, name: st.name, missing: missing.length };
    await notify(tx, { schoolId: s, userIds: deciders.map((d) => Number(d.id)), kind: 'stocktake.notify.review', params, link: stocktakeLink(id), entity: STOCKTAKE_ENTITY, entityId: id });
    await createTask(tx, { schoolId: s, module: 'assets', kind: 'stocktake.task.review', params, entity: STOCKTAKE_ENTITY, entityId: id, assigneeId: null, role: 'director', dueAt: new Date(now.getTime() + 7 * 86_400_000), link: stocktakeLink(id) });
  }

  /** Counting ended too early: back to counting while nothing is resolved yet (missing → not yet counted). */
  async function resumeCounting(tx: Db, actor: Actor, id: number): Promise<void> {
    const s = actor.schoolId;
    const st = await loadStocktake(tx, s, id, 'update');
    const [resolved] = await rowsOf<{ n: number }>(tx, sql`SELECT (SELECT count(*) FROM stocktake_lines WHERE school_id = ${s} AND stocktake_id = ${id} AND resolution IS NOT NULL)
      + (SELECT count(*) FROM stocktake_surplus WHERE school_id = ${s} AND stocktake_id = ${id} AND resolution IS NOT NULL) AS n`);
    if (Number(resolved.n) > 0) throw new AppError('stocktake.alreadyResolving', 409);
    await move(tx, actor, st, 'resumeCounting', { countingEndedAt: null });
    await tx.update(stocktakeLines).set({ result: 'pending', version: sql`${stocktakeLines.version} + 1` })
      .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), eq(stocktakeLines.result, 'missing')));
    await completeTasks(tx, s, STOCKTAKE_ENTITY, id, 'stocktake.task.review');
  }

  async function cancel(tx: Db, actor: Actor, id: number, reason: string): Promise<void> {
    const s = actor.schoolId;
    const st = await loadStocktake(tx, s, id, 'update');
    await move(tx, actor, st, 'cancel', {}, reason);
    await completeTasks(tx, s, STOCKTAKE_ENTITY, id);
  }

  /**
   * The stocktake for a count: open for counting (a shared lock — many counters at once, while ending
   * the count waits for them), and this person a counter (or a keeper).
   */
  async function forCounting(tx: Db, actor: Actor, id: number): Promise<StocktakeRow> {
    const st = await loadStocktake(tx, actor.schoolId, id, 'share');
    if (!isPlanner(actor.roles) && !await isCounterOf(tx, actor.schoolId, id, actor.userId)) {
      if (!seesAllStocktakes(actor.roles)) throw new AppError('notFound', 404);
      throw new AppError('stocktake.notCounter', 403);
    }
    if (st.state !== 'counting') throw illegal(st.state, 'count');
    return st;
  }

  /** Every change of a line: the count log (the report's counters, the line's history) and the audit trail. */
  async function logCount(tx: Db, actor: Actor, id: number, assetId: number, action: 'count' | 'uncount', locationId: number | null, result: LineResult, at: Date) {
    await tx.execute(sql`INSERT INTO stocktake_counts (school_id, stocktake_id, asset_id, action, location_id, result, user_id, at)
      VALUES (${actor.schoolId}, ${id}, ${assetId}, ${action}, ${locationId}, ${result}, ${actor.userId}, ${at.toISOString()})`);
    await recordAudit(tx, actor, { entity: STOCKTAKE_ENTITY, entityId: id, action, after: { assetId, locationId, result } });
  }

  /**
   * A tick or a scan: "this asset is here". One statement per (stocktake, asset): a line that says the
   * same already is left alone (two counters, one count, no error); a line that says otherwise is
   * changed under its row lock; an asset of the register not on the list gets its line (found in scope
   * from elsewhere). Returns the line id and whether anything changed.
   */
  async function count(tx: Db, actor: Actor, id: number, input: CountInput): Promise<{ lineId: number; changed: boolean }> {
    const s = actor.schoolId;
    const st = await forCounting(tx, actor, id);
    const roots = await scopeRoots(tx, st);
    if (!await placeInScope(tx, s, roots, input.locationId)) {
      throw new AppError('stocktake.roomOutOfScope', 400, { fields: [{ path: 'locationId', code: 'stocktake.roomOutOfScope' }] });
    }
    let asset: AssetRow | undefined;
    if (input.assetId !== undefined) {
      [asset] = await getAssetsByIds(tx, s, [input.assetId]);
    } else {
      const code = codeFromScan(input.code!);
      asset = code ? await findAssetByCode(tx, s, code) : undefined;
      if (!asset) throw new AppError('stocktake.assetUnknown', 400, { params: { code: code.slice(0, 60) }, fields: [{ path: 'code', code: 'stocktake.assetUnknown', params: { code: code.slice(0, 60) } }] });
    }
    if (!asset) throw new AppError('stocktake.assetUnknown', 400, { params: { code: String(input.assetId) }, fields: [{ path: 'assetId', code: 'stocktake.assetUnknown', params: { code: String(input.assetId) } }] });
    if (asset.status === 'disposed') throw new AppError('stocktake.assetDisposed', 409, { params: { code: asset.code } });
    const result: LineResult = asset.locationId === input.locationId ? 'found' : 'wrong_place';
    const now = clock.now();
    const rows = await rowsOf<{ id: number }>(tx, sql`
      INSERT INTO stocktake_lines AS l (school_id, stocktake_id, asset_id, asset_code, asset_name, class_code, model, expected, expected_location_id,
        result, found_location_id, counted_by, counted_at)
      VALUES (${s}, ${id}, ${asset.id}, ${asset.code}, ${asset.name}, ${asset.classCode ?? null}, ${asset.model ?? null}, false, ${asset.locationId ?? null},
        ${result}, ${input.locationId}, ${actor.userId}, ${now.toISOString()})
      ON CONFLICT (school_id, stocktake_id, asset_id) DO UPDATE
        SET result = EXCLUDED.result, found_location_id = EXCLUDED.found_location_id, counted_by = EXCLUDED.counted_by,
            counted_at = EXCLUDED.counted_at, version = l.version + 1
        WHERE l.result = 'pending' OR l.found_location_id IS DISTINCT FROM EXCLUDED.found_location_id OR l.result <> EXCLUDED.result
      RETURNING l.id`);
    if (rows.length) {
      await logCount(tx, actor, id, asset.id, 'count', input.locationId, result, now);
      return { lineId: Number(rows[0].id), changed: true };
    }
    const [line] = await tx.select({ id: stocktakeLines.id }).from(stocktakeLines)
      .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), eq(stocktakeLines.assetId, asset.id)));
    return { lineId: line.id, changed: false };
  }

  /** Untick: an expected line goes back to "not yet counted"; a line made by a count goes away. */
  async function uncount(tx: Db, actor: Actor, id: number, assetId: number): Promise<{ lineId: number | null; changed: boolean }> {
    const s = actor.schoolId;
    await forCounting(tx, actor, id);
    const now = clock.now();
    const reset = await tx.update(stocktakeLines).set({ result: 'pending', foundLocationId: null, countedBy: null, countedAt: null, version: sql`${stocktakeLines.version} + 1` })
      .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), eq(stocktakeLines.assetId, assetId), eq(stocktakeLines.expected, true), sql`${stocktakeLines.result} <> 'pending'`))
      .returning({ id: stocktakeLines.id });
    const gone = reset.length ? [] : await tx.delete(stocktakeLines)
      .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), eq(stocktakeLines.assetId, assetId), eq(stocktakeLines.expected, false)))
      .returning({ id: stocktakeLines.id });
    const changed = reset.length + gone.length > 0;
    if (changed) await logCount(tx, actor, id, assetId, 'uncount', null, 'pending', now);
    if (reset.length) return { lineId: reset[0].id, changed };
    if (gone.length) return { lineId: null, changed };
    const [line] = await tx.select({ id: stocktakeLines.id }).from(stocktakeLines)
      .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), eq(stocktakeLines.assetId, assetId)));
    return { lineId: line?.id ?? null, changed: false };
  }

  /** 盘盈: something found in a room that is not on the register, with a photo. */
  async function addSurplus(tx: Db, actor: Actor, id: number, input: SurplusInput): Promise<number> {
    const s = actor.schoolId;
    const st = await forCounting(tx, actor, id);
    if (!await placeInScope(tx, s, await scopeRoots(tx, st), input.locationId)) {
      throw new AppError('stocktake.roomOutOfScope', 400, { fields: [{ path: 'locationId', code: 'stocktake.roomOutOfScope' }] });
    }
    const now = clock.now();
    const [row] = await tx.insert(stocktakeSurplus).values({
      schoolId: s, stocktakeId: id, name: input.name, description: input.description ?? null, locationId: input.locationId, foundBy: actor.userId, foundAt: now,
    }).returning({ id: stocktakeSurplus.id });
    await attachFiles(tx, actor, { entity: SURPLUS_ENTITY, entityId: row.id, slot: 'photo' }, input.photoIds, 'photoIds');
    await addEvent(tx, actor, { schoolId: s, entity: 'stocktake', entityId: id, kind: 'surplus', at: now, note: input.name, data: { surplusId: row.id, locationId: input.locationId } });
    await recordAudit(tx, actor, { entity: SURPLUS_ENTITY, entityId: row.id, action: 'create', after: { stocktakeId: id, name: input.name, description: input.description ?? null, locationId: input.locationId, photoIds: input.photoIds } });
    return row.id;
  }

  /**
   * The director's decision on differences. Lines are claimed first with a conditional UPDATE
   * (resolution still empty, the right kind of difference): a double click or two directors at once
   * claim nothing the second time → 409, and no side effect runs twice.
   */
  async function resolve(tx: Db, actor: Actor, id: number, input: ResolveInput): Promise<{ resolved: number; disposalId: number | null; assetId: number | null }> {
    const s = actor.schoolId;
    const st = await loadStocktake(tx, s, id, 'share');
    if (st.state !== 'reviewing') throw illegal(st.state, 'resolve');
    const lineIds = [...new Set(input.lineIds)];
    const surplusIds = [...new Set(input.surplusIds)];
    const r = input.resolution;
    if ((r === 'move' || r === 'write_off') && surplusIds.length) throw new AppError('stocktake.resolutionNotFor', 400, { params: { resolution: r }, fields: [{ path: 'surplusIds', code: 'stocktake.resolutionNotFor', params: { resolution: r } }] });
    if (r === 'register' && (lineIds.length || surplusIds.length !== 1)) throw new AppError('stocktake.registerOne', 400, { fields: [{ path: 'surplusIds', code: 'stocktake.registerOne' }] });
    const allowed: LineResult[] = r === 'move' ? ['wrong_place'] : r === 'write_off' ? ['missing'] : ['wrong_place', 'missing'];
    const now = clock.now();
    const note = input.note ?? null;

    let claimed: { id: number; assetId: number; foundLocationId: number | null; assetCode: string }[] = [];
    if (lineIds.length) {
      claimed = await tx.update(stocktakeLines).set({ resolution: r, resolutionNote: note, resolvedBy: actor.userId, resolvedAt: now, version: sql`${stocktakeLines.version} + 1` })
        .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), inArray(stocktakeLines.id, lineIds),
          sql`${stocktakeLines.resolution} IS NULL`, inArray(stocktakeLines.result, allowed)))
        .returning({ id: stocktakeLines.id, assetId: stocktakeLines.assetId, foundLocationId: stocktakeLines.foundLocationId, assetCode: stocktakeLines.assetCode });
      if (claimed.length !== lineIds.length) throw await whyNot(tx, s, id, lineIds, allowed, r);
    }
    let surplus: { id: number; name: string; locationId: number }[] = [];
    if (surplusIds.length) {
      surplus = await tx.update(stocktakeSurplus).set({ resolution: r as 'register' | 'accept', resolutionNote: note, resolvedBy: actor.userId, resolvedAt: now })
        .where(and(eq(stocktakeSurplus.schoolId, s), eq(stocktakeSurplus.stocktakeId, id), inArray(stocktakeSurplus.id, surplusIds), sql`${stocktakeSurplus.resolution} IS NULL`))
        .returning({ id: stocktakeSurplus.id, name: stocktakeSurplus.name, locationId: stocktakeSurplus.locationId });
      if (surplus.length !== surplusIds.length) {
        const known = await tx.select({ id: stocktakeSurplus.id }).from(stocktakeSurplus).where(and(eq(stocktakeSurplus.schoolId, s), eq(stocktakeSurplus.stocktakeId, id), inArray(stocktakeSurplus.id, surplusIds)));
        if (known.length !== surplusIds.length) throw new AppError('stocktake.differenceUnknown', 400, { fields: [{ path: 'surplusIds', code: 'stocktake.differenceUnknown' }] });
        throw new AppError('stocktake.alreadyResolved', 409);
      }
    }

    let disposalId: number | null = null;
    let assetId: number | null = null;
    switch (r) {
      case 'move': {
        // One transfer per room found: the register keeps the history.
        const byRoom = new Map<number, number[]>();
        for (const l of claimed) byRoom.set(l.foundLocationId!, [...(byRoom.get(l.foundLocationId!) ?? []), l.assetId]);
        for (const [room, ids] of byRoom) await transferAssets(tx, actor, ids, { locationId: room, note: note ?? `盘点 ${st.code} 位置不符，按实际位置调整` }, { at: now, refKind: 'stocktake', refId: id });
        break;
      }
      case 'write_off': {
        disposalId = await createDisposal(tx, actor, {
          assetIds: claimed.map((l) => l.assetId), way: 'scrap', attachmentIds: [],
          reason: note ? `盘点 ${st.code} 盘亏核销：${note}` : `盘点 ${st.code} 盘亏核销`,
        }, clock, { stocktakeId: id });
        await tx.update(stocktakeLines).set({ disposalId })
          .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), inArray(stocktakeLines.id, claimed.map((l) => l.id))));
        break;
      }
      case 'register': {
        const item = surplus[0];
        const parsed = CreateAssetInput.safeParse({ name: item.name, locationId: item.locationId, ...input.asset });
        if (!parsed.success) {
          throw new AppError('validation', 400, { fields: parsed.error.issues.map((i) => ({ path: ['asset', ...i.path.map(String)].join('.'), code: 'stocktake.assetInvalid', params: { message: i.message } })) });
        }
        let created: { id: number; code: string };
        try {
          created = await registerAsset(tx, actor, parsed.data, { at: now, event: { kind: 'stocktake', note: `盘点 ${st.code} 盘盈登记`, refKind: 'stocktake', refId: id } });
        } catch (e) {
          if (e instanceof AppError && e.details.fields) {
            throw new AppError(e.code, e.status, { ...e.details, fields: e.details.fields.map((f) => ({ ...f, path: `asset.${f.path}` })) });
          }
          if (pgErrorCode(e).code === '23505') throw new AppError('stocktake.codeTaken', 409);
          throw e;
        }
        assetId = created.id;
        await tx.update(stocktakeSurplus).set({ registeredAssetId: created.id, registeredAssetCode: created.code })
          .where(and(eq(stocktakeSurplus.schoolId, s), eq(stocktakeSurplus.id, item.id)));
        break;
      }
      case 'accept':
        for (const l of claimed) await addAssetEvent(tx, actor, l.assetId, { kind: 'stocktake', note: `盘点 ${st.code}：${note}`, refKind: 'stocktake', refId: id, at: now });
        break;
    }
    await addEvent(tx, actor, {
      schoolId: s, entity: 'stocktake', entityId: id, kind: 'resolved', at: now, note,
      data: { resolution: r, assets: claimed.map((l) => l.assetCode), surplus: surplus.map((x) => x.name), disposalId, assetId },
    });
    await recordAudit(tx, actor, {
      entity: STOCKTAKE_ENTITY, entityId: id, action: 'resolve',
      after: { resolution: r, lineIds: claimed.map((l) => l.id), surplusIds: surplus.map((x) => x.id), note, disposalId, assetId },
    });
    return { resolved: claimed.length + surplus.length, disposalId, assetId };
  }

  async function whyNot(tx: Db, s: number, id: number, lineIds: number[], allowed: LineResult[], r: string): Promise<AppError> {
    const rows = await tx.select({ id: stocktakeLines.id, result: stocktakeLines.result, resolution: stocktakeLines.resolution }).from(stocktakeLines)
      .where(and(eq(stocktakeLines.schoolId, s), eq(stocktakeLines.stocktakeId, id), inArray(stocktakeLines.id, lineIds)));
    if (rows.length !== lineIds.length) return new AppError('stocktake.differenceUnknown', 400, { fields: [{ path: 'lineIds', code: 'stocktake.differenceUnknown' }] });
    if (rows.some((x) => !allowed.includes(x.result as LineResult))) return new AppError('stocktake.resolutionNotFor', 400, { params: { resolution: r }, fields: [{ path: 'lineIds', code: 'stocktake.resolutionNotFor', params: { resolution: r } }] });
    return new AppError('stocktake.alreadyResolved', 409);
  }

  /** Closing: refused while a difference is open; then the report is frozen as it stands. */
  async function close(tx: Db, actor: Actor, id: number, freeze: (tx: Db) => Promise<Record<string, unknown>>): Promise<void> {
    const s = actor.schoolId;
    const st = await loadStocktake(tx, s, id, 'update');
    if (st.state !== 'reviewing') throw illegal(st.state, 'close');
    const [open] = await rowsOf<{ n: number }>(tx, sql`SELECT
      (SELECT count(*) FROM stocktake_lines WHERE school_id = ${s} AND stocktake_id = ${id} AND result IN ('wrong_place', 'missing') AND resolution IS NULL)
      + (SELECT count(*) FROM stocktake_surplus WHERE school_id = ${s} AND stocktake_id = ${id} AND resolution IS NULL) AS n`);
    if (Number(open.n) > 0) throw new AppError('stocktake.openDifferences', 409, { params: { count: Number(open.n) } });
    const now = clock.now();
    await move(tx, actor, st, 'close', { closedAt: now, closedBy: actor.userId });
    const report = await freeze(tx);
    await tx.update(stocktakes).set({ report }).where(and(eq(stocktakes.schoolId, s), eq(stocktakes.id, id)));
    await completeTasks(tx, s, STOCKTAKE_ENTITY, id);
    await completeTasks(tx, s, YEARLY_ENTITY, s);
  }

  return { create, update, start, endCounting, resumeCounting, cancel, count, uncount, addSurplus, resolve, close };
}

export type StocktakeService = ReturnType<typeof createStocktakeService>;

/* ───────────── The yearly stocktake (RULES.md: at least once a year) ───────────── */

export const STOCKTAKE_SCHEDULE_OWNER = 'assets.stocktake';
export const YEARLY_ENTITY = 'assets.stocktakeYearly';

/**
 * A school's monthly look (schedule owner 'assets.stocktake', owner id = the school): when the school
 * has assets and no stocktake was closed in the year before, the director gets a task (once, until done).
 */
export async function yearlyStocktakeCheck(tx: Db, due: { schoolId: number; dueAt: Date }): Promise<boolean> {
  const s = due.schoolId;
  const yearAgo = new Date(due.dueAt.getTime() - 365 * 86_400_000);
  const [r] = await rowsOf<{ assets: number; closed: number; open_task: number; last: string | Date | null }>(tx, sql`SELECT
      (SELECT count(*) FROM (SELECT 1 FROM assets WHERE school_id = ${s} AND status <> 'disposed' LIMIT 1) a)::int AS assets,
      (SELECT count(*) FROM stocktakes WHERE school_id = ${s} AND state = 'closed' AND closed_at > ${yearAgo.toISOString()})::int AS closed,
      (SELECT count(*) FROM tasks WHERE school_id = ${s} AND entity = ${YEARLY_ENTITY} AND entity_id = ${s} AND state = 'open')::int AS open_task,
      (SELECT max(closed_at) FROM stocktakes WHERE school_id = ${s} AND state = 'closed') AS last`);
  if (!r.assets || r.closed || r.open_task) return false;
  const tz = await schoolTimezone(tx, s);
  const last = r.last ? localDate(new Date(r.last), tz) : '—';
  const params = { last };
  await createTask(tx, { schoolId: s, module: 'assets', kind: 'stocktake.task.yearly', params, entity: YEARLY_ENTITY, entityId: s, assigneeId: null, role: 'director', dueAt: new Date(due.dueAt.getTime() + 30 * 86_400_000), link: '/assets/stocktakes' });
  const directors = await rowsOf<{ id: number }>(tx, sql`SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id
    WHERE u.school_id = ${s} AND u.active AND r.role = 'director'`);
  await notify(tx, { schoolId: s, userIds: directors.map((d) => Number(d.id)), kind: 'stocktake.notify.yearly', params, link: '/assets/stocktakes' });
  return true;
}


/**
 * Every school gets its yearly-stocktake look (a monthly schedule on the 1st at 08:00): schools made
 * after the demo or by an administrator are picked up by the job that calls this.
 */
export async function ensureStocktakeSchedules(db: Db, clock: Clock, opts: { schoolId?: number } = {}): Promise<number> {
  const missing = await rowsOf<{ id: number; timezone: string }>(db, sql`SELECT s.id, s.timezone FROM schools s
    WHERE s.kind = 'school' AND s.active ${opts.schoolId !== undefined ? sql`AND s.id = ${opts.schoolId}` : sql``}
      AND NOT EXISTS (SELECT 1 FROM schedules x WHERE x.school_id = s.id AND x.owner = ${STOCKTAKE_SCHEDULE_OWNER})
    ORDER BY s.id LIMIT 500`);
  for (const s of missing) {
    await db.transaction(async (t) => {
      await upsertSchedule(t as unknown as Db, {
        schoolId: Number(s.id), owner: STOCKTAKE_SCHEDULE_OWNER, ownerId: Number(s.id), active: true,
        rule: { freq: 'monthly', monthDay: 1, time: '08:00', startsOn: localDate(clock.now(), s.timezone ?? 'Asia/Shanghai') },
      });
    });
  }
  return missing.length;
}
