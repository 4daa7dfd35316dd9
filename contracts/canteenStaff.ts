import { z } from 'zod';
import { Id } from './common';
import { FileRef, FileIds } from './files';
import { isRealDate } from './schedules';

// Canteen staff health (RULES.md "Canteen"): the canteen staff list with food posts, health
// certificates 健康证明, morning checks 晨检, the day's food-post roster, and canteen self-inspections
// on the inspection engine with service stops 停餐 (server/modules/canteen/staff.*).

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isRealDate, { message: 'invalid date' });
const Hm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v === undefined ? undefined : v || null));

/** A post in the canteen (岗位): `food` posts touch food and need a valid certificate and a passed morning check. */
export const CanteenPost = z.object({
  code: z.string().trim().regex(/^[a-z][a-z0-9_]{0,31}$/),
  name: z.string().trim().min(1).max(20),
  food: z.boolean(),
});
export type CanteenPost = z.infer<typeof CanteenPost>;

// ── Settings (module 'canteenStaff', via /api/v1/settings/canteenStaff) ──
export const CanteenStaffSettings = z.object({
  /** The canteen's posts; codes are stored on staff records and day assignments. */
  posts: z.array(CanteenPost).min(1).max(40)
    .refine((xs) => new Set(xs.map((x) => x.code)).size === xs.length, { message: 'duplicate post code' }),
  /** A certificate without an expiry date is valid this many days from its issue date (one year). */
  certValidityDays: z.number().int().min(30).max(3 * 366),
  /** Alert the canteen manager this many days before a certificate expires. */
  certAlertDays: z.number().int().min(1).max(120),
  /** Morning checks missing at this local time are flagged. */
  morningCheckDeadline: Hm,
  /** A temperature at or above this (°C) is a fever. */
  feverCelsius: z.number().min(36.5).max(39),
  /** Days the canteen serves (1 = Monday … 7 = Sunday): morning checks and the daily self-check are expected. */
  serviceWeekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  /** Local time the daily self-check task appears for the canteen manager. */
  selfCheckTime: Hm,
});
export type CanteenStaffSettings = z.infer<typeof CanteenStaffSettings>;

export const DEFAULT_CANTEEN_POSTS: CanteenPost[] = [
  { code: 'purchase', name: '采购', food: false },
  { code: 'intake', name: '验收', food: true },
  { code: 'store', name: '仓管', food: true },
  { code: 'prep', name: '切配', food: true },
  { code: 'cook', name: '烹饪', food: true },
  { code: 'pastry', name: '面点', food: true },
  { code: 'serve', name: '分餐', food: true },
  { code: 'wash', name: '洗消', food: true },
  { code: 'clean', name: '保洁', food: false },
];

export const DEFAULT_CANTEEN_STAFF_SETTINGS: CanteenStaffSettings = {
  posts: DEFAULT_CANTEEN_POSTS,
  certValidityDays: 365,
  certAlertDays: 30,
  morningCheckDeadline: '08:00',
  feverCelsius: 37.3,
  serviceWeekdays: [1, 2, 3, 4, 5],
  selfCheckTime: '07:00',
};

// ── Staff and certificates ──
export const CERT_STATES = ['valid', 'expiring', 'expired', 'missing'] as const;
export const CertState = z.enum(CERT_STATES);
export type CertState = z.infer<typeof CertState>;

export const HealthCert = z.object({
  id: z.number(),
  staffId: z.number(),
  certNo: z.string(),
  issuedOn: z.string(),
  expiresOn: z.string(),
  issuer: z.string().nullable(),
  scans: z.array(FileRef),
  version: z.number(),
  createdAt: z.string(),
});
export type HealthCert = z.infer<typeof HealthCert>;

export const CanteenStaff = z.object({
  id: z.number(),
  userId: z.number(),
  name: z.string(),
  post: z.string().nullable(),
  phone: z.string().nullable(),
  posts: z.array(z.string()),
  note: z.string().nullable(),
  active: z.boolean(),
  /** The certificate valid latest (null: none on file). */
  cert: z.object({ id: z.number(), certNo: z.string(), issuedOn: z.string(), expiresOn: z.string() }).nullable(),
  certState: CertState,
  version: z.number(),
});
export type CanteenStaff = z.infer<typeof CanteenStaff>;

export const CanteenStaffDetail = CanteenStaff.extend({ certificates: z.array(HealthCert) });
export type CanteenStaffDetail = z.infer<typeof CanteenStaffDetail>;

export const CanteenStaffListQuery = z.object({
  schoolId: Id.optional(),
  active: z.enum(['true', 'false', 'all']).default('true'),
  q: z.string().trim().max(50).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type CanteenStaffListQuery = z.infer<typeof CanteenStaffListQuery>;

const Posts = z.array(z.string().trim().min(1).max(32)).max(20);

export const CreateCanteenStaffInput = z.object({
  userId: Id,
  posts: Posts,
  note: optText(200),
});
export type CreateCanteenStaffInput = z.infer<typeof CreateCanteenStaffInput>;

export const UpdateCanteenStaffInput = z.object({
  posts: Posts.optional(),
  note: optText(200),
  active: z.boolean().optional(),
  version: z.number().int(),
});
export type UpdateCanteenStaffInput = z.infer<typeof UpdateCanteenStaffInput>;

export const StaffCandidate = z.object({ userId: z.number(), name: z.string(), post: z.string().nullable(), department: z.string().nullable() });
export type StaffCandidate = z.infer<typeof StaffCandidate>;
export const CandidateQuery = z.object({ q: z.string().trim().max(50).optional() });

export const CreateCertInput = z.object({
  certNo: z.string().trim().min(1).max(50),
  issuedOn: Ymd,
  /** Left out: issuedOn + the validity setting (one year). */
  expiresOn: Ymd.nullish(),
  issuer: optText(100),
  scanIds: FileIds(10).optional(),
});
export type CreateCertInput = z.infer<typeof CreateCertInput>;

export const UpdateCertInput = z.object({
  certNo: z.string().trim().min(1).max(50).optional(),
  issuedOn: Ymd.optional(),
  expiresOn: Ymd.optional(),
  issuer: optText(100),
  scanIds: FileIds(10).optional(),
  version: z.number().int(),
});
export type UpdateCertInput = z.infer<typeof UpdateCertInput>;

// ── Morning checks 晨检 ──
export const MorningCheckInput = z.object({
  staffId: Id,
  /** The school-local day (default today; never a future day). */
  date: Ymd.optional(),
  fever: z.boolean().default(false),
  temperature: z.number().min(34).max(43).nullish(),
  diarrhoea: z.boolean().default(false),
  wound: z.boolean().default(false),
  soreThroat: z.boolean().default(false),
  otherSymptom: optText(200),
});
export type MorningCheckInput = z.infer<typeof MorningCheckInput>;

export const UpdateMorningCheckInput = MorningCheckInput.omit({ staffId: true, date: true }).extend({ version: z.number().int() });
export type UpdateMorningCheckInput = z.infer<typeof UpdateMorningCheckInput>;

export const BulkMorningCheckInput = z.object({ date: Ymd.optional(), staffIds: z.array(Id).min(1).max(200) });
export type BulkMorningCheckInput = z.infer<typeof BulkMorningCheckInput>;

export const MorningCheck = z.object({
  id: z.number(),
  staffId: z.number(),
  date: z.string(),
  fever: z.boolean(),
  temperature: z.number().nullable(),
  diarrhoea: z.boolean(),
  wound: z.boolean(),
  soreThroat: z.boolean(),
  otherSymptom: z.string().nullable(),
  result: z.enum(['pass', 'fail']),
  reasons: z.array(z.string()),
  checkerId: z.number().nullable(),
  checkerName: z.string().nullable(),
  checkedAt: z.string(),
  version: z.number(),
});
export type MorningCheck = z.infer<typeof MorningCheck>;

/** A school-local day (default today); `schoolId` for the district inspector. */
export const DateQuery = z.object({ date: Ymd.optional(), schoolId: Id.optional() });
export const SchoolQuery = z.object({ schoolId: Id.optional() });

export const DayChecks = z.object({
  date: z.string(),
  deadline: z.string(),
  serviceDay: z.boolean(),
  items: z.array(z.object({ staffId: z.number(), name: z.string(), posts: z.array(z.string()), check: MorningCheck.nullable() })),
});
export type DayChecks = z.infer<typeof DayChecks>;

export const BulkCheckResult = z.object({ created: z.number(), skipped: z.number() });

// ── The day's roster ──
/** Why a person may not work a food post on a day. */
export const INELIGIBLE_REASONS = ['noCertificate', 'certExpired', 'checkFailed', 'notChecked', 'inactive'] as const;
export const IneligibleReason = z.enum(INELIGIBLE_REASONS);
export type IneligibleReason = z.infer<typeof IneligibleReason>;

export const RosterEntry = z.object({
  staffId: z.number(),
  name: z.string(),
  /** The posts of the day: the day's assignment if one was made, else the person's standing posts. */
  posts: z.array(z.string()),
  assigned: z.boolean(),
  /** Food posts the person may work that day (empty when not eligible). */
  foodPosts: z.array(z.string()),
  eligible: z.boolean(),
  reasons: z.array(IneligibleReason),
  certExpiresOn: z.string().nullable(),
  check: z.enum(['pass', 'fail']).nullable(),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

export const Roster = z.object({ date: z.string(), serviceDay: z.boolean(), items: z.array(RosterEntry) });
export type Roster = z.infer<typeof Roster>;

export const AssignInput = z.object({ date: Ymd, staffId: Id, posts: Posts });
export type AssignInput = z.infer<typeof AssignInput>;

// ── Service stops 停餐 (a critical self-inspection failure) ──
export const ServiceStop = z.object({
  id: z.number(),
  date: z.string(),
  inspectionId: z.number(),
  items: z.array(z.string()),
  stoppedAt: z.string(),
  stoppedById: z.number().nullable(),
  stoppedByName: z.string().nullable(),
  liftedAt: z.string().nullable(),
  liftedByName: z.string().nullable(),
  liftNote: z.string().nullable(),
  version: z.number(),
});
export type ServiceStop = z.infer<typeof ServiceStop>;

export const StopListQuery = z.object({ schoolId: Id.optional(), from: Ymd.optional(), to: Ymd.optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });
export const LiftStopInput = z.object({ liftNote: z.string().trim().min(2).max(500), version: z.number().int() });
export type LiftStopInput = z.infer<typeof LiftStopInput>;

// ── Self-checks ──
export const SelfCheckDay = z.object({
  date: z.string(),
  serviceDay: z.boolean(),
  templates: z.array(z.object({ id: z.number(), code: z.string(), name: z.object({ zh: z.string(), en: z.string().nullable() }), frequency: z.string() })),
  /** Submitted canteen inspections of the day (and the week's/month's for weekly/monthly). */
  daily: z.object({ done: z.boolean(), inspectionId: z.number().nullable() }),
  weekly: z.object({ done: z.boolean(), inspectionId: z.number().nullable() }),
  monthly: z.object({ done: z.boolean(), inspectionId: z.number().nullable() }),
  inProgress: z.array(z.object({ id: z.number(), code: z.string(), startedAt: z.string() })),
  stop: ServiceStop.nullable(),
});
export type SelfCheckDay = z.infer<typeof SelfCheckDay>;

// ── The shared day's board (the meals part's board calls staffDay) ──
const Named = { staffId: z.number(), name: z.string() };
export const StaffDay = z.object({
  staffTotal: z.number(),
  checked: z.number(),
  passed: z.number(),
  failed: z.array(z.object({ ...Named, reasons: z.array(z.string()) })),
  missing: z.array(z.object(Named)),
  deadline: z.string(),
  overdue: z.boolean(),
  /** Whether the canteen serves on this day (setting serviceWeekdays): no checks are expected on other days. */
  serviceDay: z.boolean(),
  certificates: z.object({
    expired: z.array(z.object({ ...Named, expiresOn: z.string().nullable() })),
    expiring: z.array(z.object({ ...Named, expiresOn: z.string() })),
  }),
  selfCheck: z.object({
    dailyDone: z.boolean(),
    stop: z.object({ id: z.number(), inspectionId: z.number(), at: z.string(), items: z.array(z.string()) }).nullable(),
  }),
});
export type StaffDay = z.infer<typeof StaffDay>;
