import { sql } from 'drizzle-orm';
import { pgTable, integer, text, timestamp, jsonb, boolean, primaryKey, index, uniqueIndex, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns } from './columns';
import { schools, users } from './platform.tables';

/** Durable recurring schedules of module records (e.g. a repairs inspection plan), by owner. */
export const schedules = pgTable('schedules', {
  ...schoolColumns(),
  /** Whose schedule: 'repairs.plan' + the plan's id. The handler registered under `owner` runs it. */
  owner: text('owner').notNull(),
  ownerId: integer('owner_id').notNull(),
  rule: jsonb('rule').notNull(),
  /** The rule's `freq`, for finding term schedules (their next time moves when the terms change). */
  freq: text('freq').notNull(),
  active: boolean('active').notNull().default(true),
  /** The latest occurrence already run: nothing at or before it runs again, whatever the clock says. */
  lastDueAt: timestamp('last_due_at', { withTimezone: true, precision: 3 }),
  /** The next occurrence after `lastDueAt` (null: none left); the runner looks only at due ones. */
  nextDueAt: timestamp('next_due_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('schedules_owner_uq').on(t.schoolId, t.owner, t.ownerId),
  index('schedules_due_idx').on(t.nextDueAt).where(sql`active`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/** One row per occurrence run, inserted in the same transaction as the handler's work: never twice. */
export const scheduleRuns = pgTable('schedule_runs', {
  schoolId: integer('school_id').notNull(),
  scheduleId: integer('schedule_id').notNull(),
  dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }).notNull(),
  ranAt: timestamp('ran_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.scheduleId, t.dueAt] }),
  foreignKey({ columns: [t.schoolId, t.scheduleId], foreignColumns: [schedules.schoolId, schedules.id] }).onDelete('cascade'),
]);

/** Tasks (待办): what someone, or anyone holding a role, has to do by a time. */
export const tasks = pgTable('tasks', {
  ...schoolColumns(),
  module: text('module').notNull(),
  /** An i18n key rendering the task's title with `params`. */
  kind: text('kind').notNull(),
  params: jsonb('params').notNull().default({}),
  entity: text('entity').notNull(),
  entityId: integer('entity_id').notNull(),
  assigneeId: integer('assignee_id'),
  /** When no one person is assigned: anyone holding this role. */
  role: text('role'),
  dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }).notNull(),
  link: text('link').notNull(),
  /** Whether the overdue notice also goes to the school's directors. */
  escalate: boolean('escalate').notNull().default(true),
  state: text('state', { enum: ['open', 'done'] }).notNull().default('open'),
  /** Set once by the sweep when the task passed its time (and the overdue notice went out). */
  overdueAt: timestamp('overdue_at', { withTimezone: true, precision: 3 }),
  completedAt: timestamp('completed_at', { withTimezone: true, precision: 3 }),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('tasks_assignee_idx').on(t.schoolId, t.assigneeId, t.dueAt).where(sql`state = 'open'`),
  index('tasks_role_idx').on(t.schoolId, t.role, t.dueAt).where(sql`state = 'open'`),
  index('tasks_entity_idx').on(t.schoolId, t.entity, t.entityId),
  index('tasks_sweep_idx').on(t.dueAt).where(sql`state = 'open' AND overdue_at IS NULL`),
  foreignKey({ columns: [t.schoolId, t.assigneeId], foreignColumns: [users.schoolId, users.id] }),
]);
