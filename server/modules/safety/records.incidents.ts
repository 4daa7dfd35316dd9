import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateIncidentInput, Incident, IncidentDetail, IncidentListQuery, UpdateIncidentInput } from '../../../contracts/safetyRecords';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, diff, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { localDate, startOfDay, addDays } from '../../platform/schedules';
import { notify } from '../../platform/notifications';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { safetyIncidents } from './records.tables';
import { ENTITY, badField, historyOf, intList, iso, isLeader, like, notFound, numOrNull, schoolZone, stale, strOrNull, type Reader } from './records.common';
import { LOCATION_PATH_SQL } from './records.lookups';

/*
 * Incidents and accidents 事件与事故: what, when, where, who (a few words: personal data kept to what
 * is needed), severity, actions and follow-up, photos. Anyone on staff reports one and sees their own
 * reports; leaders see all, complete and correct them, and mark a safety accident (安全责任事故) —
 * which fails the school's year at the district (一票否决, records.home.ts). The year of an incident
 * is the calendar year of when it happened, in the school's zone.
 */

type Raw = Record<string, unknown>;

/** A report may be made a few minutes "ahead" (clocks of phones differ); not later. */
const CLOCK_SLACK_MS = 5 * 60_000;

const audited = (r: typeof safetyIncidents.$inferSelect) => ({
  title: r.title, occurredAt: r.occurredAt.toISOString(), locationId: r.locationId, place: r.place, description: r.description, people: r.people,
  severity: r.severity, safetyAccident: r.safetyAccident, actions: r.actions, followUp: r.followUp,
});

const LEADER_ROLES = ['principal', 'vice_principal', 'director'] as const;

async function leaderIds(tx: Db, schoolId: number, except: number | null): Promise<number[]> {
  const rows = await rowsOf<{ user_id: number }>(tx, sql`SELECT DISTINCT r.user_id FROM user_roles r JOIN users u ON u.school_id = r.school_id AND u.id = r.user_id
    WHERE r.school_id = ${schoolId} AND u.active AND r.role IN (${sql.join(LEADER_ROLES.map((x) => sql`${x}`), sql`, `)})`);
  return rows.map((r) => Number(r.user_id)).filter((id) => id !== except);
}

export async function createIncident(tx: Db, actor: Actor, clock: Clock, input: CreateIncidentInput): Promise<number> {
  const now = clock.now();
  const occurredAt = new Date(input.occurredAt);
  if (occurredAt.getTime() > now.getTime() + CLOCK_SLACK_MS) throw badField('occurredAt', 'safety.dateInFuture');
  if (input.safetyAccident && !isLeader(actor.roles)) throw new AppError('safety.accidentLeadersOnly', 403, { fields: [{ path: 'safetyAccident', code: 'safety.accidentLeadersOnly' }] });
  if (input.locationId) await refs.location(tx, actor.schoolId, input.locationId, 'locationId');
  const tz = await schoolZone(tx, actor.schoolId);
  const [row] = await tx.insert(safetyIncidents).values({
    schoolId: actor.schoolId, title: input.title, occurredAt, year: Number(localDate(occurredAt, tz).slice(0, 4)),
    locationId: input.locationId ?? null, place: input.place ?? null, description: input.description, people: input.people ?? null,
    severity: input.severity, safetyAccident: input.safetyAccident, actions: input.actions ?? null, followUp: input.followUp ?? null,
    reporterId: actor.userId, reportedAt: now,
  }).returning();
  await attachFiles(tx, actor, { entity: ENTITY.incident, entityId: row.id, slot: 'photo' }, input.photoIds, 'photoIds');
  await recordAudit(tx, actor, { entity: ENTITY.incident, entityId: row.id, action: 'create', after: { ...audited(row), photos: input.photoIds.length } });
  // The school's leaders hear of every incident at once (the reporter excepted).
  await notify(tx, {
    schoolId: actor.schoolId, userIds: await leaderIds(tx, actor.schoolId, actor.userId),
    kind: row.safetyAccident ? 'safety.notify.accident' : 'safety.notify.incident',
    params: { title: row.title, severityKey: `safety.severity.${row.severity}`, reporter: actor.name ?? '' },
    link: `/safety/incidents/${row.id}`, entity: ENTITY.incident, entityId: row.id,
  });
  return row.id;
}

/** Leaders complete and correct a report (actions, follow-up, severity, the accident flag); `version` guards lost updates. */
export async function updateIncident(tx: Db, actor: Actor, clock: Clock, id: number, input: UpdateIncidentInput): Promise<void> {
  const [before] = await tx.select().from(safetyIncidents).where(and(eq(safetyIncidents.schoolId, actor.schoolId), eq(safetyIncidents.id, id)));
  if (!before) throw notFound();
  const set: Partial<typeof safetyIncidents.$inferInsert> = {};
  if (input.occurredAt !== undefined) {
    const at = new Date(input.occurredAt);
    if (at.getTime() > clock.now().getTime() + CLOCK_SLACK_MS) throw badField('occurredAt', 'safety.dateInFuture');
    set.occurredAt = at;
    set.year = Number(localDate(at, await schoolZone(tx, actor.schoolId)).slice(0, 4));
  }
  if (input.locationId) await refs.location(tx, actor.schoolId, input.locationId, 'locationId');
  for (const k of ['title', 'locationId', 'place', 'description', 'people', 'severity', 'safetyAccident', 'actions', 'followUp'] as const) {
    if (input[k] !== undefined) (set as Record<string, unknown>)[k] = input[k];
  }
  const locationAfter = set.locationId !== undefined ? set.locationId : before.locationId;
  const placeAfter = set.place !== undefined ? set.place : before.place;
  if (!locationAfter && !placeAfter) throw badField('place', 'safety.placeRequired');
  const [after] = await tx.update(safetyIncidents).set({ ...set, version: sql`${safetyIncidents.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(safetyIncidents.schoolId, actor.schoolId), eq(safetyIncidents.id, id), eq(safetyIncidents.version, input.version))).returning();
  if (!after) throw stale();
  if (input.photoIds) await attachFiles(tx, actor, { entity: ENTITY.incident, entityId: id, slot: 'photo' }, input.photoIds, 'photoIds', { replace: true });
  const changes = diff(audited(before), audited(after));
  const action = !before.safetyAccident && after.safetyAccident ? 'markAccident' : before.safetyAccident && !after.safetyAccident ? 'unmarkAccident' : 'update';
  await recordAudit(tx, actor, { entity: ENTITY.incident, entityId: id, action, before: changes?.before ?? {}, after: { ...(changes?.after ?? {}), ...(input.photoIds ? { photos: input.photoIds.length } : {}) } });
  if (action === 'markAccident') {
    await notify(tx, {
      schoolId: actor.schoolId, userIds: await leaderIds(tx, actor.schoolId, actor.userId), kind: 'safety.notify.accident',
      params: { title: after.title, severityKey: `safety.severity.${after.severity}`, reporter: actor.name ?? '' },
      link: `/safety/incidents/${id}`, entity: ENTITY.incident, entityId: id,
    });
  }
}

// ── Reading ──

function incidentOf(r: Raw, photos: Incident['photos']): Incident {
  return {
    id: Number(r.id), schoolId: Number(r.school_id), title: String(r.title), occurredAt: iso(r.occurred_at), year: Number(r.year),
    locationId: numOrNull(r.location_id), locationPath: strOrNull(r.location_path), place: strOrNull(r.place), description: String(r.description),
    people: strOrNull(r.people), severity: r.severity as Incident['severity'], safetyAccident: Boolean(r.safety_accident),
    actions: strOrNull(r.actions), followUp: strOrNull(r.follow_up), reporterId: numOrNull(r.reporter_id), reporterName: strOrNull(r.reporter_name),
    reportedAt: iso(r.reported_at), photos, updatedAt: iso(r.updated_at), version: Number(r.version),
  };
}

async function incidentsPage(db: Db, where: SQL, orderBy: SQL[], limit: number, dir: 'ASC' | 'DESC' = 'DESC'): Promise<Incident[]> {
  const inner = db.select().from(safetyIncidents).where(where).orderBy(...orderBy).limit(limit);
  const rows = await rowsOf<Raw>(db, sql`SELECT i.*, u.name AS reporter_name, CASE WHEN l.id IS NULL THEN NULL ELSE ${LOCATION_PATH_SQL('l')} END AS location_path
    FROM (${inner}) i
    LEFT JOIN users u ON u.school_id = i.school_id AND u.id = i.reporter_id
    LEFT JOIN locations l ON l.school_id = i.school_id AND l.id = i.location_id
    ORDER BY ${sql.raw(`i.occurred_at ${dir}, i.id ${dir}`)}`);
  const photos = new Map<number, Incident['photos']>();
  for (const s of new Set(rows.map((r) => Number(r.school_id)))) {
    for (const [id, fs] of await filesOf(db, s, ENTITY.incident, rows.filter((r) => Number(r.school_id) === s).map((r) => Number(r.id)))) photos.set(id, fs.map(({ slot: _s, ...f }) => f));
  }
  return rows.map((r) => incidentOf(r, photos.get(Number(r.id)) ?? []));
}

/** Leaders and the inspector see every incident of their schools; anyone else the ones they reported (narrowed in SQL). */
const visible = (reader: Reader): SQL | undefined => (isLeader(reader.roles) || reader.roles.includes('inspector') ? undefined : eq(safetyIncidents.reporterId, reader.userId));

export async function listIncidents(db: Db, reader: Reader, q: z.infer<typeof IncidentListQuery>, tz: string): Promise<{ items: Incident[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-occurredAt', sorts: { occurredAt: safetyIncidents.occurredAt }, id: safetyIncidents.id, cursor: q.cursor });
  const where = and(
    sql`${safetyIncidents.schoolId} IN (${intList(reader.schoolIds)})`,
    visible(reader),
    q.severity ? eq(safetyIncidents.severity, q.severity) : undefined,
    q.accident !== undefined ? eq(safetyIncidents.safetyAccident, q.accident) : undefined,
    q.year ? eq(safetyIncidents.year, q.year) : undefined,
    q.from ? sql`${safetyIncidents.occurredAt} >= ${startOfDay(q.from, tz).toISOString()}` : undefined,
    q.to ? sql`${safetyIncidents.occurredAt} < ${startOfDay(addDays(q.to, 1), tz).toISOString()}` : undefined,
    q.q ? sql`(${safetyIncidents.title} ILIKE ${like(q.q)} OR ${safetyIncidents.description} ILIKE ${like(q.q)} OR ${safetyIncidents.place} ILIKE ${like(q.q)})` : undefined,
    ks.where,
  )!;
  const items = await incidentsPage(db, where, ks.orderBy, q.limit, q.sort === 'occurredAt' ? 'ASC' : 'DESC');
  return { items, nextCursor: ks.next(items, q.limit) };
}

export async function getIncident(db: Db, reader: Reader, id: number): Promise<IncidentDetail> {
  const [r] = await incidentsPage(db, and(sql`${safetyIncidents.schoolId} IN (${intList(reader.schoolIds)})`, eq(safetyIncidents.id, id), visible(reader))!, [], 1);
  if (!r) throw notFound();
  return { ...r, history: await historyOf(db, r.schoolId, [{ entity: ENTITY.incident, ids: [id] }]) };
}
