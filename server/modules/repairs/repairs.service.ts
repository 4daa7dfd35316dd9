import { and, eq, sql } from 'drizzle-orm';
import type {
  CreateRepairInput, DispatchInput, AcceptInput, CompleteInput, ConfirmInput, ReopenInput, CancelInput,
  RepairAction, RepairState, RepairSettings, RepairEventKind,
} from '../../../contracts/repairs';
import type { Role } from '../../../contracts/auth';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { attachFiles } from '../../platform/files';
import { notify } from '../../platform/notifications';
import { createTask, completeTasks } from '../../platform/tasks';
import { refs, usersWithRole } from '../org';
import { repairOrders, repairEvents, repairItems, repairRules, repairCodeCounters } from './repairs.tables';
import { repairSettingsOf, schoolTimezone, deadlines, categoryLabel } from './repairs.settings';
import { localDate } from './repairs.time';
import { REPAIR_LEADERS, REPAIR_DISPATCHERS, REPAIR_WORKER } from './repairs.policy';
import { locationLabel } from './repairs.lookups';

export interface RepairDeps { db?: Db; clock: Clock }
export type OrderRow = typeof repairOrders.$inferSelect;

export const ENTITY = 'repair';
export const linkOf = (id: number) => `/repairs/${id}`;

/** Who may take a step: the dispatcher (director/admin), the worker it is assigned to, the person who reported it. */
type Who = 'dispatcher' | 'assignee' | 'reporter' | 'reporterOrDispatcher';

/**
 * The state machine, in one table. Anything not listed is illegal (409, nothing changes).
 * `reopened` goes back to the same worker, who accepts again (or the director sends someone else).
 */
export const TRANSITIONS: Record<RepairAction, { from: readonly RepairState[]; to: RepairState; who: Who }> = {
  dispatch: { from: ['reported', 'reopened'], to: 'dispatched', who: 'dispatcher' },
  accept: { from: ['dispatched', 'reopened'], to: 'in_progress', who: 'assignee' },
  complete: { from: ['in_progress'], to: 'completed', who: 'assignee' },
  confirm: { from: ['completed'], to: 'closed', who: 'reporter' },
  reopen: { from: ['completed', 'closed'], to: 'reopened', who: 'reporter' },
  cancel: { from: ['reported', 'dispatched'], to: 'cancelled', who: 'reporterOrDispatcher' },
};
/** What the system does by itself (the sweep): not open to any person. */
export const SYSTEM_TRANSITIONS = { autoClose: { from: ['completed'] as const, to: 'closed' as const } };

const hasAny = (roles: readonly string[] | undefined, wanted: readonly Role[]) => !!roles?.some((r) => wanted.includes(r as Role));
export const seesAll = (roles: readonly string[] | undefined) => hasAny(roles, REPAIR_LEADERS);

/** A person sees an order when they lead the school's logistics, reported it, or were sent to it. */
export function canSee(actor: { userId: number | null; roles?: readonly string[] }, o: Pick<OrderRow, 'reporterId' | 'assigneeId'>): boolean {
  return seesAll(actor.roles) || o.reporterId === actor.userId || (o.assigneeId !== null && o.assigneeId === actor.userId);
}

function isWho(actor: { userId: number | null; roles?: readonly string[] }, o: Pick<OrderRow, 'reporterId' | 'assigneeId'>, who: Who): boolean {
  const dispatcher = hasAny(actor.roles, REPAIR_DISPATCHERS);
  switch (who) {
    case 'dispatcher': return dispatcher;
    case 'assignee': return hasAny(actor.roles, [REPAIR_WORKER]) && o.assigneeId !== null && o.assigneeId === actor.userId;
    case 'reporter': return o.reporterId === actor.userId;
    case 'reporterOrDispatcher': return dispatcher || o.reporterId === actor.userId;
  }
}

function withinReopen(o: Pick<OrderRow, 'completedAt'>, settings: RepairSettings, now: Date) {
  return !!o.completedAt && now.getTime() - o.completedAt.getTime() <= settings.reopenDays * 86_400_000;
}

/** The steps this person may take on this order now (the web shows exactly these buttons). */
export function allowedActions(actor: { userId: number | null; roles?: readonly string[] }, o: Pick<OrderRow, 'state' | 'reporterId' | 'assigneeId' | 'completedAt'>, settings: RepairSettings, now: Date): RepairAction[] {
  const out: RepairAction[] = [];
  for (const [action, t] of Object.entries(TRANSITIONS) as [RepairAction, (typeof TRANSITIONS)[RepairAction]][]) {
    if (!t.from.includes(o.state as RepairState) || !isWho(actor, o, t.who)) continue;
    if (action === 'reopen' && !withinReopen(o, settings, now)) continue;
    out.push(action);
  }
  return out;
}

/** The next code of the day for the school: WX20261122-0001 (the counter row's lock orders concurrent reports). */
async function nextCode(tx: Db, schoolId: number, day: string): Promise<string> {
  const compact = day.replace(/-/g, '');
  const [row] = await tx.insert(repairCodeCounters).values({ schoolId, day: compact, last: 1 })
    .onConflictDoUpdate({ target: [repairCodeCounters.schoolId, repairCodeCounters.day], set: { last: sql`${repairCodeCounters.last} + 1` } })
    .returning({ last: repairCodeCounters.last });
  return `WX${compact}-${String(row.last).padStart(4, '0')}`;
}

/** Is this person an active repair worker of the school? */
export async function isRepairWorker(tx: Db, schoolId: number, userId: number): Promise<boolean> {
  const rows = await rowsOf<{ ok: number }>(tx, sql`SELECT 1 AS ok FROM users u JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id AND r.role = ${REPAIR_WORKER}
    WHERE u.school_id = ${schoolId} AND u.id = ${userId} AND u.active LIMIT 1`);
  return rows.length > 0;
}

async function addEvent(tx: Db, schoolId: number, e: { orderId: number; kind: RepairEventKind; at: Date; actor: Actor | null; from: RepairState | null; to: RepairState | null; note?: string | null; data?: Record<string, unknown> | null }) {
  await tx.insert(repairEvents).values({
    schoolId, orderId: e.orderId, kind: e.kind, at: e.at, actorId: e.actor?.userId ?? null, actorName: e.actor?.name ?? null,
    fromState: e.from, toState: e.to, note: e.note ?? null, data: e.data ?? null,
  });
}

async function userName(tx: Db, schoolId: number, userId: number): Promise<string> {
  const [r] = await rowsOf<{ name: string }>(tx, sql`SELECT name FROM users WHERE school_id = ${schoolId} AND id = ${userId}`);
  return r?.name ?? '';
}

/** Words a notification or task shows about an order: code, place, category. */
async function orderParams(tx: Db, o: OrderRow, settings: RepairSettings) {
  return { code: o.code, location: await locationLabel(tx, o.schoolId, o.locationId), category: categoryLabel(settings, o.category) };
}

export const SYSTEM_ACTOR = (schoolId: number): Actor => ({ schoolId, userId: null, name: 'system', ip: null });

/** Sends the order to a worker: the worker is told and gets a task to accept it by the response deadline. */
async function afterDispatch(tx: Db, o: OrderRow, settings: RepairSettings) {
  const params = await orderParams(tx, o, settings);
  await completeTasks(tx, o.schoolId, ENTITY, o.id, 'repairs.task.dispatch');
  await completeTasks(tx, o.schoolId, ENTITY, o.id, 'repairs.task.accept');
  await notify(tx, { schoolId: o.schoolId, userIds: [o.assigneeId!], kind: 'repairs.notify.dispatched', params, link: linkOf(o.id), entity: ENTITY, entityId: o.id });
  await createTask(tx, { schoolId: o.schoolId, module: 'repairs', kind: 'repairs.task.accept', params, entity: ENTITY, entityId: o.id, assigneeId: o.assigneeId, dueAt: o.responseDueAt, link: linkOf(o.id), escalate: false });
}

export function createRepairService(deps: RepairDeps) {
  const { clock } = deps;

  async function loadOrder(tx: Db, schoolId: number, id: number): Promise<OrderRow> {
    const [o] = await tx.select().from(repairOrders).where(and(eq(repairOrders.schoolId, schoolId), eq(repairOrders.id, id))).limit(1);
    if (!o) throw new AppError('notFound', 404);
    return o;
  }

  /** Reports a fault: anyone with an account in the school. Auto-dispatched when a category rule names a worker. */
  async function createRepair(tx: Db, actor: Actor, input: CreateRepairInput, opts: { planId?: number; assigneeId?: number | null; at?: Date } = {}): Promise<number> {
    const s = actor.schoolId;
    const settings = await repairSettingsOf(tx, s);
    const cat = settings.categories.find((c) => c.code === input.category && c.active);
    if (!cat) throw new AppError('repairs.categoryUnknown', 400, { params: { value: input.category }, fields: [{ path: 'category', code: 'repairs.categoryUnknown', params: { value: input.category } }] });
    if (input.urgency === 'planned' && !input.plannedDate) throw new AppError('repairs.plannedDateRequired', 400, { fields: [{ path: 'plannedDate', code: 'repairs.plannedDateRequired' }] });
    const loc = await refs.location(tx, s, input.locationId, 'locationId');
    if (loc.active === false) throw new AppError('repairs.locationMissing', 400, { fields: [{ path: 'locationId', code: 'repairs.locationMissing' }] });
    const tz = await schoolTimezone(tx, s);
    const now = opts.at ?? clock.now();
    const due = deadlines(settings, input.urgency, now, input.plannedDate, tz);
    const code = await nextCode(tx, s, localDate(now, tz));
    const [o] = await tx.insert(repairOrders).values({
      schoolId: s, code, state: 'reported', category: input.category, urgency: input.urgency, description: input.description,
      plannedDate: input.urgency === 'planned' ? input.plannedDate ?? null : null,
      locationId: input.locationId, buildingId: (loc.buildingId as number | null) ?? null, assetId: input.assetId ?? null,
      planId: opts.planId ?? null, reporterId: actor.userId!, reportedAt: now, ...due, createdAt: now, updatedAt: now,
    }).returning();
    await addEvent(tx, s, { orderId: o.id, kind: 'reported', at: now, actor, from: null, to: 'reported', note: null });
    if (input.photoIds?.length) await attachFiles(tx, actor, { entity: ENTITY, entityId: o.id, slot: 'report' }, input.photoIds, 'photoIds');
    await recordAudit(tx, actor, { entity: ENTITY, entityId: o.id, action: 'create', after: { code, state: 'reported', category: o.category, urgency: o.urgency, locationId: o.locationId, assetId: o.assetId, description: o.description, planId: o.planId } });

    // A named worker (a plan's) or the category's default worker takes it at once.
    let assigneeId = opts.assigneeId ?? null;
    if (assigneeId === null) {
      const [rule] = await tx.select({ assigneeId: repairRules.assigneeId }).from(repairRules).where(and(eq(repairRules.schoolId, s), eq(repairRules.category, input.category)));
      assigneeId = rule?.assigneeId ?? null;
    }
    if (assigneeId !== null && await isRepairWorker(tx, s, assigneeId)) {
      const [d] = await tx.update(repairOrders).set({ state: 'dispatched', assigneeId, dispatchedAt: now, version: sql`${repairOrders.version} + 1`, updatedAt: now })
        .where(and(eq(repairOrders.schoolId, s), eq(repairOrders.id, o.id))).returning();
      await addEvent(tx, s, { orderId: o.id, kind: 'autoDispatched', at: now, actor: null, from: 'reported', to: 'dispatched', data: { assigneeId, assigneeName: await userName(tx, s, assigneeId) } });
      await recordAudit(tx, SYSTEM_ACTOR(s), { entity: ENTITY, entityId: o.id, action: 'dispatch', before: { state: 'reported' }, after: { state: 'dispatched', assigneeId } });
      await afterDispatch(tx, d, settings);
    } else {
      const params = await orderParams(tx, o, settings);
      const directors = await usersWithRole(tx, s, 'director');
      await notify(tx, { schoolId: s, userIds: directors.map((d) => d.id), kind: 'repairs.notify.reported', params, link: linkOf(o.id), entity: ENTITY, entityId: o.id });
      await createTask(tx, { schoolId: s, module: 'repairs', kind: 'repairs.task.dispatch', params, entity: ENTITY, entityId: o.id, assigneeId: null, role: 'director', dueAt: o.responseDueAt, link: linkOf(o.id), escalate: false });
    }
    return o.id;
  }

  type Inputs = { dispatch: DispatchInput; accept: AcceptInput; complete: CompleteInput; confirm: ConfirmInput; reopen: ReopenInput; cancel: CancelInput };

  /**
   * One step of the state machine. The order is read, the step checked against the table and the
   * person, then changed by a conditional UPDATE on (school, id, state, version): a concurrent
   * second request matches no row and gets 409 with nothing changed.
   */
  async function act<A extends RepairAction>(tx: Db, actor: Actor, id: number, action: A, input: Inputs[A]): Promise<OrderRow> {
    const s = actor.schoolId;
    const o = await loadOrder(tx, s, id);
    if (!canSee(actor, o)) throw new AppError('notFound', 404);
    // Not legal from this state: 409 whoever asks. Legal, but not this person's step: 403.
    const t = TRANSITIONS[action];
    if (!t.from.includes(o.state as RepairState)) throw illegal(o.state as RepairState, action);
    if (!isWho(actor, o, t.who)) {
      const code = t.who === 'assignee' ? 'repairs.notAssignee' : t.who === 'reporter' ? 'repairs.notReporter' : 'repairs.notAllowed';
      throw new AppError(code, 403);
    }
    const settings = await repairSettingsOf(tx, s);
    const now = clock.now();
    if (action === 'reopen' && !withinReopen(o, settings, now)) throw new AppError('repairs.reopenExpired', 409, { params: { days: settings.reopenDays } });

    const set: Partial<typeof repairOrders.$inferInsert> = {};
    let note: string | null = null;
    let data: Record<string, unknown> | null = null;
    switch (action) {
      case 'dispatch': {
        const d = input as DispatchInput;
        if (!await isRepairWorker(tx, s, d.assigneeId)) throw new AppError('repairs.assigneeNotWorker', 400, { fields: [{ path: 'assigneeId', code: 'repairs.assigneeNotWorker' }] });
        Object.assign(set, { assigneeId: d.assigneeId, dispatchedAt: now });
        note = d.note ?? null;
        data = { assigneeId: d.assigneeId, assigneeName: await userName(tx, s, d.assigneeId) };
        break;
      }
      case 'accept':
        // The first acceptance is the response time; accepting again after a reopening keeps it.
        Object.assign(set, { acceptedAt: o.acceptedAt ?? now });
        note = (input as AcceptInput)?.note ?? null;
        break;
      case 'complete': {
        const c = input as CompleteInput;
        Object.assign(set, { completedAt: now, completeNote: c.note, hours: Math.round(((o.hours ?? 0) + c.hours) * 100) / 100 });
        note = c.note;
        data = { hours: c.hours, items: c.items };
        break;
      }
      case 'confirm': {
        const c = input as ConfirmInput;
        Object.assign(set, { closedAt: now, rating: c.rating, comment: c.comment ?? null });
        note = c.comment ?? null;
        data = { rating: c.rating };
        break;
      }
      case 'reopen': {
        // Back to the same worker with fresh time limits; the earlier rating no longer stands.
        const tz = await schoolTimezone(tx, s);
        const due = deadlines(settings, o.urgency === 'urgent' ? 'urgent' : 'normal', now, null, tz);
        Object.assign(set, { ...due, closedAt: null, rating: null, comment: null, reopenCount: o.reopenCount + 1 });
        note = (input as ReopenInput).reason;
        break;
      }
      case 'cancel':
        Object.assign(set, { cancelledAt: now });
        note = (input as CancelInput).reason;
        break;
    }
    const [row] = await tx.update(repairOrders).set({ ...set, state: t.to, version: sql`${repairOrders.version} + 1`, updatedAt: now })
      .where(and(eq(repairOrders.schoolId, s), eq(repairOrders.id, id), eq(repairOrders.state, o.state), eq(repairOrders.version, o.version)))
      .returning();
    if (!row) throw new AppError('conflict', 409);

    await addEvent(tx, s, { orderId: id, kind: action, at: now, actor, from: o.state as RepairState, to: t.to, note, data });
    const auditAfter: Record<string, unknown> = { state: t.to, ...data };
    if (note) auditAfter.note = note;
    await recordAudit(tx, actor, { entity: ENTITY, entityId: id, action, before: { state: o.state, ...(action === 'dispatch' ? { assigneeId: o.assigneeId } : {}) }, after: auditAfter });
    await sideEffects(tx, actor, row, action, input, settings, now);
    return row;
  }

  async function sideEffects(tx: Db, actor: Actor, o: OrderRow, action: RepairAction, input: unknown, settings: RepairSettings, now: Date) {
    const s = o.schoolId;
    const link = linkOf(o.id);
    const base = { schoolId: s, link, entity: ENTITY, entityId: o.id };
    switch (action) {
      case 'dispatch':
        await afterDispatch(tx, o, settings);
        break;
      case 'accept': {
        const params = await orderParams(tx, o, settings);
        await completeTasks(tx, s, ENTITY, o.id, 'repairs.task.accept');
        await notify(tx, { ...base, userIds: [o.reporterId].filter((u) => u !== actor.userId), kind: 'repairs.notify.accepted', params: { ...params, worker: actor.name ?? '' } });
        await createTask(tx, { schoolId: s, module: 'repairs', kind: 'repairs.task.complete', params, entity: ENTITY, entityId: o.id, assigneeId: o.assigneeId, dueAt: o.doneDueAt, link, escalate: false });
        break;
      }
      case 'complete': {
        const c = input as CompleteInput;
        if (c.items.length) {
          await tx.insert(repairItems).values(c.items.map((it) => ({ schoolId: s, orderId: o.id, round: o.reopenCount, name: it.name, quantity: it.quantity, unit: it.unit ?? null })));
        }
        if (c.photoIds.length) await attachFiles(tx, actor, { entity: ENTITY, entityId: o.id, slot: 'complete' }, c.photoIds, 'photoIds');
        const params = await orderParams(tx, o, settings);
        await completeTasks(tx, s, ENTITY, o.id, 'repairs.task.complete');
        await notify(tx, { ...base, userIds: [o.reporterId], kind: 'repairs.notify.completed', params });
        await createTask(tx, { schoolId: s, module: 'repairs', kind: 'repairs.task.confirm', params, entity: ENTITY, entityId: o.id, assigneeId: o.reporterId, dueAt: new Date(now.getTime() + settings.autoCloseDays * 86_400_000), link, escalate: false });
        break;
      }
      case 'confirm':
        await completeTasks(tx, s, ENTITY, o.id);
        break;
      case 'reopen': {
        const params = await orderParams(tx, o, settings);
        await completeTasks(tx, s, ENTITY, o.id);
        await notify(tx, { ...base, userIds: [o.assigneeId!], kind: 'repairs.notify.reopened', params: { ...params, reason: (input as ReopenInput).reason } });
        await createTask(tx, { schoolId: s, module: 'repairs', kind: 'repairs.task.accept', params, entity: ENTITY, entityId: o.id, assigneeId: o.assigneeId, dueAt: o.responseDueAt, link, escalate: false });
        break;
      }
      case 'cancel': {
        await completeTasks(tx, s, ENTITY, o.id);
        const tell = [o.assigneeId, o.reporterId].filter((u): u is number => u !== null && u !== actor.userId);
        if (tell.length) await notify(tx, { ...base, userIds: tell, kind: 'repairs.notify.cancelled', params: await orderParams(tx, o, settings) });
        break;
      }
    }
  }

  return { createRepair, act, loadOrder };
}

export type RepairService = ReturnType<typeof createRepairService>;

export function illegal(state: RepairState, action: RepairAction) {
  return new AppError('repairs.illegalTransition', 409, { params: { state, action } });
}
