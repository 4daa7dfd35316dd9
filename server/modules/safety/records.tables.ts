import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, date, timestamp, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

/*
 * Campus safety records (RULES.md "Campus safety"): emergency plans and their versions, drills,
 * safety education, responsibility posts and their yearly agreements, incidents and accidents.
 * Documents and photos live in the files engine (entity = the audit entity name below).
 * Classes and locations are org's: kept as ids, validated through org's refs (no foreign keys).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** 应急预案: one per kind and title; its documents are its versions. */
export const safetyPlans = pgTable('safety_plans', {
  ...schoolColumns(),
  kind: text('kind').notNull(),
  title: text('title').notNull(),
  /** The version in force (the latest added). */
  currentVersionId: integer('current_version_id'),
  versionCount: integer('version_count').notNull().default(0),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('safety_plans_school_title_uq').on(t.schoolId, t.title),
  index('safety_plans_school_updated_idx').on(t.schoolId, t.updatedAt, t.id),
  index('safety_plans_school_kind_idx').on(t.schoolId, t.kind, t.updatedAt, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** A plan's versions, never deleted: each its document (files engine), note, who and when, and approval. */
export const safetyPlanVersions = pgTable('safety_plan_versions', {
  ...schoolColumns(),
  planId: integer('plan_id').notNull(),
  number: integer('number').notNull(),
  note: text('note').notNull(),
  uploadedBy: integer('uploaded_by'),
  uploadedAt: ts('uploaded_at').notNull(),
  approvedBy: integer('approved_by'),
  approvedOn: date('approved_on', { mode: 'string' }),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('safety_plan_versions_school_plan_number_uq').on(t.schoolId, t.planId, t.number),
  foreignKey({ columns: [t.schoolId, t.planId], foreignColumns: [safetyPlans.schoolId, safetyPlans.id] }),
  foreignKey({ columns: [t.schoolId, t.uploadedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.approvedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** 演练: at least one a month in school months; evacuation time against the target (2 min). */
export const safetyDrills = pgTable('safety_drills', {
  ...schoolColumns(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  scenario: text('scenario').notNull(),
  planId: integer('plan_id'),
  organiserId: integer('organiser_id').notNull(),
  participantCount: integer('participant_count').notNull(),
  /** Classes taking part (org class ids of this school). */
  classIds: integer('class_ids').array().notNull().default(sql`'{}'::int[]`),
  evacuationSeconds: integer('evacuation_seconds'),
  problems: text('problems'),
  review: text('review'),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('safety_drills_school_held_idx').on(t.schoolId, t.heldOn, t.id),
  index('safety_drills_school_scenario_idx').on(t.schoolId, t.scenario, t.heldOn, t.id),
  index('safety_drills_school_evacuation_idx').on(t.schoolId, t.evacuationSeconds, t.heldOn, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.planId], foreignColumns: [safetyPlans.schoolId, safetyPlans.id] }),
  foreignKey({ columns: [t.schoolId, t.organiserId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** 安全教育: school meetings (two a term) and class sessions (one a month per class). */
export const safetyEducation = pgTable('safety_education', {
  ...schoolColumns(),
  kind: text('kind', { enum: ['meeting', 'class_session'] }).notNull(),
  heldOn: date('held_on', { mode: 'string' }).notNull(),
  classId: integer('class_id'),
  topic: text('topic').notNull(),
  teacherId: integer('teacher_id'),
  attendees: integer('attendees'),
  note: text('note'),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('safety_education_school_held_idx').on(t.schoolId, t.heldOn, t.id),
  index('safety_education_school_kind_idx').on(t.schoolId, t.kind, t.heldOn, t.id),
  index('safety_education_school_class_idx').on(t.schoolId, t.classId, t.heldOn, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.teacherId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** Safety responsibility posts (校长, 分管副校长, 班主任 of a class, 门卫 …) with the person responsible. */
export const safetyPosts = pgTable('safety_posts', {
  ...schoolColumns(),
  name: text('name').notNull(),
  classId: integer('class_id'),
  holderId: integer('holder_id'),
  note: text('note'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('safety_posts_school_name_uq').on(t.schoolId, t.name),
  uniqueIndex('safety_posts_school_class_uq').on(t.schoolId, t.classId).where(sql`class_id IS NOT NULL`),
  index('safety_posts_school_active_idx').on(t.schoolId, t.active, t.name, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.holderId], foreignColumns: [users.schoolId, users.id] }),
]);

/** 安全责任书: one per post and year — who signed, when, the scan (files engine). */
export const safetyAgreements = pgTable('safety_agreements', {
  ...schoolColumns(),
  postId: integer('post_id').notNull(),
  year: integer('year').notNull(),
  signerId: integer('signer_id').notNull(),
  signedOn: date('signed_on', { mode: 'string' }).notNull(),
  note: text('note'),
  createdBy: integer('created_by'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('safety_agreements_school_post_year_uq').on(t.schoolId, t.postId, t.year),
  index('safety_agreements_school_year_idx').on(t.schoolId, t.year, t.postId),
  foreignKey({ columns: [t.schoolId, t.postId], foreignColumns: [safetyPosts.schoolId, safetyPosts.id] }),
  foreignKey({ columns: [t.schoolId, t.signerId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** Incidents and accidents; a safety accident (安全责任事故) vetoes the school's year at the district. */
export const safetyIncidents = pgTable('safety_incidents', {
  ...schoolColumns(),
  title: text('title').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  /** The calendar year of occurred_at in the school's zone (the veto's year). */
  year: integer('year').notNull(),
  locationId: integer('location_id'),
  place: text('place'),
  description: text('description').notNull(),
  people: text('people'),
  severity: text('severity', { enum: ['minor', 'moderate', 'serious', 'major'] }).notNull(),
  safetyAccident: boolean('safety_accident').notNull().default(false),
  actions: text('actions'),
  followUp: text('follow_up'),
  reporterId: integer('reporter_id'),
  reportedAt: ts('reported_at').notNull(),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('safety_incidents_school_occurred_idx').on(t.schoolId, t.occurredAt, t.id),
  index('safety_incidents_school_severity_idx').on(t.schoolId, t.severity, t.occurredAt, t.id),
  index('safety_incidents_school_year_idx').on(t.schoolId, t.year, t.occurredAt, t.id),
  index('safety_incidents_school_reporter_idx').on(t.schoolId, t.reporterId, t.occurredAt, t.id),
  // The veto and the accident filter: few rows, a small partial index.
  index('safety_incidents_school_accident_idx').on(t.schoolId, t.year, t.occurredAt, t.id).where(sql`safety_accident`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.reporterId], foreignColumns: [users.schoolId, users.id] }),
]);
