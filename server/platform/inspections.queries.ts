// Reading templates and inspections: a page in one statement, photos in one query per page.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import { AppError } from './errors';
import { filesOf } from './files';
import { keyset } from './pagination';
import { PLACE_PATH_SQL, placeSubtree } from './inspections.places';
import { inspections, inspectionTemplateItems } from './inspections.tables';
import { INSPECTION_ENTITY, itemSlot, seesAll, type InspectionReader } from './inspections';
import type {
  InspectionTemplate, TemplateDetail, TemplateItem, TemplateListQuery, Inspection, InspectionDetail, InspectionListQuery, Severity, RectState,
} from '../../contracts/inspections';

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const num = (v: unknown) => (v == null ? null : Number(v));

/* ── Templates ── */

function templateOf(r: Raw): InspectionTemplate {
  return {
    id: Number(r.id), schoolId: Number(r.school_id), code: String(r.code), domain: String(r.domain),
    name: { zh: String(r.name_zh), en: (r.name_en as string | null) ?? null }, frequency: r.frequency as InspectionTemplate['frequency'],
    revision: Number(r.revision), active: Boolean(r.active), customized: Boolean(r.customized), itemCount: Number(r.item_count ?? 0),
    version: Number(r.version), updatedAt: iso(r.updated_at)!,
  };
}

const templateSelect = (where: SQL) => sql`SELECT t.*, (SELECT count(*)::int FROM inspection_template_items i
    WHERE i.school_id = t.school_id AND i.template_id = t.id AND i.revision = t.revision) AS item_count
  FROM inspection_templates t WHERE ${where}`;

/** A school's templates (a few dozen at most: one page, by domain then name). */
export async function listTemplates(db: Db, schoolIds: number[], q: Partial<TemplateListQuery>): Promise<InspectionTemplate[]> {
  const conds: SQL[] = [sql`t.school_id IN (${sql.join(schoolIds.map((x) => sql`${x}::int`), sql`, `)})`];
  if (q.domain) conds.push(sql`t.domain = ${q.domain}`);
  if (q.active !== undefined) conds.push(sql`t.active = ${q.active}`);
  const rows = await rowsOf<Raw>(db, sql`${templateSelect(sql.join(conds, sql` AND `))} ORDER BY t.domain, t.code, t.id LIMIT 500`);
  return rows.map(templateOf);
}

export function itemOf(x: typeof inspectionTemplateItems.$inferSelect): TemplateItem {
  return {
    id: x.id, position: x.position, section: { zh: x.sectionZh, en: x.sectionEn }, text: { zh: x.textZh, en: x.textEn },
    guidance: x.guidanceZh ? { zh: x.guidanceZh, en: x.guidanceEn } : null, mode: x.mode as TemplateItem['mode'], maxScore: x.maxScore,
    photoRequired: x.photoRequired, critical: x.critical, kind: x.kind,
  };
}

export async function getTemplate(db: Db, schoolIds: number[], id: number, revision?: number): Promise<TemplateDetail> {
  const [row] = await rowsOf<Raw>(db, templateSelect(sql`t.school_id IN (${sql.join(schoolIds.map((x) => sql`${x}::int`), sql`, `)}) AND t.id = ${id}`));
  if (!row) throw new AppError('notFound', 404);
  const t = templateOf(row);
  const shown = revision ?? t.revision;
  if (shown > t.revision) throw new AppError('notFound', 404);
  const items = await db.select().from(inspectionTemplateItems)
    .where(and(eq(inspectionTemplateItems.schoolId, t.schoolId), eq(inspectionTemplateItems.templateId, id), eq(inspectionTemplateItems.revision, shown)))
    .orderBy(inspectionTemplateItems.position);
  return { ...t, shownRevision: shown, items: items.map(itemOf) };
}

/* ── Inspections ── */

function pageSql(where: SQL, orderBy: SQL, limit: number): SQL {
  return sql`SELECT i.*, i.day::text AS day, t.code AS template_code, t.name_zh, t.name_en, u.name AS inspector_name, l.name AS location_name,
      ${PLACE_PATH_SQL('l')} AS location_path,
      (SELECT count(*)::int FROM inspection_template_items x WHERE x.school_id = i.school_id AND x.template_id = i.template_id AND x.revision = i.template_revision) AS item_count,
      (SELECT sum(x.max_score)::int FROM inspection_template_items x WHERE x.school_id = i.school_id AND x.template_id = i.template_id AND x.revision = i.template_revision AND x.mode = 'score') AS max_score,
      (SELECT count(*)::int FROM inspection_results r WHERE r.school_id = i.school_id AND r.inspection_id = i.id) AS answered,
      (SELECT count(*) FILTER (WHERE r.outcome = 'pass')::int FROM inspection_results r WHERE r.school_id = i.school_id AND r.inspection_id = i.id) AS live_pass,
      (SELECT count(*) FILTER (WHERE r.outcome = 'fail')::int FROM inspection_results r WHERE r.school_id = i.school_id AND r.inspection_id = i.id) AS live_fail
    FROM (SELECT * FROM inspections WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) i
    JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
    JOIN users u ON u.school_id = i.school_id AND u.id = i.inspector_id
    LEFT JOIN locations l ON l.school_id = i.school_id AND l.id = i.location_id`;
}

function inspectionOf(r: Raw): Inspection {
  const submitted = r.state === 'submitted';
  return {
    id: Number(r.id), schoolId: Number(r.school_id), templateId: Number(r.template_id), templateCode: String(r.template_code),
    templateName: { zh: String(r.name_zh), en: (r.name_en as string | null) ?? null }, templateRevision: Number(r.template_revision),
    domain: String(r.domain), locationId: num(r.location_id), locationName: (r.location_name as string | null) ?? null,
    locationPath: (r.location_path as string | null) ?? null, zone: (r.zone as string | null) ?? null, state: r.state as Inspection['state'],
    inspectorId: Number(r.inspector_id), inspectorName: String(r.inspector_name ?? ''), day: String(r.day).slice(0, 10),
    startedAt: iso(r.started_at)!, submittedAt: iso(r.submitted_at), note: (r.note as string | null) ?? null,
    itemCount: Number(r.item_count ?? 0), answeredCount: Number(r.answered ?? 0),
    passCount: submitted ? Number(r.pass_count) : Number(r.live_pass ?? 0), failCount: submitted ? Number(r.fail_count) : Number(r.live_fail ?? 0),
    score: num(r.score), maxScore: num(r.max_score), version: Number(r.version),
  };
}

const I = inspections;

export async function inspectionConditions(db: Db, reader: InspectionReader, q: Partial<InspectionListQuery>): Promise<SQL> {
  const conds: (SQL | undefined)[] = [inArray(I.schoolId, reader.schoolIds)];
  if (!seesAll(reader.roles)) conds.push(eq(I.inspectorId, reader.userId));
  if (q.domain) conds.push(eq(I.domain, q.domain));
  if (q.templateId) conds.push(eq(I.templateId, q.templateId));
  if (q.inspectorId) conds.push(eq(I.inspectorId, q.inspectorId));
  if (q.state) conds.push(eq(I.state, q.state));
  if (q.locationId) conds.push(await placeSubtree(db, reader.schoolIds, q.locationId, sql`${I.locationId}`));
  if (q.from) conds.push(sql`${I.day} >= ${q.from}`);
  if (q.to) conds.push(sql`${I.day} <= ${q.to}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(sql`(${I.zone} ILIKE ${like} OR ${I.note} ILIKE ${like})`);
  }
  return and(...conds)!;
}

export async function listInspections(db: Db, reader: InspectionReader, q: InspectionListQuery): Promise<{ items: Inspection[]; nextCursor: string | null }> {
  const ks = keyset({ sort: q.sort, defaultSort: '-startedAt', sorts: { startedAt: I.startedAt }, id: I.id, cursor: q.cursor });
  const where = and(await inspectionConditions(db, reader, q), ks.where)!;
  const dir = sql.raw(q.sort === 'startedAt' ? 'ASC' : 'DESC');
  const rows = await rowsOf<Raw>(db, sql`${pageSql(where, sql.join(ks.orderBy, sql`, `), q.limit)} ORDER BY i.started_at ${dir}, i.id ${dir}`);
  const items = rows.map(inspectionOf);
  return { items, nextCursor: ks.next(items.map((x) => ({ id: x.id, startedAt: x.startedAt })), q.limit) };
}

/** One inspection: the items of its revision with their results and photos, and its findings. */
export async function getInspection(db: Db, reader: InspectionReader, id: number): Promise<InspectionDetail> {
  const rows = await rowsOf<Raw>(db, pageSql(and(inArray(I.schoolId, reader.schoolIds), eq(I.id, id))!, sql`${I.id}`, 1));
  const row = rows[0];
  if (!row || (!seesAll(reader.roles) && Number(row.inspector_id) !== reader.userId)) throw new AppError('notFound', 404);
  const base = inspectionOf(row);
  const s = base.schoolId;
  const items = await db.select().from(inspectionTemplateItems)
    .where(and(eq(inspectionTemplateItems.schoolId, s), eq(inspectionTemplateItems.templateId, base.templateId), eq(inspectionTemplateItems.revision, base.templateRevision)))
    .orderBy(inspectionTemplateItems.position);
  const results = new Map((await rowsOf<Raw>(db, sql`SELECT item_id, outcome, score, note, severity FROM inspection_results WHERE school_id = ${s} AND inspection_id = ${id}`))
    .map((r) => [Number(r.item_id), r]));
  const files = (await filesOf(db, s, INSPECTION_ENTITY, [id])).get(id) ?? [];
  const findings = await rowsOf<Raw>(db, sql`SELECT id, source_item_id, title, state, severity FROM rectifications
    WHERE school_id = ${s} AND source = 'inspection' AND source_id = ${id} ORDER BY id`);
  const mine = reader.schoolIds.includes(s) && base.inspectorId === reader.userId && base.state === 'in_progress';
  return {
    ...base,
    items: items.map((x) => {
      const r = results.get(x.id);
      return {
        ...itemOf(x),
        result: r ? {
          outcome: r.outcome as 'pass' | 'fail', score: num(r.score), note: (r.note as string | null) ?? null, severity: (r.severity as Severity | null) ?? null,
          photos: files.filter((f) => f.slot === itemSlot(x.id)).map(({ slot: _slot, ...f }) => f),
        } : null,
      };
    }),
    findings: findings.map((f) => ({ id: Number(f.id), itemId: num(f.source_item_id), title: String(f.title), state: f.state as RectState, severity: f.severity as Severity })),
    actions: mine ? ['edit', 'submit'] : [],
  };
}

/** Submitted inspections of a domain in a period (reports): per template, with their failures. */
export async function inspectionsSubmittedIn(db: Db, schoolId: number, domain: string, from: Date, to: Date) {
  return rowsOf<{ id: number; template_id: number; name_zh: string; name_en: string | null; day: string; location: string | null; zone: string | null; inspector: string; fail_count: number; pass_count: number }>(db, sql`
    SELECT i.id, i.template_id, t.name_zh, t.name_en, i.day::text AS day, ${PLACE_PATH_SQL('l')} AS location, i.zone, u.name AS inspector, i.fail_count, i.pass_count
    FROM inspections i JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
    JOIN users u ON u.school_id = i.school_id AND u.id = i.inspector_id
    LEFT JOIN locations l ON l.school_id = i.school_id AND l.id = i.location_id
    WHERE i.school_id = ${schoolId} AND i.domain = ${domain} AND i.state = 'submitted'
      AND i.submitted_at >= ${from.toISOString()} AND i.submitted_at < ${to.toISOString()}
    ORDER BY i.submitted_at, i.id`);
}

