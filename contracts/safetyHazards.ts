import { z } from 'zod';
import { ListQuery, Id } from './common';
import { Role } from './auth';
import { FileIds } from './files';
import { RectificationListQuery, Severity, RectState } from './inspections';

// Hazards 隐患 (SPEC §5.7): reported by anyone, rectified on the inspection engine (domain 'safety'),
// and the monthly hazard report sent up to the district.

export const HAZARD_KINDS = ['building', 'electrical', 'fire', 'sports', 'canteen', 'dorm', 'surroundings', 'other'] as const;
export const HazardKind = z.enum(HAZARD_KINDS);
export type HazardKind = z.infer<typeof HazardKind>;

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const ReportHazardInput = z.object({
  locationId: z.number().int().positive().nullish(),
  /** Where there is no place in the tree (校门外, 围墙外 …). */
  zone: z.string().trim().min(1).max(60).nullish(),
  kind: HazardKind,
  severity: Severity.default('medium'),
  title: z.string().trim().max(60).nullish(),
  description: z.string().trim().min(1).max(2000),
  photoIds: FileIds(6).default([]),
}).superRefine((v, ctx) => {
  if (!v.locationId && !v.zone) ctx.addIssue({ code: 'custom', path: ['locationId'], message: 'a place or a zone', params: { i18n: 'hazards.placeRequired' } });
});
export type ReportHazardInput = z.infer<typeof ReportHazardInput>;

export const HazardListQuery = RectificationListQuery.omit({ domain: true }).extend({ kind: HazardKind.optional() });
export type HazardListQuery = z.infer<typeof HazardListQuery>;

export const MonthlyReportQuery = z.object({
  month,
  format: z.enum(['json', 'xlsx', 'pdf']).default('json'),
  /** For the district inspector: which school of the district. */
  schoolId: z.coerce.number().int().positive().optional(),
});
export type MonthlyReportQuery = z.infer<typeof MonthlyReportQuery>;

const Counts = z.object({ found: z.number(), closed: z.number(), openAtEnd: z.number(), overdue: z.number() });
export const ReportOpenItem = z.object({
  id: z.number(),
  title: z.string(),
  kind: z.string().nullable(),
  severity: Severity,
  state: RectState,
  location: z.string().nullable(),
  reportedAt: z.string(),
  ownerName: z.string().nullable(),
  deadline: z.string().nullable(),
  plan: z.string().nullable(),
  overdue: z.boolean(),
  source: z.string(),
});
export type ReportOpenItem = z.infer<typeof ReportOpenItem>;

export const HazardMonthlyReport = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  month: z.string(),
  /** First and last day of the month (school's zone). */
  from: z.string(),
  to: z.string(),
  /** The instant the "open at month end" figures are taken at: the month's end, or now in the current month. */
  asOf: z.string(),
  generatedAt: z.string(),
  totals: Counts.extend({
    /** Found before the month and still open at its start. */
    carriedOver: z.number(),
  }),
  byKind: z.array(Counts.extend({ kind: z.string() })),
  bySeverity: z.array(Counts.extend({ severity: Severity })),
  openItems: z.array(ReportOpenItem),
  closedItems: z.array(z.object({ id: z.number(), title: z.string(), kind: z.string().nullable(), severity: Severity, location: z.string().nullable(), ownerName: z.string().nullable(), verifiedAt: z.string(), verifiedByName: z.string().nullable() })),
  inspections: z.object({
    count: z.number(),
    byTemplate: z.array(z.object({ templateId: z.number(), name: z.object({ zh: z.string(), en: z.string().nullable() }), count: z.number(), failed: z.number() })),
    items: z.array(z.object({ id: z.number(), templateName: z.object({ zh: z.string(), en: z.string().nullable() }), day: z.string(), location: z.string().nullable(), inspector: z.string(), failCount: z.number() })),
  }),
});
export type HazardMonthlyReport = z.infer<typeof HazardMonthlyReport>;

export const MonthlyReportAnswer = HazardMonthlyReport.extend({
  /** What was sent to the district for this month (latest revision), if anything. */
  submission: z.object({ id: z.number(), revision: z.number(), submittedAt: z.string(), submittedByName: z.string() }).nullable(),
});
export type MonthlyReportAnswer = z.infer<typeof MonthlyReportAnswer>;

export const SubmitReportInput = z.object({
  month,
  /** Required when the month was already submitted: why it is sent again. */
  note: z.string().trim().max(500).nullish(),
});
export type SubmitReportInput = z.infer<typeof SubmitReportInput>;

export const SubmittedReport = z.object({
  id: z.number(),
  schoolId: z.number(),
  schoolName: z.string(),
  month: z.string(),
  revision: z.number(),
  note: z.string().nullable(),
  submittedAt: z.string(),
  submittedByName: z.string(),
  totals: HazardMonthlyReport.shape.totals,
});
export type SubmittedReport = z.infer<typeof SubmittedReport>;
export const SubmittedReportDetail = SubmittedReport.extend({ report: HazardMonthlyReport });
export type SubmittedReportDetail = z.infer<typeof SubmittedReportDetail>;

export const SubmittedListQuery = ListQuery.extend({ month: month.optional() });
export type SubmittedListQuery = z.infer<typeof SubmittedListQuery>;
export const SubmittedDetailQuery = z.object({ format: z.enum(['json', 'xlsx', 'pdf']).default('json') });

export const HazardIdParams = z.object({ id: Id });

// ── Settings (module 'hazards', via /api/v1/settings/hazards) ──
/** Local time the monthly investigation task appears on its day. */
export const INVESTIGATION_TIME = '08:00';
export const HazardSettings = z.object({
  /** Day of the month the monthly hazard investigation task appears (每月一次安全隐患排查). */
  investigationDay: z.number().int().min(1).max(28),
  /** The investigation is due by the end of this day of the month (the month's last day when shorter); not before the day it appears. */
  investigationDueDay: z.number().int().min(1).max(31),
  /** Who does it when no one person is named: anyone holding this role (the vice principal in charge of safety). */
  investigationRole: Role.exclude(['inspector']),
  /** The one person responsible (a staff member of the school), else the role. */
  investigationOwnerId: z.number().int().positive().nullable(),
}).superRefine((v, ctx) => {
  if (v.investigationDueDay < v.investigationDay) {
    ctx.addIssue({ code: 'custom', path: ['investigationDueDay'], message: 'before the day the task appears', params: { i18n: 'hazards.dueBeforeDay' } });
  }
});
export type HazardSettings = z.infer<typeof HazardSettings>;
export const DEFAULT_HAZARD_SETTINGS: HazardSettings = {
  investigationDay: 1, investigationDueDay: 25, investigationRole: 'vice_principal', investigationOwnerId: null,
};

/** The month's investigation on the safety home: done (with its inspection), due (by `dueOn`), overdue, or upcoming (a month still to come). */
export const INVESTIGATION_STATES = ['done', 'due', 'overdue', 'upcoming'] as const;
export const InvestigationState = z.object({
  state: z.enum(INVESTIGATION_STATES),
  dueOn: z.string(),
  /** The month's submitted investigation (the latest), when done. */
  inspectionId: z.number().nullable(),
  doneOn: z.string().nullable(),
  /** The school's monthly-investigation checklist (to start one), when it has it. */
  templateId: z.number().nullable(),
});
export type InvestigationState = z.infer<typeof InvestigationState>;
