import { pgTable, integer, text, jsonb, timestamp, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Monthly hazard reports submitted to the district (每月安全隐患排查和数据上报): a frozen snapshot of
 * the report as it was when submitted. A correction is a new revision of the same month (with the
 * reason); earlier revisions stay, so the district sees what was sent and when.
 */
export const hazardReportSubmissions = pgTable('hazard_report_submissions', {
  ...schoolColumns(),
  /** YYYY-MM. */
  month: text('month').notNull(),
  revision: integer('revision').notNull(),
  snapshot: jsonb('snapshot').notNull(),
  note: text('note'),
  submittedBy: integer('submitted_by').notNull(),
  submittedAt: ts('submitted_at').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('hazard_report_submissions_month_uq').on(t.schoolId, t.month, t.revision),
  index('hazard_report_submissions_submitted_idx').on(t.schoolId, t.submittedAt, t.id),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.submittedBy], foreignColumns: [users.schoolId, users.id] }),
]);
