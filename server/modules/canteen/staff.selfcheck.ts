// Canteen self-inspections on the inspection engine (domain 'canteen'): a critical failure stops serving
// for the school-day (a service stop, lifted only by a leader with a note) and tells the principal and
// vice principal; the daily self-check is a task for the canteen manager on each service day (schedule).
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notifications';
import { completeTasks, createTask } from '../../platform/tasks';
import { addDays, localDate, schoolTerms, zonedTime, type ScheduleHandler } from '../../platform/schedules';
import type { InspectionDomainHooks, SubmittedInspection } from '../../platform/inspections';
import type { Clock } from '../../platform/clock';
import type { LiftStopInput, SelfCheckDay, ServiceStop } from '../../../contracts/canteenStaff';
import { canteenServiceStops } from './staff.tables';
import { ENTITY, holdersOf } from './staff.service';
import { dayContext, isServiceDay, weekdayOf } from './staff.status';

export const SELF_CHECK_OWNER = 'canteen.selfcheck';
export const SELF_CHECK_LINK = '/canteen/staff/self-check';
/** Entity of the daily self-check task: its id is the day as a number (20261122). */
export const SELF_CHECK_TASK_ENTITY = 'canteenSelfCheckDay';
export const dayNumber = (day: string) => Number(day.replaceAll('-', ''));

const LEADERS_TOLD = ['principal', 'vice_principal'] as const;

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : (v instanceof Date ? v : new Date(String(v))).toISOString());
const jsonList = (v: unknown): string[] => (v == null ? [] : (typeof v === 'string' ? JSON.parse(v) : v) as string[]);

/**
 * The engine's hook for submitted canteen inspections (inside the submitting transaction): the daily
 * task is done once a daily check is in; a critical failure records a stop for the inspection's day
 * and tells the principal and the vice principal.
 */
export async function onCanteenInspection(tx: Db, i: SubmittedInspection): Promise<void> {
  const [row] = await rowsOf<{ day: string; submitted_at: string | Date }>(tx, sql`SELECT day::text AS day, submitted_at FROM inspections WHERE school_id = ${i.schoolId} AND id = ${i.inspectionId}`);
  const day = String(row.day).slice(0, 10);
  if (i.templateCode === 'canteen.daily') await completeTasks(tx, i.schoolId, SELF_CHECK_TASK_ENTITY, dayNumber(day));
  if (!i.critical) return;
  const items = i.failed.filter((f) => f.critical).map((f) => `${f.section}：${f.text}`);
  const at = row.submitted_at instanceof Date ? row.submitted_at : new Date(String(row.submitted_at));
  const [stop] = await tx.insert(canteenServiceStops).values({ schoolId: i.schoolId, day, inspectionId: i.inspectionId, items, stoppedAt: at, stoppedBy: i.actor.userId })
    .onConflictDoNothing().returning({ id: canteenServiceStops.id });
  if (!stop) return;
  await recordAudit(tx, i.actor, { entity: ENTITY.stop, entityId: stop.id, action: 'stop', after: { day, inspectionId: i.inspectionId, items } });
  await notify(tx, {
    schoolId: i.schoolId, userIds: await holdersOf(tx, i.schoolId, LEADERS_TOLD), kind: 'canteen.staff.notify.serviceStop',
    params: { date: day, items: items.join('；'), inspector: i.actor.name ?? '' }, link: SELF_CHECK_LINK, entity: ENTITY.stop, entityId: stop.id,
  });
}

export const canteenInspectionDomain: InspectionDomainHooks = {
  domain: 'canteen',
  managers: ['principal', 'vice_principal', 'director'],
  assignerRole: 'director',
  verifierRole: 'vice_principal',
  escalationRole: 'vice_principal',
  onSubmitted: onCanteenInspection,
};

function stopOf(r: Raw): ServiceStop {
  return {
    id: Number(r.id), date: String(r.day).slice(0, 10), inspectionId: Number(r.inspection_id), items: jsonList(r.items),
    stoppedAt: iso(r.stopped_at)!, stoppedById: r.stopped_by == null ? null : Number(r.stopped_by), stoppedByName: (r.stopped_by_name as string | null) ?? null,
    liftedAt: iso(r.lifted_at), liftedByName: (r.lifted_by_name as string | null) ?? null, liftNote: (r.lift_note as string | null) ?? null, version: Number(r.version),
  };
}

const stopSelect = sql`SELECT s.*, s.day::text AS day, a.name AS stopped_by_name, b.name AS lifted_by_name FROM canteen_service_stops s
  LEFT JOIN users a ON a.school_id = s.school_id AND a.id = s.stopped_by LEFT JOIN users b ON b.school_id = s.school_id AND b.id = s.lifted_by`;

export async function listStops(db: Db, schoolId: number, q: { from?: string; to?: string; limit: number }): Promise<ServiceStop[]> {
  const rows = await rowsOf<Raw>(db, sql`${stopSelect} WHERE s.school_id = ${schoolId}
    ${q.from ? sql`AND s.day >= ${q.from}::date` : sql``} ${q.to ? sql`AND s.day <= ${q.to}::date` : sql``} ORDER BY s.day DESC, s.id DESC LIMIT ${q.limit}`);
  return rows.map(stopOf);
}

export async function getStop(db: Db, schoolId: number, id: number): Promise<ServiceStop> {
  const [r] = await rowsOf<Raw>(db, sql`${stopSelect} WHERE s.school_id = ${schoolId} AND s.id = ${id}`);
  if (!r) throw new AppError('notFound', 404);
  return stopOf(r);
}

/** A leader lifts a stop with a note, once (a conditional update on lifted_at IS NULL and the version). */
export async function liftStop(tx: Db, actor: Actor, clock: Clock, id: number, input: LiftStopInput): Promise<void> {
  const s = actor.schoolId;
  const [old] = await tx.select().from(canteenServiceStops).where(and(eq(canteenServiceStops.schoolId, s), eq(canteenServiceStops.id, id)));
  if (!old) throw new AppError('notFound', 404);
  if (old.liftedAt) throw new AppError('canteen.staff.stopLifted', 409);
  const now = clock.now();
  const [u] = await tx.update(canteenServiceStops).set({ liftedAt: now, liftedBy: actor.userId, liftNote: input.liftNote, version: sql`${canteenServiceStops.version} + 1` })
    .where(and(eq(canteenServiceStops.schoolId, s), eq(canteenServiceStops.id, id), sql`${canteenServiceStops.liftedAt} IS NULL`, eq(canteenServiceStops.version, input.version)))
    .returning({ id: canteenServiceStops.id });
  if (!u) throw new AppError('conflict', 409);
  await recordAudit(tx, actor, { entity: ENTITY.stop, entityId: id, action: 'lift', before: { liftedAt: null }, after: { liftedAt: now.toISOString(), liftNote: input.liftNote } });
  await notify(tx, {
    schoolId: s, userIds: (await holdersOf(tx, s, ['canteen_manager', ...LEADERS_TOLD])).filter((x) => x !== actor.userId), kind: 'canteen.staff.notify.stopLifted',
    params: { date: old.day, by: actor.name ?? '', note: input.liftNote }, link: SELF_CHECK_LINK, entity: ENTITY.stop, entityId: id,
  });
}

/** The self-check page: the canteen templates, what is done today / this week / this month, work in progress, the stop. */
export async function selfCheckDay(db: Db, schoolId: number, date: string): Promise<SelfCheckDay> {
  const ctx = await dayContext(db, schoolId);
  const weekStart = addDays(date, 1 - weekdayOf(date));
  const monthStart = `${date.slice(0, 8)}01`;
  const templates = await rowsOf<Raw>(db, sql`SELECT id, code, name_zh, name_en, frequency FROM inspection_templates
    WHERE school_id = ${schoolId} AND domain = 'canteen' AND active ORDER BY code, id`);
  const lastOf = async (code: string, from: string) => {
    const [r] = await rowsOf<{ id: number }>(db, sql`SELECT i.id FROM inspections i JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
      WHERE i.school_id = ${schoolId} AND t.code = ${code} AND i.state = 'submitted' AND i.day BETWEEN ${from}::date AND ${date}::date ORDER BY i.day DESC, i.id DESC LIMIT 1`);
    return r ? Number(r.id) : null;
  };
  const [daily, weekly, monthly] = await Promise.all([lastOf('canteen.daily', date), lastOf('canteen.weekly', weekStart), lastOf('canteen.monthly', monthStart)]);
  const progress = await rowsOf<Raw>(db, sql`SELECT i.id, t.code, i.started_at FROM inspections i JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
    WHERE i.school_id = ${schoolId} AND i.domain = 'canteen' AND i.state = 'in_progress' AND i.day = ${date}::date ORDER BY i.id`);
  const [stop] = await rowsOf<Raw>(db, sql`${stopSelect} WHERE s.school_id = ${schoolId} AND s.day = ${date}::date AND s.lifted_at IS NULL ORDER BY s.id LIMIT 1`);
  return {
    date, serviceDay: isServiceDay(ctx.settings, date),
    templates: templates.map((t) => ({ id: Number(t.id), code: String(t.code), name: { zh: String(t.name_zh), en: (t.name_en as string | null) ?? null }, frequency: String(t.frequency) })),
    daily: { done: daily !== null, inspectionId: daily },
    weekly: { done: weekly !== null, inspectionId: weekly },
    monthly: { done: monthly !== null, inspectionId: monthly },
    inProgress: progress.map((p) => ({ id: Number(p.id), code: String(p.code), startedAt: iso(p.started_at)! })),
    stop: stop ? stopOf(stop) : null,
  };
}

/**
 * The daily self-check task (schedule owner 'canteen.selfcheck', one per school, made by the sweep): on a
 * service day inside a term (when the school has terms), the canteen managers get a task due by the end
 * of the day — unless the daily check is already in.
 */
export const selfCheckScheduleHandler: ScheduleHandler = async (tx, due) => {
  const ctx = await dayContext(tx, due.schoolId);
  const day = localDate(due.dueAt, ctx.tz);
  if (!isServiceDay(ctx.settings, day)) return;
  const terms = await schoolTerms(tx, due.schoolId);
  if (terms.length && !terms.some((t) => t.start <= day && day <= t.end)) return;
  const [done] = await rowsOf(tx, sql`SELECT 1 FROM inspections i JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
    WHERE i.school_id = ${due.schoolId} AND i.day = ${day}::date AND i.state = 'submitted' AND t.code = 'canteen.daily' LIMIT 1`);
  if (done) return;
  await createTask(tx, {
    schoolId: due.schoolId, module: 'canteen', kind: 'canteen.staff.task.dailySelfCheck', params: { date: day },
    entity: SELF_CHECK_TASK_ENTITY, entityId: dayNumber(day), assigneeId: null, role: 'canteen_manager',
    dueAt: zonedTime(day, '23:59', ctx.tz), link: SELF_CHECK_LINK,
  });
};
