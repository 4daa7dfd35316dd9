import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Actor } from '../../platform/audit';
import { systemClock, type Clock } from '../../platform/clock';
import type { ProcessEvent } from '../../../contracts/assetsProcess';
import { assetProcessCounters, assetProcessEvents } from './process.tables';

/** Helpers the three processes share: document numbers, timelines, names. */

export type ProcessEntity = 'stocktake' | 'damage' | 'disposal';

/** PD-2026-001: the next number of the year for the school (the counter row's lock orders concurrent writers). */
export async function nextCode(tx: Db, schoolId: number, prefix: 'PD' | 'PC' | 'BF', year: number, width = 3): Promise<string> {
  const [row] = await tx.insert(assetProcessCounters).values({ schoolId, kind: prefix, year, last: 1 })
    .onConflictDoUpdate({ target: [assetProcessCounters.schoolId, assetProcessCounters.kind, assetProcessCounters.year], set: { last: sql`${assetProcessCounters.last} + 1` } })
    .returning({ last: assetProcessCounters.last });
  return `${prefix}-${year}-${String(row.last).padStart(width, '0')}`;
}

export async function addEvent(tx: Db, actor: Actor | null, e: { schoolId: number; entity: ProcessEntity; entityId: number; kind: string; at: Date; note?: string | null; data?: Record<string, unknown> | null }) {
  await tx.insert(assetProcessEvents).values({
    schoolId: e.schoolId, entity: e.entity, entityId: e.entityId, kind: e.kind, at: e.at,
    actorId: actor?.userId ?? null, actorName: actor?.userId ? actor.name : null, note: e.note ?? null, data: e.data ?? null,
  });
}

export async function eventsOf(db: Db, schoolId: number, entity: ProcessEntity, entityId: number): Promise<ProcessEvent[]> {
  const rows = await db.select().from(assetProcessEvents)
    .where(and(eq(assetProcessEvents.schoolId, schoolId), eq(assetProcessEvents.entity, entity), eq(assetProcessEvents.entityId, entityId)))
    .orderBy(asc(assetProcessEvents.id));
  return rows.map((e) => ({ id: e.id, kind: e.kind, at: e.at.toISOString(), actorId: e.actorId, actorName: e.actorName, note: e.note, data: e.data ?? null }));
}

export async function userNames(db: Db, schoolId: number, ids: (number | null | undefined)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  const out = new Map<number, string>();
  if (!wanted.length) return out;
  const rows = await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM users WHERE school_id = ${schoolId} AND id IN (${sql.join(wanted.map((x) => sql`${x}::int`), sql`, `)})`);
  for (const r of rows) out.set(Number(r.id), r.name);
  return out;
}

/** Active staff of the school among `ids` (counters, who received money …): the ids that are not. */
export async function notStaff(db: Db, schoolId: number, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await rowsOf<{ id: number }>(db, sql`SELECT id FROM users WHERE school_id = ${schoolId} AND active AND id IN (${sql.join(ids.map((x) => sql`${x}::int`), sql`, `)})`);
  const ok = new Set(rows.map((r) => Number(r.id)));
  return ids.filter((x) => !ok.has(x));
}

export async function schoolTimezone(db: Db, schoolId: number): Promise<string> {
  const [r] = await rowsOf<{ timezone: string | null }>(db, sql`SELECT timezone FROM schools WHERE id = ${schoolId}`);
  return r?.timezone ?? 'Asia/Shanghai';
}

export const iso = (v: unknown): string | null => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
export const num = (v: unknown): number | null => (v == null ? null : Number(v));
export const idsSql = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);

export const hasRole = (roles: readonly string[] | undefined, wanted: readonly string[]) => !!roles?.some((r) => wanted.includes(r));

/*
 * Business time for the approval engine's hooks, which get no clock of their own: the clock of the
 * app's routes (set when the part's routes are built), the system clock until then.
 */
let hookClock: Clock = systemClock;
export const processClock: Clock = { now: () => hookClock.now() };
export function setProcessClock(c: Clock) { hookClock = c; }
