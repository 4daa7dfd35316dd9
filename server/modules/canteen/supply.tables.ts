import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, date, timestamp, numeric, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

/*
 * Canteen supply (RULES.md "Canteen"): suppliers with licences and incidents, intakes 进货查验 and
 * their items, store usage 领用, daily meal counts and the months' fee income. Licence scans and
 * certificates 索证索票 live in the files engine (entities canteenLicence, canteenIntake,
 * canteenIntakeItem). Quantities are numeric(14,3); money integer fen.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const canteenSuppliers = pgTable('canteen_suppliers', {
  ...schoolColumns(),
  name: text('name').notNull(),
  address: text('address').notNull(),
  contact: text('contact').notNull(),
  phone: text('phone').notNull(),
  creditCode: text('credit_code').notNull(),
  status: text('status', { enum: ['admitted', 'suspended'] }).notNull().default('admitted'),
  noIncidentDeclared: boolean('no_incident_declared').notNull().default(false),
  note: text('note'),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_suppliers_school_credit_uq').on(t.schoolId, t.creditCode),
  index('canteen_suppliers_school_name_idx').on(t.schoolId, t.name, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** A supplier's licences (食品经营许可证, 食品生产许可证, 营业执照 …); alerted once per licence and expiry. */
export const canteenSupplierLicences = pgTable('canteen_supplier_licences', {
  ...schoolColumns(),
  supplierId: integer('supplier_id').notNull(),
  kind: text('kind').notNull(),
  number: text('number').notNull(),
  expiresOn: date('expires_on', { mode: 'string' }).notNull(),
  /** The expiry the alert was sent for (a renewed licence is alerted again). */
  alertedFor: date('alerted_for', { mode: 'string' }),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_supplier_licences_school_supplier_idx').on(t.schoolId, t.supplierId, t.expiresOn),
  index('canteen_supplier_licences_school_expires_idx').on(t.schoolId, t.expiresOn, t.supplierId).where(sql`active`),
  foreignKey({ columns: [t.schoolId, t.supplierId], foreignColumns: [canteenSuppliers.schoolId, canteenSuppliers.id] }),
]);

/** Food-safety incidents of a supplier (one in the last 3 years bars admission). */
export const canteenSupplierIncidents = pgTable('canteen_supplier_incidents', {
  ...schoolColumns(),
  supplierId: integer('supplier_id').notNull(),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  description: text('description').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_supplier_incidents_school_supplier_idx').on(t.schoolId, t.supplierId, t.occurredOn),
  foreignKey({ columns: [t.schoolId, t.supplierId], foreignColumns: [canteenSuppliers.schoolId, canteenSuppliers.id] }),
]);

/** 进货查验: one delivery of one supplier, inspected by one or more people. `active` false = deleted after retention. */
export const canteenIntakes = pgTable('canteen_intakes', {
  ...schoolColumns(),
  supplierId: integer('supplier_id').notNull(),
  receivedAt: ts('received_at').notNull(),
  /** The school-local day of received_at. */
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  inspectorIds: integer('inspector_ids').array().notNull().default(sql`'{}'::int[]`),
  hasBulk: boolean('has_bulk').notNull().default(false),
  refusedCount: integer('refused_count').notNull().default(0),
  /** Deletable from this day: 6 months after the latest shelf-life expiry, 2 years after intake with an item without shelf life. */
  retainUntil: date('retain_until', { mode: 'string' }).notNull(),
  note: text('note'),
  createdBy: integer('created_by'),
  deletedBy: integer('deleted_by'),
  deletedAt: ts('deleted_at'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_intakes_school_received_idx').on(t.schoolId, t.receivedAt, t.id).where(sql`active`),
  index('canteen_intakes_school_day_idx').on(t.schoolId, t.receivedOn).where(sql`active`),
  index('canteen_intakes_school_supplier_idx').on(t.schoolId, t.supplierId, t.receivedAt, t.id).where(sql`active`),
  index('canteen_intakes_school_refused_idx').on(t.schoolId, t.receivedAt, t.id).where(sql`active AND refused_count > 0`),
  foreignKey({ columns: [t.schoolId, t.supplierId], foreignColumns: [canteenSuppliers.schoolId, canteenSuppliers.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.deletedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** The items of an intake: accepted (to the kitchen or the store) or refused (returned/destroyed). */
export const canteenIntakeItems = pgTable('canteen_intake_items', {
  ...schoolColumns(),
  intakeId: integer('intake_id').notNull(),
  line: integer('line').notNull(),
  /** Copied from the intake (the cost query reads items alone). */
  receivedOn: date('received_on', { mode: 'string' }).notNull(),
  name: text('name').notNull(),
  spec: text('spec'),
  category: text('category').notNull(),
  bulk: boolean('bulk').notNull().default(false),
  quantity: numeric('quantity', { precision: 14, scale: 3, mode: 'number' }).notNull(),
  unit: text('unit').notNull(),
  unitPriceFen: integer('unit_price_fen').notNull(),
  amountFen: integer('amount_fen').notNull(),
  productionDate: date('production_date', { mode: 'string' }),
  batch: text('batch'),
  shelfLifeDays: integer('shelf_life_days'),
  expiresOn: date('expires_on', { mode: 'string' }),
  temperature: numeric('temperature', { precision: 4, scale: 1, mode: 'number' }),
  destination: text('destination', { enum: ['kitchen', 'store'] }).notNull(),
  result: text('result', { enum: ['accepted', 'refused'] }).notNull(),
  refuseReason: text('refuse_reason'),
  disposal: text('disposal', { enum: ['returned', 'destroyed'] }),
  /** Store items: the quantity used so far (领用), kept with the usage rows in one transaction. */
  usedQuantity: numeric('used_quantity', { precision: 14, scale: 3, mode: 'number' }).notNull().default(0),
  /** false when the intake is deleted or the line replaced by a correction. */
  active: boolean('active').notNull().default(true),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_intake_items_school_intake_idx').on(t.schoolId, t.intakeId, t.line),
  // The month's cost: accepted kitchen items by day.
  index('canteen_intake_items_school_kitchen_idx').on(t.schoolId, t.receivedOn).where(sql`active AND result = 'accepted' AND destination = 'kitchen'`),
  // Store batches with stock left, oldest first.
  index('canteen_intake_items_school_store_idx').on(t.schoolId, t.receivedOn, t.id).where(sql`active AND result = 'accepted' AND destination = 'store'`),
  foreignKey({ columns: [t.schoolId, t.intakeId], foreignColumns: [canteenIntakes.schoolId, canteenIntakes.id] }),
]);

/** 领用: store stock used on a day, priced at the batch's unit price. */
export const canteenUsage = pgTable('canteen_usage', {
  ...schoolColumns(),
  usedOn: date('used_on', { mode: 'string' }).notNull(),
  itemId: integer('item_id').notNull(),
  quantity: numeric('quantity', { precision: 14, scale: 3, mode: 'number' }).notNull(),
  amountFen: integer('amount_fen').notNull(),
  note: text('note'),
  createdBy: integer('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_usage_school_used_idx').on(t.schoolId, t.usedOn, t.id),
  index('canteen_usage_school_item_idx').on(t.schoolId, t.itemId),
  foreignKey({ columns: [t.schoolId, t.itemId], foreignColumns: [canteenIntakeItems.schoolId, canteenIntakeItems.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** Meals served: one row per school, day and meal. */
export const canteenMealCounts = pgTable('canteen_meal_counts', {
  ...schoolColumns(),
  date: date('date', { mode: 'string' }).notNull(),
  meal: text('meal', { enum: ['breakfast', 'lunch', 'dinner'] }).notNull(),
  students: integer('students').notNull(),
  staff: integer('staff').notNull(),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_meal_counts_school_date_meal_uq').on(t.schoolId, t.date, t.meal),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** A month's fee income entered by hand (else computed from meal counts and prices). */
export const canteenFeeIncome = pgTable('canteen_fee_income', {
  ...schoolColumns(),
  month: text('month').notNull(),
  incomeFen: integer('income_fen').notNull(),
  note: text('note'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_fee_income_school_month_uq').on(t.schoolId, t.month),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);
