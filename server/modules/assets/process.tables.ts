import { sql } from 'drizzle-orm';
import { pgTable, integer, bigint, text, boolean, date, jsonb, timestamp, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

/*
 * The processes around the asset register: stocktakes 盘点, damage and compensation 公物损坏赔偿,
 * disposal 报废处置. Assets, places, people and students are referenced by id of the same school
 * (assets through the register's functions, org through its exports): no foreign keys into other
 * modules' tables; people (users, a platform table) are foreign keys like everywhere.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
const money = (name: string) => bigint(name, { mode: 'number' });

/** Per-school, per-year document numbers: PD-2026-001 (stocktake), PC-2026-0001 (damage), BF-2026-001 (disposal). */
export const assetProcessCounters = pgTable('asset_process_counters', {
  schoolId: integer('school_id').notNull(),
  kind: text('kind').notNull(),
  year: integer('year').notNull(),
  last: integer('last').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.kind, t.year] }),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/** The timeline of a stocktake, a damage report or a disposal request. */
export const assetProcessEvents = pgTable('asset_process_events', {
  ...schoolColumns(),
  entity: text('entity', { enum: ['stocktake', 'damage', 'disposal'] }).notNull(),
  entityId: integer('entity_id').notNull(),
  kind: text('kind').notNull(),
  at: ts('at').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  note: text('note'),
  data: jsonb('data').$type<Record<string, unknown>>(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('asset_process_events_entity_idx').on(t.schoolId, t.entity, t.entityId, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/* ───────────── Stocktake 盘点 ───────────── */

export const stocktakes = pgTable('stocktakes', {
  ...schoolColumns(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** planned → counting → reviewing → closed; planned/counting → cancelled. */
  state: text('state', { enum: ['planned', 'counting', 'reviewing', 'closed', 'cancelled'] }).notNull(),
  scope: text('scope', { enum: ['school', 'locations'] }).notNull(),
  dueDate: date('due_date', { mode: 'string' }).notNull(),
  note: text('note'),
  createdBy: integer('created_by'),
  startedAt: ts('started_at'),
  countingEndedAt: ts('counting_ended_at'),
  closedAt: ts('closed_at'),
  closedBy: integer('closed_by'),
  /** The report frozen at closing (contracts StocktakeReport). */
  report: jsonb('report').$type<Record<string, unknown>>(),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('stocktakes_school_code_uq').on(t.schoolId, t.code),
  index('stocktakes_school_created_idx').on(t.schoolId, t.createdAt, t.id),
  index('stocktakes_school_state_idx').on(t.schoolId, t.state, t.createdAt, t.id),
  // The yearly check: the latest closing of a school.
  index('stocktakes_school_closed_idx').on(t.schoolId, t.closedAt).where(sql`state = 'closed'`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.closedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** The places a stocktake covers (each with its subtree), when its scope is 'locations'. */
export const stocktakeLocations = pgTable('stocktake_locations', {
  schoolId: integer('school_id').notNull(),
  stocktakeId: integer('stocktake_id').notNull(),
  locationId: integer('location_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.stocktakeId, t.locationId] }),
  foreignKey({ columns: [t.schoolId, t.stocktakeId], foreignColumns: [stocktakes.schoolId, stocktakes.id] }).onDelete('cascade'),
]);

/** Who counts. */
export const stocktakeCounters = pgTable('stocktake_counters', {
  schoolId: integer('school_id').notNull(),
  stocktakeId: integer('stocktake_id').notNull(),
  userId: integer('user_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.stocktakeId, t.userId] }),
  // "The stocktakes I count in".
  index('stocktake_counters_school_user_idx').on(t.schoolId, t.userId, t.stocktakeId),
  foreignKey({ columns: [t.schoolId, t.stocktakeId], foreignColumns: [stocktakes.schoolId, stocktakes.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.userId], foreignColumns: [users.schoolId, users.id] }),
]);

/**
 * One line per asset: the expected ones are snapshotted when counting starts; a registered asset
 * found in scope from elsewhere gets a line when it is counted (expected = false). One line per
 * (stocktake, asset): a count is idempotent, and every change is one conditional statement on it.
 */
export const stocktakeLines = pgTable('stocktake_lines', {
  ...schoolColumns(),
  stocktakeId: integer('stocktake_id').notNull(),
  assetId: integer('asset_id').notNull(),
  assetCode: text('asset_code').notNull(),
  assetName: text('asset_name').notNull(),
  classCode: text('class_code'),
  model: text('model'),
  expected: boolean('expected').notNull().default(true),
  expectedLocationId: integer('expected_location_id'),
  result: text('result', { enum: ['pending', 'found', 'wrong_place', 'missing'] }).notNull().default('pending'),
  foundLocationId: integer('found_location_id'),
  countedBy: integer('counted_by'),
  countedAt: ts('counted_at'),
  resolution: text('resolution', { enum: ['move', 'write_off', 'register', 'accept'] }),
  resolutionNote: text('resolution_note'),
  resolvedBy: integer('resolved_by'),
  resolvedAt: ts('resolved_at'),
  disposalId: integer('disposal_id'),
  version: integer('version').notNull().default(1),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('stocktake_lines_asset_uq').on(t.schoolId, t.stocktakeId, t.assetId),
  // A room's expected assets, and what was found in a room.
  index('stocktake_lines_expected_loc_idx').on(t.schoolId, t.stocktakeId, t.expectedLocationId, t.id),
  index('stocktake_lines_found_loc_idx').on(t.schoolId, t.stocktakeId, t.foundLocationId, t.id),
  index('stocktake_lines_result_idx').on(t.schoolId, t.stocktakeId, t.result, t.id),
  foreignKey({ columns: [t.schoolId, t.stocktakeId], foreignColumns: [stocktakes.schoolId, stocktakes.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.countedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.resolvedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** Every tick and untick, in order: who counted what, where (the report's counters; the history of a line). */
export const stocktakeCounts = pgTable('stocktake_counts', {
  ...schoolColumns(),
  stocktakeId: integer('stocktake_id').notNull(),
  assetId: integer('asset_id').notNull(),
  action: text('action', { enum: ['count', 'uncount'] }).notNull(),
  locationId: integer('location_id'),
  result: text('result').notNull(),
  userId: integer('user_id').notNull(),
  at: ts('at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('stocktake_counts_asset_idx').on(t.schoolId, t.stocktakeId, t.assetId, t.id),
  index('stocktake_counts_user_idx').on(t.schoolId, t.stocktakeId, t.userId),
  foreignKey({ columns: [t.schoolId, t.stocktakeId], foreignColumns: [stocktakes.schoolId, stocktakes.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.userId], foreignColumns: [users.schoolId, users.id] }),
]);

/** 盘盈: found in a room, not on the register (photo required, via the files engine). */
export const stocktakeSurplus = pgTable('stocktake_surplus', {
  ...schoolColumns(),
  stocktakeId: integer('stocktake_id').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  locationId: integer('location_id').notNull(),
  foundBy: integer('found_by'),
  foundAt: ts('found_at').notNull(),
  resolution: text('resolution', { enum: ['register', 'accept'] }),
  resolutionNote: text('resolution_note'),
  registeredAssetId: integer('registered_asset_id'),
  registeredAssetCode: text('registered_asset_code'),
  resolvedBy: integer('resolved_by'),
  resolvedAt: ts('resolved_at'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('stocktake_surplus_stocktake_idx').on(t.schoolId, t.stocktakeId, t.locationId, t.id),
  foreignKey({ columns: [t.schoolId, t.stocktakeId], foreignColumns: [stocktakes.schoolId, stocktakes.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.foundBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.resolvedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/* ───────────── Damage and compensation 公物损坏赔偿 ───────────── */

export const damageReports = pgTable('damage_reports', {
  ...schoolColumns(),
  code: text('code').notNull(),
  assetId: integer('asset_id').notNull(),
  assetCode: text('asset_code').notNull(),
  assetName: text('asset_name').notNull(),
  lowValue: boolean('low_value').notNull().default(false),
  quantity: integer('quantity').notNull().default(1),
  foundBy: integer('found_by'),
  foundOn: date('found_on', { mode: 'string' }).notNull(),
  responsibleType: text('responsible_type', { enum: ['student', 'class', 'staff', 'unknown'] }).notNull(),
  /** A student, class or user of the school, by id (checked through org when written). */
  responsibleId: integer('responsible_id'),
  /** The party's name when written (students and classes are org's records). */
  responsibleName: text('responsible_name'),
  deliberate: boolean('deliberate').notNull(),
  description: text('description').notNull(),
  /** By the school's rule when reported (or edited); `rule` says how. */
  computedFen: money('computed_fen').notNull(),
  /** What is due now: the computed amount, or less after an approved waiver. */
  amountFen: money('amount_fen').notNull(),
  paidFen: money('paid_fen').notNull().default(0),
  rule: jsonb('rule').$type<Record<string, unknown>>().notNull(),
  state: text('state', { enum: ['outstanding', 'paid', 'waived', 'no_party', 'cancelled'] }).notNull(),
  reportedBy: integer('reported_by'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('damage_reports_school_code_uq').on(t.schoolId, t.code),
  index('damage_reports_school_created_idx').on(t.schoolId, t.createdAt, t.id),
  index('damage_reports_school_state_idx').on(t.schoolId, t.state, t.createdAt, t.id),
  index('damage_reports_school_type_idx').on(t.schoolId, t.responsibleType, t.createdAt, t.id),
  index('damage_reports_school_asset_idx').on(t.schoolId, t.assetId, t.createdAt, t.id),
  index('damage_reports_school_found_by_idx').on(t.schoolId, t.foundBy, t.createdAt, t.id),
  index('damage_reports_school_reported_by_idx').on(t.schoolId, t.reportedBy, t.createdAt, t.id),
  // Boarders with money due: outstanding reports of students, by student.
  index('damage_reports_outstanding_student_idx').on(t.schoolId, t.responsibleId).where(sql`state = 'outstanding' AND responsible_type = 'student'`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.foundBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.reportedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** A reduction or waiver of the amount due, decided through the approval engine (kind 'assets.damage_waiver'). */
export const damageWaivers = pgTable('damage_waivers', {
  ...schoolColumns(),
  reportId: integer('report_id').notNull(),
  fromFen: money('from_fen').notNull(),
  proposedFen: money('proposed_fen').notNull(),
  reason: text('reason').notNull(),
  state: text('state', { enum: ['pending', 'approved', 'rejected', 'returned', 'withdrawn'] }).notNull(),
  createdBy: integer('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  decidedAt: ts('decided_at'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('damage_waivers_report_idx').on(t.schoolId, t.reportId, t.id),
  // One waiver in progress per report.
  uniqueIndex('damage_waivers_open_uq').on(t.schoolId, t.reportId).where(sql`state IN ('pending', 'returned')`),
  foreignKey({ columns: [t.schoolId, t.reportId], foreignColumns: [damageReports.schoolId, damageReports.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/**
 * Money received for damage: income the finance module will read (one row per receipt).
 * Listed and exported for the accountant until then (GET /api/v1/damage-reports/payments).
 */
export const damagePayments = pgTable('damage_payments', {
  ...schoolColumns(),
  reportId: integer('report_id').notNull(),
  amountFen: money('amount_fen').notNull(),
  paidOn: date('paid_on', { mode: 'string' }).notNull(),
  receiptNo: text('receipt_no').notNull(),
  payerName: text('payer_name'),
  receivedBy: integer('received_by').notNull(),
  note: text('note'),
  recordedBy: integer('recorded_by'),
  recordedAt: ts('recorded_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('damage_payments_receipt_uq').on(t.schoolId, t.receiptNo),
  index('damage_payments_report_idx').on(t.schoolId, t.reportId, t.id),
  index('damage_payments_paid_on_idx').on(t.schoolId, t.paidOn, t.id),
  foreignKey({ columns: [t.schoolId, t.reportId], foreignColumns: [damageReports.schoolId, damageReports.id] }),
  foreignKey({ columns: [t.schoolId, t.receivedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.recordedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/* ───────────── Disposal 报废处置 ───────────── */

export const disposalRequests = pgTable('disposal_requests', {
  ...schoolColumns(),
  code: text('code').notNull(),
  state: text('state', { enum: ['pending', 'returned', 'approved', 'rejected', 'done', 'cancelled'] }).notNull(),
  way: text('way', { enum: ['scrap', 'transfer_out', 'sale', 'donation'] }).notNull(),
  reason: text('reason').notNull(),
  totalOriginalFen: money('total_original_fen').notNull(),
  totalNetFen: money('total_net_fen').notNull(),
  /** A stocktake's write-off of missing assets. */
  stocktakeId: integer('stocktake_id'),
  createdBy: integer('created_by'),
  submittedAt: ts('submitted_at'),
  decidedAt: ts('decided_at'),
  carriedOutOn: date('carried_out_on', { mode: 'string' }),
  recipient: text('recipient'),
  proceedsFen: money('proceeds_fen'),
  carryNote: text('carry_note'),
  doneAt: ts('done_at'),
  doneBy: integer('done_by'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('disposal_requests_school_code_uq').on(t.schoolId, t.code),
  index('disposal_requests_school_created_idx').on(t.schoolId, t.createdAt, t.id),
  index('disposal_requests_school_state_idx').on(t.schoolId, t.state, t.createdAt, t.id),
  index('disposal_requests_school_way_idx').on(t.schoolId, t.way, t.createdAt, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.doneBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.stocktakeId], foreignColumns: [stocktakes.schoolId, stocktakes.id] }),
]);

/** The assets of a request, with their values and status when requested. */
export const disposalItems = pgTable('disposal_items', {
  schoolId: integer('school_id').notNull(),
  requestId: integer('request_id').notNull(),
  assetId: integer('asset_id').notNull(),
  assetCode: text('asset_code').notNull(),
  assetName: text('asset_name').notNull(),
  classCode: text('class_code'),
  previousStatus: text('previous_status').notNull(),
  originalValueFen: money('original_value_fen').notNull(),
  netValueFen: money('net_value_fen').notNull(),
  /** True while the request is open (pending, returned, approved): an asset is in one open request only. */
  open: boolean('open').notNull().default(true),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.requestId, t.assetId] }),
  uniqueIndex('disposal_items_open_asset_uq').on(t.schoolId, t.assetId).where(sql`open`),
  index('disposal_items_asset_idx').on(t.schoolId, t.assetId),
  foreignKey({ columns: [t.schoolId, t.requestId], foreignColumns: [disposalRequests.schoolId, disposalRequests.id] }).onDelete('cascade'),
]);
