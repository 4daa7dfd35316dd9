import { z } from 'zod';
import { ListQuery, boolQuery, Id } from './common';
import { ScheduleRule } from './schedules';
import { FileRef, FileIds } from './files';

// Repairs and maintenance (SPEC §5.2): work orders, the repair log, statistics, preventive plans.

// ── Categories (a school setting; codes are stable, labels per language) ──
export const CategoryCode = z.string().trim().min(1).max(40).regex(/^[A-Za-z][A-Za-z0-9_]*$/);
export const RepairCategory = z.object({
  code: CategoryCode,
  zh: z.string().trim().min(1).max(40),
  en: z.string().trim().min(1).max(60),
  active: z.boolean().default(true),
});
export type RepairCategory = z.infer<typeof RepairCategory>;
export const DEFAULT_CATEGORIES: RepairCategory[] = [
  { code: 'water', zh: '水', en: 'Water', active: true },
  { code: 'electric', zh: '电', en: 'Electrical', active: true },
  { code: 'doorWindow', zh: '门窗', en: 'Doors & windows', active: true },
  { code: 'furniture', zh: '桌椅', en: 'Desks & chairs', active: true },
  { code: 'multimedia', zh: '多媒体', en: 'Multimedia', active: true },
  { code: 'network', zh: '网络', en: 'Network', active: true },
  { code: 'building', zh: '土建', en: 'Building works', active: true },
  { code: 'other', zh: '其他', en: 'Other', active: true },
];

export const URGENCIES = ['urgent', 'normal', 'planned'] as const;
export const Urgency = z.enum(URGENCIES);
export type Urgency = z.infer<typeof Urgency>;

export const REPAIR_STATES = ['reported', 'dispatched', 'in_progress', 'completed', 'closed', 'cancelled', 'reopened'] as const;
export const RepairState = z.enum(REPAIR_STATES);
export type RepairState = z.infer<typeof RepairState>;

export const REPAIR_ACTIONS = ['dispatch', 'accept', 'complete', 'confirm', 'reopen', 'cancel'] as const;
export const RepairAction = z.enum(REPAIR_ACTIONS);
export type RepairAction = z.infer<typeof RepairAction>;

/** Event kinds on the timeline: the actions plus what the system does by itself. */
export const REPAIR_EVENT_KINDS = ['reported', ...REPAIR_ACTIONS, 'autoDispatched', 'overdue', 'autoClosed'] as const;
export const RepairEventKind = z.enum(REPAIR_EVENT_KINDS);
export type RepairEventKind = z.infer<typeof RepairEventKind>;

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
/** Up to 6 photos: ids of uploads (POST /api/v1/files). */
const photoIds = FileIds(6).default([]);

// ── Settings (module 'repairs', via /api/v1/settings/repairs) ──
export const TimeLimit = z.object({
  responseHours: z.number().min(0.25).max(24 * 60),
  doneHours: z.number().min(0.25).max(24 * 365),
});
export const RepairSettings = z.object({
  categories: z.array(RepairCategory).min(1).max(50)
    .refine((cs) => new Set(cs.map((c) => c.code)).size === cs.length, 'duplicate category code'),
  limits: z.object({ urgent: TimeLimit, normal: TimeLimit }),
  /** Planned orders are due at the end of their planned date (school timezone); response by the start of it. */
  autoCloseDays: z.number().int().min(1).max(60),
  reopenDays: z.number().int().min(1).max(60),
});
export type RepairSettings = z.infer<typeof RepairSettings>;
export const DEFAULT_REPAIR_SETTINGS: RepairSettings = {
  categories: DEFAULT_CATEGORIES,
  limits: { urgent: { responseHours: 2, doneHours: 24 }, normal: { responseHours: 24, doneHours: 72 } },
  autoCloseDays: 3,
  reopenDays: 7,
};

// ── Report ──
export const CreateRepairInput = z.object({
  locationId: z.number().int().positive(),
  /** Stored as given; validated against the assets module once it exists. */
  assetId: z.number().int().positive().nullish(),
  category: CategoryCode,
  description: z.string().trim().min(1).max(2000),
  urgency: Urgency.default('normal'),
  /** Required when urgency is 'planned'. */
  plannedDate: dateOnly.nullish(),
  photoIds,
}).superRefine((v, ctx) => {
  if (v.urgency === 'planned' && !v.plannedDate) ctx.addIssue({ code: 'custom', path: ['plannedDate'], message: 'required for planned urgency', params: { i18n: 'repairs.plannedDateRequired' } });
});
export type CreateRepairInput = z.infer<typeof CreateRepairInput>;

export const RepairItemInput = z.object({
  name: z.string().trim().min(1).max(100),
  quantity: z.number().positive().max(100_000),
  unit: z.string().trim().max(20).nullish(),
});
export type RepairItemInput = z.infer<typeof RepairItemInput>;

// ── Actions ──
export const DispatchInput = z.object({ assigneeId: z.number().int().positive(), note: z.string().trim().max(500).nullish() });
export type DispatchInput = z.infer<typeof DispatchInput>;
export const AcceptInput = z.object({ note: z.string().trim().max(500).nullish() }).default({});
export type AcceptInput = z.infer<typeof AcceptInput>;
export const CompleteInput = z.object({
  note: z.string().trim().min(1).max(2000),
  hours: z.number().min(0).max(1000),
  items: z.array(RepairItemInput).max(50).default([]),
  photoIds,
});
export type CompleteInput = z.infer<typeof CompleteInput>;
export const ConfirmInput = z.object({ rating: z.number().int().min(1).max(5), comment: z.string().trim().max(500).nullish() });
export type ConfirmInput = z.infer<typeof ConfirmInput>;
export const ReopenInput = z.object({ reason: z.string().trim().min(1).max(500) });
export type ReopenInput = z.infer<typeof ReopenInput>;
export const CancelInput = z.object({ reason: z.string().trim().min(1).max(500) });
export type CancelInput = z.infer<typeof CancelInput>;

// ── Records ──
export const RepairPhoto = FileRef;
export type RepairPhoto = z.infer<typeof RepairPhoto>;
export const RepairItem = z.object({ name: z.string(), quantity: z.number(), unit: z.string().nullable() });
export type RepairItem = z.infer<typeof RepairItem>;

export const RepairOrder = z.object({
  id: z.number(),
  schoolId: z.number(),
  /** e.g. WX20261122-0001: date of report (school timezone) and a per-school daily number. */
  code: z.string(),
  state: RepairState,
  category: z.string(),
  urgency: Urgency,
  description: z.string(),
  plannedDate: z.string().nullable(),
  locationId: z.number(),
  locationName: z.string(),
  /** Names from the campus down, e.g. "主校区 / 教学楼 / 301教室". */
  locationPath: z.string(),
  buildingId: z.number().nullable(),
  assetId: z.number().nullable(),
  planId: z.number().nullable(),
  reporterId: z.number(),
  reporterName: z.string(),
  assigneeId: z.number().nullable(),
  assigneeName: z.string().nullable(),
  reportedAt: z.string(),
  dispatchedAt: z.string().nullable(),
  acceptedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  responseDueAt: z.string(),
  doneDueAt: z.string(),
  overdue: z.boolean(),
  hours: z.number().nullable(),
  completeNote: z.string().nullable(),
  items: z.array(RepairItem),
  rating: z.number().nullable(),
  comment: z.string().nullable(),
  reopenCount: z.number(),
  photos: z.object({ report: z.array(RepairPhoto), complete: z.array(RepairPhoto) }),
  /** What the caller may do next on this order (the web shows these buttons). */
  actions: z.array(RepairAction),
  version: z.number(),
  updatedAt: z.string(),
});
export type RepairOrder = z.infer<typeof RepairOrder>;

/** List rows: the order without timeline; items and photos are included (fetched in bulk). */
export const RepairListItem = RepairOrder;
export type RepairListItem = RepairOrder;

export const RepairEvent = z.object({
  id: z.number(),
  kind: RepairEventKind,
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  fromState: RepairState.nullable(),
  toState: RepairState.nullable(),
  note: z.string().nullable(),
  /** e.g. { assigneeId, assigneeName } on dispatch, { rating } on confirm. */
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type RepairEvent = z.infer<typeof RepairEvent>;

export const RepairDetail = RepairOrder.extend({ events: z.array(RepairEvent) });
export type RepairDetail = z.infer<typeof RepairDetail>;

const csv = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(10));

export const REPAIR_SORTS = ['reportedAt', '-reportedAt'] as const;
export const RepairListQuery = ListQuery.extend({
  /** One or more states, repeated (?state=a&state=b) or comma-separated. */
  state: csv(RepairState).optional(),
  category: CategoryCode.optional(),
  /** This location and everything under it. */
  locationId: Id.optional(),
  assigneeId: Id.optional(),
  reporterId: Id.optional(),
  urgency: Urgency.optional(),
  overdue: boolQuery.optional(),
  planId: Id.optional(),
  /** reportedAt ≥ from (date, school timezone, inclusive). */
  from: dateOnly.optional(),
  /** reportedAt < to + 1 day (inclusive date). */
  to: dateOnly.optional(),
  mine: z.enum(['reported', 'assigned']).optional(),
  sort: z.enum(REPAIR_SORTS).default('-reportedAt'),
});
export type RepairListQuery = z.infer<typeof RepairListQuery>;

// ── Workers and category rules ──
export const RepairWorker = z.object({
  id: z.number(), name: z.string(), username: z.string(), phone: z.string().nullable(),
  /** Orders dispatched / in progress / reopened now. */
  openCount: z.number(),
});
export type RepairWorker = z.infer<typeof RepairWorker>;

export const CategoryRule = z.object({
  category: CategoryCode,
  /** Default worker: new orders of this category are dispatched to them at once. */
  assigneeId: z.number().int().positive().nullable(),
  assigneeName: z.string().nullable().optional(),
});
export type CategoryRule = z.infer<typeof CategoryRule>;
export const CategoryRules = z.object({ rules: z.array(CategoryRule) });
export const PutCategoryRulesInput = z.object({
  rules: z.array(CategoryRule.pick({ category: true, assigneeId: true })).max(50),
});
export type PutCategoryRulesInput = z.infer<typeof PutCategoryRulesInput>;

// ── Statistics ──
export const StatsQuery = z.object({
  from: dateOnly.optional(),
  to: dateOnly.optional(),
  schoolId: z.coerce.number().int().positive().optional(),
});
export type StatsQuery = z.infer<typeof StatsQuery>;
export const StatsGroup = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number(),
  /** Median minutes reported → accepted (orders accepted), null if none. */
  medianResponseMinutes: z.number().nullable(),
  /** Median minutes reported → completed. */
  medianCompletionMinutes: z.number().nullable(),
  /** Share 0..1 of orders flagged overdue. */
  overdueShare: z.number(),
  averageRating: z.number().nullable(),
  /** Share 0..1 of rated orders rated ≥ 4; null if none rated. */
  satisfaction: z.number().nullable(),
});
export type StatsGroup = z.infer<typeof StatsGroup>;
export const RepairStats = z.object({
  from: z.string(),
  to: z.string(),
  /** e.g. "2026-2027 第一学期" when the period is the current term. */
  termName: z.string().nullable(),
  totals: StatsGroup.omit({ key: true, label: true }).extend({
    open: z.number(), closed: z.number(), cancelled: z.number(), hours: z.number(),
  }),
  byCategory: z.array(StatsGroup),
  byLocation: z.array(StatsGroup),
  byBuilding: z.array(StatsGroup),
  byWorker: z.array(StatsGroup),
  /** key YYYY-MM. */
  byMonth: z.array(StatsGroup),
  topLocations: z.array(z.object({ id: z.number(), name: z.string(), path: z.string(), count: z.number() })),
  topAssets: z.array(z.object({ id: z.number(), count: z.number() })),
  /** Items used, e.g. 更换灯管 13 (支). */
  items: z.array(z.object({ name: z.string(), unit: z.string().nullable(), quantity: z.number(), orders: z.number() })),
});
export type RepairStats = z.infer<typeof RepairStats>;

// ── Repair log 维修一览表 ──
export const RepairLogQuery = z.object({
  assigneeId: Id.optional(),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
  category: CategoryCode.optional(),
  schoolId: z.coerce.number().int().positive().optional(),
});
export type RepairLogQuery = z.infer<typeof RepairLogQuery>;
export const RepairLogRow = z.object({
  id: z.number(),
  code: z.string(),
  state: RepairState,
  category: z.string(),
  locationPath: z.string(),
  description: z.string(),
  items: z.array(RepairItem),
  reporterName: z.string(),
  assigneeName: z.string().nullable(),
  reportedAt: z.string(),
  acceptedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  hours: z.number().nullable(),
  rating: z.number().nullable(),
});
export type RepairLogRow = z.infer<typeof RepairLogRow>;
export const RepairLog = z.object({
  from: z.string(), to: z.string(),
  assigneeId: z.number().nullable(), assigneeName: z.string().nullable(),
  rows: z.array(RepairLogRow),
  totals: z.object({ orders: z.number(), hours: z.number(), averageRating: z.number().nullable() }),
  /** True when more than the row limit matched (the export holds them all). */
  truncated: z.boolean(),
});
export type RepairLog = z.infer<typeof RepairLog>;

// ── Maintenance plans ──
export const ChecklistItem = z.string().trim().min(1).max(200);
const planFields = {
  name: z.string().trim().min(1).max(100),
  category: CategoryCode,
  description: z.string().trim().max(1000).nullish(),
  /** At least one: the work order is made at the first; the others are listed in its description. */
  locationIds: z.array(z.number().int().positive()).min(1).max(200),
  assetIds: z.array(z.number().int().positive()).max(200),
  checklist: z.array(ChecklistItem).max(50),
  assigneeId: z.number().int().positive().nullish(),
  active: z.boolean(),
  schedule: ScheduleRule,
};
export const MaintenancePlan = z.object({
  id: z.number(),
  name: z.string(),
  category: z.string(),
  description: z.string().nullable(),
  locationIds: z.array(z.number()),
  locations: z.array(z.object({ id: z.number(), name: z.string(), path: z.string() })),
  assetIds: z.array(z.number()),
  checklist: z.array(z.string()),
  assigneeId: z.number().nullable(),
  assigneeName: z.string().nullable(),
  active: z.boolean(),
  /** Next few due times from the schedule (ISO). */
  nextDue: z.array(z.string()),
  lastOrderId: z.number().nullable(),
  orderCount: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  schedule: ScheduleRule,
});
export type MaintenancePlan = z.infer<typeof MaintenancePlan>;
export const CreatePlanInput = z.object({
  ...planFields,
  assetIds: planFields.assetIds.default([]),
  checklist: planFields.checklist.default([]),
  active: planFields.active.default(true),
});
export type CreatePlanInput = z.infer<typeof CreatePlanInput>;
/** Only the fields to change (no defaults: a missing field stays as it is). */
export const UpdatePlanInput = z.object(planFields).partial()
  .extend({ version: z.number().int().positive().optional() });
export type UpdatePlanInput = z.infer<typeof UpdatePlanInput>;
export const PlanListQuery = ListQuery.extend({ active: boolQuery.optional() });
export const RunNowResult = z.object({ orderId: z.number() });
