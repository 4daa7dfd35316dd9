import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreatePlanInput, NewPlanVersionInput, Plan, PlanDetail, PlanListQuery, PlanVersion, UpdatePlanInput } from '../../../contracts/safetyRecords';
import { PLAN_APPROVERS } from '../../../contracts/safetyRecords';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { localDate } from '../../platform/schedules';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { safetyPlans, safetyPlanVersions } from './records.tables';
import { ENTITY, badField, historyOf, intList, iso, notFound, numOrNull, schoolZone, stale, strOrNull, type Reader } from './records.common';
import { holdsRole } from './records.lookups';

/*
 * Emergency plans 应急预案: a plan (kind, title) and its versions. A new version is a new document
 * (files engine) with a note, who and when; it becomes the current one; the old ones stay, with
 * their files, downloadable. A version is approved by a leader (principal or vice principal) with
 * a date: recorded when the signed paper is uploaded, or by the leader in the app.
 */

type Raw = Record<string, unknown>;

const titleTaken = () => new AppError('safety.planTitleTaken', 409, { fields: [{ path: 'title', code: 'safety.planTitleTaken' }] });

async function checkApproval(tx: Db, actor: Actor, input: { approvedById?: number | null; approvedOn?: string | null }, today: string) {
  if (input.approvedById == null && input.approvedOn == null) return;
  if (input.approvedById == null) throw badField('approvedById', 'safety.approverRequired');
  if (input.approvedOn == null) throw badField('approvedOn', 'safety.approvedOnRequired');
  await refs.user(tx, actor.schoolId, input.approvedById, 'approvedById');
  if (!await holdsRole(tx, actor.schoolId, input.approvedById, PLAN_APPROVERS)) throw badField('approvedById', 'safety.approverNotLeader');
  if (input.approvedOn > today) throw badField('approvedOn', 'safety.dateInFuture');
}

async function insertVersion(tx: Db, actor: Actor, clock: Clock, planId: number, number: number, input: { note: string; fileIds: string[]; approvedById?: number | null; approvedOn?: string | null }) {
  const [v] = await tx.insert(safetyPlanVersions).values({
    schoolId: actor.schoolId, planId, number, note: input.note, uploadedBy: actor.userId, uploadedAt: clock.now(),
    approvedBy: input.approvedById ?? null, approvedOn: input.approvedOn ?? null,
  }).returning({ id: safetyPlanVersions.id });
  await attachFiles(tx, actor, { entity: ENTITY.planVersion, entityId: v.id, slot: 'document' }, input.fileIds, 'fileIds');
  await tx.update(safetyPlans).set({ currentVersionId: v.id }).where(and(eq(safetyPlans.schoolId, actor.schoolId), eq(safetyPlans.id, planId)));
  await recordAudit(tx, actor, {
    entity: ENTITY.planVersion, entityId: v.id, action: 'create',
    after: { planId, number, note: input.note, files: input.fileIds.length, approvedById: input.approvedById ?? null, approvedOn: input.approvedOn ?? null },
  });
  return v.id;
}

export async function createPlan(tx: Db, actor: Actor, clock: Clock, input: CreatePlanInput): Promise<number> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  await checkApproval(tx, actor, input, today);
  let planId: number;
  try {
    [{ id: planId }] = await tx.insert(safetyPlans).values({
      schoolId: actor.schoolId, kind: input.kind, title: input.title, versionCount: 1, createdBy: actor.userId,
    }).returning({ id: safetyPlans.id });
  } catch (e) {
    if (pgErrorCode(e).code === '23505') throw titleTaken();
    throw e;
  }
  await recordAudit(tx, actor, { entity: ENTITY.plan, entityId: planId, action: 'create', after: { kind: input.kind, title: input.title } });
  await insertVersion(tx, actor, clock, planId, 1, input);
  return planId;
}

/** A new version of the plan: the edit carries the plan's `version` (409 when someone added one since). */
export async function addPlanVersion(tx: Db, actor: Actor, clock: Clock, planId: number, input: NewPlanVersionInput): Promise<void> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  await checkApproval(tx, actor, input, today);
  const [row] = await tx.update(safetyPlans)
    .set({ versionCount: sql`${safetyPlans.versionCount} + 1`, version: sql`${safetyPlans.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(safetyPlans.schoolId, actor.schoolId), eq(safetyPlans.id, planId), eq(safetyPlans.version, input.version)))
    .returning({ versionCount: safetyPlans.versionCount });
  if (!row) throw await missingOrStale(tx, actor.schoolId, planId);
  await insertVersion(tx, actor, clock, planId, row.versionCount, input);
}

async function missingOrStale(tx: Db, schoolId: number, planId: number) {
  const [exists] = await tx.select({ id: safetyPlans.id }).from(safetyPlans).where(and(eq(safetyPlans.schoolId, schoolId), eq(safetyPlans.id, planId)));
  return exists ? stale() : notFound();
}

/** The leader approves the current version in the app (once: a second approval is 409). */
export async function approvePlan(tx: Db, actor: Actor, clock: Clock, planId: number, version: number): Promise<void> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  const [plan] = await tx.update(safetyPlans).set({ version: sql`${safetyPlans.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(safetyPlans.schoolId, actor.schoolId), eq(safetyPlans.id, planId), eq(safetyPlans.version, version)))
    .returning({ currentVersionId: safetyPlans.currentVersionId });
  if (!plan) throw await missingOrStale(tx, actor.schoolId, planId);
  const [v] = await tx.update(safetyPlanVersions).set({ approvedBy: actor.userId, approvedOn: today })
    .where(and(eq(safetyPlanVersions.schoolId, actor.schoolId), eq(safetyPlanVersions.id, plan.currentVersionId ?? 0), sql`${safetyPlanVersions.approvedBy} IS NULL`))
    .returning({ id: safetyPlanVersions.id, number: safetyPlanVersions.number });
  if (!v) throw new AppError('safety.alreadyApproved', 409);
  await recordAudit(tx, actor, { entity: ENTITY.planVersion, entityId: v.id, action: 'approve', after: { planId, number: v.number, approvedById: actor.userId, approvedOn: today } });
}

export async function updatePlan(tx: Db, actor: Actor, clock: Clock, planId: number, input: UpdatePlanInput): Promise<void> {
  const [before] = await tx.select().from(safetyPlans).where(and(eq(safetyPlans.schoolId, actor.schoolId), eq(safetyPlans.id, planId)));
  if (!before) throw notFound();
  const set = { ...(input.kind ? { kind: input.kind } : {}), ...(input.title ? { title: input.title } : {}), ...(input.active !== undefined ? { active: input.active } : {}) };
  let row;
  try {
    [row] = await tx.update(safetyPlans).set({ ...set, version: sql`${safetyPlans.version} + 1`, updatedAt: clock.now() })
      .where(and(eq(safetyPlans.schoolId, actor.schoolId), eq(safetyPlans.id, planId), eq(safetyPlans.version, input.version)))
      .returning({ id: safetyPlans.id });
  } catch (e) {
    if (pgErrorCode(e).code === '23505') throw titleTaken();
    throw e;
  }
  if (!row) throw stale();
  await recordAudit(tx, actor, {
    entity: ENTITY.plan, entityId: planId, action: 'update',
    before: Object.fromEntries(Object.keys(set).map((k) => [k, before[k as keyof typeof before]])), after: set,
  });
}

// ── Reading ──

function versionOf(r: Raw, files: PlanVersion['files'], currentId: number | null): PlanVersion {
  return {
    id: Number(r.id), number: Number(r.number), note: String(r.note), files,
    uploadedById: numOrNull(r.uploaded_by), uploadedByName: strOrNull(r.uploader_name), uploadedAt: iso(r.uploaded_at),
    approvedById: numOrNull(r.approved_by), approvedByName: strOrNull(r.approver_name), approvedOn: strOrNull(r.approved_on),
    current: Number(r.id) === currentId,
  };
}

/** Documents of some versions, one query per school of the page. */
async function versionFiles(db: Db, rows: Raw[]) {
  const out = new Map<number, PlanVersion['files']>();
  const bySchool = new Map<number, number[]>();
  for (const r of rows) bySchool.set(Number(r.school_id), [...(bySchool.get(Number(r.school_id)) ?? []), Number(r.id)]);
  for (const [schoolId, ids] of bySchool) {
    for (const [id, fs] of await filesOf(db, schoolId, ENTITY.planVersion, ids)) out.set(id, fs.map(({ slot: _slot, ...f }) => f));
  }
  return out;
}

const VERSION_COLUMNS = sql.raw(`v.id, v.school_id, v.plan_id, v.number, v.note, v.uploaded_by, v.uploaded_at, v.approved_by, v.approved_on,
  up.name AS uploader_name, ap.name AS approver_name`);
const VERSION_JOINS = sql.raw(`LEFT JOIN users up ON up.school_id = v.school_id AND up.id = v.uploaded_by
  LEFT JOIN users ap ON ap.school_id = v.school_id AND ap.id = v.approved_by`);

export async function listPlans(db: Db, reader: Reader, q: z.infer<typeof PlanListQuery>): Promise<{ items: Plan[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-updatedAt', sorts: { updatedAt: safetyPlans.updatedAt, title: safetyPlans.title }, id: safetyPlans.id, cursor: q.cursor });
  const conds: (SQL | undefined)[] = [
    sql`${safetyPlans.schoolId} IN (${intList(reader.schoolIds)})`,
    q.kind ? eq(safetyPlans.kind, q.kind) : undefined,
    q.active !== undefined ? eq(safetyPlans.active, q.active) : undefined,
    q.q ? sql`${safetyPlans.title} ILIKE ${'%' + q.q.replace(/[\\%_]/g, (m) => '\\' + m) + '%'}` : undefined,
    ks.where,
  ];
  const inner = db.select().from(safetyPlans).where(and(...conds)).orderBy(...ks.orderBy).limit(q.limit);
  const sort = q.sort || '-updatedAt';
  const dir = sort.startsWith('-') ? 'DESC' : 'ASC';
  const outer = sql.raw(`${sort.replace(/^-/, '') === 'title' ? 'p.title' : 'p.updated_at'} ${dir}, p.id ${dir}`);
  const rows = await rowsOf<Raw>(db, sql`SELECT p.*, ${VERSION_COLUMNS}, p.id AS plan_id_, p.version AS plan_version, v.id AS version_id
    FROM (${inner}) p LEFT JOIN safety_plan_versions v ON v.school_id = p.school_id AND v.id = p.current_version_id ${VERSION_JOINS}
    ORDER BY ${outer}`);
  const files = await versionFiles(db, rows.filter((r) => r.version_id != null).map((r) => ({ school_id: r.school_id, id: r.version_id })));
  const items = rows.map((r) => planOf(r, r.version_id == null ? null : versionOf({ ...r, id: r.version_id }, files.get(Number(r.version_id)) ?? [], Number(r.version_id))));
  return { items, nextCursor: ks.next(items.map((p) => ({ id: p.id, updatedAt: p.updatedAt, title: p.title })), q.limit) };
}

function planOf(r: Raw, current: PlanVersion | null): Plan {
  return {
    id: Number(r.plan_id_ ?? r.id), schoolId: Number(r.school_id), kind: r.kind as Plan['kind'], title: String(r.title), active: Boolean(r.active),
    versionCount: Number(r.version_count), current, updatedAt: iso(r.updated_at), version: Number(r.plan_version ?? r.version),
  };
}

export async function getPlan(db: Db, schoolIds: number[], planId: number): Promise<PlanDetail> {
  const [p] = await db.select().from(safetyPlans).where(and(sql`${safetyPlans.schoolId} IN (${intList(schoolIds)})`, eq(safetyPlans.id, planId))).limit(1);
  if (!p) throw notFound();
  const rows = await rowsOf<Raw>(db, sql`SELECT ${VERSION_COLUMNS} FROM safety_plan_versions v ${VERSION_JOINS}
    WHERE v.school_id = ${p.schoolId} AND v.plan_id = ${p.id} ORDER BY v.number DESC`);
  const files = await versionFiles(db, rows);
  const versions = rows.map((r) => versionOf(r, files.get(Number(r.id)) ?? [], p.currentVersionId));
  const history = await historyOf(db, p.schoolId, [{ entity: ENTITY.plan, ids: [p.id] }, { entity: ENTITY.planVersion, ids: versions.map((v) => v.id) }]);
  return {
    id: p.id, schoolId: p.schoolId, kind: p.kind as Plan['kind'], title: p.title, active: p.active, versionCount: p.versionCount,
    current: versions.find((v) => v.current) ?? null, updatedAt: p.updatedAt.toISOString(), version: p.version, versions, history,
  };
}
