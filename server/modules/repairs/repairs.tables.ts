import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, numeric, date, jsonb, smallint, timestamp, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/* Work orders. Lists are keyset-sorted by (reported_at desc, id desc): every list filter has an index
 * that starts (school_id, <filter>) and ends (reported_at, id), so a page is one ordered index range. */
export const repairOrders = pgTable('repair_orders', {
  ...schoolColumns(),
  /** WX20261122-0001: report date (school timezone) and the school's number of that day. */
  code: text('code').notNull(),
  state: text('state').notNull(),
  category: text('category').notNull(),
  urgency: text('urgency').notNull(),
  description: text('description').notNull(),
  plannedDate: date('planned_date', { mode: 'string' }),
  /** A location of the same school (checked through org's refs: modules share no foreign keys). */
  locationId: integer('location_id').notNull(),
  /** The location's building when reported: statistics by building without walking the tree. */
  buildingId: integer('building_id'),
  /** Stored as given until the assets module exists. */
  assetId: integer('asset_id'),
  planId: integer('plan_id'),
  reporterId: integer('reporter_id').notNull(),
  assigneeId: integer('assignee_id'),
  reportedAt: ts('reported_at').notNull(),
  dispatchedAt: ts('dispatched_at'),
  acceptedAt: ts('accepted_at'),
  completedAt: ts('completed_at'),
  closedAt: ts('closed_at'),
  cancelledAt: ts('cancelled_at'),
  responseDueAt: ts('response_due_at').notNull(),
  doneDueAt: ts('done_due_at').notNull(),
  /** Set once by the sweep when a deadline passed; stays set (it is history, counted in statistics). */
  overdue: boolean('overdue').notNull().default(false),
  overdueAt: ts('overdue_at'),
  hours: numeric('hours', { precision: 8, scale: 2, mode: 'number' }),
  completeNote: text('complete_note'),
  rating: smallint('rating'),
  comment: text('comment'),
  reopenCount: integer('reopen_count').notNull().default(0),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('repair_orders_school_code_uq').on(t.schoolId, t.code),
  index('repair_orders_school_reported_idx').on(t.schoolId, t.reportedAt, t.id),
  index('repair_orders_school_state_idx').on(t.schoolId, t.state, t.reportedAt, t.id),
  index('repair_orders_school_state_category_idx').on(t.schoolId, t.state, t.category, t.reportedAt, t.id),
  index('repair_orders_school_category_idx').on(t.schoolId, t.category, t.reportedAt, t.id),
  index('repair_orders_school_assignee_idx').on(t.schoolId, t.assigneeId, t.state, t.reportedAt, t.id),
  index('repair_orders_school_reporter_idx').on(t.schoolId, t.reporterId, t.reportedAt, t.id),
  index('repair_orders_school_location_idx').on(t.schoolId, t.locationId, t.reportedAt, t.id),
  index('repair_orders_school_plan_idx').on(t.schoolId, t.planId, t.reportedAt),
  // The director's "overdue" views: few rows, kept in small partial indexes.
  index('repair_orders_school_overdue_idx').on(t.schoolId, t.reportedAt, t.id).where(sql`overdue`),
  index('repair_orders_school_overdue_state_idx').on(t.schoolId, t.state, t.category, t.reportedAt, t.id).where(sql`overdue`),
  // The sweep: open orders not yet flagged, by deadline; completed orders by completion time.
  index('repair_orders_response_due_idx').on(t.responseDueAt).where(sql`NOT overdue AND state IN ('reported','dispatched','reopened')`),
  index('repair_orders_done_due_idx').on(t.doneDueAt).where(sql`NOT overdue AND state IN ('reported','dispatched','in_progress','reopened')`),
  index('repair_orders_completed_idx').on(t.completedAt).where(sql`state = 'completed'`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.reporterId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.assigneeId], foreignColumns: [users.schoolId, users.id] }),
]);

/** The per-school, per-day counter behind the order codes (one row per day, bumped under its row lock). */
export const repairCodeCounters = pgTable('repair_code_counters', {
  schoolId: integer('school_id').notNull(),
  day: text('day').notNull(),
  last: integer('last').notNull(),
}, (t) => [primaryKey({ columns: [t.schoolId, t.day] })]);

/** The timeline: one row per change, who, when, from → to. */
export const repairEvents = pgTable('repair_events', {
  ...schoolColumns(),
  orderId: integer('order_id').notNull(),
  kind: text('kind').notNull(),
  at: ts('at').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  fromState: text('from_state'),
  toState: text('to_state'),
  note: text('note'),
  data: jsonb('data'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('repair_events_school_order_idx').on(t.schoolId, t.orderId, t.id),
  foreignKey({ columns: [t.schoolId, t.orderId], foreignColumns: [repairOrders.schoolId, repairOrders.id] }).onDelete('cascade'),
]);

/** Work and materials recorded at completion (free text now; the warehouse will turn them into stock movements). */
export const repairItems = pgTable('repair_items', {
  ...schoolColumns(),
  orderId: integer('order_id').notNull(),
  /** Which completion recorded it (0 for the first, n after the n-th reopening). */
  round: integer('round').notNull().default(0),
  name: text('name').notNull(),
  quantity: numeric('quantity', { precision: 12, scale: 2, mode: 'number' }).notNull(),
  unit: text('unit'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('repair_items_school_order_idx').on(t.schoolId, t.orderId),
  foreignKey({ columns: [t.schoolId, t.orderId], foreignColumns: [repairOrders.schoolId, repairOrders.id] }).onDelete('cascade'),
]);

/** Category → default worker: a new order of that category is dispatched to them at once. */
export const repairRules = pgTable('repair_rules', {
  schoolId: integer('school_id').notNull(),
  category: text('category').notNull(),
  assigneeId: integer('assignee_id'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.category] }),
  foreignKey({ columns: [t.schoolId, t.assigneeId], foreignColumns: [users.schoolId, users.id] }),
]);

/** Preventive maintenance plans: each due occurrence of the schedule creates one work order. */
export const repairPlans = pgTable('repair_plans', {
  ...schoolColumns(),
  name: text('name').notNull(),
  category: text('category').notNull(),
  description: text('description'),
  checklist: jsonb('checklist').$type<string[]>().notNull().default([]),
  assigneeId: integer('assignee_id'),
  /** Who made the plan: its work orders are reported in their name. */
  createdBy: integer('created_by'),
  /** The ScheduleRule (contracts/schedules.ts), mirrored into the platform's schedules table. */
  schedule: jsonb('schedule').$type<Record<string, unknown>>().notNull(),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('repair_plans_school_name_uq').on(t.schoolId, t.name),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.assigneeId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** What a plan covers: locations (required for the order) and assets (ids, until the assets module). */
export const repairPlanTargets = pgTable('repair_plan_targets', {
  schoolId: integer('school_id').notNull(),
  planId: integer('plan_id').notNull(),
  kind: text('kind', { enum: ['location', 'asset'] }).notNull(),
  targetId: integer('target_id').notNull(),
  position: integer('position').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.planId, t.kind, t.targetId] }),
  foreignKey({ columns: [t.schoolId, t.planId], foreignColumns: [repairPlans.schoolId, repairPlans.id] }).onDelete('cascade'),
]);
