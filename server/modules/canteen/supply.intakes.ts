import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import * as c from '../../../contracts/canteenSupply';
import { recordAudit, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { addDays, localDate, startOfDay, zonedTime } from '../../platform/schedules';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { users } from '../../platform/platform.tables';
import { canteenIntakeItems, canteenIntakes, canteenSuppliers } from './supply.tables';
import { ENTITY, addMonths, amountOf, badField, historyOf, iso, notFound, num, numOrNull, schoolZone, stale, ymd, ymdOrNull } from './supply.common';
import { supplySettingsOf } from './supply.settings';
import { assertAdmissible } from './supply.suppliers';

type IntakeInput = z.output<typeof c.CreateIntakeInput>;
type ItemInput = z.output<typeof c.IntakeItemInput>;

/** Months kept after the latest shelf-life expiry; months kept after intake where an item has no shelf life (RULES.md). */
export const RETAIN_AFTER_EXPIRY_MONTHS = 6;
export const RETAIN_NO_SHELF_LIFE_MONTHS = 24;

/** The day from which an intake may be deleted: the latest of (expiry + 6 months) over items with a shelf life and (intake + 2 years) if any item has none. */
export function retainUntilOf(receivedOn: string, items: { expiresOn: string | null }[]): string {
  let until = '0000-01-01';
  for (const it of items) {
    const d = it.expiresOn ? addMonths(it.expiresOn, RETAIN_AFTER_EXPIRY_MONTHS) : addMonths(receivedOn, RETAIN_NO_SHELF_LIFE_MONTHS);
    if (d > until) until = d;
  }
  return until;
}

/** Whether an item counts as a bulk staple: its own flag, else its name contains a name of the settings' list. */
export const isBulk = (item: { name: string; bulk?: boolean }, staples: readonly string[]) =>
  item.bulk ?? staples.some((s) => item.name.includes(s));

interface PreparedItem {
  id?: number; line: number; name: string; spec: string | null; category: string; bulk: boolean; quantity: number; unit: string;
  unitPriceFen: number; amountFen: number; productionDate: string | null; batch: string | null; shelfLifeDays: number | null;
  expiresOn: string | null; temperature: number | null; destination: 'kitchen' | 'store'; result: 'accepted' | 'refused';
  refuseReason: string | null; disposal: 'returned' | 'destroyed' | null; certFileIds: string[];
}

/** Every rule of an intake (RULES.md 进货查验, 大宗食材): answers the items ready to store, or a 400 naming the field. */
async function prepare(tx: Db, actor: Actor, clock: Clock, input: IntakeInput, opts: { admitted?: { supplierId: number; receivedOn: string } } = {}) {
  const tz = await schoolZone(tx, actor.schoolId);
  const now = clock.now();
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : now;
  if (receivedAt.getTime() > now.getTime() + 10 * 60_000) throw badField('receivedAt', 'canteen.supply.intakeInFuture');
  const receivedOn = localDate(receivedAt, tz);
  // A correction keeping the supplier and the day is not a new delivery: admission was checked when it came in.
  const same = opts.admitted && opts.admitted.supplierId === input.supplierId && opts.admitted.receivedOn === receivedOn;
  if (!same) await assertAdmissible(tx, actor.schoolId, input.supplierId, receivedOn);
  const settings = await supplySettingsOf(tx, actor.schoolId);

  const inspectorIds = [...new Set(input.inspectorIds)];
  const known = await tx.select({ id: users.id }).from(users).where(and(eq(users.schoolId, actor.schoolId), inArray(users.id, inspectorIds), eq(users.active, true)));
  if (known.length !== inspectorIds.length) throw badField('inspectorIds', 'canteen.supply.inspectorUnknown');

  const items: PreparedItem[] = input.items.map((it: ItemInput, i) => {
    const at = (f: string) => `items.${i}.${f}`;
    const bulk = isBulk(it, settings.bulkStaples);
    const productionDate = it.productionDate ?? null;
    const shelfLifeDays = it.shelfLifeDays ?? null;
    if (productionDate && productionDate > receivedOn) throw badField(at('productionDate'), 'canteen.supply.productionAfterIntake');
    if (shelfLifeDays !== null && !productionDate) throw badField(at('productionDate'), 'canteen.supply.shelfLifeNeedsDate');
    const expiresOn = productionDate && shelfLifeDays !== null ? addDays(productionDate, shelfLifeDays) : null;
    if (!productionDate && !it.batch && it.category !== 'vegetable' && it.category !== 'fruit') throw badField(at('productionDate'), 'canteen.supply.dateOrBatch');
    if (it.result === 'refused') {
      if (!it.refuseReason) throw badField(at('refuseReason'), 'canteen.supply.refuseReasonRequired');
      if (!it.disposal) throw badField(at('disposal'), 'canteen.supply.disposalRequired');
    } else {
      if (expiresOn && expiresOn < receivedOn) throw badField(at('shelfLifeDays'), 'canteen.supply.itemExpired', { date: expiresOn });
      if ((c.ITEM_CERT_CATEGORIES as readonly string[]).includes(it.category) && !it.certFileIds.length) throw badField(at('certFileIds'), 'canteen.supply.itemNeedsCert');
    }
    const amountFen = amountOf(it.quantity, it.unitPriceFen);
    if (amountFen > 2_000_000_000) throw badField(at('quantity'), 'canteen.supply.amountTooLarge');
    return {
      id: it.id, line: i + 1, name: it.name, spec: it.spec ?? null, category: it.category, bulk, quantity: it.quantity, unit: it.unit,
      unitPriceFen: it.unitPriceFen, amountFen, productionDate, batch: it.batch ?? null, shelfLifeDays, expiresOn,
      temperature: it.temperature ?? null, destination: it.destination, result: it.result,
      refuseReason: it.result === 'refused' ? it.refuseReason ?? null : null, disposal: it.result === 'refused' ? it.disposal ?? null : null,
      certFileIds: it.certFileIds,
    };
  });
  const hasBulk = items.some((x) => x.bulk);
  if (hasBulk && inspectorIds.length < settings.bulkInspectors) {
    throw badField('inspectorIds', 'canteen.supply.bulkNeedsInspectors', { min: settings.bulkInspectors, items: items.filter((x) => x.bulk).map((x) => x.name).join('、') });
  }
  if (!input.certFileIds.length) throw badField('certFileIds', 'canteen.supply.intakeNeedsCerts');
  return {
    receivedAt, receivedOn, inspectorIds, items, hasBulk,
    refusedCount: items.filter((x) => x.result === 'refused').length,
    retainUntil: retainUntilOf(receivedOn, items),
  };
}

const itemValues = (schoolId: number, intakeId: number, receivedOn: string, x: PreparedItem) => ({
  schoolId, intakeId, receivedOn, line: x.line, name: x.name, spec: x.spec, category: x.category, bulk: x.bulk, quantity: x.quantity, unit: x.unit,
  unitPriceFen: x.unitPriceFen, amountFen: x.amountFen, productionDate: x.productionDate, batch: x.batch, shelfLifeDays: x.shelfLifeDays,
  expiresOn: x.expiresOn, temperature: x.temperature, destination: x.destination, result: x.result, refuseReason: x.refuseReason, disposal: x.disposal,
});

const summary = (p: Awaited<ReturnType<typeof prepare>>, input: IntakeInput) => ({
  supplierId: input.supplierId, receivedAt: p.receivedAt.toISOString(), inspectorIds: p.inspectorIds, retainUntil: p.retainUntil,
  items: p.items.map(({ certFileIds: _f, ...x }) => x), certFileIds: input.certFileIds, note: input.note ?? null,
});

export async function createIntake(tx: Db, actor: Actor, clock: Clock, input: IntakeInput): Promise<number> {
  if (input.items.some((x) => x.id !== undefined)) throw badField('items.0.id', 'canteen.supply.intakeItemUnknown');
  const p = await prepare(tx, actor, clock, input);
  const [{ id }] = await tx.insert(canteenIntakes).values({
    schoolId: actor.schoolId, supplierId: input.supplierId, receivedAt: p.receivedAt, receivedOn: p.receivedOn, inspectorIds: p.inspectorIds,
    hasBulk: p.hasBulk, refusedCount: p.refusedCount, retainUntil: p.retainUntil, note: input.note ?? null, createdBy: actor.userId,
  }).returning({ id: canteenIntakes.id });
  const made = await tx.insert(canteenIntakeItems).values(p.items.map((x) => itemValues(actor.schoolId, id, p.receivedOn, x))).returning({ id: canteenIntakeItems.id, line: canteenIntakeItems.line });
  await attachFiles(tx, actor, { entity: ENTITY.intake, entityId: id }, input.certFileIds, 'certFileIds');
  for (const m of made) {
    const x = p.items[m.line - 1];
    if (x.certFileIds.length) await attachFiles(tx, actor, { entity: ENTITY.item, entityId: m.id }, x.certFileIds, `items.${m.line - 1}.certFileIds`);
  }
  await recordAudit(tx, actor, { entity: ENTITY.intake, entityId: id, action: 'create', after: summary(p, input) });
  return id;
}

/**
 * A correction 更正 of an intake (any day, with a reason and the version read): the whole record
 * again; lines with an id are updated in place, lines left out are withdrawn, new lines added. A
 * store line already used (领用) keeps its result, destination and unit price and cannot drop
 * below the quantity used (409). Audited with the record before and after.
 */
export async function correctIntake(tx: Db, actor: Actor, clock: Clock, id: number, input: z.output<typeof c.UpdateIntakeInput>): Promise<void> {
  const [before] = await tx.select().from(canteenIntakes).where(and(eq(canteenIntakes.schoolId, actor.schoolId), eq(canteenIntakes.id, id), eq(canteenIntakes.active, true))).for('update');
  if (!before) throw notFound();
  if (before.version !== input.version) throw stale();
  const old = await tx.select().from(canteenIntakeItems)
    .where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), eq(canteenIntakeItems.intakeId, id), eq(canteenIntakeItems.active, true))).for('update');
  const byId = new Map(old.map((o) => [o.id, o]));
  const p = await prepare(tx, actor, clock, input, { admitted: { supplierId: before.supplierId, receivedOn: before.receivedOn } });
  for (const x of p.items) {
    if (x.id === undefined) continue;
    const o = byId.get(x.id);
    if (!o) throw badField(`items.${x.line - 1}.id`, 'canteen.supply.intakeItemUnknown');
    if (o.usedQuantity > 0 && (x.result !== 'accepted' || x.destination !== 'store' || x.unitPriceFen !== o.unitPriceFen || x.quantity < o.usedQuantity)) {
      throw new AppError('canteen.supply.intakeItemUsed', 409, { params: { name: o.name, used: o.usedQuantity } });
    }
  }
  const keep = new Set(p.items.map((x) => x.id).filter((x): x is number => x !== undefined));
  const gone = old.filter((o) => !keep.has(o.id));
  const usedGone = gone.find((o) => o.usedQuantity > 0);
  if (usedGone) throw new AppError('canteen.supply.intakeItemUsed', 409, { params: { name: usedGone.name, used: usedGone.usedQuantity } });
  if (gone.length) await tx.update(canteenIntakeItems).set({ active: false }).where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), inArray(canteenIntakeItems.id, gone.map((g) => g.id))));
  for (const x of p.items) {
    let itemId = x.id;
    const values = itemValues(actor.schoolId, id, p.receivedOn, x);
    if (itemId !== undefined) {
      await tx.update(canteenIntakeItems).set(values).where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), eq(canteenIntakeItems.id, itemId)));
    } else {
      [{ id: itemId }] = await tx.insert(canteenIntakeItems).values(values).returning({ id: canteenIntakeItems.id });
    }
    await attachFiles(tx, actor, { entity: ENTITY.item, entityId: itemId }, x.certFileIds, `items.${x.line - 1}.certFileIds`, { replace: true });
  }
  await attachFiles(tx, actor, { entity: ENTITY.intake, entityId: id }, input.certFileIds, 'certFileIds', { replace: true });
  await tx.update(canteenIntakes).set({
    supplierId: input.supplierId, receivedAt: p.receivedAt, receivedOn: p.receivedOn, inspectorIds: p.inspectorIds, hasBulk: p.hasBulk,
    refusedCount: p.refusedCount, retainUntil: p.retainUntil, note: input.note ?? null, version: before.version + 1, updatedAt: sql`now()`,
  }).where(and(eq(canteenIntakes.schoolId, actor.schoolId), eq(canteenIntakes.id, id)));
  await recordAudit(tx, actor, {
    entity: ENTITY.intake, entityId: id, action: 'correct',
    before: { supplierId: before.supplierId, receivedAt: before.receivedAt.toISOString(), inspectorIds: before.inspectorIds, retainUntil: before.retainUntil, items: old.map(({ schoolId: _s, ...o }) => o) },
    after: { ...summary(p, input), reason: input.reason },
  });
}

/**
 * Deletes an intake once its retention time has passed (RULES.md: 6 months after shelf-life expiry,
 * 2 years without shelf life): before → 409 naming the day it becomes deletable. The record is
 * withdrawn (active = false, who and when kept) and the deletion audited with the record.
 */
export async function deleteIntake(tx: Db, actor: Actor, clock: Clock, id: number, version: number): Promise<void> {
  const [row] = await tx.select().from(canteenIntakes).where(and(eq(canteenIntakes.schoolId, actor.schoolId), eq(canteenIntakes.id, id), eq(canteenIntakes.active, true))).for('update');
  if (!row) throw notFound();
  if (row.version !== version) throw stale();
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  if (today < row.retainUntil) throw new AppError('canteen.supply.intakeRetained', 409, { params: { date: row.retainUntil } });
  const items = await tx.select().from(canteenIntakeItems).where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), eq(canteenIntakeItems.intakeId, id), eq(canteenIntakeItems.active, true)));
  await tx.update(canteenIntakes).set({ active: false, deletedBy: actor.userId, deletedAt: clock.now(), version: row.version + 1, updatedAt: sql`now()` })
    .where(and(eq(canteenIntakes.schoolId, actor.schoolId), eq(canteenIntakes.id, id)));
  await tx.update(canteenIntakeItems).set({ active: false }).where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), eq(canteenIntakeItems.intakeId, id)));
  await recordAudit(tx, actor, {
    entity: ENTITY.intake, entityId: id, action: 'delete',
    before: { supplierId: row.supplierId, receivedOn: row.receivedOn, retainUntil: row.retainUntil, items: items.map(({ schoolId: _s, ...o }) => o) },
  });
}

// ── Reading ──

const listSelect = {
  id: canteenIntakes.id, schoolId: canteenIntakes.schoolId, supplierId: canteenIntakes.supplierId, supplierName: canteenSuppliers.name,
  receivedAt: canteenIntakes.receivedAt, receivedOn: canteenIntakes.receivedOn, hasBulk: canteenIntakes.hasBulk, refusedCount: canteenIntakes.refusedCount,
  inspectorIds: canteenIntakes.inspectorIds, retainUntil: canteenIntakes.retainUntil, note: canteenIntakes.note, active: canteenIntakes.active,
  version: canteenIntakes.version, createdAt: canteenIntakes.createdAt, updatedAt: canteenIntakes.updatedAt,
  itemCount: sql<number>`(SELECT count(*)::int FROM canteen_intake_items it WHERE it.school_id = canteen_intakes.school_id AND it.intake_id = canteen_intakes.id AND it.active)`,
  acceptedAmountFen: sql<number>`(SELECT coalesce(sum(it.amount_fen), 0)::int FROM canteen_intake_items it WHERE it.school_id = canteen_intakes.school_id AND it.intake_id = canteen_intakes.id AND it.active AND it.result = 'accepted')`,
  inspectorNames: sql<string[]>`(SELECT coalesce(array_agg(u.name ORDER BY array_position(canteen_intakes.inspector_ids, u.id)), '{}') FROM users u WHERE u.school_id = canteen_intakes.school_id AND u.id = ANY(canteen_intakes.inspector_ids))`,
};
type ListRow = { [K in keyof typeof listSelect]: unknown };

const shapeIntake = (r: ListRow): c.Intake => ({
  id: Number(r.id), schoolId: Number(r.schoolId), supplierId: Number(r.supplierId), supplierName: String(r.supplierName),
  receivedAt: iso(r.receivedAt), receivedOn: ymd(r.receivedOn), itemCount: num(r.itemCount),
  acceptedCount: num(r.itemCount) - num(r.refusedCount), refusedCount: num(r.refusedCount), hasBulk: Boolean(r.hasBulk),
  acceptedAmountFen: num(r.acceptedAmountFen), inspectorIds: (r.inspectorIds as number[]).map(Number),
  inspectorNames: (typeof r.inspectorNames === 'string' ? parsePgArray(r.inspectorNames) : (r.inspectorNames as string[])) ?? [],
  retainUntil: ymd(r.retainUntil), note: (r.note as string | null) ?? null, active: Boolean(r.active), version: Number(r.version),
  createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt),
});

/** A text[] that came back as its literal ('{"a","b"}'): names without commas or quotes in the common case, quoted ones unescaped. */
function parsePgArray(s: string): string[] {
  const inner = s.replace(/^\{|\}$/g, '');
  if (!inner) return [];
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^,]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

export async function listIntakes(db: Db, schoolIds: number[], q: z.infer<typeof c.IntakeListQuery>) {
  const ks = keyset({ sort: q.sort, defaultSort: '-receivedAt', sorts: { receivedAt: canteenIntakes.receivedAt }, id: canteenIntakes.id, cursor: q.cursor });
  const tz = await schoolZone(db, schoolIds[0]);
  const rows = await db.select(listSelect).from(canteenIntakes)
    .innerJoin(canteenSuppliers, and(eq(canteenSuppliers.schoolId, canteenIntakes.schoolId), eq(canteenSuppliers.id, canteenIntakes.supplierId)))
    .where(and(
      inArray(canteenIntakes.schoolId, schoolIds), eq(canteenIntakes.active, true), ks.where,
      q.from ? sql`${canteenIntakes.receivedAt} >= ${startOfDay(q.from, tz).toISOString()}` : undefined,
      q.to ? sql`${canteenIntakes.receivedAt} < ${zonedTime(addDays(q.to, 1), '00:00', tz).toISOString()}` : undefined,
      q.supplierId ? eq(canteenIntakes.supplierId, q.supplierId) : undefined,
      q.refused === true ? sql`${canteenIntakes.refusedCount} > 0` : q.refused === false ? sql`${canteenIntakes.refusedCount} = 0` : undefined,
    )).orderBy(...ks.orderBy).limit(q.limit);
  return { items: rows.map(shapeIntake), nextCursor: ks.next(rows as Record<string, unknown>[], q.limit) };
}

export async function getIntake(db: Db, schoolIds: number[], id: number): Promise<c.IntakeDetail> {
  const [row] = await db.select({ ...listSelect, address: canteenSuppliers.address, contact: canteenSuppliers.contact, phone: canteenSuppliers.phone, creditCode: canteenSuppliers.creditCode })
    .from(canteenIntakes)
    .innerJoin(canteenSuppliers, and(eq(canteenSuppliers.schoolId, canteenIntakes.schoolId), eq(canteenSuppliers.id, canteenIntakes.supplierId)))
    .where(and(inArray(canteenIntakes.schoolId, schoolIds), eq(canteenIntakes.id, id), eq(canteenIntakes.active, true)));
  if (!row) throw notFound();
  const schoolId = Number(row.schoolId);
  const items = await db.select().from(canteenIntakeItems)
    .where(and(eq(canteenIntakeItems.schoolId, schoolId), eq(canteenIntakeItems.intakeId, id), eq(canteenIntakeItems.active, true))).orderBy(canteenIntakeItems.line);
  const [certs, itemCerts] = await Promise.all([filesOf(db, schoolId, ENTITY.intake, [id]), filesOf(db, schoolId, ENTITY.item, items.map((i) => i.id))]);
  const strip = (xs: { slot: string | null }[] | undefined) => (xs ?? []).map(({ slot: _s, ...f }) => f as z.infer<typeof import('../../../contracts/files').FileRef>);
  return {
    ...shapeIntake(row),
    items: items.map((i) => ({
      id: i.id, line: i.line, name: i.name, spec: i.spec, category: i.category as c.ItemCategory, bulk: i.bulk, quantity: num(i.quantity), unit: i.unit,
      unitPriceFen: i.unitPriceFen, amountFen: i.amountFen, productionDate: ymdOrNull(i.productionDate), batch: i.batch, shelfLifeDays: i.shelfLifeDays,
      expiresOn: ymdOrNull(i.expiresOn), temperature: numOrNull(i.temperature), destination: i.destination, result: i.result, refuseReason: i.refuseReason,
      disposal: i.disposal, usedQuantity: num(i.usedQuantity), certs: strip(itemCerts.get(i.id)),
    })),
    certs: strip(certs.get(id)),
    supplier: { name: String(row.supplierName), address: row.address, contact: row.contact, phone: row.phone, creditCode: row.creditCode },
    history: await historyOf(db, schoolId, [{ entity: ENTITY.intake, ids: [id] }]),
  };
}

/** Store batches with stock left, oldest first (the FIFO order the usage form proposes). */
export async function storeBatches(db: Db, schoolId: number, q: string | undefined) {
  const rows = await rowsOf<Record<string, unknown>>(db, sql`
    SELECT it.id, it.intake_id, it.received_on::text AS received_on, s.name AS supplier_name, it.name, it.spec, it.unit, it.unit_price_fen,
           it.quantity, it.quantity - it.used_quantity AS remaining, it.expires_on::text AS expires_on
      FROM canteen_intake_items it
      JOIN canteen_intakes i ON i.school_id = it.school_id AND i.id = it.intake_id
      JOIN canteen_suppliers s ON s.school_id = i.school_id AND s.id = i.supplier_id
     WHERE it.school_id = ${schoolId} AND it.active AND it.result = 'accepted' AND it.destination = 'store' AND it.used_quantity < it.quantity
       ${q ? sql`AND it.name ILIKE ${'%' + q.replace(/[\\%_]/g, (m) => '\\' + m) + '%'}` : sql``}
     ORDER BY it.received_on, it.id LIMIT 200`);
  return rows.map((r) => ({
    itemId: Number(r.id), intakeId: Number(r.intake_id), receivedOn: ymd(r.received_on), supplierName: String(r.supplier_name), name: String(r.name),
    spec: (r.spec as string | null) ?? null, unit: String(r.unit), unitPriceFen: Number(r.unit_price_fen), quantity: Number(r.quantity),
    remaining: Number(r.remaining), expiresOn: ymdOrNull(r.expires_on),
  }));
}

/** People who may inspect an intake: the school's active users (id, name), canteen staff first. */
export async function inspectorChoices(db: Db, schoolId: number) {
  const rows = await rowsOf<{ id: number; name: string; canteen: boolean }>(db, sql`
    SELECT u.id, u.name, EXISTS (SELECT 1 FROM user_roles r WHERE r.school_id = u.school_id AND r.user_id = u.id AND r.role = 'canteen_manager') AS canteen
      FROM users u WHERE u.school_id = ${schoolId} AND u.active ORDER BY 3 DESC, u.name, u.id LIMIT 500`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name }));
}

