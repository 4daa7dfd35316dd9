import { demoName, seededRandom } from '../server/platform/demo';
import type { Exec } from './lib/database';
import { hazardsStep } from './hazards.generate';
import { assetsStep } from './assets.generate';
import { canteenStep } from './canteen.generate';

/*
 * The bench district: N schools shaped like the demo's 青山镇初级中学 (one campus, 6 buildings,
 * ~100 locations of which 64 dorm rooms, 8 departments, 69 staff with roles, 12 classes,
 * ~600 students, two thirds boarders), plus the district bureau with one inspector.
 * Ids are assigned here (OVERRIDING SYSTEM VALUE) so no row needs a RETURNING round trip; every
 * table is written with a few json_populate_recordset statements of up to BATCH rows each.
 * A module that adds tables adds one GenerateStep to `generateSteps` below.
 */

/** Bump when the generated data changes: a reused PGlite folder of another version is rebuilt. */
export const GENERATOR_VERSION = 7;
export const BENCH_PASSWORD = 'houqin-bench';
const BATCH = 5000;

export interface BenchSchool { index: number; id: number; code: string; name: string }

type Row = Record<string, unknown>;

export interface GenerateContext {
  schoolCount: number;
  districtId: number;
  bureauId: number;
  schools: BenchSchool[];
  passwordHash: string;
  random: () => number;
  /** The next id of a table (ids are unique per table, as the identity columns make them). */
  nextId(table: string): number;
  /** Reserves n consecutive ids of a table for rows made in SQL; returns the first. */
  reserveIds(table: string, n: number): number;
  /** Queues rows for a table; tables are written in the order they are first added. */
  add(table: string, rows: Row[]): void;
  /** Ids of this school's rows other steps refer to (staff by role, locations by code …). */
  refs: Map<number, SchoolRefs>;
}

export interface SchoolRefs {
  campusId: number;
  staff: { id: number; username: string; roles: string[] }[];
  locations: Record<string, number>;
  classes: { id: number; grade: number }[];
}

export interface GenerateStep {
  name: string;
  run(ctx: GenerateContext): void;
  /** Statements run after every queued row is written (bulk data made in SQL, e.g. generate_series). */
  sql?(ctx: GenerateContext): string[];
}

/** Usernames are unique across the installation: b<school index>-<role>. */
export const benchUsername = (schoolIndex: number, account: string) => `b${schoolIndex}-${account}`;
export const INSPECTOR = 'b-inspector';

/** The accounts each school gets, as in the demo (org.demo.ts demoAccounts). */
export const BENCH_ACCOUNTS: { account: string; post: string; dept: string; roles: string[] }[] = [
  { account: 'admin', post: '信息管理员', dept: '办公室', roles: ['admin'] },
  { account: 'principal', post: '校长', dept: '校长室', roles: ['principal'] },
  { account: 'vice', post: '分管后勤副校长', dept: '校长室', roles: ['vice_principal'] },
  { account: 'director', post: '总务主任', dept: '总务处', roles: ['director'] },
  { account: 'accountant', post: '会计', dept: '总务处', roles: ['accountant'] },
  { account: 'storekeeper', post: '仓管员', dept: '总务处', roles: ['storekeeper'] },
  { account: 'repair1', post: '电工/维修工', dept: '总务处', roles: ['repair_worker'] },
  { account: 'guard1', post: '门卫', dept: '保卫处', roles: ['guard'] },
  { account: 'dorm1', post: '男生宿舍宿管员', dept: '政教处', roles: ['dorm_manager'] },
  { account: 'canteen1', post: '食堂管理员', dept: '食堂', roles: ['canteen_manager'] },
  { account: 'headteacher1', post: '语文教师', dept: '教务处', roles: ['head_teacher', 'teacher'] },
  { account: 'teacher1', post: '数学教师', dept: '教务处', roles: ['teacher'] },
];

const phone = (random: () => number) => `139${String(10000000 + Math.floor(random() * 89999999)).slice(0, 8)}`;

type Loc = { code: string; name: string; type: string; building?: string; parent?: string; floor?: number; capacity?: number; areaM2?: number };

/** The junior school's places, as org.demo.ts builds them: 102 locations, 64 of them dorm rooms. */
function juniorLocations(): Loc[] {
  const locs: Loc[] = [];
  [7, 8, 9].forEach((g, gi) => {
    for (let c = 1; c <= 4; c++) locs.push({ code: `JX-${gi + 1}0${c}`, name: `${g}年级${c}班教室`, type: 'classroom', building: 'JX', floor: gi + 1, capacity: 55, areaM2: 66 });
  });
  const offices: [string, string, string, number][] = [
    ['101', '校长室', 'office', 1], ['102', '总务处', 'office', 1], ['103', '财务室', 'office', 1], ['201', '教务处', 'office', 2],
    ['202', '政教处', 'office', 2], ['203', '教师办公室一', 'office', 2], ['204', '教师办公室二', 'office', 2],
    ['301', '图书室', 'function_room', 3], ['302', '会议室', 'function_room', 3],
  ];
  for (const [code, name, type, floor] of offices) locs.push({ code: `BG-${code}`, name, type, building: 'BG', floor });
  locs.push(
    { code: 'SY-L1', name: '物理实验室', type: 'lab', building: 'SY', floor: 1, capacity: 50 },
    { code: 'SY-L2', name: '化学实验室', type: 'lab', building: 'SY', floor: 1 },
    { code: 'SY-L3', name: '生物实验室', type: 'lab', building: 'SY', floor: 2 },
    { code: 'SY-C1', name: '电脑房', type: 'computer_room', building: 'SY', floor: 2, capacity: 50 },
    { code: 'SY-F1', name: '美术教室', type: 'function_room', building: 'SY', floor: 3 },
    { code: 'ST-1', name: '学生餐厅', type: 'canteen', building: 'ST', floor: 1, capacity: 600 },
    { code: 'ST-1-CZ', name: '操作间', type: 'canteen', building: 'ST', parent: 'ST-1', floor: 1 },
    { code: 'ST-1-KF', name: '食品库房', type: 'warehouse', building: 'ST', parent: 'ST-1', floor: 1 },
    { code: 'ST-1-LY', name: '留样间', type: 'canteen', building: 'ST', parent: 'ST-1', floor: 1 },
    { code: 'CK-1', name: '总务仓库', type: 'warehouse' },
    { code: 'PD-1', name: '配电室', type: 'power_room' },
    { code: 'YD-1', name: '运动场', type: 'sports_field', areaM2: 12000 },
    { code: 'YD-1-PD', name: '田径跑道', type: 'sports_field', parent: 'YD-1' },
    { code: 'YD-1-LQ', name: '篮球场', type: 'sports_field', parent: 'YD-1' },
    { code: 'LD-1', name: '校前花圃', type: 'garden' },
    { code: 'LD-2', name: '西侧绿地', type: 'garden' },
    { code: 'MW-1', name: '门卫室', type: 'gatehouse' },
  );
  for (const [b, label] of [['SSN', '男'], ['SSV', '女']] as const) {
    for (let f = 1; f <= 4; f++) for (let r = 1; r <= 8; r++) {
      locs.push({ code: `${b}-${f}0${r}`, name: `${label}生宿舍${f}0${r}`, type: 'dorm', building: b, floor: f, capacity: 8, areaM2: 30 });
    }
  }
  return locs;
}

const BUILDINGS = [['JX', '教学楼', 'teaching', 4], ['SY', '实验楼', 'lab', 3], ['BG', '综合办公楼', 'office', 3], ['SSN', '男生宿舍楼', 'dorm', 4], ['SSV', '女生宿舍楼', 'dorm', 4], ['ST', '食堂', 'canteen', 2]] as const;
const DEPARTMENTS = ['校长室', '办公室', '教务处', '政教处', '总务处', '保卫处', '食堂', '团委'];
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '道德与法治', '体育', '音乐', '美术', '信息技术'];

/** Platform directory and the org module: district, schools, places, departments, staff, classes, students. */
const orgStep: GenerateStep = {
  name: 'org',
  run(ctx) {
    const { random } = ctx;
    const today = new Date();
    for (const school of ctx.schools) {
      const s = school.id;
      const campusId = ctx.nextId('campuses');
      ctx.add('campuses', [{ school_id: s, id: campusId, code: 'MAIN', name: '本部', address: `${school.name}学府路 ${school.index} 号` }]);
      const bIds: Record<string, number> = {};
      ctx.add('buildings', BUILDINGS.map(([code, name, kind, floors]) => {
        bIds[code] = ctx.nextId('buildings');
        return { school_id: s, id: bIds[code], campus_id: campusId, code, name, kind, floors, built_year: 2009 };
      }));

      // Parents come before their children in the list, so one pass assigns ids and paths.
      const locIds: Record<string, number> = {};
      ctx.add('locations', juniorLocations().map((l) => {
        const id = ctx.nextId('locations');
        locIds[l.code] = id;
        const parentId = l.parent ? locIds[l.parent] : null;
        return {
          school_id: s, id, campus_id: campusId, building_id: l.building ? bIds[l.building] : null, parent_id: parentId,
          code: l.code, name: l.name, type: l.type, floor: l.floor ?? null, area_m2: l.areaM2 ?? null, capacity: l.capacity ?? null,
          path: parentId ? `/${parentId}/` : '/', depth: parentId ? 1 : 0,
        };
      }));

      const deptIds: Record<string, number> = {};
      ctx.add('departments', DEPARTMENTS.map((name, i) => {
        deptIds[name] = ctx.nextId('departments');
        return { school_id: s, id: deptIds[name], name, code: `D${i + 1}` };
      }));

      // 69 staff as in the demo: 12 named accounts, 8 more office staff, 41 teachers, 6 canteen, a guard, a dorm manager.
      type Spec = { username: string; post: string; dept: string; roles: string[] };
      const staff: Spec[] = BENCH_ACCOUNTS.map((a) => ({ username: benchUsername(school.index, a.account), post: a.post, dept: a.dept, roles: a.roles }));
      const more = (n: number, make: (i: number) => Omit<Spec, 'username'>) => {
        for (let i = 0; i < n; i++) staff.push({ username: benchUsername(school.index, `s${String(staff.length + 1).padStart(3, '0')}`), ...make(i) });
      };
      more(8, (i) => ({ post: ['教务主任', '政教主任', '办公室主任', '团委书记', '工会主席', '出纳', '电工', '校医'][i], dept: ['教务处', '政教处', '办公室', '团委', '办公室', '总务处', '总务处', '办公室'][i], roles: i === 6 ? ['repair_worker'] : ['teacher'] }));
      more(41, (i) => ({ post: `${i < 17 ? '特岗' : ''}${SUBJECTS[i % SUBJECTS.length]}教师`, dept: '教务处', roles: i < 11 ? ['head_teacher', 'teacher'] : ['teacher'] }));
      more(6, (i) => ({ post: i === 0 ? '厨师长' : '食堂工勤', dept: '食堂', roles: [] }));
      more(1, () => ({ post: '门卫', dept: '保卫处', roles: ['guard'] }));
      more(1, () => ({ post: '女生宿舍宿管员', dept: '政教处', roles: ['dorm_manager'] }));
      const staffRefs = addStaff(ctx, s, staff.map((x) => ({ ...x, departmentId: deptIds[x.dept] ?? null })));

      const heads = staffRefs.filter((x) => x.roles.includes('head_teacher'));
      const classes: SchoolRefs['classes'] = [];
      const classRows: Row[] = [];
      const studentRows: Row[] = [];
      [7, 8, 9].forEach((grade, gi) => {
        for (let c = 1; c <= 4; c++) {
          const id = ctx.nextId('classes');
          const entryYear = today.getFullYear() - gi - (today.getMonth() < 8 ? 1 : 0);
          classes.push({ id, grade });
          classRows.push({
            school_id: s, id, grade, name: `${c}班`, entry_year: entryYear, head_teacher_id: heads[gi * 4 + c - 1]?.id ?? null,
            boarding: 'mixed', classroom_id: locIds[`JX-${gi + 1}0${c}`],
          });
          const n = 48 + Math.floor(random() * 5);
          for (let k = 1; k <= n; k++) {
            studentRows.push({
              school_id: s, id: ctx.nextId('students'), student_no: `${entryYear}${String(grade).padStart(2, '0')}${String(c).padStart(2, '0')}${String(k).padStart(2, '0')}`,
              name: demoName(random), gender: random() < 0.5 ? 'male' : 'female', class_id: id, boarder: random() < 0.67,
              guardian_name: demoName(random), guardian_phone: `13${Math.floor(100000000 + random() * 899999999)}`,
            });
          }
        }
      });
      ctx.add('classes', classRows);
      ctx.add('students', studentRows);
      ctx.refs.set(s, { campusId, staff: staffRefs, locations: locIds, classes });
    }
    addStaff(ctx, ctx.bureauId, [{ username: INSPECTOR, post: '教育局督导', departmentId: null, roles: ['inspector'] }]);
  },
};

function addStaff(ctx: GenerateContext, schoolId: number, staff: { username: string; post: string; departmentId: number | null; roles: string[] }[]) {
  const refs = staff.map((x) => ({ id: ctx.nextId('users'), username: x.username, roles: x.roles }));
  ctx.add('users', staff.map((x, i) => ({
    school_id: schoolId, id: refs[i].id, username: x.username, name: demoName(ctx.random), password_hash: ctx.passwordHash,
    gender: ctx.random() < 0.5 ? 'male' : 'female', phone: phone(ctx.random), employee_no: String(i + 1).padStart(3, '0'),
    department_id: x.departmentId, post: x.post,
  })));
  ctx.add('user_roles', refs.flatMap((r) => r.roles.map((role) => ({ school_id: schoolId, user_id: r.id, role }))));
  ctx.add('usernames', refs.map((r) => ({ username: r.username.toLowerCase(), school_id: schoolId, user_id: r.id })));
  return refs;
}

/** Repair orders per school: the issue's stress size (issue #3: 100,000 per school). */
export const REPAIRS_PER_SCHOOL = Number(process.env.BENCH_REPAIRS_PER_SCHOOL ?? 100_000);
const CATEGORIES = ['water', 'electric', 'doorWindow', 'furniture', 'multimedia', 'network', 'building', 'other'];
const ITEMS = [['更换灯管', '根'], ['阀门水嘴', '只'], ['零星维修', '次'], ['更换开关插座', '个'], ['更换门锁', '把'], ['课桌椅维修', '套']];

/**
 * Repairs: a year of orders per school, made in SQL (generate_series) so 2 million rows take
 * seconds, not a 2 GB queue in this process. Deterministic: every "random" choice is a hash of
 * the row number. The last 0.3 % are still open; ~2 % cancelled; the rest closed and rated.
 */
const repairsStep: GenerateStep = {
  name: 'repairs',
  run() {},
  sql(ctx) {
    const n = REPAIRS_PER_SCHOOL;
    if (!n) return [];
    const out: string[] = [];
    const arr = (xs: (string | number)[]) => `(ARRAY[${xs.map((x) => (typeof x === 'number' ? x : `'${x}'`)).join(',')}])`;
    for (const school of ctx.schools) {
      const refs = ctx.refs.get(school.id)!;
      const first = ctx.reserveIds('repair_orders', n) - 1;
      const locIds = Object.values(refs.locations);
      const workers = refs.staff.filter((x) => x.roles.includes('repair_worker')).map((x) => x.id);
      const reporters = refs.staff.map((x) => x.id);
      // Seconds between orders so that n of them span 365 days up to now.
      const step = Math.floor((365 * 86400) / n);
      out.push(`INSERT INTO repair_orders (school_id, id, code, state, category, urgency, description, location_id, building_id, reporter_id, assignee_id,
          reported_at, dispatched_at, accepted_at, completed_at, closed_at, cancelled_at, response_due_at, done_due_at, overdue, overdue_at, hours, complete_note, rating)
        OVERRIDING SYSTEM VALUE
        SELECT ${school.id}, ${first} + g, 'B' || lpad(g::text, 7, '0'), st, cat, urg, cat || ' 故障 #' || g, loc,
               (SELECT building_id FROM locations l WHERE l.school_id = ${school.id} AND l.id = loc),
               ${arr(reporters)}[1 + r3 % ${reporters.length}],
               CASE WHEN st = 'reported' THEN NULL ELSE ${arr(workers)}[1 + r1 % ${workers.length}] END,
               rep,
               CASE WHEN st IN ('reported') THEN NULL ELSE rep + interval '5 minutes' END,
               CASE WHEN st IN ('reported', 'dispatched', 'cancelled') THEN NULL ELSE acc END,
               CASE WHEN st IN ('completed', 'closed') THEN done END,
               CASE WHEN st = 'closed' THEN done + interval '1 day' END,
               CASE WHEN st = 'cancelled' THEN rep + interval '30 minutes' END,
               rep + resp, rep + lim,
               late, CASE WHEN late THEN LEAST(rep + resp, rep + lim) END,
               CASE WHEN st IN ('completed', 'closed') THEN 0.5 + (r2 % 8) * 0.5 END,
               CASE WHEN st IN ('completed', 'closed') THEN '已修复' END,
               CASE WHEN st = 'closed' AND r3 % 10 > 0 THEN 3 + r3 % 3 END
          FROM (SELECT z.*,
                  -- Late as the sweep would have flagged it: finished late, or still open past a deadline.
                  CASE WHEN st = 'cancelled' THEN false
                       WHEN st IN ('completed', 'closed') THEN acc > rep + resp OR done > rep + lim
                       WHEN st = 'in_progress' THEN acc > rep + resp OR rep + lim < now()
                       ELSE rep + resp < now() OR rep + lim < now() END AS late
          FROM (
            SELECT g, r1, r2, r3, rep,
                   CASE WHEN g > ${n} - ${Math.ceil(n * 0.003)} THEN (ARRAY['reported','dispatched','in_progress','completed','reopened'])[1 + r1 % 5]
                        WHEN r2 < 20 THEN 'cancelled' ELSE 'closed' END AS st,
                   (${arr(CATEGORIES)})[1 + r1 % ${CATEGORIES.length}] AS cat,
                   CASE WHEN r3 < 100 THEN 'urgent' ELSE 'normal' END AS urg,
                   ${arr(locIds)}[1 + (r2 * 7 + r1) % ${locIds.length}] AS loc,
                   CASE WHEN r3 < 100 THEN interval '2 hours' ELSE interval '24 hours' END AS resp,
                   CASE WHEN r3 < 100 THEN interval '24 hours' ELSE interval '72 hours' END AS lim,
                   rep + (10 + r1 % 600) * interval '1 minute' AS acc,
                   rep + (40 + r1 % 600 + r2 * 4) * interval '1 minute' AS done
              FROM (SELECT g, ((g::bigint * 7919) % 1000)::int AS r1, ((g::bigint * 104729) % 1000)::int AS r2, ((g::bigint * 1299709) % 1000)::int AS r3,
                           now() - ((${n} - g) * ${step} + 600) * interval '1 second' AS rep
                      FROM generate_series(1, ${n}) g) x
          ) z) y`);
      // Materials on a third of the completed orders: the statistics' "更换灯管 13 次".
      const itemFirst = ctx.reserveIds('repair_items', Math.ceil(n / 3) + 1) - 1;
      out.push(`INSERT INTO repair_items (school_id, id, order_id, name, quantity, unit)
        OVERRIDING SYSTEM VALUE
        SELECT school_id, ${itemFirst} + row_number() OVER (ORDER BY id), id, (${arr(ITEMS.map((i) => i[0]))})[1 + id % ${ITEMS.length}],
               1 + id % 4, (${arr(ITEMS.map((i) => i[1]))})[1 + id % ${ITEMS.length}]
          FROM repair_orders WHERE school_id = ${school.id} AND id % 3 = 0 AND completed_at IS NOT NULL AND id <= ${first} + ${n}`);
    }
    return out;
  },
};

/* ---------- Safety: the gate (GATE helper) ---------- */

/** Exit passes and visits per school: a year of the gate (issue #5: 200,000 passes, 100,000 visits). */
export const PASSES_PER_SCHOOL = Number(process.env.BENCH_PASSES_PER_SCHOOL ?? 200_000);
export const VISITS_PER_SCHOOL = Number(process.env.BENCH_VISITS_PER_SCHOOL ?? 100_000);
/** The newest passes of each school are valid for a year from generation: the pool the verify scenario lets out. */
export const ACTIVE_PASSES = Math.min(20_000, Math.floor(PASSES_PER_SCHOOL / 10));
const PASS_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_SPACE = 31 ** 6;

/** The code of the g-th generated pass of a school: a bijection of g (7919 is a unit mod 31⁶), so unique per school. */
export function benchPassCode(schoolIndex: number, g: number): string {
  const x = (g * 7919 + 13 * schoolIndex) % CODE_SPACE;
  let s = '';
  for (let k = 0, d = 1; k < 6; k++, d *= 31) s += PASS_ALPHABET[Math.floor(x / d) % 31];
  return s;
}
const passCodeSql = (schoolIndex: number) => {
  const x = `((g::bigint * 7919 + ${13 * schoolIndex}) % ${CODE_SPACE})`;
  return Array.from({ length: 6 }, (_, k) => `substr('${PASS_ALPHABET}', ((${x} / ${31 ** k}) % 31)::int + 1, 1)`).join(' || ');
};

const gateStep: GenerateStep = {
  name: 'gate',
  run(ctx) {
    ctx.add('gate_secrets', ctx.schools.map((s) => ({ school_id: s.id, secret: `bench-secret-${s.index}` })));
  },
  sql(ctx) {
    const out: string[] = [];
    const n = PASSES_PER_SCHOOL;
    const v = VISITS_PER_SCHOOL;
    for (const school of ctx.schools) {
      const refs = ctx.refs.get(school.id)!;
      const guards = refs.staff.filter((x) => x.roles.includes('guard')).map((x) => x.id);
      const hosts = refs.staff.filter((x) => x.roles.some((r) => ['principal', 'vice_principal', 'director', 'teacher'].includes(r))).map((x) => x.id);
      const arr = (xs: number[]) => `(ARRAY[${xs.join(',')}])`;
      if (n) {
        const first = ctx.reserveIds('exit_passes', n) - 1;
        // A year of passes, ~550 a school day; the newest ACTIVE_PASSES valid from an hour ago for a year.
        const step = Math.floor((365 * 86400) / n);
        out.push(`INSERT INTO exit_passes (school_id, id, code, student_id, class_id, reason, valid_from, valid_until, with_guardian, guardian_name, guardian_phone,
            state, issued_by, issued_at, exited_at, exited_by, returned_at, returned_by, cancelled_at, cancelled_by, cancel_reason, created_at, updated_at)
          OVERRIDING SYSTEM VALUE
          SELECT ${school.id}, ${first} + g, ${passCodeSql(school.index)}, st.id, st.class_id,
                 (ARRAY['身体不适，回家就医','家中有事','看牙医','参加亲属婚礼','回家取衣物'])[1 + g % 5],
                 vf, vu, g % 3 > 0, CASE WHEN g % 3 > 0 THEN st.guardian_name END, CASE WHEN g % 3 > 0 THEN st.guardian_phone END,
                 state, COALESCE(c.head_teacher_id, ${refs.staff.find((x) => x.roles.includes('director'))!.id}), vf - interval '30 minutes',
                 CASE WHEN state IN ('used','returned') THEN vf + interval '10 minutes' END,
                 CASE WHEN state IN ('used','returned') THEN ${arr(guards)}[1 + g % ${guards.length}] END,
                 CASE WHEN state = 'returned' THEN vf + interval '3 hours' END,
                 CASE WHEN state = 'returned' THEN ${arr(guards)}[1 + g % ${guards.length}] END,
                 CASE WHEN state = 'cancelled' THEN vf - interval '10 minutes' END,
                 CASE WHEN state = 'cancelled' THEN COALESCE(c.head_teacher_id, ${refs.staff.find((x) => x.roles.includes('director'))!.id}) END,
                 CASE WHEN state = 'cancelled' THEN '家长改期' END, vf - interval '30 minutes', vf
            FROM (SELECT g,
                    CASE WHEN g > ${n - ACTIVE_PASSES} THEN now() - interval '1 hour' ELSE now() - ((${n} - g) * ${step} + 7200) * interval '1 second' END AS vf,
                    CASE WHEN g > ${n - ACTIVE_PASSES} THEN now() + interval '365 days' ELSE now() - ((${n} - g) * ${step} + 7200) * interval '1 second' + interval '4 hours' END AS vu,
                    CASE WHEN g > ${n - ACTIVE_PASSES} THEN 'active' WHEN g % 20 = 0 THEN 'cancelled' WHEN g % 20 = 1 THEN 'active' WHEN g % 50 = 2 THEN 'used' ELSE 'returned' END AS state,
                    1 + (g * 37) % (SELECT count(*) FROM students WHERE school_id = ${school.id}) AS rn
                    FROM generate_series(1, ${n}) g) x
            JOIN (SELECT id, class_id, guardian_name, guardian_phone, row_number() OVER (ORDER BY id) AS rn
                    FROM students WHERE school_id = ${school.id}) st ON st.rn = x.rn
            JOIN classes c ON c.school_id = ${school.id} AND c.id = st.class_id`);
      }
      if (v) {
        const first = ctx.reserveIds('visitors', v) - 1;
        const step = Math.floor((365 * 86400) / v);
        // The last 30 visitors are still inside.
        out.push(`INSERT INTO visitors (school_id, id, name, id_type, id_masked, id_hash, phone, organisation, reason, host_id, host_confirmed, host_confirmed_by,
            host_confirmed_at, plate, badge_no, time_in, time_out, due_out_at, registered_by, checked_out_by, created_at, updated_at)
          OVERRIDING SYSTEM VALUE
          SELECT ${school.id}, ${first} + g, (ARRAY['王','李','张','刘','陈','杨','黄','赵'])[1 + g % 8] || (ARRAY['伟','芳','娜','敏','静','强','磊','军','洋'])[1 + (g / 8) % 9],
                 'resident_id', '**************' || lpad((g % 10000)::text, 4, '0'), md5('v' || g) || md5('w' || g),
                 '13' || lpad(((g * 7919) % 1000000000)::text, 9, '0'),
                 (ARRAY['县教育局','县疾控中心','鑫源食品配送公司','新华书店','电信公司','学生家长'])[1 + g % 6],
                 (ARRAY['检查工作','送货','送教辅资料','维修网络','家长会'])[1 + g % 5],
                 ${arr(hosts)}[1 + g % ${hosts.length}], g % 5 > 0, CASE WHEN g % 5 > 0 THEN ${guards[0]} END, CASE WHEN g % 5 > 0 THEN t_in + interval '3 minutes' END,
                 CASE WHEN g % 3 = 0 THEN '黔H' || lpad((g % 100000)::text, 5, '0') END, 'F' || lpad((g % 30)::text, 2, '0'),
                 t_in, CASE WHEN g > ${v - 30} THEN NULL ELSE t_in + (30 + g % 150) * interval '1 minute' END, t_in + interval '8 hours',
                 ${arr(guards)}[1 + g % ${guards.length}], CASE WHEN g > ${v - 30} THEN NULL ELSE ${guards[0]} END, t_in, t_in
            FROM (SELECT g, now() - ((${v} - g) * ${step} + 600) * interval '1 second' AS t_in FROM generate_series(1, ${v}) g) x`);
      }
    }
    return out;
  },
};

/** Every module's data, in dependency order. Later modules append their step. */
export const generateSteps: GenerateStep[] = [orgStep, repairsStep, gateStep, hazardsStep, assetsStep, canteenStep];

export interface GenerateResult { schools: BenchSchool[]; rows: Record<string, number>; ms: number }

/**
 * Fills an empty, migrated database. `exec` must run on one connection (a transaction spans it).
 */
export async function generateDistrict(exec: Exec, schoolCount: number, passwordHash: string): Promise<GenerateResult> {
  const started = performance.now();
  const counters = new Map<string, number>();
  const queued = new Map<string, Row[]>();
  const schools: BenchSchool[] = Array.from({ length: schoolCount }, (_, i) => ({
    index: i + 1, id: i + 2, code: `B${String(i + 1).padStart(3, '0')}`, name: `基准县第${i + 1}初级中学`,
  }));
  const ctx: GenerateContext = {
    schoolCount, districtId: 1, bureauId: 1, schools, passwordHash, random: seededRandom(20260901),
    nextId: (table) => { const n = (counters.get(table) ?? 0) + 1; counters.set(table, n); return n; },
    reserveIds: (table, n) => { const first = (counters.get(table) ?? 0) + 1; counters.set(table, first + n - 1); return first; },
    add: (table, rows) => { if (!queued.has(table)) queued.set(table, []); queued.get(table)!.push(...rows); },
    refs: new Map(),
  };
  ctx.add('districts', [{ id: 1, code: 'BENCH', name: '基准县教育局', region: '基准省基准市基准县' }]);
  ctx.add('schools', [
    { id: 1, district_id: 1, code: 'BENCH-JYJ', name: '基准县教育局', kind: 'bureau', stage: null, boarding: false, address: '基准县人民路 1 号', phone: null },
    ...schools.map((s) => ({ id: s.id, district_id: 1, code: s.code, name: s.name, kind: 'school', stage: 'junior', boarding: true, address: `基准县学府路 ${s.index} 号`, phone: `0851-6${String(s.index).padStart(6, '0')}` })),
  ]);
  counters.set('districts', 1);
  counters.set('schools', schoolCount + 1);
  for (const step of generateSteps) step.run(ctx);
  const statements = generateSteps.flatMap((step) => step.sql?.(ctx) ?? []);

  const rows: Record<string, number> = {};
  await exec('BEGIN');
  try {
    for (const [table, list] of queued) {
      if (!list.length) continue;
      rows[table] = list.length;
      const cols = Object.keys(list[0]).map((c) => `"${c}"`).join(', ');
      for (let i = 0; i < list.length; i += BATCH) {
        // One parameter per statement: the whole batch as JSON, typed by the table's own row type.
        await exec(`INSERT INTO "${table}" (${cols}) OVERRIDING SYSTEM VALUE SELECT ${cols} FROM json_populate_recordset(NULL::"${table}", $1::json)`,
          [JSON.stringify(list.slice(i, i + BATCH))]);
      }
    }
    const made = new Set<string>();
    for (const text of statements) {
      await exec(text);
      const m = /^\s*INSERT INTO "?(\w+)"?/i.exec(text);
      if (m) made.add(m[1]);
    }
    for (const table of made) rows[table] = Number((await exec(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n);
    // Identity columns continue after the ids given here.
    for (const [table, n] of counters) {
      await exec(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), ${n})`);
    }
    await exec('COMMIT');
  } catch (e) {
    await exec('ROLLBACK').catch(() => {});
    throw e;
  }
  await exec('ANALYZE');
  return { schools, rows, ms: performance.now() - started };
}
