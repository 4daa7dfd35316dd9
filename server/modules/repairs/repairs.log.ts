import { sql, type SQL } from 'drizzle-orm';
import type { RepairLog, RepairLogQuery, RepairLogRow, RepairItem, RepairSettings } from '../../../contracts/repairs';
import { translate, type Locale } from '../../../contracts/i18n';
import { cjkPdf, findCjkFont } from '../../platform/pdf';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import type { SheetColumn } from '../../platform/excel';
import { repairSettingsOf, categoryLabel } from './repairs.settings';
import { statsPeriod } from './repairs.stats';
import { localDateTime } from './repairs.time';
import { LOCATION_PATH_SQL } from './repairs.lookups';
import { seesAll } from './repairs.service';
import type { Reader } from './repairs.queries';

type Raw = Record<string, unknown>;
const ids = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/** Rows on screen; the exports hold every row of the period (PDF up to PDF_MAX_ROWS). */
export const LOG_SCREEN_ROWS = 2000;
export const PDF_MAX_ROWS = 10_000;

export interface LogScope { where: SQL; from: string; to: string; tz: string; assigneeId: number | null; assigneeName: string | null }

/**
 * 维修一览表: the orders of a period (reported in it), optionally of one worker. A repair worker
 * sees only their own; leaders see everyone's.
 */
export async function logScope(db: Db, reader: Reader, clock: Clock, q: RepairLogQuery): Promise<LogScope> {
  const assigneeId = seesAll(reader.roles) ? q.assigneeId ?? null : reader.userId;
  const p = await statsPeriod(db, reader.schoolIds[0], clock, q);
  const conds: SQL[] = [
    sql`o.school_id IN (${ids(reader.schoolIds)})`, sql`o.state <> 'cancelled'`,
    sql`o.reported_at >= ${p.start.toISOString()}`, sql`o.reported_at < ${p.end.toISOString()}`,
  ];
  if (assigneeId !== null) conds.push(sql`o.assignee_id = ${assigneeId}`);
  if (q.category) conds.push(sql`o.category = ${q.category}`);
  let assigneeName: string | null = null;
  if (assigneeId !== null) {
    const [u] = await rowsOf<{ name: string }>(db, sql`SELECT name FROM users WHERE school_id IN (${ids(reader.schoolIds)}) AND id = ${assigneeId}`);
    assigneeName = u?.name ?? null;
  }
  return { where: sql.join(conds, sql` AND `), from: p.from, to: p.to, tz: p.tz, assigneeId, assigneeName };
}

/** One page of log rows (ascending by report time) after the keyset `after`, with their items (one query each). */
async function logPage(db: Db, scope: LogScope, limit: number, after?: { at: string; id: number }): Promise<RepairLogRow[]> {
  const rows = await rowsOf<Raw>(db, sql`
    SELECT o.school_id, o.id, o.code, o.state, o.category, o.description, o.reported_at, o.accepted_at, o.completed_at,
      o.hours::float8 AS hours, o.rating, rep.name AS reporter_name, asg.name AS assignee_name, ${LOCATION_PATH_SQL('l')} AS location_path
    FROM (SELECT * FROM repair_orders o WHERE ${scope.where}
            ${after ? sql`AND (o.reported_at, o.id) > (${after.at}, ${after.id})` : sql``}
          ORDER BY o.reported_at, o.id LIMIT ${limit}) o
    JOIN users rep ON rep.school_id = o.school_id AND rep.id = o.reporter_id
    LEFT JOIN users asg ON asg.school_id = o.school_id AND asg.id = o.assignee_id
    LEFT JOIN locations l ON l.school_id = o.school_id AND l.id = o.location_id
    ORDER BY o.reported_at, o.id`);
  if (!rows.length) return [];
  const itemRows = await rowsOf<{ school_id: number; order_id: number; name: string; quantity: number; unit: string | null }>(db, sql`
    SELECT school_id, order_id, name, quantity::float8 AS quantity, unit FROM repair_items
    WHERE school_id IN (${ids([...new Set(rows.map((r) => Number(r.school_id)))])}) AND order_id IN (${ids(rows.map((r) => Number(r.id)))})
    ORDER BY order_id, id`);
  const items = new Map<number, RepairItem[]>();
  for (const it of itemRows) items.set(Number(it.order_id), [...(items.get(Number(it.order_id)) ?? []), { name: it.name, quantity: Number(it.quantity), unit: it.unit }]);
  return rows.map((r) => ({
    id: Number(r.id), code: String(r.code), state: r.state as RepairLogRow['state'], category: String(r.category),
    locationPath: String(r.location_path ?? ''), description: String(r.description), items: items.get(Number(r.id)) ?? [],
    reporterName: String(r.reporter_name ?? ''), assigneeName: (r.assignee_name as string | null) ?? null,
    reportedAt: iso(r.reported_at)!, acceptedAt: iso(r.accepted_at), completedAt: iso(r.completed_at),
    hours: r.hours == null ? null : Number(r.hours), rating: r.rating == null ? null : Number(r.rating),
  }));
}

/** Every row of the scope, page by page (exports stream these). */
export async function* logPages(db: Db, scope: LogScope, max = Infinity): AsyncGenerator<RepairLogRow[]> {
  let after: { at: string; id: number } | undefined;
  let seen = 0;
  while (seen < max) {
    const page = await logPage(db, scope, Math.min(1000, max - seen), after);
    if (!page.length) return;
    seen += page.length;
    yield page;
    const last = page[page.length - 1];
    after = { at: last.reportedAt, id: last.id };
    if (page.length < 1000) return;
  }
}

export async function repairLog(db: Db, scope: LogScope): Promise<RepairLog> {
  const rows: RepairLogRow[] = [];
  for await (const page of logPages(db, scope, LOG_SCREEN_ROWS + 1)) rows.push(...page);
  const [t] = await rowsOf<Raw>(db, sql`SELECT count(*)::int AS n, coalesce(sum(hours), 0)::float8 AS hours, avg(rating)::float8 AS rating
    FROM repair_orders o WHERE ${scope.where}`);
  return {
    from: scope.from, to: scope.to, assigneeId: scope.assigneeId, assigneeName: scope.assigneeName,
    rows: rows.slice(0, LOG_SCREEN_ROWS), truncated: rows.length > LOG_SCREEN_ROWS,
    totals: { orders: Number(t.n), hours: Math.round(Number(t.hours) * 100) / 100, averageRating: t.rating == null ? null : Math.round(Number(t.rating) * 100) / 100 },
  };
}

const itemsText = (items: RepairItem[]) => items.map((i) => `${i.name} ${i.quantity}${i.unit ?? ''}`).join('；');

/** The columns of the log, shared by the spreadsheet and the PDF. */
export function logColumns(locale: Locale, tz: string, settings: RepairSettings): (SheetColumn<RepairLogRow & { no: number }> & { pdfWidth: number })[] {
  const h = (k: string) => translate(locale, `repairs.log.col.${k}`);
  const t = (v: string | null) => localDateTime(v ? new Date(v) : null, tz);
  return [
    { header: h('no'), width: 6, pdfWidth: 24, value: (r) => r.no },
    { header: h('code'), width: 16, pdfWidth: 70, value: (r) => r.code },
    { header: h('location'), width: 28, pdfWidth: 110, value: (r) => r.locationPath },
    { header: h('category'), width: 8, pdfWidth: 36, value: (r) => categoryLabel(settings, r.category, locale) },
    { header: h('description'), width: 30, pdfWidth: 120, value: (r) => r.description },
    { header: h('items'), width: 30, pdfWidth: 110, value: (r) => itemsText(r.items) },
    { header: h('assignee'), width: 10, pdfWidth: 44, value: (r) => r.assigneeName ?? '' },
    { header: h('reportedAt'), width: 17, pdfWidth: 56, value: (r) => t(r.reportedAt) },
    { header: h('acceptedAt'), width: 17, pdfWidth: 56, value: (r) => t(r.acceptedAt) },
    { header: h('completedAt'), width: 17, pdfWidth: 56, value: (r) => t(r.completedAt) },
    { header: h('hours'), width: 7, pdfWidth: 28, value: (r) => r.hours ?? '' },
    { header: h('rating'), width: 7, pdfWidth: 28, value: (r) => r.rating ?? '' },
  ];
}

export async function* numbered(pages: AsyncIterable<RepairLogRow[]>): AsyncGenerator<(RepairLogRow & { no: number })[]> {
  let n = 0;
  for await (const page of pages) yield page.map((r) => ({ ...r, no: ++n }));
}

export const logSettings = (db: Db, schoolId: number) => repairSettingsOf(db, schoolId);

/* ---------- PDF ---------- */

/** Fonts with Chinese glyphs, in order of preference: [file, face inside a collection]. Debian package fonts-noto-cjk. */
/**
 * The log as an A4 landscape PDF with the font embedded (subset), so it prints the same anywhere.
 * Without a CJK font on the machine: 503 naming the Debian package to install.
 */
export async function logPdf(rows: AsyncIterable<RepairLogRow[]>, head: { school: string; from: string; to: string; worker: string | null; tz: string; now: Date; totals: RepairLog['totals'] },
  locale: Locale, settings: RepairSettings, font = findCjkFont()): Promise<Buffer> {
  const { doc, done } = cjkPdf(font, { size: 'A4', layout: 'landscape', margin: 28, bufferPages: true, info: { Title: translate(locale, 'repairs.log.title'), Producer: 'Houqin' } });
  doc.font('cjk');
  const cols = logColumns(locale, head.tz, settings);
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom - 14;
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);

  doc.fontSize(16).text(`${head.school} ${t('repairs.log.title')}`, { align: 'center' });
  doc.moveDown(0.3).fontSize(9)
    .text(`${t('repairs.log.period', { from: head.from, to: head.to })}    ${head.worker ? t('repairs.log.worker', { name: head.worker }) : t('repairs.log.allWorkers')}    ${t('repairs.log.printedAt', { at: localDateTime(head.now, head.tz) })}`, { align: 'center' });
  doc.moveDown(0.5);

  const drawHeader = () => {
    let x = left;
    const y = doc.y;
    doc.fontSize(8);
    for (const c of cols) { doc.text(c.header, x + 2, y + 3, { width: c.pdfWidth - 4, lineBreak: false }); x += c.pdfWidth; }
    doc.moveTo(left, y).lineTo(x, y).moveTo(left, y + 14).lineTo(x, y + 14).stroke();
    doc.y = y + 16;
  };
  drawHeader();
  doc.fontSize(7.5);
  for await (const page of numbered(rows)) {
    for (const r of page) {
      const cells = cols.map((c) => String(c.value(r) ?? ''));
      const h = Math.max(11, ...cells.map((v, i) => doc.heightOfString(v, { width: cols[i].pdfWidth - 4 }))) + 4;
      if (doc.y + h > bottom) { doc.addPage(); doc.y = doc.page.margins.top; drawHeader(); doc.fontSize(7.5); }
      const y = doc.y;
      let x = left;
      cells.forEach((v, i) => { doc.text(v, x + 2, y + 2, { width: cols[i].pdfWidth - 4 }); x += cols[i].pdfWidth; });
      doc.moveTo(left, y + h).lineTo(x, y + h).lineWidth(0.3).stroke();
      doc.y = y + h + 1;
    }
  }
  doc.moveDown(0.5).fontSize(9).text(t('repairs.log.totals', {
    orders: head.totals.orders, hours: head.totals.hours, rating: head.totals.averageRating ?? '—',
  }), left);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.fontSize(8).text(t('repairs.log.page', { page: i + 1 }), left, doc.page.height - doc.page.margins.bottom - 12, { align: 'center', width: doc.page.width - left * 2, lineBreak: false });
  }
  doc.end();
  return done;
}
