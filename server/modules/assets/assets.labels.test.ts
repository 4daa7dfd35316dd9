import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { inflateSync } from 'node:zlib';
import { createTestApp, type TestApp, type Reply } from '../../test/harness';
import { findCjkFont } from '../../platform/pdf';
import { assetsWorld, ok, computer, type AssetsWorld } from './assets.fixture';
import { labelsPdf, scanUrl } from './assets.labels';

/* QR labels: a PDF of the chosen assets whose text holds each code, and QR codes pointing at the scan page. */

let t: TestApp;
let w: AssetsWorld;
const font = findCjkFont();
const ids: number[] = [];
const codes: string[] = [];

/** The text pdfkit wrote with a standard font: every TJ/Tj string of every (inflated) content stream. */
export function pdfStrings(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const streams = /<<([^]*?)>>\s*stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streams.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body = pdf.subarray(start, end);
    if (/FlateDecode/.test(m[1])) {
      try { body = inflateSync(body); } catch { continue; }
    }
    const text = body.toString('latin1');
    for (const tj of text.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj/g)) {
      const parts = tj[1] !== undefined ? [...tj[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((x) => x[1]) : [tj[2]];
      out.push(parts.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return out;
}

const pages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;

function pdfOf(res: Reply): Buffer | null {
  if (!font) {
    expect(res.status).toBe(503);
    return null;
  }
  expect(res.status, res.body.slice(0, 300)).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
  return res.raw;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await assetsWorld(t);
  for (let i = 0; i < 30; i++) {
    const a = ok(await w.storekeeper.post('/api/v1/assets', computer({ locationId: i < 25 ? w.loc.computerRoom : w.loc.room301, name: `学生计算机${i + 1}` })), 201);
    ids.push(a.id);
    codes.push(a.code);
  }
}, 120_000);
afterAll(async () => t.close());

describe('asset labels', () => {
  it('QR codes open the scan page of the asset on this server', () => {
    expect(scanUrl('https://houqin.example.cn', '201-2024-0001')).toBe('https://houqin.example.cn/assets/scan/201-2024-0001');
    expect(scanUrl('http://10.0.0.5:3000', 'ZC 01/2')).toBe('http://10.0.0.5:3000/assets/scan/ZC%2001%2F2');
  });

  it('prints chosen assets on A4 sheets of 24: the PDF holds every code', async () => {
    const pdf = pdfOf(await w.storekeeper.get(`/api/v1/assets/labels?ids=${ids.join(',')}`));
    if (!pdf) return;
    expect(pages(pdf)).toBe(2);
    const text = pdfStrings(pdf).join('\n');
    for (const code of codes) expect(text).toContain(code);
  });

  it('prints by the list filters, one 40 × 30 mm label a page', async () => {
    const pdf = pdfOf(await w.director.get(`/api/v1/assets/labels?locationId=${w.loc.room301}&size=40x30`));
    if (!pdf) return;
    expect(pages(pdf)).toBe(5);
    const text = pdfStrings(pdf).join('\n');
    for (const code of codes.slice(25)) expect(text).toContain(code);
    expect(text).not.toContain(codes[0]);
  });

  it('is for the register keepers; a missing id is 404; nothing matching is 404', async () => {
    expect((await w.teacher.get(`/api/v1/assets/labels?ids=${ids[0]}`)).status).toBe(403);
    expect((await w.accountant.get(`/api/v1/assets/labels?ids=${ids[0]}`)).status).toBe(403);
    if (!font) return;
    expect((await w.director.get(`/api/v1/assets/labels?ids=${ids[0]},999999999`)).status).toBe(404);
    expect((await w.director.get('/api/v1/assets/labels?classCode=4')).status).toBe(404);
  });

  it('makes 1,000 labels on 42 sheets', async () => {
    if (!font) return;
    const items = Array.from({ length: 1000 }, (_, i) => ({ code: `201-2024-${String(i + 1).padStart(4, '0')}`, name: `学生计算机（联想 启天M430）${i + 1}`, place: '实验楼 / 二楼 / 电脑房' }));
    const t0 = performance.now();
    const pdf = await labelsPdf(items, { school: '青山镇初级中学', origin: 'http://localhost:3000', size: 'a4-24' }, 'zh-CN', font);
    const ms = performance.now() - t0;
    console.log(`1,000 labels: ${ms.toFixed(0)} ms, ${(pdf.length / 1024).toFixed(0)} KB, ${pages(pdf)} pages`);
    expect(pages(pdf)).toBe(42);
    const text = pdfStrings(pdf).join('\n');
    expect(text).toContain('201-2024-0001');
    expect(text).toContain('201-2024-1000');
  }, 60_000);
});
