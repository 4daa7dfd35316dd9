import { sql } from 'drizzle-orm';
import { pgTable, integer, text, boolean, date, jsonb, timestamp, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from './columns';
import { schools, users } from './platform.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/*
 * The inspection engine (检查与整改). Templates are per school (materialised from the modules' seed
 * definitions, then editable); every edit of the items writes a new revision, so an inspection keeps
 * the items it was done against. Failed items and directly reported problems become rectifications.
 */

/** A checklist of a school. `revision` is the current revision of its items. */
export const inspectionTemplates = pgTable('inspection_templates', {
  ...schoolColumns(),
  /** Stable code, unique per school ('safety.hazard_monthly'); a school's own templates get 'custom.<n>'. */
  code: text('code').notNull(),
  domain: text('domain').notNull(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en'),
  frequency: text('frequency').notNull(),
  revision: integer('revision').notNull().default(1),
  /** Hash of the seed definition it was last materialised from (null for a school's own template). */
  seedHash: text('seed_hash'),
  /** The school edited it: a later release's changed seed no longer replaces its items. */
  customized: boolean('customized').notNull().default(false),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('inspection_templates_school_code_uq').on(t.schoolId, t.code),
  index('inspection_templates_school_domain_idx').on(t.schoolId, t.domain, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/** The items of one revision of a template (rows are never changed: a new revision gets new rows). */
export const inspectionTemplateItems = pgTable('inspection_template_items', {
  ...schoolColumns(),
  templateId: integer('template_id').notNull(),
  revision: integer('revision').notNull(),
  position: integer('position').notNull(),
  sectionZh: text('section_zh').notNull(),
  sectionEn: text('section_en'),
  textZh: text('text_zh').notNull(),
  textEn: text('text_en'),
  guidanceZh: text('guidance_zh'),
  guidanceEn: text('guidance_en'),
  mode: text('mode').notNull(),
  maxScore: integer('max_score'),
  photoRequired: boolean('photo_required').notNull().default(false),
  critical: boolean('critical').notNull().default(false),
  /** The domain's classification of a finding of this item (safety: building, electrical, fire …). */
  kind: text('kind'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('inspection_template_items_revision_idx').on(t.schoolId, t.templateId, t.revision, t.position),
  foreignKey({ columns: [t.schoolId, t.templateId], foreignColumns: [inspectionTemplates.schoolId, inspectionTemplates.id] }),
]);

/** One inspection of a place (or a named zone) against one revision of a template. */
export const inspections = pgTable('inspections', {
  ...schoolColumns(),
  templateId: integer('template_id').notNull(),
  templateRevision: integer('template_revision').notNull(),
  domain: text('domain').notNull(),
  /** A place of the school (org's locations; validated, no foreign key into a module), or a zone's name. */
  locationId: integer('location_id'),
  zone: text('zone'),
  state: text('state').notNull(),
  inspectorId: integer('inspector_id').notNull(),
  /** The school's day it was started on (filters by date). */
  day: date('day', { mode: 'string' }).notNull(),
  startedAt: ts('started_at').notNull(),
  submittedAt: ts('submitted_at'),
  note: text('note'),
  passCount: integer('pass_count').notNull().default(0),
  failCount: integer('fail_count').notNull().default(0),
  /** Sum of the score items' scores (null when the template has none). */
  score: integer('score'),
  version: integer('version').notNull().default(1),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('inspections_school_started_idx').on(t.schoolId, t.startedAt, t.id),
  index('inspections_school_domain_idx').on(t.schoolId, t.domain, t.startedAt, t.id),
  index('inspections_school_template_idx').on(t.schoolId, t.templateId, t.startedAt, t.id),
  index('inspections_school_location_idx').on(t.schoolId, t.locationId, t.startedAt, t.id),
  index('inspections_school_state_idx').on(t.schoolId, t.state, t.startedAt, t.id),
  index('inspections_school_day_idx').on(t.schoolId, t.day, t.id),
  index('inspections_school_inspector_idx').on(t.schoolId, t.inspectorId, t.startedAt, t.id),
  // Reports: what was submitted in a month, per domain.
  index('inspections_school_domain_submitted_idx').on(t.schoolId, t.domain, t.submittedAt).where(sql`state = 'submitted'`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.templateId], foreignColumns: [inspectionTemplates.schoolId, inspectionTemplates.id] }),
  foreignKey({ columns: [t.schoolId, t.inspectorId], foreignColumns: [users.schoolId, users.id] }),
]);

/** One item's result in an inspection (photos: files of entity 'inspection', slot 'item-<itemId>'). */
export const inspectionResults = pgTable('inspection_results', {
  ...schoolColumns(),
  inspectionId: integer('inspection_id').notNull(),
  itemId: integer('item_id').notNull(),
  outcome: text('outcome').notNull(),
  score: integer('score'),
  note: text('note'),
  /** For a failure: the inspector's severity of the finding (a critical item's finding is always critical). */
  severity: text('severity'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('inspection_results_item_uq').on(t.schoolId, t.inspectionId, t.itemId),
  foreignKey({ columns: [t.schoolId, t.inspectionId], foreignColumns: [inspections.schoolId, inspections.id] }).onDelete('cascade'),
  foreignKey({ columns: [t.schoolId, t.itemId], foreignColumns: [inspectionTemplateItems.schoolId, inspectionTemplateItems.id] }),
]);

/**
 * A rectification 整改: open (nobody owns it) → assigned (owner, deadline, plan) → rectified (by the
 * owner, after-photos) → closed (销号, verified by someone else); a rejection sends it back to assigned.
 * Every list filter has an index (school_id, <filter>, reported_at, id).
 */
export const rectifications = pgTable('rectifications', {
  ...schoolColumns(),
  domain: text('domain').notNull(),
  source: text('source').notNull(),
  sourceId: integer('source_id'),
  /** For a finding of an inspection: the template item that failed (its photos show as 'before'). */
  sourceItemId: integer('source_item_id'),
  title: text('title').notNull(),
  description: text('description'),
  locationId: integer('location_id'),
  zone: text('zone'),
  kind: text('kind'),
  severity: text('severity').notNull(),
  state: text('state').notNull(),
  reporterId: integer('reporter_id'),
  reportedAt: ts('reported_at').notNull(),
  ownerId: integer('owner_id'),
  /** YYYY-MM-DD in the school's zone: overdue from the next day on while not rectified. */
  deadline: date('deadline', { mode: 'string' }),
  plan: text('plan'),
  assignedAt: ts('assigned_at'),
  assignedBy: integer('assigned_by'),
  rectifiedAt: ts('rectified_at'),
  rectifiedBy: integer('rectified_by'),
  rectifyNote: text('rectify_note'),
  verifiedAt: ts('verified_at'),
  verifiedBy: integer('verified_by'),
  verifyNote: text('verify_note'),
  rejectCount: integer('reject_count').notNull().default(0),
  /** Set once by the sweep when it went past its deadline: the escalation happened (history, kept). */
  escalatedAt: ts('escalated_at'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('rectifications_school_reported_idx').on(t.schoolId, t.reportedAt, t.id),
  index('rectifications_school_domain_idx').on(t.schoolId, t.domain, t.reportedAt, t.id),
  index('rectifications_school_domain_state_idx').on(t.schoolId, t.domain, t.state, t.reportedAt, t.id),
  index('rectifications_school_domain_kind_idx').on(t.schoolId, t.domain, t.kind, t.reportedAt, t.id),
  index('rectifications_school_domain_severity_idx').on(t.schoolId, t.domain, t.severity, t.reportedAt, t.id),
  index('rectifications_school_owner_idx').on(t.schoolId, t.ownerId, t.state, t.reportedAt, t.id),
  index('rectifications_school_reporter_idx').on(t.schoolId, t.reporterId, t.reportedAt, t.id),
  index('rectifications_school_location_idx').on(t.schoolId, t.locationId, t.reportedAt, t.id),
  index('rectifications_school_source_idx').on(t.schoolId, t.source, t.sourceId),
  // The overdue tab and the sweep: only what is still waiting for its owner, by deadline.
  index('rectifications_school_waiting_idx').on(t.schoolId, t.domain, t.deadline, t.id).where(sql`state IN ('open','assigned')`),
  index('rectifications_escalation_idx').on(t.deadline).where(sql`escalated_at IS NULL AND state IN ('open','assigned')`),
  // Reports: what is not closed (few rows), and what was closed in a month.
  index('rectifications_school_domain_unclosed_idx').on(t.schoolId, t.domain, t.reportedAt).where(sql`state <> 'closed'`),
  index('rectifications_school_domain_verified_idx').on(t.schoolId, t.domain, t.verifiedAt).where(sql`state = 'closed'`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.reporterId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.ownerId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.assignedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.rectifiedBy], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.verifiedBy], foreignColumns: [users.schoolId, users.id] }),
]);

/** The timeline of a rectification: one row per change, who, when, from → to. */
export const rectificationEvents = pgTable('rectification_events', {
  ...schoolColumns(),
  rectificationId: integer('rectification_id').notNull(),
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
  index('rectification_events_school_rect_idx').on(t.schoolId, t.rectificationId, t.id),
  foreignKey({ columns: [t.schoolId, t.rectificationId], foreignColumns: [rectifications.schoolId, rectifications.id] }).onDelete('cascade'),
]);
