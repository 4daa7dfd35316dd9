import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import sharp from 'sharp';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, createTestSchool, login, anonymous, uid, type TestApp, type TestSchool, type TestClient, type Reply } from '../test/harness';
import { manualClock } from './clock';
import { attachFiles, filesOf, purgeUnattachedFiles } from './files';
import { files, fileBlobs } from './files.tables';
import { rowsOf, type Db } from './db';
import type { Actor } from './audit';
import { AppError } from './errors';

/* Photos and documents: checked by content, kept per school, attached to records, purged when forgotten. */

const clock = manualClock('2026-09-07T08:00:00Z');
let t: TestApp;
let a: TestSchool;
let b: TestSchool;
let teacherA: TestClient;
let workerA: TestClient;
let adminA: TestClient;
let teacherB: TestClient;
let png: Buffer;
let rotatedJpeg: Buffer;
const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A multipart body with one file part, as a browser sends it (file name in raw UTF-8). */
function multipart(filename: string, type: string, data: Buffer, field = 'file') {
  const boundary = `----houqin${uid()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8');
  return { body: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function upload(c: TestClient, filename: string, type: string, data: Buffer, field = 'file', headers: Record<string, string> = {}): Promise<Reply> {
  const m = multipart(filename, type, data, field);
  return c.request('POST', '/api/v1/files', m.body, { ...m.headers, ...headers });
}

function expectRefused(res: Reply, status: number, code: string, path = 'file') {
  expect(res.status, res.body).toBe(status);
  expect(res.json.error.code).toBe(code);
  expect(res.json.error.fields?.map((f: { path: string }) => f.path)).toContain(path);
}

const actorOf = (s: TestSchool, role: keyof TestSchool['users']): Actor => ({ schoolId: s.schoolId, userId: s.users[role].id, name: role, ip: null });
const inTx = <T>(fn: (tx: Db) => Promise<T>) => t.db.transaction((tx) => fn(tx as unknown as Db));
const attachError = async (p: Promise<unknown>) => {
  try { await p; } catch (e) { return e as AppError; }
  throw new Error('expected a refusal');
};

beforeAll(async () => {
  t = await createTestApp({}, { clock });
  a = await createTestSchool(t.db);
  b = await createTestSchool(t.db, { districtId: a.districtId, bureauId: a.bureauId });
  [teacherA, workerA, adminA, teacherB] = await Promise.all([
    login(t.app, a.users.teacher.username), login(t.app, a.users.repair_worker.username),
    login(t.app, a.users.admin.username), login(t.app, b.users.teacher.username),
  ]);
  png = await sharp({ create: { width: 800, height: 600, channels: 4, background: { r: 200, g: 30, b: 30, alpha: 0.5 } } }).png().toBuffer();
  // Stored landscape (400×200) with EXIF "rotate 90°": it is a portrait photo.
  rotatedJpeg = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#3366cc' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
});
afterAll(async () => t.close());

describe('upload', () => {
  it('accepts a PNG: server-made id, sniffed type, a JPEG thumbnail of at most 320 px', async () => {
    const res = await upload(teacherA, '教室漏水.png', 'image/png', png);
    expect(res.status, res.body).toBe(201);
    const f = res.json;
    expect(f.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(f).toMatchObject({ name: '教室漏水.png', mime: 'image/png', size: png.length, url: `/api/v1/files/${f.id}`, thumbnailUrl: `/api/v1/files/${f.id}/thumbnail` });
    expect(f.createdAt).toBe('2026-09-07T08:00:00.000Z');

    const original = await teacherA.get(f.url);
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toBe('image/png');
    expect(original.headers['x-content-type-options']).toBe('nosniff');
    expect(original.headers['cache-control']).toMatch(/^private, max-age=\d+/);
    expect(original.headers['content-disposition']).toBe(`inline; filename="____.png"; filename*=UTF-8''${encodeURIComponent('教室漏水.png')}`);
    expect(original.raw.equals(png)).toBe(true);

    const thumb = await teacherA.get(f.thumbnailUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/jpeg');
    const meta = await sharp(thumb.raw).metadata();
    expect(meta.format).toBe('jpeg');
    expect([meta.width, meta.height]).toEqual([320, 240]);
  });

  it('accepts a WebP photo, whatever the name says', async () => {
    const webp = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#0a0' } }).webp().toBuffer();
    const res = await upload(teacherA, 'photo.jpg', 'image/jpeg', webp);
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ mime: 'image/webp', name: 'photo.jpg' });
    expect((await teacherA.get(res.json.url)).headers['content-type']).toBe('image/webp');
  });

  it('turns a photo upright by its EXIF orientation in the thumbnail', async () => {
    const res = await upload(teacherA, 'IMG_0001.JPG', 'image/jpeg', rotatedJpeg);
    expect(res.status, res.body).toBe(201);
    const meta = await sharp((await teacherA.get(res.json.thumbnailUrl)).raw).metadata();
    expect([meta.width, meta.height]).toEqual([160, 320]);
  });

  it('accepts a PDF, without a thumbnail; the name keeps its quote-like characters encoded (RFC 5987)', async () => {
    const res = await upload(teacherA, "报价单 (2)'s.pdf", 'application/octet-stream', pdf);
    expect(res.status, res.body).toBe(201);
    expect(res.json).toMatchObject({ mime: 'application/pdf', thumbnailUrl: null });
    const got = await teacherA.get(res.json.url);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toContain(`filename*=UTF-8''%E6%8A%A5%E4%BB%B7%E5%8D%95%20%282%29%27s.pdf`);
    expect((await teacherA.get(`${res.json.url}/thumbnail`)).status).toBe(404);
  });

  it('refuses an HTML page renamed photo.jpg and declared image/jpeg', async () => {
    const html = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');
    expectRefused(await upload(teacherA, 'photo.jpg', 'image/jpeg', html), 400, 'files.typeNotAllowed');
    expectRefused(await upload(teacherA, 'photo.jpg', 'image/jpeg', Buffer.from('<html><img src=x onerror=alert(1)>')), 400, 'files.typeNotAllowed');
  });

  it('refuses SVG (it can carry script), whatever it is called', async () => {
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    expectRefused(await upload(teacherA, 'logo.svg', 'image/svg+xml', svg), 400, 'files.typeNotAllowed');
    expectRefused(await upload(teacherA, 'logo.png', 'image/png', svg), 400, 'files.typeNotAllowed');
  });

  it('refuses other real types too (a GIF, a zip), and says so in the reader\'s language', async () => {
    const gif = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).gif().toBuffer();
    const res = await upload(teacherA, 'a.gif', 'image/gif', gif);
    expectRefused(res, 400, 'files.typeNotAllowed');
    expect(res.json.error.message).toContain('JPEG');
    const en = await upload(teacherA, 'a.zip', 'application/zip', Buffer.from('PK\x03\x04' + 'x'.repeat(100), 'latin1'), 'file', { 'accept-language': 'en-US' });
    expectRefused(en, 400, 'files.typeNotAllowed');
    expect(en.json.error.message).toBe('Only JPEG, PNG or WebP images and PDF files can be uploaded');
  });

  it('refuses an empty file, a missing file, a damaged image', async () => {
    expectRefused(await upload(teacherA, 'empty.jpg', 'image/jpeg', Buffer.alloc(0)), 400, 'files.empty');
    expectRefused(await teacherA.post('/api/v1/files', {}), 400, 'files.missing');
    expectRefused(await upload(teacherA, 'a.png', 'image/png', png, 'photo'), 400, 'files.missing');
    const damaged = Buffer.concat([png.subarray(0, 64), Buffer.alloc(200, 7)]);
    expectRefused(await upload(teacherA, 'broken.png', 'image/png', damaged), 400, 'files.badImage');
  });

  it('refuses a file over the school\'s limit with 413 naming the limit; the limit is a school setting', async () => {
    const big = Buffer.concat([rotatedJpeg, Buffer.alloc(1024 * 1024 + 10)]);
    const set = await adminA.patch('/api/v1/settings/files', { values: { maxUploadMb: 1 } });
    expect(set.status, set.body).toBe(200);
    try {
      const res = await upload(teacherA, 'big.jpg', 'image/jpeg', big);
      expectRefused(res, 413, 'files.tooLarge');
      expect(res.json.error.message).toBe('文件不能超过 1 MB');
      // Another school keeps the default of 10 MB.
      expect((await upload(teacherB, 'big.jpg', 'image/jpeg', big)).status).toBe(201);
    } finally {
      expect((await adminA.patch('/api/v1/settings/files', { values: { maxUploadMb: 10 } })).status).toBe(200);
    }
    expect((await upload(teacherA, 'big.jpg', 'image/jpeg', big)).status).toBe(201);
  });

  it('needs a login to upload or read, and a district reader cannot upload', async () => {
    const res = await upload(teacherA, 'a.png', 'image/png', png);
    const nobody = anonymous(t.app);
    expect((await upload(nobody, 'a.png', 'image/png', png)).status).toBe(401);
    expect((await nobody.get(res.json.url)).status).toBe(401);
    expect((await nobody.get(res.json.thumbnailUrl)).status).toBe(401);
    const inspector = await login(t.app, a.users.inspector.username);
    expect((await upload(inspector, 'a.png', 'image/png', png)).status).toBe(403);
  });

  it('another school\'s user gets 404 for the file and its thumbnail, as for a missing one', async () => {
    const res = await upload(teacherA, 'a.png', 'image/png', png);
    await inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.record', entityId: 1 }, [res.json.id], 'photoIds'));
    for (const url of [res.json.url, res.json.thumbnailUrl, '/api/v1/files/00000000-0000-4000-8000-000000000000', '/api/v1/files/not-a-uuid']) {
      const got = await teacherB.get(url);
      expect(got.status, url).toBe(404);
      expect(got.json.error.code).toBe('notFound');
    }
    // A colleague of the same school sees an attached file; the district's inspector reads it too.
    expect((await workerA.get(res.json.url)).status).toBe(200);
    const inspector = await login(t.app, a.users.inspector.username);
    expect((await inspector.get(res.json.thumbnailUrl)).status).toBe(200);
  });

  it('an upload not yet attached to a record is its uploader\'s alone', async () => {
    const res = await upload(teacherA, 'a.png', 'image/png', png);
    expect((await teacherA.get(res.json.url)).status).toBe(200);
    expect((await workerA.get(res.json.url)).status).toBe(404);
    const info = await teacherA.get(`/api/v1/files?ids=${res.json.id},00000000-0000-4000-8000-000000000000,junk`);
    expect(info.status, info.body).toBe(200);
    expect(info.json.items.map((f: { id: string }) => f.id)).toEqual([res.json.id]);
    expect((await workerA.get(`/api/v1/files?ids=${res.json.id}`)).json.items).toEqual([]);
  });

  it('records each upload in the audit log', async () => {
    const res = await upload(teacherA, 'audit.png', 'image/png', png);
    const rows = await rowsOf<{ actor_id: number; action: string; after: unknown }>(t.db, sql`SELECT actor_id, action, after FROM audit_log WHERE school_id = ${a.schoolId} AND entity = 'file' AND entity_id = ${res.json.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_id: a.users.teacher.id, action: 'upload' });
  });
});

describe('attachFiles and filesOf', () => {
  const up = async (c: TestClient, name = 'a.png') => (await upload(c, name, 'image/png', png)).json.id as string;

  it('attaches the actor\'s uploads to a record; filesOf lists many records at once, in order, with slots', async () => {
    const [p1, p2, p3, p4] = [await up(teacherA, '1.png'), await up(teacherA, '2.png'), await up(teacherA, '3.png'), await up(workerA, 'after.png')];
    const refs = await inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 10 }, [p2, p1], 'photoIds'));
    expect(refs.map((r) => r.id)).toEqual([p2, p1]);
    expect(refs[0]).toEqual({ id: p2, name: '2.png', mime: 'image/png', size: png.length, url: `/api/v1/files/${p2}`, thumbnailUrl: `/api/v1/files/${p2}/thumbnail` });
    await inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 11 }, [p3], 'photoIds'));
    await inTx((tx) => attachFiles(tx, actorOf(a, 'repair_worker'), { entity: 'test.repair', entityId: 10, slot: 'after' }, [p4], 'afterPhotoIds'));

    const map = await filesOf(t.db, a.schoolId, 'test.repair', [10, 11, 12]);
    expect(map.get(10)!.map((f) => [f.id, f.slot])).toEqual([[p2, null], [p1, null], [p4, 'after']]);
    expect(map.get(11)!.map((f) => f.name)).toEqual(['3.png']);
    expect(map.has(12)).toBe(false);
    const after = await filesOf(t.db, a.schoolId, 'test.repair', [10, 11], 'after');
    expect([...after.entries()].map(([k, v]) => [k, v.map((f) => f.id)])).toEqual([[10, [p4]]]);
    // Another school sees none of them.
    expect((await filesOf(t.db, b.schoolId, 'test.repair', [10, 11])).size).toBe(0);
    // Once attached, a colleague may see the file.
    expect((await workerA.get(`/api/v1/files/${p1}`)).status).toBe(200);
  });

  it('refuses another person\'s unattached upload, naming the field', async () => {
    const theirs = await up(workerA);
    const e = await attachError(inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 20 }, [theirs], 'photoIds')));
    expect(e).toBeInstanceOf(AppError);
    expect([e.status, e.code, e.details.fields?.[0].path]).toEqual([400, 'files.unknown', 'photoIds']);
  });

  it('refuses another school\'s file and ids that are no file at all', async () => {
    const other = await up(teacherB);
    for (const id of [other, '00000000-0000-4000-8000-000000000000', 'not-a-file']) {
      const e = await attachError(inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 21 }, [id], 'photoIds')));
      expect([e.status, e.code, e.details.fields?.[0].path]).toEqual([400, 'files.unknown', 'photoIds']);
    }
  });

  it('refuses a file already attached elsewhere, and leaves nothing half done', async () => {
    const [mine, used] = [await up(teacherA), await up(teacherA)];
    await inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 30 }, [used], 'photoIds'));
    const e = await attachError(inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 31 }, [mine, used], 'photoIds')));
    expect([e.status, e.code, e.details.fields?.[0].path]).toEqual([400, 'files.attachedElsewhere', 'photoIds']);
    // Another slot of the same record is "elsewhere" too.
    const e2 = await attachError(inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 30, slot: 'after' }, [used], 'photoIds')));
    expect(e2.code).toBe('files.attachedElsewhere');
    expect((await filesOf(t.db, a.schoolId, 'test.repair', [31])).size).toBe(0);
  });

  it('accepts files already attached to the same record (a form sends them all back), even by another person', async () => {
    const [p1, p2] = [await up(teacherA), await up(adminA)];
    await inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 40 }, [p1], 'photoIds'));
    const refs = await inTx((tx) => attachFiles(tx, actorOf(a, 'admin'), { entity: 'test.repair', entityId: 40 }, [p1, p2], 'photoIds'));
    expect(refs.map((r) => r.id)).toEqual([p1, p2]);
    expect((await filesOf(t.db, a.schoolId, 'test.repair', [40])).get(40)!.map((f) => f.id)).toEqual([p1, p2]);
    // replace: what is no longer listed leaves the record.
    await inTx((tx) => attachFiles(tx, actorOf(a, 'admin'), { entity: 'test.repair', entityId: 40 }, [p2], 'photoIds', { replace: true }));
    expect((await filesOf(t.db, a.schoolId, 'test.repair', [40])).get(40)!.map((f) => f.id)).toEqual([p2]);
  });

  it('two records racing for one upload: exactly one gets it', async () => {
    const id = await up(teacherA);
    const results = await Promise.allSettled([41, 42].map((n) => inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: n }, [id], 'photoIds'))));
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const map = await filesOf(t.db, a.schoolId, 'test.repair', [41, 42]);
    expect([...map.values()].flat().map((f) => f.id)).toEqual([id]);
  });
});

describe('purgeUnattachedFiles', () => {
  it('deletes uploads never attached a day after they were made, with their bytes; attached ones stay', async () => {
    const purgeClock = manualClock(clock.now());
    const [old, kept] = [(await upload(teacherA, 'old.png', 'image/png', png)).json.id, (await upload(teacherA, 'kept.png', 'image/png', png)).json.id];
    await inTx((tx) => attachFiles(tx, actorOf(a, 'teacher'), { entity: 'test.repair', entityId: 50 }, [kept], 'photoIds'));
    clock.advance(23 * 3600_000);
    const fresh = (await upload(teacherA, 'fresh.png', 'image/png', png)).json.id;

    purgeClock.set(clock.now()); // 23 h after the first uploads: nothing is a day old yet
    await purgeUnattachedFiles(t.db, purgeClock);
    const present = async (id: string) => (await t.db.select({ id: files.id }).from(files).where(and(eq(files.schoolId, a.schoolId), eq(files.id, id)))).length === 1;
    expect(await present(old)).toBe(true);

    purgeClock.advance(2 * 3600_000);
    expect(await purgeUnattachedFiles(t.db, purgeClock)).toBeGreaterThan(0);
    expect(await present(old)).toBe(false);
    expect(await present(kept)).toBe(true);
    expect(await present(fresh)).toBe(true);
    const blobs = await t.db.select({ id: fileBlobs.fileId }).from(fileBlobs).where(and(eq(fileBlobs.schoolId, a.schoolId), eq(fileBlobs.fileId, old)));
    expect(blobs).toEqual([]);
    expect((await teacherA.get(`/api/v1/files/${old}`)).status).toBe(404);
    expect((await teacherA.get(`/api/v1/files/${kept}`)).status).toBe(200);
  });
});
