import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, createFreshDatabase, login, type TestApp, type FreshDatabase, type TestClient } from '../test/harness';
import { seedDemo, demoLogins, DEMO_PASSWORD } from './seed';
import { verifyAllChains } from '../platform/audit';
import { rowsOf } from '../platform/db';

/* The demo of SPEC §7 on an empty database. Its usernames are fixed, so on PostgreSQL this file
 * seeds a database of its own (dropped afterwards) instead of the run's shared one. */

let t: TestApp;
let fresh: FreshDatabase | undefined;
let created: boolean;

beforeAll(async () => {
  if (inject('databaseUrl')) {
    fresh = await createFreshDatabase({ migrate: true });
    t = await createTestApp({}, { database: fresh.database });
  } else {
    t = await createTestApp();
  }
  created = await seedDemo(t.db);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await fresh?.dispose();
});

const ACCOUNTS: [string, string[]][] = [
  ['admin', ['admin']], ['principal', ['principal']], ['vice', ['vice_principal']], ['director', ['director']],
  ['accountant', ['accountant']], ['storekeeper', ['storekeeper']], ['repair1', ['repair_worker']], ['guard1', ['guard']],
  ['dorm1', ['dorm_manager']], ['canteen1', ['canteen_manager']], ['headteacher1', ['head_teacher', 'teacher']], ['teacher1', ['teacher']],
];

const count = async (q: ReturnType<typeof sql>) => Number((await rowsOf<{ n: number }>(t.db, q))[0].n);
const schoolId = async (code: string) => Number((await rowsOf<{ id: number }>(t.db, sql`SELECT id FROM schools WHERE code = ${code}`))[0].id);

describe('demo seed', () => {
  it('creates the district, its bureau and two schools', async () => {
    expect(created).toBe(true);
    const schools = await rowsOf<{ code: string; name: string; kind: string; boarding: boolean }>(t.db, sql`SELECT code, name, kind, boarding FROM schools ORDER BY id`);
    expect(schools).toEqual([
      { code: 'SFX-JYJ', name: '示范县教育局', kind: 'bureau', boarding: false },
      { code: 'QSZX', name: '青山镇初级中学', kind: 'school', boarding: true },
      { code: 'CGYX', name: '城关第一小学', kind: 'school', boarding: false },
    ]);
    expect(await rowsOf(t.db, sql`SELECT name FROM districts`)).toEqual([{ name: '示范县教育局' }]);
  });

  it('every demo account logs in with houqin-demo and holds its role', async () => {
    for (const prefix of ['', 's2-']) {
      for (const [name, roles] of ACCOUNTS) {
        const c = await login(t.app, `${prefix}${name}`, DEMO_PASSWORD);
        const me = (await c.get('/api/v1/auth/me')).json;
        expect(me.roles, `${prefix}${name}`).toEqual(roles);
        expect(me.schoolName).toBe(prefix ? '城关第一小学' : '青山镇初级中学');
      }
    }
    const inspector = await login(t.app, 'inspector', DEMO_PASSWORD);
    const me = (await inspector.get('/api/v1/auth/me')).json;
    expect(me).toMatchObject({ roles: ['inspector'], schoolKind: 'bureau', schoolName: '示范县教育局' });
    expect((await inspector.get('/api/v1/schools')).json.items.map((x: { code: string }) => x.code).sort()).toEqual(['CGYX', 'QSZX']);
    // The printed logins name every account and the password.
    const printed = demoLogins();
    for (const [name] of ACCOUNTS) { expect(printed).toContain(name); expect(printed).toContain(`s2-${name}`); }
    expect(printed).toContain('inspector');
    expect(printed).toContain(DEMO_PASSWORD);
  });

  it('青山镇初级中学: 69 staff, 3 grades × 4 classes, about 600 students of whom about 400 board', async () => {
    const s1 = await schoolId('QSZX');
    expect(await count(sql`SELECT count(*)::int AS n FROM users WHERE school_id = ${s1}`)).toBe(69);
    expect(await count(sql`SELECT count(DISTINCT grade)::int AS n FROM classes WHERE school_id = ${s1}`)).toBe(3);
    expect(await count(sql`SELECT count(*)::int AS n FROM classes WHERE school_id = ${s1}`)).toBe(12);
    const students = await count(sql`SELECT count(*)::int AS n FROM students WHERE school_id = ${s1}`);
    const boarders = await count(sql`SELECT count(*)::int AS n FROM students WHERE school_id = ${s1} AND boarder`);
    expect(students).toBeGreaterThanOrEqual(560);
    expect(students).toBeLessThanOrEqual(640);
    expect(boarders).toBeGreaterThanOrEqual(350);
    expect(boarders).toBeLessThanOrEqual(450);
    // Posts as in seed 002: 17 special-post teachers, canteen workers, guards, dorm managers.
    expect(await count(sql`SELECT count(*)::int AS n FROM users WHERE school_id = ${s1} AND post LIKE '特岗%'`)).toBe(17);
    expect(await count(sql`SELECT count(*)::int AS n FROM users u WHERE school_id = ${s1} AND EXISTS (SELECT 1 FROM user_roles r WHERE r.school_id = u.school_id AND r.user_id = u.id AND r.role = 'guard')`)).toBe(2);
    // Places of every kind the spec lists, dorm rooms under the dorm buildings.
    const types = (await rowsOf<{ type: string }>(t.db, sql`SELECT DISTINCT type FROM locations WHERE school_id = ${s1}`)).map((r) => r.type).sort();
    expect(types).toEqual(['canteen', 'classroom', 'computer_room', 'dorm', 'function_room', 'garden', 'gatehouse', 'lab', 'office', 'power_room', 'sports_field', 'warehouse']);
    expect(await count(sql`SELECT count(*)::int AS n FROM locations WHERE school_id = ${s1} AND type = 'dorm'`)).toBe(64);
  });

  it('城关第一小学: 6 grades × 4 classes, about 1,100 day students, 70 staff', async () => {
    const s2 = await schoolId('CGYX');
    expect(await count(sql`SELECT count(*)::int AS n FROM classes WHERE school_id = ${s2}`)).toBe(24);
    const students = await count(sql`SELECT count(*)::int AS n FROM students WHERE school_id = ${s2}`);
    expect(students).toBeGreaterThanOrEqual(1000);
    expect(students).toBeLessThanOrEqual(1200);
    expect(await count(sql`SELECT count(*)::int AS n FROM students WHERE school_id = ${s2} AND boarder`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM users WHERE school_id = ${s2}`)).toBe(70);
  });

  it('is consistent through the API: figures, the tree of places, classes and their head teachers', async () => {
    const admin: TestClient = await login(t.app, 'admin', DEMO_PASSWORD);
    const summary = (await admin.get('/api/v1/org/summary')).json;
    expect(summary).toMatchObject({ staff: 69, classes: 12, campuses: 1 });
    expect(summary.boarders).toBeGreaterThan(300);
    const canteen = (await admin.get('/api/v1/locations?q=学生餐厅')).json.items[0];
    const inside = (await admin.get(`/api/v1/locations?under=${canteen.id}`)).json.items.map((l: { code: string }) => l.code).sort();
    expect(inside).toEqual(['ST-1', 'ST-1-CZ', 'ST-1-KF', 'ST-1-LY']);
    const classes = (await admin.get('/api/v1/classes?limit=50')).json.items;
    expect(classes.length).toBe(12);
    for (const c of classes) {
      expect(c.headTeacherId, `${c.grade} ${c.name}`).not.toBeNull();
      expect((await admin.get(`/api/v1/users/${c.headTeacherId}`)).json.roles).toContain('head_teacher');
      expect(c.studentCount).toBeGreaterThan(40);
    }
    // School 2's admin sees only school 2.
    const admin2 = await login(t.app, 's2-admin', DEMO_PASSWORD);
    expect((await admin2.get('/api/v1/org/summary')).json).toMatchObject({ staff: 70, classes: 24, boarders: 0 });
    expect((await admin2.get(`/api/v1/classes/${classes[0].id}`)).status).toBe(404);
    for (const report of await verifyAllChains(t.db)) expect(report.ok, `school ${report.schoolId}`).toBe(true);
  });

  it('seeding again does nothing', async () => {
    const before = await count(sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM students) + (SELECT count(*) FROM schools) AS n`);
    expect(await seedDemo(t.db)).toBe(false);
    expect(await count(sql`SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM students) + (SELECT count(*) FROM schools) AS n`)).toBe(before);
  });
});
