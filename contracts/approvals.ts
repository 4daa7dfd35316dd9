import { z } from 'zod';
import { ListQuery, Id } from './common';
import { Role } from './auth';
import { FileRef, FileIds } from './files';

// The approval engine 审批 (SPEC §4): chains of steps by role, chosen by rules on the document
// (kind, amount in fen); approve / reject / return with a comment; a collective decision 集体决策
// above the school's threshold before the last step.

export const APPROVAL_STATES = ['pending', 'approved', 'rejected', 'returned'] as const;
export const ApprovalState = z.enum(APPROVAL_STATES);
export type ApprovalState = z.infer<typeof ApprovalState>;

/** What a person does to a step (the route's last segment). */
export const APPROVAL_ACTIONS = ['approve', 'reject', 'return'] as const;
export const ApprovalAction = z.enum(APPROVAL_ACTIONS);
export type ApprovalAction = z.infer<typeof ApprovalAction>;

/** How a step was decided. */
export const STEP_DECISIONS = ['approved', 'rejected', 'returned'] as const;
export const StepDecision = z.enum(STEP_DECISIONS);
export type StepDecision = z.infer<typeof StepDecision>;
export const DECISION_OF: Record<ApprovalAction, StepDecision> = { approve: 'approved', reject: 'rejected', return: 'returned' };

export const APPROVAL_BOXES = ['todo', 'done', 'mine', 'all'] as const;
export const ApprovalBox = z.enum(APPROVAL_BOXES);
export type ApprovalBox = z.infer<typeof ApprovalBox>;

/** The longest comment, attendee list and resolution. */
export const COMMENT_MAX = 500;
export const ATTENDEES_MAX = 500;
export const RESOLUTION_MAX = 2000;

// ── Settings (module 'approvals', via /api/v1/settings/approvals) ──
export const ApprovalsSettings = z.object({
  /** Above this amount (fen) the last step needs a recorded collective decision (三重一大). */
  collectiveThresholdFen: z.number().int().min(0).max(1e13),
});
export type ApprovalsSettings = z.infer<typeof ApprovalsSettings>;
export const APPROVALS_SETTINGS_DEFAULTS: ApprovalsSettings = { collectiveThresholdFen: 1_000_000 };

// ── Deciding ──
/**
 * `POST /api/v1/approvals/:id/{approve,reject,return}`. `stepId` names the step the reader saw
 * (the web always sends it): when that step was decided meanwhile the answer is 409. Without it the
 * current step is meant. The comment is required to reject or return (checked with a message of its own).
 */
export const DecideInput = z.object({
  comment: z.string().max(COMMENT_MAX).nullish(),
  stepId: Id.optional(),
});
export type DecideInput = z.infer<typeof DecideInput>;

/** `POST /api/v1/approvals/:id/collective-decision`: the meeting that decided it (again = a correction). */
export const CollectiveDecisionInput = z.object({
  meetingDate: z.string().max(10),
  attendees: z.string().max(ATTENDEES_MAX),
  resolution: z.string().max(RESOLUTION_MAX),
  /** Minutes (PDF) or photos, uploaded through POST /api/v1/files. */
  fileIds: FileIds(10).default([]),
  /** The record's version when correcting it (409 when someone else changed it meanwhile). */
  version: z.number().int().min(1).optional(),
});
export type CollectiveDecisionInput = z.input<typeof CollectiveDecisionInput>;

// ── Reading ──
export const ApprovalListQuery = ListQuery.extend({
  box: ApprovalBox.default('todo'),
  kind: z.string().max(60).optional(),
  state: ApprovalState.optional(),
});
export type ApprovalListQuery = z.infer<typeof ApprovalListQuery>;

export const ApprovalItem = z.object({
  id: z.number(),
  schoolId: z.number(),
  kind: z.string(),
  /** i18n key of the kind's name. */
  kindLabelKey: z.string(),
  documentId: z.number(),
  title: z.string(),
  summary: z.string().nullable(),
  link: z.string(),
  amountFen: z.number(),
  applicantId: z.number(),
  applicantName: z.string(),
  state: ApprovalState,
  round: z.number(),
  /** The step waiting for a decision (null once ended). */
  currentRole: Role.nullable(),
  submittedAt: z.string(),
  endedAt: z.string().nullable(),
  /** In the "done" box: the reader's latest decision on it. */
  myDecision: StepDecision.nullable(),
  myDecidedAt: z.string().nullable(),
});
export type ApprovalItem = z.infer<typeof ApprovalItem>;

export const ApprovalStep = z.object({
  id: z.number(),
  round: z.number(),
  position: z.number(),
  role: Role,
  decision: StepDecision.nullable(),
  decidedBy: z.number().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  comment: z.string().nullable(),
});
export type ApprovalStep = z.infer<typeof ApprovalStep>;

export const CollectiveDecision = z.object({
  id: z.number(),
  round: z.number(),
  meetingDate: z.string(),
  attendees: z.string(),
  resolution: z.string(),
  recordedBy: z.number(),
  recordedByName: z.string(),
  recordedAt: z.string(),
  files: z.array(FileRef),
  version: z.number(),
});
export type CollectiveDecision = z.infer<typeof CollectiveDecision>;

export const ApprovalCan = z.object({
  approve: z.boolean(),
  reject: z.boolean(),
  return: z.boolean(),
  collectiveDecision: z.boolean(),
});
export type ApprovalCan = z.infer<typeof ApprovalCan>;

export const ApprovalDetail = ApprovalItem.extend({
  /** Every round's steps, in order (round, position). */
  steps: z.array(ApprovalStep),
  /** The step to decide now (send its id with a decision). */
  currentStepId: z.number().nullable(),
  /** This round's amount is above the threshold: the last step needs a collective decision. */
  collectiveRequired: z.boolean(),
  /** The school's threshold now (fen): above it a collective decision is required. */
  collectiveThresholdFen: z.number(),
  /** Required and not yet recorded for this round (the last step cannot be approved yet). */
  collectiveMissing: z.boolean(),
  collectiveDecisions: z.array(CollectiveDecision),
  can: ApprovalCan,
  version: z.number(),
});
export type ApprovalDetail = z.infer<typeof ApprovalDetail>;

export const ByDocumentQuery = z.object({
  kind: z.string().min(1).max(60),
  documentId: Id,
});
export const ByDocumentAnswer = z.object({ approval: ApprovalDetail.nullable() });
export type ByDocumentAnswer = z.infer<typeof ByDocumentAnswer>;

/** The kinds the app knows (the inbox's kind filter). */
export const KindList = z.object({ items: z.array(z.object({ kind: z.string(), labelKey: z.string() })) });
export type KindList = z.infer<typeof KindList>;

// ── Rules: the school's chains per kind ──
export const ChainRule = z.object({
  minAmountFen: z.number().int().min(0).max(1e13),
  /** The roles that decide, in order (school roles; each at most once). */
  steps: z.array(z.string().max(40)).max(8),
});
export type ChainRule = z.infer<typeof ChainRule>;

export const KindRules = z.object({
  kind: z.string(),
  labelKey: z.string(),
  /** The chains in force: the school's own, or the kind's defaults. */
  rules: z.array(z.object({ minAmountFen: z.number(), steps: z.array(Role) })),
  defaultChains: z.array(z.object({ minAmountFen: z.number(), steps: z.array(Role) })),
  custom: z.boolean(),
  /** 0 until the school first saves its own chains. */
  version: z.number(),
});
export type KindRules = z.infer<typeof KindRules>;
export const RulesList = z.object({ items: z.array(KindRules) });

export const UpdateRulesInput = z.object({
  rules: z.array(ChainRule).max(10),
  version: z.number().int().min(0),
});
export type UpdateRulesInput = z.infer<typeof UpdateRulesInput>;
export const ResetRulesInput = z.object({ version: z.number().int().min(0) });
export const KindParams = z.object({ kind: z.string().min(1).max(60) });
