import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import {
  PASS_CODE_ALPHABET, PASS_CODE_LENGTH, normalisePassCode,
  type CreateExitPassInput, type ExitPass, type ExitPassListQuery, type PassAction, type PassBrief, type PassStatus,
  type VerifyResult, type CheckStudentResult, type StudentLookupQuery, type GateStudent,
} from '../../../contracts/safetyGate';
import type { Role } from '../../../contracts/auth';
import { AppError } from '../../platform/errors';
import { rowsOf, preparedRows, pgArray, type Db } from '../../platform/db';
import { recordAudit, appendAudits, lockAuditHeadsSql, type Actor, type AuditHead } from '../../platform/audit';
import { keysetPage, type Reader } from './gate.query';
import { classesHeadedBy, findStudents, gateStudentOf, studentOf, ids, schoolInfo } from './gate.lookups';
import { gateSettingsOf, boarderRule, classHoursRule, startOfDay, addDays } from './gate.settings';
import { schoolCalendar } from '../../platform/schedules';
import { PASS_ISSUERS_ALL, GATE_LEADERS } from './gate.policy';

/*
 * Student exit passes 出门条. A pass is issued for one student by the class's head teacher (or a
 * leader), carries a short code, and is used once: the gate's scan is one conditional UPDATE
 * (state 'active', inside its validity) — two guards scanning the same pass at once record one exit.
 */

export const PASS_ENTITY = 'exitPass';

const hasAny = (roles: readonly string[] | undefined, wanted: readonly Role[]) => !!roles?.some((r) => wanted.includes(r as Role));
/** Who sees every pass of the school. */
const seesAllPasses = (roles: readonly string[]) => hasAny(roles, [...GATE_LEADERS, 'guard', 'inspector']);

export function newPassCode(): string {
  let s = '';
  for (let i = 0; i < PASS_CODE_LENGTH; i++) s += PASS_CODE_ALPHABET[randomInt(PASS_CODE_ALPHABET.length)];
  return s;
}

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const ms = (v: unknown) => new Date(v as string | Date).getTime();

/**
 * Passes with the student, class and people's names, in one statement. The names come from a
 * lateral subquery and scalar subplans rather than five joins: PGlite plans every statement anew,
 * and planning five joins costs more than the gate's whole look-up.
 */
function passSelect(from: SQL): SQL {
  return sql`SELECT p.*, s.student_name, s.student_no, s.boarder, s.grade, s.class_name, s.head_teacher_id,
      (SELECT u.name FROM users u WHERE u.school_id = p.school_id AND u.id = p.issued_by) AS issued_by_name,
      (SELECT u.name FROM users u WHERE u.school_id = p.school_id AND u.id = p.exited_by) AS exited_by_name,
      (SELECT u.name FROM users u WHERE u.school_id = p.school_id AND u.id = p.returned_by) AS returned_by_name
    FROM ${from} p
    LEFT JOIN LATERAL (SELECT st.name AS student_name, st.student_no, st.boarder, c.grade, c.name AS class_name, c.head_teacher_id
      FROM students st JOIN classes c ON c.school_id = st.school_id AND c.id = p.class_id
      WHERE st.school_id = p.school_id AND st.id = p.student_id) s ON true`;
}

/**
 * The columns the gate's answer reads (briefOf, passStatus, why): a third of the row. Under load
 * turning result rows into objects is a fair part of the scan's cost, timestamps most of all.
 */
const GATE_COLUMNS = sql.raw(['id', 'school_id', 'code', 'student_id', 'class_id', 'reason', 'valid_from', 'valid_until', 'with_guardian', 'guardian_name',
  'guardian_phone', 'state', 'issued_by', 'exited_at', 'exited_by', 'returned_at', 'returned_by'].map((c) => `e.${c}`).join(', '));

export function passStatus(r: Raw, now: Date): PassStatus {
  switch (r.state) {
    case 'cancelled': return 'cancelled';
    case 'returned': return 'returned';
    case 'used': return 'out';
    default: {
      const t = now.getTime();
      if (t < ms(r.valid_from)) return 'pending';
      if (t >= ms(r.valid_until)) return 'expired';
      return 'valid';
    }
  }
}

/** The steps this person may take on this pass now (the web shows exactly these buttons). */
function passActions(r: Raw, reader: Reader, now: Date): PassAction[] {
  if (!reader.schoolIds.includes(Number(r.school_id)) || reader.roles.includes('inspector')) return [];
  const out: PassAction[] = [];
  const ownClass = Number(r.head_teacher_id) === reader.userId || Number(r.issued_by) === reader.userId;
  if (r.state === 'active' && now.getTime() < ms(r.valid_until) && (hasAny(reader.roles, PASS_ISSUERS_ALL) || (reader.roles.includes('head_teacher') && ownClass))) out.push('cancel');
  if (r.state === 'used' && (hasAny(reader.roles, ['guard', 'director', 'vice_principal']) || (reader.roles.includes('head_teacher') && ownClass))) out.push('return');
  return out;
}

/** Who may send the guardian's link: the issuer, the class's head teacher, the leaders who issue for anyone. */
function mayShare(r: Raw, reader: Reader): boolean {
  if (!reader.schoolIds.includes(Number(r.school_id)) || reader.roles.includes('inspector')) return false;
  return Number(r.issued_by) === reader.userId || Number(r.head_teacher_id) === reader.userId || hasAny(reader.roles, PASS_ISSUERS_ALL);
}

export function passOf(r: Raw, reader: Reader | null, now: Date): ExitPass {
  return {
    id: Number(r.id), schoolId: Number(r.school_id), code: String(r.code), studentId: Number(r.student_id),
    studentName: (r.student_name as string) ?? '', studentNo: (r.student_no as string) ?? '', boarder: Boolean(r.boarder),
    classId: Number(r.class_id), grade: Number(r.grade ?? 0), className: (r.class_name as string) ?? '',
    reason: String(r.reason), validFrom: iso(r.valid_from)!, validUntil: iso(r.valid_until)!,
    withGuardian: Boolean(r.with_guardian), guardianName: (r.guardian_name as string | null) ?? null, guardianPhone: (r.guardian_phone as string | null) ?? null,
    state: r.state as ExitPass['state'], status: passStatus(r, now),
    issuedById: Number(r.issued_by), issuedByName: (r.issued_by_name as string) ?? '', issuedAt: iso(r.issued_at)!,
    exitedAt: iso(r.exited_at), exitedByName: (r.exited_by_name as string | null) ?? null,
    returnedAt: iso(r.returned_at), returnedByName: (r.returned_by_name as string | null) ?? null,
    overdueReturn: r.state === 'used' && ms(r.valid_until) <= now.getTime(),
    cancelledAt: iso(r.cancelled_at), cancelReason: (r.cancel_reason as string | null) ?? null, note: (r.note as string | null) ?? null,
    actions: reader ? passActions(r, reader, now) : [],
    shareToken: reader && r.share_token != null && mayShare(r, reader) ? String(r.share_token) : null,
    version: Number(r.version),
  };
}

export function briefOf(p: ExitPass): PassBrief {
  const { id, code, studentId, studentName, studentNo, boarder, classId, grade, className, reason, validFrom, validUntil, withGuardian,
    guardianName, guardianPhone, state, status, issuedByName, exitedAt, exitedByName, returnedAt } = p;
  return { id, code, studentId, studentName, studentNo, boarder, classId, grade, className, reason, validFrom, validUntil, withGuardian,
    guardianName, guardianPhone, state, status, issuedByName, exitedAt, exitedByName, returnedAt };
}

/** A head teacher issues for the students of their classes; the leaders for anyone. */
function mayIssueFor(actor: Actor, headTeacherId: number | null): boolean {
  if (hasAny(actor.roles, PASS_ISSUERS_ALL)) return true;
  return !!actor.roles?.includes('head_teacher') && headTeacherId !== null && Number(headTeacherId) === actor.userId;
}

const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

export async function issuePass(tx: Db, actor: Actor, input: CreateExitPassInput, now: Date): Promise<number> {
  const s = actor.schoolId;
  const student = await studentOf(tx, s, input.studentId);
  if (!student || !student.student_active) throw new AppError('gate.studentMissing', 400, { fields: [{ path: 'studentId', code: 'gate.studentMissing' }] });
  if (!mayIssueFor(actor, student.head_teacher_id)) throw new AppError('gate.notYourStudent', 403);
  const settings = await gateSettingsOf(tx, s);
  const from = new Date(input.validFrom), until = new Date(input.validUntil);
  if (until.getTime() <= now.getTime()) throw new AppError('gate.untilPast', 400, { fields: [{ path: 'validUntil', code: 'gate.untilPast' }] });
  if (until.getTime() - from.getTime() > settings.passMaxDays * 86_400_000) {
    throw new AppError('gate.passTooLong', 400, { params: { days: settings.passMaxDays }, fields: [{ path: 'validUntil', code: 'gate.passTooLong', params: { days: settings.passMaxDays } }] });
  }
  // A fresh random code; a clash with any earlier pass of the school is simply drawn again.
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = newPassCode();
    const [row] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO exit_passes (school_id, code, student_id, class_id, reason, valid_from, valid_until,
        with_guardian, guardian_name, guardian_phone, state, issued_by, issued_at, note, created_at, updated_at)
      VALUES (${s}, ${code}, ${student.student_id}, ${student.class_id}, ${input.reason}, ${at(from)}, ${at(until)}, ${input.withGuardian},
        ${input.withGuardian ? input.guardianName : null}, ${input.withGuardian ? input.guardianPhone : null}, 'active', ${actor.userId}, ${at(now)}, ${input.note ?? null}, ${at(now)}, ${at(now)})
      ON CONFLICT (school_id, code) DO NOTHING RETURNING id`);
    if (!row) continue;
    await recordAudit(tx, actor, {
      entity: PASS_ENTITY, entityId: row.id, action: 'create',
      after: { code, studentId: student.student_id, classId: student.class_id, reason: input.reason, validFrom: from, validUntil: until, withGuardian: input.withGuardian, guardianName: input.guardianName ?? null },
    });
    return Number(row.id);
  }
  throw new AppError('conflict', 409);
}

export interface Scan { actor: Actor; code: string; now: Date }

/**
 * The gate's answers to a group of scans (one guard's, or those that arrived together: see
 * gate.scan.ts), in one transaction of three statements however many scans:
 *  1. one statement reads every scanned code by the unique index (school_id, code), with the
 *     students' names and classes, lets out each pass valid at its scan's time by a conditional
 *     UPDATE (state 'active', inside its validity), and locks the audit chain heads of the schools
 *     that let someone out;
 *  2. the exits' audit entries are appended (platform/audit appendAudits);
 *  3. COMMIT.
 * Unknown, used, cancelled, not yet valid and expired passes are answered from the read. Of two
 * scans of one pass (in the group, or two guards on two servers) one UPDATE matches the row and
 * records the exit; the other answers "used".
 */
export async function verifyScans(db: Db, scans: Scan[], onAnswer?: (i: number, answer: VerifyResult) => void): Promise<VerifyResult[]> {
  const codes = scans.map((x) => normalisePassCode(x.code));
  const out: (VerifyResult | null)[] = scans.map(() => null);
  // Each answer goes out as soon as it is known (a guard waits for their own scan, not the group's).
  const answer = (i: number, result: VerifyResult['result'], pass: ExitPass | null, exitRecorded = false) => {
    out[i] = { result, exitRecorded, pass: pass && briefOf(pass), at: scans[i].now.toISOString() };
    onAnswer?.(i, out[i]);
  };
  const why = (pass: ExitPass): VerifyResult['result'] => (pass.state === 'cancelled' ? 'cancelled' : pass.state !== 'active' ? 'used' : pass.status === 'pending' ? 'not_yet_valid' : pass.status === 'expired' ? 'expired' : 'valid');
  const keyOf = (schoolId: unknown, code: unknown) => `${schoolId}:${code}`;
  // The first scan of each code tries; a second scan of the same code in the group answers after it.
  const first = new Map<string, number>();
  scans.forEach((x, i) => {
    if (!/^[A-Z0-9]{1,20}$/.test(codes[i])) return answer(i, 'no_pass', null);
    const key = keyOf(x.actor.schoolId, codes[i]);
    if (!first.has(key)) first.set(key, i);
  });
  const tries = [...first.values()];
  if (tries.length) {
    const exits = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      // Arrays, one per column: one statement text for any number of scans (planning a VALUES
      // list of n rows costs more than reading them).
      const rows = await preparedRows<Raw & { exited: boolean; heads: AuditHead[] | string | null }>(tx, sql`WITH k AS (
          SELECT * FROM unnest(${pgArray(tries.map((i) => scans[i].actor.schoolId))}::int[], ${pgArray(tries.map((i) => codes[i]))}::text[],
            ${pgArray(tries.map((i) => scans[i].now.toISOString()))}::timestamptz[], ${pgArray(tries.map((i) => scans[i].actor.userId))}::int[]) k(school_id, code, at, by)
        ), p AS (
          ${passSelect(sql`(SELECT ${GATE_COLUMNS}, k.at AS scan_at, k.by AS scan_by FROM k JOIN exit_passes e ON e.school_id = k.school_id AND e.code = k.code)`)}
        ), done AS (
          UPDATE exit_passes e SET state = 'used', exited_at = p.scan_at, exited_by = p.scan_by, version = e.version + 1, updated_at = p.scan_at
          FROM p WHERE e.school_id = p.school_id AND e.id = p.id AND p.state = 'active' AND p.valid_from <= p.scan_at AND p.valid_until > p.scan_at
            AND e.state = 'active'
          RETURNING e.school_id, e.id
        ), heads AS (${lockAuditHeadsSql(sql`SELECT school_id FROM done`)})
        SELECT p.*, d.id IS NOT NULL AS exited, (SELECT json_agg(h) FROM heads h) AS heads
        FROM p LEFT JOIN done d ON d.school_id = p.school_id AND d.id = p.id`);
      const found = new Map(rows.map((r) => [keyOf(r.school_id, r.code), r]));
      const exited: { i: number; pass: ExitPass }[] = [];
      for (const i of tries) {
        const row = found.get(keyOf(scans[i].actor.schoolId, codes[i]));
        if (row?.exited) exited.push({ i, pass: passOf(row, null, scans[i].now) });
      }
      const heads = rows[0]?.heads;
      await appendAudits(tx, (typeof heads === 'string' ? JSON.parse(heads) : heads) ?? [], exited.map(({ i, pass }) => ({
        actor: scans[i].actor,
        entry: { entity: PASS_ENTITY, entityId: pass.id, action: 'exit', before: { state: 'active' }, after: { state: 'used', exitedAt: scans[i].now } },
      })));
      return { found, exited };
    });
    for (const { i, pass } of exits.exited) {
      const scan = scans[i];
      answer(i, 'valid', { ...pass, state: 'used', status: 'out', exitedAt: scan.now.toISOString(), exitedByName: scan.actor.name }, true);
    }
    for (const i of tries) {
      if (out[i]) continue;
      const row = exits.found.get(keyOf(scans[i].actor.schoolId, codes[i]));
      if (!row) { answer(i, 'no_pass', null); continue; }
      const pass = passOf(row, null, scans[i].now);
      if (why(pass) !== 'valid') answer(i, why(pass), pass);
      // Valid when read but not let out: another server let the student out meanwhile; read again below.
    }
  }
  // A second scan of a code in this group answers as its first did, except that a pass the first let
  // out is now "used" (no second exit). A first scan that lost a race with another server is read again.
  scans.forEach((x, i) => {
    if (out[i]) return;
    const j = first.get(keyOf(x.actor.schoolId, codes[i]));
    const prior = j === undefined || j === i ? null : out[j];
    if (!prior) return;
    out[i] = { result: prior.exitRecorded ? 'used' : prior.result, exitRecorded: false, pass: prior.pass, at: x.now.toISOString() };
    onAnswer?.(i, out[i]);
  });
  const rest = scans.map((_, i) => i).filter((i) => !out[i]);
  if (rest.length) {
    const rows = await rowsOf<Raw>(db, passSelect(sql`(SELECT ${GATE_COLUMNS} FROM unnest(${pgArray(rest.map((i) => scans[i].actor.schoolId))}::int[], ${pgArray(rest.map((i) => codes[i]))}::text[]) k(school_id, code)
      JOIN exit_passes e ON e.school_id = k.school_id AND e.code = k.code)`));
    const again = new Map(rows.map((r) => [keyOf(r.school_id, r.code), r]));
    for (const i of rest) {
      const row = again.get(keyOf(scans[i].actor.schoolId, codes[i]));
      const pass = row ? passOf(row, null, scans[i].now) : null;
      answer(i, pass ? (why(pass) === 'valid' ? 'used' : why(pass)) : 'no_pass', pass);
    }
  }
  return out as VerifyResult[];
}

/** One scan's answer (see verifyScans). */
export async function verifyPass(db: Db, actor: Actor, rawCode: string, now: Date): Promise<VerifyResult> {
  return (await verifyScans(db, [{ actor, code: rawCode, now }]))[0];
}

/** Marks a student back in: one conditional UPDATE from 'used'. */
export async function returnPass(tx: Db, actor: Actor, id: number, reader: Reader, now: Date, note: string | null): Promise<void> {
  const row = await loadVisible(tx, reader, id);
  if (!passActions(row, reader, now).includes('return')) {
    throw row.state !== 'used' ? new AppError('gate.passNotOut', 409) : new AppError('gate.notYourStudent', 403);
  }
  const [done] = await rowsOf<{ id: number }>(tx, sql`UPDATE exit_passes SET state = 'returned', returned_at = ${at(now)}, returned_by = ${actor.userId},
      version = version + 1, updated_at = ${at(now)}, note = COALESCE(${note}, note)
    WHERE school_id = ${actor.schoolId} AND id = ${id} AND state = 'used' RETURNING id`);
  if (!done) throw new AppError('gate.passNotOut', 409);
  await recordAudit(tx, actor, { entity: PASS_ENTITY, entityId: id, action: 'return', before: { state: 'used' }, after: { state: 'returned', returnedAt: now, note } });
}

export async function cancelPass(tx: Db, actor: Actor, id: number, reader: Reader, now: Date, reason: string): Promise<void> {
  const row = await loadVisible(tx, reader, id);
  if (!passActions(row, reader, now).includes('cancel')) {
    throw row.state !== 'active' || now.getTime() >= ms(row.valid_until) ? new AppError('gate.passNotActive', 409) : new AppError('gate.notYourStudent', 403);
  }
  const [done] = await rowsOf<{ id: number }>(tx, sql`UPDATE exit_passes SET state = 'cancelled', cancelled_at = ${at(now)}, cancelled_by = ${actor.userId},
      cancel_reason = ${reason}, version = version + 1, updated_at = ${at(now)}
    WHERE school_id = ${actor.schoolId} AND id = ${id} AND state = 'active' RETURNING id`);
  if (!done) throw new AppError('gate.passNotActive', 409);
  await recordAudit(tx, actor, { entity: PASS_ENTITY, entityId: id, action: 'cancel', before: { state: 'active' }, after: { state: 'cancelled', reason } });
}

/** A head teacher sees the passes of their classes and those they issued; leaders, guards and inspectors all. */
function visibility(reader: Reader): SQL | undefined {
  if (seesAllPasses(reader.roles)) return undefined;
  return sql`(p.issued_by = ${reader.userId} OR p.class_id IN (SELECT id FROM classes hc WHERE hc.school_id = p.school_id AND hc.head_teacher_id = ${reader.userId}))`;
}

async function loadVisible(db: Db, reader: Reader, id: number): Promise<Raw> {
  const conds = [sql`p.school_id IN (${ids(reader.schoolIds)})`, sql`p.id = ${id}`, visibility(reader)].filter(Boolean) as SQL[];
  const [row] = await rowsOf<Raw>(db, sql`${passSelect(sql`exit_passes`)} WHERE ${sql.join(conds, sql` AND `)} LIMIT 1`);
  if (!row) throw new AppError('notFound', 404);
  return row;
}

export async function getPass(db: Db, reader: Reader, id: number, now: Date): Promise<ExitPass> {
  return passOf(await loadVisible(db, reader, id), reader, now);
}

export async function listPasses(db: Db, reader: Reader, q: ExitPassListQuery, now: Date, tz: string) {
  const conds: SQL[] = [sql`school_id IN (${ids(reader.schoolIds)})`];
  const vis = visibility(reader);
  if (vis) conds.push(sql`(issued_by = ${reader.userId} OR class_id IN (SELECT id FROM classes hc WHERE hc.school_id = exit_passes.school_id AND hc.head_teacher_id = ${reader.userId}))`);
  if (q.mine) conds.push(sql`issued_by = ${reader.userId}`);
  if (q.classId) conds.push(sql`class_id = ${q.classId}`);
  if (q.studentId) conds.push(sql`student_id = ${q.studentId}`);
  const n = at(now);
  switch (q.status) {
    case 'valid': conds.push(sql`state = 'active' AND valid_from <= ${n} AND valid_until > ${n}`); break;
    case 'pending': conds.push(sql`state = 'active' AND valid_from > ${n}`); break;
    case 'expired': conds.push(sql`state = 'active' AND valid_until <= ${n}`); break;
    case 'out': conds.push(sql`state = 'used'`); break;
    case 'overdueReturn': conds.push(sql`state = 'used' AND valid_until <= ${n}`); break;
    case 'returned': conds.push(sql`state = 'returned'`); break;
    case 'cancelled': conds.push(sql`state = 'cancelled'`); break;
    case 'used': conds.push(sql`state IN ('used', 'returned')`); break;
    default: break;
  }
  if (q.from) conds.push(sql`issued_at >= ${at(startOfDay(q.from, tz))}`);
  if (q.to) conds.push(sql`issued_at < ${at(startOfDay(addDays(q.to, 1), tz))}`);
  if (q.q) {
    const like = `${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(sql`(code = ${normalisePassCode(q.q)} OR student_id IN (SELECT st.id FROM students st WHERE st.school_id = exit_passes.school_id AND (st.name LIKE ${like} OR st.student_no LIKE ${like})))`);
  }
  return keysetPage(db, {
    table: 'exit_passes', where: conds, sortColumn: 'issued_at', sort: q.sort, cursor: q.cursor, limit: q.limit,
    select: passSelect, map: (r) => passOf(r, reader, now),
  });
}

/** The head teacher's form and the guard's look-up: a head teacher only finds the students of their classes. */
export async function lookupStudents(db: Db, reader: Reader, q: StudentLookupQuery): Promise<GateStudent[]> {
  const s = reader.schoolIds[0];
  const onlyMine = q.mine || !hasAny(reader.roles, [...GATE_LEADERS, 'guard']);
  const classIds = onlyMine ? await classesHeadedBy(db, s, reader.userId) : undefined;
  return (await findStudents(db, s, { q: q.q, classId: q.classId, classIds, limit: q.limit })).map(gateStudentOf);
}

/**
 * A student at the gate without a code: a pass valid now answers "has a pass" (its code lets them
 * out); otherwise the rule says whether they may leave and why — boarders are kept in during the
 * school week, day students during class hours, both only on days of school (the school calendar's
 * terms, holidays and make-up days: gate.settings.ts boarderRule / classHoursRule).
 */
export async function checkStudent(db: Db, schoolId: number, studentId: number, now: Date): Promise<CheckStudentResult> {
  const student = await studentOf(db, schoolId, studentId);
  if (!student) throw new AppError('notFound', 404);
  const [next] = await rowsOf<Raw>(db, sql`${passSelect(sql`(SELECT * FROM exit_passes WHERE school_id = ${schoolId} AND student_id = ${studentId}
      AND state = 'active' AND valid_until > ${at(now)} ORDER BY valid_from, id LIMIT 1)`)}`);
  const pass = next ? passOf(next, null, now) : null;
  const base = { student: gateStudentOf(student), pass: pass && briefOf(pass), at: now.toISOString() };
  if (pass?.status === 'valid') return { result: 'has_pass', reason: 'valid_pass', ...base };
  const [settings, school, calendar] = await Promise.all([gateSettingsOf(db, schoolId), schoolInfo(db, schoolId), schoolCalendar(db, schoolId)]);
  if (student.boarder) {
    const rule = boarderRule(now, school.timezone, settings, calendar);
    return { result: rule.closed ? 'needs_pass' : 'may_leave', reason: rule.reason, ...base };
  }
  const rule = classHoursRule(now, school.timezone, settings, calendar);
  return { result: rule.inClass ? 'needs_pass' : 'may_leave', reason: rule.reason, ...base };
}
