import { z } from 'zod';
import { ListQuery, Id, boolQuery } from './common';
import { FileRef, FileIds } from './files';

// Campus safety — the gate (visitors, student exit passes), duty and patrols (SPEC §5.7).

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const monthOnly = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
const instant = z.iso.datetime({ offset: true });
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v ? v : null));
const custom = (ctx: z.RefinementCtx, path: string, i18n: string) => ctx.addIssue({ code: 'custom', path: [path], message: i18n, params: { i18n } });

// ── Identity documents ──
export const ID_TYPES = ['resident_id', 'passport', 'hk_macao_permit', 'taiwan_permit', 'foreign_permanent', 'other'] as const;
export const IdType = z.enum(ID_TYPES);
export type IdType = z.infer<typeof IdType>;

const GB11643_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const GB11643_CHECK = '10X98765432';

/** A resident identity number (GB 11643-1999): 18 characters, a real birth date, the check digit right. */
export function isResidentId(raw: string): boolean {
  const id = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const y = Number(id.slice(6, 10)), m = Number(id.slice(10, 12)), d = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCFullYear() !== y || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  const sum = GB11643_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0);
  return GB11643_CHECK[sum % 11] === id[17];
}

/** The form a number is compared and hashed in: upper case, no spaces or dashes. */
export const normaliseIdNumber = (raw: string) => raw.replace(/[\s-]/g, '').toUpperCase();

/** What every screen shows of an ID number: its last 4 characters. */
export const maskIdNumber = (normalised: string) => `${'*'.repeat(Math.max(0, Math.min(14, normalised.length - 4)))}${normalised.slice(-4)}`;

const IdDocument = {
  idType: IdType.default('resident_id'),
  idNumber: z.string().trim().min(4).max(40),
};
function checkIdDocument(v: { idType: IdType; idNumber: string }, ctx: z.RefinementCtx) {
  const n = normaliseIdNumber(v.idNumber);
  if (v.idType === 'resident_id' && !isResidentId(n)) custom(ctx, 'idNumber', 'gate.idNumberInvalid');
  else if (v.idType !== 'resident_id' && !/^[A-Z0-9]{4,40}$/.test(n)) custom(ctx, 'idNumber', 'gate.idNumberChars');
}

export const PHONE = /^\+?[0-9][0-9 -]{5,18}[0-9]$/;
const phone = z.string().trim().regex(PHONE);
/** Plates are compared without spaces, upper case (川A·12345 → 川A12345). */
export const normalisePlate = (raw: string) => raw.replace(/[\s·.\-]/g, '').toUpperCase();

// ── Settings (module 'gate', via /api/v1/settings/gate) ──
export const WeekTime = z.object({ weekday: z.number().int().min(1).max(7), time: timeOfDay });
export type WeekTime = z.infer<typeof WeekTime>;
export const DUTY_KINDS = ['gate', 'teacher', 'leader'] as const;
export const DutyKind = z.enum(DUTY_KINDS);
export type DutyKind = z.infer<typeof DutyKind>;
export const ShiftTime = z.object({ start: timeOfDay, hours: z.number().int().min(1).max(24) });
export const GateSettings = z.object({
  /** Boarders stay in from this weekday and time… (封闭管理) */
  boarderClosedFrom: WeekTime,
  /** …until this one: leaving in between needs a valid pass. */
  boarderClosedUntil: WeekTime,
  /** Day students may leave outside class hours on class days (ISO weekdays 1 = Monday). */
  classDays: z.array(z.number().int().min(1).max(7)).max(7),
  classStart: timeOfDay,
  classEnd: timeOfDay,
  /** Visitors still inside at this time of their day are flagged. */
  visitorDayEnd: timeOfDay,
  /** The longest a pass may be valid. */
  passMaxDays: z.number().int().min(1).max(60),
  /** Each duty's shift: the gate's 24 h, teachers' and leaders' duty. */
  shifts: z.object({ gate: ShiftTime, teacher: ShiftTime, leader: ShiftTime }),
});
export type GateSettings = z.infer<typeof GateSettings>;
export const DEFAULT_GATE_SETTINGS: GateSettings = {
  boarderClosedFrom: { weekday: 1, time: '07:00' },
  boarderClosedUntil: { weekday: 5, time: '16:30' },
  classDays: [1, 2, 3, 4, 5],
  classStart: '07:30',
  classEnd: '17:10',
  visitorDayEnd: '18:00',
  passMaxDays: 14,
  shifts: { gate: { start: '08:00', hours: 24 }, teacher: { start: '07:00', hours: 15 }, leader: { start: '07:00', hours: 24 } },
};

// ── Visitors 来访登记 ──
export const CreateVisitorInput = z.object({
  name: z.string().trim().min(1).max(50),
  ...IdDocument,
  phone,
  organisation: optText(100),
  reason: z.string().trim().min(1).max(200),
  /** The staff member visited; the guard phones them and ticks "confirmed". */
  hostId: z.number().int().positive().nullish(),
  hostConfirmed: z.boolean().default(false),
  plate: z.string().trim().max(16).nullish().transform((v) => (v ? normalisePlate(v) : null)),
  badgeNo: optText(20),
  note: optText(500),
}).superRefine((v, ctx) => {
  checkIdDocument(v, ctx);
  if (v.hostConfirmed && !v.hostId) custom(ctx, 'hostId', 'gate.hostRequired');
});
export type CreateVisitorInput = z.infer<typeof CreateVisitorInput>;

/** A returning visitor: the full number is sent in a body (never a URL, which lands in logs) and hashed. */
export const FindVisitorInput = z.object(IdDocument).superRefine(checkIdDocument);
export type FindVisitorInput = z.infer<typeof FindVisitorInput>;

export const CheckoutInput = z.object({ note: optText(500) }).default({ note: null });
export type CheckoutInput = z.infer<typeof CheckoutInput>;
export const ConfirmHostInput = z.object({ hostId: z.number().int().positive().nullish() }).default({});
export type ConfirmHostInput = z.infer<typeof ConfirmHostInput>;

export const Visitor = z.object({
  id: z.number(),
  schoolId: z.number(),
  name: z.string(),
  idType: IdType,
  /** e.g. **************123X: the full number never leaves the server. */
  idMasked: z.string(),
  phone: z.string(),
  organisation: z.string().nullable(),
  reason: z.string(),
  hostId: z.number().nullable(),
  hostName: z.string().nullable(),
  hostConfirmed: z.boolean(),
  hostConfirmedByName: z.string().nullable(),
  hostConfirmedAt: z.string().nullable(),
  plate: z.string().nullable(),
  badgeNo: z.string().nullable(),
  timeIn: z.string(),
  timeOut: z.string().nullable(),
  dueOutAt: z.string(),
  inside: z.boolean(),
  /** Inside past the end of the school day (now, or it happened: left late). */
  overstay: z.boolean(),
  registeredByName: z.string(),
  checkedOutByName: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number(),
});
export type Visitor = z.infer<typeof Visitor>;

export const VISITOR_SORTS = ['timeIn', '-timeIn'] as const;
export const VisitorListQuery = ListQuery.extend({
  inside: boolQuery.optional(),
  overstay: boolQuery.optional(),
  hostId: Id.optional(),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
  sort: z.enum(VISITOR_SORTS).default('-timeIn'),
});
export type VisitorListQuery = z.infer<typeof VisitorListQuery>;

// ── Student exit passes 出门条 ──
export const PASS_STATES = ['active', 'used', 'returned', 'cancelled'] as const;
export const PassState = z.enum(PASS_STATES);
export type PassState = z.infer<typeof PassState>;
/** What a pass is now: its state read against the clock. */
export const PASS_STATUSES = ['pending', 'valid', 'expired', 'out', 'returned', 'cancelled'] as const;
export const PassStatus = z.enum(PASS_STATUSES);
export type PassStatus = z.infer<typeof PassStatus>;
export const PASS_ACTIONS = ['cancel', 'return'] as const;
export type PassAction = (typeof PASS_ACTIONS)[number];

/** Codes: 6 characters without look-alikes (no 0/O, 1/I/L). */
export const PASS_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PASS_CODE_LENGTH = 6;
/** What a guard typed or the camera read, as stored: upper case, spaces and dashes dropped. */
export const normalisePassCode = (raw: string) => raw.replace(/[\s-]/g, '').toUpperCase();

export const CreateExitPassInput = z.object({
  studentId: z.number().int().positive(),
  reason: z.string().trim().min(1).max(200),
  validFrom: instant,
  validUntil: instant,
  withGuardian: z.boolean().default(false),
  guardianName: optText(50),
  guardianPhone: z.string().trim().regex(PHONE).nullish().transform((v) => v ?? null),
  note: optText(500),
}).superRefine((v, ctx) => {
  if (new Date(v.validUntil).getTime() <= new Date(v.validFrom).getTime()) custom(ctx, 'validUntil', 'gate.untilBeforeFrom');
  if (v.withGuardian && !v.guardianName) custom(ctx, 'guardianName', 'gate.guardianRequired');
  if (v.withGuardian && !v.guardianPhone) custom(ctx, 'guardianPhone', 'gate.guardianRequired');
});
export type CreateExitPassInput = z.infer<typeof CreateExitPassInput>;
export const CancelPassInput = z.object({ reason: z.string().trim().min(1).max(200) });
export type CancelPassInput = z.infer<typeof CancelPassInput>;
export const ReturnPassInput = z.object({ note: optText(200) }).default({ note: null });
export type ReturnPassInput = z.infer<typeof ReturnPassInput>;

export const ExitPass = z.object({
  id: z.number(),
  schoolId: z.number(),
  code: z.string(),
  studentId: z.number(),
  studentName: z.string(),
  studentNo: z.string(),
  boarder: z.boolean(),
  classId: z.number(),
  grade: z.number(),
  /** The class's own name, e.g. "2班" (shown with the grade: common.className). */
  className: z.string(),
  reason: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  withGuardian: z.boolean(),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
  state: PassState,
  status: PassStatus,
  issuedById: z.number(),
  issuedByName: z.string(),
  issuedAt: z.string(),
  exitedAt: z.string().nullable(),
  exitedByName: z.string().nullable(),
  returnedAt: z.string().nullable(),
  returnedByName: z.string().nullable(),
  /** Out, and the pass ran out without a return recorded. */
  overdueReturn: z.boolean(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  note: z.string().nullable(),
  actions: z.array(z.enum(PASS_ACTIONS)),
  /**
   * The key of the guardian's page (/public/pass/<token>): only for the people who may send it (the
   * issuer, the class's head teacher, the leaders who issue passes), else null (guards, inspectors, admin).
   */
  shareToken: z.string().nullable(),
  version: z.number(),
});
export type ExitPass = z.infer<typeof ExitPass>;

export const PASS_FILTERS = ['valid', 'pending', 'expired', 'out', 'overdueReturn', 'returned', 'cancelled', 'used'] as const;
export const ExitPassListQuery = ListQuery.extend({
  status: z.enum(PASS_FILTERS).optional(),
  classId: Id.optional(),
  studentId: Id.optional(),
  /** Only the passes I issued. */
  mine: boolQuery.optional(),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
  sort: z.enum(['issuedAt', '-issuedAt']).default('-issuedAt'),
});
export type ExitPassListQuery = z.infer<typeof ExitPassListQuery>;

export const VerifyInput = z.object({ code: z.string().trim().min(1).max(200) });
export type VerifyInput = z.infer<typeof VerifyInput>;
export const VERIFY_RESULTS = ['valid', 'expired', 'used', 'not_yet_valid', 'no_pass', 'cancelled'] as const;
export const VerifyResultCode = z.enum(VERIFY_RESULTS);
export type VerifyResultCode = z.infer<typeof VerifyResultCode>;
/** What the guard sees: the answer, and the pass (name, class, times — no photo) when there is one. */
export const PassBrief = ExitPass.pick({
  id: true, code: true, studentId: true, studentName: true, studentNo: true, boarder: true, classId: true, grade: true, className: true,
  reason: true, validFrom: true, validUntil: true, withGuardian: true, guardianName: true, guardianPhone: true,
  state: true, status: true, issuedByName: true, exitedAt: true, exitedByName: true, returnedAt: true,
});
export type PassBrief = z.infer<typeof PassBrief>;
export const VerifyResult = z.object({
  result: VerifyResultCode,
  /** True only for the one scan that let the student out. */
  exitRecorded: z.boolean(),
  pass: PassBrief.nullable(),
  at: z.string(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

export const GateStudent = z.object({
  id: z.number(),
  name: z.string(),
  studentNo: z.string(),
  classId: z.number(),
  grade: z.number(),
  className: z.string(),
  boarder: z.boolean(),
  guardianName: z.string().nullable(),
  guardianPhone: z.string().nullable(),
});
export type GateStudent = z.infer<typeof GateStudent>;
export const StudentLookupQuery = z.object({
  q: z.string().trim().max(50).optional(),
  classId: Id.optional(),
  /** Only the classes I am head teacher of (the pass form). */
  mine: boolQuery.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type StudentLookupQuery = z.infer<typeof StudentLookupQuery>;

export const CheckStudentInput = z.object({ studentId: z.number().int().positive() });
export const CHECK_RESULTS = ['has_pass', 'may_leave', 'needs_pass'] as const;
/** holiday / outside_term: no school that day (school calendar); makeup_day: a weekend day worked (调休上班). */
export const CHECK_REASONS = ['valid_pass', 'boarder_closed', 'boarder_open', 'class_hours', 'outside_class_hours', 'holiday', 'outside_term', 'makeup_day'] as const;
export const CheckStudentResult = z.object({
  result: z.enum(CHECK_RESULTS),
  reason: z.enum(CHECK_REASONS),
  student: GateStudent,
  /** A pass valid now (verify its code to let the student out), or the next one not yet valid. */
  pass: PassBrief.nullable(),
  at: z.string(),
});
export type CheckStudentResult = z.infer<typeof CheckStudentResult>;

// ── The guardian's pass page (no login): the minimum the guardian and the guard need ──
export const PublicPassParams = z.object({ token: z.string().max(64) });
export const PublicPass = z.object({
  schoolName: z.string(),
  /** The given name partly masked (张*明): the page can be forwarded. */
  studentName: z.string(),
  grade: z.number(),
  className: z.string(),
  reason: z.string(),
  validFrom: z.string(),
  validUntil: z.string(),
  code: z.string(),
  status: PassStatus,
  /** The school's zone: times are shown as the school reads them. */
  timezone: z.string(),
  /** When this answer was made (the page refreshes it). */
  at: z.string(),
});
export type PublicPass = z.infer<typeof PublicPass>;

// ── Duty 值班 ──
export const DutyShift = z.object({
  id: z.number(),
  kind: DutyKind,
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  userId: z.number(),
  userName: z.string(),
  userPhone: z.string().nullable(),
  note: z.string().nullable(),
  version: z.number(),
});
export type DutyShift = z.infer<typeof DutyShift>;
export const CreateShiftInput = z.object({ kind: DutyKind, date: dateOnly, userId: z.number().int().positive(), note: optText(200) });
export type CreateShiftInput = z.infer<typeof CreateShiftInput>;
export const RosterQuery = z.object({
  /** Any day of the week (Monday-based); this week by default. */
  week: dateOnly.optional(),
  kind: DutyKind.optional(),
  schoolId: z.coerce.number().int().positive().optional(),
});
export const Roster = z.object({ weekStart: z.string(), days: z.array(z.string()), shifts: z.array(DutyShift) });
export type Roster = z.infer<typeof Roster>;
export const CopyRosterInput = z.object({ fromWeek: dateOnly, toWeek: dateOnly });
export const CopyRosterResult = z.object({ copied: z.number(), skipped: z.number() });
export const DutyNow = z.object({ at: z.string(), now: z.array(DutyShift), today: z.array(DutyShift) });
export type DutyNow = z.infer<typeof DutyNow>;
export const DutyPerson = z.object({ id: z.number(), name: z.string(), phone: z.string().nullable(), roles: z.array(z.string()) });
export type DutyPerson = z.infer<typeof DutyPerson>;

export const HANDOVER_STATES = ['open', 'confirmed'] as const;
export const Handover = z.object({
  id: z.number(),
  kind: DutyKind,
  fromUserId: z.number(),
  fromUserName: z.string(),
  toUserId: z.number().nullable(),
  toUserName: z.string().nullable(),
  note: z.string(),
  writtenAt: z.string(),
  state: z.enum(HANDOVER_STATES),
  confirmedByName: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  confirmNote: z.string().nullable(),
  canConfirm: z.boolean(),
  version: z.number(),
});
export type Handover = z.infer<typeof Handover>;
export const CreateHandoverInput = z.object({ kind: DutyKind.default('gate'), note: z.string().trim().min(1).max(2000), toUserId: z.number().int().positive().nullish() });
export type CreateHandoverInput = z.infer<typeof CreateHandoverInput>;
export const ConfirmHandoverInput = z.object({ note: optText(500) }).default({ note: null });
export const HandoverListQuery = ListQuery.extend({ kind: DutyKind.optional(), open: boolQuery.optional() });
export type HandoverListQuery = z.infer<typeof HandoverListQuery>;

export const SWAP_STATES = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export const SwapState = z.enum(SWAP_STATES);
export type SwapState = z.infer<typeof SwapState>;
export const SWAP_ACTIONS = ['approve', 'reject', 'cancel'] as const;
export type SwapAction = (typeof SWAP_ACTIONS)[number];
export const Swap = z.object({
  id: z.number(),
  shift: DutyShift,
  otherShift: DutyShift.nullable(),
  requesterId: z.number(),
  requesterName: z.string(),
  withUserId: z.number(),
  withUserName: z.string(),
  reason: z.string(),
  state: SwapState,
  requestedAt: z.string(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  actions: z.array(z.enum(SWAP_ACTIONS)),
  version: z.number(),
});
export type Swap = z.infer<typeof Swap>;
export const CreateSwapInput = z.object({
  shiftId: z.number().int().positive(),
  withUserId: z.number().int().positive(),
  otherShiftId: z.number().int().positive().nullish(),
  reason: z.string().trim().min(1).max(300),
});
export type CreateSwapInput = z.infer<typeof CreateSwapInput>;
export const DecideSwapInput = z.object({ note: optText(300) }).default({ note: null });
export const SwapListQuery = ListQuery.extend({ state: SwapState.optional(), mine: boolQuery.optional() });
export type SwapListQuery = z.infer<typeof SwapListQuery>;

// ── Patrols 巡查 ──
export const PATROL_KINDS = ['key_area', 'dorm_night', 'fire'] as const;
export const PatrolKind = z.enum(PATROL_KINDS);
export type PatrolKind = z.infer<typeof PatrolKind>;

export const PatrolSettings = z.object({
  /** Patrols of key areas per day (GB/T 29315-2022: ≥ 5). */
  keyAreaPerDay: z.number().int().min(0).max(48),
  /** Dorm patrols per night in boarding schools (≥ 2). */
  dormPerNight: z.number().int().min(0).max(24),
  /** Fire patrols per day (教发厅〔2024〕1号: daily). */
  firePerDay: z.number().int().min(0).max(24),
  /** The night: a dorm patrol started between these times counts for the evening's date. */
  nightStart: timeOfDay,
  nightEnd: timeOfDay,
  /**
   * Key-area and fire patrols are due every day, also without school (weekends, holidays, vacations:
   * the guards' 24 h duty and the daily fire patrol go on); false: only on school days (school calendar).
   */
  keyAreaFireEveryDay: z.boolean(),
});
export type PatrolSettings = z.infer<typeof PatrolSettings>;
export const DEFAULT_PATROL_SETTINGS: PatrolSettings = { keyAreaPerDay: 5, dormPerNight: 2, firePerDay: 1, nightStart: '20:00', nightEnd: '06:00', keyAreaFireEveryDay: true };

export const Checkpoint = z.object({
  id: z.number(),
  name: z.string(),
  locationId: z.number().nullable(),
  locationName: z.string().nullable(),
  position: z.number(),
  active: z.boolean(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;
export const PatrolRoute = z.object({
  id: z.number(),
  schoolId: z.number(),
  name: z.string(),
  kind: PatrolKind,
  intervalMinutes: z.number(),
  description: z.string().nullable(),
  active: z.boolean(),
  checkpoints: z.array(Checkpoint),
  version: z.number(),
});
export type PatrolRoute = z.infer<typeof PatrolRoute>;
export const CheckpointInput = z.object({
  /** An existing checkpoint keeps its id (and its printed code). */
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(60),
  locationId: z.number().int().positive().nullish(),
});
const routeFields = {
  name: z.string().trim().min(1).max(60),
  kind: PatrolKind,
  intervalMinutes: z.number().int().min(1).max(24 * 60),
  description: optText(500),
  checkpoints: z.array(CheckpointInput).min(1).max(60),
};
export const CreateRouteInput = z.object(routeFields);
export type CreateRouteInput = z.infer<typeof CreateRouteInput>;
export const UpdateRouteInput = z.object({ ...routeFields, active: z.boolean() }).partial().extend({ version: z.number().int().positive() });
export type UpdateRouteInput = z.infer<typeof UpdateRouteInput>;
export const RouteListQuery = z.object({ kind: PatrolKind.optional(), active: boolQuery.optional(), schoolId: z.coerce.number().int().positive().optional() });

export const PATROL_STATES = ['in_progress', 'finished'] as const;
export const PatrolState = z.enum(PATROL_STATES);
export const PatrolPoint = z.object({
  checkpointId: z.number(),
  name: z.string(),
  position: z.number(),
  scannedAt: z.string().nullable(),
  late: z.boolean(),
  gapMinutes: z.number().nullable(),
  /** Not scanned by the finish. */
  missed: z.boolean(),
  note: z.string().nullable(),
  photos: z.array(FileRef),
});
export type PatrolPoint = z.infer<typeof PatrolPoint>;
export const Patrol = z.object({
  id: z.number(),
  schoolId: z.number(),
  routeId: z.number(),
  routeName: z.string(),
  kind: PatrolKind,
  intervalMinutes: z.number(),
  patrollerId: z.number(),
  patrollerName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  state: PatrolState,
  countsFor: z.string(),
  expectedCount: z.number(),
  scannedCount: z.number(),
  missedCount: z.number(),
  lateCount: z.number(),
  note: z.string().nullable(),
  version: z.number(),
});
export type Patrol = z.infer<typeof Patrol>;
export const PatrolDetail = Patrol.extend({ points: z.array(PatrolPoint), canWalk: z.boolean() });
export type PatrolDetail = z.infer<typeof PatrolDetail>;
export const StartPatrolInput = z.object({ routeId: z.number().int().positive() });
export const ScanInput = z.object({
  /** What the checkpoint's QR code holds (or its printed code, typed). */
  token: z.string().trim().min(1).max(200),
  note: optText(500),
  photoIds: FileIds(3).default([]),
});
export type ScanInput = z.infer<typeof ScanInput>;
export const FinishPatrolInput = z.object({ note: optText(500) }).default({ note: null });
export const PatrolListQuery = ListQuery.extend({
  routeId: Id.optional(),
  kind: PatrolKind.optional(),
  state: PatrolState.optional(),
  /** Missed or late checkpoints. */
  flagged: boolQuery.optional(),
  mine: boolQuery.optional(),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
  sort: z.enum(['startedAt', '-startedAt']).default('-startedAt'),
});
export type PatrolListQuery = z.infer<typeof PatrolListQuery>;

export const FiguresQuery = z.object({ month: monthOnly.optional(), schoolId: z.coerce.number().int().positive().optional() });
export const PatrolDay = z.object({
  date: z.string(),
  keyArea: z.number(),
  dormNight: z.number(),
  fire: z.number(),
  missed: z.number(),
  late: z.number(),
  /** The rules this day fell short of (only days already over). */
  short: z.array(PatrolKind),
  over: z.boolean(),
  /** The day in the school calendar (holidays and vacations: no dorm rule; see keyAreaFireEveryDay). */
  dayKind: z.enum(['school', 'makeup', 'weekend', 'holiday', 'outside_term', 'no_calendar']),
  /** Boarders sleep in this night (the dorm rule applies). */
  boardersIn: z.boolean(),
});
export type PatrolDay = z.infer<typeof PatrolDay>;
export const PatrolFigures = z.object({
  month: z.string(),
  boarding: z.boolean(),
  rules: PatrolSettings.pick({ keyAreaPerDay: true, dormPerNight: true, firePerDay: true, keyAreaFireEveryDay: true }),
  days: z.array(PatrolDay),
  shortDays: z.array(z.string()),
  totals: z.object({ patrols: z.number(), missed: z.number(), late: z.number() }),
});
export type PatrolFigures = z.infer<typeof PatrolFigures>;

/** The month's figures of the gate, duty and patrols for the safety home page (gate.figures.ts). */
export const GateFigures = z.object({
  visitorsMonth: z.number(),
  insideNow: z.number(),
  passesMonth: z.number(),
  exitsMonth: z.number(),
  patrolsMonth: z.number(),
  patrolDaysShort: z.number(),
  missedCheckpointsMonth: z.number(),
});
export type GateFigures = z.infer<typeof GateFigures>;
