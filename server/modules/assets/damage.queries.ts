import { sql, type SQL } from 'drizzle-orm';
import type { DamageDetail, DamageListQuery, DamagePayment, DamageReport, DamageRule, DamageWaiver, OutstandingStudent, PaymentListQuery } from '../../../contracts/assetsProcess';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { filesOf } from '../../platform/files';
import { BOARDER_SQL, outstandingStudents } from './process.lookups';
import { eventsOf, iso, num, idsSql } from './process.shared';
import { damageActions, seesAllDamage, DAMAGE_ENTITY } from './damage.service';
import { encodeCursor, decodeCursor, type Reader } from './stocktake.queries';

type Raw = Record<string, unknown>;

function pageSql(where: SQL, orderBy: SQL, limit: number): SQL {
  return sql`SELECT d.*, fu.name AS found_by_name, ru.name AS reported_by_name, ${BOARDER_SQL('d')} AS boarder
    FROM (SELECT * FROM damage_reports WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) d
    LEFT JOIN users fu ON fu.school_id = d.school_id AND fu.id = d.found_by
    LEFT JOIN users ru ON ru.school_id = d.school_id AND ru.id = d.reported_by`;
}

const waiverOf = (w: Raw): DamageWaiver => ({
  id: Number(w.id), reportId: Number(w.report_id), fromFen: Number(w.from_fen), proposedFen: Number(w.proposed_fen), reason: String(w.reason),
  state: w.state as DamageWaiver['state'], createdByName: (w.created_by_name as string | null) ?? null, createdAt: iso(w.created_at)!, decidedAt: iso(w.decided_at),
});

/** Waivers and photos of a page of reports: one query each. */
async function hydrate(db: Db, rows: Raw[], reader: Reader): Promise<(DamageReport & { waivers: DamageWaiver[] })[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => Number(r.id));
  const schoolIds = [...new Set(rows.map((r) => Number(r.school_id)))];
  const waiverRows = await rowsOf<Raw>(db, sql`SELECT w.*, u.name AS created_by_name FROM damage_waivers w
    LEFT JOIN users u ON u.school_id = w.school_id AND u.id = w.created_by
    WHERE w.school_id IN (${idsSql(schoolIds)}) AND w.report_id IN (${idsSql(ids)}) ORDER BY w.id`);
  const photos = new Map<string, Awaited<ReturnType<typeof filesOf>> extends Map<number, infer V> ? V : never>();
  for (const s of schoolIds) {
    for (const [id, files] of await filesOf(db, s, DAMAGE_ENTITY, rows.filter((r) => Number(r.school_id) === s).map((r) => Number(r.id)))) photos.set(`${s}:${id}`, files);
  }
  return rows.map((r) => {
    const s = Number(r.school_id);
    const id = Number(r.id);
    const waivers = waiverRows.filter((w) => Number(w.school_id) === s && Number(w.report_id) === id).map(waiverOf);
    const latest = waivers[waivers.length - 1] ?? null;
    const open = waivers.find((w) => w.state === 'pending' || w.state === 'returned') ?? null;
    const everWaived = waivers.some((w) => w.state === 'approved');
    const amount = Number(r.amount_fen);
    const paid = Number(r.paid_fen);
    const state = r.state as DamageReport['state'];
    const boarder = Boolean(r.boarder);
    const rule = (typeof r.rule === 'string' ? JSON.parse(r.rule) : r.rule) as DamageRule;
    return {
      id, schoolId: s, code: String(r.code), assetId: Number(r.asset_id), assetCode: String(r.asset_code), assetName: String(r.asset_name),
      lowValue: Boolean(r.low_value), quantity: Number(r.quantity), foundById: num(r.found_by), foundByName: (r.found_by_name as string | null) ?? null,
      foundOn: String(r.found_on), responsibleType: r.responsible_type as DamageReport['responsibleType'], responsibleId: num(r.responsible_id),
      responsibleName: (r.responsible_name as string | null) ?? null, boarder, flagged: boarder && state === 'outstanding',
      deliberate: Boolean(r.deliberate), description: String(r.description), computedFen: Number(r.computed_fen), amountFen: amount, paidFen: paid,
      outstandingFen: state === 'outstanding' ? Math.max(0, amount - paid) : 0, rule, state, waiver: latest,
      photos: (photos.get(`${s}:${id}`) ?? []).map(({ slot: _slot, ...f }) => f),
      reportedById: num(r.reported_by), reportedByName: (r.reported_by_name as string | null) ?? null,
      actions: damageActions(reader, { state, paidFen: paid }, open, everWaived),
      version: Number(r.version), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
      waivers,
    };
  });
}

/** The list's conditions on damage_reports; people who are not leaders see what they found or reported. */
function conditions(reader: Reader, q: Partial<DamageListQuery>): SQL[] {
  const conds: SQL[] = [sql`school_id IN (${idsSql(reader.schoolIds)})`];
  if (!seesAllDamage(reader.roles)) conds.push(sql`(found_by = ${reader.userId} OR reported_by = ${reader.userId})`);
  if (q.state) conds.push(sql`state = ${q.state}`);
  if (q.responsibleType) conds.push(sql`responsible_type = ${q.responsibleType}`);
  if (q.assetId) conds.push(sql`asset_id = ${q.assetId}`);
  if (q.flagged !== undefined) conds.push(q.flagged ? sql`state = 'outstanding' AND ${BOARDER_SQL('damage_reports')}` : sql`NOT (state = 'outstanding' AND ${BOARDER_SQL('damage_reports')})`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(sql`(code ILIKE ${like} OR asset_code ILIKE ${like} OR asset_name ILIKE ${like} OR responsible_name ILIKE ${like})`);
  }
  return conds;
}

export async function listDamage(db: Db, reader: Reader, q: DamageListQuery) {
  const conds = conditions(reader, q);
  const asc = q.sort === 'createdAt';
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    conds.push(asc ? sql`(created_at, id) > (${String(at)}::timestamptz, ${id})` : sql`(created_at, id) < (${String(at)}::timestamptz, ${id})`);
  }
  const dir = sql.raw(asc ? 'ASC' : 'DESC');
  const rows = await rowsOf<Raw>(db, sql`${pageSql(sql.join(conds, sql` AND `), sql`created_at ${dir}, id ${dir}`, q.limit)} ORDER BY d.created_at ${dir}, d.id ${dir}`);
  const items = (await hydrate(db, rows, reader)).map(({ waivers: _w, ...x }) => x);
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === q.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
}

export async function getDamage(db: Db, reader: Reader, id: number): Promise<DamageDetail> {
  const conds = [...conditions(reader, {}), sql`id = ${id}`];
  const rows = await rowsOf<Raw>(db, pageSql(sql.join(conds, sql` AND `), sql`id`, 1));
  if (!rows.length) throw new AppError('notFound', 404);
  const [report] = await hydrate(db, rows, reader);
  const payments = await paymentsOf(db, sql`p.school_id = ${report.schoolId} AND p.report_id = ${id}`, sql`p.id`, 1000);
  return { ...report, payments, events: await eventsOf(db, report.schoolId, 'damage', id) };
}

async function paymentsOf(db: Db, where: SQL, orderBy: SQL, limit: number): Promise<DamagePayment[]> {
  const rows = await rowsOf<Raw>(db, sql`SELECT p.*, d.code AS report_code, d.asset_code, d.asset_name, d.responsible_name, u.name AS received_by_name
    FROM damage_payments p
    JOIN damage_reports d ON d.school_id = p.school_id AND d.id = p.report_id
    JOIN users u ON u.school_id = p.school_id AND u.id = p.received_by
    WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id), reportId: Number(r.report_id), reportCode: String(r.report_code), assetCode: String(r.asset_code), assetName: String(r.asset_name),
    responsibleName: (r.responsible_name as string | null) ?? null, amountFen: Number(r.amount_fen), paidOn: String(r.paid_on), receiptNo: String(r.receipt_no),
    payerName: (r.payer_name as string | null) ?? null, receivedById: Number(r.received_by), receivedByName: String(r.received_by_name),
    note: (r.note as string | null) ?? null, recordedAt: iso(r.recorded_at)!,
  }));
}

/** Money received for damage (income for finance), newest first, keyset on (paid_on, id). */
export async function listPayments(db: Db, schoolIds: number[], q: PaymentListQuery) {
  const conds: SQL[] = [sql`p.school_id IN (${idsSql(schoolIds)})`];
  if (q.from) conds.push(sql`p.paid_on >= ${q.from}`);
  if (q.to) conds.push(sql`p.paid_on <= ${q.to}`);
  if (q.cursor) {
    const [on, id] = decodeCursor(q.cursor);
    conds.push(sql`(p.paid_on, p.id) < (${String(on)}::date, ${id})`);
  }
  const items = await paymentsOf(db, sql.join(conds, sql` AND `), sql`p.paid_on DESC, p.id DESC`, q.limit);
  const last = items[items.length - 1];
  const [t] = await rowsOf<{ total: number; n: number }>(db, sql`SELECT coalesce(sum(p.amount_fen), 0)::float8 AS total, count(*)::int AS n FROM damage_payments p
    WHERE ${sql.join(conds.slice(0, q.cursor ? -1 : undefined), sql` AND `)}`);
  return { items, nextCursor: items.length === q.limit && last ? encodeCursor([last.paidOn, last.id]) : null, totalFen: Number(t.total), count: Number(t.n) };
}

/** Every payment of the filter, page by page (the export). */
export async function* paymentPages(db: Db, schoolIds: number[], q: Omit<PaymentListQuery, 'cursor' | 'limit'>): AsyncGenerator<DamagePayment[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listPayments(db, schoolIds, { ...q, limit: 200, cursor });
    if (page.items.length) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export async function outstanding(db: Db, schoolIds: number[], all: boolean): Promise<OutstandingStudent[]> {
  const rows = await outstandingStudents(db, schoolIds, all);
  return rows.map((r) => ({
    studentId: Number(r.student_id), studentNo: r.student_no, name: r.name, className: r.class_name === null ? null : `${r.grade}年级${r.class_name}`,
    boarder: Boolean(r.boarder), outstandingFen: Number(r.outstanding), reports: Number(r.reports),
  }));
}

/** Every report of the filter, page by page (the list's export). */
export async function* damagePages(db: Db, reader: Reader, q: Omit<DamageListQuery, 'cursor' | 'limit'>): AsyncGenerator<DamageReport[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listDamage(db, reader, { ...q, limit: 200, cursor } as DamageListQuery);
    if (page.items.length) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
