import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CreatePlanInput, UpdatePlanInput, MaintenancePlan } from '../../../contracts/repairs';
import type { ScheduleRule } from '../../../contracts/schedules';
import { translate } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, diff, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { upsertSchedule, removeSchedule, nextOccurrences, schoolTerms, type ScheduleHandler } from '../../platform/schedules';
import { refs, usersWithRole } from '../org';
import { repairPlans, repairPlanTargets } from './repairs.tables';
import { repairSettingsOf, schoolTimezone } from './repairs.settings';
import { locationInfos } from './repairs.lookups';
import { isRepairWorker, type RepairService } from './repairs.service';
import { localDate } from './repairs.time';

export const PLAN_OWNER = 'repairs.plan';
const ENTITY = 'repairPlan';
type PlanRow = typeof repairPlans.$inferSelect;

async function checkPlan(tx: Db, actor: Actor, input: Partial<CreatePlanInput>) {
  const s = actor.schoolId;
  if (input.category !== undefined) {
    const settings = await repairSettingsOf(tx, s);
    if (!settings.categories.some((c) => c.code === input.category && c.active)) {
      throw new AppError('repairs.categoryUnknown', 400, { params: { value: input.category }, fields: [{ path: 'category', code: 'repairs.categoryUnknown', params: { value: input.category } }] });
    }
  }
  for (const [i, id] of (input.locationIds ?? []).entries()) await refs.location(tx, s, id, `locationIds.${i}`);
  if (input.assigneeId != null && !await isRepairWorker(tx, s, input.assigneeId)) {
    throw new AppError('repairs.assigneeNotWorker', 400, { fields: [{ path: 'assigneeId', code: 'repairs.assigneeNotWorker' }] });
  }
}

async function setTargets(tx: Db, schoolId: number, planId: number, locationIds: number[] | undefined, assetIds: number[] | undefined) {
  for (const [kind, list] of [['location', locationIds], ['asset', assetIds]] as const) {
    if (!list) continue;
    await tx.delete(repairPlanTargets).where(and(eq(repairPlanTargets.schoolId, schoolId), eq(repairPlanTargets.planId, planId), eq(repairPlanTargets.kind, kind)));
    const unique = [...new Set(list)];
    if (unique.length) await tx.insert(repairPlanTargets).values(unique.map((targetId, position) => ({ schoolId, planId, kind, targetId, position })));
  }
}

/** Plans with their targets, names, next due times and order counts: a few queries for the whole list. */
export async function plansView(db: Db, schoolId: number, rows: PlanRow[], now: Date): Promise<MaintenancePlan[]> {
  if (!rows.length) return [];
  const planIds = rows.map((r) => r.id);
  const targets = await db.select().from(repairPlanTargets)
    .where(and(eq(repairPlanTargets.schoolId, schoolId), inArray(repairPlanTargets.planId, planIds))).orderBy(repairPlanTargets.position);
  const places = await locationInfos(db, schoolId, targets.filter((t) => t.kind === 'location').map((t) => t.targetId));
  const counts = await rowsOf<{ plan_id: number; n: number; last: number }>(db, sql`SELECT plan_id, count(*)::int AS n, max(id) AS last FROM repair_orders
    WHERE school_id = ${schoolId} AND plan_id IN (${sql.join(planIds.map((x) => sql`${x}::int`), sql`, `)}) GROUP BY plan_id`);
  const countOf = new Map(counts.map((c) => [Number(c.plan_id), c]));
  const workerIds = rows.map((r) => r.assigneeId).filter((x): x is number => x !== null);
  const names = new Map((workerIds.length ? await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM users WHERE school_id = ${schoolId} AND id IN (${sql.join(workerIds.map((x) => sql`${x}::int`), sql`, `)})`) : []).map((u) => [Number(u.id), u.name]));
  const tz = await schoolTimezone(db, schoolId);
  const terms = rows.some((r) => (r.schedule as ScheduleRule).freq === 'term') ? await schoolTerms(db, schoolId) : [];
  return rows.map((r) => {
    const mine = targets.filter((t) => t.planId === r.id);
    const locationIds = mine.filter((t) => t.kind === 'location').map((t) => t.targetId);
    const c = countOf.get(r.id);
    return {
      id: r.id, name: r.name, category: r.category, description: r.description, locationIds,
      locations: locationIds.map((id) => ({ id, name: places.get(id)?.name ?? String(id), path: places.get(id)?.path ?? '' })),
      assetIds: mine.filter((t) => t.kind === 'asset').map((t) => t.targetId), checklist: r.checklist ?? [],
      assigneeId: r.assigneeId, assigneeName: r.assigneeId ? names.get(r.assigneeId) ?? null : null, active: r.active,
      nextDue: r.active ? nextOccurrences(r.schedule as ScheduleRule, tz, terms, now, 3).map((d) => d.toISOString()) : [],
      lastOrderId: c ? Number(c.last) : null, orderCount: c ? Number(c.n) : 0,
      version: r.version, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
      schedule: r.schedule as ScheduleRule,
    };
  });
}

export async function listPlans(db: Db, schoolId: number, now: Date, active?: boolean) {
  const rows = await db.select().from(repairPlans)
    .where(and(eq(repairPlans.schoolId, schoolId), active === undefined ? undefined : eq(repairPlans.active, active))).orderBy(repairPlans.name, repairPlans.id);
  return plansView(db, schoolId, rows, now);
}

async function planRow(db: Db, schoolId: number, id: number, lock = false): Promise<PlanRow> {
  const q = db.select().from(repairPlans).where(and(eq(repairPlans.schoolId, schoolId), eq(repairPlans.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('notFound', 404);
  return row;
}

export async function getPlan(db: Db, schoolId: number, id: number, now: Date) {
  return (await plansView(db, schoolId, [await planRow(db, schoolId, id)], now))[0];
}

function nameTaken(e: unknown, name: string): never {
  if ((e as { code?: string; cause?: { code?: string } })?.code === '23505' || (e as { cause?: { code?: string } })?.cause?.code === '23505') {
    throw new AppError('duplicate', 409, { params: { field: name }, fields: [{ path: 'name', code: 'duplicate', params: { field: name } }] });
  }
  throw e;
}

/** Saves a plan and its schedule together: the schedule's owner is 'repairs.plan', its id the plan's. */
export async function createPlan(tx: Db, actor: Actor, input: CreatePlanInput): Promise<number> {
  await checkPlan(tx, actor, input);
  let row: PlanRow;
  try {
    [row] = await tx.insert(repairPlans).values({
      schoolId: actor.schoolId, name: input.name, category: input.category, description: input.description ?? null,
      checklist: input.checklist, assigneeId: input.assigneeId ?? null, schedule: input.schedule as Record<string, unknown>,
      active: input.active, createdBy: actor.userId,
    }).returning();
  } catch (e) { nameTaken(e, input.name); }
  await setTargets(tx, actor.schoolId, row.id, input.locationIds, input.assetIds);
  await upsertSchedule(tx, { schoolId: actor.schoolId, owner: PLAN_OWNER, ownerId: row.id, rule: input.schedule, active: input.active });
  await recordAudit(tx, actor, { entity: ENTITY, entityId: row.id, action: 'create', after: { ...input } });
  return row.id;
}

export async function updatePlan(tx: Db, actor: Actor, id: number, input: UpdatePlanInput): Promise<void> {
  const existing = await planRow(tx, actor.schoolId, id, true);
  const { version, locationIds, assetIds, ...rest } = input;
  if (version !== undefined && version !== existing.version) throw new AppError('conflict', 409);
  await checkPlan(tx, actor, input);
  const values: Partial<typeof repairPlans.$inferInsert> = {};
  if (rest.name !== undefined) values.name = rest.name;
  if (rest.category !== undefined) values.category = rest.category;
  if (rest.description !== undefined) values.description = rest.description ?? null;
  if (rest.checklist !== undefined) values.checklist = rest.checklist;
  if (rest.assigneeId !== undefined) values.assigneeId = rest.assigneeId ?? null;
  if (rest.schedule !== undefined) values.schedule = rest.schedule as Record<string, unknown>;
  if (rest.active !== undefined) values.active = rest.active;
  try {
    await tx.update(repairPlans).set({ ...values, version: sql`${repairPlans.version} + 1`, updatedAt: new Date() })
      .where(and(eq(repairPlans.schoolId, actor.schoolId), eq(repairPlans.id, id)));
  } catch (e) { nameTaken(e, rest.name ?? existing.name); }
  await setTargets(tx, actor.schoolId, id, locationIds, assetIds);
  const next = { ...existing, ...values };
  await upsertSchedule(tx, { schoolId: actor.schoolId, owner: PLAN_OWNER, ownerId: id, rule: next.schedule as ScheduleRule, active: next.active });
  const changes = diff(existing as Record<string, unknown>, next as Record<string, unknown>);
  const after = { ...(changes?.after ?? {}), ...(locationIds ? { locationIds } : {}), ...(assetIds ? { assetIds } : {}) };
  await recordAudit(tx, actor, { entity: ENTITY, entityId: id, action: 'update', before: changes?.before ?? null, after });
}

/** Deletes a plan and its schedule; the orders it made stay (they keep the plan's id as history). */
export async function deletePlan(tx: Db, actor: Actor, id: number): Promise<void> {
  const existing = await planRow(tx, actor.schoolId, id, true);
  await removeSchedule(tx, actor.schoolId, PLAN_OWNER, id);
  await tx.delete(repairPlans).where(and(eq(repairPlans.schoolId, actor.schoolId), eq(repairPlans.id, id)));
  await recordAudit(tx, actor, { entity: ENTITY, entityId: id, action: 'delete', before: { name: existing.name, category: existing.category } });
}

/**
 * One work order for one occurrence of a plan: urgency planned, due the occurrence's day, its
 * description from the plan and the checklist, sent to the plan's worker (or by the category rule).
 * runDueSchedules calls this once per occurrence, in the transaction that records the occurrence.
 */
export async function orderFromPlan(tx: Db, service: RepairService, schoolId: number, planId: number, dueAt: Date): Promise<number | null> {
  const [plan] = await tx.select().from(repairPlans).where(and(eq(repairPlans.schoolId, schoolId), eq(repairPlans.id, planId)));
  if (!plan || !plan.active) return null;
  const targets = await tx.select().from(repairPlanTargets)
    .where(and(eq(repairPlanTargets.schoolId, schoolId), eq(repairPlanTargets.planId, planId))).orderBy(repairPlanTargets.position);
  const locationIds = targets.filter((t) => t.kind === 'location').map((t) => t.targetId);
  const assetIds = targets.filter((t) => t.kind === 'asset').map((t) => t.targetId);
  if (!locationIds.length) return null;
  // The order is reported in the name of the plan's author (or a director when they are gone).
  let reporterId = plan.createdBy;
  if (reporterId === null) reporterId = (await usersWithRole(tx, schoolId, 'director'))[0]?.id ?? null;
  if (reporterId === null) return null;
  const tz = await schoolTimezone(tx, schoolId);
  const places = await locationInfos(tx, schoolId, locationIds);
  const t = (k: string, p?: Record<string, string>) => translate('zh-CN', k, p);
  const lines = [t('repairs.plan.orderDescription', { plan: plan.name })];
  if (plan.description) lines.push(plan.description);
  if (locationIds.length > 1) lines.push(locationIds.map((id) => places.get(id)?.path ?? String(id)).join('、'));
  if (assetIds.length) lines.push(`#${assetIds.join(', #')}`);
  if (plan.checklist?.length) lines.push(`${t('repairs.plan.checklist')}：`, ...plan.checklist.map((c, i) => `${i + 1}. ${c}`));
  const actor: Actor = { schoolId, userId: reporterId, name: 'system', ip: null };
  return service.createRepair(tx, actor, {
    locationId: locationIds[0], assetId: assetIds.length === 1 ? assetIds[0] : null, category: plan.category,
    description: lines.join('\n').slice(0, 2000), urgency: 'planned', plannedDate: localDate(dueAt, tz), photoIds: [],
  }, { planId, assigneeId: plan.assigneeId, at: dueAt });
}

/** The schedule handler the module registers for owner 'repairs.plan'. */
export function planScheduleHandler(service: RepairService): ScheduleHandler {
  return async (tx, due) => { await orderFromPlan(tx, service, due.schoolId, due.ownerId, due.dueAt); };
}

/** "Run now": an order for today from the plan, outside its schedule. */
export async function runPlanNow(tx: Db, service: RepairService, actor: Actor, planId: number, clock: Clock): Promise<number> {
  await planRow(tx, actor.schoolId, planId);
  const id = await orderFromPlan(tx, service, actor.schoolId, planId, clock.now());
  if (id === null) throw new AppError('stateConflict', 409);
  return id;
}
