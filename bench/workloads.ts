import type { Db } from '../server/platform/db';
import type { AuthContext } from '../server/platform/sessions';
import { locationService, studentService } from '../server/modules/org';
import { LocationListQuery, StudentListQuery } from '../contracts/org';
import type { Scenario } from './lib/scenario';
import sharp from 'sharp';
import { listRepairs, repairStats } from '../server/modules/repairs';
import { RepairListQuery, StatsQuery } from '../contracts/repairs';
import { systemClock } from '../server/platform/clock';
import { benchPassCode, PASSES_PER_SCHOOL, ACTIVE_PASSES } from './generate';
import { monthlyReport } from '../server/modules/safety/hazards.report';
import { latestSubmission } from '../server/modules/safety/hazards.service';
import { assetsWorkloads, assetsScenarios } from './assets.workloads';
import { canteenWorkloads, canteenScenarios } from './canteen.workloads';

/** Last month in the schools' zone: the month a school reports at the start of this one. */
const lastMonth = () => {
  const [y, m] = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/*
 * What `npm run bench` measures. A module that wants its endpoints measured appends a workload
 * here (and, if it needs data, a step to bench/generate.ts). Each workload is driven by
 * autocannon against the real server and compared with two floors measured in the same run:
 *  - bare:  a Fastify server with no plugins answering the same body as a constant;
 *  - SQL:   the statements the endpoint runs, replayed straight through the driver by
 *           50 concurrent callers. They are recorded, not written twice: the bench calls the
 *           server's own code (`floor` below, after the auth hook's session lookup) once per
 *           account on a drizzle instance that logs every statement, and replays the log.
 */

export interface FloorContext {
  /** A drizzle instance whose statements are recorded for replay. */
  db: Db;
  /** The session as the auth hook loaded it for this request's account. */
  auth: AuthContext;
  /** The request's query string, parsed (use the route's own zod schema). */
  query: Record<string, string>;
}

export interface Targets {
  /** Requests per second at the configured connections. */
  minRps?: number;
  /** 99th percentile latency in ms. */
  maxP99Ms?: number;
  /** Endpoint throughput ÷ SQL-floor throughput. */
  minFloorRatio?: number;
}

export interface Workload {
  /** Short label shown in the table. */
  name: string;
  /** Path and query string of the GET request. */
  path: string;
  /** Accounts (see BENCH_ACCOUNTS in generate.ts) logged in at several schools; requests rotate among them. */
  accounts: string[];
  /** Runs what the route handler runs after the auth hook (the hook's session query is recorded first, always). */
  floor(ctx: FloorContext): Promise<unknown>;
  targets: Targets;
}

const query = (path: string) => Object.fromEntries(new URL(path, 'http://x').searchParams);

export const workloads: Workload[] = [
  {
    name: 'GET /auth/me',
    path: '/api/v1/auth/me',
    accounts: ['admin', 'teacher1', 'guard1', 'dorm1'],
    // The handler itself runs no SQL: the session query is the whole floor.
    floor: async () => undefined,
    targets: { minRps: 1500, maxP99Ms: 50, minFloorRatio: 0.5 },
  },
  {
    name: 'GET /locations dorm by name',
    path: '/api/v1/locations?type=dorm&sort=name&limit=50',
    accounts: ['admin', 'director', 'dorm1', 'repair1'],
    floor: ({ db, auth, query }) => locationService.list(db, LocationListQuery.parse(query) as never, auth.readSchoolIds),
    targets: { maxP99Ms: 100, minFloorRatio: 0.5 },
  },
  {
    name: 'GET /students boarders by name',
    path: '/api/v1/students?boarder=true&sort=name&limit=50',
    accounts: ['admin', 'principal', 'headteacher1', 'dorm1'],
    floor: ({ db, auth, query }) => studentService.list(db, StudentListQuery.parse(query) as never, auth.readSchoolIds),
    targets: { maxP99Ms: 100, minFloorRatio: 0.5 },
  },
  {
    // The director's board: late electrical orders, newest first (100,000 orders per school).
    name: 'GET /repairs overdue electric, closed',
    path: '/api/v1/repairs?state=closed&overdue=true&category=electric&limit=50',
    accounts: ['director', 'admin', 'principal', 'vice'],
    floor: ({ db, auth, query }) => listRepairs(db, { schoolIds: auth.readSchoolIds, userId: auth.userId, roles: auth.roles, timezone: auth.timezone },
      RepairListQuery.parse(query), new Date()),
    targets: { maxP99Ms: 100 },
  },
  {
    name: 'GET /repairs/stats for the term',
    path: '/api/v1/repairs/stats?from=2026-09-01&to=2027-01-20',
    accounts: ['director', 'admin', 'principal', 'vice'],
    floor: ({ db, auth, query }) => repairStats(db, auth.readSchoolIds, systemClock, StatsQuery.parse(query), 'zh-CN'),
    targets: { maxP99Ms: 100 },
  },
  {
    // The monthly hazard report of a school with a year of hazards and inspections (issue #5: ≤ 2 s).
    name: 'GET /reports/hazards/monthly last month',
    path: `/api/v1/reports/hazards/monthly?month=${lastMonth()}`,
    accounts: ['director', 'principal', 'vice'],
    floor: async ({ db, auth, query }) => {
      const schoolId = auth.readSchoolIds[0];
      return [await monthlyReport(db, schoolId, query.month, systemClock), await latestSubmission(db, schoolId, query.month)];
    },
    targets: { maxP99Ms: 2000 },
  },
  ...assetsWorkloads,
  ...canteenWorkloads,
];

/** A phone photo as the report form sends it: shrunk in the browser to 1280 px, JPEG 0.8. */
let photo: Uint8Array | undefined;
async function phonePhoto(): Promise<Uint8Array> {
  // Upscaled noise: smooth shapes that compress like a photo, not like a flat colour.
  photo ??= await sharp({ create: { width: 200, height: 150, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .resize(1280, 960, { kernel: 'cubic' }).jpeg({ quality: 80 }).toBuffer();
  return photo;
}

/** Write scenarios, measured after the GET workloads (they add rows). Modules append theirs. */
export const scenarios: Scenario[] = [
  {
    // Upload one photo, then report the fault with it: what the phone form does on submit.
    name: 'report a fault with one photo',
    accounts: ['teacher1', 'headteacher1', 'dorm1', 'guard1'],
    prepare: async (c) => {
      const page = await c.json<{ items: { id: number }[] }>('GET', '/api/v1/locations?type=classroom&limit=10');
      return { locations: page.items.map((l) => l.id), photo: await phonePhoto() };
    },
    step: async (c, s: { locations: number[]; photo: Uint8Array }, seq) => {
      const file = await c.upload<{ id: string }>('/api/v1/files', 'file', `IMG_${seq}.jpg`, 'image/jpeg', s.photo);
      await c.json('POST', '/api/v1/repairs', {
        locationId: s.locations[seq % s.locations.length], category: 'electric', urgency: 'normal',
        description: `教室灯管不亮（基准 ${seq}）`, photoIds: [file.id],
      });
    },
    targets: { maxP99Ms: 150 },
    // The latency one person sees reporting a fault. Writes queue behind one another on PGlite's
    // single thread (~60 ms of it per report with its photo), so simultaneous reporters wait for
    // each other: --write-users N measures that (docs/performance.md has 2, 5 and 50).
    users: 1,
  },
  {
    // The guard's scan at the gate (issue #5: p99 ≤ 50 ms at 50 connections, a year of records).
    // 14 in 20 scans are fresh valid passes (the exit is recorded: a conditional UPDATE and its audit
    // entry), 3 old passes (used, returned, cancelled or expired), 3 unknown codes. The valid pool
    // is the newest passes of each school, entered at a point that moves with the clock, so a
    // reused bench folder still meets mostly fresh passes.
    name: 'verify exit passes at the gate',
    accounts: ['guard1'],
    prepare: async (c) => ({ school: Number(/^b(\d+)-/.exec(c.account)![1]), offset: Math.floor(Date.now() / 1000) % ACTIVE_PASSES }),
    step: async (c, s: { school: number; offset: number }, seq) => {
      const r = seq % 20;
      const n = PASSES_PER_SCHOOL;
      const code = r < 14 ? benchPassCode(s.school, n - ACTIVE_PASSES + 1 + ((s.offset + seq) % ACTIVE_PASSES))
        : r < 17 ? benchPassCode(s.school, 1 + ((seq * 7919) % (n - ACTIVE_PASSES)))
          : `ZZZZ0${seq % 10}`; // '0' is not in the alphabet: never a pass
      await c.json('POST', '/api/v1/exit-passes/verify', { code });
    },
    targets: { maxP99Ms: 50 },
  },
  ...assetsScenarios,
  ...canteenScenarios,
];

export const queryOf = query;
