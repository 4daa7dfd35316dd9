import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { CreateEducationInput, EducationCompliance, EducationListQuery, EducationRecord, UpdateEducationInput } from '../../../contracts/safetyRecords';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, diff, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { localDate, schoolTerms } from '../../platform/schedules';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { safetyEducation } from './records.tables';
import { ENTITY, badField, historyOf, intList, iso, isLeader, like, notFound, numOrNull, schoolZone, stale, strOrNull, type Reader } from './records.common';
import { CLASS_LABEL_SQL, activeClasses } from './records.lookups';
import { recordsSettingsOf } from './records.settings';
import { firstDay, isSchoolMonth, lastDay, monthOfDay, termOfMonth } from './records.months';

/*
 * Safety education 安全教育: school safety meetings (two a term, counted against the term of the
 * school calendar) and class sessions (one a month per class in school months). Leaders record
 * meetings and any class's session; a head teacher records sessions of the class they lead only;
 * a teacher who leads no class records the sessions they gave.
 */

type Raw = Record<string, unknown>;

/** May this person record (or change) a session of this class? Leaders any class; a head teacher only their own. */
async function checkClass(tx: Db, actor: Actor, classId: number, field: string) {
  const c = await refs.schoolClass(tx, actor.schoolId, classId, field);
  if (isLeader(actor.roles)) return;
  if ((actor.roles ?? []).includes('head_teacher') && Number(c.headTeacherId) !== actor.userId) {
    throw new AppError('safety.notYourClass', 403, { fields: [{ path: field, code: 'safety.notYourClass' }] });
  }
}

const audited = (r: typeof safetyEducation.$inferSelect) => ({
  kind: r.kind, heldOn: r.heldOn, classId: r.classId, topic: r.topic, teacherId: r.teacherId, attendees: r.attendees, note: r.note,
});

export async function createEducation(tx: Db, actor: Actor, clock: Clock, input: CreateEducationInput): Promise<number> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  if (input.kind === 'meeting' && !isLeader(actor.roles)) throw new AppError('safety.meetingLeadersOnly', 403);
  if (input.heldOn > today) throw badField('heldOn', 'safety.dateInFuture');
  if (input.classId) await checkClass(tx, actor, input.classId, 'classId');
  if (input.teacherId) await refs.user(tx, actor.schoolId, input.teacherId, 'teacherId');
  const [row] = await tx.insert(safetyEducation).values({
    schoolId: actor.schoolId, kind: input.kind, heldOn: input.heldOn, classId: input.kind === 'class_session' ? input.classId ?? null : null,
    topic: input.topic, teacherId: input.teacherId ?? actor.userId, attendees: input.attendees ?? null, note: input.note ?? null, createdBy: actor.userId,
  }).returning();
  await attachFiles(tx, actor, { entity: ENTITY.education, entityId: row.id, slot: 'photo' }, input.photoIds, 'photoIds');
  await recordAudit(tx, actor, { entity: ENTITY.education, entityId: row.id, action: 'create', after: { ...audited(row), photos: input.photoIds.length } });
  return row.id;
}

export async function updateEducation(tx: Db, actor: Actor, clock: Clock, id: number, input: UpdateEducationInput): Promise<void> {
  const [before] = await tx.select().from(safetyEducation).where(and(eq(safetyEducation.schoolId, actor.schoolId), eq(safetyEducation.id, id)));
  if (!before) throw notFound();
  // Leaders change any record; others only what they recorded, and only while it is (still) their class.
  if (!isLeader(actor.roles)) {
    if (before.createdBy !== actor.userId) throw new AppError('safety.notYours', 403);
    if (before.classId) await checkClass(tx, actor, before.classId, 'classId');
  }
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  if (input.heldOn && input.heldOn > today) throw badField('heldOn', 'safety.dateInFuture');
  if (input.classId !== undefined) {
    if (before.kind === 'meeting') throw badField('classId', 'safety.meetingNoClass');
    await checkClass(tx, actor, input.classId, 'classId');
  }
  if (input.teacherId !== undefined) await refs.user(tx, actor.schoolId, input.teacherId, 'teacherId');
  const set: Partial<typeof safetyEducation.$inferInsert> = {};
  if (input.heldOn !== undefined) set.heldOn = input.heldOn;
  if (input.classId !== undefined) set.classId = input.classId;
  if (input.topic !== undefined) set.topic = input.topic;
  if (input.teacherId !== undefined) set.teacherId = input.teacherId;
  if (input.attendees !== undefined) set.attendees = input.attendees;
  if (input.note !== undefined) set.note = input.note;
  const [after] = await tx.update(safetyEducation).set({ ...set, version: sql`${safetyEducation.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(safetyEducation.schoolId, actor.schoolId), eq(safetyEducation.id, id), eq(safetyEducation.version, input.version))).returning();
  if (!after) throw stale();
  if (input.photoIds) await attachFiles(tx, actor, { entity: ENTITY.education, entityId: id, slot: 'photo' }, input.photoIds, 'photoIds', { replace: true });
  const changes = diff(audited(before), audited(after));
  await recordAudit(tx, actor, { entity: ENTITY.education, entityId: id, action: 'update', before: changes?.before ?? {}, after: { ...(changes?.after ?? {}), ...(input.photoIds ? { photos: input.photoIds.length } : {}) } });
}

// ── Reading ──

function recordOf(r: Raw, photos: EducationRecord['photos']): EducationRecord {
  return {
    id: Number(r.id), schoolId: Number(r.school_id), kind: r.kind as EducationRecord['kind'], heldOn: String(r.held_on),
    classId: numOrNull(r.class_id), className: strOrNull(r.class_name), topic: String(r.topic), teacherId: numOrNull(r.teacher_id),
    teacherName: strOrNull(r.teacher_name), attendees: numOrNull(r.attendees), note: strOrNull(r.note), photos,
    createdById: numOrNull(r.created_by), createdAt: iso(r.created_at), updatedAt: iso(r.updated_at), version: Number(r.version),
  };
}

async function educationPage(db: Db, where: SQL, orderBy: SQL[], limit: number, dir: 'ASC' | 'DESC' = 'DESC'): Promise<EducationRecord[]> {
  const inner = db.select().from(safetyEducation).where(where).orderBy(...orderBy).limit(limit);
  const rows = await rowsOf<Raw>(db, sql`SELECT e.*, ${CLASS_LABEL_SQL('c')} AS class_name, u.name AS teacher_name
    FROM (${inner}) e
    LEFT JOIN classes c ON c.school_id = e.school_id AND c.id = e.class_id
    LEFT JOIN users u ON u.school_id = e.school_id AND u.id = e.teacher_id
    ORDER BY ${sql.raw(`e.held_on ${dir}, e.id ${dir}`)}`);
  const photos = new Map<number, EducationRecord['photos']>();
  for (const s of new Set(rows.map((r) => Number(r.school_id)))) {
    for (const [id, fs] of await filesOf(db, s, ENTITY.education, rows.filter((r) => Number(r.school_id) === s).map((r) => Number(r.id)))) photos.set(id, fs.map(({ slot: _s, ...f }) => f));
  }
  return rows.map((r) => recordOf(r, photos.get(Number(r.id)) ?? []));
}

export async function listEducation(db: Db, reader: Reader, q: z.infer<typeof EducationListQuery>): Promise<{ items: EducationRecord[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-heldOn', sorts: { heldOn: safetyEducation.heldOn }, id: safetyEducation.id, cursor: q.cursor });
  const where = and(
    sql`${safetyEducation.schoolId} IN (${intList(reader.schoolIds)})`,
    q.kind ? eq(safetyEducation.kind, q.kind) : undefined,
    q.classId ? eq(safetyEducation.classId, q.classId) : undefined,
    q.from ? sql`${safetyEducation.heldOn} >= ${q.from}` : undefined,
    q.to ? sql`${safetyEducation.heldOn} <= ${q.to}` : undefined,
    q.q ? sql`${safetyEducation.topic} ILIKE ${like(q.q)}` : undefined,
    ks.where,
  )!;
  const items = await educationPage(db, where, ks.orderBy, q.limit, q.sort === 'heldOn' ? 'ASC' : 'DESC');
  return { items, nextCursor: ks.next(items, q.limit) };
}

export async function getEducation(db: Db, schoolIds: number[], id: number) {
  const [r] = await educationPage(db, and(sql`${safetyEducation.schoolId} IN (${intList(schoolIds)})`, eq(safetyEducation.id, id))!, [], 1);
  if (!r) throw notFound();
  return { ...r, history: await historyOf(db, r.schoolId, [{ entity: ENTITY.education, ids: [id] }]) };
}

/**
 * The month's compliance: each active class with its sessions this month (one grouped query), the
 * classes short of the required number in a school month, and the term's meetings against the rule.
 */
export async function educationCompliance(db: Db, schoolId: number, clock: Clock, month?: string): Promise<EducationCompliance> {
  const tz = await schoolZone(db, schoolId);
  const focus = month ?? monthOfDay(localDate(clock.now(), tz));
  const [terms, settings, classes] = await Promise.all([schoolTerms(db, schoolId), recordsSettingsOf(db, schoolId), activeClasses(db, schoolId)]);
  const schoolMonth = isSchoolMonth(focus, terms, settings.schoolMonthMinDays);
  const term = termOfMonth(focus, terms);
  const sessions = await rowsOf<{ class_id: number; n: number; last_on: string }>(db, sql`SELECT class_id, count(*)::int AS n, max(held_on)::text AS last_on
    FROM safety_education WHERE school_id = ${schoolId} AND kind = 'class_session' AND held_on BETWEEN ${firstDay(focus)} AND ${lastDay(focus)}
    GROUP BY class_id`);
  const byClass = new Map(sessions.map((s) => [Number(s.class_id), s]));
  const [{ n: meetings }] = term
    ? await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM safety_education
        WHERE school_id = ${schoolId} AND kind = 'meeting' AND held_on BETWEEN ${term.start} AND ${term.end}`)
    : [{ n: 0 }];
  const rows = classes.map((c) => ({
    classId: c.id, grade: c.grade, name: c.label, headTeacherId: c.headTeacherId, headTeacherName: c.headTeacherName,
    sessions: Number(byClass.get(c.id)?.n ?? 0), lastOn: byClass.get(c.id)?.last_on ?? null,
  }));
  const required = schoolMonth ? settings.classSessionsPerMonth : 0;
  return {
    month: focus, schoolMonth, term: term ? { name: term.name, start: term.start, end: term.end } : null, sessionsRequired: required,
    classes: rows, classesShort: rows.filter((r) => r.sessions < required).length,
    meetingsTerm: Number(meetings), meetingsRequired: term ? settings.meetingsPerTerm : 0,
  };
}
