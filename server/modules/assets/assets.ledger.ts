import { sql } from 'drizzle-orm';
import type { Ledger, LedgerRow } from '../../../contracts/assets';
import { translate, type Locale } from '../../../contracts/i18n';
import { rowsOf, type Db } from '../../platform/db';
import type { SheetColumn } from '../../platform/excel';
import { cjkPdf, findCjkFont } from '../../platform/pdf';
import { accumulatedSql, monthIndex, addMonths } from './assets.depreciation';
import { classesOf } from './assets.classes';
import { schoolName } from './assets.lookups';

/*
 * The ledger 资产分类账 for a month: what finance reconciles with its books (账物相符). The assets
 * on the register at the end of the month (entered by then, not disposed by then), by class:
 * cards, quantity, original value, accumulated depreciation, net value and the month's
 * depreciation, with the formula of assets.depreciation.ts evaluated for that month (so any past
 * month reads the same whenever it is asked). Top classes and their sub-classes; 低值易耗品 apart.
 */

const firstDayAfter = (month: string) => `${addMonths(month, 1)}-01`;

export async function ledgerOf(db: Db, schoolId: number, month: string, locale: Locale): Promise<Ledger> {
  const m = monthIndex(month);
  const rows = await rowsOf<{ class_code: string; low_value: boolean; n: number; qty: string | number; original: string | number; acc: string | number; month_fen: string | number }>(db, sql`
    SELECT class_code, low_value, count(*)::int AS n, sum(quantity)::bigint AS qty, sum(original_value_fen)::bigint AS original,
           sum(acc)::bigint AS acc, sum(acc - prev)::bigint AS month_fen
    FROM (SELECT a.class_code, a.low_value, a.quantity, a.original_value_fen, ${accumulatedSql('a', m)} AS acc, ${accumulatedSql('a', m - 1)} AS prev
          FROM assets a
          WHERE a.school_id = ${schoolId} AND a.entered_on < ${firstDayAfter(month)}::date
            AND (a.disposed_on IS NULL OR a.disposed_on >= ${firstDayAfter(month)}::date)) x
    GROUP BY class_code, low_value`);
  const classes = await classesOf(db, schoolId);
  const [run] = await rowsOf<{ ran_at: string | Date; amount_fen: string | number }>(db, sql`SELECT ran_at, amount_fen FROM asset_depreciation_runs WHERE school_id = ${schoolId} AND month = ${month}`);

  const zero = () => ({ count: 0, quantity: 0, originalFen: 0, accumulatedFen: 0, netFen: 0, monthFen: 0 });
  const fixed = rows.filter((r) => !r.low_value);
  const sumOf = (prefix: string) => {
    const t = zero();
    for (const r of fixed) {
      if (!r.class_code.startsWith(prefix)) continue;
      t.count += Number(r.n); t.quantity += Number(r.qty); t.originalFen += Number(r.original); t.accumulatedFen += Number(r.acc); t.monthFen += Number(r.month_fen);
    }
    t.netFen = t.originalFen - t.accumulatedFen;
    return t;
  };
  const nameOf = (c: (typeof classes)[number]) => (locale === 'en-US' ? c.nameEn ?? c.name : c.name);
  const out: LedgerRow[] = [];
  for (const top of classes.filter((c) => c.parentCode === null)) {
    out.push({ classCode: top.code, className: nameOf(top), level: 0, ...sumOf(top.code) });
    for (const sub of classes.filter((c) => c.parentCode === top.code)) {
      const t = sumOf(sub.code);
      if (t.count) out.push({ classCode: sub.code, className: nameOf(sub), level: 1, ...t });
    }
  }
  // Codes no longer in the class list (a class deleted by hand in the database) still count, under their own code.
  const known = new Set(classes.filter((c) => c.parentCode === null).map((c) => c.code));
  for (const r of fixed) {
    if (![...known].some((k) => r.class_code.startsWith(k))) { known.add(r.class_code); out.push({ classCode: r.class_code, className: r.class_code, level: 0, ...sumOf(r.class_code) }); }
  }
  const totals = sumOf('');
  const low = rows.filter((r) => r.low_value);
  return {
    month, schoolName: await schoolName(db, schoolId),
    run: run ? { ranAt: new Date(run.ran_at instanceof Date ? run.ran_at.toISOString() : String(run.ran_at)).toISOString(), amountFen: Number(run.amount_fen) } : null,
    rows: out, totals,
    lowValue: { count: low.reduce((a, r) => a + Number(r.n), 0), quantity: low.reduce((a, r) => a + Number(r.qty), 0), originalFen: low.reduce((a, r) => a + Number(r.original), 0) },
  };
}

export const yuan = (fen: number) => (fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

type Line = { code: string; name: string; count: number | null; quantity: number; originalFen: number; accumulatedFen: number | null; netFen: number | null; monthFen: number | null };

/** The ledger as lines: classes, the total of fixed assets, then 低值易耗品. */
export function ledgerLines(l: Ledger, locale: Locale): Line[] {
  const t = (k: string) => translate(locale, `assets.ledger.${k}`);
  return [
    ...l.rows.map((r) => ({ code: r.classCode, name: (r.level ? '　' : '') + r.className, count: r.count, quantity: r.quantity, originalFen: r.originalFen, accumulatedFen: r.accumulatedFen, netFen: r.netFen, monthFen: r.monthFen })),
    { code: '', name: t('totalFixed'), ...l.totals },
    { code: '', name: t('lowValue'), count: l.lowValue.count, quantity: l.lowValue.quantity, originalFen: l.lowValue.originalFen, accumulatedFen: null, netFen: null, monthFen: null },
  ];
}

export function ledgerColumns(locale: Locale): SheetColumn<Line>[] {
  const h = (k: string) => translate(locale, `assets.ledger.col.${k}`);
  const money = (v: number | null) => (v === null ? null : v / 100);
  return [
    { header: h('code'), width: 10, value: (r) => r.code },
    { header: h('name'), width: 28, value: (r) => r.name },
    { header: h('count'), width: 10, value: (r) => r.count },
    { header: h('quantity'), width: 10, value: (r) => r.quantity },
    { header: h('original'), width: 16, value: (r) => money(r.originalFen) },
    { header: h('accumulated'), width: 16, value: (r) => money(r.accumulatedFen) },
    { header: h('net'), width: 16, value: (r) => money(r.netFen) },
    { header: h('month'), width: 14, value: (r) => money(r.monthFen) },
  ];
}

/** The ledger as an A4 PDF (landscape), with the signature lines finance expects. */
export async function ledgerPdf(l: Ledger, locale: Locale, now: string, font = findCjkFont()): Promise<Buffer> {
  const { doc, done } = cjkPdf(font, { size: 'A4', layout: 'landscape', margin: 36, info: { Title: `${l.schoolName} ${translate(locale, 'assets.ledger.title')} ${l.month}`, Producer: 'Houqin' } });
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, `assets.ledger.${k}`, p);
  doc.font('cjk').fontSize(15).text(`${l.schoolName}${t('title')}`, { align: 'center' });
  doc.moveDown(0.3).fontSize(9).text(`${t('monthLabel')}${l.month}    ${l.run ? t('runAt', { at: l.run.ranAt.slice(0, 10) }) : t('notRun')}    ${t('unit')}`, { align: 'center' });
  doc.moveDown(0.6);
  const cols = ledgerColumns(locale);
  const widths = [60, 190, 55, 60, 100, 100, 100, 90];
  const left = doc.page.margins.left;
  let y = doc.y;
  const rowH = 17;
  const drawRow = (cells: string[], bold = false, fill?: string) => {
    if (y + rowH > doc.page.height - doc.page.margins.bottom - 40) { doc.addPage(); y = doc.page.margins.top; }
    let x = left;
    if (fill) doc.rect(left, y, widths.reduce((a, b) => a + b, 0), rowH).fill(fill);
    doc.fillColor('black').font('cjk').fontSize(bold ? 9.5 : 9);
    cells.forEach((c, i) => {
      doc.rect(x, y, widths[i], rowH).lineWidth(0.5).stroke('#666');
      doc.fillColor('black').text(c, x + 3, y + 4, { width: widths[i] - 6, align: i >= 2 ? 'right' : 'left', lineBreak: false, ellipsis: true });
      x += widths[i];
    });
    y += rowH;
  };
  drawRow(cols.map((c) => c.header), true, '#eeeeee');
  const fmt = (v: number | null) => (v === null ? '' : yuan(v));
  for (const line of ledgerLines(l, locale)) {
    const strong = !line.code || !line.name.startsWith('　');
    drawRow([line.code, line.name, line.count === null ? '' : String(line.count), String(line.quantity), fmt(line.originalFen), fmt(line.accumulatedFen), fmt(line.netFen), fmt(line.monthFen)], strong, line.code ? undefined : '#f7f7f7');
  }
  doc.font('cjk').fontSize(9).text(`${t('signMaker')}________    ${t('signAccountant')}________    ${t('signHead')}________    ${t('printedAt', { at: now })}`, left, y + 18);
  doc.end();
  return done;
}
