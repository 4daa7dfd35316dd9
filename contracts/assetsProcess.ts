import { z } from 'zod';
import { ListQuery, Id, boolQuery } from './common';
import { FileRef, FileIds } from './files';
import { Role } from './auth';

// Assets, the processes around the register (SPEC §5.1): stocktakes 盘点, damage and compensation
// 公物损坏赔偿, disposal 报废处置. Money in fen (integers), dates YYYY-MM-DD, times ISO.

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const fen = z.number().int().min(0).max(100_000_000_000);
const text = (max: number) => z.string().trim().max(max);
const ids = (max: number) => z.array(z.number().int().positive()).max(max);

/** The approval of a document, as the engine reports it (null before the first submission). */
export const ApprovalBadge = z.object({
  approvalId: z.number(),
  state: z.enum(['pending', 'approved', 'rejected', 'returned']),
  stepRole: Role.nullable(),
}).nullable();
export type ApprovalBadge = z.infer<typeof ApprovalBadge>;

/** One entry of a document's timeline. */
export const ProcessEvent = z.object({
  id: z.number(),
  kind: z.string(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type ProcessEvent = z.infer<typeof ProcessEvent>;

/* ───────────────────────── Stocktake 盘点 ───────────────────────── */

export const STOCKTAKE_STATES = ['planned', 'counting', 'reviewing', 'closed', 'cancelled'] as const;
export const StocktakeState = z.enum(STOCKTAKE_STATES);
export type StocktakeState = z.infer<typeof StocktakeState>;

export const STOCKTAKE_SCOPES = ['school', 'locations'] as const;
export const StocktakeScope = z.enum(STOCKTAKE_SCOPES);

/** pending: not yet counted; found: where the register says; wrong_place: found elsewhere; missing: 盘亏 (set when counting ends). */
export const LINE_RESULTS = ['pending', 'found', 'wrong_place', 'missing'] as const;
export const LineResult = z.enum(LINE_RESULTS);
export type LineResult = z.infer<typeof LineResult>;

/** move: transfer to the room found; write_off: a disposal request; register: 盘盈 onto the register; accept: leave as is, with a note. */
export const RESOLUTIONS = ['move', 'write_off', 'register', 'accept'] as const;
export const Resolution = z.enum(RESOLUTIONS);
export type Resolution = z.infer<typeof Resolution>;

export const STOCKTAKE_ACTIONS = ['edit', 'start', 'endCounting', 'resumeCounting', 'close', 'cancel', 'count', 'resolve'] as const;
export const StocktakeAction = z.enum(STOCKTAKE_ACTIONS);
export type StocktakeAction = z.infer<typeof StocktakeAction>;

const stocktakeFields = {
  name: z.string().trim().min(1).max(100),
  scope: StocktakeScope,
  /** The places counted, each with everything under it (scope 'locations'). */
  locationIds: ids(200),
  /** Staff who count (on their phones, several at once). */
  counterIds: ids(50).min(1),
  dueDate: dateOnly,
  note: text(1000).nullish(),
};
const scopeRule = (v: { scope?: string; locationIds?: number[] }, ctx: z.RefinementCtx) => {
  if (v.scope === 'locations' && !v.locationIds?.length) {
    ctx.addIssue({ code: 'custom', path: ['locationIds'], message: 'required', params: { i18n: 'stocktake.locationsRequired' } });
  }
};
export const CreateStocktakeInput = z.object({ ...stocktakeFields, locationIds: stocktakeFields.locationIds.default([]) }).superRefine(scopeRule);
export type CreateStocktakeInput = z.infer<typeof CreateStocktakeInput>;
export const UpdateStocktakeInput = z.object(stocktakeFields).partial().extend({ version: z.number().int().positive() }).superRefine(scopeRule);
export type UpdateStocktakeInput = z.infer<typeof UpdateStocktakeInput>;

export const StocktakeSummary = z.object({
  expected: z.number(),
  counted: z.number(),
  found: z.number(),
  wrongPlace: z.number(),
  missing: z.number(),
  pending: z.number(),
  surplus: z.number(),
  /** Differences (wrong place, missing, 盘盈) without a resolution yet. */
  unresolved: z.number(),
});
export type StocktakeSummary = z.infer<typeof StocktakeSummary>;

export const PlaceRef = z.object({ id: z.number(), name: z.string(), path: z.string() });
export type PlaceRef = z.infer<typeof PlaceRef>;

export const Stocktake = z.object({
  id: z.number(),
  schoolId: z.number(),
  /** PD-2026-001 */
  code: z.string(),
  name: z.string(),
  state: StocktakeState,
  scope: StocktakeScope,
  locations: z.array(PlaceRef),
  counters: z.array(z.object({ id: z.number(), name: z.string(), counted: z.number() })),
  dueDate: z.string(),
  note: z.string().nullable(),
  createdById: z.number().nullable(),
  createdByName: z.string().nullable(),
  startedAt: z.string().nullable(),
  countingEndedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedByName: z.string().nullable(),
  summary: StocktakeSummary,
  /** Overdue: still open after its due date. */
  overdue: z.boolean(),
  actions: z.array(StocktakeAction),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Stocktake = z.infer<typeof Stocktake>;
export const StocktakeDetail = Stocktake.extend({ events: z.array(ProcessEvent) });
export type StocktakeDetail = z.infer<typeof StocktakeDetail>;

export const StocktakeListQuery = ListQuery.extend({
  state: StocktakeState.optional(),
  /** Only the stocktakes I count in. */
  mine: boolQuery.optional(),
  sort: z.enum(['createdAt', '-createdAt']).default('-createdAt'),
});
export type StocktakeListQuery = z.infer<typeof StocktakeListQuery>;

/** A place of the stocktake with how many assets are expected there and how many were counted. */
export const StocktakeRoom = z.object({
  locationId: z.number(),
  name: z.string(),
  code: z.string(),
  path: z.string(),
  expected: z.number(),
  counted: z.number(),
  /** Assets found here that the register puts elsewhere. */
  foundHere: z.number(),
  surplus: z.number(),
});
export type StocktakeRoom = z.infer<typeof StocktakeRoom>;

export const StocktakeLine = z.object({
  id: z.number(),
  assetId: z.number(),
  assetCode: z.string(),
  assetName: z.string(),
  classCode: z.string().nullable(),
  model: z.string().nullable(),
  /** On the list made when the stocktake started (false: a registered asset found in scope from elsewhere). */
  expected: z.boolean(),
  expectedLocationId: z.number().nullable(),
  expectedLocationPath: z.string(),
  result: LineResult,
  foundLocationId: z.number().nullable(),
  foundLocationPath: z.string(),
  countedById: z.number().nullable(),
  countedByName: z.string().nullable(),
  countedAt: z.string().nullable(),
  resolution: Resolution.nullable(),
  resolutionNote: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  disposalId: z.number().nullable(),
  version: z.number(),
});
export type StocktakeLine = z.infer<typeof StocktakeLine>;

export const StocktakeSurplus = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string().nullable(),
  locationId: z.number(),
  locationPath: z.string(),
  foundById: z.number().nullable(),
  foundByName: z.string().nullable(),
  foundAt: z.string(),
  photos: z.array(FileRef),
  resolution: Resolution.nullable(),
  resolutionNote: z.string().nullable(),
  registeredAssetId: z.number().nullable(),
  registeredAssetCode: z.string().nullable(),
  resolvedByName: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type StocktakeSurplus = z.infer<typeof StocktakeSurplus>;

export const LineListQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
  /** The room the counter stands in: what is expected there and what was found there. */
  locationId: Id.optional(),
  result: LineResult.optional(),
  /** Only differences (wrong place, missing). */
  differences: boolQuery.optional(),
  q: z.string().trim().max(100).optional(),
});
export type LineListQuery = z.infer<typeof LineListQuery>;

/** A tick or a scan: the asset by id, or by its code (the label's QR holds a URL ending in the code). */
export const CountInput = z.object({
  locationId: z.number().int().positive(),
  assetId: z.number().int().positive().optional(),
  code: z.string().trim().min(1).max(500).optional(),
}).superRefine((v, ctx) => {
  if (v.assetId === undefined && !v.code) ctx.addIssue({ code: 'custom', path: ['code'], message: 'required', params: { i18n: 'stocktake.codeRequired' } });
});
export type CountInput = z.infer<typeof CountInput>;
export const UncountInput = z.object({ assetId: z.number().int().positive() });
export type UncountInput = z.infer<typeof UncountInput>;
export const CountResult = z.object({ line: StocktakeLine, changed: z.boolean() });
export type CountResult = z.infer<typeof CountResult>;

/** 盘盈: found, not on the register; a photo is required. */
export const SurplusInput = z.object({
  locationId: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  description: text(1000).nullish(),
  photoIds: FileIds(6).min(1),
});
export type SurplusInput = z.infer<typeof SurplusInput>;

/**
 * The director's decision on differences. Several lines at once for move / write_off / accept
 * (a write-off makes one disposal request for all of them); register takes one 盘盈 item and the
 * asset card to create (the register's own create input, validated there).
 */
export const ResolveInput = z.object({
  lineIds: ids(500).default([]),
  surplusIds: ids(100).default([]),
  resolution: Resolution,
  note: text(500).nullish(),
  asset: z.record(z.string(), z.unknown()).optional(),
}).superRefine((v, ctx) => {
  if (!v.lineIds.length && !v.surplusIds.length) ctx.addIssue({ code: 'custom', path: ['lineIds'], message: 'required', params: { i18n: 'stocktake.nothingToResolve' } });
  if (v.resolution === 'accept' && !v.note) ctx.addIssue({ code: 'custom', path: ['note'], message: 'required', params: { i18n: 'stocktake.noteRequired' } });
  if (v.resolution === 'register' && !v.asset) ctx.addIssue({ code: 'custom', path: ['asset'], message: 'required', params: { i18n: 'stocktake.assetRequired' } });
});
export type ResolveInput = z.infer<typeof ResolveInput>;
export const ResolveResult = z.object({ resolved: z.number(), disposalId: z.number().nullable(), assetId: z.number().nullable() });

/** The report: live until closed, then the frozen snapshot taken at closing. */
export const StocktakeReport = z.object({
  frozen: z.boolean(),
  generatedAt: z.string(),
  stocktake: z.object({
    id: z.number(), code: z.string(), name: z.string(), state: StocktakeState, scope: StocktakeScope,
    locations: z.array(PlaceRef), dueDate: z.string(), startedAt: z.string().nullable(),
    countingEndedAt: z.string().nullable(), closedAt: z.string().nullable(), closedByName: z.string().nullable(), schoolName: z.string(),
  }),
  summary: StocktakeSummary,
  counters: z.array(z.object({ id: z.number(), name: z.string(), counted: z.number() })),
  found: z.array(StocktakeLine),
  wrongPlace: z.array(StocktakeLine),
  missing: z.array(StocktakeLine),
  surplus: z.array(StocktakeSurplus),
  /** Not yet counted (before counting ends). */
  pending: z.array(StocktakeLine),
});
export type StocktakeReport = z.infer<typeof StocktakeReport>;

/* ───────────────────────── Damage and compensation 公物损坏赔偿 ───────────────────────── */

export const RESPONSIBLE_TYPES = ['student', 'class', 'staff', 'unknown'] as const;
export const ResponsibleType = z.enum(RESPONSIBLE_TYPES);
export type ResponsibleType = z.infer<typeof ResponsibleType>;

/** outstanding: money due; paid: settled; waived: reduced to nothing through approval; no_party: nobody to charge; cancelled. */
export const DAMAGE_STATES = ['outstanding', 'paid', 'waived', 'no_party', 'cancelled'] as const;
export const DamageState = z.enum(DAMAGE_STATES);
export type DamageState = z.infer<typeof DamageState>;

export const DAMAGE_ACTIONS = ['edit', 'pay', 'waive', 'cancel'] as const;
export const DamageAction = z.enum(DAMAGE_ACTIONS);
export type DamageAction = z.infer<typeof DamageAction>;

/** The school's rule (settings module 'damage'): a share of the damaged item's value. */
export const DamageSettings = z.object({
  /** Deliberate damage: this percentage of the current net value (low-value items: original value). */
  deliberatePercent: z.number().int().min(0).max(300),
  /** Accidental damage. */
  accidentalPercent: z.number().int().min(0).max(300),
});
export type DamageSettings = z.infer<typeof DamageSettings>;
export const DEFAULT_DAMAGE_SETTINGS: DamageSettings = { deliberatePercent: 100, accidentalPercent: 50 };

const damageFields = {
  assetId: z.number().int().positive(),
  /** Units of the card damaged (a card may hold a batch, e.g. 40 desks). */
  quantity: z.number().int().min(1).max(100_000),
  /** Who found it (a staff member); the reporter when absent. */
  foundById: z.number().int().positive().nullish(),
  foundOn: dateOnly,
  responsibleType: ResponsibleType,
  /** The student, class or staff member (checked in the school's records); none when unknown. */
  responsibleId: z.number().int().positive().nullish(),
  deliberate: z.boolean(),
  description: z.string().trim().min(1).max(2000),
  photoIds: FileIds(6),
};
const partyRule = (v: { responsibleType?: string; responsibleId?: number | null }, ctx: z.RefinementCtx) => {
  if (v.responsibleType && v.responsibleType !== 'unknown' && !v.responsibleId) {
    ctx.addIssue({ code: 'custom', path: ['responsibleId'], message: 'required', params: { i18n: 'damage.partyRequired' } });
  }
};
export const CreateDamageInput = z.object({ ...damageFields, quantity: damageFields.quantity.default(1), photoIds: damageFields.photoIds.default([]) }).superRefine(partyRule);
export type CreateDamageInput = z.infer<typeof CreateDamageInput>;
export const UpdateDamageInput = z.object(damageFields).omit({ assetId: true }).partial().extend({ version: z.number().int().positive() }).superRefine(partyRule);
export type UpdateDamageInput = z.infer<typeof UpdateDamageInput>;

/** How the amount was computed, stored with the report. */
export const DamageRule = z.object({
  deliberate: z.boolean(),
  percent: z.number(),
  /** 'net': current net value after depreciation; 'original': a low-value item's original value. */
  baseKind: z.enum(['net', 'original']),
  /** The value of the damaged units. */
  baseFen: z.number(),
  /** The card's value the base was taken from, and its quantity. */
  cardValueFen: z.number(),
  cardQuantity: z.number(),
  quantity: z.number(),
  month: z.string(),
});
export type DamageRule = z.infer<typeof DamageRule>;

export const DAMAGE_WAIVER_STATES = ['pending', 'approved', 'rejected', 'returned', 'withdrawn'] as const;
export const DamageWaiver = z.object({
  id: z.number(),
  reportId: z.number(),
  fromFen: z.number(),
  proposedFen: z.number(),
  reason: z.string(),
  state: z.enum(DAMAGE_WAIVER_STATES),
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type DamageWaiver = z.infer<typeof DamageWaiver>;

export const DamagePayment = z.object({
  id: z.number(),
  reportId: z.number(),
  reportCode: z.string(),
  assetCode: z.string(),
  assetName: z.string(),
  responsibleName: z.string().nullable(),
  amountFen: z.number(),
  paidOn: z.string(),
  receiptNo: z.string(),
  payerName: z.string().nullable(),
  receivedById: z.number(),
  receivedByName: z.string(),
  note: z.string().nullable(),
  recordedAt: z.string(),
});
export type DamagePayment = z.infer<typeof DamagePayment>;

export const DamageReport = z.object({
  id: z.number(),
  schoolId: z.number(),
  /** PC-2026-0001 */
  code: z.string(),
  assetId: z.number(),
  assetCode: z.string(),
  assetName: z.string(),
  lowValue: z.boolean(),
  quantity: z.number(),
  foundById: z.number().nullable(),
  foundByName: z.string().nullable(),
  foundOn: z.string(),
  responsibleType: ResponsibleType,
  responsibleId: z.number().nullable(),
  responsibleName: z.string().nullable(),
  /** The responsible student boards (a live look at the student's record). */
  boarder: z.boolean(),
  /** A boarder with money still due: shown as a flag to the dorm and the director. */
  flagged: z.boolean(),
  deliberate: z.boolean(),
  description: z.string(),
  computedFen: z.number(),
  amountFen: z.number(),
  paidFen: z.number(),
  outstandingFen: z.number(),
  rule: DamageRule,
  state: DamageState,
  /** The latest waiver request, if any. */
  waiver: DamageWaiver.nullable(),
  photos: z.array(FileRef),
  reportedById: z.number().nullable(),
  reportedByName: z.string().nullable(),
  actions: z.array(DamageAction),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type DamageReport = z.infer<typeof DamageReport>;
export const DamageDetail = DamageReport.extend({
  payments: z.array(DamagePayment),
  waivers: z.array(DamageWaiver),
  events: z.array(ProcessEvent),
});
export type DamageDetail = z.infer<typeof DamageDetail>;

export const DamageListQuery = ListQuery.extend({
  state: DamageState.optional(),
  responsibleType: ResponsibleType.optional(),
  /** Only reports of boarders with money due. */
  flagged: boolQuery.optional(),
  assetId: Id.optional(),
  sort: z.enum(['createdAt', '-createdAt']).default('-createdAt'),
});
export type DamageListQuery = z.infer<typeof DamageListQuery>;

export const PaymentInput = z.object({
  amountFen: z.number().int().min(1).max(100_000_000_000),
  paidOn: dateOnly,
  receiptNo: z.string().trim().min(1).max(40),
  /** The staff member who took the money. */
  receivedById: z.number().int().positive(),
  payerName: text(60).nullish(),
  note: text(500).nullish(),
});
export type PaymentInput = z.infer<typeof PaymentInput>;

/** A reduction (or a full waiver, 0) of the amount due: goes through approval. */
export const WaiverInput = z.object({
  amountFen: fen,
  reason: z.string().trim().min(1).max(1000),
});
export type WaiverInput = z.infer<typeof WaiverInput>;

export const CancelDamageInput = z.object({ reason: z.string().trim().min(1).max(500) });

export const PaymentListQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
  schoolId: z.coerce.number().int().positive().optional(),
});
export type PaymentListQuery = z.infer<typeof PaymentListQuery>;

export const OutstandingStudent = z.object({
  studentId: z.number(),
  studentNo: z.string(),
  name: z.string(),
  className: z.string().nullable(),
  boarder: z.boolean(),
  outstandingFen: z.number(),
  reports: z.number(),
});
export type OutstandingStudent = z.infer<typeof OutstandingStudent>;
export const OutstandingQuery = z.object({
  /** Day students too (by default only boarders). */
  all: boolQuery.optional(),
  schoolId: z.coerce.number().int().positive().optional(),
});

/** A person or class a form may name (GET /api/v1/damage-reports/parties). */
export const PARTY_TYPES = ['student', 'class', 'staff'] as const;
export const PartyQuery = z.object({
  type: z.enum(PARTY_TYPES),
  q: z.string().trim().max(50).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export const PartyOption = z.object({ id: z.number(), name: z.string(), detail: z.string().nullable(), boarder: z.boolean().optional() });
export type PartyOption = z.infer<typeof PartyOption>;

/* ───────────────────────── Disposal 报废处置 ───────────────────────── */

export const DISPOSAL_WAYS = ['scrap', 'transfer_out', 'sale', 'donation'] as const;
export const DisposalWay = z.enum(DISPOSAL_WAYS);
export type DisposalWay = z.infer<typeof DisposalWay>;

/** pending: in approval; returned: back for changes; approved: waits to be carried out; done: assets disposed. */
export const DISPOSAL_STATES = ['pending', 'returned', 'approved', 'rejected', 'done', 'cancelled'] as const;
export const DisposalState = z.enum(DISPOSAL_STATES);
export type DisposalState = z.infer<typeof DisposalState>;

export const DISPOSAL_ACTIONS = ['edit', 'resubmit', 'withdraw', 'carryOut'] as const;
export const DisposalAction = z.enum(DISPOSAL_ACTIONS);
export type DisposalAction = z.infer<typeof DisposalAction>;

export const CreateDisposalInput = z.object({
  assetIds: ids(500).min(1),
  reason: z.string().trim().min(1).max(2000),
  way: DisposalWay,
  /** Technical appraisal, photos … */
  attachmentIds: FileIds(10).default([]),
});
export type CreateDisposalInput = z.infer<typeof CreateDisposalInput>;
export const UpdateDisposalInput = z.object({
  assetIds: ids(500).min(1).optional(),
  reason: z.string().trim().min(1).max(2000).optional(),
  way: DisposalWay.optional(),
  version: z.number().int().positive(),
});
export type UpdateDisposalInput = z.infer<typeof UpdateDisposalInput>;
export const CarryOutInput = z.object({
  date: dateOnly,
  /** Receiving unit, buyer or recycler. */
  recipient: z.string().trim().min(1).max(200),
  proceedsFen: fen.default(0),
  note: text(1000).nullish(),
  attachmentIds: FileIds(10).default([]),
});
export type CarryOutInput = z.infer<typeof CarryOutInput>;
export const WithdrawInput = z.object({ reason: z.string().trim().min(1).max(500) });

export const DisposalItem = z.object({
  assetId: z.number(),
  code: z.string(),
  name: z.string(),
  classCode: z.string().nullable(),
  /** The status before the request (restored if it is rejected or withdrawn). */
  previousStatus: z.string(),
  originalValueFen: z.number(),
  netValueFen: z.number(),
});
export type DisposalItem = z.infer<typeof DisposalItem>;

export const Disposal = z.object({
  id: z.number(),
  schoolId: z.number(),
  /** BF-2026-001 */
  code: z.string(),
  state: DisposalState,
  way: DisposalWay,
  reason: z.string(),
  assetCount: z.number(),
  /** The first few assets' names, for lists. */
  assetNames: z.array(z.string()),
  totalOriginalFen: z.number(),
  totalNetFen: z.number(),
  createdById: z.number().nullable(),
  createdByName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approval: ApprovalBadge,
  carriedOutOn: z.string().nullable(),
  recipient: z.string().nullable(),
  proceedsFen: z.number().nullable(),
  carryNote: z.string().nullable(),
  doneAt: z.string().nullable(),
  doneByName: z.string().nullable(),
  stocktakeId: z.number().nullable(),
  actions: z.array(DisposalAction),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Disposal = z.infer<typeof Disposal>;
export const DisposalDetail = Disposal.extend({
  items: z.array(DisposalItem),
  attachments: z.array(FileRef),
  carryAttachments: z.array(FileRef),
  events: z.array(ProcessEvent),
});
export type DisposalDetail = z.infer<typeof DisposalDetail>;

export const DisposalListQuery = ListQuery.extend({
  state: DisposalState.optional(),
  way: DisposalWay.optional(),
  sort: z.enum(['createdAt', '-createdAt']).default('-createdAt'),
});
export type DisposalListQuery = z.infer<typeof DisposalListQuery>;

/** Approval kinds of these documents (server/platform/approvals.ts). */
export const APPROVAL_KINDS = { disposal: 'assets.disposal', damageWaiver: 'assets.damage_waiver' } as const;
