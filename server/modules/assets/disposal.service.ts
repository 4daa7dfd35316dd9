import { and, eq, inArray, sql } from 'drizzle-orm';
import type { CreateDisposalInput, UpdateDisposalInput, CarryOutInput, DisposalAction, DisposalWay } from '../../../contracts/assetsProcess';
import { APPROVAL_KINDS } from '../../../contracts/assetsProcess';
import { AppError, pgErrorCode } from '../../platform/errors';
import type { Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { attachFiles } from '../../platform/files';
import { notify } from '../../platform/notifications';
import { createTask, completeTasks } from '../../platform/tasks';
import { localDate } from '../../platform/schedules';
import { submitForApproval, type ApprovalDocRef, type ApprovalKindDef } from '../../platform/approvals';
import { getAssetsByIds, currentNetValues, setAssetStatus } from './assets.service';
import { disposalRequests, disposalItems } from './process.tables';
import { addEvent, nextCode, schoolTimezone, hasRole, processClock } from './process.shared';
import { ASSET_KEEPERS } from './process.policy';

export type DisposalRow = typeof disposalRequests.$inferSelect;
export const DISPOSAL_ENTITY = 'disposal';
export const DISPOSAL_KIND = APPROVAL_KINDS.disposal;
export const disposalLink = (id: number) => `/assets/disposals/${id}`;

/** The way's words in the approval inbox title (zh-CN: the inbox shows the applicant's words). */
const WAY_ZH: Record<DisposalWay, string> = { scrap: '报废', transfer_out: '调拨', sale: '出售', donation: '捐赠' };

/** Open requests hold their assets (an asset in one open request only). */
export const OPEN_STATES = ['pending', 'returned', 'approved'] as const;

export function disposalActions(who: { roles?: readonly string[] }, d: { state: string }): DisposalAction[] {
  const keeper = hasRole(who.roles, ASSET_KEEPERS);
  if (!keeper) return [];
  if (d.state === 'returned') return ['edit', 'resubmit', 'withdraw'];
  if (d.state === 'approved') return ['carryOut'];
  return [];
}

async function loadDisposal(tx: Db, schoolId: number, id: number, lock = false): Promise<DisposalRow> {
  const q = tx.select().from(disposalRequests).where(and(eq(disposalRequests.schoolId, schoolId), eq(disposalRequests.id, id))).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('notFound', 404);
  return row;
}

const illegal = (state: string, action: string) => new AppError('disposal.illegalState', 409, { params: { state, action } });

/** The assets to put in a request: on the register, not disposed, not in another open request. */
async function eligibleAssets(tx: Db, actor: Actor, assetIds: number[], clock: Clock, mine: number | null) {
  const s = actor.schoolId;
  const ids = [...new Set(assetIds)];
  const rows = await getAssetsByIds(tx, s, ids);
  const byId = new Map(rows.map((a) => [a.id, a]));
  for (const [i, id] of assetIds.entries()) {
    const a = byId.get(id);
    if (!a) throw new AppError('disposal.assetUnknown', 400, { fields: [{ path: `assetIds.${i}`, code: 'disposal.assetUnknown' }] });
    if (a.status === 'disposed') throw new AppError('disposal.assetDisposed', 409, { params: { code: a.code }, fields: [{ path: `assetIds.${i}`, code: 'disposal.assetDisposed', params: { code: a.code } }] });
  }
  // Held by another open request (the unique index says the same under concurrency).
  const held = await tx.select({ assetId: disposalItems.assetId, requestId: disposalItems.requestId }).from(disposalItems)
    .where(and(eq(disposalItems.schoolId, s), inArray(disposalItems.assetId, ids), eq(disposalItems.open, true)));
  const other = held.find((h) => h.requestId !== mine);
  if (other) {
    const a = byId.get(other.assetId)!;
    throw new AppError('disposal.assetInOpenRequest', 409, { params: { code: a.code }, fields: [{ path: `assetIds.${assetIds.indexOf(a.id)}`, code: 'disposal.assetInOpenRequest', params: { code: a.code } }] });
  }
  const net = await currentNetValues(tx, s, ids, clock);
  return ids.map((id) => {
    const a = byId.get(id)!;
    return { asset: a, netValueFen: net.get(id) ?? a.originalValueFen };
  });
}

async function insertItems(tx: Db, s: number, requestId: number, list: Awaited<ReturnType<typeof eligibleAssets>>) {
  if (!list.length) return;
  try {
    await tx.insert(disposalItems).values(list.map(({ asset: a, netValueFen }) => ({
      schoolId: s, requestId, assetId: a.id, assetCode: a.code, assetName: a.name, classCode: a.classCode ?? null,
      previousStatus: a.status, originalValueFen: a.originalValueFen, netValueFen, open: true,
    })));
  } catch (e) {
    const pg = pgErrorCode(e);
    if (pg.code === '23505') throw new AppError('disposal.assetInOpenRequest', 409, { params: { code: list.map((x) => x.asset.code).join('、').slice(0, 80) } });
    throw e;
  }
}

/** Puts assets back to the status they had before the request (one timeline event each). */
async function restoreStatuses(tx: Db, actor: Actor, d: DisposalRow, why: string, assetIds?: number[]) {
  const items = await tx.update(disposalItems).set({ open: false })
    .where(and(eq(disposalItems.schoolId, d.schoolId), eq(disposalItems.requestId, d.id), eq(disposalItems.open, true),
      assetIds ? inArray(disposalItems.assetId, assetIds) : undefined))
    .returning({ assetId: disposalItems.assetId, previousStatus: disposalItems.previousStatus });
  const byStatus = new Map<string, number[]>();
  for (const it of items) byStatus.set(it.previousStatus, [...(byStatus.get(it.previousStatus) ?? []), it.assetId]);
  for (const [status, ids] of byStatus) {
    await setAssetStatus(tx, actor, ids, status as never, { note: `${d.code} ${why}`, refKind: DISPOSAL_ENTITY, refId: d.id, at: processClock.now() });
  }
}

async function totals(tx: Db, s: number, requestId: number) {
  const [t] = await tx.select({
    original: sql<number>`coalesce(sum(${disposalItems.originalValueFen}), 0)::float8`,
    net: sql<number>`coalesce(sum(${disposalItems.netValueFen}), 0)::float8`,
    n: sql<number>`count(*)::int`,
    names: sql<string[]>`(array_agg(${disposalItems.assetName} ORDER BY ${disposalItems.assetCode}))[1:3]`,
  }).from(disposalItems).where(and(eq(disposalItems.schoolId, s), eq(disposalItems.requestId, requestId)));
  return { original: Number(t.original), net: Number(t.net), n: Number(t.n), names: t.names ?? [] };
}

async function submit(tx: Db, actor: Actor, d: { id: number; code: string; way: DisposalWay; reason: string }, t: Awaited<ReturnType<typeof totals>>, clock: Clock) {
  const names = t.names.join('、') + (t.n > t.names.length ? ` 等 ${t.n} 项` : '');
  await submitForApproval(tx, actor, {
    kind: DISPOSAL_KIND, documentId: d.id, amountFen: t.original,
    title: `${WAY_ZH[d.way]}申请 ${d.code}：${names}`,
    summary: d.reason.slice(0, 500),
  }, { clock });
}

/**
 * A disposal request: the assets become 待报废 (pending_disposal) at once and the request goes to the
 * approval engine with the sum of their original values as its amount (bigger disposals, more steps).
 */
export async function createDisposal(tx: Db, actor: Actor, input: CreateDisposalInput, clock: Clock, opts: { stocktakeId?: number } = {}): Promise<number> {
  const s = actor.schoolId;
  const list = await eligibleAssets(tx, actor, input.assetIds, clock, null);
  const now = clock.now();
  const tz = await schoolTimezone(tx, s);
  const code = await nextCode(tx, s, 'BF', Number(localDate(now, tz).slice(0, 4)));
  const [d] = await tx.insert(disposalRequests).values({
    schoolId: s, code, state: 'pending', way: input.way, reason: input.reason,
    totalOriginalFen: list.reduce((a, x) => a + x.asset.originalValueFen, 0), totalNetFen: list.reduce((a, x) => a + x.netValueFen, 0),
    stocktakeId: opts.stocktakeId ?? null, createdBy: actor.userId, submittedAt: now, createdAt: now, updatedAt: now,
  }).returning();
  await insertItems(tx, s, d.id, list);
  await setAssetStatus(tx, actor, list.map((x) => x.asset.id), 'pending_disposal', { note: `${WAY_ZH[input.way]}申请 ${code}`, refKind: DISPOSAL_ENTITY, refId: d.id, at: now });
  if (input.attachmentIds.length) await attachFiles(tx, actor, { entity: DISPOSAL_ENTITY, entityId: d.id, slot: 'request' }, input.attachmentIds, 'attachmentIds');
  await submit(tx, actor, d, await totals(tx, s, d.id), clock);
  await addEvent(tx, actor, { schoolId: s, entity: 'disposal', entityId: d.id, kind: 'submitted', at: now, note: input.reason, data: { assets: list.length, totalOriginalFen: d.totalOriginalFen } });
  await recordAudit(tx, actor, { entity: DISPOSAL_ENTITY, entityId: d.id, action: 'create', after: {
    code, way: input.way, reason: input.reason, assetIds: list.map((x) => x.asset.id), totalOriginalFen: d.totalOriginalFen, stocktakeId: d.stocktakeId,
  } });
  return d.id;
}

/** A returned request is edited (reason, way, assets) before it is submitted again; version → 409 on a lost update. */
export async function updateDisposal(tx: Db, actor: Actor, id: number, input: UpdateDisposalInput, clock: Clock): Promise<void> {
  const s = actor.schoolId;
  const d = await loadDisposal(tx, s, id, true);
  if (d.state !== 'returned') throw illegal(d.state, 'edit');
  if (input.version !== d.version) throw new AppError('conflict', 409);
  const now = clock.now();
  const current = await tx.select({ assetId: disposalItems.assetId }).from(disposalItems).where(and(eq(disposalItems.schoolId, s), eq(disposalItems.requestId, id)));
  const before = { reason: d.reason, way: d.way, assetIds: current.map((c) => c.assetId) };
  if (input.assetIds) {
    const want = new Set(input.assetIds);
    const have = new Set(before.assetIds);
    const removed = before.assetIds.filter((x) => !want.has(x));
    const added = input.assetIds.filter((x) => !have.has(x));
    if (removed.length) {
      await restoreStatuses(tx, actor, d, '移出报废申请', removed);
      await tx.delete(disposalItems).where(and(eq(disposalItems.schoolId, s), eq(disposalItems.requestId, id), inArray(disposalItems.assetId, removed)));
    }
    if (added.length) {
      const list = await eligibleAssets(tx, actor, added, clock, id);
      await insertItems(tx, s, id, list);
      await setAssetStatus(tx, actor, added, 'pending_disposal', { note: `${WAY_ZH[input.way ?? d.way]}申请 ${d.code}`, refKind: DISPOSAL_ENTITY, refId: id, at: now });
    }
  }
  const t = await totals(tx, s, id);
  await tx.update(disposalRequests).set({
    reason: input.reason ?? d.reason, way: input.way ?? d.way, totalOriginalFen: t.original, totalNetFen: t.net,
    version: sql`${disposalRequests.version} + 1`, updatedAt: now,
  }).where(and(eq(disposalRequests.schoolId, s), eq(disposalRequests.id, id)));
  await addEvent(tx, actor, { schoolId: s, entity: 'disposal', entityId: id, kind: 'edited', at: now });
  await recordAudit(tx, actor, { entity: DISPOSAL_ENTITY, entityId: id, action: 'update', before, after: { reason: input.reason ?? d.reason, way: input.way ?? d.way, assetIds: input.assetIds ?? before.assetIds } });
}

/** Returned → pending again: a new round of the same approval. */
export async function resubmitDisposal(tx: Db, actor: Actor, id: number, clock: Clock): Promise<void> {
  const s = actor.schoolId;
  const d = await loadDisposal(tx, s, id, true);
  if (d.state !== 'returned') throw illegal(d.state, 'resubmit');
  const now = clock.now();
  const [row] = await tx.update(disposalRequests).set({ state: 'pending', submittedAt: now, version: sql`${disposalRequests.version} + 1`, updatedAt: now })
    .where(and(eq(disposalRequests.schoolId, s), eq(disposalRequests.id, id), eq(disposalRequests.state, 'returned'))).returning();
  if (!row) throw illegal(d.state, 'resubmit');
  await submit(tx, actor, row, await totals(tx, s, id), clock);
  await completeTasks(tx, s, DISPOSAL_ENTITY, id, 'disposal.task.revise');
  await addEvent(tx, actor, { schoolId: s, entity: 'disposal', entityId: id, kind: 'resubmitted', at: now });
  await recordAudit(tx, actor, { entity: DISPOSAL_ENTITY, entityId: id, action: 'resubmit', before: { state: 'returned' }, after: { state: 'pending' } });
}

/** A returned request given up: the assets go back to what they were. */
export async function withdrawDisposal(tx: Db, actor: Actor, id: number, reason: string, clock: Clock): Promise<void> {
  const s = actor.schoolId;
  const d = await loadDisposal(tx, s, id, true);
  if (d.state !== 'returned') throw illegal(d.state, 'withdraw');
  const now = clock.now();
  const [row] = await tx.update(disposalRequests).set({ state: 'cancelled', version: sql`${disposalRequests.version} + 1`, updatedAt: now })
    .where(and(eq(disposalRequests.schoolId, s), eq(disposalRequests.id, id), eq(disposalRequests.state, 'returned'))).returning();
  if (!row) throw illegal(d.state, 'withdraw');
  await restoreStatuses(tx, actor, d, '报废申请撤回');
  await completeTasks(tx, s, DISPOSAL_ENTITY, id);
  await addEvent(tx, actor, { schoolId: s, entity: 'disposal', entityId: id, kind: 'withdrawn', at: now, note: reason });
  await recordAudit(tx, actor, { entity: DISPOSAL_ENTITY, entityId: id, action: 'withdraw', before: { state: 'returned' }, after: { state: 'cancelled', reason } });
}

/**
 * Carrying out an approved request (date, recipient, proceeds): the assets are 已处置 and leave the
 * register's lists, kept for history. One conditional UPDATE: a double click does it once, then 409.
 */
export async function carryOutDisposal(tx: Db, actor: Actor, id: number, input: CarryOutInput, clock: Clock): Promise<void> {
  const s = actor.schoolId;
  const d = await loadDisposal(tx, s, id);
  if (d.state !== 'approved') throw illegal(d.state, 'carryOut');
  const now = clock.now();
  const [row] = await tx.update(disposalRequests).set({
    state: 'done', carriedOutOn: input.date, recipient: input.recipient, proceedsFen: input.proceedsFen, carryNote: input.note ?? null,
    doneAt: now, doneBy: actor.userId, version: sql`${disposalRequests.version} + 1`, updatedAt: now,
  }).where(and(eq(disposalRequests.schoolId, s), eq(disposalRequests.id, id), eq(disposalRequests.state, 'approved'))).returning();
  if (!row) throw illegal('done', 'carryOut');
  const items = await tx.update(disposalItems).set({ open: false })
    .where(and(eq(disposalItems.schoolId, s), eq(disposalItems.requestId, id))).returning({ assetId: disposalItems.assetId });
  await setAssetStatus(tx, actor, items.map((i) => i.assetId), 'disposed', {
    note: `${WAY_ZH[d.way as DisposalWay]} ${d.code}：${input.date} ${input.recipient}`, refKind: DISPOSAL_ENTITY, refId: id, at: now,
  });
  if (input.attachmentIds.length) await attachFiles(tx, actor, { entity: DISPOSAL_ENTITY, entityId: id, slot: 'carryOut' }, input.attachmentIds, 'attachmentIds');
  await completeTasks(tx, s, DISPOSAL_ENTITY, id);
  await addEvent(tx, actor, { schoolId: s, entity: 'disposal', entityId: id, kind: 'carriedOut', at: now, note: input.note ?? null, data: { date: input.date, recipient: input.recipient, proceedsFen: input.proceedsFen } });
  await recordAudit(tx, actor, { entity: DISPOSAL_ENTITY, entityId: id, action: 'carryOut', before: { state: 'approved' }, after: {
    state: 'done', date: input.date, recipient: input.recipient, proceedsFen: input.proceedsFen, note: input.note ?? null, assetIds: items.map((i) => i.assetId),
  } });
}

/* ───────────── The approval engine's hooks (inside the deciding transaction) ───────────── */

async function decided(tx: Db, doc: ApprovalDocRef, to: 'approved' | 'rejected' | 'returned'): Promise<DisposalRow> {
  const d = await loadDisposal(tx, doc.schoolId, doc.documentId, true);
  const now = processClock.now();
  const [row] = await tx.update(disposalRequests).set({ state: to, decidedAt: now, version: sql`${disposalRequests.version} + 1`, updatedAt: now })
    .where(and(eq(disposalRequests.schoolId, doc.schoolId), eq(disposalRequests.id, d.id), eq(disposalRequests.state, 'pending'))).returning();
  if (!row) throw illegal(d.state, to);
  await addEvent(tx, doc.actor, { schoolId: doc.schoolId, entity: 'disposal', entityId: d.id, kind: to, at: now, note: doc.comment, data: { approvalId: doc.approvalId } });
  await recordAudit(tx, doc.actor, { entity: DISPOSAL_ENTITY, entityId: d.id, action: to, before: { state: 'pending' }, after: { state: to, approvalId: doc.approvalId } });
  return row;
}

export const disposalApprovalKind: ApprovalKindDef = {
  kind: DISPOSAL_KIND,
  labelKey: 'disposal.kindName',
  // Until the school edits its rules: the vice principal for logistics; the principal too from 5,000 元.
  // Above the school's threshold (approvals setting, default 10,000 元) the engine asks for a collective decision.
  defaultChains: [
    { minAmountFen: 0, steps: ['vice_principal'] },
    { minAmountFen: 500_000, steps: ['vice_principal', 'principal'] },
  ],
  link: disposalLink,
  onApproved: async (tx, doc) => {
    const d = await decided(tx, doc, 'approved');
    const params = { code: d.code };
    if (d.createdBy) {
      await notify(tx, { schoolId: d.schoolId, userIds: [d.createdBy], kind: 'disposal.notify.approved', params, link: disposalLink(d.id), entity: DISPOSAL_ENTITY, entityId: d.id });
      await createTask(tx, { schoolId: d.schoolId, module: 'assets', kind: 'disposal.task.carryOut', params, entity: DISPOSAL_ENTITY, entityId: d.id, assigneeId: d.createdBy, dueAt: new Date(processClock.now().getTime() + 30 * 86_400_000), link: disposalLink(d.id) });
    }
  },
  onRejected: async (tx, doc) => {
    const d = await decided(tx, doc, 'rejected');
    await restoreStatuses(tx, doc.actor, d, '报废申请未获批准');
    if (d.createdBy) await notify(tx, { schoolId: d.schoolId, userIds: [d.createdBy], kind: 'disposal.notify.rejected', params: { code: d.code, comment: doc.comment ?? '' }, link: disposalLink(d.id), entity: DISPOSAL_ENTITY, entityId: d.id });
  },
  onReturned: async (tx, doc) => {
    const d = await decided(tx, doc, 'returned');
    const params = { code: d.code, comment: doc.comment ?? '' };
    if (d.createdBy) {
      await notify(tx, { schoolId: d.schoolId, userIds: [d.createdBy], kind: 'disposal.notify.returned', params, link: disposalLink(d.id), entity: DISPOSAL_ENTITY, entityId: d.id });
      await createTask(tx, { schoolId: d.schoolId, module: 'assets', kind: 'disposal.task.revise', params, entity: DISPOSAL_ENTITY, entityId: d.id, assigneeId: d.createdBy, dueAt: new Date(processClock.now().getTime() + 14 * 86_400_000), link: disposalLink(d.id) });
    }
  },
};
