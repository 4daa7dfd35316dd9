import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, XLSX_TYPE, type TestApp, type TestSchool, type TestClient } from '../../test/harness';
import { rowsOf } from '../../platform/db';

/* Excel import with a per-row report (SPEC §3) and export of each list. */

let t: TestApp;
let s: TestSchool;
let admin: TestClient;

type Cell = string | number | null;
async function xlsx(headers: string[], rows: Cell[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('导入');
  ws.addRow(headers);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
async function readSheet(buf: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const out: string[][] = [];
  // row.values is sparse (empty cells are holes) and starts at index 1.
  wb.worksheets[0].eachRow((row) => { out.push(Array.from((row.values as unknown[]).slice(1), (v) => (v == null ? '' : String(v)))); });
  return out;
}

interface ReportRow { row: number; key: string | null; status: string; errors: { field: string; message: string }[] }
const byRow = (report: { rows: ReportRow[] }) => Object.fromEntries(report.rows.map((r) => [r.row, r]));
const auditCount = async () => Number((await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM audit_log WHERE school_id = ${s.schoolId}`))[0].n);

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestSchool(t.db);
  admin = await login(t.app, s.users.admin.username);
  expect((await admin.post('/api/v1/buildings', { campusId: s.campusId, code: 'JX', name: '教学楼' })).status).toBe(201);
  expect((await admin.post('/api/v1/departments', { name: '教务处' })).status).toBe(201);
});
afterAll(async () => t.close());

describe('importing locations', () => {
  const headers = ['编码*', '名称*', '类型*', '楼栋编码', '上级场所编码', '楼层', '容量'];
  const rows: Cell[][] = [
    ['L-101', '101教室', '教室', 'JX', null, 1, 50], // 2 good, by the Chinese word
    ['L-102', '102教室', 'classroom', null, null, 1, 50], // 3 good, by the code
    ['L-103', null, '教室', null, null, null, null], // 4 missing name
    ['L-104', '城堡', '城堡', null, null, null, null], // 5 unknown type
    ['L-105', '未知楼', '教室', 'NOPE', null, null, null], // 6 unknown building
    ['L-101', '重复', '教室', null, null, null, null], // 7 duplicate of row 2
    ['L-106', '教师休息室', '办公室', null, 'L-101', null, null], // 8 good, child of a row above
    ['L-107', '楼层错', '教室', null, null, 'abc', null], // 9 bad number
  ];
  let file: Buffer;
  beforeAll(async () => { file = await xlsx(headers, rows); });

  it('a dry run reports every row and writes nothing', async () => {
    const before = await auditCount();
    const res = await admin.upload('/api/v1/locations/import?dryRun=true', file);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ dryRun: true, total: 8, created: 3, refused: 5, updated: 0, unchanged: 0 });
    expect((await admin.get('/api/v1/locations?q=L-1')).json.items).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('stores the good rows, refuses the bad ones, and says why per row and field (zh-CN)', async () => {
    const res = await admin.upload('/api/v1/locations/import', file);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ dryRun: false, total: 8, created: 3, refused: 5 });
    const r = byRow(res.json);
    expect(r[2]).toMatchObject({ key: 'L-101', status: 'created', errors: [] });
    expect(r[3].status).toBe('created');
    expect(r[8].status).toBe('created');
    expect(r[4]).toMatchObject({ status: 'refused', errors: [{ field: 'name', message: '名称：必填' }] });
    expect(r[5]).toMatchObject({ status: 'refused', errors: [{ field: 'type', message: '类型：无效的值“城堡”' }] });
    expect(r[6]).toMatchObject({ status: 'refused', errors: [{ field: 'building', message: '楼栋编码：楼栋不存在' }] });
    expect(r[7]).toMatchObject({ status: 'refused', errors: [{ message: '与第 2 行重复' }] });
    expect(r[9]).toMatchObject({ status: 'refused', errors: [{ field: 'floor' }] });
    const stored = (await admin.get('/api/v1/locations?q=L-1&sort=code')).json.items;
    expect(stored.map((l: { code: string }) => l.code)).toEqual(['L-101', 'L-102', 'L-106']);
    const [l101, , l106] = stored;
    expect(l101).toMatchObject({ name: '101教室', type: 'classroom', floor: 1, capacity: 50, campusId: s.campusId });
    expect(l106).toMatchObject({ parentId: l101.id, depth: 1, type: 'office' });
    expect((await admin.get(`/api/v1/locations?under=${l101.id}`)).json.items.length).toBe(2);
    // Each stored row has its audit entry.
    expect((await admin.get(`/api/v1/locations/${l101.id}/history`)).json.items.map((e: { action: string }) => e.action)).toEqual(['create']);
  });

  it('re-importing the same file changes nothing and never duplicates; an edited row is updated', async () => {
    const again = await admin.upload('/api/v1/locations/import', file);
    expect(again.json).toMatchObject({ created: 0, updated: 0, unchanged: 3, refused: 5 });
    expect((await admin.get('/api/v1/locations?q=L-1')).json.items.length).toBe(3);
    const edited = rows.map((r) => [...r]);
    edited[1][1] = '102多媒体教室';
    const res = await admin.upload('/api/v1/locations/import', await xlsx(headers, edited));
    expect(res.json).toMatchObject({ created: 0, updated: 1, unchanged: 2, refused: 5 });
    expect(byRow(res.json)[3].status).toBe('updated');
    const l102 = (await admin.get('/api/v1/locations?q=L-102')).json.items[0];
    expect(l102).toMatchObject({ name: '102多媒体教室', version: 2 });
    // A deactivated row comes back with the import.
    expect((await admin.post(`/api/v1/locations/${l102.id}/deactivate`)).status).toBe(200);
    const back = await admin.upload('/api/v1/locations/import', await xlsx(headers, edited));
    expect(byRow(back.json)[3].status).toBe('updated');
    expect((await admin.get(`/api/v1/locations/${l102.id}`)).json.active).toBe(true);
    expect((await admin.get('/api/v1/locations?q=L-1&limit=200')).json.items.length).toBe(3);
  });

  it('speaks English when asked, and reads English headers', async () => {
    const en = await xlsx(['Code', 'Name', 'Type', 'Building code'], [['E-1', 'Staff room', 'Office', 'JX'], ['E-2', null, 'Office', null], ['E-3', 'Moat', 'castle', null]]);
    const res = await admin.upload('/api/v1/locations/import?dryRun=true', en, { 'accept-language': 'en-US' });
    expect(res.status, res.body).toBe(200);
    const r = byRow(res.json);
    expect(r[2].status).toBe('created');
    expect(r[3].errors).toEqual([{ field: 'name', message: 'Name: Required' }]);
    expect(r[4].errors).toEqual([{ field: 'type', message: 'Type: Invalid value "castle"' }]);
    const dup = await admin.upload('/api/v1/locations/import?dryRun=true', await xlsx(headers, [rows[0], rows[0]]), { 'accept-language': 'en-US' });
    expect(byRow(dup.json)[3].errors[0].message).toBe('Duplicate of row 2');
  });

  it('refuses a file that is not a spreadsheet, or lacks a required column, with 400', async () => {
    const junk = await admin.upload('/api/v1/locations/import', Buffer.from('this is not excel'));
    expect(junk.status).toBe(400);
    expect(junk.json.error.fields[0].path).toBe('file');
    const noType = await admin.upload('/api/v1/locations/import', await xlsx(['编码', '名称'], [['X-1', '无类型']]));
    expect(noType.status).toBe(400);
    expect(noType.json.error).toMatchObject({ code: 'org.importNoHeader', message: '表头缺少必填列：类型' });
    const none = await admin.post('/api/v1/locations/import', {});
    expect(none.status).toBe(400);
  });

  it('accepts the file as a multipart upload, and its own template', async () => {
    const template = await admin.get('/api/v1/locations/import/template');
    expect(template.status).toBe(200);
    expect(template.headers['content-type']).toBe(XLSX_TYPE);
    const sheet = await readSheet(template.raw);
    expect(sheet[0].slice(0, 3)).toEqual(['编码*', '名称*', '类型*']);
    const boundary = '----houqin-test-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="模板.xlsx"\r\nContent-Type: ${XLSX_TYPE}\r\n\r\n`),
      template.raw,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await admin.request('POST', '/api/v1/locations/import?dryRun=true', body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ total: 1, created: 1, refused: 0 });
  });
});

describe('importing classes, students and staff', () => {
  it('classes: good, unknown head teacher, bad boarding, missing grade, duplicate', async () => {
    const file = await xlsx(['年级*', '班级*', '住宿类型', '入学年份', '班主任用户名', '教室编码'], [
      [7, '1班', '住宿班', 2025, s.users.head_teacher.username, 'L-101'],
      [7, '2班', 'day', null, null, null],
      [7, '3班', '半寄宿', null, null, null],
      [7, '4班', null, null, 'nobody-here', null],
      [null, '5班', null, null, null, null],
      [7, '1班', null, null, null, null],
      [7, '6班', null, null, null, 'NO-ROOM'],
    ]);
    const res = await admin.upload('/api/v1/classes/import', file);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ total: 7, created: 2, refused: 5 });
    const r = byRow(res.json);
    expect(r[4].errors).toEqual([{ field: 'boarding', message: '住宿类型：无效的值“半寄宿”' }]);
    expect(r[5].errors).toEqual([{ field: 'headTeacher', message: '班主任用户名：人员不存在' }]);
    expect(r[6].errors).toEqual([{ field: 'grade', message: '年级：必填' }]);
    expect(r[7].errors[0].message).toBe('与第 2 行重复');
    expect(r[8].errors).toEqual([{ field: 'classroom', message: '教室编码：场所不存在' }]);
    const classes = (await admin.get('/api/v1/classes?grade=7')).json.items;
    expect(classes.map((c: { name: string }) => c.name).sort()).toEqual(['1班', '2班']);
    expect(classes.find((c: { name: string }) => c.name === '1班')).toMatchObject({ boarding: 'boarding', entryYear: 2025, headTeacherId: s.users.head_teacher.id });
    const again = await admin.upload('/api/v1/classes/import', file);
    expect(again.json).toMatchObject({ created: 0, unchanged: 2, refused: 5 });
  });

  it('students: good, unknown class, invalid phone, bad gender and boarding, missing number, duplicate', async () => {
    const headers = ['学号*', '姓名*', '性别', '年级*', '班级*', '住校', '监护人', '监护人电话', '出生日期'];
    const rows: Cell[][] = [
      ['S001', '张小明', '男', 7, '1班', '是', '张建国', '13800000000', '2013-09-01'],
      ['S002', '李小红', '女', 7, '2班', '否', null, null, null],
      ['S003', '王五', '男', 7, '9班', null, null, null, null],
      ['S004', '赵六', '男', 7, '1班', '是', null, '电话号码', null],
      ['S005', '钱七', '未知', 7, '1班', null, null, null, null],
      [null, '无学号', null, 7, '1班', null, null, null, null],
      ['S001', '重复', '男', 7, '1班', null, null, null, null],
      ['S006', '孙八', '男', 7, '1班', '也许', null, null, null],
    ];
    const file = await xlsx(headers, rows);
    const res = await admin.upload('/api/v1/students/import', file);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ total: 8, created: 2, refused: 6 });
    const r = byRow(res.json);
    expect(r[4].errors).toEqual([{ field: 'className', message: '班级：班级不存在' }]);
    expect(r[5].errors.map((e: { field: string }) => e.field)).toEqual(['guardianPhone']);
    expect(r[5].errors[0].message).toMatch(/^监护人电话：/);
    expect(r[6].errors).toEqual([{ field: 'gender', message: '性别：无效的值“未知”' }]);
    expect(r[7].errors).toEqual([{ field: 'studentNo', message: '学号：必填' }]);
    expect(r[8].errors[0].message).toBe('与第 2 行重复');
    expect(r[9].errors).toEqual([{ field: 'boarder', message: '住校：无效的值“也许”' }]);
    const en = await admin.upload('/api/v1/students/import?dryRun=true', file, { 'accept-language': 'en-US' });
    const re = byRow(en.json);
    expect(re[4].errors).toEqual([{ field: 'className', message: 'Class: Class not found' }]);
    expect(re[5].errors[0].message).toMatch(/^Guardian phone: /);
    expect(re[7].errors).toEqual([{ field: 'studentNo', message: 'Student no.: Required' }]);
    const students = (await admin.get('/api/v1/students?sort=studentNo')).json.items;
    expect(students.map((x: { studentNo: string }) => x.studentNo)).toEqual(['S001', 'S002']);
    expect(students[0]).toMatchObject({ name: '张小明', gender: 'male', boarder: true, guardianPhone: '13800000000', birthDate: '2013-09-01' });
    expect(students[1]).toMatchObject({ gender: 'female', boarder: false });
    // Re-import: unchanged, then a moved student is updated.
    expect((await admin.upload('/api/v1/students/import', file)).json).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const moved = rows.map((x) => [...x]);
    moved[1][4] = '1班';
    const res2 = await admin.upload('/api/v1/students/import', await xlsx(headers, moved));
    expect(res2.json).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const c1 = (await admin.get('/api/v1/classes?grade=7')).json.items.find((c: { name: string }) => c.name === '1班');
    expect((await admin.get(`/api/v1/students?classId=${c1.id}`)).json.items.length).toBe(2);
    expect((await admin.get('/api/v1/students')).json.items.length).toBe(2);
  });

  it('staff: good, invalid phone, unknown department, unknown role, missing name, duplicate; roles and password take effect', async () => {
    const u = (n: string) => `${s.code}-${n}`;
    const headers = ['用户名*', '姓名*', '性别', '电话', '工号', '部门', '岗位', '角色', '初始密码'];
    const file = await xlsx(headers, [
      [u('zhang'), '张老师', '男', '13900000001', 'T001', '教务处', '语文教师', '教师、班主任', 'init-pass-123'],
      [u('li'), '李老师', '女', '打电话', 'T002', null, null, '教师', 'init-pass-123'],
      [u('wu'), '吴老师', null, null, null, '不存在处', null, '教师', 'init-pass-123'],
      [u('zhou'), '周老师', null, null, null, null, null, '巫师', 'init-pass-123'],
      [u('zheng'), null, null, null, null, null, null, '教师', 'init-pass-123'],
      [u('zhang'), '张老师二', null, null, null, null, null, '教师', 'init-pass-123'],
      [u('feng'), '冯督导', null, null, null, null, null, '教育局督导', 'init-pass-123'],
    ]);
    const res = await admin.upload('/api/v1/users/import', file);
    expect(res.status, res.body).toBe(200);
    expect(res.json).toMatchObject({ total: 7, created: 1, refused: 6 });
    const r = byRow(res.json);
    expect(r[3].errors.map((e: { field: string }) => e.field)).toEqual(['phone']);
    expect(r[3].errors[0].message).toMatch(/^电话：/);
    expect(r[4].errors).toEqual([{ field: 'department', message: '部门：部门不存在' }]);
    expect(r[5].errors).toEqual([{ field: 'roles', message: '角色：无效的值“巫师”' }]);
    expect(r[6].errors).toEqual([{ field: 'name', message: '姓名：必填' }]);
    expect(r[7].errors[0].message).toBe('与第 2 行重复');
    expect(r[8]).toMatchObject({ status: 'refused', errors: [{ field: 'roles' }] });
    const zhang = await login(t.app, u('zhang'), 'init-pass-123');
    const me = (await zhang.get('/api/v1/auth/me')).json;
    expect(me.roles).toEqual(['head_teacher', 'teacher']);
    const listed = (await admin.get(`/api/v1/users?q=${u('')}`)).json.items.filter((x: { username: string }) => !Object.values(s.users).some((y) => y.username === x.username));
    expect(listed.map((x: { username: string }) => x.username)).toEqual([u('zhang')]);
    expect(listed[0]).toMatchObject({ employeeNo: 'T001', post: '语文教师', gender: 'male', phone: '13900000001' });
    // Re-import leaves the account (and its password) alone.
    expect((await admin.upload('/api/v1/users/import', file)).json).toMatchObject({ created: 0, unchanged: 1 });
    await login(t.app, u('zhang'), 'init-pass-123');
  });

  it('an inspector or a teacher cannot import', async () => {
    const file = await xlsx(['编码', '名称', '类型'], [['Z-1', '不该有', '教室']]);
    for (const role of ['teacher', 'inspector'] as const) {
      const c = await login(t.app, s.users[role].username);
      expect((await c.upload('/api/v1/locations/import', file)).status).toBe(403);
    }
    expect((await admin.get('/api/v1/locations?q=Z-1')).json.items).toEqual([]);
  });
});

describe('export', () => {
  it('returns a readable .xlsx with the list\'s rows, honouring filters and language', async () => {
    const res = await admin.get('/api/v1/locations/export?sort=code');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    expect(String(res.headers['content-disposition'])).toContain('attachment');
    const sheet = await readSheet(res.raw);
    expect(sheet[0]).toEqual(['编码', '名称', '类型', '校区编码', '楼栋编码', '上级场所编码', '楼层', '面积', '容量']);
    const list = (await admin.get('/api/v1/locations?sort=code&limit=200')).json.items;
    expect(sheet.length - 1).toBe(list.length);
    expect(sheet.slice(1).map((r) => r[0])).toEqual(list.map((l: { code: string }) => l.code));
    expect(sheet.find((r) => r[0] === 'L-101')).toEqual(['L-101', '101教室', '教室', 'MAIN', 'JX', '', '1', '', '50']);
    const offices = await readSheet((await admin.get('/api/v1/locations/export?type=office', { 'accept-language': 'en-US' })).raw);
    expect(offices[0][0]).toBe('Code');
    expect(offices.slice(1).map((r) => [r[0], r[2]])).toEqual([['L-106', 'Office']]);
    // A location export re-imports as it stands.
    const back = await admin.upload('/api/v1/locations/import', res.raw);
    expect(back.json).toMatchObject({ refused: 0, created: 0, updated: 0 });
  });

  it('exports students and staff', async () => {
    const students = await readSheet((await admin.get('/api/v1/students/export')).raw);
    expect(students[0][0]).toBe('学号');
    expect(students.slice(1).map((r) => r[0]).sort()).toEqual(['S001', 'S002']);
    const staff = await readSheet((await admin.get('/api/v1/users/export?role=teacher')).raw);
    expect(staff[0][0]).toBe('用户名');
    expect(staff.slice(1).map((r) => r[0])).toContain(`${s.code}-zhang`);
    expect(staff.slice(1).every((r) => r.join('').indexOf('argon2') < 0)).toBe(true);
  });

  it('an exported list imports back unchanged: the export is the import template filled in', async () => {
    const exported = (await admin.get('/api/v1/students/export')).raw;
    const again = await admin.upload('/api/v1/students/import', exported);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ total: 2, unchanged: 2, created: 0, updated: 0, refused: 0 });
  });
});
