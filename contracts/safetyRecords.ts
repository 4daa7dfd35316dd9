import { z } from 'zod';
import { ListQuery, boolQuery, Id, HistoryEntry } from './common';
import { FileRef, FileIds } from './files';
import { isRealDate } from './schedules';
import { InvestigationState } from './safetyHazards';

// Campus safety records (SPEC §5.7, RULES.md "Campus safety"): emergency plans with versions, drills,
// safety education, responsibility agreements per post and year, incidents and accidents, the
// district's veto (一票否决) and the safety home's figures.

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isRealDate, { message: 'invalid date' });
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export const Year = z.coerce.number().int().min(2000).max(2100);
const text = (max: number) => z.string().trim().max(max);
/** Optional text: empty means none (null); left out stays undefined (an update keeps the old value). */
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v === undefined ? undefined : v || null));

/** Kinds of emergency plan and scenarios of drills (应急预案 / 演练). */
export const SAFETY_KINDS = ['fire', 'earthquake', 'flood', 'food_poisoning', 'epidemic', 'stampede', 'intruder', 'other'] as const;
export const SafetyKind = z.enum(SAFETY_KINDS);
export type SafetyKind = z.infer<typeof SafetyKind>;

export const EDUCATION_KINDS = ['meeting', 'class_session'] as const;
export const EducationKind = z.enum(EDUCATION_KINDS);
export type EducationKind = z.infer<typeof EducationKind>;

export const INCIDENT_SEVERITIES = ['minor', 'moderate', 'serious', 'major'] as const;
export const IncidentSeverity = z.enum(INCIDENT_SEVERITIES);
export type IncidentSeverity = z.infer<typeof IncidentSeverity>;

/** Roles that write plans, drills, meetings, posts and agreements, and manage incidents. */
export const SAFETY_LEADERS = ['admin', 'principal', 'vice_principal', 'director'] as const;
/** Roles that approve an emergency plan (a leader of the school). */
export const PLAN_APPROVERS = ['principal', 'vice_principal'] as const;

// ── Settings (module 'safetyRecords', via /api/v1/settings/safetyRecords) ──
export const SafetyRecordsSettings = z.object({
  /** Evacuation target: 2 minutes for buildings of ≤ 4 floors (教基一厅〔2014〕2号). */
  evacuationTargetSeconds: z.number().int().min(30).max(1800),
  /** A month is a school month (a drill and class sessions expected) when this many of its days fall in a term. */
  schoolMonthMinDays: z.number().int().min(1).max(31),
  /** School safety meetings expected per term. */
  meetingsPerTerm: z.number().int().min(0).max(20),
  /** Class safety sessions expected per class and school month. */
  classSessionsPerMonth: z.number().int().min(0).max(10),
});
export type SafetyRecordsSettings = z.infer<typeof SafetyRecordsSettings>;
export const DEFAULT_SAFETY_RECORDS_SETTINGS: SafetyRecordsSettings = {
  evacuationTargetSeconds: 120, schoolMonthMinDays: 10, meetingsPerTerm: 2, classSessionsPerMonth: 1,
};

// ── Emergency plans 应急预案 ──
const approval = {
  /** The leader (principal or vice principal) who approved this version, when approved on paper. */
  approvedById: Id.nullish(),
  approvedOn: Ymd.nullish(),
};
export const CreatePlanInput = z.object({
  kind: SafetyKind,
  title: text(100).min(1),
  /** The first version: its document (PDF or photos of the signed pages) and a note. */
  note: text(500).min(1),
  fileIds: FileIds(10).min(1),
  ...approval,
});
export type CreatePlanInput = z.infer<typeof CreatePlanInput>;
export const UpdatePlanInput = z.object({
  kind: SafetyKind.optional(),
  title: text(100).min(1).optional(),
  active: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type UpdatePlanInput = z.infer<typeof UpdatePlanInput>;
export const NewPlanVersionInput = z.object({
  note: text(500).min(1),
  fileIds: FileIds(10).min(1),
  ...approval,
  /** The plan's version this change was made from: 409 when someone added a version since. */
  version: z.number().int().positive(),
});
export type NewPlanVersionInput = z.infer<typeof NewPlanVersionInput>;
export const ApprovePlanInput = z.object({ version: z.number().int().positive() });

export const PlanVersion = z.object({
  id: z.number(),
  number: z.number(),
  note: z.string(),
  files: z.array(FileRef),
  uploadedById: z.number().nullable(),
  uploadedByName: z.string().nullable(),
  uploadedAt: z.string(),
  approvedById: z.number().nullable(),
  approvedByName: z.string().nullable(),
  approvedOn: z.string().nullable(),
  current: z.boolean(),
});
export type PlanVersion = z.infer<typeof PlanVersion>;
export const Plan = z.object({
  id: z.number(),
  schoolId: z.number(),
  kind: SafetyKind,
  title: z.string(),
  active: z.boolean(),
  versionCount: z.number(),
  current: PlanVersion.nullable(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Plan = z.infer<typeof Plan>;
export const PlanDetail = Plan.extend({ versions: z.array(PlanVersion), history: z.array(HistoryEntry) });
export type PlanDetail = z.infer<typeof PlanDetail>;
export const PlanListQuery = ListQuery.extend({ kind: SafetyKind.optional(), active: boolQuery.optional() });

// ── Drills 演练 ──
const drillFields = {
  heldOn: Ymd,
  scenario: SafetyKind,
  planId: Id.nullish(),
  organiserId: Id,
  participantCount: z.number().int().min(1).max(20_000),
  classIds: z.array(Id).max(200).default([]),
  /** From the alarm to the last person at the assembly point; null for drills without evacuation. */
  evacuationSeconds: z.number().int().min(1).max(7200).nullish(),
  problems: optText(2000),
  review: optText(4000),
  photoIds: FileIds(12).default([]),
};
export const CreateDrillInput = z.object(drillFields);
export type CreateDrillInput = z.infer<typeof CreateDrillInput>;
export const UpdateDrillInput = z.object({
  heldOn: drillFields.heldOn.optional(),
  scenario: drillFields.scenario.optional(),
  planId: drillFields.planId,
  organiserId: drillFields.organiserId.optional(),
  participantCount: drillFields.participantCount.optional(),
  classIds: z.array(Id).max(200).optional(),
  evacuationSeconds: drillFields.evacuationSeconds,
  problems: optText(2000).optional(),
  review: optText(4000).optional(),
  photoIds: FileIds(12).optional(),
  version: z.number().int().positive(),
});
export type UpdateDrillInput = z.infer<typeof UpdateDrillInput>;
export const Drill = z.object({
  id: z.number(),
  schoolId: z.number(),
  heldOn: z.string(),
  scenario: SafetyKind,
  planId: z.number().nullable(),
  planTitle: z.string().nullable(),
  organiserId: z.number(),
  organiserName: z.string().nullable(),
  participantCount: z.number(),
  classIds: z.array(z.number()),
  classNames: z.array(z.string()),
  evacuationSeconds: z.number().nullable(),
  /** Evacuation slower than the school's target (2 minutes by default). */
  slow: z.boolean(),
  problems: z.string().nullable(),
  review: z.string().nullable(),
  photos: z.array(FileRef),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type Drill = z.infer<typeof Drill>;
export const DrillDetail = Drill.extend({ history: z.array(HistoryEntry) });
export type DrillDetail = z.infer<typeof DrillDetail>;
export const DrillListQuery = ListQuery.extend({
  scenario: SafetyKind.optional(),
  slow: boolQuery.optional(),
  from: Ymd.optional(),
  to: Ymd.optional(),
});

export const MONTH_STATUSES = ['done', 'missing', 'due', 'upcoming', 'holiday'] as const;
export const MonthStatus = z.enum(MONTH_STATUSES);
export type MonthStatus = z.infer<typeof MonthStatus>;
export const TermInfo = z.object({ name: z.string(), start: z.string(), end: z.string() });
/** The drill rule month by month over the term holding `month`: done, missing (flagged), due (this month), upcoming, holiday. */
export const DrillMonths = z.object({
  month: z.string(),
  term: TermInfo.nullable(),
  targetSeconds: z.number(),
  months: z.array(z.object({ month: z.string(), status: MonthStatus, drills: z.number(), termDays: z.number() })),
  /** Past school months of the term without a drill. */
  missing: z.number(),
});
export type DrillMonths = z.infer<typeof DrillMonths>;
export const MonthQuery = z.object({ month: Month.optional(), schoolId: Id.optional() });

// ── Safety education 安全教育 ──
export const CreateEducationInput = z.object({
  kind: EducationKind,
  heldOn: Ymd,
  /** Required for a class session; none for a school meeting. */
  classId: Id.nullish(),
  topic: text(200).min(1),
  /** Who gave it; the person recording by default. */
  teacherId: Id.nullish(),
  attendees: z.number().int().min(0).max(10_000).nullish(),
  note: optText(2000),
  photoIds: FileIds(12).default([]),
}).superRefine((v, ctx) => {
  if (v.kind === 'class_session' && !v.classId) ctx.addIssue({ code: 'custom', path: ['classId'], message: 'required for a class session', params: { i18n: 'safety.classRequired' } });
  if (v.kind === 'meeting' && v.classId) ctx.addIssue({ code: 'custom', path: ['classId'], message: 'a school meeting has no class', params: { i18n: 'safety.meetingNoClass' } });
});
export type CreateEducationInput = z.infer<typeof CreateEducationInput>;
export const UpdateEducationInput = z.object({
  heldOn: Ymd.optional(),
  classId: Id.optional(),
  topic: text(200).min(1).optional(),
  teacherId: Id.optional(),
  attendees: z.number().int().min(0).max(10_000).nullish(),
  note: optText(2000).optional(),
  photoIds: FileIds(12).optional(),
  version: z.number().int().positive(),
});
export type UpdateEducationInput = z.infer<typeof UpdateEducationInput>;
export const EducationRecord = z.object({
  id: z.number(),
  schoolId: z.number(),
  kind: EducationKind,
  heldOn: z.string(),
  classId: z.number().nullable(),
  className: z.string().nullable(),
  topic: z.string(),
  teacherId: z.number().nullable(),
  teacherName: z.string().nullable(),
  attendees: z.number().nullable(),
  note: z.string().nullable(),
  photos: z.array(FileRef),
  createdById: z.number().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
export type EducationRecord = z.infer<typeof EducationRecord>;
export const EducationDetail = EducationRecord.extend({ history: z.array(HistoryEntry) });
export type EducationDetail = z.infer<typeof EducationDetail>;
export const EducationListQuery = ListQuery.extend({
  kind: EducationKind.optional(),
  classId: Id.optional(),
  from: Ymd.optional(),
  to: Ymd.optional(),
});
export const EducationCompliance = z.object({
  month: z.string(),
  /** Class sessions are expected this month (a school month of a term). */
  schoolMonth: z.boolean(),
  term: TermInfo.nullable(),
  sessionsRequired: z.number(),
  classes: z.array(z.object({
    classId: z.number(), grade: z.number(), name: z.string(), headTeacherId: z.number().nullable(), headTeacherName: z.string().nullable(),
    sessions: z.number(), lastOn: z.string().nullable(),
  })),
  /** Classes short of sessions this month (0 outside school months). */
  classesShort: z.number(),
  meetingsTerm: z.number(),
  meetingsRequired: z.number(),
});
export type EducationCompliance = z.infer<typeof EducationCompliance>;

// ── Responsibility posts and agreements 安全责任书 ──
export const CreatePostInput = z.object({
  name: text(60).min(1),
  /** For 班主任 posts: the class. */
  classId: Id.nullish(),
  /** The person responsible (a staff account). */
  holderId: Id.nullish(),
  note: optText(200),
});
export type CreatePostInput = z.infer<typeof CreatePostInput>;
export const UpdatePostInput = z.object({
  name: text(60).min(1).optional(),
  classId: Id.nullish(),
  holderId: Id.nullish(),
  note: optText(200).optional(),
  active: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type UpdatePostInput = z.infer<typeof UpdatePostInput>;
export const SafetyPost = z.object({
  id: z.number(),
  schoolId: z.number(),
  name: z.string(),
  classId: z.number().nullable(),
  className: z.string().nullable(),
  holderId: z.number().nullable(),
  holderName: z.string().nullable(),
  note: z.string().nullable(),
  active: z.boolean(),
  version: z.number(),
});
export type SafetyPost = z.infer<typeof SafetyPost>;
export const PostsFromClassesResult = z.object({ created: z.number() });

export const SignAgreementInput = z.object({
  postId: Id,
  year: Year,
  /** Who signed (usually the post's holder). */
  signerId: Id,
  signedOn: Ymd,
  note: optText(500),
  /** The signed agreement, scanned (PDF or photos). */
  scanIds: FileIds(6).default([]),
});
export type SignAgreementInput = z.infer<typeof SignAgreementInput>;
export const UpdateAgreementInput = z.object({
  signerId: Id.optional(),
  signedOn: Ymd.optional(),
  note: optText(500).optional(),
  scanIds: FileIds(6).optional(),
  version: z.number().int().positive(),
});
export type UpdateAgreementInput = z.infer<typeof UpdateAgreementInput>;
export const Agreement = z.object({
  id: z.number(),
  postId: z.number(),
  year: z.number(),
  signerId: z.number(),
  signerName: z.string().nullable(),
  signedOn: z.string(),
  note: z.string().nullable(),
  scans: z.array(FileRef),
  version: z.number(),
  updatedAt: z.string(),
});
export type Agreement = z.infer<typeof Agreement>;
export const AgreementRow = z.object({ post: SafetyPost, agreement: Agreement.nullable() });
export type AgreementRow = z.infer<typeof AgreementRow>;
export const AgreementListQuery = z.object({
  year: Year.optional(),
  signed: boolQuery.optional(),
  q: z.string().trim().max(100).optional(),
  schoolId: Id.optional(),
});
/** Every active post with its agreement of the year (posts are tens per school: one answer, no paging). */
export const AgreementYear = z.object({
  year: z.number(),
  posts: z.number(),
  signed: z.number(),
  unsigned: z.number(),
  items: z.array(AgreementRow),
});
export type AgreementYear = z.infer<typeof AgreementYear>;

// ── Incidents and accidents 事件与事故 ──
export const CreateIncidentInput = z.object({
  title: text(100).min(1),
  occurredAt: z.iso.datetime({ offset: true }),
  locationId: Id.nullish(),
  /** Where, in words, when the place is not in the school's list (on the way to school …). */
  place: optText(100),
  description: text(4000).min(1),
  /** Who was involved, in a few words (keep personal data to what is needed). */
  people: optText(500),
  severity: IncidentSeverity,
  /** A safety accident (安全责任事故): fails the school's year at the district (一票否决). Leaders only. */
  safetyAccident: z.boolean().default(false),
  actions: optText(2000),
  followUp: optText(2000),
  photoIds: FileIds(12).default([]),
}).superRefine((v, ctx) => {
  if (!v.locationId && !v.place) ctx.addIssue({ code: 'custom', path: ['place'], message: 'where', params: { i18n: 'safety.placeRequired' } });
});
export type CreateIncidentInput = z.infer<typeof CreateIncidentInput>;
export const UpdateIncidentInput = z.object({
  title: text(100).min(1).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  locationId: Id.nullish(),
  place: optText(100).optional(),
  description: text(4000).min(1).optional(),
  people: optText(500).optional(),
  severity: IncidentSeverity.optional(),
  safetyAccident: z.boolean().optional(),
  actions: optText(2000).optional(),
  followUp: optText(2000).optional(),
  photoIds: FileIds(12).optional(),
  version: z.number().int().positive(),
});
export type UpdateIncidentInput = z.infer<typeof UpdateIncidentInput>;
export const Incident = z.object({
  id: z.number(),
  schoolId: z.number(),
  title: z.string(),
  occurredAt: z.string(),
  /** The calendar year of occurredAt in the school's zone: the year a safety accident vetoes. */
  year: z.number(),
  locationId: z.number().nullable(),
  locationPath: z.string().nullable(),
  place: z.string().nullable(),
  description: z.string(),
  people: z.string().nullable(),
  severity: IncidentSeverity,
  safetyAccident: z.boolean(),
  actions: z.string().nullable(),
  followUp: z.string().nullable(),
  reporterId: z.number().nullable(),
  reporterName: z.string().nullable(),
  reportedAt: z.string(),
  photos: z.array(FileRef),
  updatedAt: z.string(),
  version: z.number(),
});
export type Incident = z.infer<typeof Incident>;
export const IncidentDetail = Incident.extend({ history: z.array(HistoryEntry) });
export type IncidentDetail = z.infer<typeof IncidentDetail>;
export const IncidentListQuery = ListQuery.extend({
  severity: IncidentSeverity.optional(),
  accident: boolQuery.optional(),
  year: Year.optional(),
  from: Ymd.optional(),
  to: Ymd.optional(),
});

// ── The district's veto 一票否决 ──
export const VetoQuery = z.object({ year: Year.optional(), schoolId: Id.optional() });
export const Veto = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  year: z.number(),
  vetoed: z.boolean(),
  accidents: z.array(z.object({ id: z.number(), title: z.string(), occurredAt: z.string(), severity: IncidentSeverity })),
});
export type Veto = z.infer<typeof Veto>;
export const DistrictQuery = z.object({ year: Year.optional() });
export const DistrictSchool = z.object({
  schoolId: z.number(),
  schoolName: z.string(),
  incidents: z.number(),
  bySeverity: z.object({ minor: z.number(), moderate: z.number(), serious: z.number(), major: z.number() }),
  accidents: z.number(),
  vetoed: z.boolean(),
  lastIncidentAt: z.string().nullable(),
  drills: z.number(),
});
export type DistrictSchool = z.infer<typeof DistrictSchool>;
export const DistrictView = z.object({ year: z.number(), items: z.array(DistrictSchool) });
export type DistrictView = z.infer<typeof DistrictView>;

// ── The safety home 安全首页 ──
export const GateFigures = z.object({
  visitorsMonth: z.number(), insideNow: z.number(), passesMonth: z.number(), exitsMonth: z.number(),
  patrolsMonth: z.number(), patrolDaysShort: z.number(), missedCheckpointsMonth: z.number(),
});
export type GateFigures = z.infer<typeof GateFigures>;
export const HazardFigures = z.object({
  reportedMonth: z.number(), closedMonth: z.number(), open: z.number(), overdue: z.number(),
  inspectionsMonth: z.number(), reportSubmitted: z.boolean(),
  /** The month's hazard investigation (每月一次安全隐患排查). */
  investigation: InvestigationState,
});
export type HazardFigures = z.infer<typeof HazardFigures>;
export const SafetyHome = z.object({
  schoolId: z.number(),
  month: z.string(),
  /** Today in the school's zone. */
  today: z.string(),
  drills: z.object({
    /** A drill is expected this month (a school month of a term). */
    expected: z.boolean(),
    doneThisMonth: z.number(),
    last: z.object({ id: z.number(), heldOn: z.string(), scenario: SafetyKind, evacuationSeconds: z.number().nullable(), slow: z.boolean() }).nullable(),
    missingMonths: z.number(),
    targetSeconds: z.number(),
  }),
  education: z.object({
    schoolMonth: z.boolean(), classes: z.number(), classesShort: z.number(), meetingsTerm: z.number(), meetingsRequired: z.number(),
  }),
  agreements: z.object({ year: z.number(), posts: z.number(), unsigned: z.number() }),
  incidents: z.object({ month: z.number(), year: z.number(), accidentsYear: z.number() }),
  plans: z.object({ active: z.number(), unapproved: z.number() }),
  veto: z.boolean(),
  /** Gate, visitors and patrols (null until that part is installed). */
  gate: GateFigures.nullable(),
  /** Hazards and inspections (null until that part is installed). */
  hazards: HazardFigures.nullable(),
});
export type SafetyHome = z.infer<typeof SafetyHome>;
