import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, date, jsonb, timestamp, uuid, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

/*
 * The gate (visitors, exit passes), duty (rosters, handovers, swaps) and patrols (routes,
 * checkpoints, patrols, scans) of the safety module. Students, classes and places are org's:
 * referenced by id (no foreign keys into another module), read through gate.lookups.ts.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * One secret per school: the HMAC key of visitors' ID numbers. It lives in the database (not the
 * config), so a backup restores the ability to find a returning visitor, and each school's hashes
 * are useless against another school's.
 */
export const gateSecrets = pgTable('gate_secrets', {
  schoolId: integer('school_id').notNull(),
  secret: text('secret').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId] }),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/**
 * The visitor register. The ID number is never stored: `id_masked` keeps its last 4 characters
 * (what every screen and export shows) and `id_hash` = HMAC-SHA256(school secret, type:number),
 * which finds a returning visitor when the full number is typed again.
 */
export const visitors = pgTable('visitors', {
  ...schoolColumns(),
  name: text('name').notNull(),
  idType: text('id_type').notNull(),
  idMasked: text('id_masked').notNull(),
  idHash: text('id_hash').notNull(),
  phone: text('phone').notNull(),
  organisation: text('organisation'),
  reason: text('reason').notNull(),
  hostId: integer('host_id'),
  hostConfirmed: boolean('host_confirmed').notNull().default(false),
  hostConfirmedBy: integer('host_confirmed_by'),
  hostConfirmedAt: ts('host_confirmed_at'),
  plate: text('plate'),
  badgeNo: text('badge_no'),
  timeIn: ts('time_in').notNull(),
  timeOut: ts('time_out'),
  /** The end of the school day of the visit (setting gate.visitorDayEnd): still inside after it → flagged. */
  dueOutAt: ts('due_out_at').notNull(),
  /** Set once by the sweep when the visitor was still inside at dueOutAt (kept as history). */
  flaggedAt: ts('flagged_at'),
  registeredBy: integer('registered_by').notNull(),
  checkedOutBy: integer('checked_out_by'),
  note: text('note'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('visitors_school_in_idx').on(t.schoolId, t.timeIn, t.id),
  // "Who is inside now": a small partial index (the register keeps years of visits).
  index('visitors_school_inside_idx').on(t.schoolId, t.timeIn, t.id).where(sql`time_out IS NULL`),
  index('visitors_school_flagged_idx').on(t.schoolId, t.timeIn, t.id).where(sql`flagged_at IS NOT NULL`),
  index('visitors_school_hash_idx').on(t.schoolId, t.idHash, t.timeIn, t.id),
  index('visitors_school_host_idx').on(t.schoolId, t.hostId, t.timeIn, t.id),
  index('visitors_school_phone_idx').on(t.schoolId, t.phone.op('text_pattern_ops'), t.timeIn, t.id),
  index('visitors_school_plate_idx').on(t.schoolId, t.plate.op('text_pattern_ops'), t.timeIn, t.id),
  index('visitors_school_name_idx').on(t.schoolId, t.name.op('text_pattern_ops'), t.timeIn, t.id),
  // The sweep: visitors inside past the end of their day, not yet flagged.
  index('visitors_due_out_idx').on(t.dueOutAt).where(sql`time_out IS NULL AND flagged_at IS NULL`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.hostId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.hostConfirmedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.registeredBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.checkedOutBy], foreignColumns: [users.schoolId, users.id] }),
]);

/**
 * Student exit passes 出门条. `state` is what people did (active → used → returned, or cancelled);
 * whether an active pass is valid, not yet valid or expired follows from the clock. The code is
 * unique per school for ever, so a code read at the gate names exactly one pass.
 */
export const exitPasses = pgTable('exit_passes', {
  ...schoolColumns(),
  code: text('code').notNull(),
  studentId: integer('student_id').notNull(),
  /** The student's class when issued (a head teacher sees the passes of their classes). */
  classId: integer('class_id').notNull(),
  reason: text('reason').notNull(),
  validFrom: ts('valid_from').notNull(),
  validUntil: ts('valid_until').notNull(),
  withGuardian: boolean('with_guardian').notNull().default(false),
  guardianName: text('guardian_name'),
  guardianPhone: text('guardian_phone'),
  state: text('state').notNull().default('active'),
  issuedBy: integer('issued_by').notNull(),
  issuedAt: ts('issued_at').notNull(),
  exitedAt: ts('exited_at'),
  exitedBy: integer('exited_by'),
  returnedAt: ts('returned_at'),
  returnedBy: integer('returned_by'),
  cancelledAt: ts('cancelled_at'),
  cancelledBy: integer('cancelled_by'),
  cancelReason: text('cancel_reason'),
  note: text('note'),
  /** The guardian's link (/public/pass/<token>): random, unguessable, separate from the code. */
  shareToken: uuid('share_token').notNull().defaultRandom(),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  // The gate's lookup: one unique-index probe per scan.
  uniqueIndex('exit_passes_school_code_uq').on(t.schoolId, t.code),
  // The public pass page's lookup: the link carries no school, so the token leads (school_id follows, as in every unique key).
  uniqueIndex('exit_passes_share_token_uq').on(t.shareToken, t.schoolId),
  index('exit_passes_school_issued_idx').on(t.schoolId, t.issuedAt, t.id),
  index('exit_passes_school_state_idx').on(t.schoolId, t.state, t.issuedAt, t.id),
  index('exit_passes_school_class_idx').on(t.schoolId, t.classId, t.issuedAt, t.id),
  index('exit_passes_school_student_idx').on(t.schoolId, t.studentId, t.issuedAt, t.id),
  index('exit_passes_school_issuer_idx').on(t.schoolId, t.issuedBy, t.issuedAt, t.id),
  index('exit_passes_school_exited_idx').on(t.schoolId, t.exitedAt).where(sql`exited_at IS NOT NULL`),
  // A student's pass valid now (the guard looks a student up without a code): active passes only.
  index('exit_passes_school_active_student_idx').on(t.schoolId, t.studentId, t.validUntil).where(sql`state = 'active'`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.issuedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.exitedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.returnedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.cancelledBy], foreignColumns: [users.schoolId, users.id] }),
]);

/* ---------- Duty 值班 ---------- */

/** One person on one duty of one day: the gate's 24 h shift, a teacher on duty, a leader on duty. */
export const dutyShifts = pgTable('duty_shifts', {
  ...schoolColumns(),
  kind: text('kind').notNull(),
  date: date('date', { mode: 'string' }).notNull(),
  startsAt: ts('starts_at').notNull(),
  endsAt: ts('ends_at').notNull(),
  userId: integer('user_id').notNull(),
  note: text('note'),
  createdBy: integer('created_by'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('duty_shifts_school_kind_date_user_uq').on(t.schoolId, t.kind, t.date, t.userId),
  index('duty_shifts_school_date_idx').on(t.schoolId, t.date, t.kind, t.id),
  index('duty_shifts_school_user_idx').on(t.schoolId, t.userId, t.date),
  index('duty_shifts_school_ends_idx').on(t.schoolId, t.endsAt, t.startsAt),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.userId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** 交接班: the outgoing person writes, the incoming one confirms. */
export const dutyHandovers = pgTable('duty_handovers', {
  ...schoolColumns(),
  kind: text('kind').notNull(),
  fromUserId: integer('from_user_id').notNull(),
  /** The incoming person, when named; otherwise anyone of that duty other than the writer confirms. */
  toUserId: integer('to_user_id'),
  note: text('note').notNull(),
  writtenAt: ts('written_at').notNull(),
  state: text('state').notNull().default('open'),
  confirmedBy: integer('confirmed_by'),
  confirmedAt: ts('confirmed_at'),
  confirmNote: text('confirm_note'),
  version: integer('version').notNull().default(1),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('duty_handovers_school_written_idx').on(t.schoolId, t.writtenAt, t.id),
  index('duty_handovers_school_kind_idx').on(t.schoolId, t.kind, t.writtenAt, t.id),
  index('duty_handovers_school_open_idx').on(t.schoolId, t.writtenAt, t.id).where(sql`state = 'open'`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.fromUserId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.toUserId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.confirmedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** 调班: a person asks someone else to take their shift (or to exchange shifts); the director decides. */
export const dutySwaps = pgTable('duty_swaps', {
  ...schoolColumns(),
  shiftId: integer('shift_id').notNull(),
  requesterId: integer('requester_id').notNull(),
  withUserId: integer('with_user_id').notNull(),
  /** An exchange: the other person's shift the requester takes in return. */
  otherShiftId: integer('other_shift_id'),
  reason: text('reason').notNull(),
  state: text('state').notNull().default('pending'),
  requestedAt: ts('requested_at').notNull(),
  decidedBy: integer('decided_by'),
  decidedAt: ts('decided_at'),
  decisionNote: text('decision_note'),
  version: integer('version').notNull().default(1),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('duty_swaps_school_requested_idx').on(t.schoolId, t.requestedAt, t.id),
  index('duty_swaps_school_state_idx').on(t.schoolId, t.state, t.requestedAt, t.id),
  index('duty_swaps_school_requester_idx').on(t.schoolId, t.requesterId, t.requestedAt, t.id),
  index('duty_swaps_school_with_idx').on(t.schoolId, t.withUserId, t.requestedAt, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.shiftId], foreignColumns: [dutyShifts.schoolId, dutyShifts.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.otherShiftId], foreignColumns: [dutyShifts.schoolId, dutyShifts.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.requesterId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.withUserId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.decidedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/* ---------- Patrols 巡查 ---------- */

export const patrolRoutes = pgTable('patrol_routes', {
  ...schoolColumns(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  /** The longest expected gap between two checkpoints (or from the start to the first): more is late. */
  intervalMinutes: integer('interval_minutes').notNull(),
  description: text('description'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('patrol_routes_school_name_uq').on(t.schoolId, t.name),
  index('patrol_routes_school_kind_idx').on(t.schoolId, t.kind, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/** A place on a route with a printed QR code; the code holds `token`, random, never the id. */
export const patrolCheckpoints = pgTable('patrol_checkpoints', {
  ...schoolColumns(),
  routeId: integer('route_id').notNull(),
  name: text('name').notNull(),
  /** An org location of the same school, when the place is one (validated through org's refs). */
  locationId: integer('location_id'),
  position: integer('position').notNull(),
  token: text('token').notNull(),
  active: boolean('active').notNull().default(true),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('patrol_checkpoints_school_token_uq').on(t.schoolId, t.token),
  index('patrol_checkpoints_school_route_idx').on(t.schoolId, t.routeId, t.position, t.id),
  foreignKey({ columns: [t.schoolId, t.routeId], foreignColumns: [patrolRoutes.schoolId, patrolRoutes.id] }).onDelete('cascade'),
]);

/** One walk of a route. The checkpoints expected are kept at the start; missed ones at the finish. */
export const patrols = pgTable('patrols', {
  ...schoolColumns(),
  routeId: integer('route_id').notNull(),
  kind: text('kind').notNull(),
  patrollerId: integer('patroller_id').notNull(),
  startedAt: ts('started_at').notNull(),
  finishedAt: ts('finished_at'),
  state: text('state').notNull().default('in_progress'),
  /** The day (key areas, fire) or the night (dorms: the evening's date) the patrol counts for. */
  countsFor: date('counts_for', { mode: 'string' }).notNull(),
  expected: jsonb('expected').$type<number[]>().notNull(),
  missed: jsonb('missed').$type<number[]>().notNull().default([]),
  expectedCount: integer('expected_count').notNull(),
  scannedCount: integer('scanned_count').notNull().default(0),
  missedCount: integer('missed_count').notNull().default(0),
  lateCount: integer('late_count').notNull().default(0),
  note: text('note'),
  version: integer('version').notNull().default(1),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('patrols_school_started_idx').on(t.schoolId, t.startedAt, t.id),
  index('patrols_school_route_idx').on(t.schoolId, t.routeId, t.startedAt, t.id),
  index('patrols_school_kind_idx').on(t.schoolId, t.kind, t.startedAt, t.id),
  index('patrols_school_patroller_idx').on(t.schoolId, t.patrollerId, t.startedAt, t.id),
  index('patrols_school_state_idx').on(t.schoolId, t.state, t.startedAt, t.id),
  index('patrols_school_counts_idx').on(t.schoolId, t.countsFor, t.kind),
  index('patrols_school_flagged_idx').on(t.schoolId, t.startedAt, t.id).where(sql`missed_count > 0 OR late_count > 0`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.routeId], foreignColumns: [patrolRoutes.schoolId, patrolRoutes.id] }),
  foreignKey({ columns: [t.schoolId, t.patrollerId], foreignColumns: [users.schoolId, users.id] }),
]);

export const patrolScans = pgTable('patrol_scans', {
  ...schoolColumns(),
  patrolId: integer('patrol_id').notNull(),
  checkpointId: integer('checkpoint_id').notNull(),
  scannedAt: ts('scanned_at').notNull(),
  /** More than the route's interval after the previous scan (or the start). */
  late: boolean('late').notNull().default(false),
  /** Minutes since the previous scan (or the start). */
  gapMinutes: integer('gap_minutes').notNull(),
  note: text('note'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('patrol_scans_school_patrol_checkpoint_uq').on(t.schoolId, t.patrolId, t.checkpointId),
  foreignKey({ columns: [t.schoolId, t.patrolId], foreignColumns: [patrols.schoolId, patrols.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.checkpointId], foreignColumns: [patrolCheckpoints.schoolId, patrolCheckpoints.id] }),
]);
