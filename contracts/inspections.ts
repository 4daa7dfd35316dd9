import { z } from 'zod';
import { ListQuery, boolQuery, Id } from './common';
import { FileRef, FileIds } from './files';

// The inspection engine (SPEC §4): checklist templates, inspections, findings → rectifications.

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

export const FREQUENCIES = ['daily', 'weekly', 'monthly', 'term', 'adhoc'] as const;
export const Frequency = z.enum(FREQUENCIES);
export type Frequency = z.infer<typeof Frequency>;

export const ITEM_MODES = ['pass_fail', 'score'] as const;
export const ItemMode = z.enum(ITEM_MODES);

export const OUTCOMES = ['pass', 'fail'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const INSPECTION_STATES = ['in_progress', 'submitted'] as const;
export const InspectionState = z.enum(INSPECTION_STATES);
export type InspectionState = z.infer<typeof InspectionState>;

export const RECT_STATES = ['open', 'assigned', 'rectified', 'closed'] as const;
export const RectState = z.enum(RECT_STATES);
export type RectState = z.infer<typeof RectState>;

export const RECT_ACTIONS = ['assign', 'rectify', 'verify', 'reject'] as const;
export const RectAction = z.enum(RECT_ACTIONS);
export type RectAction = z.infer<typeof RectAction>;

/** Board tabs: 待指派 / 整改中 / 待验收 / 已销号 / 逾期. */
export const RECT_TABS = ['open', 'assigned', 'rectified', 'closed', 'overdue'] as const;
export const RectTab = z.enum(RECT_TABS);
export type RectTab = z.infer<typeof RectTab>;

export const RECT_EVENT_KINDS = ['reported', 'found', 'assign', 'rectify', 'verify', 'reject', 'escalated'] as const;
export type RectEventKind = (typeof RECT_EVENT_KINDS)[number];

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Code = z.string().trim().min(1).max(60).regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/);
const Text = (max: number) => z.string().trim().min(1).max(max);
const Bilingual = (max: number) => z.object({ zh: Text(max), en: z.string().trim().max(max * 2).nullish() });

// ── Templates ──
export const TemplateItemInput = z.object({
  section: Bilingual(40),
  text: Bilingual(200),
  guidance: z.object({ zh: z.string().trim().max(500), en: z.string().trim().max(1000).nullish() }).nullish(),
  mode: ItemMode.default('pass_fail'),
  maxScore: z.number().int().min(1).max(100).nullish(),
  photoRequired: z.boolean().default(false),
  critical: z.boolean().default(false),
  kind: z.string().trim().max(40).nullish(),
}).superRefine((v, ctx) => {
  if (v.mode === 'score' && !v.maxScore) ctx.addIssue({ code: 'custom', path: ['maxScore'], message: 'required for score items', params: { i18n: 'inspections.maxScoreRequired' } });
});
export type TemplateItemInput = z.infer<typeof TemplateItemInput>;

export const CreateTemplateInput = z.object({
  domain: Code,
  name: Bilingual(60),
  frequency: Frequency,
  items: z.array(TemplateItemInput).min(1).max(200),
});
export type CreateTemplateInput = z.infer<typeof CreateTemplateInput>;

export const UpdateTemplateInput = z.object({
  version: z.number().int().positive(),
  name: Bilingual(60).optional(),
  frequency: Frequency.optional(),
  active: z.boolean().optional(),
  /** A new list of items: becomes the template's next revision (earlier inspections keep theirs). */
  items: z.array(TemplateItemInput).min(1).max(200).optional(),
});
export type UpdateTemplateInput = z.infer<typeof UpdateTemplateInput>;

export const TemplateListQuery = ListQuery.extend({
  domain: Code.optional(),
  active: boolQuery.optional(),
});
export type TemplateListQuery = z.infer<typeof TemplateListQuery>;

export const TemplateDetailQuery = z.object({ revision: z.coerce.number().int().positive().optional() });

const Names = z.object({ zh: z.string(), en: z.string().nullable() });
export const TemplateItem = z.object({
  id: z.number(),
  position: z.number(),
  section: Names,
  text: Names,
  guidance: Names.nullable(),
  mode: ItemMode,
  maxScore: z.number().nullable(),
  photoRequired: z.boolean(),
  critical: z.boolean(),
  kind: z.string().nullable(),
});
export type TemplateItem = z.infer<typeof TemplateItem>;

export const InspectionTemplate = z.object({
  id: z.number(),
  schoolId: z.number(),
  code: z.string(),
  domain: z.string(),
  name: Names,
  frequency: Frequency,
  revision: z.number(),
  active: z.boolean(),
  customized: z.boolean(),
  itemCount: z.number(),
  version: z.number(),
  updatedAt: z.string(),
});
export type InspectionTemplate = z.infer<typeof InspectionTemplate>;
export const TemplateDetail = InspectionTemplate.extend({
  /** The revision shown (the current one unless asked). */
  shownRevision: z.number(),
  items: z.array(TemplateItem),
});
export type TemplateDetail = z.infer<typeof TemplateDetail>;

// ── Inspections ──
export const CreateInspectionInput = z.object({
  templateId: Id,
  locationId: z.number().int().positive().nullish(),
  zone: z.string().trim().min(1).max(60).nullish(),
  note: z.string().trim().max(1000).nullish(),
}).superRefine((v, ctx) => {
  if (!v.locationId && !v.zone) ctx.addIssue({ code: 'custom', path: ['locationId'], message: 'a place or a zone', params: { i18n: 'inspections.placeRequired' } });
});
export type CreateInspectionInput = z.infer<typeof CreateInspectionInput>;

export const ResultInput = z.object({
  itemId: z.number().int().positive(),
  /** null clears the item's answer. */
  outcome: Outcome.nullable(),
  score: z.number().int().min(0).max(100).nullish(),
  note: z.string().trim().max(1000).nullish(),
  /** For a failure: the finding's severity (critical items are always critical). */
  severity: Severity.nullish(),
  /** The item's photos (replace the item's earlier ones when given). */
  photoIds: FileIds(6).optional(),
});
export type ResultInput = z.infer<typeof ResultInput>;

export const PatchInspectionInput = z.object({
  version: z.number().int().positive().optional(),
  note: z.string().trim().max(1000).nullish(),
  results: z.array(ResultInput).max(300).default([]),
});
export type PatchInspectionInput = z.infer<typeof PatchInspectionInput>;

export const SubmitInspectionInput = z.object({ version: z.number().int().positive().optional() }).default({});
export type SubmitInspectionInput = z.infer<typeof SubmitInspectionInput>;

export const InspectionListQuery = ListQuery.extend({
  domain: Code.optional(),
  templateId: Id.optional(),
  locationId: Id.optional(),
  inspectorId: Id.optional(),
  state: InspectionState.optional(),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
});
export type InspectionListQuery = z.infer<typeof InspectionListQuery>;

export const Inspection = z.object({
  id: z.number(),
  schoolId: z.number(),
  templateId: z.number(),
  templateCode: z.string(),
  templateName: Names,
  templateRevision: z.number(),
  domain: z.string(),
  locationId: z.number().nullable(),
  locationName: z.string().nullable(),
  locationPath: z.string().nullable(),
  zone: z.string().nullable(),
  state: InspectionState,
  inspectorId: z.number(),
  inspectorName: z.string(),
  day: z.string(),
  startedAt: z.string(),
  submittedAt: z.string().nullable(),
  note: z.string().nullable(),
  itemCount: z.number(),
  answeredCount: z.number(),
  passCount: z.number(),
  failCount: z.number(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  version: z.number(),
});
export type Inspection = z.infer<typeof Inspection>;

export const InspectionItemResult = z.object({
  outcome: Outcome,
  score: z.number().nullable(),
  note: z.string().nullable(),
  severity: Severity.nullable(),
  photos: z.array(FileRef),
});
export const InspectionDetail = Inspection.extend({
  items: z.array(TemplateItem.extend({ result: InspectionItemResult.nullable() })),
  findings: z.array(z.object({ id: z.number(), itemId: z.number().nullable(), title: z.string(), state: RectState, severity: Severity })),
  actions: z.array(z.enum(['edit', 'submit'])),
});
export type InspectionDetail = z.infer<typeof InspectionDetail>;

// ── Rectifications ──
export const AssignInput = z.object({
  ownerId: z.number().int().positive(),
  deadline: dateOnly,
  plan: z.string().trim().max(2000).nullish(),
  version: z.number().int().positive().optional(),
});
export type AssignInput = z.infer<typeof AssignInput>;
export const RectifyInput = z.object({
  note: Text(2000),
  /** 'after' photos: at least one. */
  photoIds: FileIds(6).min(1),
  version: z.number().int().positive().optional(),
});
export type RectifyInput = z.infer<typeof RectifyInput>;
export const VerifyInput = z.object({ note: z.string().trim().max(1000).nullish(), version: z.number().int().positive().optional() }).default({});
export type VerifyInput = z.infer<typeof VerifyInput>;
export const RejectInput = z.object({ note: Text(1000), version: z.number().int().positive().optional() });
export type RejectInput = z.infer<typeof RejectInput>;

export const RectificationListQuery = ListQuery.extend({
  domain: Code.optional(),
  tab: RectTab.optional(),
  state: z.string().max(80).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(RectState).max(4)).optional(),
  overdue: boolQuery.optional(),
  ownerId: Id.optional(),
  reporterId: Id.optional(),
  locationId: Id.optional(),
  severity: Severity.optional(),
  kind: z.string().trim().max(40).optional(),
  source: z.string().trim().max(40).optional(),
  mine: z.enum(['reported', 'owned']).optional(),
  from: dateOnly.optional(),
  to: dateOnly.optional(),
});
export type RectificationListQuery = z.infer<typeof RectificationListQuery>;

export const Rectification = z.object({
  id: z.number(),
  schoolId: z.number(),
  domain: z.string(),
  source: z.string(),
  sourceId: z.number().nullable(),
  title: z.string(),
  description: z.string().nullable(),
  locationId: z.number().nullable(),
  locationName: z.string().nullable(),
  locationPath: z.string().nullable(),
  zone: z.string().nullable(),
  kind: z.string().nullable(),
  severity: Severity,
  state: RectState,
  /** Past its deadline and not rectified (in the school's zone, today). */
  overdue: z.boolean(),
  escalated: z.boolean(),
  reporterId: z.number().nullable(),
  reporterName: z.string().nullable(),
  reportedAt: z.string(),
  ownerId: z.number().nullable(),
  ownerName: z.string().nullable(),
  deadline: z.string().nullable(),
  plan: z.string().nullable(),
  assignedAt: z.string().nullable(),
  rectifiedAt: z.string().nullable(),
  rectifiedById: z.number().nullable(),
  rectifiedByName: z.string().nullable(),
  rectifyNote: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  verifyNote: z.string().nullable(),
  rejectCount: z.number(),
  photos: z.object({ before: z.array(FileRef), after: z.array(FileRef) }),
  actions: z.array(RectAction),
  version: z.number(),
  updatedAt: z.string(),
});
export type Rectification = z.infer<typeof Rectification>;

export const RectEvent = z.object({
  id: z.number(),
  kind: z.string(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  fromState: RectState.nullable(),
  toState: RectState.nullable(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type RectEvent = z.infer<typeof RectEvent>;

export const RectificationDetail = Rectification.extend({
  events: z.array(RectEvent),
  inspection: z.object({ id: z.number(), templateName: Names, day: z.string() }).nullable(),
});
export type RectificationDetail = z.infer<typeof RectificationDetail>;

/** People a rectification may be given to (any active staff of the school). */
export const Assignee = z.object({ id: z.number(), name: z.string(), username: z.string(), roles: z.array(z.string()) });
export type Assignee = z.infer<typeof Assignee>;
export const AssigneeQuery = z.object({ q: z.string().trim().max(40).optional() });
