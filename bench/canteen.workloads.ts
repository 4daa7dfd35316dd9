import type { Workload } from './workloads';
import type { Scenario, ScenarioClient } from './lib/scenario';
import { canteenBoard } from '../server/modules/canteen/meals.day';
import { costMonth } from '../server/modules/canteen/supply.costs';
import { canteenBoardDate, canteenCostMonth, inTerm } from './canteen.generate';

/*
 * The canteen's bench (issue #6 "Speed"): the day's board of a school with a year of records
 * (p99 ≤ 100 ms at 50 connections) and the month's cost account (≤ 2 s). The board's day is the
 * latest term-time Wednesday before today (three meals, 15 dishes sampled, 3 accompanied meals,
 * 7 morning checks, ~5 intakes); the month the last complete term month. Both move with the
 * clock, so a reused bench folder (generated up to a year ago) still has them.
 */

const boardDate = canteenBoardDate();
const costMonthOf = canteenCostMonth();

export const canteenWorkloads: Workload[] = [
  {
    // GET /api/v1/canteen/board (meals part; action canteen.board.read): meals, staff and supply of one day.
    name: 'GET /canteen/board a school day',
    path: `/api/v1/canteen/board?date=${boardDate}`,
    accounts: ['canteen1', 'director', 'principal', 'vice'],
    floor: ({ db, auth, query }) => canteenBoard(db, auth.readSchoolIds[0], query.date, new Date()),
    targets: { maxP99Ms: 100 },
  },
  {
    // GET /api/v1/canteen/costs/months/:month (supply part; action canteen.supply.costs.read; not cached).
    name: 'GET /canteen/costs month account',
    path: `/api/v1/canteen/costs/months/${costMonthOf}`,
    accounts: ['canteen1', 'director', 'accountant', 'principal'],
    floor: ({ db, auth }) => costMonth(db, auth.readSchoolIds[0], costMonthOf),
    targets: { maxP99Ms: 2000 },
  },
];

/** The year's term months before the cost month, newest first (each has a month of records). */
function termMonths(): string[] {
  const out: string[] = [];
  let [y, m] = costMonthOf.split('-').map(Number);
  for (let i = 0; i < 11; i++) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    if (inTerm(`${month}-15`)) out.push(month);
    if (--m === 0) { y--; m = 12; }
  }
  return out;
}

export const canteenScenarios: Scenario[] = [
  {
    // The accountant opening one month's account after another (the finance disclosure): one request at a time.
    name: 'canteen: month cost account, one user',
    accounts: ['accountant', 'canteen1'],
    prepare: async () => ({ months: termMonths() }),
    step: async (c: ScenarioClient, s: { months: string[] }, seq) => {
      await c.json('GET', `/api/v1/canteen/costs/months/${s.months[seq % s.months.length]}`);
    },
    targets: { maxP99Ms: 2000 },
    users: 1,
  },
];
