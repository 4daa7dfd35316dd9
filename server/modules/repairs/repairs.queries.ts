import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { RepairListQuery, RepairOrder, RepairDetail, RepairEvent, RepairItem, RepairSettings, RepairWorker } from '../../../contracts/repairs';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { keyset } from '../../platform/pagination';
import { filesOf } from '../../platform/files';
import { repairOrders, repairEvents } from './repairs.tables';
import { repairSettingsOf, schoolTimezone } from './repairs.settings';
import { zonedTime, startOfNextDay } from './repairs.time';
import { LOCATION_PATH_SQL, subtreeCondition } from './repairs.lookups';
import { allowedActions, seesAll, canSee, ENTITY, type OrderRow } from './repairs.service';
import { REPAIR_WORKER } from './repairs.policy';

/** Who is reading: the schools they may read, themselves, their roles. */
export interface Reader { schoolIds: number[]; userId: number; roles: readonly string[]; timezone?: string }

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const num = (v: unknown) => (v == null ? null : Number(v));
const ids = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);

/** The order columns of a raw row, typed like the table's rows (for the rules in the service). */
function orderOf(r: Raw): OrderRow {
  const d = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    schoolId: Number(r.school_id), id: Number(r.id), code: String(r.code), state: String(r.state), category: String(r.category),
    urgency: String(r.urgency), description: String(r.description), plannedDate: (r.planned_date as string | null) ?? null,
    locationId: Number(r.location_id), buildingId: num(r.building_id), assetId: num(r.asset_id), planId: num(r.plan_id),
    reporterId: Number(r.reporter_id), assigneeId: num(r.assignee_id),
    reportedAt: d(r.reported_at)!, dispatchedAt: d(r.dispatched_at), acceptedAt: d(r.accepted_at), completedAt: d(r.completed_at),
    closedAt: d(r.closed_at), cancelledAt: d(r.cancelled_at), responseDueAt: d(r.response_due_at)!, doneDueAt: d(r.done_due_at)!,
    overdue: Boolean(r.overdue), overdueAt: d(r.overdue_at), hours: num(r.hours), completeNote: (r.complete_note as string | null) ?? null,
    rating: num(r.rating), comment: (r.comment as string | null) ?? null, reopenCount: Number(r.reopen_count ?? 0),
    version: Number(r.version), createdAt: d(r.created_at)!, updatedAt: d(r.updated_at)!,
  };
}

/** Orders with their names, in one statement: the filtered, ordered, limited orders first, then the joins. */
function pageSql(where: SQL, orderBy: SQL, limit: number): SQL {
  return sql`SELECT o.*, o.hours::float8 AS hours, rep.name AS reporter_name, asg.name AS assignee_name, l.name AS location_name,
      ${LOCATION_PATH_SQL('l')} AS location_path
    FROM (SELECT * FROM repair_orders WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) o
    JOIN users rep ON rep.school_id = o.school_id AND rep.id = o.reporter_id
    LEFT JOIN users asg ON asg.school_id = o.school_id AND asg.id = o.assignee_id
    LEFT JOIN locations l ON l.school_id = o.school_id AND l.id = o.location_id`;
}

/** Items and photos of a page of orders: one query each, never one per row. */
async function hydrate(db: Db, rows: Raw[], reader: Reader, now: Date): Promise<RepairOrder[]> {
  if (!rows.length) return [];
  const orderIds = rows.map((r) => Number(r.id));
  const schoolIds = [...new Set(rows.map((r) => Number(r.school_id)))];
  const itemRows = await rowsOf<{ school_id: number; order_id: number; name: string; quantity: string | number; unit: string | null }>(db, sql`
    SELECT school_id, order_id, name, quantity::float8 AS quantity, unit FROM repair_items
    WHERE school_id IN (${ids(schoolIds)}) AND order_id IN (${ids(orderIds)}) ORDER BY school_id, order_id, id`);
  const items = new Map<string, RepairItem[]>();
  for (const it of itemRows) {
    const k = `${it.school_id}:${it.order_id}`;
    items.set(k, [...(items.get(k) ?? []), { name: it.name, quantity: Number(it.quantity), unit: it.unit }]);
  }
  const photos = new Map<string, Awaited<ReturnType<typeof filesOf>> extends Map<number, infer V> ? V : never>();
  const settings = new Map<number, RepairSettings>();
  for (const s of schoolIds) {
    const mine = rows.filter((r) => Number(r.school_id) === s).map((r) => Number(r.id));
    for (const [id, files] of await filesOf(db, s, ENTITY, mine)) photos.set(`${s}:${id}`, files);
    settings.set(s, await repairSettingsOf(db, s));
  }
  return rows.map((r) => {
    const o = orderOf(r);
    const k = `${o.schoolId}:${o.id}`;
    const files = photos.get(k) ?? [];
    const pick = (slot: string) => files.filter((f) => f.slot === slot).map(({ slot: _slot, ...f }) => f);
    return {
      id: o.id, schoolId: o.schoolId, code: o.code, state: o.state as RepairOrder['state'], category: o.category,
      urgency: o.urgency as RepairOrder['urgency'], description: o.description, plannedDate: o.plannedDate,
      locationId: o.locationId, locationName: (r.location_name as string) ?? '', locationPath: (r.location_path as string) ?? '',
      buildingId: o.buildingId, assetId: o.assetId, planId: o.planId,
      reporterId: o.reporterId, reporterName: (r.reporter_name as string) ?? '', assigneeId: o.assigneeId, assigneeName: (r.assignee_name as string | null) ?? null,
      reportedAt: iso(o.reportedAt)!, dispatchedAt: iso(o.dispatchedAt), acceptedAt: iso(o.acceptedAt), completedAt: iso(o.completedAt),
      closedAt: iso(o.closedAt), cancelledAt: iso(o.cancelledAt), responseDueAt: iso(o.responseDueAt)!, doneDueAt: iso(o.doneDueAt)!,
      overdue: o.overdue, hours: o.hours, completeNote: o.completeNote, items: items.get(k) ?? [], rating: o.rating, comment: o.comment,
      reopenCount: o.reopenCount, photos: { report: pick('report'), complete: pick('complete') },
      actions: reader.schoolIds.includes(o.schoolId) ? allowedActions(reader, o, settings.get(o.schoolId)!, now) : [],
      version: o.version, updatedAt: iso(o.updatedAt)!,
    };
  });
}

const T = repairOrders;

/** The filters of the list (and of the log and its exports), as conditions on repair_orders. */
export async function listConditions(db: Db, reader: Reader, q: Partial<RepairListQuery>): Promise<SQL> {
  const conds: (SQL | undefined)[] = [inArray(T.schoolId, reader.schoolIds)];
  // Everyone who does not lead the school's logistics sees only what they reported or were sent.
  if (!seesAll(reader.roles)) conds.push(or(eq(T.reporterId, reader.userId), eq(T.assigneeId, reader.userId)));
  if (q.mine === 'reported') conds.push(eq(T.reporterId, reader.userId));
  if (q.mine === 'assigned') conds.push(eq(T.assigneeId, reader.userId));
  if (q.state?.length) conds.push(q.state.length === 1 ? eq(T.state, q.state[0]) : inArray(T.state, q.state));
  if (q.category) conds.push(eq(T.category, q.category));
  if (q.assigneeId) conds.push(eq(T.assigneeId, q.assigneeId));
  if (q.reporterId) conds.push(eq(T.reporterId, q.reporterId));
  if (q.urgency) conds.push(eq(T.urgency, q.urgency));
  if (q.planId) conds.push(eq(T.planId, q.planId));
  if (q.overdue !== undefined) conds.push(q.overdue ? sql`${T.overdue}` : sql`NOT ${T.overdue}`);
  if (q.locationId) conds.push(await subtreeCondition(db, reader.schoolIds, q.locationId, sql`${T.locationId}`));
  if (q.from || q.to) {
    const tz = reader.timezone ?? await schoolTimezone(db, reader.schoolIds[0]);
    if (q.from) conds.push(sql`${T.reportedAt} >= ${zonedTime(q.from, tz).toISOString()}`);
    if (q.to) conds.push(sql`${T.reportedAt} < ${startOfNextDay(q.to, tz).toISOString()}`);
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(or(sql`${T.code} ILIKE ${like}`, sql`${T.description} ILIKE ${like}`));
  }
  return and(...conds)!;
}

export async function listRepairs(db: Db, reader: Reader, q: RepairListQuery, now: Date) {
  const ks = keyset({ sort: q.sort, defaultSort: '-reportedAt', sorts: { reportedAt: T.reportedAt }, id: T.id, cursor: q.cursor });
  const where = and(await listConditions(db, reader, q), ks.where)!;
  const rows = await rowsOf<Raw>(db, sql`${pageSql(where, sql.join(ks.orderBy, sql`, `), q.limit)} ORDER BY o.reported_at ${sql.raw(q.sort === 'reportedAt' ? 'ASC' : 'DESC')}, o.id ${sql.raw(q.sort === 'reportedAt' ? 'ASC' : 'DESC')}`);
  const items = await hydrate(db, rows, reader, now);
  return { items, nextCursor: ks.next(items.map((x) => ({ id: x.id, reportedAt: x.reportedAt })), q.limit) };
}

/** One order with its timeline; an order the reader may not see is "not found". */
export async function getRepair(db: Db, reader: Reader, id: number, now: Date): Promise<RepairDetail> {
  const rows = await rowsOf<Raw>(db, pageSql(and(inArray(T.schoolId, reader.schoolIds), eq(T.id, id))!, sql`${T.id}`, 1));
  if (!rows.length || !canSee(reader, orderOf(rows[0]))) throw new AppError('notFound', 404);
  const [order] = await hydrate(db, rows, reader, now);
  const events = await db.select().from(repairEvents).where(and(eq(repairEvents.schoolId, order.schoolId), eq(repairEvents.orderId, id))).orderBy(repairEvents.id);
  return {
    ...order,
    events: events.map((e): RepairEvent => ({
      id: e.id, kind: e.kind as RepairEvent['kind'], at: e.at.toISOString(), actorId: e.actorId, actorName: e.actorName,
      fromState: e.fromState as RepairEvent['fromState'], toState: e.toState as RepairEvent['toState'], note: e.note,
      data: (e.data as Record<string, unknown> | null) ?? null,
    })),
  };
}

/** The school's repair workers with how much each has open now (one query). */
export async function listWorkers(db: Db, schoolId: number): Promise<RepairWorker[]> {
  const rows = await rowsOf<{ id: number; name: string; username: string; phone: string | null; open: number }>(db, sql`
    SELECT u.id, u.name, u.username, u.phone,
      (SELECT count(*)::int FROM repair_orders o WHERE o.school_id = u.school_id AND o.assignee_id = u.id AND o.state IN ('dispatched','in_progress','reopened')) AS open
    FROM users u JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id AND r.role = ${REPAIR_WORKER}
    WHERE u.school_id = ${schoolId} AND u.active ORDER BY u.name, u.id`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, username: r.username, phone: r.phone, openCount: Number(r.open) }));
}

