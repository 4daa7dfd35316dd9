import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateDrillInput, Drill, DrillDetail, DrillListQuery, DrillMonths, UpdateDrillInput } from '../../../contracts/safetyRecords';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, diff, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { localDate, schoolTerms } from '../../platform/schedules';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { safetyDrills, safetyPlans } from './records.tables';
import { ENTITY, badField, historyOf, intList, iso, like, notFound, numOrNull, schoolZone, stale, strOrNull, type Reader } from './records.common';
import { CLASS_LABEL_SQL } from './records.lookups';
import { recordsSettingsOf } from './records.settings';
import { drillMonthStatuses, firstDay, lastDay, monthOfDay, monthsBetween, termOfMonth } from './records.months';

/*
 * Drills 演练 (教基一厅〔2014〕2号): at least one a month in school months, with the scenario, the plan
 * used, the organiser, participants (count and classes), the evacuation time, problems found and the
 * review. An evacuation slower than the school's target (2 minutes by default) is flagged; a past
 * school month of the term without a drill is flagged (records.months.ts says which months count).
 */

type Raw = Record<string, unknown>;

async function checkRefs(tx: Db, actor: Actor, input: { planId?: number | null; organiserId?: number; classIds?: number[]; heldOn?: string }, today: string) {
  if (input.heldOn && input.heldOn > today) throw badField('heldOn', 'safety.dateInFuture');
  if (input.planId != null) {
    const [p] = await tx.select({ id: safetyPlans.id }).from(safetyPlans).where(and(eq(safetyPlans.schoolId, actor.schoolId), eq(safetyPlans.id, input.planId)));
    if (!p) throw badField('planId', 'safety.planMissing');
  }
  if (input.organiserId !== undefined) await refs.user(tx, actor.schoolId, input.organiserId, 'organiserId');
  for (const [i, id] of (input.classIds ?? []).entries()) await refs.schoolClass(tx, actor.schoolId, id, `classIds.${i}`);
}

const audited = (d: typeof safetyDrills.$inferSelect) => ({
  heldOn: d.heldOn, scenario: d.scenario, planId: d.planId, organiserId: d.organiserId, participantCount: d.participantCount,
  classIds: d.classIds, evacuationSeconds: d.evacuationSeconds, problems: d.problems, review: d.review,
});

export async function createDrill(tx: Db, actor: Actor, clock: Clock, input: CreateDrillInput): Promise<number> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  const classIds = [...new Set(input.classIds)];
  await checkRefs(tx, actor, { ...input, classIds }, today);
  const [row] = await tx.insert(safetyDrills).values({
    schoolId: actor.schoolId, heldOn: input.heldOn, scenario: input.scenario, planId: input.planId ?? null, organiserId: input.organiserId,
    participantCount: input.participantCount, classIds, evacuationSeconds: input.evacuationSeconds ?? null,
    problems: input.problems ?? null, review: input.review ?? null, createdBy: actor.userId,
  }).returning();
  await attachFiles(tx, actor, { entity: ENTITY.drill, entityId: row.id, slot: 'photo' }, input.photoIds, 'photoIds');
  await recordAudit(tx, actor, { entity: ENTITY.drill, entityId: row.id, action: 'create', after: { ...audited(row), photos: input.photoIds.length } });
  return row.id;
}

export async function updateDrill(tx: Db, actor: Actor, clock: Clock, id: number, input: UpdateDrillInput): Promise<void> {
  const [before] = await tx.select().from(safetyDrills).where(and(eq(safetyDrills.schoolId, actor.schoolId), eq(safetyDrills.id, id)));
  if (!before) throw notFound();
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  const classIds = input.classIds ? [...new Set(input.classIds)] : undefined;
  await checkRefs(tx, actor, { ...input, classIds }, today);
  const set: Partial<typeof safetyDrills.$inferInsert> = {};
  if (input.heldOn !== undefined) set.heldOn = input.heldOn;
  if (input.scenario !== undefined) set.scenario = input.scenario;
  if (input.planId !== undefined) set.planId = input.planId;
  if (input.organiserId !== undefined) set.organiserId = input.organiserId;
  if (input.participantCount !== undefined) set.participantCount = input.participantCount;
  if (classIds !== undefined) set.classIds = classIds;
  if (input.evacuationSeconds !== undefined) set.evacuationSeconds = input.evacuationSeconds;
  if (input.problems !== undefined) set.problems = input.problems;
  if (input.review !== undefined) set.review = input.review;
  const [after] = await tx.update(safetyDrills).set({ ...set, version: sql`${safetyDrills.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(safetyDrills.schoolId, actor.schoolId), eq(safetyDrills.id, id), eq(safetyDrills.version, input.version))).returning();
  if (!after) throw stale();
  if (input.photoIds) await attachFiles(tx, actor, { entity: ENTITY.drill, entityId: id, slot: 'photo' }, input.photoIds, 'photoIds', { replace: true });
  const changes = diff(audited(before), audited(after));
  await recordAudit(tx, actor, { entity: ENTITY.drill, entityId: id, action: 'update', before: changes?.before ?? {}, after: { ...(changes?.after ?? {}), ...(input.photoIds ? { photos: input.photoIds.length } : {}) } });
}

// ── Reading ──

/** Each school's evacuation target (schools of one page: an inspector reads several). */
async function targets(db: Db, schoolIds: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const s of schoolIds) out.set(s, (await recordsSettingsOf(db, s)).evacuationTargetSeconds);
  return out;
}
const targetSql = (t: Map<number, number>): SQL => sql`(CASE ${safetyDrills.schoolId} ${sql.join([...t].map(([s, v]) => sql`WHEN ${s}::int THEN ${v}::int`), sql` `)} END)`;

function drillOf(r: Raw, photos: Drill['photos'], target: number): Drill {
  const seconds = numOrNull(r.evacuation_seconds);
  return {
    id: Number(r.id), schoolId: Number(r.school_id), heldOn: String(r.held_on), scenario: r.scenario as Drill['scenario'],
    planId: numOrNull(r.plan_id), planTitle: strOrNull(r.plan_title), organiserId: Number(r.organiser_id), organiserName: strOrNull(r.organiser_name),
    participantCount: Number(r.participant_count), classIds: ((r.class_ids as number[] | null) ?? []).map(Number), classNames: (r.class_names as string[] | null) ?? [],
    evacuationSeconds: seconds, slow: seconds != null && seconds > target, problems: strOrNull(r.problems), review: strOrNull(r.review),
    photos, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), version: Number(r.version),
  };
}

/** A page of drills with names (plan, organiser, classes) in one statement; photos in one query per school. */
async function drillsPage(db: Db, where: SQL, orderBy: SQL[], limit: number, tmap: Map<number, number>, dir: 'ASC' | 'DESC' = 'DESC'): Promise<Drill[]> {
  const inner = db.select().from(safetyDrills).where(where).orderBy(...orderBy).limit(limit);
  const rows = await rowsOf<Raw>(db, sql`SELECT d.*, p.title AS plan_title, u.name AS organiser_name,
      (SELECT coalesce(array_agg(${CLASS_LABEL_SQL('c')} ORDER BY c.grade, c.name), '{}') FROM classes c WHERE c.school_id = d.school_id AND c.id = ANY(d.class_ids)) AS class_names
    FROM (${inner}) d
    LEFT JOIN safety_plans p ON p.school_id = d.school_id AND p.id = d.plan_id
    LEFT JOIN users u ON u.school_id = d.school_id AND u.id = d.organiser_id
    ORDER BY ${sql.raw(`d.held_on ${dir}, d.id ${dir}`)}`);
  const photos = new Map<number, Drill['photos']>();
  for (const s of new Set(rows.map((r) => Number(r.school_id)))) {
    for (const [id, fs] of await filesOf(db, s, ENTITY.drill, rows.filter((r) => Number(r.school_id) === s).map((r) => Number(r.id)))) photos.set(id, fs.map(({ slot: _s, ...f }) => f));
  }
  return rows.map((r) => drillOf(r, photos.get(Number(r.id)) ?? [], tmap.get(Number(r.school_id)) ?? 120));
}

export async function listDrills(db: Db, reader: Reader, q: z.infer<typeof DrillListQuery>): Promise<{ items: Drill[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-heldOn', sorts: { heldOn: safetyDrills.heldOn }, id: safetyDrills.id, cursor: q.cursor });
  const tmap = await targets(db, reader.schoolIds);
  const where = and(
    sql`${safetyDrills.schoolId} IN (${intList(reader.schoolIds)})`,
    q.scenario ? eq(safetyDrills.scenario, q.scenario) : undefined,
    q.slow === true ? sql`${safetyDrills.evacuationSeconds} > ${targetSql(tmap)}` : undefined,
    q.slow === false ? sql`${safetyDrills.evacuationSeconds} <= ${targetSql(tmap)}` : undefined,
    q.from ? sql`${safetyDrills.heldOn} >= ${q.from}` : undefined,
    q.to ? sql`${safetyDrills.heldOn} <= ${q.to}` : undefined,
    q.q ? sql`(${safetyDrills.problems} ILIKE ${like(q.q)} OR ${safetyDrills.review} ILIKE ${like(q.q)})` : undefined,
    ks.where,
  )!;
  const items = await drillsPage(db, where, ks.orderBy, q.limit, tmap, q.sort === 'heldOn' ? 'ASC' : 'DESC');
  return { items, nextCursor: ks.next(items, q.limit) };
}

export async function getDrill(db: Db, schoolIds: number[], id: number): Promise<DrillDetail> {
  const tmap = await targets(db, schoolIds);
  const [d] = await drillsPage(db, and(sql`${safetyDrills.schoolId} IN (${intList(schoolIds)})`, eq(safetyDrills.id, id))!, [], 1, tmap);
  if (!d) throw notFound();
  return { ...d, history: await historyOf(db, d.schoolId, [{ entity: ENTITY.drill, ids: [id] }]) };
}

/** The drill rule over the term holding `month` (this month by default). */
export async function drillMonths(db: Db, schoolId: number, clock: Clock, month?: string): Promise<DrillMonths> {
  const tz = await schoolZone(db, schoolId);
  const current = monthOfDay(localDate(clock.now(), tz));
  const focus = month ?? current;
  const [terms, settings] = await Promise.all([schoolTerms(db, schoolId), recordsSettingsOf(db, schoolId)]);
  const term = termOfMonth(focus, terms);
  if (!term) return { month: focus, term: null, targetSeconds: settings.evacuationTargetSeconds, months: [], missing: 0 };
  const months = monthsBetween(monthOfDay(term.start), monthOfDay(term.end));
  const counts = await drillCounts(db, schoolId, firstDay(months[0]), lastDay(months[months.length - 1]));
  const list = drillMonthStatuses(term, terms, counts, current, settings.schoolMonthMinDays);
  return {
    month: focus, term: { name: term.name, start: term.start, end: term.end }, targetSeconds: settings.evacuationTargetSeconds,
    months: list, missing: list.filter((m) => m.status === 'missing').length,
  };
}

/** Drills per month between two days (one grouped query). */
export async function drillCounts(db: Db, schoolId: number, from: string, to: string): Promise<Map<string, number>> {
  const rows = await rowsOf<{ month: string; n: number }>(db, sql`SELECT to_char(held_on, 'YYYY-MM') AS month, count(*)::int AS n FROM safety_drills
    WHERE school_id = ${schoolId} AND held_on BETWEEN ${from} AND ${to} GROUP BY 1`);
  return new Map(rows.map((r) => [r.month, Number(r.n)]));
}
