// The monthly hazard report 安全隐患排查整治月报: what was found, closed, still open and overdue in a
// month, per kind and severity, each open item with its plan, and the month's inspections.
// Computed from the rectifications' times (one grouped statement); a submitted month is a frozen snapshot.
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { AppError } from '../../platform/errors';
import { addDays, localDate, startOfDay } from '../../platform/schedules';
import { cjkPdf, findCjkFont } from '../../platform/pdf';
import { placeLabels } from '../../platform/inspections.places';
import { inspectionsSubmittedIn } from '../../platform/inspections.queries';
import { translate, type Locale } from '../../../contracts/i18n';
import { HAZARD_KINDS, type HazardMonthlyReport } from '../../../contracts/safetyHazards';
import { SEVERITIES, type Severity, type RectState } from '../../../contracts/inspections';

export const DOMAIN = 'safety';

/** The first day of the month after `month` (YYYY-MM → YYYY-MM-01). */
export function nextMonthStart(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

/** The month's bounds in the school's zone, and the instant its "at month end" figures are taken at. */
export function monthBounds(month: string, tz: string, now: Date) {
  const fromDay = `${month}-01`;
  const nextDay = nextMonthStart(month);
  const start = startOfDay(fromDay, tz);
  const end = startOfDay(nextDay, tz);
  const asOf = end < now ? end : now;
  return { fromDay, toDay: addDays(nextDay, -1), start, end, asOf, asOfDay: localDate(asOf, tz) };
}

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

/**
 * The report of one school and month. Only rows that were open at some moment of the month are
 * read (reported before its end, not closed before its start): one range of the (school, domain,
 * reported_at) index, grouped once by kind and by severity.
 * "Overdue" = open and not rectified at the month's end (or now, in the current month) with the
 * deadline day already past. A later reassignment changes the past months' figures; what was sent
 * to the district is the frozen snapshot.
 */
export async function monthlyReport(db: Db, schoolId: number, month: string, clock: Clock): Promise<HazardMonthlyReport> {
  const now = clock.now();
  const [school] = await rowsOf<{ name: string; timezone: string }>(db, sql`SELECT name, timezone FROM schools WHERE id = ${schoolId}`);
  if (!school) throw new AppError('notFound', 404);
  const tz = school.timezone;
  const b = monthBounds(month, tz, now);
  if (b.start > now) throw new AppError('hazards.futureMonth', 400, { fields: [{ path: 'month', code: 'hazards.futureMonth' }] });
  const start = b.start.toISOString();
  const asOf = b.asOf.toISOString();
  // Open at some moment of the month = not closed yet, or closed since the month began (a row is
  // closed exactly when verified_at is set): two small index ranges, never the year's closed rows.
  const relevantRows = sql`(SELECT * FROM rectifications WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND state <> 'closed' AND reported_at < ${asOf}
    UNION ALL
    SELECT * FROM rectifications WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND state = 'closed' AND verified_at >= ${start} AND reported_at < ${asOf})`;
  const openAt = sql`(verified_at IS NULL OR verified_at >= ${asOf})`;
  const overdueAt = sql`(${openAt} AND (rectified_at IS NULL OR rectified_at >= ${asOf}) AND deadline < ${b.asOfDay}::date)`;

  const groups = await rowsOf<{ kind: string | null; severity: string | null; g_kind: number; g_sev: number; found: number; closed: number; open_at_end: number; overdue: number; carried: number }>(db, sql`
    SELECT coalesce(kind, 'other') AS kind, severity, GROUPING(coalesce(kind, 'other'))::int AS g_kind, GROUPING(severity)::int AS g_sev,
      count(*) FILTER (WHERE reported_at >= ${start})::int AS found,
      count(*) FILTER (WHERE verified_at >= ${start} AND verified_at < ${asOf})::int AS closed,
      count(*) FILTER (WHERE ${openAt})::int AS open_at_end,
      count(*) FILTER (WHERE ${overdueAt})::int AS overdue,
      count(*) FILTER (WHERE reported_at < ${start})::int AS carried
    FROM ${relevantRows} rel
    GROUP BY GROUPING SETS ((coalesce(kind, 'other')), (severity), ())`);
  const zero = { found: 0, closed: 0, openAtEnd: 0, overdue: 0 };
  const counts = (g: (typeof groups)[number]) => ({ found: Number(g.found), closed: Number(g.closed), openAtEnd: Number(g.open_at_end), overdue: Number(g.overdue) });
  const total = groups.find((g) => Number(g.g_kind) === 1 && Number(g.g_sev) === 1);
  const kindRows = new Map(groups.filter((g) => Number(g.g_kind) === 0).map((g) => [String(g.kind), counts(g)]));
  const sevRows = new Map(groups.filter((g) => Number(g.g_sev) === 0).map((g) => [String(g.severity), counts(g)]));
  const kinds = [...HAZARD_KINDS, ...[...kindRows.keys()].filter((k) => !(HAZARD_KINDS as readonly string[]).includes(k))];

  const open = await rowsOf<Raw>(db, sql`
    SELECT r.id, r.title, r.kind, r.severity, r.state, r.source, r.reported_at, r.deadline::text AS deadline, r.plan, u.name AS owner_name,
      r.location_id, r.zone, r.overdue, r.rectified_at, r.verified_at
    FROM (SELECT *, ${overdueAt} AS overdue FROM ${relevantRows} rel WHERE ${openAt}) r
    LEFT JOIN users u ON u.school_id = r.school_id AND u.id = r.owner_id
    ORDER BY array_position(ARRAY['critical','high','medium','low'], r.severity), r.reported_at, r.id LIMIT 2000`);
  const closed = await rowsOf<Raw>(db, sql`
    SELECT r.id, r.title, r.kind, r.severity, r.verified_at, u.name AS owner_name, v.name AS verified_by_name, r.location_id, r.zone
    FROM (SELECT * FROM rectifications WHERE school_id = ${schoolId} AND domain = ${DOMAIN} AND state = 'closed' AND verified_at >= ${start} AND verified_at < ${asOf}) r
    LEFT JOIN users u ON u.school_id = r.school_id AND u.id = r.owner_id
    LEFT JOIN users v ON v.school_id = r.school_id AND v.id = r.verified_by
    ORDER BY r.verified_at, r.id LIMIT 2000`);
  const done = await inspectionsSubmittedIn(db, schoolId, DOMAIN, b.start, b.asOf);
  // Place paths once per place, not once per row.
  const places = await placeLabels(db, schoolId, [...open, ...closed].map((r) => (r.location_id == null ? null : Number(r.location_id))));
  const where = (r: Raw) => (r.location_id != null ? places.get(Number(r.location_id)) ?? null : (r.zone as string | null) ?? null);
  const byTemplate = new Map<number, { templateId: number; name: { zh: string; en: string | null }; count: number; failed: number }>();
  for (const i of done) {
    const t = byTemplate.get(Number(i.template_id)) ?? { templateId: Number(i.template_id), name: { zh: i.name_zh, en: i.name_en }, count: 0, failed: 0 };
    t.count++;
    t.failed += Number(i.fail_count);
    byTemplate.set(t.templateId, t);
  }

  // The state an open item was in at the month's end (it may have moved on since).
  const stateAt = (r: Raw): RectState => {
    const rect = r.rectified_at ? new Date(String(iso(r.rectified_at))) : null;
    if (rect && rect < b.asOf) return 'rectified';
    return r.owner_name ? 'assigned' : 'open';
  };
  return {
    schoolId, schoolName: school.name, month, from: b.fromDay, to: b.toDay, asOf, generatedAt: now.toISOString(),
    totals: total ? { ...counts(total), carriedOver: Number(total.carried) } : { ...zero, carriedOver: 0 },
    byKind: kinds.map((kind) => ({ kind, ...(kindRows.get(kind) ?? zero) })),
    bySeverity: [...SEVERITIES].reverse().map((severity) => ({ severity, ...(sevRows.get(severity) ?? zero) })),
    openItems: open.map((r) => ({
      id: Number(r.id), title: String(r.title), kind: (r.kind as string | null) ?? null, severity: r.severity as Severity, state: stateAt(r),
      location: where(r), reportedAt: iso(r.reported_at)!, ownerName: (r.owner_name as string | null) ?? null,
      deadline: (r.deadline as string | null) ?? null, plan: (r.plan as string | null) ?? null, overdue: Boolean(r.overdue), source: String(r.source),
    })),
    closedItems: closed.map((r) => ({
      id: Number(r.id), title: String(r.title), kind: (r.kind as string | null) ?? null, severity: r.severity as Severity, location: where(r),
      ownerName: (r.owner_name as string | null) ?? null, verifiedAt: iso(r.verified_at)!, verifiedByName: (r.verified_by_name as string | null) ?? null,
    })),
    inspections: {
      count: done.length,
      byTemplate: [...byTemplate.values()],
      items: done.map((i) => ({ id: Number(i.id), templateName: { zh: i.name_zh, en: i.name_en }, day: String(i.day).slice(0, 10), location: i.location || i.zone || null, inspector: i.inspector, failCount: Number(i.fail_count) })),
    },
  };
}

/* ───────────── Exports ───────────── */

const kindLabel = (locale: Locale, k: string | null) => translate(locale, `hazards.kind.${k ?? 'other'}`);
const sevLabel = (locale: Locale, s: string) => translate(locale, `inspections.severity.${s}`);
const stateLabel = (locale: Locale, s: string) => translate(locale, `inspections.state.${s}`);
const day = (v: string, tz: string) => localDate(new Date(v), tz);

/** The file name of a report: 青山镇初级中学安全隐患排查整治月报-2026-11. */
export const reportTitle = (locale: Locale, r: HazardMonthlyReport) => `${r.schoolName}${translate(locale, 'hazards.monthly.title')}-${r.month}`;

export async function reportXlsx(r: HazardMonthlyReport, locale: Locale, tz: string): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Houqin';
  const head = (ws: ExcelJS.Worksheet, cols: { header: string; width: number }[]) => {
    ws.columns = cols.map((c) => ({ header: c.header, width: c.width }));
    ws.getRow(1).font = { bold: true };
  };
  const sum = wb.addWorksheet(t('hazards.monthly.sheet.summary'));
  sum.addRow([reportTitle(locale, r)]).font = { bold: true, size: 14 };
  sum.addRow([t('hazards.monthly.period', { from: r.from, to: r.to })]);
  sum.addRow([t('hazards.monthly.totalsLine', { found: r.totals.found, closed: r.totals.closed, open: r.totals.openAtEnd, overdue: r.totals.overdue, carried: r.totals.carriedOver })]);
  sum.addRow([t('hazards.monthly.inspectionsLine', { count: r.inspections.count })]);
  sum.addRow([]);
  const countHead = [t('hazards.monthly.col.found'), t('hazards.monthly.col.closed'), t('hazards.monthly.col.openAtEnd'), t('hazards.monthly.col.overdue')];
  sum.addRow([t('hazards.monthly.col.kind'), ...countHead]).font = { bold: true };
  for (const k of r.byKind) sum.addRow([kindLabel(locale, k.kind), k.found, k.closed, k.openAtEnd, k.overdue]);
  sum.addRow([t('hazards.monthly.total'), r.totals.found, r.totals.closed, r.totals.openAtEnd, r.totals.overdue]).font = { bold: true };
  sum.addRow([]);
  sum.addRow([t('hazards.monthly.col.severity'), ...countHead]).font = { bold: true };
  for (const s of r.bySeverity) sum.addRow([sevLabel(locale, s.severity), s.found, s.closed, s.openAtEnd, s.overdue]);
  sum.getColumn(1).width = 24;
  for (const i of [2, 3, 4, 5]) sum.getColumn(i).width = 12;

  const open = wb.addWorksheet(t('hazards.monthly.sheet.open'));
  head(open, [
    { header: t('hazards.monthly.col.no'), width: 6 }, { header: t('hazards.monthly.col.title'), width: 36 }, { header: t('hazards.monthly.col.kind'), width: 10 },
    { header: t('hazards.monthly.col.severity'), width: 8 }, { header: t('hazards.monthly.col.location'), width: 28 }, { header: t('hazards.monthly.col.reportedAt'), width: 12 },
    { header: t('hazards.monthly.col.owner'), width: 10 }, { header: t('hazards.monthly.col.deadline'), width: 12 }, { header: t('hazards.monthly.col.plan'), width: 36 },
    { header: t('hazards.monthly.col.state'), width: 10 }, { header: t('hazards.monthly.col.overdue'), width: 8 },
  ]);
  r.openItems.forEach((x, i) => open.addRow([i + 1, x.title, kindLabel(locale, x.kind), sevLabel(locale, x.severity), x.location ?? '', day(x.reportedAt, tz), x.ownerName ?? '', x.deadline ?? '', x.plan ?? '', stateLabel(locale, x.state), x.overdue ? t('hazards.monthly.yes') : '']));

  const closed = wb.addWorksheet(t('hazards.monthly.sheet.closed'));
  head(closed, [
    { header: t('hazards.monthly.col.no'), width: 6 }, { header: t('hazards.monthly.col.title'), width: 36 }, { header: t('hazards.monthly.col.kind'), width: 10 },
    { header: t('hazards.monthly.col.severity'), width: 8 }, { header: t('hazards.monthly.col.location'), width: 28 }, { header: t('hazards.monthly.col.owner'), width: 10 },
    { header: t('hazards.monthly.col.verifiedAt'), width: 12 }, { header: t('hazards.monthly.col.verifier'), width: 10 },
  ]);
  r.closedItems.forEach((x, i) => closed.addRow([i + 1, x.title, kindLabel(locale, x.kind), sevLabel(locale, x.severity), x.location ?? '', x.ownerName ?? '', day(x.verifiedAt, tz), x.verifiedByName ?? '']));

  const ins = wb.addWorksheet(t('hazards.monthly.sheet.inspections'));
  head(ins, [
    { header: t('hazards.monthly.col.no'), width: 6 }, { header: t('hazards.monthly.col.template'), width: 24 }, { header: t('hazards.monthly.col.day'), width: 12 },
    { header: t('hazards.monthly.col.location'), width: 28 }, { header: t('hazards.monthly.col.inspector'), width: 10 }, { header: t('hazards.monthly.col.failed'), width: 10 },
  ]);
  r.inspections.items.forEach((x, i) => ins.addRow([i + 1, locale === 'en-US' ? x.templateName.en ?? x.templateName.zh : x.templateName.zh, x.day, x.location ?? '', x.inspector, x.failCount]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The report as an A4 PDF with the CJK font embedded; signature lines for the school to sign and stamp. */
export async function reportPdf(r: HazardMonthlyReport, locale: Locale, tz: string, extra: { submitted?: { at: string; by: string; revision: number } | null } = {}, font = findCjkFont()): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const { doc, done } = cjkPdf(font, { size: 'A4', layout: 'landscape', margin: 32, bufferPages: true, info: { Title: reportTitle(locale, r), Producer: 'Houqin' } });
  doc.font('cjk');
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom - 14;
  doc.fontSize(16).text(`${r.schoolName} ${t('hazards.monthly.title')}`, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).text(`${t('hazards.monthly.period', { from: r.from, to: r.to })}    ${t('hazards.monthly.generatedAt', { at: localDate(new Date(r.generatedAt), tz) })}${extra.submitted ? `    ${t('hazards.monthly.submittedLine', { at: localDate(new Date(extra.submitted.at), tz), by: extra.submitted.by, revision: extra.submitted.revision })}` : ''}`, { align: 'center' });
  doc.moveDown(0.6).fontSize(10).text(t('hazards.monthly.totalsLine', { found: r.totals.found, closed: r.totals.closed, open: r.totals.openAtEnd, overdue: r.totals.overdue, carried: r.totals.carriedOver }), left);
  doc.text(t('hazards.monthly.inspectionsLine', { count: r.inspections.count }) + (r.inspections.byTemplate.length ? `：${r.inspections.byTemplate.map((x) => `${locale === 'en-US' ? x.name.en ?? x.name.zh : x.name.zh} ${x.count}`).join('，')}` : ''), left);
  doc.moveDown(0.5);

  const table = (cols: { header: string; width: number }[], rows: (string | number)[][], size = 8) => {
    const drawHeader = () => {
      let x = left;
      const y = doc.y;
      doc.fontSize(size);
      for (const c of cols) { doc.text(c.header, x + 2, y + 3, { width: c.width - 4, lineBreak: false }); x += c.width; }
      doc.moveTo(left, y).lineTo(x, y).moveTo(left, y + 15).lineTo(x, y + 15).lineWidth(0.5).stroke();
      doc.y = y + 17;
    };
    drawHeader();
    for (const row of rows) {
      const cells = row.map((v) => String(v ?? ''));
      const h = Math.max(12, ...cells.map((v, i) => doc.heightOfString(v, { width: cols[i].width - 4 }))) + 4;
      if (doc.y + h > bottom) { doc.addPage(); doc.y = doc.page.margins.top; drawHeader(); }
      const y = doc.y;
      let x = left;
      cells.forEach((v, i) => { doc.text(v, x + 2, y + 2, { width: cols[i].width - 4 }); x += cols[i].width; });
      doc.moveTo(left, y + h).lineTo(x, y + h).lineWidth(0.3).stroke();
      doc.y = y + h + 1;
    }
    doc.x = left;
    doc.moveDown(0.6);
  };
  const countCols = (first: string) => [{ header: first, width: 110 }, ...['found', 'closed', 'openAtEnd', 'overdue'].map((k) => ({ header: t(`hazards.monthly.col.${k}`), width: 70 }))];
  table(countCols(t('hazards.monthly.col.kind')), [...r.byKind.map((k) => [kindLabel(locale, k.kind), k.found, k.closed, k.openAtEnd, k.overdue]), [t('hazards.monthly.total'), r.totals.found, r.totals.closed, r.totals.openAtEnd, r.totals.overdue]]);
  table(countCols(t('hazards.monthly.col.severity')), r.bySeverity.map((s) => [sevLabel(locale, s.severity), s.found, s.closed, s.openAtEnd, s.overdue]));

  if (doc.y + 60 > bottom) { doc.addPage(); doc.y = doc.page.margins.top; }
  doc.fontSize(11).text(t('hazards.monthly.sheet.open'), left);
  doc.moveDown(0.3);
  table([
    { header: t('hazards.monthly.col.no'), width: 26 }, { header: t('hazards.monthly.col.title'), width: 150 }, { header: t('hazards.monthly.col.kind'), width: 50 },
    { header: t('hazards.monthly.col.severity'), width: 36 }, { header: t('hazards.monthly.col.location'), width: 110 }, { header: t('hazards.monthly.col.reportedAt'), width: 58 },
    { header: t('hazards.monthly.col.owner'), width: 50 }, { header: t('hazards.monthly.col.deadline'), width: 58 }, { header: t('hazards.monthly.col.plan'), width: 150 },
    { header: t('hazards.monthly.col.state'), width: 50 },
  ], r.openItems.map((x, i) => [i + 1, x.title, kindLabel(locale, x.kind), sevLabel(locale, x.severity), x.location ?? '', day(x.reportedAt, tz), x.ownerName ?? '', `${x.deadline ?? ''}${x.overdue ? ` ${t('hazards.monthly.overdueMark')}` : ''}`, x.plan ?? '', stateLabel(locale, x.state)]), 7.5);

  if (doc.y + 50 > bottom) { doc.addPage(); doc.y = doc.page.margins.top; }
  doc.fontSize(10).text(t('hazards.monthly.signatures'), left);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.fontSize(8).text(t('hazards.monthly.page', { page: i + 1, pages: range.count }), left, doc.page.height - doc.page.margins.bottom - 10, { align: 'center', width: doc.page.width - left * 2, lineBreak: false });
  }
  doc.end();
  return done;
}

/** The days of a month (YYYY-MM) as an inclusive range, for filters. */
export const monthDays = (month: string) => ({ from: `${month}-01`, to: addDays(nextMonthStart(month), -1) });
