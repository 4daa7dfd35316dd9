import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, date, timestamp, numeric, jsonb, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

/*
 * Canteen staff health (RULES.md "Canteen"): who works in the canteen (people of the school, org's
 * users), their health certificates, morning checks, day post assignments, service stops after a
 * critical self-inspection failure, and the once-only alerts the sweep sends.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
const day = (name: string) => date(name, { mode: 'string' });

/** A person on the canteen staff list (one row per user), with their standing posts (setting codes). */
export const canteenStaff = pgTable('canteen_staff', {
  ...schoolColumns(),
  userId: integer('user_id').notNull(),
  posts: jsonb('posts').$type<string[]>().notNull().default([]),
  note: text('note'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_staff_school_user_uq').on(t.schoolId, t.userId),
  index('canteen_staff_school_active_idx').on(t.schoolId, t.active, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.userId], foreignColumns: [users.schoolId, users.id] }),
]);

/** 健康证明: valid from issued_on to expires_on inclusive; `alerted_at` once the expiry alert went out. */
export const canteenHealthCerts = pgTable('canteen_health_certs', {
  ...schoolColumns(),
  staffId: integer('staff_id').notNull(),
  certNo: text('cert_no').notNull(),
  issuedOn: day('issued_on').notNull(),
  expiresOn: day('expires_on').notNull(),
  issuer: text('issuer'),
  alertedAt: ts('alerted_at'),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('canteen_health_certs_staff_idx').on(t.schoolId, t.staffId, t.expiresOn),
  index('canteen_health_certs_alert_idx').on(t.schoolId, t.expiresOn).where(sql`alerted_at IS NULL AND active`),
  foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [canteenStaff.schoolId, canteenStaff.id] }),
]);

/** 晨检: one per person and day (unique), symptoms, result, checker. */
export const canteenMorningChecks = pgTable('canteen_morning_checks', {
  ...schoolColumns(),
  staffId: integer('staff_id').notNull(),
  day: day('day').notNull(),
  fever: boolean('fever').notNull().default(false),
  temperature: numeric('temperature', { precision: 3, scale: 1, mode: 'number' }),
  diarrhoea: boolean('diarrhoea').notNull().default(false),
  wound: boolean('wound').notNull().default(false),
  soreThroat: boolean('sore_throat').notNull().default(false),
  otherSymptom: text('other_symptom'),
  result: text('result', { enum: ['pass', 'fail'] }).notNull(),
  checkerId: integer('checker_id'),
  checkedAt: ts('checked_at').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_morning_checks_school_staff_day_uq').on(t.schoolId, t.staffId, t.day),
  index('canteen_morning_checks_school_day_idx').on(t.schoolId, t.day, t.result),
  foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [canteenStaff.schoolId, canteenStaff.id] }),
]);

/** A day's posts for a person (overrides their standing posts that day); refused for food posts when ineligible. */
export const canteenRosterAssignments = pgTable('canteen_roster_assignments', {
  ...schoolColumns(),
  day: day('day').notNull(),
  staffId: integer('staff_id').notNull(),
  posts: jsonb('posts').$type<string[]>().notNull().default([]),
  assignedBy: integer('assigned_by'),
  assignedAt: ts('assigned_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_roster_assignments_school_day_staff_uq').on(t.schoolId, t.day, t.staffId),
  foreignKey({ columns: [t.schoolId, t.staffId], foreignColumns: [canteenStaff.schoolId, canteenStaff.id] }),
]);

/** 停餐: a submitted canteen self-inspection with a critical failure stops serving for that day until a leader lifts it. */
export const canteenServiceStops = pgTable('canteen_service_stops', {
  ...schoolColumns(),
  day: day('day').notNull(),
  inspectionId: integer('inspection_id').notNull(),
  items: jsonb('items').$type<string[]>().notNull().default([]),
  stoppedAt: ts('stopped_at').notNull(),
  stoppedBy: integer('stopped_by'),
  liftedAt: ts('lifted_at'),
  liftedBy: integer('lifted_by'),
  liftNote: text('lift_note'),
  version: integer('version').notNull().default(1),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('canteen_service_stops_school_inspection_uq').on(t.schoolId, t.inspectionId),
  index('canteen_service_stops_school_day_idx').on(t.schoolId, t.day, t.id),
]);

/** Alerts sent once: (kind, day) per school — e.g. missing morning checks of a day. */
export const canteenStaffAlerts = pgTable('canteen_staff_alerts', {
  schoolId: integer('school_id').notNull(),
  kind: text('kind').notNull(),
  day: day('day').notNull(),
  at: ts('at').notNull(),
  data: jsonb('data'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.kind, t.day] }),
]);
