import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import type { Clock } from './clock';
import { tasks } from './schedules.tables';
import { notify, renderMessage, type Params } from './notifications';
import { addDays, localDate, startOfDay } from './schedules';
import type { Locale } from '../../contracts/i18n';
import type { Role } from '../../contracts/auth';
import type { MyTask } from '../../contracts/tasks';

export interface TaskInput {
  schoolId: number;
  module: string;
  /** i18n key of the task's title, e.g. 'repairs.task.inspect'. */
  kind: string;
  params?: Params;
  entity: string;
  entityId: number;
  assigneeId: number | null;
  /** When no one person is assigned: anyone holding this role. */
  role?: Role;
  dueAt: Date;
  link: string;
  /** Whether the overdue sweep also tells the school's directors (default). A module that
   *  escalates late work itself (repairs flags overdue orders to the directors) says false. */
  escalate?: boolean;
}

/** A task (待办) for a person, or for a role when no one is assigned; in the caller's transaction. */
export async function createTask(tx: Db, t: TaskInput): Promise<number> {
  if (t.assigneeId == null && !t.role) throw new Error('createTask: an assignee or a role is required');
  const [row] = await tx.insert(tasks).values({
    schoolId: t.schoolId, module: t.module, kind: t.kind, params: t.params ?? {}, entity: t.entity, entityId: t.entityId,
    assigneeId: t.assigneeId, role: t.role ?? null, dueAt: t.dueAt, link: t.link, escalate: t.escalate ?? true,
  }).returning({ id: tasks.id });
  return row.id;
}

/** Closes the open tasks of a record (of one kind, or all of them). */
export async function completeTasks(tx: Db, schoolId: number, entity: string, entityId: number, kind?: string): Promise<void> {
  await tx.update(tasks).set({ state: 'done', completedAt: sql`now()` }).where(and(
    eq(tasks.schoolId, schoolId), eq(tasks.entity, entity), eq(tasks.entityId, entityId), eq(tasks.state, 'open'),
    kind ? eq(tasks.kind, kind) : undefined,
  ));
}

/**
 * Moves the open tasks of a record (one kind, or all; every record of the entity without `entityId`) to
 * another person, or to a role when `assigneeId` is null. Done tasks keep who did them; a task already
 * with that owner is not touched. Returns how many moved. The engine keeps no audit of tasks: the change
 * that caused the move (a setting, a dispatch) is the audited one.
 */
export async function reassignTasks(tx: Db, schoolId: number, of: { entity: string; entityId?: number; kind?: string }, to: { assigneeId: number | null; role?: Role }): Promise<number> {
  if (to.assigneeId == null && !to.role) throw new Error('reassignTasks: an assignee or a role is required');
  const role = to.assigneeId == null ? to.role! : null;
  const moved = await tx.update(tasks).set({ assigneeId: to.assigneeId, role }).where(and(
    eq(tasks.schoolId, schoolId), eq(tasks.entity, of.entity), eq(tasks.state, 'open'),
    of.entityId !== undefined ? eq(tasks.entityId, of.entityId) : undefined,
    of.kind ? eq(tasks.kind, of.kind) : undefined,
    sql`(${tasks.assigneeId} IS DISTINCT FROM ${to.assigneeId} OR ${tasks.role} IS DISTINCT FROM ${role})`,
  )).returning({ id: tasks.id });
  return moved.length;
}

export interface TaskReader { schoolId: number; userId: number; roles: readonly Role[]; timezone: string }

/**
 * My open tasks: assigned to me, or to a role I hold and to no one in particular. `today`: due
 * before the end of today in the school's time zone (so overdue ones too); overdue first.
 */
export async function myTasks(db: Db, clock: Clock, who: TaskReader, scope: 'today' | 'all', locale: Locale): Promise<{ items: MyTask[]; today: string }> {
  const now = clock.now();
  const today = localDate(now, who.timezone);
  const endOfToday = startOfDay(addDays(today, 1), who.timezone);
  const roles = who.roles.length ? sql`(${sql.join(who.roles.map((r) => sql`${r}`), sql`, `)})` : sql`(NULL)`;
  const rows = await rowsOf<{ id: number; module: string; kind: string; params: Params | string; entity: string; entity_id: number; assignee_id: number | null; role: Role | null; due_at: string | Date; link: string }>(db, sql`
    SELECT id, module, kind, params, entity, entity_id, assignee_id, role, due_at, link FROM tasks
    WHERE school_id = ${who.schoolId} AND state = 'open'
      AND (assignee_id = ${who.userId} OR (assignee_id IS NULL AND role IN ${roles}))
      ${scope === 'today' ? sql`AND due_at < ${endOfToday.toISOString()}` : sql``}
    ORDER BY (due_at < ${now.toISOString()}) DESC, due_at, id LIMIT 500`);
  const items = rows.map((r) => {
    const params = (typeof r.params === 'string' ? JSON.parse(r.params) : r.params ?? {}) as Params;
    const due = r.due_at instanceof Date ? r.due_at : new Date(r.due_at);
    return {
      id: r.id, module: r.module, kind: r.kind, title: renderMessage(locale, r.kind, params), entity: r.entity, entityId: Number(r.entity_id),
      assigneeId: r.assignee_id, role: r.role, dueAt: due.toISOString(), overdue: due < now, link: r.link,
    };
  });
  return { items, today };
}

/**
 * The overdue sweep (a job): open tasks past their time are marked overdue, and — once, in the same
 * transaction — the assignee (or, for a role's task, the role's holders) and the school's directors
 * are told. A conditional update makes it once even with several processes sweeping.
 */
export async function sweepOverdueTasks(db: Db, clock: Clock, opts: { batch?: number; /** Only this school (tests). */ schoolId?: number } = {}): Promise<number> {
  const now = clock.now();
  let total = 0;
  for (;;) {
    // A plain look first: on PGlite a transaction, even one that changes nothing, empties the read cache.
    const due = await rowsOf(db, sql`SELECT 1 FROM tasks WHERE state = 'open' AND overdue_at IS NULL AND due_at < ${now.toISOString()}
      ${opts.schoolId !== undefined ? sql`AND school_id = ${opts.schoolId}` : sql``} LIMIT 1`);
    if (!due.length) return total;
    const marked = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const due = await rowsOf<{ school_id: number; id: number; kind: string; params: Params | string; entity: string; entity_id: number; assignee_id: number | null; role: string | null; link: string; escalate: boolean }>(tx, sql`
        UPDATE tasks SET overdue_at = ${now.toISOString()}
        WHERE (school_id, id) IN (
          SELECT school_id, id FROM tasks WHERE state = 'open' AND overdue_at IS NULL AND due_at < ${now.toISOString()}
            ${opts.schoolId !== undefined ? sql`AND school_id = ${opts.schoolId}` : sql``}
          ORDER BY due_at LIMIT ${opts.batch ?? 200} FOR UPDATE SKIP LOCKED)
          AND state = 'open' AND overdue_at IS NULL
        RETURNING school_id, id, kind, params, entity, entity_id, assignee_id, role, link, escalate`);
      const holders = new Map<string, number[]>();
      const holdersOf = async (schoolId: number, role: string) => {
        const key = `${schoolId}:${role}`;
        if (!holders.has(key)) {
          const rows = await rowsOf<{ id: number }>(tx, sql`SELECT u.id FROM user_roles r JOIN users u ON u.school_id = r.school_id AND u.id = r.user_id
            WHERE r.school_id = ${schoolId} AND r.role = ${role} AND u.active ORDER BY u.id`);
          holders.set(key, rows.map((r) => r.id));
        }
        return holders.get(key)!;
      };
      for (const t of due) {
        const params = (typeof t.params === 'string' ? JSON.parse(t.params) : t.params ?? {}) as Params;
        const people = t.assignee_id != null ? [t.assignee_id] : t.role ? await holdersOf(t.school_id, t.role) : [];
        await notify(tx, {
          schoolId: t.school_id, userIds: [...new Set([...people, ...(t.escalate ? await holdersOf(t.school_id, 'director') : [])])],
          kind: 'tasks.notify.overdue', params: { ...params, taskKey: t.kind }, link: t.link, entity: t.entity, entityId: Number(t.entity_id),
        });
      }
      return due.length;
    });
    total += marked;
    if (marked < (opts.batch ?? 200)) return total;
  }
}
