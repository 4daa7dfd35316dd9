import ExcelJS from 'exceljs';
import type { StocktakeLine, StocktakeReport, StocktakeSurplus } from '../../../contracts/assetsProcess';
import { translate, type Locale } from '../../../contracts/i18n';
import { cjkPdf, findCjkFont } from '../../platform/pdf';
import { localDate } from '../../platform/schedules';

/*
 * The stocktake report as documents: an .xlsx (a summary sheet and a sheet of every line) and an
 * A4 PDF with the CJK font embedded. Both are made from the report object — the frozen snapshot
 * of a closed stocktake — so a printed report never changes afterwards.
 */

function localDateTime(at: string | null | undefined, tz: string): string {
  if (!at) return '';
  const d = new Date(at);
  const hm = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d);
  return `${localDate(d, tz)} ${hm}`;
}

export interface ReportRow {
  kind: string;
  code: string;
  name: string;
  expected: string;
  found: string;
  counter: string;
  countedAt: string;
  resolution: string;
  note: string;
}

/** Every line of the report as one table: differences first (wrong place, missing, 盘盈), then found, then not yet counted. */
export function reportRows(r: StocktakeReport, locale: Locale, tz: string): ReportRow[] {
  const t = (k: string) => translate(locale, k);
  const res = (x: string | null) => (x ? t(`stocktake.resolution.${x}`) : '');
  const line = (l: StocktakeLine): ReportRow => ({
    kind: t(`stocktake.result.${l.result}`), code: l.assetCode, name: l.assetName, expected: l.expectedLocationPath, found: l.foundLocationPath,
    counter: l.countedByName ?? '', countedAt: localDateTime(l.countedAt, tz), resolution: res(l.resolution), note: l.resolutionNote ?? '',
  });
  const extra = (x: StocktakeSurplus): ReportRow => ({
    kind: t('stocktake.result.surplus'), code: x.registeredAssetCode ?? '', name: x.name + (x.description ? `（${x.description}）` : ''),
    expected: '', found: x.locationPath, counter: x.foundByName ?? '', countedAt: localDateTime(x.foundAt, tz), resolution: res(x.resolution), note: x.resolutionNote ?? '',
  });
  return [...r.wrongPlace.map(line), ...r.missing.map(line), ...r.surplus.map(extra), ...r.found.map(line), ...r.pending.map(line)];
}

const COLS: { key: keyof ReportRow; width: number; pdf: number }[] = [
  { key: 'kind', width: 10, pdf: 44 }, { key: 'code', width: 18, pdf: 78 }, { key: 'name', width: 24, pdf: 110 },
  { key: 'expected', width: 28, pdf: 120 }, { key: 'found', width: 28, pdf: 120 }, { key: 'counter', width: 10, pdf: 44 },
  { key: 'countedAt', width: 17, pdf: 64 }, { key: 'resolution', width: 10, pdf: 44 }, { key: 'note', width: 30, pdf: 96 },
];

function heads(locale: Locale) {
  return COLS.map((c) => translate(locale, `stocktake.report.col.${c.key}`));
}

function summaryLines(r: StocktakeReport, locale: Locale, tz: string): [string, string | number][] {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const s = r.summary;
  return [
    [t('stocktake.report.code'), r.stocktake.code],
    [t('stocktake.report.name'), r.stocktake.name],
    [t('stocktake.report.scope'), r.stocktake.scope === 'school' ? t('stocktake.scope.school') : r.stocktake.locations.map((l) => l.path).join('；')],
    [t('stocktake.report.period'), `${localDateTime(r.stocktake.startedAt, tz)} — ${localDateTime(r.stocktake.countingEndedAt, tz)}`],
    [t('stocktake.report.closed'), r.stocktake.closedAt ? `${localDateTime(r.stocktake.closedAt, tz)} ${r.stocktake.closedByName ?? ''}` : t('stocktake.report.notClosed')],
    [t('stocktake.summary.expected'), s.expected],
    [t('stocktake.summary.found'), s.found],
    [t('stocktake.summary.wrongPlace'), s.wrongPlace],
    [t('stocktake.summary.missing'), s.missing],
    [t('stocktake.summary.surplus'), s.surplus],
    [t('stocktake.summary.pending'), s.pending],
    [t('stocktake.summary.unresolved'), s.unresolved],
    [t('stocktake.report.counters'), r.counters.map((c) => t('stocktake.report.counterLine', { name: c.name, count: c.counted })).join('；')],
  ];
}

export async function reportXlsx(r: StocktakeReport, locale: Locale, tz: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sum = wb.addWorksheet(translate(locale, 'stocktake.report.summarySheet').slice(0, 31));
  sum.addRow([`${r.stocktake.schoolName} ${translate(locale, 'stocktake.report.title')}`]).font = { bold: true, size: 14 };
  for (const [k, v] of summaryLines(r, locale, tz)) sum.addRow([k, v]);
  sum.getColumn(1).width = 18;
  sum.getColumn(2).width = 60;
  const det = wb.addWorksheet(translate(locale, 'stocktake.report.detailSheet').slice(0, 31));
  det.columns = COLS.map((c, i) => ({ header: heads(locale)[i], width: c.width }));
  det.getRow(1).font = { bold: true };
  for (const row of reportRows(r, locale, tz)) det.addRow(COLS.map((c) => row[c.key]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A4 landscape, the font embedded; 503 naming the package when the machine has no CJK font. */
export async function reportPdf(r: StocktakeReport, locale: Locale, tz: string, now: Date, font = findCjkFont()): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p);
  const { doc, done } = cjkPdf(font, { size: 'A4', layout: 'landscape', margin: 28, bufferPages: true, info: { Title: t('stocktake.report.title'), Producer: 'Houqin' } });
  doc.font('cjk');
  const left = doc.page.margins.left;
  const bottom = doc.page.height - doc.page.margins.bottom - 14;
  doc.fontSize(16).text(`${r.stocktake.schoolName} ${t('stocktake.report.title')}`, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).text(`${r.stocktake.code} ${r.stocktake.name}    ${t('stocktake.report.printedAt', { at: localDateTime(now.toISOString(), tz) })}${r.frozen ? '' : `    ${t('stocktake.report.draft')}`}`, { align: 'center' });
  doc.moveDown(0.6).fontSize(9);
  for (const [k, v] of summaryLines(r, locale, tz).slice(2)) doc.text(`${k}：${v}`, left);
  doc.moveDown(0.5);

  const widths = COLS.map((c) => c.pdf);
  const drawHeader = () => {
    let x = left;
    const y = doc.y;
    doc.fontSize(8);
    heads(locale).forEach((h, i) => { doc.text(h, x + 2, y + 3, { width: widths[i] - 4, lineBreak: false }); x += widths[i]; });
    doc.moveTo(left, y).lineTo(x, y).moveTo(left, y + 14).lineTo(x, y + 14).lineWidth(0.5).stroke();
    doc.y = y + 16;
  };
  drawHeader();
  doc.fontSize(7.5);
  for (const row of reportRows(r, locale, tz)) {
    const cells = COLS.map((c) => row[c.key]);
    const h = Math.max(11, ...cells.map((v, i) => doc.heightOfString(v, { width: widths[i] - 4 }))) + 4;
    if (doc.y + h > bottom) { doc.addPage(); doc.y = doc.page.margins.top; drawHeader(); doc.fontSize(7.5); }
    const y = doc.y;
    let x = left;
    cells.forEach((v, i) => { doc.text(v, x + 2, y + 2, { width: widths[i] - 4 }); x += widths[i]; });
    doc.moveTo(left, y + h).lineTo(x, y + h).lineWidth(0.3).stroke();
    doc.y = y + h + 1;
  }
  doc.moveDown(1).fontSize(9).text(t('stocktake.report.signatures'), left);
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.fontSize(8).text(t('stocktake.report.page', { page: i + 1, pages: range.count }), left, doc.page.height - doc.page.margins.bottom - 12, { align: 'center', width: doc.page.width - left * 2, lineBreak: false });
  }
  doc.end();
  return done;
}
