import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AgreementListQuery, AgreementYear, CreatePostInput, SafetyPost, SignAgreementInput, UpdateAgreementInput, UpdatePostInput, Agreement } from '../../../contracts/safetyRecords';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, diff, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import { localDate } from '../../platform/schedules';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { safetyAgreements, safetyPosts } from './records.tables';
import { ENTITY, badField, iso, notFound, numOrNull, schoolZone, stale, strOrNull } from './records.common';
import { CLASS_LABEL_SQL, activeClasses } from './records.lookups';

/*
 * Safety responsibility agreements 安全责任书: the school keeps its posts (校长, 分管副校长, 总务主任,
 * 班主任 of each class, 门卫, 食堂管理员, 宿管员 …) with the person responsible; each year every post
 * signs one agreement (who signed, when, the scan). The year's view lists every active post with its
 * agreement or none — the unsigned posts are the ones to chase.
 */

type Raw = Record<string, unknown>;

function uniqueError(e: unknown): never {
  const { code, constraint } = pgErrorCode(e);
  if (code === '23505' && constraint?.includes('class')) throw new AppError('safety.postClassTaken', 409, { fields: [{ path: 'classId', code: 'safety.postClassTaken' }] });
  if (code === '23505') throw new AppError('safety.postNameTaken', 409, { fields: [{ path: 'name', code: 'safety.postNameTaken' }] });
  throw e;
}

export async function createPost(tx: Db, actor: Actor, input: CreatePostInput): Promise<number> {
  if (input.classId) await refs.schoolClass(tx, actor.schoolId, input.classId, 'classId');
  if (input.holderId) await refs.user(tx, actor.schoolId, input.holderId, 'holderId');
  let id: number;
  try {
    [{ id }] = await tx.insert(safetyPosts).values({
      schoolId: actor.schoolId, name: input.name, classId: input.classId ?? null, holderId: input.holderId ?? null, note: input.note ?? null,
    }).returning({ id: safetyPosts.id });
  } catch (e) { uniqueError(e); }
  await recordAudit(tx, actor, { entity: ENTITY.post, entityId: id, action: 'create', after: { name: input.name, classId: input.classId ?? null, holderId: input.holderId ?? null } });
  return id;
}

export async function updatePost(tx: Db, actor: Actor, clock: Clock, id: number, input: UpdatePostInput): Promise<void> {
  const [before] = await tx.select().from(safetyPosts).where(and(eq(safetyPosts.schoolId, actor.schoolId), eq(safetyPosts.id, id)));
  if (!before) throw notFound();
  if (input.classId) await refs.schoolClass(tx, actor.schoolId, input.classId, 'classId');
  if (input.holderId) await refs.user(tx, actor.schoolId, input.holderId, 'holderId');
  const set: Partial<typeof safetyPosts.$inferInsert> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.classId !== undefined) set.classId = input.classId;
  if (input.holderId !== undefined) set.holderId = input.holderId;
  if (input.note !== undefined) set.note = input.note;
  if (input.active !== undefined) set.active = input.active;
  let after;
  try {
    [after] = await tx.update(safetyPosts).set({ ...set, version: sql`${safetyPosts.version} + 1`, updatedAt: clock.now() })
      .where(and(eq(safetyPosts.schoolId, actor.schoolId), eq(safetyPosts.id, id), eq(safetyPosts.version, input.version))).returning();
  } catch (e) { uniqueError(e); }
  if (!after) throw stale();
  const pick = (p: typeof before) => ({ name: p.name, classId: p.classId, holderId: p.holderId, note: p.note, active: p.active });
  const changes = diff(pick(before), pick(after));
  if (changes) await recordAudit(tx, actor, { entity: ENTITY.post, entityId: id, action: 'update', ...changes });
}

/** A 班主任 post for every active class that has none, held by the class's head teacher. */
export async function postsFromClasses(tx: Db, actor: Actor): Promise<number> {
  const classes = await activeClasses(tx, actor.schoolId);
  const have = new Set((await tx.select({ classId: safetyPosts.classId }).from(safetyPosts).where(eq(safetyPosts.schoolId, actor.schoolId))).map((r) => r.classId));
  const names = new Set((await tx.select({ name: safetyPosts.name }).from(safetyPosts).where(eq(safetyPosts.schoolId, actor.schoolId))).map((r) => r.name));
  const rows = classes.filter((c) => !have.has(c.id) && !names.has(headTeacherPost(c.label)))
    .map((c) => ({ schoolId: actor.schoolId, name: headTeacherPost(c.label), classId: c.id, holderId: c.headTeacherId }));
  if (!rows.length) return 0;
  const made = await tx.insert(safetyPosts).values(rows).onConflictDoNothing().returning({ id: safetyPosts.id });
  await recordAudit(tx, actor, { entity: ENTITY.post, entityId: 'fromClasses', action: 'create', after: { posts: made.length } });
  return made.length;
}

export const headTeacherPost = (classLabel: string) => `班主任（${classLabel}）`;

export async function listPosts(db: Db, schoolIds: number[], active?: boolean): Promise<SafetyPost[]> {
  const rows = await rowsOf<Raw>(db, sql`SELECT p.*, ${CLASS_LABEL_SQL('c')} AS class_name, u.name AS holder_name FROM safety_posts p
    LEFT JOIN classes c ON c.school_id = p.school_id AND c.id = p.class_id
    LEFT JOIN users u ON u.school_id = p.school_id AND u.id = p.holder_id
    WHERE p.school_id IN (${sql.join(schoolIds.map((s) => sql`${s}::int`), sql`, `)}) ${active === undefined ? sql`` : sql`AND p.active = ${active}`}
    ORDER BY p.school_id, p.class_id NULLS FIRST, p.id LIMIT 1000`);
  return rows.map(postOf);
}

function postOf(r: Raw): SafetyPost {
  return {
    id: Number(r.id), schoolId: Number(r.school_id), name: String(r.name), classId: numOrNull(r.class_id), className: strOrNull(r.class_name),
    holderId: numOrNull(r.holder_id), holderName: strOrNull(r.holder_name), note: strOrNull(r.note), active: Boolean(r.active), version: Number(r.version),
  };
}

// ── Agreements ──

export async function signAgreement(tx: Db, actor: Actor, clock: Clock, input: SignAgreementInput): Promise<number> {
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  const [post] = await tx.select().from(safetyPosts).where(and(eq(safetyPosts.schoolId, actor.schoolId), eq(safetyPosts.id, input.postId)));
  if (!post || !post.active) throw badField('postId', 'safety.postMissing');
  await refs.user(tx, actor.schoolId, input.signerId, 'signerId');
  if (input.signedOn > today) throw badField('signedOn', 'safety.dateInFuture');
  let id: number;
  try {
    [{ id }] = await tx.insert(safetyAgreements).values({
      schoolId: actor.schoolId, postId: input.postId, year: input.year, signerId: input.signerId, signedOn: input.signedOn,
      note: input.note ?? null, createdBy: actor.userId,
    }).returning({ id: safetyAgreements.id });
  } catch (e) {
    if (pgErrorCode(e).code === '23505') throw new AppError('safety.alreadySigned', 409, { params: { year: input.year }, fields: [{ path: 'postId', code: 'safety.alreadySigned', params: { year: input.year } }] });
    throw e;
  }
  await attachFiles(tx, actor, { entity: ENTITY.agreement, entityId: id, slot: 'scan' }, input.scanIds, 'scanIds');
  await recordAudit(tx, actor, {
    entity: ENTITY.agreement, entityId: id, action: 'create',
    after: { postId: input.postId, post: post.name, year: input.year, signerId: input.signerId, signedOn: input.signedOn, scans: input.scanIds.length },
  });
  return id;
}

/** Corrects an agreement (signer, date, note, scans); returns its year. */
export async function updateAgreement(tx: Db, actor: Actor, clock: Clock, id: number, input: UpdateAgreementInput): Promise<number> {
  const [before] = await tx.select().from(safetyAgreements).where(and(eq(safetyAgreements.schoolId, actor.schoolId), eq(safetyAgreements.id, id)));
  if (!before) throw notFound();
  const today = localDate(clock.now(), await schoolZone(tx, actor.schoolId));
  if (input.signerId) await refs.user(tx, actor.schoolId, input.signerId, 'signerId');
  if (input.signedOn && input.signedOn > today) throw badField('signedOn', 'safety.dateInFuture');
  const set: Partial<typeof safetyAgreements.$inferInsert> = {};
  if (input.signerId !== undefined) set.signerId = input.signerId;
  if (input.signedOn !== undefined) set.signedOn = input.signedOn;
  if (input.note !== undefined) set.note = input.note;
  const [after] = await tx.update(safetyAgreements).set({ ...set, version: sql`${safetyAgreements.version} + 1`, updatedAt: clock.now() })
    .where(and(eq(safetyAgreements.schoolId, actor.schoolId), eq(safetyAgreements.id, id), eq(safetyAgreements.version, input.version))).returning();
  if (!after) throw stale();
  if (input.scanIds) await attachFiles(tx, actor, { entity: ENTITY.agreement, entityId: id, slot: 'scan' }, input.scanIds, 'scanIds', { replace: true });
  const pick = (a: typeof before) => ({ signerId: a.signerId, signedOn: a.signedOn, note: a.note });
  const changes = diff(pick(before), pick(after));
  await recordAudit(tx, actor, { entity: ENTITY.agreement, entityId: id, action: 'update', before: changes?.before ?? {}, after: { ...(changes?.after ?? {}), ...(input.scanIds ? { scans: input.scanIds.length } : {}) } });
  return after.year;
}

/** The year's agreements: every active post of the school with its agreement (or none), one statement; scans in one query. */
export async function agreementYear(db: Db, schoolId: number, clock: Clock, q: z.infer<typeof AgreementListQuery>): Promise<AgreementYear> {
  const year = q.year ?? Number(localDate(clock.now(), await schoolZone(db, schoolId)).slice(0, 4));
  const rows = await rowsOf<Raw>(db, sql`SELECT p.*, ${CLASS_LABEL_SQL('c')} AS class_name, u.name AS holder_name,
      a.id AS a_id, a.year AS a_year, a.signer_id, s.name AS signer_name, a.signed_on::text AS signed_on, a.note AS a_note, a.version AS a_version, a.updated_at AS a_updated_at
    FROM safety_posts p
    LEFT JOIN classes c ON c.school_id = p.school_id AND c.id = p.class_id
    LEFT JOIN users u ON u.school_id = p.school_id AND u.id = p.holder_id
    LEFT JOIN safety_agreements a ON a.school_id = p.school_id AND a.post_id = p.id AND a.year = ${year}
    LEFT JOIN users s ON s.school_id = a.school_id AND s.id = a.signer_id
    WHERE p.school_id = ${schoolId} AND p.active
    ORDER BY p.class_id NULLS FIRST, p.id LIMIT 1000`);
  const scans = await filesOf(db, schoolId, ENTITY.agreement, rows.filter((r) => r.a_id != null).map((r) => Number(r.a_id)));
  const all = rows.map((r) => ({
    post: postOf(r),
    agreement: r.a_id == null ? null : {
      id: Number(r.a_id), postId: Number(r.id), year: Number(r.a_year), signerId: Number(r.signer_id), signerName: strOrNull(r.signer_name),
      signedOn: String(r.signed_on), note: strOrNull(r.a_note), scans: (scans.get(Number(r.a_id)) ?? []).map(({ slot: _s, ...f }) => f),
      version: Number(r.a_version), updatedAt: iso(r.a_updated_at),
    } satisfies Agreement,
  }));
  const signed = all.filter((x) => x.agreement).length;
  const needle = q.q ? q.q.toLowerCase() : null;
  const items = all.filter((x) => (q.signed === undefined || (x.agreement != null) === q.signed)
    && (!needle || [x.post.name, x.post.holderName ?? '', x.post.className ?? ''].some((s) => s.toLowerCase().includes(needle))));
  return { year, posts: all.length, signed, unsigned: all.length - signed, items };
}
