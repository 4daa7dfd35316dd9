// The inspection engine (检查与整改): checklist templates, inspections of a place against a template,
// findings that open rectifications (owner, deadline), closed only by someone else's verification.
// OWNER: inspections helper. The types and function names below are the fixed interface modules code against.
import { createHash } from 'node:crypto';
import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { rowsOf, pgArray, type Db } from './db';
import { recordAudit, canonical, type Actor } from './audit';
import { AppError } from './errors';
import { systemClock, type Clock } from './clock';
import { attachFiles, filesOf } from './files';
import { notify } from './notifications';
import { createTask, completeTasks } from './tasks';
import { addDays, localDate, startOfDay, zonedTime } from './schedules';
import { keyset } from './pagination';
import { checkPlace, placeLabel, placeSubtree, PLACE_PATH_SQL } from './inspections.places';
import {
  inspectionTemplates, inspectionTemplateItems, inspections, inspectionResults, rectifications, rectificationEvents,
} from './inspections.tables';
import type { Role } from '../../contracts/auth';
import type {
  RectAction, RectState, RectEventKind, Rectification, RectificationDetail, RectificationListQuery, RectEvent,
  AssignInput, RectifyInput, VerifyInput, RejectInput, CreateInspectionInput, PatchInspectionInput, SubmitInspectionInput,
  CreateTemplateInput, UpdateTemplateInput, TemplateItemInput,
} from '../../contracts/inspections';

export type Severity = 'low' | 'medium' | 'high' | 'critical';

/** A seed checklist a module ships (materialised per school, then editable by the school). */
export interface InspectionTemplateDef {
  /** Stable code, unique per school: 'safety.hazard_monthly', 'safety.fire_daily', 'canteen.daily' … */
  code: string;
  /** Which module's inspections these are: 'safety', 'canteen', 'dorm', 'campus' … */
  domain: string;
  name: { zh: string; en: string };
  /** How often it is expected (informational; modules schedule it with the schedules engine). */
  frequency: 'daily' | 'weekly' | 'monthly' | 'term' | 'adhoc';
  items: {
    /** Item group (e.g. 校舍, 用电, 消防 …). */
    section: { zh: string; en: string };
    text: { zh: string; en: string };
    guidance?: { zh: string; en: string };
    /** 'pass_fail' or 'score' (0..maxScore). */
    mode: 'pass_fail' | 'score';
    maxScore?: number;
    photoRequired?: boolean;
    /** A failure of a critical item is reported as critical (e.g. the canteen stops serving). */
    critical?: boolean;
    /** The domain's classification of a finding of this item (safety: building, electrical, fire …). */
    kind?: string;
  }[];
}

export interface RectificationInput {
  /** Module domain: 'safety' (hazards), 'canteen', 'dorm' … */
  domain: string;
  /** Where it came from: 'hazard' (reported directly), 'inspection' (a failed item), or a module's own word. */
  source: string;
  sourceId?: number | null;
  title: string;
  description?: string | null;
  locationId?: number | null;
  /** Domain's own classification (safety: building, electrical, fire, sports, canteen, dorm, surroundings, other). */
  kind?: string | null;
  severity: Severity;
  ownerId?: number | null;
  /** YYYY-MM-DD in the school's zone. */
  deadline?: string | null;
  /** 'before' photos (file ids from POST /api/v1/files). */
  photoIds?: string[];
  /** A named zone when there is no place (e.g. 校园周边). */
  zone?: string | null;
  /** For a finding: the template item that failed (its photos show as the 'before' photos). */
  sourceItemId?: number | null;
}

/* ───────────────────────── Domains ───────────────────────── */

/** What an inspected, failed item looks like to a domain's hooks. */
export interface FailedItem {
  itemId: number;
  section: string;
  text: string;
  critical: boolean;
  kind: string | null;
  severity: Severity;
  note: string | null;
  rectificationId: number;
}

/** A submitted inspection, as the domain's hook sees it (inside the submitting transaction). */
export interface SubmittedInspection {
  schoolId: number;
  inspectionId: number;
  templateId: number;
  templateCode: string;
  domain: string;
  locationId: number | null;
  zone: string | null;
  actor: Actor;
  passCount: number;
  failCount: number;
  failed: FailedItem[];
  /** Some failed item is critical (for the canteen: serving stops). */
  critical: boolean;
}

/**
 * How a module's domain uses the engine: who leads its rectifications, where they are shown, and a
 * hook on submitted inspections. Every field has a default, so a domain without hooks works too.
 */
export interface InspectionDomainHooks {
  domain: string;
  /** Who assigns, verifies and rejects (default principal, vice_principal, director). */
  managers?: readonly Role[];
  /** Role given the "assign an owner" task for a new rectification (default director). */
  assignerRole?: Role;
  /** Role given the "verify" task once rectified (default vice_principal). */
  verifierRole?: Role;
  /** Role a rectification past its deadline escalates to, once (default vice_principal). */
  escalationRole?: Role;
  /** Web path of a rectification of this domain (notifications, tasks). */
  link?: (rectificationId: number) => string;
  /** The finding's kind for a failed item (default: the item's own kind). */
  findingKind?: (item: { section: string; kind: string | null }) => string | null;
  /** Called inside the transaction that submitted an inspection of this domain. */
  onSubmitted?: (tx: Db, inspection: SubmittedInspection) => Promise<void>;
}

const domainHooks = new Map<string, InspectionDomainHooks>();

/**
 * Registers domains' hooks (a module part's `inspectionDomains`, or until module.ts carries that field, the
 * part itself when it is loaded). Registering a domain again replaces it (same hooks on every app build).
 */
export function registerInspectionDomains(list: readonly InspectionDomainHooks[]): void {
  for (const d of list) domainHooks.set(d.domain, d);
}

const DEFAULT_MANAGERS: readonly Role[] = ['principal', 'vice_principal', 'director'];
/** Who sees every rectification and inspection of the school; others see what they reported, own, or did. */
export const INSPECTION_LEADERS: readonly Role[] = ['admin', 'principal', 'vice_principal', 'director', 'inspector'];

export function domainOf(domain: string) {
  const h = domainHooks.get(domain);
  return {
    domain,
    managers: h?.managers ?? DEFAULT_MANAGERS,
    assignerRole: h?.assignerRole ?? ('director' as Role),
    verifierRole: h?.verifierRole ?? ('vice_principal' as Role),
    escalationRole: h?.escalationRole ?? ('vice_principal' as Role),
    link: h?.link ?? ((id: number) => `/inspections/rectifications/${id}`),
    findingKind: h?.findingKind ?? ((item: { kind: string | null }) => item.kind),
    onSubmitted: h?.onSubmitted,
  };
}

/** Domains the engine knows: those with hooks and those of the modules' seed templates. */
export function knownDomains(templates: readonly InspectionTemplateDef[]): string[] {
  return [...new Set([...domainHooks.keys(), ...templates.map((t) => t.domain)])].sort();
}

/* ───────────────────────── Shared helpers ───────────────────────── */

export const RECT_ENTITY = 'rectification';
export const INSPECTION_ENTITY = 'inspection';
/** The photo slot of one item of an inspection. */
export const itemSlot = (itemId: number) => `item-${itemId}`;

const hasAny = (roles: readonly string[] | undefined, wanted: readonly Role[]) => !!roles?.some((r) => wanted.includes(r as Role));
export const seesAll = (roles: readonly string[] | undefined) => hasAny(roles, INSPECTION_LEADERS);

export const SYSTEM_ACTOR = (schoolId: number): Actor => ({ schoolId, userId: null, name: 'system', ip: null });

export async function schoolZone(db: Db, schoolId: number): Promise<string> {
  const [r] = await rowsOf<{ timezone: string }>(db, sql`SELECT timezone FROM schools WHERE id = ${schoolId}`);
  return r?.timezone ?? 'Asia/Shanghai';
}

async function activeUser(tx: Db, schoolId: number, userId: number): Promise<{ id: number; name: string } | null> {
  const [r] = await rowsOf<{ id: number; name: string }>(tx, sql`SELECT id, name FROM users WHERE school_id = ${schoolId} AND id = ${userId} AND active`);
  return r ? { id: Number(r.id), name: r.name } : null;
}

async function holdersOf(tx: Db, schoolId: number, role: Role): Promise<number[]> {
  const rows = await rowsOf<{ id: number }>(tx, sql`SELECT u.id FROM user_roles r JOIN users u ON u.school_id = r.school_id AND u.id = r.user_id
    WHERE r.school_id = ${schoolId} AND r.role = ${role} AND u.active ORDER BY u.id`);
  return rows.map((r) => Number(r.id));
}

/** Who is reading: the schools they may read, themselves, their roles. */
export interface InspectionReader { schoolIds: number[]; userId: number; roles: readonly string[]; timezone?: string }

/* ───────────────────────── Rectifications ───────────────────────── */

export type RectRow = typeof rectifications.$inferSelect;
type Who = 'managers' | 'owner';

/** The state machine, in one table. Anything not listed is illegal (409, nothing changes). */
export const RECT_TRANSITIONS: Record<RectAction, { from: readonly RectState[]; to: RectState; who: Who }> = {
  assign: { from: ['open', 'assigned'], to: 'assigned', who: 'managers' },
  rectify: { from: ['assigned'], to: 'rectified', who: 'owner' },
  verify: { from: ['rectified'], to: 'closed', who: 'managers' },
  reject: { from: ['rectified'], to: 'assigned', who: 'managers' },
};

type Person = { userId: number | null; roles?: readonly string[] };

export function canSeeRect(p: Person, r: Pick<RectRow, 'reporterId' | 'ownerId' | 'rectifiedBy'>): boolean {
  return seesAll(p.roles) || (p.userId !== null && (r.reporterId === p.userId || r.ownerId === p.userId || r.rectifiedBy === p.userId));
}

function isWho(p: Person, r: Pick<RectRow, 'domain' | 'ownerId'>, who: Who): boolean {
  if (who === 'owner') return p.userId !== null && r.ownerId === p.userId;
  return hasAny(p.roles, domainOf(r.domain).managers);
}

/** The steps this person may take on this rectification now (the web shows exactly these buttons). */
export function rectActions(p: Person, r: Pick<RectRow, 'domain' | 'state' | 'ownerId' | 'rectifiedBy'>): RectAction[] {
  const out: RectAction[] = [];
  for (const [action, t] of Object.entries(RECT_TRANSITIONS) as [RectAction, (typeof RECT_TRANSITIONS)[RectAction]][]) {
    if (!t.from.includes(r.state as RectState) || !isWho(p, r, t.who)) continue;
    if ((action === 'verify' || action === 'reject') && r.rectifiedBy === p.userId) continue;
    out.push(action);
  }
  return out;
}

async function addRectEvent(tx: Db, schoolId: number, e: { id: number; kind: RectEventKind; at: Date; actor: Actor | null; from: RectState | null; to: RectState | null; note?: string | null; data?: Record<string, unknown> | null }) {
  await tx.insert(rectificationEvents).values({
    schoolId, rectificationId: e.id, kind: e.kind, at: e.at, actorId: e.actor?.userId ?? null, actorName: e.actor?.name ?? null,
    fromState: e.from, toState: e.to, note: e.note ?? null, data: e.data ?? null,
  });
}

async function rectParams(tx: Db, r: Pick<RectRow, 'schoolId' | 'title' | 'locationId' | 'zone' | 'deadline'>) {
  return { title: r.title, location: r.locationId ? await placeLabel(tx, r.schoolId, r.locationId) : r.zone ?? '', deadline: r.deadline ?? '' };
}

/** The end of a deadline day in the school's zone (when the owner's task falls due). */
const endOfDay = (day: string, tz: string) => startOfDay(addDays(day, 1), tz);

function checkDeadline(deadline: string, today: string) {
  if (deadline < today) throw new AppError('inspections.deadlinePast', 400, { fields: [{ path: 'deadline', code: 'inspections.deadlinePast' }] });
}

/** After an assignment: the owner is told and gets a task due at the end of the deadline day. */
async function afterAssign(tx: Db, r: RectRow, tz: string) {
  const d = domainOf(r.domain);
  const params = await rectParams(tx, r);
  await completeTasks(tx, r.schoolId, RECT_ENTITY, r.id);
  await notify(tx, { schoolId: r.schoolId, userIds: [r.ownerId!], kind: 'inspections.notify.assigned', params, link: d.link(r.id), entity: RECT_ENTITY, entityId: r.id });
  await createTask(tx, {
    schoolId: r.schoolId, module: r.domain, kind: 'inspections.task.rectify', params, entity: RECT_ENTITY, entityId: r.id,
    assigneeId: r.ownerId, dueAt: endOfDay(r.deadline!, tz), link: d.link(r.id), escalate: false,
  });
}

/**
 * Opens a rectification (a reported problem, or a failed item of an inspection), in the caller's
 * transaction. With an owner and a deadline it starts assigned; otherwise the domain's assigner is
 * told and tasked to give it an owner.
 */
export async function createRectification(tx: Db, actor: Actor, input: RectificationInput, clock: Clock = systemClock): Promise<{ id: number }> {
  const s = actor.schoolId;
  const d = domainOf(input.domain);
  const now = clock.now();
  const tz = await schoolZone(tx, s);
  if (input.locationId) await checkPlace(tx, s, input.locationId, 'locationId');
  const assigned = !!(input.ownerId && input.deadline);
  if (input.ownerId && !await activeUser(tx, s, input.ownerId)) throw new AppError('inspections.ownerUnknown', 400, { fields: [{ path: 'ownerId', code: 'inspections.ownerUnknown' }] });
  if (input.deadline) checkDeadline(input.deadline, localDate(now, tz));
  const [r] = await tx.insert(rectifications).values({
    schoolId: s, domain: input.domain, source: input.source, sourceId: input.sourceId ?? null, sourceItemId: input.sourceItemId ?? null,
    title: input.title.slice(0, 200), description: input.description ?? null, locationId: input.locationId ?? null, zone: input.zone ?? null,
    kind: input.kind ?? null, severity: input.severity, state: assigned ? 'assigned' : 'open', reporterId: actor.userId, reportedAt: now,
    ownerId: assigned ? input.ownerId! : null, deadline: assigned ? input.deadline! : null, assignedAt: assigned ? now : null,
    assignedBy: assigned ? actor.userId : null, createdAt: now, updatedAt: now,
  }).returning();
  await addRectEvent(tx, s, { id: r.id, kind: input.source === 'inspection' ? 'found' : 'reported', at: now, actor, from: null, to: r.state as RectState, note: input.description ?? null, data: { severity: r.severity, kind: r.kind } });
  if (input.photoIds?.length) await attachFiles(tx, actor, { entity: RECT_ENTITY, entityId: r.id, slot: 'before' }, input.photoIds, 'photoIds');
  await recordAudit(tx, actor, {
    entity: RECT_ENTITY, entityId: r.id, action: 'create',
    after: { domain: r.domain, source: r.source, sourceId: r.sourceId, title: r.title, kind: r.kind, severity: r.severity, state: r.state, locationId: r.locationId, zone: r.zone, ownerId: r.ownerId, deadline: r.deadline },
  });
  if (assigned) {
    await afterAssign(tx, r, tz);
  } else {
    const params = await rectParams(tx, r);
    await notify(tx, { schoolId: s, userIds: await holdersOf(tx, s, d.assignerRole), kind: 'inspections.notify.reported', params: { ...params, severityKey: `inspections.severity.${r.severity}` }, link: d.link(r.id), entity: RECT_ENTITY, entityId: r.id });
    await createTask(tx, {
      schoolId: s, module: r.domain, kind: 'inspections.task.assign', params, entity: RECT_ENTITY, entityId: r.id,
      assigneeId: null, role: d.assignerRole, dueAt: new Date(now.getTime() + 86_400_000), link: d.link(r.id), escalate: false,
    });
  }
  return { id: r.id };
}

async function loadRect(tx: Db, schoolId: number, id: number): Promise<RectRow> {
  const [r] = await tx.select().from(rectifications).where(and(eq(rectifications.schoolId, schoolId), eq(rectifications.id, id))).limit(1);
  if (!r) throw new AppError('notFound', 404);
  return r;
}

type RectInputs = { assign: AssignInput; rectify: RectifyInput; verify: VerifyInput; reject: RejectInput };

/**
 * One step of the state machine: read, check the step against the table and the person, then a
 * conditional UPDATE on (school, id, state, version) — a second click or a second person acting at
 * the same moment matches no row and gets 409 with nothing changed.
 */
async function actOn<A extends RectAction>(tx: Db, actor: Actor, id: number, action: A, input: RectInputs[A], clock: Clock): Promise<RectRow> {
  const s = actor.schoolId;
  const r = await loadRect(tx, s, id);
  if (!canSeeRect(actor, r)) throw new AppError('notFound', 404);
  const t = RECT_TRANSITIONS[action];
  if (!t.from.includes(r.state as RectState)) throw new AppError('inspections.illegalTransition', 409, { params: { state: r.state, action } });
  if (!isWho(actor, r, t.who)) throw new AppError(t.who === 'owner' ? 'inspections.notOwner' : 'inspections.notManager', 403);
  if ((action === 'verify' || action === 'reject') && r.rectifiedBy === actor.userId) throw new AppError('inspections.sameVerifier', 403);
  if (input?.version !== undefined && input.version !== r.version) throw new AppError('inspections.stale', 409);

  const d = domainOf(r.domain);
  const now = clock.now();
  const tz = await schoolZone(tx, s);
  const set: Partial<typeof rectifications.$inferInsert> = {};
  let note: string | null = null;
  let data: Record<string, unknown> | null = null;
  switch (action) {
    case 'assign': {
      const a = input as AssignInput;
      const owner = await activeUser(tx, s, a.ownerId);
      if (!owner) throw new AppError('inspections.ownerUnknown', 400, { fields: [{ path: 'ownerId', code: 'inspections.ownerUnknown' }] });
      checkDeadline(a.deadline, localDate(now, tz));
      Object.assign(set, { ownerId: a.ownerId, deadline: a.deadline, plan: a.plan ?? null, assignedAt: now, assignedBy: actor.userId });
      note = a.plan ?? null;
      data = { ownerId: a.ownerId, ownerName: owner.name, deadline: a.deadline };
      break;
    }
    case 'rectify': {
      const x = input as RectifyInput;
      Object.assign(set, { rectifiedAt: now, rectifiedBy: actor.userId, rectifyNote: x.note });
      note = x.note;
      break;
    }
    case 'verify': {
      const x = input as VerifyInput;
      Object.assign(set, { verifiedAt: now, verifiedBy: actor.userId, verifyNote: x?.note ?? null });
      note = x?.note ?? null;
      break;
    }
    case 'reject': {
      const x = input as RejectInput;
      // Back to the owner: the rectification no longer stands (the timeline keeps it).
      Object.assign(set, { rectifiedAt: null, rectifiedBy: null, rectifyNote: null, rejectCount: r.rejectCount + 1 });
      note = x.note;
      break;
    }
  }
  const [u] = await tx.update(rectifications).set({ ...set, state: t.to, version: sql`${rectifications.version} + 1`, updatedAt: now })
    .where(and(eq(rectifications.schoolId, s), eq(rectifications.id, id), eq(rectifications.state, r.state), eq(rectifications.version, r.version)))
    .returning();
  if (!u) throw new AppError('inspections.stale', 409);
  if (action === 'rectify') {
    const x = input as RectifyInput;
    await attachFiles(tx, actor, { entity: RECT_ENTITY, entityId: id, slot: 'after' }, x.photoIds, 'photoIds', { replace: true });
  }
  await addRectEvent(tx, s, { id, kind: action, at: now, actor, from: r.state as RectState, to: t.to, note, data });
  const watched = ['ownerId', 'deadline', 'plan', 'rectifyNote', 'verifyNote', 'rectifiedBy', 'verifiedBy', 'rejectCount'] as const;
  await recordAudit(tx, actor, {
    entity: RECT_ENTITY, entityId: id, action,
    before: { state: r.state, ...Object.fromEntries(watched.filter((k) => k in set).map((k) => [k, r[k]])) },
    after: { state: t.to, ...Object.fromEntries(watched.filter((k) => k in set).map((k) => [k, u[k]])) },
  });

  const params = { ...await rectParams(tx, u), note: note ?? '' };
  const link = d.link(id);
  const tell = (userIds: (number | null)[], kind: string) => notify(tx, { schoolId: s, userIds: userIds.filter((x): x is number => x !== null && x !== actor.userId), kind, params, link, entity: RECT_ENTITY, entityId: id });
  switch (action) {
    case 'assign':
      await afterAssign(tx, u, tz);
      break;
    case 'rectify':
      await completeTasks(tx, s, RECT_ENTITY, id);
      await tell([u.reporterId, u.assignedBy, ...await holdersOf(tx, s, d.verifierRole)], 'inspections.notify.rectified');
      await createTask(tx, {
        schoolId: s, module: u.domain, kind: 'inspections.task.verify', params, entity: RECT_ENTITY, entityId: id,
        assigneeId: null, role: d.verifierRole, dueAt: new Date(now.getTime() + 2 * 86_400_000), link, escalate: false,
      });
      break;
    case 'verify':
      await completeTasks(tx, s, RECT_ENTITY, id);
      await tell([u.reporterId, u.ownerId], 'inspections.notify.closed');
      break;
    case 'reject':
      await completeTasks(tx, s, RECT_ENTITY, id);
      await tell([u.ownerId], 'inspections.notify.rejected');
      await createTask(tx, {
        schoolId: s, module: u.domain, kind: 'inspections.task.rectify', params, entity: RECT_ENTITY, entityId: id,
        assigneeId: u.ownerId, dueAt: u.deadline && u.deadline >= localDate(now, tz) ? endOfDay(u.deadline, tz) : new Date(now.getTime() + 86_400_000), link, escalate: false,
      });
      break;
  }
  return u;
}

/** Gives the rectification an owner, a deadline and a plan (again, to change them while it is being worked on). */
export const assignRectification = (tx: Db, actor: Actor, id: number, input: AssignInput, clock: Clock = systemClock) => actOn(tx, actor, id, 'assign', input, clock);
/** The owner reports it rectified, with 'after' photos. */
export const rectifyRectification = (tx: Db, actor: Actor, id: number, input: RectifyInput, clock: Clock = systemClock) => actOn(tx, actor, id, 'rectify', input, clock);
/** Closes it (销号): a manager other than the one who rectified it. */
export const verifyRectification = (tx: Db, actor: Actor, id: number, input: VerifyInput, clock: Clock = systemClock) => actOn(tx, actor, id, 'verify', input, clock);
/** Refuses the rectification: back to the owner with a note. */
export const rejectRectification = (tx: Db, actor: Actor, id: number, input: RejectInput, clock: Clock = systemClock) => actOn(tx, actor, id, 'reject', input, clock);

export const actOnRectification = actOn;

/**
 * The overdue sweep (a job): rectifications still waiting for their owner after their deadline day
 * (in the school's zone) escalate once — the domain's escalation role is told and gets a task, the
 * owner is reminded, the timeline says so. A conditional update on `escalated_at IS NULL` makes it
 * once, even with several processes sweeping.
 */
export async function sweepOverdueRectifications(db: Db, clock: Clock, opts: { schoolId?: number; batch?: number } = {}): Promise<number> {
  const now = clock.now();
  const nowIso = now.toISOString();
  const school = opts.schoolId !== undefined ? sql`AND r.school_id = ${opts.schoolId}` : sql``;
  const due = sql`r.escalated_at IS NULL AND r.state IN ('open','assigned') AND r.deadline IS NOT NULL
    AND r.deadline < (${nowIso}::timestamptz AT TIME ZONE s.timezone)::date ${school}`;
  let total = 0;
  const batch = opts.batch ?? 1;
  for (;;) {
    // One look for the whole list (a plain read: on PGlite a transaction, even one that changes
    // nothing, empties the read cache), then short transactions of `batch` escalations each.
    const found = await rowsOf<{ school_id: number; id: number }>(db, sql`SELECT r.school_id, r.id FROM rectifications r JOIN schools s ON s.id = r.school_id
      WHERE ${due} ORDER BY r.deadline, r.id LIMIT 500`);
    for (let i = 0; i < found.length; i += batch) {
      const part = found.slice(i, i + batch);
      total += await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        // Marked once: the condition is checked again under the row lock (another server may have marked it meanwhile).
        const rows = await rowsOf<{ school_id: number; id: number }>(tx, sql`
          UPDATE rectifications r SET escalated_at = ${nowIso}
          FROM schools s, unnest(${pgArray(part.map((x) => Number(x.school_id)))}::int[], ${pgArray(part.map((x) => Number(x.id)))}::int[]) k(school_id, id)
          WHERE s.id = r.school_id AND r.school_id = k.school_id AND r.id = k.id AND ${due}
          RETURNING r.school_id, r.id`);
        for (const row of rows) {
          const r = await loadRect(tx, Number(row.school_id), Number(row.id));
          const d = domainOf(r.domain);
          const params = await rectParams(tx, r);
          const sys = SYSTEM_ACTOR(r.schoolId);
          await addRectEvent(tx, r.schoolId, { id: r.id, kind: 'escalated', at: now, actor: null, from: r.state as RectState, to: r.state as RectState, data: { role: d.escalationRole, deadline: r.deadline } });
          await recordAudit(tx, sys, { entity: RECT_ENTITY, entityId: r.id, action: 'escalate', before: { escalatedAt: null }, after: { escalatedAt: nowIso, role: d.escalationRole } });
          await notify(tx, { schoolId: r.schoolId, userIds: await holdersOf(tx, r.schoolId, d.escalationRole), kind: 'inspections.notify.escalated', params, link: d.link(r.id), entity: RECT_ENTITY, entityId: r.id });
          if (r.ownerId) await notify(tx, { schoolId: r.schoolId, userIds: [r.ownerId], kind: 'inspections.notify.overdue', params, link: d.link(r.id), entity: RECT_ENTITY, entityId: r.id });
          await createTask(tx, {
            schoolId: r.schoolId, module: r.domain, kind: 'inspections.task.overdue', params, entity: RECT_ENTITY, entityId: r.id,
            assigneeId: null, role: d.escalationRole, dueAt: new Date(now.getTime() + 86_400_000), link: d.link(r.id), escalate: false,
          });
        }
        return rows.length;
      });
      // PGlite runs one transaction at a time on the server's thread: short ones, and as a job
      // (platform/db.ts inBackground) each waits for a turn of the event loop, so the requests that
      // came meanwhile (a guard's scan) go first.
    }
    if (found.length < 500) return total;
  }
}

/* ── Reading rectifications ── */

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const num = (v: unknown) => (v == null ? null : Number(v));
const dateOf = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
const dayOf = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

function rectOf(r: Raw): RectRow {
  return {
    schoolId: Number(r.school_id), id: Number(r.id), domain: String(r.domain), source: String(r.source), sourceId: num(r.source_id),
    sourceItemId: num(r.source_item_id), title: String(r.title), description: (r.description as string | null) ?? null,
    locationId: num(r.location_id), zone: (r.zone as string | null) ?? null, kind: (r.kind as string | null) ?? null,
    severity: String(r.severity), state: String(r.state), reporterId: num(r.reporter_id), reportedAt: dateOf(r.reported_at)!,
    ownerId: num(r.owner_id), deadline: dayOf(r.deadline), plan: (r.plan as string | null) ?? null, assignedAt: dateOf(r.assigned_at),
    assignedBy: num(r.assigned_by), rectifiedAt: dateOf(r.rectified_at), rectifiedBy: num(r.rectified_by), rectifyNote: (r.rectify_note as string | null) ?? null,
    verifiedAt: dateOf(r.verified_at), verifiedBy: num(r.verified_by), verifyNote: (r.verify_note as string | null) ?? null,
    rejectCount: Number(r.reject_count ?? 0), escalatedAt: dateOf(r.escalated_at), version: Number(r.version),
    createdAt: dateOf(r.created_at)!, updatedAt: dateOf(r.updated_at)!,
  };
}

/** Rectifications with their names, in one statement: the filtered, ordered, limited rows first, then the joins. */
function rectPageSql(where: SQL, orderBy: SQL, limit: number): SQL {
  return sql`SELECT r.*, r.deadline::text AS deadline, rep.name AS reporter_name, own.name AS owner_name, rb.name AS rectified_by_name, vb.name AS verified_by_name,
      l.name AS location_name, ${PLACE_PATH_SQL('l')} AS location_path, sc.timezone AS tz
    FROM (SELECT * FROM rectifications WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) r
    JOIN schools sc ON sc.id = r.school_id
    LEFT JOIN users rep ON rep.school_id = r.school_id AND rep.id = r.reporter_id
    LEFT JOIN users own ON own.school_id = r.school_id AND own.id = r.owner_id
    LEFT JOIN users rb ON rb.school_id = r.school_id AND rb.id = r.rectified_by
    LEFT JOIN users vb ON vb.school_id = r.school_id AND vb.id = r.verified_by
    LEFT JOIN locations l ON l.school_id = r.school_id AND l.id = r.location_id`;
}

/** Photos of a page of rectifications: their own ('before', 'after'), and for findings the failed item's photos. */
async function hydrateRects(db: Db, rows: Raw[], reader: InspectionReader, now: Date): Promise<Rectification[]> {
  if (!rows.length) return [];
  const schoolIds = [...new Set(rows.map((r) => Number(r.school_id)))];
  const own = new Map<string, (import('../../contracts/files').FileRef & { slot: string | null })[]>();
  const itemPhotos = new Map<string, (import('../../contracts/files').FileRef & { slot: string | null })[]>();
  for (const s of schoolIds) {
    const mine = rows.filter((r) => Number(r.school_id) === s);
    for (const [id, files] of await filesOf(db, s, RECT_ENTITY, mine.map((r) => Number(r.id)))) own.set(`${s}:${id}`, files);
    const inspectionIds = mine.filter((r) => r.source === 'inspection' && r.source_id != null).map((r) => Number(r.source_id));
    if (inspectionIds.length) for (const [id, files] of await filesOf(db, s, INSPECTION_ENTITY, inspectionIds)) itemPhotos.set(`${s}:${id}`, files);
  }
  const strip = (f: import('../../contracts/files').FileRef & { slot: string | null }) => ({ id: f.id, name: f.name, mime: f.mime, size: f.size, url: f.url, thumbnailUrl: f.thumbnailUrl });
  return rows.map((raw) => {
    const r = rectOf(raw);
    const files = own.get(`${r.schoolId}:${r.id}`) ?? [];
    const fromItem = r.source === 'inspection' && r.sourceId !== null && r.sourceItemId !== null
      ? (itemPhotos.get(`${r.schoolId}:${r.sourceId}`) ?? []).filter((f) => f.slot === itemSlot(r.sourceItemId!)) : [];
    const today = localDate(now, String(raw.tz ?? 'Asia/Shanghai'));
    return {
      id: r.id, schoolId: r.schoolId, domain: r.domain, source: r.source, sourceId: r.sourceId, title: r.title, description: r.description,
      locationId: r.locationId, locationName: (raw.location_name as string | null) ?? null, locationPath: (raw.location_path as string | null) ?? null,
      zone: r.zone, kind: r.kind, severity: r.severity as Severity, state: r.state as RectState,
      overdue: (r.state === 'open' || r.state === 'assigned') && r.deadline !== null && r.deadline < today,
      escalated: r.escalatedAt !== null,
      reporterId: r.reporterId, reporterName: (raw.reporter_name as string | null) ?? null, reportedAt: iso(r.reportedAt)!,
      ownerId: r.ownerId, ownerName: (raw.owner_name as string | null) ?? null, deadline: r.deadline, plan: r.plan, assignedAt: iso(r.assignedAt),
      rectifiedAt: iso(r.rectifiedAt), rectifiedById: r.rectifiedBy, rectifiedByName: (raw.rectified_by_name as string | null) ?? null, rectifyNote: r.rectifyNote,
      verifiedAt: iso(r.verifiedAt), verifiedByName: (raw.verified_by_name as string | null) ?? null, verifyNote: r.verifyNote,
      rejectCount: r.rejectCount,
      photos: { before: [...fromItem, ...files.filter((f) => f.slot === 'before')].map(strip), after: files.filter((f) => f.slot === 'after').map(strip) },
      actions: reader.schoolIds.includes(r.schoolId) && !reader.roles.includes('inspector') ? rectActions(reader, r) : [],
      version: r.version, updatedAt: iso(r.updatedAt)!,
    };
  });
}

const R = rectifications;

/** "Today" in the reader's zone, for the overdue condition. */
async function readerToday(db: Db, reader: InspectionReader, now: Date): Promise<string> {
  return localDate(now, reader.timezone ?? await schoolZone(db, reader.schoolIds[0]));
}

/** The filters of the board, as conditions on rectifications (each backed by an index starting (school_id, <filter>)). */
export async function rectConditions(db: Db, reader: InspectionReader, q: Partial<RectificationListQuery>, now: Date): Promise<SQL> {
  const conds: (SQL | undefined)[] = [inArray(R.schoolId, reader.schoolIds)];
  if (!seesAll(reader.roles)) conds.push(or(eq(R.reporterId, reader.userId), eq(R.ownerId, reader.userId), eq(R.rectifiedBy, reader.userId)));
  if (q.domain) conds.push(eq(R.domain, q.domain));
  if (q.mine === 'reported') conds.push(eq(R.reporterId, reader.userId));
  if (q.mine === 'owned') conds.push(eq(R.ownerId, reader.userId));
  const today = await readerToday(db, reader, now);
  const overdue = sql`(${R.state} IN ('open','assigned') AND ${R.deadline} < ${today})`;
  if (q.tab === 'overdue') conds.push(overdue);
  else if (q.tab) conds.push(eq(R.state, q.tab));
  if (q.state?.length) conds.push(q.state.length === 1 ? eq(R.state, q.state[0]) : inArray(R.state, q.state));
  if (q.overdue !== undefined) conds.push(q.overdue ? overdue : sql`NOT ${overdue}`);
  if (q.ownerId) conds.push(eq(R.ownerId, q.ownerId));
  if (q.reporterId) conds.push(eq(R.reporterId, q.reporterId));
  if (q.severity) conds.push(eq(R.severity, q.severity));
  if (q.kind) conds.push(eq(R.kind, q.kind));
  if (q.source) conds.push(eq(R.source, q.source));
  if (q.locationId) conds.push(await placeSubtree(db, reader.schoolIds, q.locationId, sql`${R.locationId}`));
  if (q.from || q.to) {
    const tz = reader.timezone ?? await schoolZone(db, reader.schoolIds[0]);
    if (q.from) conds.push(sql`${R.reportedAt} >= ${zonedTime(q.from, '00:00', tz).toISOString()}`);
    if (q.to) conds.push(sql`${R.reportedAt} < ${startOfDay(addDays(q.to, 1), tz).toISOString()}`);
  }
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(or(sql`${R.title} ILIKE ${like}`, sql`${R.description} ILIKE ${like}`));
  }
  return and(...conds)!;
}

/** A page of rectifications (keyset on reported_at, id; newest first unless `sort=reportedAt`). */
export async function listRectifications(db: Db, reader: InspectionReader, q: RectificationListQuery, now: Date = systemClock.now()): Promise<{ items: Rectification[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-reportedAt', sorts: { reportedAt: R.reportedAt }, id: R.id, cursor: q.cursor });
  const where = and(await rectConditions(db, reader, q, now), ks.where)!;
  const dir = sql.raw(q.sort === 'reportedAt' ? 'ASC' : 'DESC');
  const rows = await rowsOf<Raw>(db, sql`${rectPageSql(where, sql.join(ks.orderBy, sql`, `), q.limit)} ORDER BY r.reported_at ${dir}, r.id ${dir}`);
  const items = await hydrateRects(db, rows, reader, now);
  return { items, nextCursor: ks.next(items.map((x) => ({ id: x.id, reportedAt: x.reportedAt })), q.limit) };
}

/** One rectification with its timeline; one the reader may not see (or of another domain, when asked) is "not found". */
export async function getRectification(db: Db, reader: InspectionReader, id: number, now: Date = systemClock.now(), opts: { domain?: string } = {}): Promise<RectificationDetail> {
  const rows = await rowsOf<Raw>(db, rectPageSql(and(inArray(R.schoolId, reader.schoolIds), eq(R.id, id), opts.domain ? eq(R.domain, opts.domain) : undefined)!, sql`${R.id}`, 1));
  if (!rows.length || !canSeeRect(reader, rectOf(rows[0]))) throw new AppError('notFound', 404);
  const [item] = await hydrateRects(db, rows, reader, now);
  const events = await db.select().from(rectificationEvents)
    .where(and(eq(rectificationEvents.schoolId, item.schoolId), eq(rectificationEvents.rectificationId, id))).orderBy(rectificationEvents.id);
  let inspection: RectificationDetail['inspection'] = null;
  if (item.source === 'inspection' && item.sourceId !== null) {
    const [i] = await rowsOf<{ id: number; name_zh: string; name_en: string | null; day: string | Date }>(db, sql`SELECT i.id, t.name_zh, t.name_en, i.day::text AS day FROM inspections i
      JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id WHERE i.school_id = ${item.schoolId} AND i.id = ${item.sourceId}`);
    if (i) inspection = { id: Number(i.id), templateName: { zh: i.name_zh, en: i.name_en }, day: dayOf(i.day)! };
  }
  return {
    ...item, inspection,
    events: events.map((e): RectEvent => ({
      id: e.id, kind: e.kind, at: e.at.toISOString(), actorId: e.actorId, actorName: e.actorName,
      fromState: e.fromState as RectState | null, toState: e.toState as RectState | null, note: e.note, data: (e.data as Record<string, unknown> | null) ?? null,
    })),
  };
}

/** People a rectification may be given to: the school's active staff (with their roles), by name. */
export async function listAssignees(db: Db, schoolId: number, q?: string): Promise<{ id: number; name: string; username: string; roles: string[] }[]> {
  const like = q ? `%${q.replace(/[\\%_]/g, (m) => '\\' + m)}%` : null;
  const rows = await rowsOf<{ id: number; name: string; username: string; roles: string[] | string | null }>(db, sql`
    SELECT u.id, u.name, u.username, array_remove(array_agg(r.role ORDER BY r.role), NULL) AS roles
    FROM users u LEFT JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id
    WHERE u.school_id = ${schoolId} AND u.active ${like ? sql`AND (u.name ILIKE ${like} OR u.username ILIKE ${like})` : sql``}
    GROUP BY u.id, u.name, u.username ORDER BY u.name, u.id LIMIT 200`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, username: r.username, roles: Array.isArray(r.roles) ? r.roles : String(r.roles ?? '').replace(/[{}]/g, '').split(',').filter(Boolean) }));
}

/* ───────────────────────── Templates ───────────────────────── */

type ItemRow = typeof inspectionTemplateItems.$inferInsert;

function itemRowsOf(schoolId: number, templateId: number, revision: number, items: (InspectionTemplateDef['items'][number] | TemplateItemInput)[]): ItemRow[] {
  return items.map((it, i) => ({
    schoolId, templateId, revision, position: i,
    sectionZh: it.section.zh, sectionEn: it.section.en ?? null, textZh: it.text.zh, textEn: it.text.en ?? null,
    guidanceZh: it.guidance?.zh || null, guidanceEn: it.guidance?.en || null, mode: it.mode ?? 'pass_fail',
    maxScore: it.mode === 'score' ? it.maxScore ?? null : null, photoRequired: !!it.photoRequired, critical: !!it.critical, kind: it.kind ?? null,
  }));
}

/** A seed definition's fingerprint: a changed seed (a later release) is noticed by every school. */
export const seedHashOf = (def: InspectionTemplateDef) => createHash('sha256').update(canonical(def)).digest('hex').slice(0, 24);

/**
 * Materialises the modules' seed templates in every school (or one): missing ones are created, and
 * a seed changed by a later release becomes the next revision of a school's template the school has
 * not edited (an edited one is the school's own and stays). Idempotent and safe with several
 * processes (insert … on conflict, conditional revision bump); run by the demo, by a job (platform/jobs.ts) at start
 * and every minute (one read when nothing is missing), and before a school's first inspection or template write.
 */
export async function ensureSchoolTemplates(db: Db, defs: readonly InspectionTemplateDef[], opts: { schoolId?: number } = {}): Promise<number> {
  if (!defs.length) return 0;
  const byCode = new Map(defs.map((d) => [d.code, { def: d, hash: seedHashOf(d) }]));
  const codes = [...byCode.keys()];
  const codeList = sql.join(codes.map((c) => sql`${c}`), sql`, `);
  // A plain look first: which (school, code) pairs are missing or stale.
  const work = await rowsOf<{ school_id: number; code: string; id: number | null; seed_hash: string | null; customized: boolean | null; revision: number | null }>(db, sql`
    SELECT s.id AS school_id, c.code, t.id, t.seed_hash, t.customized, t.revision
    FROM schools s CROSS JOIN unnest(ARRAY[${codeList}]::text[]) AS c(code)
    LEFT JOIN inspection_templates t ON t.school_id = s.id AND t.code = c.code
    WHERE s.kind = 'school' ${opts.schoolId !== undefined ? sql`AND s.id = ${opts.schoolId}` : sql``}
      AND (t.id IS NULL OR (NOT t.customized AND t.seed_hash IS DISTINCT FROM CASE c.code ${sql.join(codes.map((c) => sql`WHEN ${c} THEN ${byCode.get(c)!.hash}`), sql` `)} END))`);
  if (!work.length) return 0;
  let changed = 0;
  const bySchool = new Map<number, typeof work>();
  for (const w of work) bySchool.set(Number(w.school_id), [...(bySchool.get(Number(w.school_id)) ?? []), w]);
  for (const [schoolId, list] of bySchool) {
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      for (const w of list) {
        const { def, hash } = byCode.get(w.code)!;
        if (w.id === null) {
          const [t] = await tx.insert(inspectionTemplates).values({
            schoolId, code: def.code, domain: def.domain, nameZh: def.name.zh, nameEn: def.name.en, frequency: def.frequency, revision: 1, seedHash: hash,
          }).onConflictDoNothing().returning({ id: inspectionTemplates.id });
          if (!t) continue;
          await tx.insert(inspectionTemplateItems).values(itemRowsOf(schoolId, t.id, 1, def.items));
          await recordAudit(tx, SYSTEM_ACTOR(schoolId), { entity: 'inspectionTemplate', entityId: t.id, action: 'seed', after: { code: def.code, revision: 1, items: def.items.length } });
        } else {
          const next = Number(w.revision) + 1;
          const [t] = await tx.update(inspectionTemplates).set({ nameZh: def.name.zh, nameEn: def.name.en, frequency: def.frequency, revision: next, seedHash: hash, version: sql`${inspectionTemplates.version} + 1`, updatedAt: new Date() })
            .where(and(eq(inspectionTemplates.schoolId, schoolId), eq(inspectionTemplates.id, w.id), eq(inspectionTemplates.revision, Number(w.revision)), eq(inspectionTemplates.customized, false)))
            .returning({ id: inspectionTemplates.id });
          if (!t) continue;
          await tx.insert(inspectionTemplateItems).values(itemRowsOf(schoolId, t.id, next, def.items));
          await recordAudit(tx, SYSTEM_ACTOR(schoolId), { entity: 'inspectionTemplate', entityId: t.id, action: 'seed', after: { code: def.code, revision: next, items: def.items.length } });
        }
        changed++;
      }
    });
  }
  return changed;
}

/** A school's own checklist (leaders). Its code is 'custom.<n>'. */
export async function createTemplate(tx: Db, actor: Actor, input: CreateTemplateInput, domains: readonly string[]): Promise<number> {
  const s = actor.schoolId;
  if (!domains.includes(input.domain)) throw new AppError('inspections.domainUnknown', 400, { params: { value: input.domain }, fields: [{ path: 'domain', code: 'inspections.domainUnknown', params: { value: input.domain } }] });
  const [{ n }] = await rowsOf<{ n: number }>(tx, sql`SELECT count(*)::int + 1 AS n FROM inspection_templates WHERE school_id = ${s} AND code LIKE 'custom.%'`);
  let code = `custom.${n}`;
  for (let i = Number(n); ; i++) {
    code = `custom.${i}`;
    const [taken] = await rowsOf(tx, sql`SELECT 1 FROM inspection_templates WHERE school_id = ${s} AND code = ${code}`);
    if (!taken) break;
  }
  const [t] = await tx.insert(inspectionTemplates).values({
    schoolId: s, code, domain: input.domain, nameZh: input.name.zh, nameEn: input.name.en ?? null, frequency: input.frequency, revision: 1, customized: true,
  }).returning();
  await tx.insert(inspectionTemplateItems).values(itemRowsOf(s, t.id, 1, input.items));
  await recordAudit(tx, actor, { entity: 'inspectionTemplate', entityId: t.id, action: 'create', after: { code, domain: t.domain, name: t.nameZh, frequency: t.frequency, items: input.items.length } });
  return t.id;
}

/** Edits a template; new items become the next revision (inspections keep the revision they were done against). */
export async function updateTemplate(tx: Db, actor: Actor, id: number, input: UpdateTemplateInput): Promise<void> {
  const s = actor.schoolId;
  const [t] = await tx.select().from(inspectionTemplates).where(and(eq(inspectionTemplates.schoolId, s), eq(inspectionTemplates.id, id)));
  if (!t) throw new AppError('notFound', 404);
  if (t.version !== input.version) throw new AppError('inspections.stale', 409);
  const revision = input.items ? t.revision + 1 : t.revision;
  const [u] = await tx.update(inspectionTemplates).set({
    nameZh: input.name?.zh ?? t.nameZh, nameEn: input.name ? input.name.en ?? null : t.nameEn, frequency: input.frequency ?? t.frequency,
    active: input.active ?? t.active, revision, customized: t.customized || !!input.items || !!input.name,
    version: sql`${inspectionTemplates.version} + 1`, updatedAt: new Date(),
  }).where(and(eq(inspectionTemplates.schoolId, s), eq(inspectionTemplates.id, id), eq(inspectionTemplates.version, t.version))).returning();
  if (!u) throw new AppError('inspections.stale', 409);
  if (input.items) await tx.insert(inspectionTemplateItems).values(itemRowsOf(s, id, revision, input.items));
  await recordAudit(tx, actor, {
    entity: 'inspectionTemplate', entityId: id, action: 'update',
    before: { name: t.nameZh, frequency: t.frequency, active: t.active, revision: t.revision },
    after: { name: u.nameZh, frequency: u.frequency, active: u.active, revision: u.revision, ...(input.items ? { items: input.items.length } : {}) },
  });
}

/* ───────────────────────── Inspections ───────────────────────── */

export type InspectionRow = typeof inspections.$inferSelect;

/** Starts an inspection of a place (or a zone) against a template's current revision. */
export async function startInspection(tx: Db, actor: Actor, input: CreateInspectionInput, clock: Clock = systemClock): Promise<number> {
  const s = actor.schoolId;
  const [t] = await tx.select().from(inspectionTemplates).where(and(eq(inspectionTemplates.schoolId, s), eq(inspectionTemplates.id, input.templateId)));
  if (!t || !t.active) throw new AppError('inspections.templateMissing', 400, { fields: [{ path: 'templateId', code: 'inspections.templateMissing' }] });
  if (input.locationId) await checkPlace(tx, s, input.locationId, 'locationId');
  const now = clock.now();
  const tz = await schoolZone(tx, s);
  const [i] = await tx.insert(inspections).values({
    schoolId: s, templateId: t.id, templateRevision: t.revision, domain: t.domain, locationId: input.locationId ?? null,
    zone: input.locationId ? null : input.zone ?? null, state: 'in_progress', inspectorId: actor.userId!, day: localDate(now, tz),
    startedAt: now, note: input.note ?? null, updatedAt: now,
  }).returning();
  await recordAudit(tx, actor, { entity: INSPECTION_ENTITY, entityId: i.id, action: 'create', after: { templateId: t.id, revision: t.revision, locationId: i.locationId, zone: i.zone, day: i.day } });
  return i.id;
}

async function loadInspection(tx: Db, actor: Actor, id: number, lock = false): Promise<InspectionRow> {
  const q = tx.select().from(inspections).where(and(eq(inspections.schoolId, actor.schoolId), eq(inspections.id, id)));
  const [i] = lock ? await q.for('update') : await q;
  if (!i) throw new AppError('notFound', 404);
  if (i.inspectorId !== actor.userId) {
    if (!seesAll(actor.roles)) throw new AppError('notFound', 404);
    throw new AppError('inspections.notInspector', 403);
  }
  return i;
}

async function revisionItems(tx: Db, schoolId: number, templateId: number, revision: number) {
  return tx.select().from(inspectionTemplateItems)
    .where(and(eq(inspectionTemplateItems.schoolId, schoolId), eq(inspectionTemplateItems.templateId, templateId), eq(inspectionTemplateItems.revision, revision)))
    .orderBy(inspectionTemplateItems.position);
}

/**
 * Records results as the inspector walks the items (only the inspector, only before submission).
 * Each item must be of the inspection's revision; scores within the item's maximum; photos replace
 * the item's earlier ones. With `version`, a stale copy is refused (409); the version moves on.
 */
export async function recordResults(tx: Db, actor: Actor, id: number, input: PatchInspectionInput, clock: Clock = systemClock): Promise<void> {
  const s = actor.schoolId;
  const i = await loadInspection(tx, actor, id, true);
  if (i.state !== 'in_progress') throw new AppError('inspections.alreadySubmitted', 409);
  if (input.version !== undefined && input.version !== i.version) throw new AppError('inspections.stale', 409);
  const items = new Map((await revisionItems(tx, s, i.templateId, i.templateRevision)).map((x) => [x.id, x]));
  const now = clock.now();
  for (const [n, r] of input.results.entries()) {
    const item = items.get(r.itemId);
    const field = (f: string) => `results.${n}.${f}`;
    if (!item) throw new AppError('inspections.itemUnknown', 400, { fields: [{ path: field('itemId'), code: 'inspections.itemUnknown' }] });
    if (r.outcome === null) {
      await tx.delete(inspectionResults).where(and(eq(inspectionResults.schoolId, s), eq(inspectionResults.inspectionId, id), eq(inspectionResults.itemId, r.itemId)));
    } else {
      if (item.mode === 'score') {
        if (r.score == null) throw new AppError('inspections.scoreRequired', 400, { params: { item: item.textZh }, fields: [{ path: field('score'), code: 'inspections.scoreRequired', params: { item: item.textZh } }] });
        if (r.score > (item.maxScore ?? 0)) throw new AppError('inspections.scoreTooHigh', 400, { params: { max: item.maxScore ?? 0 }, fields: [{ path: field('score'), code: 'inspections.scoreTooHigh', params: { max: item.maxScore ?? 0 } }] });
      }
      const values = { outcome: r.outcome, score: item.mode === 'score' ? r.score ?? null : null, note: r.note ?? null, severity: r.outcome === 'fail' ? (item.critical ? 'critical' : r.severity ?? 'medium') : null, updatedAt: now };
      await tx.insert(inspectionResults).values({ schoolId: s, inspectionId: id, itemId: r.itemId, ...values })
        .onConflictDoUpdate({ target: [inspectionResults.schoolId, inspectionResults.inspectionId, inspectionResults.itemId], set: values });
    }
    if (r.photoIds !== undefined) await attachFiles(tx, actor, { entity: INSPECTION_ENTITY, entityId: id, slot: itemSlot(r.itemId) }, r.photoIds, field('photoIds'), { replace: true });
  }
  await tx.update(inspections).set({ note: input.note === undefined ? i.note : input.note, version: sql`${inspections.version} + 1`, updatedAt: now })
    .where(and(eq(inspections.schoolId, s), eq(inspections.id, id)));
  await recordAudit(tx, actor, { entity: INSPECTION_ENTITY, entityId: id, action: 'results', after: { results: input.results.map((r) => ({ itemId: r.itemId, outcome: r.outcome, score: r.score ?? null })) } });
}

/**
 * Submits an inspection, once: every item answered, photo-required items with a photo (else 400
 * naming the item). Each failed item opens a rectification of the template's domain (source
 * 'inspection'; a critical item's finding is critical); then the domain's hook runs, in this transaction.
 */
export async function submitInspection(tx: Db, actor: Actor, id: number, input: SubmitInspectionInput, clock: Clock = systemClock): Promise<{ findings: number[] }> {
  const s = actor.schoolId;
  const i = await loadInspection(tx, actor, id);
  if (i.state !== 'in_progress') throw new AppError('inspections.alreadySubmitted', 409);
  if (input?.version !== undefined && input.version !== i.version) throw new AppError('inspections.stale', 409);
  const items = await revisionItems(tx, s, i.templateId, i.templateRevision);
  const results = new Map((await tx.select().from(inspectionResults).where(and(eq(inspectionResults.schoolId, s), eq(inspectionResults.inspectionId, id)))).map((r) => [r.itemId, r]));
  const photos = await filesOf(tx, s, INSPECTION_ENTITY, [id]);
  const slots = new Set((photos.get(id) ?? []).map((f) => f.slot));
  for (const item of items) {
    const r = results.get(item.id);
    if (!r) throw new AppError('inspections.itemUnanswered', 400, { params: { item: item.textZh }, fields: [{ path: `items.${item.id}`, code: 'inspections.itemUnanswered', params: { item: item.textZh } }] });
    if (item.photoRequired && !slots.has(itemSlot(item.id))) {
      throw new AppError('inspections.photoRequired', 400, { params: { item: item.textZh }, fields: [{ path: `items.${item.id}`, code: 'inspections.photoRequired', params: { item: item.textZh } }] });
    }
  }
  const now = clock.now();
  const pass = [...results.values()].filter((r) => r.outcome === 'pass').length;
  const fail = [...results.values()].filter((r) => r.outcome === 'fail').length;
  const scored = items.filter((x) => x.mode === 'score');
  const score = scored.length ? scored.reduce((sum, x) => sum + (results.get(x.id)?.score ?? 0), 0) : null;
  const [u] = await tx.update(inspections).set({ state: 'submitted', submittedAt: now, passCount: pass, failCount: fail, score, version: sql`${inspections.version} + 1`, updatedAt: now })
    .where(and(eq(inspections.schoolId, s), eq(inspections.id, id), eq(inspections.state, 'in_progress'), eq(inspections.version, i.version)))
    .returning();
  if (!u) throw new AppError('inspections.alreadySubmitted', 409);

  const [t] = await tx.select().from(inspectionTemplates).where(and(eq(inspectionTemplates.schoolId, s), eq(inspectionTemplates.id, i.templateId)));
  const d = domainOf(i.domain);
  const failed: FailedItem[] = [];
  for (const item of items) {
    const r = results.get(item.id)!;
    if (r.outcome !== 'fail') continue;
    const severity = (item.critical ? 'critical' : r.severity ?? 'medium') as Severity;
    const kind = d.findingKind({ section: item.sectionZh, kind: item.kind });
    const { id: rid } = await createRectification(tx, actor, {
      domain: i.domain, source: 'inspection', sourceId: id, sourceItemId: item.id, title: `${item.sectionZh}：${item.textZh}`,
      description: r.note, locationId: i.locationId, zone: i.zone, kind, severity,
    }, clock);
    failed.push({ itemId: item.id, section: item.sectionZh, text: item.textZh, critical: item.critical, kind, severity, note: r.note, rectificationId: rid });
  }
  await recordAudit(tx, actor, { entity: INSPECTION_ENTITY, entityId: id, action: 'submit', before: { state: 'in_progress' }, after: { state: 'submitted', pass, fail, score, findings: failed.map((f) => f.rectificationId) } });
  await d.onSubmitted?.(tx, {
    schoolId: s, inspectionId: id, templateId: i.templateId, templateCode: t.code, domain: i.domain, locationId: i.locationId, zone: i.zone, actor,
    passCount: pass, failCount: fail, failed, critical: failed.some((f) => f.critical),
  });
  return { findings: failed.map((f) => f.rectificationId) };
}

