import { sql } from 'drizzle-orm';
import { pgTable, integer, bigint, boolean, text, date, jsonb, timestamp, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns } from './columns';
import { schools, users } from './platform.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
/** Money in fen, bigint read as a JS number (exact below 2^53). */
const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * One approval per document (kind, document_id). A return ends a round; submitting again starts the
 * next round on the same row (`round` + 1, new steps); the earlier rounds' steps stay as history.
 * While pending, `current_position`/`current_step_role` name the step to decide: the inbox ("todo") is
 * one index range on (school_id, state, current_step_role, submitted_at, id).
 */
export const approvals = pgTable('approvals', {
  ...schoolColumns(),
  kind: text('kind').notNull(),
  documentId: integer('document_id').notNull(),
  title: text('title').notNull(),
  summary: text('summary'),
  /** The document's web path when submitted (the kind's `link`). */
  link: text('link').notNull(),
  amountFen: fen('amount_fen').notNull(),
  applicantId: integer('applicant_id').notNull(),
  state: text('state', { enum: ['pending', 'approved', 'rejected', 'returned'] }).notNull(),
  round: integer('round').notNull().default(1),
  /** The step to decide (0-based) and its role; null once the round has ended. */
  currentPosition: integer('current_position'),
  currentRole: text('current_step_role'),
  /** This round's chain needs a collective decision before its last step (amount above the school's threshold). */
  collectiveRequired: boolean('collective_required').notNull().default(false),
  submittedAt: ts('submitted_at').notNull(),
  endedAt: ts('ended_at'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('approvals_school_document_uq').on(t.schoolId, t.kind, t.documentId),
  index('approvals_school_submitted_idx').on(t.schoolId, t.submittedAt, t.id),
  index('approvals_school_state_step_role_idx').on(t.schoolId, t.state, t.currentRole, t.submittedAt, t.id),
  index('approvals_school_kind_state_idx').on(t.schoolId, t.kind, t.state, t.submittedAt, t.id),
  index('approvals_school_applicant_idx').on(t.schoolId, t.applicantId, t.submittedAt, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.applicantId], foreignColumns: [users.schoolId, users.id] }),
]);

/** The steps of every round: made when the round starts, each decided once (decision IS NULL → set). */
export const approvalSteps = pgTable('approval_steps', {
  ...schoolColumns(),
  approvalId: integer('approval_id').notNull(),
  round: integer('round').notNull(),
  position: integer('position').notNull(),
  role: text('role').notNull(),
  decision: text('decision', { enum: ['approved', 'rejected', 'returned'] }),
  decidedBy: integer('decided_by'),
  decidedAt: ts('decided_at'),
  comment: text('comment'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('approval_steps_school_round_uq').on(t.schoolId, t.approvalId, t.round, t.position),
  // "done": what I decided, newest first.
  index('approval_steps_school_decider_idx').on(t.schoolId, t.decidedBy, t.decidedAt, t.approvalId).where(sql`decided_by IS NOT NULL`),
  foreignKey({ columns: [t.schoolId, t.approvalId], foreignColumns: [approvals.schoolId, approvals.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.decidedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** 集体决策 / 三重一大: the meeting that decided a large amount, one per round (minutes via the files engine). */
export const approvalCollectiveDecisions = pgTable('approval_collective_decisions', {
  ...schoolColumns(),
  approvalId: integer('approval_id').notNull(),
  round: integer('round').notNull(),
  meetingDate: date('meeting_date', { mode: 'string' }).notNull(),
  attendees: text('attendees').notNull(),
  resolution: text('resolution').notNull(),
  recordedBy: integer('recorded_by').notNull(),
  recordedAt: ts('recorded_at').notNull(),
  version: integer('version').notNull().default(1),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('approval_collective_school_round_uq').on(t.schoolId, t.approvalId, t.round),
  foreignKey({ columns: [t.schoolId, t.approvalId], foreignColumns: [approvals.schoolId, approvals.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.recordedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/**
 * A school's own chains for one kind (replacing the kind's `defaultChains`): rules of
 * `{minAmountFen, steps: Role[]}`; the rule with the highest minAmountFen ≤ amount wins. Edited as a
 * whole with `version` (409 on a lost update); no row (or null rules) = the kind's defaults.
 */
export const approvalRules = pgTable('approval_rules', {
  ...schoolColumns(),
  kind: text('kind').notNull(),
  /** Null after "back to the defaults" (the row keeps its version, so a stale edit still gets 409). */
  rules: jsonb('rules').$type<{ minAmountFen: number; steps: string[] }[]>(),
  version: integer('version').notNull().default(1),
  updatedBy: integer('updated_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('approval_rules_school_kind_uq').on(t.schoolId, t.kind),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.updatedBy], foreignColumns: [users.schoolId, users.id] }),
]);
