import { demoName, type DemoContext, type DemoSchool } from '../../platform/demo';
import { users, userRoles, usernames } from '../../platform/platform.tables';
import type { Db } from '../../platform/db';
import { campuses, buildings, locations, departments, classes, students } from './org.tables';

/* The demo's organisation (SPEC §7). 青山镇初级中学: 69 staff as in seed 002 — 15 administration
 * and logistics, 43 teachers (17 of them 特岗), 7 canteen workers, 2 guards, 2 dorm managers —
 * 3 grades × 4 classes, ~600 students, ~400 boarders. 城关第一小学: 6 grades × 4 classes,
 * ~1,100 day students, 70 staff. Every name is invented. */

type Loc = { code: string; name: string; type: string; building?: string; parent?: string; floor?: number; capacity?: number; areaM2?: number };

async function insertLocations(tx: Db, schoolId: number, campusId: number, buildingIds: Record<string, number>, list: Loc[]) {
  const ids: Record<string, { id: number; path: string; depth: number }> = {};
  // Parents before children: insert by depth, one batch per level.
  let level = list.filter((l) => !l.parent);
  while (level.length) {
    const rows = await tx.insert(locations).values(level.map((l) => {
      const p = l.parent ? ids[l.parent] : undefined;
      return {
        schoolId, campusId, buildingId: l.building ? buildingIds[l.building] : null, parentId: p?.id ?? null, code: l.code, name: l.name,
        type: l.type, floor: l.floor ?? null, capacity: l.capacity ?? null, areaM2: l.areaM2 ?? null,
        path: p ? `${p.path}${p.id}/` : '/', depth: p ? p.depth + 1 : 0,
      };
    })).returning({ id: locations.id, code: locations.code, path: locations.path, depth: locations.depth });
    for (const r of rows) ids[r.code] = { id: r.id, path: r.path, depth: r.depth };
    const done = new Set(level.map((l) => l.code));
    level = list.filter((l) => l.parent && done.has(l.parent));
  }
  return Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, v.id]));
}

interface StaffSpec { username: string; name?: string; post: string; dept: string; roles: string[]; gender?: 'male' | 'female' }

async function insertStaff(ctx: DemoContext, schoolId: number, deptIds: Record<string, number>, staff: StaffSpec[]) {
  const rows = await ctx.tx.insert(users).values(staff.map((s, i) => ({
    schoolId, username: s.username, name: s.name ?? demoName(ctx.random), passwordHash: ctx.passwordHash,
    gender: s.gender ?? (ctx.random() < 0.5 ? 'male' : 'female'), phone: `139${String(10000000 + Math.floor(ctx.random() * 89999999)).slice(0, 8)}`,
    employeeNo: `${String(i + 1).padStart(3, '0')}`, departmentId: deptIds[s.dept] ?? null, post: s.post,
  }))).returning({ id: users.id, username: users.username });
  const byName = Object.fromEntries(rows.map((r) => [r.username, r.id]));
  const roleRows = staff.flatMap((s) => s.roles.map((role) => ({ schoolId, userId: byName[s.username], role })));
  if (roleRows.length) await ctx.tx.insert(userRoles).values(roleRows);
  await ctx.tx.insert(usernames).values(rows.map((r) => ({ username: r.username.toLowerCase(), schoolId, userId: r.id })));
  return byName;
}

function demoAccounts(p: string, boarding: boolean): StaffSpec[] {
  return [
    { username: `${p}admin`, post: '信息管理员', dept: '办公室', roles: ['admin'] },
    { username: `${p}principal`, post: '校长', dept: '校长室', roles: ['principal'] },
    { username: `${p}vice`, post: '分管后勤副校长', dept: '校长室', roles: ['vice_principal'] },
    { username: `${p}director`, post: '总务主任', dept: '总务处', roles: ['director'] },
    { username: `${p}accountant`, post: '会计', dept: '总务处', roles: ['accountant'] },
    { username: `${p}storekeeper`, post: '仓管员', dept: '总务处', roles: ['storekeeper'] },
    { username: `${p}repair1`, post: '电工/维修工', dept: '总务处', roles: ['repair_worker'], gender: 'male' },
    { username: `${p}guard1`, post: '门卫', dept: '保卫处', roles: ['guard'], gender: 'male' },
    { username: `${p}dorm1`, post: boarding ? '男生宿舍宿管员' : '午休室管理员', dept: '政教处', roles: ['dorm_manager'] },
    { username: `${p}canteen1`, post: '食堂管理员', dept: '食堂', roles: ['canteen_manager'] },
    { username: `${p}headteacher1`, post: '语文教师', dept: '教务处', roles: ['head_teacher', 'teacher'] },
    { username: `${p}teacher1`, post: '数学教师', dept: '教务处', roles: ['teacher'] },
  ];
}

async function seedSchool(ctx: DemoContext, school: DemoSchool) {
  const { tx } = ctx;
  const s = school.id;
  const junior = school.key === 's1';
  const [campus] = await tx.insert(campuses).values({ schoolId: s, code: 'MAIN', name: '本部', address: junior ? '青山镇学府路 8 号' : '城关镇文化路 12 号' }).returning();
  const bdefs = junior
    ? [['JX', '教学楼', 'teaching', 4], ['SY', '实验楼', 'lab', 3], ['BG', '综合办公楼', 'office', 3], ['SSN', '男生宿舍楼', 'dorm', 4], ['SSV', '女生宿舍楼', 'dorm', 4], ['ST', '食堂', 'canteen', 2]] as const
    : [['JX1', '一号教学楼', 'teaching', 4], ['JX2', '二号教学楼', 'teaching', 4], ['ZH', '综合楼', 'office', 4], ['ST', '食堂', 'canteen', 1]] as const;
  const bRows = await tx.insert(buildings).values(bdefs.map(([code, name, kind, floors]) => ({ schoolId: s, campusId: campus.id, code, name, kind, floors, builtYear: junior ? 2009 : 2015 }))).returning({ id: buildings.id, code: buildings.code });
  const bIds = Object.fromEntries(bRows.map((b) => [b.code, b.id]));

  const grades = junior ? [7, 8, 9] : [1, 2, 3, 4, 5, 6];
  const locs: Loc[] = [];
  const teach = junior ? ['JX'] : ['JX1', 'JX2'];
  grades.forEach((g, gi) => {
    for (let c = 1; c <= 4; c++) {
      const b = teach[junior ? 0 : Math.floor(gi / 3)];
      const floor = junior ? gi + 1 : (gi % 3) + 1;
      locs.push({ code: `${b}-${floor}0${c}`, name: `${g}年级${c}班教室`, type: 'classroom', building: b, floor, capacity: junior ? 55 : 50, areaM2: 66 });
    }
  });
  const off = junior ? 'BG' : 'ZH';
  locs.push(
    { code: `${off}-101`, name: '校长室', type: 'office', building: off, floor: 1 },
    { code: `${off}-102`, name: '总务处', type: 'office', building: off, floor: 1 },
    { code: `${off}-103`, name: '财务室', type: 'office', building: off, floor: 1 },
    { code: `${off}-201`, name: '教务处', type: 'office', building: off, floor: 2 },
    { code: `${off}-202`, name: '政教处', type: 'office', building: off, floor: 2 },
    { code: `${off}-203`, name: '教师办公室一', type: 'office', building: off, floor: 2 },
    { code: `${off}-204`, name: '教师办公室二', type: 'office', building: off, floor: 2 },
    { code: `${off}-301`, name: '图书室', type: 'function_room', building: off, floor: 3, capacity: 60 },
    { code: `${off}-302`, name: '会议室', type: 'function_room', building: off, floor: 3, capacity: 40 },
  );
  const lab = junior ? 'SY' : 'ZH';
  locs.push(
    { code: `${lab}-L1`, name: junior ? '物理实验室' : '科学实验室', type: 'lab', building: lab, floor: 1, capacity: 50 },
    { code: `${lab}-L2`, name: junior ? '化学实验室' : '科学准备室', type: 'lab', building: lab, floor: 1 },
    { code: `${lab}-L3`, name: junior ? '生物实验室' : '音乐教室', type: junior ? 'lab' : 'function_room', building: lab, floor: 2 },
    { code: `${lab}-C1`, name: '电脑房', type: 'computer_room', building: lab, floor: 2, capacity: 50 },
    { code: `${lab}-F1`, name: '美术教室', type: 'function_room', building: lab, floor: 3 },
  );
  locs.push(
    { code: 'ST-1', name: '学生餐厅', type: 'canteen', building: 'ST', floor: 1, capacity: junior ? 600 : 400 },
    { code: 'ST-1-CZ', name: '操作间', type: 'canteen', building: 'ST', parent: 'ST-1', floor: 1 },
    { code: 'ST-1-KF', name: '食品库房', type: 'warehouse', building: 'ST', parent: 'ST-1', floor: 1 },
    { code: 'ST-1-LY', name: '留样间', type: 'canteen', building: 'ST', parent: 'ST-1', floor: 1 },
    { code: 'CK-1', name: '总务仓库', type: 'warehouse' },
    { code: 'PD-1', name: '配电室', type: 'power_room' },
    { code: 'YD-1', name: '运动场', type: 'sports_field', areaM2: junior ? 12000 : 8000 },
    { code: 'YD-1-PD', name: '田径跑道', type: 'sports_field', parent: 'YD-1' },
    { code: 'YD-1-LQ', name: '篮球场', type: 'sports_field', parent: 'YD-1' },
    { code: 'LD-1', name: '校前花圃', type: 'garden' },
    { code: 'LD-2', name: '西侧绿地', type: 'garden' },
    { code: 'MW-1', name: '门卫室', type: 'gatehouse' },
  );
  if (junior) {
    for (const [b, label] of [['SSN', '男'], ['SSV', '女']] as const) {
      for (let f = 1; f <= 4; f++) for (let r = 1; r <= 8; r++) {
        locs.push({ code: `${b}-${f}0${r}`, name: `${label}生宿舍${f}0${r}`, type: 'dorm', building: b, floor: f, capacity: 8, areaM2: 30 });
      }
    }
  }
  const locIds = await insertLocations(tx, s, campus.id, bIds, locs);

  const deptNames = ['校长室', '办公室', '教务处', '政教处', '总务处', '保卫处', '食堂', '团委'];
  const dRows = await tx.insert(departments).values(deptNames.map((name, i) => ({ schoolId: s, name, code: `D${i + 1}` }))).returning({ id: departments.id, name: departments.name });
  const deptIds = Object.fromEntries(dRows.map((d) => [d.name, d.id]));

  // Staff: the demo accounts first, then the rest of the school's people.
  const p = school.prefix;
  // The other staff are qs013…/cg013…, after the first school's prefix ('' in the real demo; a test's own code when several demo districts share one database).
  const pre = `${ctx.schools[0]?.prefix ?? ''}${junior ? 'qs' : 'cg'}`;
  const staff = demoAccounts(p, school.boarding);
  const add = (n: number, make: (i: number) => Omit<StaffSpec, 'username'>) => { for (let i = 0; i < n; i++) staff.push({ username: `${pre}${String(staff.length + 1).padStart(3, '0')}`, ...make(i) }); };
  if (junior) {
    // 15 administration and logistics (7 among the demo accounts above are of them).
    add(8, (i) => ({ post: ['教务主任', '政教主任', '办公室主任', '团委书记', '工会主席', '出纳', '电工', '校医'][i], dept: ['教务处', '政教处', '办公室', '团委', '办公室', '总务处', '总务处', '办公室'][i], roles: i === 6 ? ['repair_worker'] : ['teacher'] }));
    // 43 teachers (two among the demo accounts), 17 of them 特岗; 11 more head teachers.
    const subjects = ['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '道德与法治', '体育', '音乐', '美术', '信息技术'];
    add(41, (i) => ({ post: `${i < 17 ? '特岗' : ''}${subjects[i % subjects.length]}教师`, dept: '教务处', roles: i < 11 ? ['head_teacher', 'teacher'] : ['teacher'] }));
    add(6, (i) => ({ post: i === 0 ? '厨师长' : '食堂工勤', dept: '食堂', roles: [] }));
    add(1, () => ({ post: '门卫', dept: '保卫处', roles: ['guard'], gender: 'male' }));
    add(1, () => ({ post: '女生宿舍宿管员', dept: '政教处', roles: ['dorm_manager'], gender: 'female' }));
  } else {
    add(6, (i) => ({ post: ['教导主任', '德育主任', '办公室主任', '大队辅导员', '出纳', '校医'][i], dept: ['教务处', '政教处', '办公室', '团委', '总务处', '办公室'][i], roles: ['teacher'] }));
    const subjects = ['语文', '数学', '英语', '科学', '道德与法治', '体育', '音乐', '美术', '信息技术'];
    add(46, (i) => ({ post: `${subjects[i % subjects.length]}教师`, dept: '教务处', roles: i < 23 ? ['head_teacher', 'teacher'] : ['teacher'] }));
    add(5, (i) => ({ post: i === 0 ? '厨师长' : '食堂工勤', dept: '食堂', roles: [] }));
    add(1, () => ({ post: '门卫', dept: '保卫处', roles: ['guard'], gender: 'male' }));
  }
  const staffIds = await insertStaff(ctx, s, deptIds, staff);
  const headTeachers = staff.filter((x) => x.roles.includes('head_teacher')).map((x) => staffIds[x.username]);

  // Classes and students.
  const entryYear = (g: number) => ctx.today.getFullYear() - (junior ? g - 7 : g - 1) - (ctx.today.getMonth() < 8 ? 1 : 0);
  const classDefs = grades.flatMap((g) => [1, 2, 3, 4].map((c) => ({ g, c })));
  const cRows = await tx.insert(classes).values(classDefs.map(({ g, c }, i) => ({
    schoolId: s, grade: g, name: `${c}班`, entryYear: entryYear(g), headTeacherId: headTeachers[i] ?? null,
    boarding: junior ? 'mixed' : 'day', classroomId: locIds[`${teach[junior ? 0 : Math.floor(grades.indexOf(g) / 3)]}-${junior ? grades.indexOf(g) + 1 : (grades.indexOf(g) % 3) + 1}0${c}`] ?? null,
  }))).returning({ id: classes.id, grade: classes.grade, name: classes.name, entryYear: classes.entryYear });
  const studentRows = cRows.flatMap((cls) => {
    const n = junior ? 48 + Math.floor(ctx.random() * 5) : 44 + Math.floor(ctx.random() * 5);
    return Array.from({ length: n }, (_, i) => ({
      schoolId: s, studentNo: `${cls.entryYear}${String(cls.grade).padStart(2, '0')}${cls.name.replace('班', '').padStart(2, '0')}${String(i + 1).padStart(2, '0')}`,
      name: demoName(ctx.random), gender: ctx.random() < 0.5 ? 'male' : 'female', classId: cls.id,
      boarder: junior ? ctx.random() < 0.67 : false, guardianName: demoName(ctx.random),
      guardianPhone: `13${Math.floor(100000000 + ctx.random() * 899999999)}`,
    }));
  });
  for (let i = 0; i < studentRows.length; i += 500) await tx.insert(students).values(studentRows.slice(i, i + 500));
}

export async function seedOrgDemo(ctx: DemoContext) {
  for (const school of ctx.schools) await seedSchool(ctx, school);
  // The district's inspector takes the first school's prefix ('' in the real demo): tests sharing one
  // PostgreSQL database seed several demo districts side by side, and usernames are installation-wide.
  const prefix = ctx.schools[0]?.prefix ?? '';
  await insertStaff(ctx, ctx.bureauId, {}, [{ username: `${prefix}inspector`, name: '督导员', post: '教育局督导', dept: '', roles: ['inspector'] }]);
}
