import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  APPROVAL_KINDS, DamageSettings, DEFAULT_DAMAGE_SETTINGS,
  type CreateDamageInput, type UpdateDamageInput, type PaymentInput, type WaiverInput, type DamageAction, type DamageRule, type DamageState, type ResponsibleType,
} from '../../../contracts/assetsProcess';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { attachFiles } from '../../platform/files';
import { notify } from '../../platform/notifications';
import { getSettings, type SettingsDef } from '../../platform/settings';
import { localDate } from '../../platform/schedules';
import { submitForApproval, type ApprovalDocRef, type ApprovalKindDef } from '../../platform/approvals';
import { refs, studentService } from '../org';
import { getAssetsByIds, currentNetValues, addAssetEvent } from './assets.service';
import { damageReports, damageWaivers, damagePayments } from './process.tables';
import { addEvent, nextCode, notStaff, schoolTimezone, hasRole, processClock } from './process.shared';
import { ASSET_KEEPERS, PROCESS_LEADERS } from './process.policy';

export type DamageRow = typeof damageReports.$inferSelect;
export const DAMAGE_ENTITY = 'damage';
export const WAIVER_KIND = APPROVAL_KINDS.damageWaiver;
export const damageLink = (id: number) => `/assets/damage/${id}`;

/** The school's compensation rule (GET/PATCH /api/v1/settings/damage). */
export const damageSettingsDef: SettingsDef<DamageSettings> = {
  module: 'damage',
  schema: DamageSettings,
  defaults: DEFAULT_DAMAGE_SETTINGS,
  read: 'assets.damage.settings.read',
  write: 'assets.damage.settings.write',
};

/** Who sees every report (and the boarders flag); others see what they found or reported. */
export const DAMAGE_READERS_ALL = [...PROCESS_LEADERS, 'dorm_manager'] as const;
export const seesAllDamage = (roles: readonly string[] | undefined) => hasRole(roles, DAMAGE_READERS_ALL);

/** round(n / d) half up, exactly (BigInt: fen × quantity × percent may pass 2^53). */
function divRound(n: bigint, d: bigint): number {
  return Number((2n * n + d) / (2n * d));
}

export interface ValuedAsset { lowValue: boolean; originalValueFen: number; quantity: number }

/**
 * The compensation by the school's rule: deliberate damage a share (default 100 %) of the current
 * net value, accidental another (default 50 %); a low-value item (not depreciated) by its original
 * value. A card holding several units is charged for the units damaged. Rounded once, to the fen.
 */
export function compensation(asset: ValuedAsset, netValueFen: number, settings: DamageSettings, deliberate: boolean, quantity: number, month: string): { amountFen: number; rule: DamageRule } {
  const baseKind = asset.lowValue ? 'original' : 'net';
  const cardValueFen = asset.lowValue ? asset.originalValueFen : netValueFen;
  const cardQuantity = Math.max(1, asset.quantity);
  const q = Math.min(quantity, cardQuantity);
  const percent = deliberate ? settings.deliberatePercent : settings.accidentalPercent;
  const baseFen = divRound(BigInt(cardValueFen) * BigInt(q), BigInt(cardQuantity));
  const amountFen = divRound(BigInt(cardValueFen) * BigInt(q) * BigInt(percent), BigInt(cardQuantity) * 100n);
  return { amountFen, rule: { deliberate, percent, baseKind, baseFen, cardValueFen, cardQuantity, quantity: q, month } };
}

/** The state a report is in from its money (cancelled and waiting reports are set by their steps). */
export function damageState(type: ResponsibleType, amountFen: number, paidFen: number, waived: boolean): DamageState {
  if (type === 'unknown') return 'no_party';
  if (amountFen === 0 && waived) return 'waived';
  return paidFen >= amountFen ? 'paid' : 'outstanding';
}

export function damageActions(who: { roles?: readonly string[] }, d: Pick<DamageRow, 'state' | 'paidFen'>, openWaiver: { state: string } | null, everWaived: boolean): DamageAction[] {
  const out: DamageAction[] = [];
  const manage = hasRole(who.roles, ASSET_KEEPERS);
  const pay = hasRole(who.roles, ['admin', 'director', 'storekeeper', 'accountant']);
  const untouched = d.paidFen === 0 && !openWaiver && !everWaived;
  if (manage && (d.state === 'outstanding' || d.state === 'no_party') && untouched) out.push('edit', 'cancel');
  if (pay && d.state === 'outstanding' && openWaiver?.state !== 'pending') out.push('pay');
  if (manage && d.state === 'outstanding' && openWaiver?.state !== 'pending') out.push('waive');
  return out;
}

async function loadReport(tx: Db, schoolId: number, id: number, lock = false): Promise<DamageRow> {
  const q = tx.select().from(damageReports).where(and(eq(damageReports.schoolId, schoolId), eq(damageReports.id, id))).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('notFound', 404);
  return row;
}

const illegal = (state: string, action: string) => new AppError('damage.illegalState', 409, { params: { state, action } });

/** The responsible party, checked in the school's records: its id and name as written on the report. */
async function partyOf(tx: Db, s: number, type: ResponsibleType, id: number | null | undefined): Promise<{ id: number | null; name: string | null }> {
  if (type === 'unknown') return { id: null, name: null };
  const refuse = () => new AppError('damage.partyUnknown', 400, { fields: [{ path: 'responsibleId', code: 'damage.partyUnknown' }] });
  if (!id) throw new AppError('damage.partyRequired', 400, { fields: [{ path: 'responsibleId', code: 'damage.partyRequired' }] });
  try {
    if (type === 'student') {
      const st = await studentService.getRow(tx, [s], id);
      const cls = await refs.schoolClass(tx, s, Number(st.classId), 'responsibleId');
      return { id, name: `${String(st.name)}（${String(cls.grade)}年级${String(cls.name)}）` };
    }
    if (type === 'class') {
      const cls = await refs.schoolClass(tx, s, id, 'responsibleId');
      return { id, name: `${String(cls.grade)}年级${String(cls.name)}` };
    }
    const u = await refs.user(tx, s, id, 'responsibleId');
    return { id, name: String(u.name) };
  } catch (e) {
    if (e instanceof AppError && (e.status === 404 || e.status === 400)) throw refuse();
    throw e;
  }
}

async function valueOf(tx: Db, s: number, assetId: number, clock: Clock) {
  const [asset] = await getAssetsByIds(tx, s, [assetId]);
  if (!asset) throw new AppError('damage.assetUnknown', 400, { fields: [{ path: 'assetId', code: 'damage.assetUnknown' }] });
  const net = (await currentNetValues(tx, s, [assetId], clock)).get(assetId) ?? asset.originalValueFen;
  return { asset, net };
}

export function createDamageService(deps: { clock: Clock }) {
  const { clock } = deps;

  async function compute(tx: Db, s: number, assetId: number, deliberate: boolean, quantity: number) {
    const { asset, net } = await valueOf(tx, s, assetId, clock);
    if (quantity > Math.max(1, asset.quantity)) {
      throw new AppError('damage.quantityTooLarge', 400, { params: { max: asset.quantity }, fields: [{ path: 'quantity', code: 'damage.quantityTooLarge', params: { max: asset.quantity } }] });
    }
    const settings = await getSettings(tx, s, damageSettingsDef);
    const tz = await schoolTimezone(tx, s);
    const month = localDate(clock.now(), tz).slice(0, 7);
    return { asset, ...compensation(asset, net, settings, deliberate, quantity, month) };
  }

  /** A damage report: the amount by the school's rule is computed and stored with the rule used. */
  async function create(tx: Db, actor: Actor, input: CreateDamageInput): Promise<number> {
    const s = actor.schoolId;
    const { asset, amountFen, rule } = await compute(tx, s, input.assetId, input.deliberate, input.quantity);
    if (asset.status === 'disposed') throw new AppError('damage.assetDisposed', 409, { params: { code: asset.code } });
    const party = await partyOf(tx, s, input.responsibleType, input.responsibleId);
    const foundBy = input.foundById ?? actor.userId;
    if (input.foundById && (await notStaff(tx, s, [input.foundById])).length) throw new AppError('damage.finderUnknown', 400, { fields: [{ path: 'foundById', code: 'damage.finderUnknown' }] });
    const now = clock.now();
    const tz = await schoolTimezone(tx, s);
    const code = await nextCode(tx, s, 'PC', Number(localDate(now, tz).slice(0, 4)), 4);
    const due = input.responsibleType === 'unknown' ? 0 : amountFen;
    const [d] = await tx.insert(damageReports).values({
      schoolId: s, code, assetId: asset.id, assetCode: asset.code, assetName: asset.name, lowValue: asset.lowValue, quantity: rule.quantity,
      foundBy, foundOn: input.foundOn, responsibleType: input.responsibleType, responsibleId: party.id, responsibleName: party.name,
      deliberate: input.deliberate, description: input.description, computedFen: amountFen, amountFen: due, paidFen: 0, rule,
      state: damageState(input.responsibleType, due, 0, false), reportedBy: actor.userId, createdAt: now, updatedAt: now,
    }).returning();
    if (input.photoIds.length) await attachFiles(tx, actor, { entity: DAMAGE_ENTITY, entityId: d.id, slot: 'photo' }, input.photoIds, 'photoIds');
    await addAssetEvent(tx, actor, asset.id, { kind: 'damage', note: `${code} ${input.description}`.slice(0, 500), refKind: DAMAGE_ENTITY, refId: d.id, at: now });
    await addEvent(tx, actor, { schoolId: s, entity: 'damage', entityId: d.id, kind: 'reported', at: now, note: input.description, data: { amountFen: due, computedFen: amountFen, rule } });
    await recordAudit(tx, actor, { entity: DAMAGE_ENTITY, entityId: d.id, action: 'create', after: {
      code, assetId: asset.id, quantity: rule.quantity, foundBy, foundOn: input.foundOn, responsibleType: input.responsibleType, responsibleId: party.id,
      deliberate: input.deliberate, description: input.description, computedFen: amountFen, amountFen: due, rule,
    } });
    const directors = await rowsOf<{ id: number }>(tx, sql`SELECT DISTINCT u.id FROM users u JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id
      WHERE u.school_id = ${s} AND u.active AND r.role = 'director'`);
    await notify(tx, { schoolId: s, userIds: directors.map((x) => Number(x.id)).filter((x) => x !== actor.userId), kind: 'damage.notify.reported', params: { code, asset: asset.name, amount: (due / 100).toFixed(2) }, link: damageLink(d.id), entity: DAMAGE_ENTITY, entityId: d.id });
    return d.id;
  }

  async function waiversOf(tx: Db, s: number, reportId: number) {
    return tx.select().from(damageWaivers).where(and(eq(damageWaivers.schoolId, s), eq(damageWaivers.reportId, reportId))).orderBy(damageWaivers.id);
  }

  /** Corrects a report before any money or waiver touched it: the amount is computed again. */
  async function update(tx: Db, actor: Actor, id: number, input: UpdateDamageInput): Promise<void> {
    const s = actor.schoolId;
    const d = await loadReport(tx, s, id, true);
    if (input.version !== d.version) throw new AppError('conflict', 409);
    const waivers = await waiversOf(tx, s, id);
    if (!['outstanding', 'no_party'].includes(d.state) || d.paidFen > 0 || waivers.some((w) => w.state !== 'withdrawn' && w.state !== 'rejected')) throw illegal(d.state, 'edit');
    const type = input.responsibleType ?? (d.responsibleType as ResponsibleType);
    const deliberate = input.deliberate ?? d.deliberate;
    const quantity = input.quantity ?? d.quantity;
    const party = await partyOf(tx, s, type, input.responsibleId !== undefined ? input.responsibleId : d.responsibleId);
    const { amountFen, rule } = await compute(tx, s, d.assetId, deliberate, quantity);
    if (input.foundById && (await notStaff(tx, s, [input.foundById])).length) throw new AppError('damage.finderUnknown', 400, { fields: [{ path: 'foundById', code: 'damage.finderUnknown' }] });
    const due = type === 'unknown' ? 0 : amountFen;
    const now = clock.now();
    const after = {
      quantity: rule.quantity, foundBy: input.foundById ?? d.foundBy, foundOn: input.foundOn ?? d.foundOn, responsibleType: type, responsibleId: party.id,
      responsibleName: party.name, deliberate, description: input.description ?? d.description, computedFen: amountFen, amountFen: due,
    };
    const [row] = await tx.update(damageReports).set({ ...after, rule, state: damageState(type, due, 0, false), version: sql`${damageReports.version} + 1`, updatedAt: now })
      .where(and(eq(damageReports.schoolId, s), eq(damageReports.id, id), eq(damageReports.version, d.version))).returning();
    if (!row) throw new AppError('conflict', 409);
    if (input.photoIds) await attachFiles(tx, actor, { entity: DAMAGE_ENTITY, entityId: id, slot: 'photo' }, input.photoIds, 'photoIds', { replace: true });
    await addEvent(tx, actor, { schoolId: s, entity: 'damage', entityId: id, kind: 'edited', at: now, data: { amountFen: due, computedFen: amountFen } });
    await recordAudit(tx, actor, { entity: DAMAGE_ENTITY, entityId: id, action: 'update', before: {
      quantity: d.quantity, foundBy: d.foundBy, foundOn: d.foundOn, responsibleType: d.responsibleType, responsibleId: d.responsibleId,
      responsibleName: d.responsibleName, deliberate: d.deliberate, description: d.description, computedFen: d.computedFen, amountFen: d.amountFen,
    }, after });
  }

  async function cancel(tx: Db, actor: Actor, id: number, reason: string): Promise<void> {
    const s = actor.schoolId;
    const d = await loadReport(tx, s, id, true);
    const waivers = await waiversOf(tx, s, id);
    if (!['outstanding', 'no_party'].includes(d.state) || d.paidFen > 0 || waivers.some((w) => w.state === 'pending' || w.state === 'returned' || w.state === 'approved')) throw illegal(d.state, 'cancel');
    const now = clock.now();
    await tx.update(damageReports).set({ state: 'cancelled', version: sql`${damageReports.version} + 1`, updatedAt: now })
      .where(and(eq(damageReports.schoolId, s), eq(damageReports.id, id)));
    await addEvent(tx, actor, { schoolId: s, entity: 'damage', entityId: id, kind: 'cancelled', at: now, note: reason });
    await recordAudit(tx, actor, { entity: DAMAGE_ENTITY, entityId: id, action: 'cancel', before: { state: d.state }, after: { state: 'cancelled', reason } });
  }

  /**
   * A payment (amount, date, receipt number, who took the money): income for finance (damage_payments).
   * The report's row lock orders concurrent payments; a receipt number is used once per school.
   */
  async function pay(tx: Db, actor: Actor, id: number, input: PaymentInput): Promise<number> {
    const s = actor.schoolId;
    const d = await loadReport(tx, s, id, true);
    if (d.state !== 'outstanding') throw illegal(d.state, 'pay');
    const waivers = await waiversOf(tx, s, id);
    if (waivers.some((w) => w.state === 'pending')) throw new AppError('damage.waiverPending', 409);
    const due = d.amountFen - d.paidFen;
    if (input.amountFen > due) throw new AppError('damage.overpaid', 400, { params: { due: (due / 100).toFixed(2) }, fields: [{ path: 'amountFen', code: 'damage.overpaid', params: { due: (due / 100).toFixed(2) } }] });
    if ((await notStaff(tx, s, [input.receivedById])).length) throw new AppError('damage.receiverUnknown', 400, { fields: [{ path: 'receivedById', code: 'damage.receiverUnknown' }] });
    const now = clock.now();
    let payment: { id: number };
    try {
      [payment] = await tx.insert(damagePayments).values({
        schoolId: s, reportId: id, amountFen: input.amountFen, paidOn: input.paidOn, receiptNo: input.receiptNo, payerName: input.payerName ?? null,
        receivedBy: input.receivedById, note: input.note ?? null, recordedBy: actor.userId, recordedAt: now,
      }).returning({ id: damagePayments.id });
    } catch (e) {
      if (pgErrorCode(e).code === '23505') throw new AppError('damage.receiptTaken', 409, { params: { receiptNo: input.receiptNo }, fields: [{ path: 'receiptNo', code: 'damage.receiptTaken', params: { receiptNo: input.receiptNo } }] });
      throw e;
    }
    const paid = d.paidFen + input.amountFen;
    const state = damageState(d.responsibleType as ResponsibleType, d.amountFen, paid, false);
    await tx.update(damageReports).set({ paidFen: paid, state, version: sql`${damageReports.version} + 1`, updatedAt: now })
      .where(and(eq(damageReports.schoolId, s), eq(damageReports.id, id)));
    await addEvent(tx, actor, { schoolId: s, entity: 'damage', entityId: id, kind: 'paid', at: now, note: input.note ?? null, data: { amountFen: input.amountFen, paidOn: input.paidOn, receiptNo: input.receiptNo, outstandingFen: d.amountFen - paid } });
    await recordAudit(tx, actor, { entity: DAMAGE_ENTITY, entityId: id, action: 'pay', before: { paidFen: d.paidFen, state: d.state }, after: {
      paidFen: paid, state, paymentId: payment.id, amountFen: input.amountFen, paidOn: input.paidOn, receiptNo: input.receiptNo, receivedBy: input.receivedById,
    } });
    return payment.id;
  }

  /**
   * A request to reduce (or waive, 0) the amount due: it is decided through the approval engine
   * (kind 'assets.damage_waiver', the reduction as the amount); the approval's hook applies it.
   * A returned request is changed and sent again by asking again.
   */
  async function requestWaiver(tx: Db, actor: Actor, id: number, input: WaiverInput): Promise<number> {
    const s = actor.schoolId;
    const d = await loadReport(tx, s, id, true);
    if (d.state !== 'outstanding') throw illegal(d.state, 'waive');
    if (input.amountFen >= d.amountFen) throw new AppError('damage.waiverNotLess', 400, { params: { amount: (d.amountFen / 100).toFixed(2) }, fields: [{ path: 'amountFen', code: 'damage.waiverNotLess', params: { amount: (d.amountFen / 100).toFixed(2) } }] });
    if (input.amountFen < d.paidFen) throw new AppError('damage.waiverBelowPaid', 400, { params: { paid: (d.paidFen / 100).toFixed(2) }, fields: [{ path: 'amountFen', code: 'damage.waiverBelowPaid', params: { paid: (d.paidFen / 100).toFixed(2) } }] });
    const waivers = await waiversOf(tx, s, id);
    if (waivers.some((w) => w.state === 'pending')) throw new AppError('damage.waiverPending', 409);
    const returned = waivers.find((w) => w.state === 'returned');
    const now = clock.now();
    let waiverId: number;
    if (returned) {
      await tx.update(damageWaivers).set({ state: 'pending', fromFen: d.amountFen, proposedFen: input.amountFen, reason: input.reason, decidedAt: null })
        .where(and(eq(damageWaivers.schoolId, s), eq(damageWaivers.id, returned.id), eq(damageWaivers.state, 'returned')));
      waiverId = returned.id;
    } else {
      const [w] = await tx.insert(damageWaivers).values({ schoolId: s, reportId: id, fromFen: d.amountFen, proposedFen: input.amountFen, reason: input.reason, state: 'pending', createdBy: actor.userId, createdAt: now })
        .returning({ id: damageWaivers.id });
      waiverId = w.id;
    }
    await submitForApproval(tx, actor, {
      kind: WAIVER_KIND, documentId: waiverId, amountFen: d.amountFen - input.amountFen,
      title: `赔偿减免 ${d.code}：${d.assetName}，${(d.amountFen / 100).toFixed(2)} 元 → ${(input.amountFen / 100).toFixed(2)} 元`,
      summary: input.reason.slice(0, 500),
    }, { clock });
    await addEvent(tx, actor, { schoolId: s, entity: 'damage', entityId: id, kind: returned ? 'waiverResubmitted' : 'waiverRequested', at: now, note: input.reason, data: { waiverId, fromFen: d.amountFen, proposedFen: input.amountFen } });
    await recordAudit(tx, actor, { entity: DAMAGE_ENTITY, entityId: id, action: 'requestWaiver', after: { waiverId, fromFen: d.amountFen, proposedFen: input.amountFen, reason: input.reason } });
    return waiverId;
  }

  /** A returned waiver request given up. */
  async function withdrawWaiver(tx: Db, actor: Actor, id: number): Promise<void> {
    const s = actor.schoolId;
    await loadReport(tx, s, id, true);
    const now = clock.now();
    const rows = await tx.update(damageWaivers).set({ state: 'withdrawn', decidedAt: now })
      .where(and(eq(damageWaivers.schoolId, s), eq(damageWaivers.reportId, id), eq(damageWaivers.state, 'returned'))).returning({ id: damageWaivers.id });
    if (!rows.length) throw new AppError('damage.noReturnedWaiver', 409);
    await addEvent(tx, actor, { schoolId: s, entity: 'damage', entityId: id, kind: 'waiverWithdrawn', at: now, data: { waiverId: rows[0].id } });
    await recordAudit(tx, actor, { entity: DAMAGE_ENTITY, entityId: id, action: 'withdrawWaiver', after: { waiverId: rows[0].id } });
  }

  return { create, update, cancel, pay, requestWaiver, withdrawWaiver, compute };
}

export type DamageService = ReturnType<typeof createDamageService>;

/* ───────────── The approval engine's hooks for a waiver ───────────── */

async function waiverDecided(tx: Db, doc: ApprovalDocRef, to: 'approved' | 'rejected' | 'returned') {
  const s = doc.schoolId;
  const now = processClock.now();
  const [w] = await tx.update(damageWaivers).set({ state: to, decidedAt: now })
    .where(and(eq(damageWaivers.schoolId, s), eq(damageWaivers.id, doc.documentId), eq(damageWaivers.state, 'pending'))).returning();
  if (!w) throw new AppError('damage.illegalState', 409, { params: { state: 'decided', action: to } });
  const d = await loadReport(tx, s, w.reportId, true);
  return { w, d, now };
}

export const damageWaiverApprovalKind: ApprovalKindDef = {
  kind: WAIVER_KIND,
  labelKey: 'damage.waiverKindName',
  // The vice principal for logistics; the principal too from 500 元 reduced.
  defaultChains: [
    { minAmountFen: 0, steps: ['vice_principal'] },
    { minAmountFen: 50_000, steps: ['vice_principal', 'principal'] },
  ],
  link: (waiverId) => `/assets/damage-waivers/${waiverId}`,
  onApproved: async (tx, doc) => {
    const { w, d, now } = await waiverDecided(tx, doc, 'approved');
    const state = d.state === 'outstanding' ? damageState(d.responsibleType as ResponsibleType, w.proposedFen, d.paidFen, true) : d.state;
    await tx.update(damageReports).set({ amountFen: w.proposedFen, state, version: sql`${damageReports.version} + 1`, updatedAt: now })
      .where(and(eq(damageReports.schoolId, d.schoolId), eq(damageReports.id, d.id)));
    await addEvent(tx, doc.actor, { schoolId: d.schoolId, entity: 'damage', entityId: d.id, kind: 'waiverApproved', at: now, note: doc.comment, data: { waiverId: w.id, fromFen: d.amountFen, toFen: w.proposedFen } });
    await recordAudit(tx, doc.actor, { entity: DAMAGE_ENTITY, entityId: d.id, action: 'waiverApproved', before: { amountFen: d.amountFen, state: d.state }, after: { amountFen: w.proposedFen, state, waiverId: w.id, approvalId: doc.approvalId } });
    if (w.createdBy) await notify(tx, { schoolId: d.schoolId, userIds: [w.createdBy], kind: 'damage.notify.waiverApproved', params: { code: d.code, amount: (w.proposedFen / 100).toFixed(2) }, link: damageLink(d.id), entity: DAMAGE_ENTITY, entityId: d.id });
  },
  onRejected: async (tx, doc) => {
    const { w, d, now } = await waiverDecided(tx, doc, 'rejected');
    await addEvent(tx, doc.actor, { schoolId: d.schoolId, entity: 'damage', entityId: d.id, kind: 'waiverRejected', at: now, note: doc.comment, data: { waiverId: w.id } });
    await recordAudit(tx, doc.actor, { entity: DAMAGE_ENTITY, entityId: d.id, action: 'waiverRejected', after: { waiverId: w.id, approvalId: doc.approvalId } });
    if (w.createdBy) await notify(tx, { schoolId: d.schoolId, userIds: [w.createdBy], kind: 'damage.notify.waiverRejected', params: { code: d.code }, link: damageLink(d.id), entity: DAMAGE_ENTITY, entityId: d.id });
  },
  onReturned: async (tx, doc) => {
    const { w, d, now } = await waiverDecided(tx, doc, 'returned');
    await addEvent(tx, doc.actor, { schoolId: d.schoolId, entity: 'damage', entityId: d.id, kind: 'waiverReturned', at: now, note: doc.comment, data: { waiverId: w.id } });
    await recordAudit(tx, doc.actor, { entity: DAMAGE_ENTITY, entityId: d.id, action: 'waiverReturned', after: { waiverId: w.id, approvalId: doc.approvalId } });
    if (w.createdBy) await notify(tx, { schoolId: d.schoolId, userIds: [w.createdBy], kind: 'damage.notify.waiverReturned', params: { code: d.code, comment: doc.comment ?? '' }, link: damageLink(d.id), entity: DAMAGE_ENTITY, entityId: d.id });
  },
};

/** The report a waiver belongs to (the approval inbox links to the waiver). */
export async function reportOfWaiver(db: Db, schoolIds: number[], waiverId: number): Promise<number | null> {
  const [r] = await db.select({ reportId: damageWaivers.reportId }).from(damageWaivers).where(and(inArray(damageWaivers.schoolId, schoolIds), eq(damageWaivers.id, waiverId))).limit(1);
  return r?.reportId ?? null;
}
