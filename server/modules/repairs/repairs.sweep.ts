import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { notify } from '../../platform/notifications';
import { completeTasks } from '../../platform/tasks';
import { usersWithRole } from '../org';
import { repairEvents } from './repairs.tables';
import { repairSettingsOf } from './repairs.settings';
import { locationInfos } from './repairs.lookups';
import { ENTITY, SYSTEM_ACTOR, linkOf } from './repairs.service';

const BATCH = 500;
type Hit = { school_id: number; id: number; code: string; location_id: number; reporter_id: number; late_response: boolean; state: string };

/**
 * Marks orders overdue — not accepted by their response deadline, or not done by their completion
 * deadline — once, and tells the school's directors once. Rows are taken with SKIP LOCKED so two
 * processes sweeping at once never flag (or notify) one order twice.
 */
/** `only`: one school (tests that share a PostgreSQL database sweep their own school only). */
export interface SweepScope { schoolId?: number }

export async function sweepOverdue(db: Db, clock: Clock, only: SweepScope = {}): Promise<number> {
  const now = clock.now().toISOString();
  const mine = only.schoolId !== undefined ? sql`AND school_id = ${only.schoolId}` : sql``;
  // A plain read first: most minutes nothing is due, and no transaction (or cache flush) is needed.
  const [any] = await rowsOf<{ n: number }>(db, sql`SELECT
      EXISTS (SELECT 1 FROM repair_orders WHERE NOT overdue AND state IN ('reported','dispatched','reopened') AND response_due_at < ${now} ${mine})
      OR EXISTS (SELECT 1 FROM repair_orders WHERE NOT overdue AND state IN ('reported','dispatched','in_progress','reopened') AND done_due_at < ${now} ${mine}) AS n`);
  if (!any?.n) return 0;
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const hits = await rowsOf<Hit>(tx, sql`
        WITH due AS (
          (SELECT school_id, id FROM repair_orders WHERE NOT overdue AND state IN ('reported','dispatched','reopened') AND response_due_at < ${now} ${mine} ORDER BY response_due_at LIMIT ${BATCH})
          UNION
          (SELECT school_id, id FROM repair_orders WHERE NOT overdue AND state IN ('reported','dispatched','in_progress','reopened') AND done_due_at < ${now} ${mine} ORDER BY done_due_at LIMIT ${BATCH})),
        locked AS (
          SELECT o.school_id, o.id FROM repair_orders o JOIN due USING (school_id, id)
          WHERE NOT o.overdue ORDER BY o.school_id, o.id LIMIT ${BATCH} FOR UPDATE OF o SKIP LOCKED)
        UPDATE repair_orders o SET overdue = true, overdue_at = ${now}
        FROM locked WHERE o.school_id = locked.school_id AND o.id = locked.id
        RETURNING o.school_id, o.id, o.code, o.location_id, o.reporter_id, o.state,
          (o.state IN ('reported','dispatched','reopened') AND o.response_due_at < ${now}) AS late_response`);
      if (!hits.length) return 0;
      for (const [schoolId, list] of groupBySchool(hits)) {
        const directors = (await usersWithRole(tx, schoolId, 'director')).map((d) => d.id);
        const places = await locationInfos(tx, schoolId, list.map((h) => Number(h.location_id)));
        await tx.insert(repairEvents).values(list.map((h) => ({
          schoolId, orderId: Number(h.id), kind: 'overdue', at: new Date(now), actorId: null, actorName: null,
          fromState: h.state, toState: h.state, note: null, data: { what: h.late_response ? 'response' : 'done' },
        })));
        for (const h of list) {
          const what = h.late_response ? 'response' : 'done';
          await recordAudit(tx, SYSTEM_ACTOR(schoolId), { entity: ENTITY, entityId: Number(h.id), action: 'overdue', after: { overdue: true, what } });
          await notify(tx, {
            schoolId, userIds: directors, kind: 'repairs.notify.overdue', link: linkOf(Number(h.id)), entity: ENTITY, entityId: Number(h.id),
            params: { code: h.code, location: places.get(Number(h.location_id))?.path ?? '', whatKey: `repairs.overdueWhat.${what}` },
          });
        }
      }
      return hits.length;
    });
    total += n;
    if (n < BATCH) return total;
  }
}

/**
 * Closes orders completed more than the school's autoCloseDays ago that the reporter never
 * confirmed (no rating), with an "auto-closed" event. Conditional on the state, so a confirmation
 * racing the sweep wins or loses cleanly.
 */
export async function sweepAutoClose(db: Db, clock: Clock, only: SweepScope = {}): Promise<number> {
  const now = clock.now();
  // The shortest window is one day: only schools with orders completed that long ago are looked at.
  const schools = await rowsOf<{ school_id: number; oldest: string | Date }>(db, sql`SELECT school_id, min(completed_at) AS oldest FROM repair_orders
    WHERE state = 'completed' AND completed_at < ${new Date(now.getTime() - 86_400_000).toISOString()}
      ${only.schoolId !== undefined ? sql`AND school_id = ${only.schoolId}` : sql``} GROUP BY school_id`);
  let total = 0;
  for (const { school_id, oldest } of schools) {
    const schoolId = Number(school_id);
    const settings = await repairSettingsOf(db, schoolId);
    const cutoff = new Date(now.getTime() - settings.autoCloseDays * 86_400_000).toISOString();
    if (new Date(oldest).toISOString() >= cutoff) continue;
    for (;;) {
      const n = await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        const hits = await rowsOf<{ id: number; code: string; reporter_id: number }>(tx, sql`
          WITH locked AS (SELECT school_id, id FROM repair_orders WHERE school_id = ${schoolId} AND state = 'completed' AND completed_at < ${cutoff}
            ORDER BY completed_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          UPDATE repair_orders o SET state = 'closed', closed_at = ${now.toISOString()}, version = o.version + 1, updated_at = ${now.toISOString()}
          FROM locked WHERE o.school_id = locked.school_id AND o.id = locked.id AND o.state = 'completed'
          RETURNING o.id, o.code, o.reporter_id`);
        if (!hits.length) return 0;
        await tx.insert(repairEvents).values(hits.map((h) => ({
          schoolId, orderId: Number(h.id), kind: 'autoClosed', at: now, actorId: null, actorName: null,
          fromState: 'completed', toState: 'closed', note: null, data: { days: settings.autoCloseDays },
        })));
        for (const h of hits) {
          await recordAudit(tx, SYSTEM_ACTOR(schoolId), { entity: ENTITY, entityId: Number(h.id), action: 'autoClose', before: { state: 'completed' }, after: { state: 'closed' } });
          await completeTasks(tx, schoolId, ENTITY, Number(h.id));
          await notify(tx, { schoolId, userIds: [Number(h.reporter_id)], kind: 'repairs.notify.autoClosed', params: { code: h.code, days: settings.autoCloseDays }, link: linkOf(Number(h.id)), entity: ENTITY, entityId: Number(h.id) });
        }
        return hits.length;
      });
      total += n;
      if (n < BATCH) break;
    }
  }
  return total;
}

/** The job `repairs.sweep`: overdue flags, then auto-closing. */
export async function sweepRepairs(db: Db, clock: Clock, only: SweepScope = {}): Promise<{ overdue: number; closed: number }> {
  const overdue = await sweepOverdue(db, clock, only);
  const closed = await sweepAutoClose(db, clock, only);
  return { overdue, closed };
}

function groupBySchool<T extends { school_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(Number(r.school_id), [...(out.get(Number(r.school_id)) ?? []), r]);
  return out;
}
