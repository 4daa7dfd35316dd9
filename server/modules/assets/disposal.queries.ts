import { sql, type SQL } from 'drizzle-orm';
import type { Disposal, DisposalDetail, DisposalListQuery, DisposalItem, ApprovalBadge } from '../../../contracts/assetsProcess';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { filesOf } from '../../platform/files';
import { approvalStates } from '../../platform/approvals';
import { eventsOf, iso, num, idsSql } from './process.shared';
import { disposalActions, DISPOSAL_ENTITY, DISPOSAL_KIND } from './disposal.service';
import { encodeCursor, decodeCursor, type Reader } from './stocktake.queries';

type Raw = Record<string, unknown>;

function pageSql(where: SQL, orderBy: SQL, limit: number): SQL {
  return sql`SELECT d.*, cu.name AS created_by_name, du.name AS done_by_name, it.n AS asset_count, it.names AS asset_names
    FROM (SELECT * FROM disposal_requests WHERE ${where} ORDER BY ${orderBy} LIMIT ${limit}) d
    LEFT JOIN users cu ON cu.school_id = d.school_id AND cu.id = d.created_by
    LEFT JOIN users du ON du.school_id = d.school_id AND du.id = d.done_by
    LEFT JOIN LATERAL (SELECT count(*)::int AS n, (array_agg(i.asset_name ORDER BY i.asset_code))[1:3] AS names
      FROM disposal_items i WHERE i.school_id = d.school_id AND i.request_id = d.id) it ON true`;
}

/** The approval states of a page (one engine query per school of the page). */
async function hydrate(db: Db, rows: Raw[], reader: Reader): Promise<Disposal[]> {
  if (!rows.length) return [];
  const badges = new Map<string, ApprovalBadge>();
  for (const s of new Set(rows.map((r) => Number(r.school_id)))) {
    const states = await approvalStates(db, s, DISPOSAL_KIND, rows.filter((r) => Number(r.school_id) === s).map((r) => Number(r.id)));
    for (const [id, st] of states) badges.set(`${s}:${id}`, { approvalId: st.approvalId, state: st.state, stepRole: st.stepRole });
  }
  return rows.map((r) => {
    const s = Number(r.school_id);
    const id = Number(r.id);
    const names = r.asset_names;
    return {
      id, schoolId: s, code: String(r.code), state: r.state as Disposal['state'], way: r.way as Disposal['way'], reason: String(r.reason),
      assetCount: Number(r.asset_count ?? 0), assetNames: Array.isArray(names) ? names.map(String) : typeof names === 'string' ? parsePgArray(names) : [],
      totalOriginalFen: Number(r.total_original_fen), totalNetFen: Number(r.total_net_fen),
      createdById: num(r.created_by), createdByName: (r.created_by_name as string | null) ?? null, submittedAt: iso(r.submitted_at),
      approval: badges.get(`${s}:${id}`) ?? null,
      carriedOutOn: (r.carried_out_on as string | null) ?? null, recipient: (r.recipient as string | null) ?? null, proceedsFen: num(r.proceeds_fen),
      carryNote: (r.carry_note as string | null) ?? null, doneAt: iso(r.done_at), doneByName: (r.done_by_name as string | null) ?? null,
      stocktakeId: num(r.stocktake_id), actions: disposalActions(reader, { state: String(r.state) }),
      version: Number(r.version), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
    };
  });
}

/** '{a,"b c"}' → ['a', 'b c'] (a text[] as some drivers hand it back). */
function parsePgArray(v: string): string[] {
  const inner = v.replace(/^\{|\}$/g, '');
  if (!inner) return [];
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|([^,]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(inner))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
  return out;
}

export async function listDisposals(db: Db, reader: Reader, q: DisposalListQuery) {
  const conds: SQL[] = [sql`school_id IN (${idsSql(reader.schoolIds)})`];
  if (q.state) conds.push(sql`state = ${q.state}`);
  if (q.way) conds.push(sql`way = ${q.way}`);
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`;
    conds.push(sql`(code ILIKE ${like} OR reason ILIKE ${like} OR EXISTS (SELECT 1 FROM disposal_items i WHERE i.school_id = disposal_requests.school_id
      AND i.request_id = disposal_requests.id AND (i.asset_code ILIKE ${like} OR i.asset_name ILIKE ${like})))`);
  }
  const asc = q.sort === 'createdAt';
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    conds.push(asc ? sql`(created_at, id) > (${String(at)}::timestamptz, ${id})` : sql`(created_at, id) < (${String(at)}::timestamptz, ${id})`);
  }
  const dir = sql.raw(asc ? 'ASC' : 'DESC');
  const rows = await rowsOf<Raw>(db, sql`${pageSql(sql.join(conds, sql` AND `), sql`created_at ${dir}, id ${dir}`, q.limit)} ORDER BY d.created_at ${dir}, d.id ${dir}`);
  const items = await hydrate(db, rows, reader);
  const last = items[items.length - 1];
  return { items, nextCursor: items.length === q.limit && last ? encodeCursor([last.createdAt, last.id]) : null };
}

export async function getDisposal(db: Db, reader: Reader, id: number): Promise<DisposalDetail> {
  const rows = await rowsOf<Raw>(db, pageSql(sql`school_id IN (${idsSql(reader.schoolIds)}) AND id = ${id}`, sql`id`, 1));
  if (!rows.length) throw new AppError('notFound', 404);
  const [d] = await hydrate(db, rows, reader);
  const itemRows = await rowsOf<Raw>(db, sql`SELECT * FROM disposal_items WHERE school_id = ${d.schoolId} AND request_id = ${id} ORDER BY asset_code, asset_id`);
  const items: DisposalItem[] = itemRows.map((i) => ({
    assetId: Number(i.asset_id), code: String(i.asset_code), name: String(i.asset_name), classCode: (i.class_code as string | null) ?? null,
    previousStatus: String(i.previous_status), originalValueFen: Number(i.original_value_fen), netValueFen: Number(i.net_value_fen),
  }));
  const files = (await filesOf(db, d.schoolId, DISPOSAL_ENTITY, [id])).get(id) ?? [];
  const pick = (slot: string) => files.filter((f) => f.slot === slot).map(({ slot: _slot, ...f }) => f);
  return { ...d, items, attachments: pick('request'), carryAttachments: pick('carryOut'), events: await eventsOf(db, d.schoolId, 'disposal', id) };
}

/** Every request of the filter, page by page (the list's export). */
export async function* disposalPages(db: Db, reader: Reader, q: Omit<DisposalListQuery, 'cursor' | 'limit'>): AsyncGenerator<Disposal[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await listDisposals(db, reader, { ...q, limit: 200, cursor } as DisposalListQuery);
    if (page.items.length) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
