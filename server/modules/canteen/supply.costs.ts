import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type * as c from '../../../contracts/canteenSupply';
import { recordAudit, type Actor } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { localDate } from '../../platform/schedules';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { canteenFeeIncome, canteenIntakeItems, canteenMealCounts, canteenUsage } from './supply.tables';
import { ENTITY, amountOf, badField, iso, notFound, num, schoolZone, stale, ymd } from './supply.common';
import { supplySettingsOf } from './supply.settings';

// ── Meal counts ──

const shapeCount = (r: typeof canteenMealCounts.$inferSelect): c.MealCount => ({
  id: r.id, date: r.date, meal: r.meal, students: r.students, staff: r.staff, version: r.version, updatedAt: r.updatedAt.toISOString(),
});

/**
 * Records a meal's counts (one row per school, day and meal). Without `version`: a new count — a
 * second submit of the same figures (a double click, two phones) answers the row already made; other
 * figures answer 409 (someone else recorded this meal: reload and edit). With `version`: an edit
 * of that version (409 when stale). No future days.
 */
export async function saveMealCount(tx: Db, actor: Actor, clock: Clock, input: c.MealCountInput): Promise<{ row: c.MealCount; created: boolean }> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  if (input.date > today) throw badField('date', 'canteen.supply.mealCountFuture');
  const where = and(eq(canteenMealCounts.schoolId, actor.schoolId), eq(canteenMealCounts.date, input.date), eq(canteenMealCounts.meal, input.meal));
  if (input.version === undefined) {
    const [made] = await tx.insert(canteenMealCounts).values({ schoolId: actor.schoolId, date: input.date, meal: input.meal, students: input.students, staff: input.staff, createdBy: actor.userId })
      .onConflictDoNothing().returning();
    if (made) {
      await recordAudit(tx, actor, { entity: ENTITY.mealCount, entityId: made.id, action: 'create', after: { date: input.date, meal: input.meal, students: input.students, staff: input.staff } });
      return { row: shapeCount(made), created: true };
    }
    const [existing] = await tx.select().from(canteenMealCounts).where(where);
    if (existing && existing.students === input.students && existing.staff === input.staff) return { row: shapeCount(existing), created: false };
    throw stale();
  }
  const [before] = await tx.select().from(canteenMealCounts).where(where).for('update');
  if (!before) throw notFound();
  if (before.version !== input.version) throw stale();
  const [after] = await tx.update(canteenMealCounts).set({ students: input.students, staff: input.staff, version: before.version + 1, updatedAt: sql`now()` })
    .where(and(where, eq(canteenMealCounts.version, input.version))).returning();
  if (!after) throw stale();
  await recordAudit(tx, actor, { entity: ENTITY.mealCount, entityId: before.id, action: 'update', before: { students: before.students, staff: before.staff }, after: { students: after.students, staff: after.staff } });
  return { row: shapeCount(after), created: false };
}

export async function listMealCounts(db: Db, schoolId: number, from: string, to: string): Promise<c.MealCount[]> {
  if (to < from) throw badField('to', 'canteen.supply.rangeBackwards');
  const rows = await db.select().from(canteenMealCounts)
    .where(and(eq(canteenMealCounts.schoolId, schoolId), sql`${canteenMealCounts.date} BETWEEN ${from} AND ${to}`))
    .orderBy(canteenMealCounts.date, sql`array_position(ARRAY['breakfast','lunch','dinner'], ${canteenMealCounts.meal}::text)`).limit(1200);
  return rows.map(shapeCount);
}

// ── Usage 领用 ──

/**
 * Stock taken from the store on a day, from the batch chosen (the form proposes the oldest first:
 * FIFO). The batch row is locked, so two usages cannot take the same stock twice; the amount is the
 * quantity at the batch's unit price, and the usage that empties a batch takes the rest of the
 * batch's amount (the batch's amount is costed exactly once, whatever the rounding).
 */
export async function createUsage(tx: Db, actor: Actor, clock: Clock, input: z.output<typeof c.CreateUsageInput>): Promise<number> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  if (input.usedOn > today) throw badField('usedOn', 'canteen.supply.usageFuture');
  const [item] = await tx.select().from(canteenIntakeItems)
    .where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), eq(canteenIntakeItems.id, input.itemId), eq(canteenIntakeItems.active, true),
      eq(canteenIntakeItems.result, 'accepted'), eq(canteenIntakeItems.destination, 'store'))).for('update');
  if (!item) throw badField('itemId', 'canteen.supply.usageNotStore');
  if (input.usedOn < item.receivedOn) throw badField('usedOn', 'canteen.supply.usageBeforeIntake', { date: item.receivedOn });
  const used = num(item.usedQuantity);
  const remaining = Math.round((num(item.quantity) - used) * 1000) / 1000;
  if (input.quantity > remaining + 1e-9) throw badField('quantity', 'canteen.supply.usageExceedsStock', { remaining, unit: item.unit });
  const emptied = Math.abs(input.quantity - remaining) < 1e-9;
  let amountFen = amountOf(input.quantity, item.unitPriceFen);
  if (emptied) {
    const [{ sum }] = await rowsOf<{ sum: number }>(tx, sql`SELECT coalesce(sum(amount_fen), 0)::int AS sum FROM canteen_usage WHERE school_id = ${actor.schoolId} AND item_id = ${item.id}`);
    amountFen = Math.max(0, item.amountFen - Number(sum));
  }
  await tx.update(canteenIntakeItems).set({ usedQuantity: sql`${canteenIntakeItems.usedQuantity} + ${input.quantity}` })
    .where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), eq(canteenIntakeItems.id, item.id)));
  const [{ id }] = await tx.insert(canteenUsage).values({ schoolId: actor.schoolId, usedOn: input.usedOn, itemId: item.id, quantity: input.quantity, amountFen, note: input.note ?? null, createdBy: actor.userId })
    .returning({ id: canteenUsage.id });
  await recordAudit(tx, actor, { entity: ENTITY.usage, entityId: id, action: 'create', after: { usedOn: input.usedOn, itemId: item.id, name: item.name, quantity: input.quantity, amountFen } });
  return id;
}

/** Withdraws a usage recorded by mistake: its quantity returns to the batch. */
export async function deleteUsage(tx: Db, actor: Actor, id: number): Promise<void> {
  const [u] = await tx.select().from(canteenUsage).where(and(eq(canteenUsage.schoolId, actor.schoolId), eq(canteenUsage.id, id))).for('update');
  if (!u) throw notFound();
  await tx.update(canteenIntakeItems).set({ usedQuantity: sql`greatest(0, ${canteenIntakeItems.usedQuantity} - ${u.quantity})` })
    .where(and(eq(canteenIntakeItems.schoolId, actor.schoolId), eq(canteenIntakeItems.id, u.itemId)));
  await tx.delete(canteenUsage).where(and(eq(canteenUsage.schoolId, actor.schoolId), eq(canteenUsage.id, id)));
  await recordAudit(tx, actor, { entity: ENTITY.usage, entityId: id, action: 'delete', before: { usedOn: u.usedOn, itemId: u.itemId, quantity: u.quantity, amountFen: u.amountFen } });
}

export async function listUsage(db: Db, schoolId: number, q: z.infer<typeof c.UsageListQuery>): Promise<{ items: c.Usage[]; nextCursor: string | null }> {
  let after: [string, number] | null = null;
  if (q.cursor) {
    try { after = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8')) as [string, number]; } catch { throw badField('cursor', 'badCursor'); }
  }
  const rows = await rowsOf<Record<string, unknown>>(db, sql`
    SELECT u.id, u.used_on::text AS used_on, u.item_id, it.name, it.unit, u.quantity, it.unit_price_fen, u.amount_fen, u.note, u.created_at
      FROM canteen_usage u JOIN canteen_intake_items it ON it.school_id = u.school_id AND it.id = u.item_id
     WHERE u.school_id = ${schoolId}
       ${q.from ? sql`AND u.used_on >= ${q.from}` : sql``} ${q.to ? sql`AND u.used_on <= ${q.to}` : sql``}
       ${after ? sql`AND (u.used_on, u.id) < (${after[0]}::date, ${after[1]}::int)` : sql``}
     ORDER BY u.used_on DESC, u.id DESC LIMIT ${q.limit}`);
  const items = rows.map((r) => ({
    id: Number(r.id), usedOn: ymd(r.used_on), itemId: Number(r.item_id), name: String(r.name), unit: String(r.unit), quantity: Number(r.quantity),
    unitPriceFen: Number(r.unit_price_fen), amountFen: Number(r.amount_fen), note: (r.note as string | null) ?? null, createdAt: iso(r.created_at),
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === q.limit && last ? Buffer.from(JSON.stringify([last.usedOn, last.id])).toString('base64url') : null };
}

// ── Fee income ──

export async function saveIncome(tx: Db, actor: Actor, month: string, input: z.output<typeof c.FeeIncomeInput>): Promise<void> {
  const where = and(eq(canteenFeeIncome.schoolId, actor.schoolId), eq(canteenFeeIncome.month, month));
  if (input.version === undefined) {
    const [made] = await tx.insert(canteenFeeIncome).values({ schoolId: actor.schoolId, month, incomeFen: input.incomeFen, note: input.note ?? null }).onConflictDoNothing().returning({ id: canteenFeeIncome.id });
    if (!made) throw stale();
    await recordAudit(tx, actor, { entity: ENTITY.income, entityId: made.id, action: 'create', after: { month, incomeFen: input.incomeFen, note: input.note ?? null } });
    return;
  }
  const [before] = await tx.select().from(canteenFeeIncome).where(where).for('update');
  if (!before) throw notFound();
  if (before.version !== input.version) throw stale();
  await tx.update(canteenFeeIncome).set({ incomeFen: input.incomeFen, note: input.note === undefined ? before.note : input.note, version: before.version + 1, updatedAt: sql`now()` }).where(where);
  await recordAudit(tx, actor, { entity: ENTITY.income, entityId: before.id, action: 'update', before: { incomeFen: before.incomeFen }, after: { incomeFen: input.incomeFen } });
}

// ── The month's account ──

const div = (a: number, b: number): number | null => (b > 0 ? Math.round(a / b) : null);

/**
 * The monthly canteen account 成本核算 (the finance disclosure) in one set-based query: every day of
 * the month with its meal counts, the accepted kitchen intakes (直接入厨, cost the day they arrive)
 * and the store usage (领用, cost the day used); the students' share of the cost is the cost × student
 * meals / meals; student-days are, per day, the largest student count of the day's meals. Fee income
 * is the month's entered income, else meals × the settings' prices. Surplus = income − cost; the
 * margin (surplus / income) above the school's limit is flagged (公益性).
 */
export async function costMonth(db: Db, schoolId: number, month: string): Promise<c.CostMonth> {
  const settings = await supplySettingsOf(db, schoolId);
  const first = `${month}-01`;
  const sp = settings.studentPrices;
  const tp = settings.staffPrices;
  const rows = await rowsOf<Record<string, unknown>>(db, sql`
    WITH days AS (
      SELECT d::date AS d FROM generate_series(${first}::date, (${first}::date + interval '1 month' - interval '1 day'), interval '1 day') d
    ), mc AS (
      SELECT date AS d, sum(students)::int AS students, sum(staff)::int AS staff, max(students)::int AS student_days,
             sum(students * CASE meal WHEN 'breakfast' THEN ${sp.breakfast}::bigint WHEN 'lunch' THEN ${sp.lunch}::bigint ELSE ${sp.dinner}::bigint END
               + staff * CASE meal WHEN 'breakfast' THEN ${tp.breakfast}::bigint WHEN 'lunch' THEN ${tp.lunch}::bigint ELSE ${tp.dinner}::bigint END)::bigint AS fees
        FROM canteen_meal_counts
       WHERE school_id = ${schoolId} AND date >= ${first}::date AND date < ${first}::date + interval '1 month'
       GROUP BY date
    ), k AS (
      SELECT received_on AS d, sum(amount_fen)::bigint AS fen FROM canteen_intake_items
       WHERE school_id = ${schoolId} AND active AND result = 'accepted' AND destination = 'kitchen'
         AND received_on >= ${first}::date AND received_on < ${first}::date + interval '1 month'
       GROUP BY received_on
    ), u AS (
      SELECT used_on AS d, sum(amount_fen)::bigint AS fen FROM canteen_usage
       WHERE school_id = ${schoolId} AND used_on >= ${first}::date AND used_on < ${first}::date + interval '1 month'
       GROUP BY used_on
    )
    SELECT days.d::text AS d, coalesce(mc.students, 0) AS students, coalesce(mc.staff, 0) AS staff, coalesce(mc.student_days, 0) AS student_days,
           coalesce(mc.fees, 0) AS fees, coalesce(k.fen, 0) AS kitchen, coalesce(u.fen, 0) AS usage,
           (SELECT income_fen FROM canteen_fee_income f WHERE f.school_id = ${schoolId} AND f.month = ${month}) AS entered,
           (SELECT version FROM canteen_fee_income f WHERE f.school_id = ${schoolId} AND f.month = ${month}) AS entered_version
      FROM days LEFT JOIN mc ON mc.d = days.d LEFT JOIN k ON k.d = days.d LEFT JOIN u ON u.d = days.d
     ORDER BY days.d`);
  const days: c.CostDay[] = rows.map((r) => {
    const students = num(r.students); const staff = num(r.staff);
    const kitchenFen = num(r.kitchen); const usageFen = num(r.usage);
    const costFen = kitchenFen + usageFen;
    return { date: ymd(r.d), students, staff, meals: students + staff, studentDays: num(r.student_days), kitchenFen, usageFen, costFen, perMealFen: div(costFen, students + staff) };
  });
  const sum = (f: (d: c.CostDay) => number) => days.reduce((a, d) => a + f(d), 0);
  const students = sum((d) => d.students); const staff = sum((d) => d.staff); const meals = students + staff;
  const costFen = sum((d) => d.costFen);
  const studentCostFen = meals > 0 ? Math.round((costFen * students) / meals) : 0;
  const studentDays = sum((d) => d.studentDays);
  const fromPricesFen = rows.reduce((a, r) => a + num(r.fees), 0);
  const entered = rows[0]?.entered == null ? null : num(rows[0].entered);
  const incomeFen = entered ?? fromPricesFen;
  const surplusFen = incomeFen - costFen;
  const marginPercent = incomeFen > 0 ? Math.round((surplusFen * 10000) / incomeFen) / 100 : null;
  return {
    schoolId, month, days,
    totals: {
      students, staff, meals, studentDays, kitchenFen: sum((d) => d.kitchenFen), usageFen: sum((d) => d.usageFen), costFen,
      perMealFen: div(costFen, meals), studentCostFen, perStudentDayFen: div(studentCostFen, studentDays),
    },
    income: { source: entered === null ? 'prices' : 'entered', incomeFen, fromPricesFen, enteredFen: entered, enteredVersion: rows[0]?.entered_version == null ? null : num(rows[0].entered_version) },
    surplusFen, marginPercent, marginLimitPercent: settings.marginLimitPercent,
    overLimit: marginPercent !== null && marginPercent > settings.marginLimitPercent,
    deficit: surplusFen < 0,
  };
}

export function assertMonth(month: string) {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new AppError('canteen.supply.badMonth', 400, { fields: [{ path: 'month', code: 'canteen.supply.badMonth' }] });
}
