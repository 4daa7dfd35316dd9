import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createTestApp, createTestSchool, login, uid, type TestApp, type TestClient, type Reply } from '../../test/harness';
import { findCjkFont } from '../../platform/pdf';
import { qrUrl, locationQrPdf } from './repairs.qr';
import { ok } from './repairs.fixture';

/* 报修二维码: a sheet of room labels whose QR codes open the report form with the room filled in. */

let t: TestApp;
let director: TestClient, teacher: TestClient, worker: TestClient, principal: TestClient;
let buildingId: number;
let rooms: number[] = [];
const offices: number[] = [];
let otherSchoolRoom: number;
let retired: number;

const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
const font = findCjkFont();

/** A PDF answer when the machine has a CJK font; otherwise the 503 naming the Debian package. */
function pdfOf(res: Reply): Buffer | null {
  if (!font) {
    expect(res.status).toBe(503);
    expect(res.json.error.code).toBe('pdf.noCjkFont');
    return null;
  }
  expect(res.status, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
  expect(res.raw.toString('latin1')).toMatch(/\/FontFile[23]?/);
  return res.raw;
}

beforeAll(async () => {
  t = await createTestApp();
  const s = await createTestSchool(t.db);
  const admin = await login(t.app, s.users.admin.username);
  [director, teacher, worker, principal] = await Promise.all([
    login(t.app, s.users.director.username), login(t.app, s.users.teacher.username),
    login(t.app, s.users.repair_worker.username), login(t.app, s.users.principal.username),
  ]);
  const code = uid();
  buildingId = ok(await admin.post('/api/v1/buildings', { campusId: s.campusId, code: `B${code}`, name: '教学楼', kind: 'teaching' }), 201).id;
  const floor = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId, code: `F7${code}`, name: '七年级', type: 'other' }), 201).id;
  for (let i = 1; i <= 27; i++) {
    rooms.push(ok(await admin.post('/api/v1/locations', {
      campusId: s.campusId, buildingId, parentId: floor, code: `R${String(i).padStart(2, '0')}${code}`, name: `7年级${i}班教室`, type: 'classroom',
    }), 201).id);
  }
  for (let i = 1; i <= 2; i++) {
    offices.push(ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId, code: `O${i}${code}`, name: `教师办公室${i}`, type: 'office' }), 201).id);
  }
  // 30 active places in the building (the floor, 27 classrooms, 2 offices); one more, retired, is left out.
  retired = ok(await admin.post('/api/v1/locations', { campusId: s.campusId, buildingId, code: `X${code}`, name: '旧储藏室', type: 'warehouse' }), 201).id;
  ok(await admin.post(`/api/v1/locations/${retired}/deactivate`, {}));
  rooms = [floor, ...rooms];

  const other = await createTestSchool(t.db);
  const otherAdmin = await login(t.app, other.users.admin.username);
  otherSchoolRoom = ok(await otherAdmin.post('/api/v1/locations', { campusId: other.campusId, code: `R${code}`, name: '别校教室', type: 'classroom' }), 201).id;
}, 120_000);
afterAll(async () => t.close());

describe('room QR labels 报修二维码', () => {
  it('is for the dispatchers and leaders, not for teachers or repair workers', async () => {
    expect((await teacher.get(`/api/v1/repairs/location-qr.pdf?buildingId=${buildingId}`)).status).toBe(403);
    expect((await worker.get(`/api/v1/repairs/location-qr.pdf?buildingId=${buildingId}`)).status).toBe(403);
    pdfOf(await principal.get(`/api/v1/repairs/location-qr.pdf?locationIds=${offices[0]}`));
  });

  it('prints a building on A4 sheets of 24 labels: 30 places → 2 pages, named for the download', async () => {
    const res = await director.get(`/api/v1/repairs/location-qr.pdf?buildingId=${buildingId}`);
    const pdf = pdfOf(res);
    if (!pdf) return;
    expect(pages(pdf)).toBe(2);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="location-qr\.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/^报修二维码-测试学校.*-教学楼\.pdf$/);
    const en = await director.get(`/api/v1/repairs/location-qr.pdf?buildingId=${buildingId}&type=office`, { 'accept-language': 'en-US' });
    expect(pages(pdfOf(en)!)).toBe(1);
    expect(decodeURIComponent(String(en.headers['content-disposition']).split("UTF-8''")[1])).toMatch(/^Repair-QR-codes-.*-Office\.pdf$/);
  });

  it('prints one 40×30 mm label a page for a label printer, for the places chosen', async () => {
    const pdf = pdfOf(await director.get(`/api/v1/repairs/location-qr.pdf?size=40x30&locationIds=${rooms[1]},${rooms[2]},${offices[0]}`));
    if (!pdf) return;
    expect(pages(pdf)).toBe(3);
    // A type: the two offices; a type and a building together: both filters apply.
    expect(pages(pdfOf(await director.get('/api/v1/repairs/location-qr.pdf?size=40x30&type=office'))!)).toBe(2);
    expect(pages(pdfOf(await director.get(`/api/v1/repairs/location-qr.pdf?size=40x30&type=classroom&buildingId=${buildingId}`))!)).toBe(27);
  });

  it('answers 404 when a chosen place is another school\'s, missing or retired', async () => {
    for (const ids of [`${otherSchoolRoom}`, `${rooms[1]},${otherSchoolRoom}`, '2147480000', `${retired}`]) {
      const res = await director.get(`/api/v1/repairs/location-qr.pdf?locationIds=${ids}`);
      expect(res.status, ids).toBe(404);
      expect(res.json.error.code).toBe('notFound');
    }
    // A filter matching nothing says so.
    const none = await director.get('/api/v1/repairs/location-qr.pdf?type=garden');
    expect(none.status).toBe(404);
    expect(none.json.error.code).toBe('repairs.qrNoLocations');
  });

  it('needs at least one of locationIds, buildingId, type (400 naming the field), and a known size', async () => {
    const res = await director.get('/api/v1/repairs/location-qr.pdf');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('validation');
    expect(res.json.error.fields).toEqual([{ path: 'querystring.locationIds', message: '地点：请指定地点、楼栋或场所类型（至少一项）' }]);
    const en = await director.get('/api/v1/repairs/location-qr.pdf', { 'accept-language': 'en-US' });
    expect(en.json.error.fields[0].message).toContain('at least one');
    const size = await director.get(`/api/v1/repairs/location-qr.pdf?buildingId=${buildingId}&size=a3`);
    expect(size.status).toBe(400);
    expect(size.json.error.fields.map((f: { path: string }) => f.path)).toEqual(['querystring.size']);
    const bad = await director.get('/api/v1/repairs/location-qr.pdf?locationIds=1,abc');
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields[0].path).toMatch(/^querystring\.locationIds/);
  });
});

describe('what a QR code holds', () => {
  it('is the absolute address of the report form with the room chosen', () => {
    expect(qrUrl('https://houqin.example.edu.cn', 42)).toBe('https://houqin.example.edu.cn/repairs/new?locationId=42');
    expect(qrUrl('http://192.168.1.20:3000', 7)).toBe('http://192.168.1.20:3000/repairs/new?locationId=7');
    // Only ASCII goes into the code: a Chinese host name is written in punycode.
    expect(qrUrl('http://后勤.学校.cn', 1)).toMatch(/^http:\/\/xn--[a-z0-9-]+\.xn--[a-z0-9-]+\.cn\/repairs\/new\?locationId=1$/);
  });

  it('lays out long names without spilling onto extra pages', async () => {
    if (!font) return;
    const long = { id: 1, name: '学生宿舍楼南区三层东侧公共卫生间及盥洗室（女生）', path: '学生宿舍楼南区 / 三层 / 学生宿舍楼南区三层东侧公共卫生间及盥洗室（女生）', buildingId: 1, buildingName: '学生宿舍楼南区' };
    const places = Array.from({ length: 5 }, (_, i) => ({ ...long, id: i + 1 }));
    const head = { school: '某某县第一实验中学（东校区）', origin: 'http://localhost:3000' };
    expect(pages(await locationQrPdf(places, { ...head, size: '40x30' }, 'en-US', font))).toBe(5);
    expect(pages(await locationQrPdf(places, { ...head, size: 'a4-24' }, 'zh-CN', font))).toBe(1);
  });
});
