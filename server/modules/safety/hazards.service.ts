// Hazards on the inspection engine: reporting one, the actions on it (domain 'safety' only), and the
// monthly report's submission to the district.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { Actor } from '../../platform/audit';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { notify } from '../../platform/notifications';
import { keyset } from '../../platform/pagination';
import { createRectification, actOnRectification, type InspectionDomainHooks } from '../../platform/inspections';
import type { RectAction, AssignInput, RectifyInput, VerifyInput, RejectInput } from '../../../contracts/inspections';
import type { ReportHazardInput, HazardMonthlyReport, SubmittedReport, SubmittedListQuery } from '../../../contracts/safetyHazards';
import { hazardReportSubmissions } from './hazards.tables';
import { monthlyReport, DOMAIN } from './hazards.report';
import { SECTION_KINDS } from './hazards.templates';
import { HAZARD_MANAGERS } from './hazards.policy';
import { completeInvestigationTask } from './hazards.investigation';

export const hazardLink = (id: number) => `/safety/hazards/${id}`;

/**
 * The safety domain on the inspection engine: the director assigns, the vice principal verifies and
 * is escalated to; a finding's kind is its section's (校舍 → building …); a submitted inspection with
 * a critical failure is told at once to the principal and the vice principal; a monthly investigation
 * closes its month's task.
 */
export const safetyInspectionDomain: InspectionDomainHooks = {
  domain: DOMAIN,
  managers: HAZARD_MANAGERS,
  assignerRole: 'director',
  verifierRole: 'vice_principal',
  escalationRole: 'vice_principal',
  link: hazardLink,
  findingKind: (item) => item.kind ?? SECTION_KINDS[item.section] ?? 'other',
  onSubmitted: async (tx, i) => {
    await completeInvestigationTask(tx, i.schoolId, i.inspectionId, i.templateCode);
    const critical = i.failed.filter((f) => f.critical);
    if (!critical.length) return;
    const leaders = await rowsOf<{ id: number }>(tx, sql`SELECT DISTINCT u.id FROM user_roles r JOIN users u ON u.school_id = r.school_id AND u.id = r.user_id
      WHERE r.school_id = ${i.schoolId} AND r.role IN ('principal','vice_principal') AND u.active`);
    await notify(tx, {
      schoolId: i.schoolId, userIds: leaders.map((l) => Number(l.id)), kind: 'hazards.notify.criticalFinding',
      params: { items: critical.map((f) => f.text).join('；'), count: critical.length }, link: hazardLink(critical[0].rectificationId), entity: 'inspection', entityId: i.inspectionId,
    });
  },
};

/** A hazard reported by anyone: a rectification of the safety domain, waiting for an owner. */
export async function reportHazard(tx: Db, actor: Actor, input: ReportHazardInput, clock: Clock): Promise<number> {
  const firstLine = input.description.split(/\r?\n/)[0].trim();
  const title = input.title?.trim() || (firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine);
  const { id } = await createRectification(tx, actor, {
    domain: DOMAIN, source: 'hazard', title, description: input.description, locationId: input.locationId ?? null,
    zone: input.locationId ? null : input.zone ?? null, kind: input.kind, severity: input.severity, photoIds: input.photoIds,
  }, clock);
  return id;
}

type Inputs = { assign: AssignInput; rectify: RectifyInput; verify: VerifyInput; reject: RejectInput };

/** An action on a hazard: the engine's, for rectifications of the safety domain only (another domain's is "not found"). */
export async function actOnHazard<A extends RectAction>(tx: Db, actor: Actor, id: number, action: A, input: Inputs[A], clock: Clock): Promise<void> {
  const [r] = await rowsOf<{ domain: string }>(tx, sql`SELECT domain FROM rectifications WHERE school_id = ${actor.schoolId} AND id = ${id}`);
  if (!r || r.domain !== DOMAIN) throw new AppError('notFound', 404);
  await actOnRectification(tx, actor, id, action, input, clock);
}

/* ───────────── Submission to the district ───────────── */

/**
 * Freezes the month's report and sends it to the district. A month may be sent again (a correction):
 * it becomes the next revision and must say why (`note`); the earlier revisions stay readable. Two
 * submissions at the same moment: the unique (school, month, revision) lets one through, the other is 409.
 */
export async function submitMonthlyReport(tx: Db, actor: Actor, input: { month: string; note?: string | null }, clock: Clock): Promise<{ id: number; revision: number }> {
  const s = actor.schoolId;
  const report = await monthlyReport(tx, s, input.month, clock);
  const [prev] = await rowsOf<{ revision: number }>(tx, sql`SELECT coalesce(max(revision), 0)::int AS revision FROM hazard_report_submissions WHERE school_id = ${s} AND month = ${input.month}`);
  const revision = Number(prev?.revision ?? 0) + 1;
  if (revision > 1 && !input.note?.trim()) throw new AppError('hazards.resubmitNoteRequired', 400, { fields: [{ path: 'note', code: 'hazards.resubmitNoteRequired' }] });
  const now = clock.now();
  const [row] = await tx.insert(hazardReportSubmissions).values({
    schoolId: s, month: input.month, revision, snapshot: report, note: input.note?.trim() || null, submittedBy: actor.userId!, submittedAt: now,
  }).onConflictDoNothing().returning({ id: hazardReportSubmissions.id });
  if (!row) throw new AppError('hazards.reportConflict', 409);
  await recordAudit(tx, actor, { entity: 'hazardReport', entityId: row.id, action: 'submit', after: { month: input.month, revision, totals: report.totals, note: input.note ?? null } });
  // The district's inspectors are told (their notifications live in the bureau's rows).
  const inspectors = await rowsOf<{ id: number; school_id: number }>(tx, sql`SELECT u.id, u.school_id FROM users u
    JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id AND r.role = 'inspector'
    JOIN schools b ON b.id = u.school_id AND b.kind = 'bureau'
    WHERE b.district_id = (SELECT district_id FROM schools WHERE id = ${s}) AND u.active`);
  const byBureau = new Map<number, number[]>();
  for (const i of inspectors) byBureau.set(Number(i.school_id), [...(byBureau.get(Number(i.school_id)) ?? []), Number(i.id)]);
  for (const [bureau, userIds] of byBureau) {
    await notify(tx, { schoolId: bureau, userIds, kind: 'hazards.notify.submitted', params: { school: report.schoolName, month: input.month, revision }, link: `/safety/hazards/submitted/${row.id}`, entity: 'hazardReport', entityId: row.id });
  }
  return { id: row.id, revision };
}

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const snapshotOf = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as HazardMonthlyReport;

function submittedOf(r: Raw): SubmittedReport {
  const report = snapshotOf(r.snapshot);
  return {
    id: Number(r.id), schoolId: Number(r.school_id), schoolName: String(r.school_name), month: String(r.month), revision: Number(r.revision),
    note: (r.note as string | null) ?? null, submittedAt: iso(r.submitted_at), submittedByName: String(r.submitted_by_name ?? ''), totals: report.totals,
  };
}

const submittedSql = (where: ReturnType<typeof sql>, limit: number) => sql`
  SELECT h.*, sc.name AS school_name, u.name AS submitted_by_name FROM (
    SELECT * FROM hazard_report_submissions WHERE ${where} ORDER BY submitted_at DESC, id DESC LIMIT ${limit}) h
  JOIN schools sc ON sc.id = h.school_id
  JOIN users u ON u.school_id = h.school_id AND u.id = h.submitted_by
  ORDER BY h.submitted_at DESC, h.id DESC`;

/** Submitted reports of the reader's schools (the district's, for an inspector), newest first. */
export async function listSubmitted(db: Db, schoolIds: number[], q: SubmittedListQuery): Promise<{ items: SubmittedReport[]; nextCursor: string | null }> {
  const T = hazardReportSubmissions;
  const ks = keyset({ sort: '-submittedAt', defaultSort: '-submittedAt', sorts: { submittedAt: T.submittedAt }, id: T.id, cursor: q.cursor });
  const conds = [sql`school_id IN (${sql.join(schoolIds.map((x) => sql`${x}::int`), sql`, `)})`];
  if (q.month) conds.push(sql`month = ${q.month}`);
  if (ks.where) conds.push(ks.where);
  const rows = await rowsOf<Raw>(db, submittedSql(sql.join(conds, sql` AND `), q.limit));
  const items = rows.map(submittedOf);
  return { items, nextCursor: ks.next(items.map((x) => ({ id: x.id, submittedAt: x.submittedAt })), q.limit) };
}

export async function getSubmitted(db: Db, schoolIds: number[], id: number): Promise<SubmittedReport & { report: HazardMonthlyReport }> {
  const [r] = await rowsOf<Raw>(db, submittedSql(sql`school_id IN (${sql.join(schoolIds.map((x) => sql`${x}::int`), sql`, `)}) AND id = ${id}`, 1));
  if (!r) throw new AppError('notFound', 404);
  return { ...submittedOf(r), report: snapshotOf(r.snapshot) };
}

/** The latest submission of a school's month, if any. */
export async function latestSubmission(db: Db, schoolId: number, month: string) {
  const [r] = await rowsOf<Raw>(db, sql`SELECT h.id, h.revision, h.submitted_at, u.name FROM hazard_report_submissions h
    JOIN users u ON u.school_id = h.school_id AND u.id = h.submitted_by
    WHERE h.school_id = ${schoolId} AND h.month = ${month} ORDER BY h.revision DESC LIMIT 1`);
  return r ? { id: Number(r.id), revision: Number(r.revision), submittedAt: iso(r.submitted_at), submittedByName: String(r.name) } : null;
}
