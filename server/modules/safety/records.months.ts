import type { Term } from '../../../contracts/schedules';
import type { MonthStatus } from '../../../contracts/safetyRecords';

/*
 * The school calendar as the drill and education rules see it (pure functions, no database).
 * A month is a "school month" when at least `minDays` of its days fall inside a term of the
 * school's calendar (platform `schoolTerms`); the others are holiday months (寒暑假) in which
 * no drill or class session is expected. With the demo calendar (1 Sep – 20 Jan, 24 Feb – 10 Jul)
 * and the default 10 days: September to January and March to July are school months, February
 * (5 term days) and August are not.
 */

const pad = (n: number) => String(n).padStart(2, '0');

export const monthOfDay = (day: string) => day.slice(0, 7);
export const firstDay = (month: string) => `${month}-01`;

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
export const lastDay = (month: string) => `${month}-${pad(daysInMonth(month))}`;

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}`;
}

/** Months from `from` to `to`, both included. */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 240; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Days of the month inside the term. */
function overlap(month: string, term: Term): number {
  const start = term.start > firstDay(month) ? term.start : firstDay(month);
  const end = term.end < lastDay(month) ? term.end : lastDay(month);
  if (end < start) return 0;
  return Number(end.slice(8, 10)) - Number(start.slice(8, 10)) + 1;
}

/** Days of the month inside any term (terms do not overlap; if they do, the days are counted once). */
export function termDaysIn(month: string, terms: readonly Term[]): number {
  const days = new Set<number>();
  for (const t of terms) {
    const n = overlap(month, t);
    if (!n) continue;
    const start = Number((t.start > firstDay(month) ? t.start : firstDay(month)).slice(8, 10));
    for (let d = start; d < start + n; d++) days.add(d);
  }
  return days.size;
}

export const isSchoolMonth = (month: string, terms: readonly Term[], minDays: number) => termDaysIn(month, terms) >= minDays;

/** The term a month belongs to: the one covering most of its days (null in a month outside every term). */
export function termOfMonth(month: string, terms: readonly Term[]): Term | null {
  let best: Term | null = null;
  let most = 0;
  for (const t of terms) {
    const n = overlap(month, t);
    if (n > most) { best = t; most = n; }
  }
  return best;
}

/** The term holding a day, if any. */
export const termOfDay = (day: string, terms: readonly Term[]) => terms.find((t) => t.start <= day && day <= t.end) ?? null;

/**
 * The drill rule month by month over a term: a month with a drill is `done`; a past school month
 * without one is `missing`
 * (flagged); the current month without one yet is `due`, later months `upcoming`, months with
 * fewer than `minDays` term days `holiday`.
 */
export function drillMonthStatuses(term: Term, terms: readonly Term[], drillsByMonth: ReadonlyMap<string, number>, currentMonth: string, minDays: number) {
  return monthsBetween(monthOfDay(term.start), monthOfDay(term.end)).map((month) => {
    const termDays = termDaysIn(month, terms);
    const drills = drillsByMonth.get(month) ?? 0;
    let status: MonthStatus;
    if (drills > 0) status = 'done';
    else if (termDays < minDays) status = 'holiday';
    else if (month < currentMonth) status = 'missing';
    else if (month === currentMonth) status = 'due';
    else status = 'upcoming';
    return { month, status, drills, termDays };
  });
}
