import type { FastifyReply } from 'fastify';
import { translate, type Locale } from '../../../contracts/i18n';
import type { CostMonth } from '../../../contracts/canteenSupply';
import { sendXlsx, type SheetColumn } from '../../platform/excel';
import { cjkPdf, findCjkFont } from '../../platform/pdf';

/*
 * The monthly canteen account for the finance disclosure: .xlsx (one row a day, then the month's
 * totals, income, surplus and margin) and an A4 PDF of the same figures.
 */

const tr = (l: Locale, k: string, p?: Record<string, string | number>) => translate(l, k, p);
export const yuan = (fen: number | null) => (fen == null ? '' : (fen / 100).toFixed(2));

interface Line { label: string; date?: string; students?: number | string; staff?: number | string; meals?: number | string; studentDays?: number | string; kitchen?: string; usage?: string; cost?: string; perMeal?: string }

function lines(l: Locale, m: CostMonth): { days: Line[]; summary: [string, string][] } {
  const days: Line[] = m.days.map((d) => ({
    label: d.date, students: d.students, staff: d.staff, meals: d.meals, studentDays: d.studentDays,
    kitchen: yuan(d.kitchenFen), usage: yuan(d.usageFen), cost: yuan(d.costFen), perMeal: yuan(d.perMealFen),
  }));
  const t = m.totals;
  days.push({ label: tr(l, 'canteen.supply.cost.total'), students: t.students, staff: t.staff, meals: t.meals, studentDays: t.studentDays, kitchen: yuan(t.kitchenFen), usage: yuan(t.usageFen), cost: yuan(t.costFen), perMeal: yuan(t.perMealFen) });
  const summary: [string, string][] = [
    [tr(l, 'canteen.supply.cost.costTotal'), yuan(t.costFen)],
    [tr(l, 'canteen.supply.cost.perMeal'), yuan(t.perMealFen)],
    [tr(l, 'canteen.supply.cost.studentCost'), yuan(t.studentCostFen)],
    [tr(l, 'canteen.supply.cost.perStudentDay'), yuan(t.perStudentDayFen)],
    [tr(l, 'canteen.supply.cost.income') + `（${tr(l, `canteen.supply.cost.source.${m.income.source}`)}）`, yuan(m.income.incomeFen)],
    [tr(l, m.surplusFen < 0 ? 'canteen.supply.cost.deficit' : 'canteen.supply.cost.surplus'), yuan(m.surplusFen)],
    [tr(l, 'canteen.supply.cost.margin'), m.marginPercent == null ? '' : `${m.marginPercent.toFixed(2)}%`],
    [tr(l, 'canteen.supply.cost.marginLimit'), `${m.marginLimitPercent}%`],
    [tr(l, 'canteen.supply.cost.flag'), m.overLimit ? tr(l, 'canteen.supply.cost.overLimit') : tr(l, 'canteen.supply.cost.withinLimit')],
  ];
  return { days, summary };
}

export function sendCostXlsx(reply: FastifyReply, l: Locale, school: string, m: CostMonth) {
  const { days, summary } = lines(l, m);
  const h = (k: string) => tr(l, `canteen.supply.cost.col.${k}`);
  const cols: SheetColumn<Line>[] = [
    { header: h('date'), width: 14, value: (r) => r.label },
    { header: h('students'), width: 10, value: (r) => r.students },
    { header: h('staff'), width: 10, value: (r) => r.staff },
    { header: h('meals'), width: 10, value: (r) => r.meals },
    { header: h('studentDays'), width: 10, value: (r) => r.studentDays },
    { header: h('kitchen'), width: 12, value: (r) => r.kitchen },
    { header: h('usage'), width: 12, value: (r) => r.usage },
    { header: h('cost'), width: 12, value: (r) => r.cost },
    { header: h('perMeal'), width: 12, value: (r) => r.perMeal },
  ];
  const rows: Line[] = [...days, { label: '' }, ...summary.map(([label, value]) => ({ label, students: value }))];
  async function* pages() { yield rows; }
  const title = tr(l, 'canteen.supply.cost.fileTitle', { school, month: m.month });
  return sendXlsx(reply, title, m.month, cols, pages());
}

export async function costPdf(l: Locale, school: string, m: CostMonth, font = findCjkFont()): Promise<Buffer> {
  const { doc, done } = cjkPdf(font, { size: 'A4', margin: 40, info: { Title: tr(l, 'canteen.supply.cost.fileTitle', { school, month: m.month }), Producer: 'Houqin' } });
  const { days, summary } = lines(l, m);
  doc.font('cjk').fontSize(15).text(tr(l, 'canteen.supply.cost.fileTitle', { school, month: m.month }), { align: 'center' });
  doc.moveDown(0.6).fontSize(8.5);
  const cols = ['date', 'students', 'staff', 'meals', 'studentDays', 'kitchen', 'usage', 'cost', 'perMeal'] as const;
  const widths = [78, 50, 50, 50, 55, 60, 60, 60, 52];
  const draw = (cells: string[], bold = false) => {
    if (doc.y > 780) doc.addPage();
    const y = doc.y;
    let x = 40;
    cells.forEach((cell, i) => { doc.text(cell, x, y, { width: widths[i] - 4, align: i === 0 ? 'left' : 'right', lineBreak: false }); x += widths[i]; });
    doc.y = y + (bold ? 14 : 12);
  };
  draw(cols.map((k) => tr(l, `canteen.supply.cost.col.${k}`)), true);
  for (const d of days) {
    draw([d.label, String(d.students ?? ''), String(d.staff ?? ''), String(d.meals ?? ''), String(d.studentDays ?? ''), d.kitchen ?? '', d.usage ?? '', d.cost ?? '', d.perMeal ?? '']);
  }
  doc.moveDown(1).fontSize(10);
  for (const [label, value] of summary) { if (doc.y > 780) doc.addPage(); doc.text(`${label}：${value}`, 40, doc.y); }
  doc.moveDown(0.5).fontSize(8).text(tr(l, 'canteen.supply.cost.note'), 40, doc.y, { width: 515 });
  doc.end();
  return done;
}
