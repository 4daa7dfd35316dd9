// The approval engine (审批): chains of steps by role, chosen by rules on the document (kind, amount).
// OWNER: approvals helper. The types below are the fixed interface other modules code against.
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import { recordAudit, type Actor } from './audit';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { AppError } from './errors';
import { notify } from './notifications';
import { createTask, completeTasks } from './tasks';
import { attachFiles } from './files';
import { getSettings, type SettingsDef } from './settings';
import { localDate } from './schedules';
import { approvals, approvalSteps, approvalCollectiveDecisions, approvalRules } from './approvals.tables';
import { APPROVAL_LEADERS } from './approvals.policy';
import { SCHOOL_ROLES, type Role } from '../../contracts/auth';
import {
  ApprovalsSettings, APPROVALS_SETTINGS_DEFAULTS, DECISION_OF,
  type ApprovalAction, type ApprovalState, type DecideInput, type CollectiveDecisionInput, type ChainRule,
} from '../../contracts/approvals';

/** What the deciding transaction tells the document's module. */
export interface ApprovalDocRef {
  schoolId: number;
  approvalId: number;
  kind: string;
  documentId: number;
  /** Who decided the step that ended (or returned) the chain. */
  actor: Actor;
  comment: string | null;
}

/** A kind of document that goes through approvals; a module lists its kinds in `HouqinModule.approvals`. */
export interface ApprovalKindDef {
  /** e.g. 'assets.disposal', later 'procurement.request', 'finance.expense', 'print.request'. */
  kind: string;
  /** i18n key of the kind's name (e.g. 'assets.disposal.kindName'). */
  labelKey: string;
  /** Chains used until the school edits its rules: the rule with the highest minAmountFen ≤ amount wins. */
  defaultChains: { minAmountFen: number; steps: Role[] }[];
  /** Web path of the document (shown in the inbox). */
  link: (documentId: number) => string;
  /** Called inside the transaction of the decision that approved the last step. */
  onApproved?: (tx: Db, doc: ApprovalDocRef) => Promise<void>;
  /** Called inside the transaction of a rejection (the chain ends). */
  onRejected?: (tx: Db, doc: ApprovalDocRef) => Promise<void>;
  /** Called inside the transaction of a return for changes (the applicant may edit and submit again). */
  onReturned?: (tx: Db, doc: ApprovalDocRef) => Promise<void>;
}

export interface SubmitInput {
  kind: string;
  documentId: number;
  /** Shown in the inbox: e.g. '报废申请 BF-2026-003：旧电脑 12 台'. */
  title: string;
  amountFen: number;
  summary?: string | null;
}

/* ───────────── Kinds, settings, chains ───────────── */

export const ENTITY = 'approval';
export const COLLECTIVE_ENTITY = 'approval.collective';
export const TASK_KIND = 'approvals.task.decide';
/** How long a step's task has before the overdue sweep flags it. */
export const TASK_DAYS = 3;
export const approvalLink = (id: number) => `/approvals/${id}`;

/** The engine's school setting: the collective-decision threshold (GET/PATCH /api/v1/settings/approvals). */
export const approvalsSettings: SettingsDef<ApprovalsSettings> = {
  module: 'approvals',
  schema: ApprovalsSettings,
  defaults: APPROVALS_SETTINGS_DEFAULTS,
  read: 'settings.read',
  write: 'settings.write',
};

/**
 * The kinds the running app knows, with the app's clock. `approvalRoutes` registers the modules'
 * kinds when the app is built, so `submitForApproval` (called by a module with only its transaction)
 * finds the kind's chains and hooks. A kind registered again (another app in the same process, as in
 * tests) replaces the earlier registration.
 */
const registry = new Map<string, { def: ApprovalKindDef; clock: Clock }>();

export function registerApprovalKinds(kinds: ApprovalKindDef[], clock: Clock): void {
  const seen = new Set<string>();
  for (const def of kinds) {
    if (seen.has(def.kind)) throw new Error(`approval kind declared twice: ${def.kind}`);
    seen.add(def.kind);
    if (!def.defaultChains.length || def.defaultChains.some((c) => !c.steps.length)) throw new Error(`approval kind ${def.kind}: every default chain needs steps`);
    registry.set(def.kind, { def, clock });
  }
}

function registered(kind: string): { def: ApprovalKindDef; clock: Clock } {
  const r = registry.get(kind);
  if (!r) throw new Error(`unknown approval kind: ${kind} (a module lists its kinds in its part's \`approvals\`)`);
  return r;
}

export const isLeader = (roles: readonly string[] | undefined) => !!roles?.some((r) => (APPROVAL_LEADERS as readonly string[]).includes(r));

/** The rule with the highest minAmountFen ≤ amount (the lowest rule when every rule starts higher). */
export function pickChain(rules: readonly { minAmountFen: number; steps: readonly string[] }[], amountFen: number): Role[] {
  const sorted = [...rules].sort((a, b) => a.minAmountFen - b.minAmountFen);
  const hit = sorted.filter((r) => r.minAmountFen <= amountFen).pop() ?? sorted[0];
  return [...(hit?.steps ?? [])] as Role[];
}

/** The school's own chains for a kind, or null when it uses the kind's defaults. */
export async function schoolRulesOf(db: Db, schoolId: number, kind: string) {
  const [row] = await db.select().from(approvalRules).where(and(eq(approvalRules.schoolId, schoolId), eq(approvalRules.kind, kind))).limit(1);
  return row ?? null;
}

export async function chainFor(db: Db, schoolId: number, def: ApprovalKindDef, amountFen: number): Promise<Role[]> {
  const own = await schoolRulesOf(db, schoolId, def.kind);
  return pickChain(own?.rules ?? def.defaultChains, amountFen);
}

/** Active people of the school holding a role (the platform reads accounts itself; it imports no module). */
export async function holdersOf(db: Db, schoolId: number, role: string): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(db, sql`SELECT u.id FROM user_roles r JOIN users u ON u.school_id = r.school_id AND u.id = r.user_id
    WHERE r.school_id = ${schoolId} AND r.role = ${role} AND u.active ORDER BY u.id`);
  return rows.map((r) => Number(r.id));
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 });

async function schoolTimezone(db: Db, schoolId: number): Promise<string> {
  const [r] = await rowsOf<{ tz: string }>(db, sql`SELECT timezone AS tz FROM schools WHERE id = ${schoolId}`);
  return r?.tz ?? 'Asia/Shanghai';
}

/** Tells the holders of a step's role (never the applicant) and gives the role a task, due in TASK_DAYS. */
async function announceStep(tx: Db, a: { schoolId: number; id: number; title: string; applicantId: number }, role: string, now: Date, skip: number[] = []) {
  const people = (await holdersOf(tx, a.schoolId, role)).filter((id) => id !== a.applicantId && !skip.includes(id));
  const params = { title: a.title };
  await notify(tx, { schoolId: a.schoolId, userIds: people, kind: 'approvals.notify.toDecide', params, link: approvalLink(a.id), entity: ENTITY, entityId: a.id });
  await createTask(tx, {
    schoolId: a.schoolId, module: 'approvals', kind: TASK_KIND, params, entity: ENTITY, entityId: a.id,
    assigneeId: null, role: role as Role, dueAt: new Date(now.getTime() + TASK_DAYS * 86_400_000), link: approvalLink(a.id),
  });
}

/* ───────────── Submitting ───────────── */

/**
 * Starts (or, after a return, restarts) the approval of a document, inside the caller's transaction.
 * 409 if the document already has a pending approval. Notifies and tasks the first step's approvers.
 * Business time comes from `opts.clock`, else the clock of the app that registered the kind.
 */
export async function submitForApproval(tx: Db, actor: Actor, input: SubmitInput, opts: { clock?: Clock } = {}): Promise<{ approvalId: number }> {
  const { def, clock: kindClock } = registered(input.kind);
  const now = (opts.clock ?? kindClock ?? systemClock).now();
  const s = actor.schoolId;
  if (!Number.isSafeInteger(input.amountFen) || input.amountFen < 0) throw new AppError('approvals.badAmount', 400, { fields: [{ path: 'amountFen', code: 'approvals.badAmount' }] });
  const title = input.title.trim().slice(0, 200);
  if (!title) throw new AppError('approvals.titleRequired', 400, { fields: [{ path: 'title', code: 'approvals.titleRequired' }] });
  if (actor.userId == null) throw new Error('submitForApproval: the applicant must be a person');

  const steps = await chainFor(tx, s, def, input.amountFen);
  const { collectiveThresholdFen } = await getSettings(tx, s, approvalsSettings);
  const collectiveRequired = input.amountFen > collectiveThresholdFen;
  const fields = {
    title, summary: input.summary?.trim() || null, link: def.link(input.documentId), amountFen: input.amountFen, applicantId: actor.userId,
    state: 'pending' as const, currentPosition: 0, currentRole: steps[0], collectiveRequired, submittedAt: now, endedAt: null, updatedAt: now,
  };

  // The document's approval row, locked: two submissions of one document are ordered by it.
  const [existing] = await tx.select().from(approvals)
    .where(and(eq(approvals.schoolId, s), eq(approvals.kind, input.kind), eq(approvals.documentId, input.documentId))).for('update');
  let id: number;
  let round: number;
  if (existing) {
    if (existing.state === 'pending') throw new AppError('approvals.alreadyPending', 409);
    if (existing.state !== 'returned') throw new AppError('approvals.closed', 409);
    round = existing.round + 1;
    const [row] = await tx.update(approvals).set({ ...fields, round, version: sql`${approvals.version} + 1` })
      .where(and(eq(approvals.schoolId, s), eq(approvals.id, existing.id), eq(approvals.state, 'returned'))).returning({ id: approvals.id });
    if (!row) throw new AppError('approvals.alreadyPending', 409);
    id = row.id;
  } else {
    round = 1;
    // A concurrent first submission of the same document waits on the unique key, then inserts nothing.
    const [row] = await tx.insert(approvals).values({ schoolId: s, kind: input.kind, documentId: input.documentId, round, ...fields, createdAt: now })
      .onConflictDoNothing().returning({ id: approvals.id });
    if (!row) throw new AppError('approvals.alreadyPending', 409);
    id = row.id;
  }
  await tx.insert(approvalSteps).values(steps.map((role, position) => ({ schoolId: s, approvalId: id, round, position, role })));
  await recordAudit(tx, actor, {
    entity: ENTITY, entityId: id, action: round === 1 ? 'submit' : 'resubmit',
    before: existing ? { state: existing.state, round: existing.round } : null,
    after: { kind: input.kind, documentId: input.documentId, title, amountFen: input.amountFen, state: 'pending', round, steps, collectiveRequired },
  });
  await announceStep(tx, { schoolId: s, id, title, applicantId: actor.userId }, steps[0], now);
  return { approvalId: id };
}

/* ───────────── States for list pages ───────────── */

export interface ApprovalStateOf { approvalId: number; state: ApprovalState; stepRole: Role | null }

/** The approval state of many documents of one kind (one query), for a module's list page. */
export async function approvalStates(db: Db, schoolId: number, kind: string, documentIds: number[]): Promise<Map<number, ApprovalStateOf>> {
  const out = new Map<number, ApprovalStateOf>();
  const ids = [...new Set(documentIds.filter((x) => Number.isInteger(x)))];
  if (!ids.length) return out;
  const rows = await rowsOf<{ id: number; document_id: number; state: ApprovalState; current_step_role: Role | null }>(db, sql`
    SELECT id, document_id, state, current_step_role FROM approvals
    WHERE school_id = ${schoolId} AND kind = ${kind} AND document_id IN (${sql.join(ids.map((x) => sql`${x}::int`), sql`, `)})`);
  for (const r of rows) out.set(Number(r.document_id), { approvalId: Number(r.id), state: r.state, stepRole: r.current_step_role });
  return out;
}

/* ───────────── Deciding ───────────── */

export type ApprovalRow = typeof approvals.$inferSelect;
export type StepRow = typeof approvalSteps.$inferSelect;

export interface EngineDeps { kinds: ApprovalKindDef[]; clock: Clock }

/** Who may read an approval: the applicant, holders of any of its steps' roles, who decided a step, the leaders, inspectors (their district). */
export function canSee(reader: { userId: number | null; roles?: readonly string[] }, a: Pick<ApprovalRow, 'applicantId'>, steps: Pick<StepRow, 'role' | 'decidedBy'>[]): boolean {
  if (isLeader(reader.roles) || reader.roles?.includes('inspector')) return true;
  if (a.applicantId === reader.userId) return true;
  return steps.some((st) => reader.roles?.includes(st.role) || (st.decidedBy !== null && st.decidedBy === reader.userId));
}

/** The reasons a person may not decide the current step now (empty: they may). The order is the order of the answers. */
export function refusal(actor: { userId: number | null; roles?: readonly string[] }, a: Pick<ApprovalRow, 'state' | 'round' | 'currentPosition' | 'applicantId'>, step: Pick<StepRow, 'round' | 'position' | 'role' | 'decision'>, roundSteps: Pick<StepRow, 'position' | 'decidedBy'>[]): AppError | null {
  if (!actor.roles?.includes(step.role)) return new AppError('approvals.roleNotHeld', 403);
  if (step.decision !== null) return new AppError('approvals.alreadyDecided', 409);
  if (a.state !== 'pending' || step.round !== a.round || step.position !== a.currentPosition) return new AppError('approvals.notPending', 409);
  if (a.applicantId === actor.userId) return new AppError('approvals.selfApproval', 403);
  if (roundSteps.some((x) => x.position !== step.position && x.decidedBy !== null && x.decidedBy === actor.userId)) return new AppError('approvals.twoSteps', 403);
  return null;
}

async function loadForUpdate(tx: Db, schoolId: number, id: number): Promise<ApprovalRow> {
  const [a] = await tx.select().from(approvals).where(and(eq(approvals.schoolId, schoolId), eq(approvals.id, id))).for('update');
  if (!a) throw new AppError('notFound', 404);
  return a;
}

async function stepsOf(db: Db, schoolId: number, approvalId: number): Promise<StepRow[]> {
  return db.select().from(approvalSteps).where(and(eq(approvalSteps.schoolId, schoolId), eq(approvalSteps.approvalId, approvalId)))
    .orderBy(approvalSteps.round, approvalSteps.position);
}

export async function hasCollectiveDecision(db: Db, schoolId: number, approvalId: number, round: number): Promise<boolean> {
  const rows = await rowsOf(db, sql`SELECT 1 FROM approval_collective_decisions WHERE school_id = ${schoolId} AND approval_id = ${approvalId} AND round = ${round} LIMIT 1`);
  return rows.length > 0;
}

export function createApprovalEngine(deps: EngineDeps) {
  const { clock } = deps;
  const kindOf = (kind: string): ApprovalKindDef | undefined => deps.kinds.find((k) => k.kind === kind) ?? registry.get(kind)?.def;

  /**
   * Approve, reject or return the current step (or the step the reader saw: `stepId`). The approval
   * row is locked, the step updated only while undecided (decision IS NULL) and the approval only
   * while pending at that step: of many people at once exactly one decides, the others get 409.
   * The kind's hook runs in this transaction: when it throws, nothing of the decision stays.
   */
  async function decide(tx: Db, actor: Actor, id: number, action: ApprovalAction, input: DecideInput): Promise<void> {
    const s = actor.schoolId;
    const comment = input.comment?.trim() || null;
    if ((action === 'reject' || action === 'return') && !comment) {
      throw new AppError('approvals.commentRequired', 400, { fields: [{ path: 'comment', code: 'approvals.commentRequired' }] });
    }
    const a = await loadForUpdate(tx, s, id);
    const steps = await stepsOf(tx, s, id);
    if (!canSee(actor, a, steps)) throw new AppError('notFound', 404);
    const step = input.stepId !== undefined ? steps.find((x) => x.id === input.stepId)
      : steps.find((x) => x.round === a.round && x.position === a.currentPosition);
    if (!step) {
      if (input.stepId !== undefined) throw new AppError('approvals.stepUnknown', 400, { fields: [{ path: 'stepId', code: 'approvals.stepUnknown' }] });
      throw new AppError('approvals.notPending', 409);
    }
    const roundSteps = steps.filter((x) => x.round === a.round);
    const refused = refusal(actor, a, step, roundSteps);
    if (refused) throw refused;
    const last = step.position === roundSteps.length - 1;
    if (action === 'approve' && last && a.collectiveRequired && !(await hasCollectiveDecision(tx, s, id, a.round))) {
      const { collectiveThresholdFen } = await getSettings(tx, s, approvalsSettings);
      throw new AppError('approvals.collectiveDecisionRequired', 409, { params: { threshold: yuan(collectiveThresholdFen) } });
    }

    const now = clock.now();
    const decision = DECISION_OF[action];
    const [decided] = await tx.update(approvalSteps).set({ decision, decidedBy: actor.userId, decidedAt: now, comment })
      .where(and(eq(approvalSteps.schoolId, s), eq(approvalSteps.id, step.id), sql`${approvalSteps.decision} IS NULL`)).returning({ id: approvalSteps.id });
    if (!decided) throw new AppError('approvals.alreadyDecided', 409);

    const next = action === 'approve' && !last ? roundSteps[step.position + 1] : null;
    const state: ApprovalState = next ? 'pending' : decision;
    const [moved] = await tx.update(approvals).set({
      state, currentPosition: next ? next.position : null, currentRole: next ? next.role : null,
      endedAt: next ? null : now, version: sql`${approvals.version} + 1`, updatedAt: now,
    }).where(and(eq(approvals.schoolId, s), eq(approvals.id, id), eq(approvals.state, 'pending'), eq(approvals.round, a.round), eq(approvals.currentPosition, step.position)))
      .returning({ id: approvals.id });
    if (!moved) throw new AppError('approvals.alreadyDecided', 409);

    await completeTasks(tx, s, ENTITY, id, TASK_KIND);
    await recordAudit(tx, actor, {
      entity: ENTITY, entityId: id, action,
      before: { state: 'pending', round: a.round, position: step.position, role: step.role },
      after: { state, round: a.round, position: next?.position ?? null, role: next?.role ?? null, decision, comment },
    });

    if (next) {
      await announceStep(tx, a, next.role, now, roundSteps.filter((x) => x.decidedBy !== null).map((x) => x.decidedBy!).concat(actor.userId ?? []));
      return;
    }
    const params = { title: a.title, comment: comment ?? '' };
    await notify(tx, { schoolId: s, userIds: [a.applicantId], kind: `approvals.notify.${state}`, params, link: a.link, entity: ENTITY, entityId: id });
    const def = kindOf(a.kind);
    const doc: ApprovalDocRef = { schoolId: s, approvalId: id, kind: a.kind, documentId: a.documentId, actor, comment };
    const hook = state === 'approved' ? def?.onApproved : state === 'rejected' ? def?.onRejected : def?.onReturned;
    if (hook) await hook(tx, doc);
  }

  /**
   * Records (or corrects, while the round is pending) the round's collective decision: the meeting
   * date, who attended, the resolution, the minutes. By the applicant or a school leader.
   */
  async function recordCollective(tx: Db, actor: Actor, id: number, input: CollectiveDecisionInput): Promise<void> {
    const s = actor.schoolId;
    const meetingDate = input.meetingDate.trim();
    const attendees = input.attendees.trim();
    const resolution = input.resolution.trim();
    const tz = await schoolTimezone(tx, s);
    const fields: { path: string; code: string }[] = [];
    if (!validDate(meetingDate) || meetingDate > localDate(clock.now(), tz)) fields.push({ path: 'meetingDate', code: 'approvals.meetingDate' });
    if (!attendees) fields.push({ path: 'attendees', code: 'approvals.attendeesRequired' });
    if (!resolution) fields.push({ path: 'resolution', code: 'approvals.resolutionRequired' });
    if (fields.length) throw new AppError('validation', 400, { fields });

    const a = await loadForUpdate(tx, s, id);
    const steps = await stepsOf(tx, s, id);
    if (!canSee(actor, a, steps)) throw new AppError('notFound', 404);
    if (a.applicantId !== actor.userId && !isLeader(actor.roles)) throw new AppError('approvals.notApplicantOrLeader', 403);
    if (a.state !== 'pending') throw new AppError('approvals.notPending', 409);
    if (!a.collectiveRequired) throw new AppError('approvals.collectiveNotRequired', 409);

    const now = clock.now();
    const [old] = await tx.select().from(approvalCollectiveDecisions)
      .where(and(eq(approvalCollectiveDecisions.schoolId, s), eq(approvalCollectiveDecisions.approvalId, id), eq(approvalCollectiveDecisions.round, a.round)));
    const values = { meetingDate, attendees, resolution, recordedBy: actor.userId!, recordedAt: now };
    let cdId: number;
    if (old) {
      if (input.version !== undefined && input.version !== old.version) throw new AppError('conflict', 409);
      const [row] = await tx.update(approvalCollectiveDecisions).set({ ...values, version: sql`${approvalCollectiveDecisions.version} + 1` })
        .where(and(eq(approvalCollectiveDecisions.schoolId, s), eq(approvalCollectiveDecisions.id, old.id), eq(approvalCollectiveDecisions.version, old.version)))
        .returning({ id: approvalCollectiveDecisions.id });
      if (!row) throw new AppError('conflict', 409);
      cdId = row.id;
    } else {
      const [row] = await tx.insert(approvalCollectiveDecisions).values({ schoolId: s, approvalId: id, round: a.round, ...values }).returning({ id: approvalCollectiveDecisions.id });
      cdId = row.id;
    }
    await attachFiles(tx, actor, { entity: COLLECTIVE_ENTITY, entityId: cdId }, input.fileIds ?? [], 'fileIds', { replace: true });
    await recordAudit(tx, actor, {
      entity: ENTITY, entityId: id, action: old ? 'collectiveDecision.update' : 'collectiveDecision',
      before: old ? { meetingDate: old.meetingDate, attendees: old.attendees, resolution: old.resolution } : null,
      after: { round: a.round, meetingDate, attendees, resolution, fileIds: input.fileIds ?? [] },
    });
    // The holders of the current step learn they can go on (when it is the one waiting for the decision).
    if (!old && a.currentRole) {
      const people = (await holdersOf(tx, s, a.currentRole)).filter((u) => u !== a.applicantId && u !== actor.userId);
      await notify(tx, { schoolId: s, userIds: people, kind: 'approvals.notify.collectiveRecorded', params: { title: a.title }, link: approvalLink(id), entity: ENTITY, entityId: id });
    }
  }

  return { decide, recordCollective, kindOf };
}

function validDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === d;
}

/* ───────────── Rules: the school's chains per kind ───────────── */

type RuleField = { path: string; code: string; params?: Record<string, string | number> };

/** Checks a kind's chains: at least one rule, one from 0, no amount twice, 1+ steps of school roles, no role twice in a rule. */
export function validateRules(rules: ChainRule[]): RuleField[] {
  const out: RuleField[] = [];
  if (!rules.length) return [{ path: 'rules', code: 'approvals.rulesEmpty' }];
  if (!rules.some((r) => r.minAmountFen === 0)) out.push({ path: 'rules', code: 'approvals.noZeroRule' });
  const amounts = new Set<number>();
  rules.forEach((r, i) => {
    if (amounts.has(r.minAmountFen)) out.push({ path: `rules.${i}.minAmountFen`, code: 'approvals.duplicateAmount', params: { amount: yuan(r.minAmountFen) } });
    amounts.add(r.minAmountFen);
    if (!r.steps.length) out.push({ path: `rules.${i}.steps`, code: 'approvals.stepsEmpty' });
    const seen = new Set<string>();
    r.steps.forEach((role, j) => {
      if (!(SCHOOL_ROLES as readonly string[]).includes(role)) out.push({ path: `rules.${i}.steps.${j}`, code: 'approvals.badRole', params: { role: role.slice(0, 40) } });
      else if (seen.has(role)) out.push({ path: `rules.${i}.steps.${j}`, code: 'approvals.duplicateRole' });
      seen.add(role);
    });
  });
  return out;
}

/**
 * Saves a kind's chains for the actor's school. `version` is what the editor saw (0 when the school
 * had none): 409 when someone saved in between. `rules: null` goes back to the kind's defaults.
 */
export async function saveRules(tx: Db, actor: Actor, def: ApprovalKindDef, rules: ChainRule[] | null, version: number, now: Date): Promise<void> {
  const s = actor.schoolId;
  if (rules) {
    const fields = validateRules(rules);
    if (fields.length) throw new AppError('validation', 400, { fields });
    rules = [...rules].sort((a, b) => a.minAmountFen - b.minAmountFen).map((r) => ({ minAmountFen: r.minAmountFen, steps: [...r.steps] }));
  }
  const old = await schoolRulesOf(tx, s, def.kind);
  if ((old?.version ?? 0) !== version) throw new AppError('conflict', 409);
  let rowId: number;
  if (old) {
    const [row] = await tx.update(approvalRules).set({ rules, version: sql`${approvalRules.version} + 1`, updatedBy: actor.userId, updatedAt: now })
      .where(and(eq(approvalRules.schoolId, s), eq(approvalRules.id, old.id), eq(approvalRules.version, version))).returning({ id: approvalRules.id });
    if (!row) throw new AppError('conflict', 409);
    rowId = row.id;
  } else {
    const [row] = await tx.insert(approvalRules).values({ schoolId: s, kind: def.kind, rules, updatedBy: actor.userId, createdAt: now, updatedAt: now })
      .onConflictDoNothing().returning({ id: approvalRules.id });
    if (!row) throw new AppError('conflict', 409);
    rowId = row.id;
  }
  await recordAudit(tx, actor, {
    entity: 'approval.rules', entityId: rowId, action: rules ? 'update' : 'reset',
    before: { kind: def.kind, rules: old?.rules ?? null }, after: { kind: def.kind, rules },
  });
}
