// Reading approvals: the inbox boxes (one statement per page) and the detail with every round.
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import { AppError } from './errors';
import { filesOf } from './files';
import { getSettings } from './settings';
import {
  approvalsSettings, canSee, refusal, isLeader, COLLECTIVE_ENTITY,
  type ApprovalKindDef, type ApprovalRow, type StepRow,
} from './approvals';
import type { Role } from '../../contracts/auth';
import type { ApprovalListQuery, ApprovalItem, ApprovalDetail, ApprovalStep, CollectiveDecision, ApprovalState, StepDecision } from '../../contracts/approvals';

/** Who is reading: the schools they may read (an inspector: the district's), their own school, themselves, their roles. */
export interface Reader { schoolIds: number[]; schoolId: number; userId: number; roles: readonly string[] }

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const ids = (xs: readonly (number | string)[]) => sql.join(xs.map((x) => sql`${x}`), sql`, `);

const encode = (v: [string, number]) => Buffer.from(JSON.stringify(v)).toString('base64url');
function decode(cursor: string): [string, number] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && Number.isInteger(v[1])) return v as [string, number];
  } catch { /* fall through */ }
  throw new AppError('badCursor', 400, { fields: [{ path: 'cursor', code: 'badCursor' }] });
}

/** An approval row of a raw statement, typed like the table's rows (for the rules in approvals.ts). */
function rowOf(r: Raw): ApprovalRow {
  const d = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));
  return {
    schoolId: Number(r.school_id), id: Number(r.id), kind: String(r.kind), documentId: Number(r.document_id), title: String(r.title),
    summary: (r.summary as string | null) ?? null, link: String(r.link), amountFen: Number(r.amount_fen), applicantId: Number(r.applicant_id),
    state: r.state as ApprovalState, round: Number(r.round), currentPosition: r.current_position == null ? null : Number(r.current_position),
    currentRole: (r.current_step_role as string | null) ?? null, collectiveRequired: r.collective_required === true || r.collective_required === 't',
    submittedAt: d(r.submitted_at)!, endedAt: d(r.ended_at), version: Number(r.version), createdAt: d(r.created_at)!, updatedAt: d(r.updated_at)!,
  };
}

function itemOf(r: Raw, kinds: (kind: string) => ApprovalKindDef | undefined): ApprovalItem {
  const a = rowOf(r);
  return {
    id: a.id, schoolId: a.schoolId, kind: a.kind, kindLabelKey: kinds(a.kind)?.labelKey ?? a.kind, documentId: a.documentId,
    title: a.title, summary: a.summary, link: a.link, amountFen: a.amountFen, applicantId: a.applicantId,
    applicantName: (r.applicant_name as string) ?? '', state: a.state, round: a.round, currentRole: (a.currentRole as Role | null) ?? null,
    submittedAt: iso(a.submittedAt)!, endedAt: iso(a.endedAt),
    myDecision: (r.my_decision as StepDecision | null) ?? null, myDecidedAt: iso(r.my_decided_at),
  };
}

/** What a reader may see in a list: a leader or an inspector everything of their schools; others what they applied for or could decide. */
function visible(reader: Reader): SQL {
  if (isLeader(reader.roles) || reader.roles.includes('inspector')) return sql`TRUE`;
  const roles = reader.roles.length ? sql`(${ids(reader.roles)})` : sql`(NULL)`;
  return sql`(a.applicant_id = ${reader.userId} OR EXISTS (SELECT 1 FROM approval_steps s WHERE s.school_id = a.school_id AND s.approval_id = a.id
    AND (s.role IN ${roles} OR s.decided_by = ${reader.userId})))`;
}

/**
 * A page of one box, in one statement: `todo` (pending at a step whose role I hold, not mine, no step
 * of this round decided by me; oldest first), `done` (those I decided; my latest decision first),
 * `mine` (those I submitted) and `all` (everything I may see), newest first. Keyset on (time, id).
 */
export async function listApprovals(db: Db, reader: Reader, q: ApprovalListQuery, kinds: (kind: string) => ApprovalKindDef | undefined): Promise<{ items: ApprovalItem[]; nextCursor: string | null }> {
  const limit = q.limit;
  const cursor = q.cursor ? decode(q.cursor) : null;
  const filters: SQL[] = [];
  if (q.kind) filters.push(sql`a.kind = ${q.kind}`);
  if (q.state) filters.push(sql`a.state = ${q.state}`);
  if (q.q) filters.push(sql`a.title ILIKE ${`%${q.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`}`);
  const and = (xs: SQL[]) => (xs.length ? sql.join(xs, sql` AND `) : sql`TRUE`);
  const roles = reader.roles.length ? sql`(${ids(reader.roles)})` : sql`(NULL)`;
  const base = sql`SELECT a.*, u.name AS applicant_name`;
  const join = sql`JOIN users u ON u.school_id = a.school_id AND u.id = a.applicant_id`;
  let rows: Raw[];
  let timeKey: string;

  if (q.box === 'done') {
    timeKey = 'my_decided_at';
    const after = cursor ? sql`AND (d.at, d.approval_id) < (${cursor[0]}::timestamptz, ${cursor[1]})` : sql``;
    rows = await rowsOf<Raw>(db, sql`
      WITH d AS (SELECT approval_id, max(decided_at) AS at FROM approval_steps
                 WHERE school_id = ${reader.schoolId} AND decided_by = ${reader.userId} GROUP BY approval_id)
      ${base}, d.at AS my_decided_at,
        (SELECT s.decision FROM approval_steps s WHERE s.school_id = a.school_id AND s.approval_id = a.id AND s.decided_by = ${reader.userId}
         ORDER BY s.decided_at DESC, s.id DESC LIMIT 1) AS my_decision
      FROM d JOIN approvals a ON a.school_id = ${reader.schoolId} AND a.id = d.approval_id ${join}
      WHERE ${and(filters)} ${after}
      ORDER BY d.at DESC, d.approval_id DESC LIMIT ${limit}`);
  } else {
    timeKey = 'submitted_at';
    const conds = [...filters];
    let asc = false;
    if (q.box === 'todo') {
      asc = true;
      conds.push(sql`a.school_id = ${reader.schoolId}`, sql`a.state = 'pending'`, sql`a.current_step_role IN ${roles}`, sql`a.applicant_id <> ${reader.userId}`,
        sql`NOT EXISTS (SELECT 1 FROM approval_steps s WHERE s.school_id = a.school_id AND s.approval_id = a.id AND s.round = a.round AND s.decided_by = ${reader.userId})`);
    } else if (q.box === 'mine') {
      conds.push(sql`a.school_id = ${reader.schoolId}`, sql`a.applicant_id = ${reader.userId}`);
    } else {
      conds.push(sql`a.school_id IN (${ids(reader.schoolIds)})`, visible(reader));
    }
    if (cursor) conds.push(asc ? sql`(a.submitted_at, a.id) > (${cursor[0]}::timestamptz, ${cursor[1]})` : sql`(a.submitted_at, a.id) < (${cursor[0]}::timestamptz, ${cursor[1]})`);
    const order = asc ? sql`a.submitted_at ASC, a.id ASC` : sql`a.submitted_at DESC, a.id DESC`;
    rows = await rowsOf<Raw>(db, sql`${base}, NULL AS my_decision, NULL AS my_decided_at FROM approvals a ${join} WHERE ${and(conds)} ORDER BY ${order} LIMIT ${limit}`);
  }
  const items = rows.map((r) => itemOf(r, kinds));
  const last = rows[rows.length - 1];
  const nextCursor = rows.length < limit || !last ? null : encode([iso(last[timeKey])!, Number(last.id)]);
  return { items, nextCursor };
}

/** One approval with every round's steps, its collective decisions and what this reader may do now; 404 when they may not see it. */
export async function getApproval(db: Db, reader: Reader, id: number, kinds: (kind: string) => ApprovalKindDef | undefined): Promise<ApprovalDetail> {
  const [r] = await rowsOf<Raw>(db, sql`SELECT a.*, u.name AS applicant_name FROM approvals a
    JOIN users u ON u.school_id = a.school_id AND u.id = a.applicant_id
    WHERE a.school_id IN (${ids(reader.schoolIds)}) AND a.id = ${id}`);
  if (!r) throw new AppError('notFound', 404);
  return detailOf(db, reader, r, kinds);
}

/** The approval of a document (its page embeds the panel); null when there is none the reader may see. */
export async function approvalOfDocument(db: Db, reader: Reader, schoolId: number, kind: string, documentId: number, kinds: (kind: string) => ApprovalKindDef | undefined): Promise<ApprovalDetail | null> {
  const [r] = await rowsOf<Raw>(db, sql`SELECT a.*, u.name AS applicant_name FROM approvals a
    JOIN users u ON u.school_id = a.school_id AND u.id = a.applicant_id
    WHERE a.school_id = ${schoolId} AND a.kind = ${kind} AND a.document_id = ${documentId}`);
  if (!r) return null;
  try {
    return await detailOf(db, reader, r, kinds);
  } catch (e) {
    if (e instanceof AppError && e.status === 404) return null;
    throw e;
  }
}

async function detailOf(db: Db, reader: Reader, r: Raw, kinds: (kind: string) => ApprovalKindDef | undefined): Promise<ApprovalDetail> {
  const a = rowOf(r);
  const stepRows = await rowsOf<Raw>(db, sql`SELECT s.*, u.name AS decided_by_name FROM approval_steps s
    LEFT JOIN users u ON u.school_id = s.school_id AND u.id = s.decided_by
    WHERE s.school_id = ${a.schoolId} AND s.approval_id = ${a.id} ORDER BY s.round, s.position`);
  const steps: (StepRow & { decidedByName: string | null })[] = stepRows.map((s) => ({
    schoolId: a.schoolId, id: Number(s.id), approvalId: a.id, round: Number(s.round), position: Number(s.position), role: String(s.role),
    decision: (s.decision as StepRow['decision']) ?? null, decidedBy: s.decided_by == null ? null : Number(s.decided_by),
    decidedAt: s.decided_at == null ? null : new Date(iso(s.decided_at)!), comment: (s.comment as string | null) ?? null,
    decidedByName: (s.decided_by_name as string | null) ?? null,
  }));
  if (!reader.schoolIds.includes(a.schoolId) || !canSee(reader, a, steps)) throw new AppError('notFound', 404);

  const cdRows = await rowsOf<Raw>(db, sql`SELECT c.*, u.name AS recorded_by_name FROM approval_collective_decisions c
    JOIN users u ON u.school_id = c.school_id AND u.id = c.recorded_by
    WHERE c.school_id = ${a.schoolId} AND c.approval_id = ${a.id} ORDER BY c.round`);
  const files = await filesOf(db, a.schoolId, COLLECTIVE_ENTITY, cdRows.map((c) => Number(c.id)));
  const collectiveDecisions: CollectiveDecision[] = cdRows.map((c) => ({
    id: Number(c.id), round: Number(c.round), meetingDate: String(c.meeting_date).slice(0, 10), attendees: String(c.attendees), resolution: String(c.resolution),
    recordedBy: Number(c.recorded_by), recordedByName: String(c.recorded_by_name ?? ''), recordedAt: iso(c.recorded_at)!,
    files: (files.get(Number(c.id)) ?? []).map(({ slot: _slot, ...f }) => f), version: Number(c.version),
  }));

  const roundSteps = steps.filter((s) => s.round === a.round);
  const current = a.state === 'pending' ? roundSteps.find((s) => s.position === a.currentPosition) ?? null : null;
  const collectiveMissing = a.state === 'pending' && a.collectiveRequired && !collectiveDecisions.some((c) => c.round === a.round);
  const ownSchool = a.schoolId === reader.schoolId && !reader.roles.includes('inspector');
  const mayDecide = ownSchool && !!current && refusal(reader, a, current, roundSteps) === null;
  const isLast = !!current && current.position === roundSteps.length - 1;
  const may = {
    approve: mayDecide && !(isLast && collectiveMissing),
    reject: mayDecide,
    return: mayDecide,
    collectiveDecision: ownSchool && a.state === 'pending' && a.collectiveRequired && (a.applicantId === reader.userId || isLeader(reader.roles)),
  };
  const { collectiveThresholdFen } = await getSettings(db, a.schoolId, approvalsSettings);
  const stepList: ApprovalStep[] = steps.map((s) => ({
    id: s.id, round: s.round, position: s.position, role: s.role as Role, decision: s.decision, decidedBy: s.decidedBy,
    decidedByName: s.decidedByName, decidedAt: iso(s.decidedAt), comment: s.comment,
  }));
  return {
    ...itemOf(r, kinds), steps: stepList, currentStepId: current?.id ?? null, collectiveRequired: a.collectiveRequired,
    collectiveThresholdFen, collectiveMissing, collectiveDecisions, can: may, version: a.version,
  };
}
