import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { sql } from 'drizzle-orm';
import { seedDemoDistrict } from '../../test/demoDistrict';
import { createTestApp, login, type TestApp, type Reply } from '../../test/harness';
import { manualClock } from '../../platform/clock';
import { rowsOf } from '../../platform/db';
import { orgModule } from '../org';
import { recordsPart } from './records.part';
import { seedRecordsDemo } from './records.demo';

/*
 * The demo's safety records on the demo organisation (org's demo, the demo calendar), seeded here
 * without the other modules: on 22 November 2026, September has no drill, October two (the last at
 * 95 s), November's is due; headteacher1's class has no session yet this month; a few posts unsigned.
 */

const today = new Date('2026-11-22T04:00:00Z');
const clock = manualClock(today);
let t: TestApp;
const code = `D${Date.now().toString(36).slice(-5).toUpperCase()}`;

function ok(res: Reply, status = 200) {
  expect(res.status, `${res.status} ${res.body.slice(0, 300)}`).toBe(status);
  return res.json;
}

beforeAll(async () => {
  t = await createTestApp({}, { clock, modules: [orgModule, { name: 'safety', ...recordsPart }] });
  await seedDemoDistrict(t.db, code, today, seedRecordsDemo);
}, 300_000);
afterAll(async () => t?.close());

describe('safety records demo', () => {
  it('gives the director of each school a believable safety home', async () => {
    for (const prefix of [`${code}-`, `${code}-s2-`]) {
      const director = await login(t.app, `${prefix}director`, 'houqin-demo');
      const home = ok(await director.get('/api/v1/safety/home'));
      expect(home.month).toBe('2026-11');
      expect(home.drills).toMatchObject({ expected: true, doneThisMonth: 0, missingMonths: 1, last: { evacuationSeconds: 95, slow: false } });
      const months = ok(await director.get('/api/v1/safety/drills/months'));
      expect(months.months.slice(0, 3).map((m: { status: string }) => m.status)).toEqual(['missing', 'done', 'due']);
      expect(ok(await director.get('/api/v1/safety/drills?slow=true')).items).toHaveLength(1);
      expect(home.education.classesShort).toBeGreaterThan(0);
      expect(home.education.classesShort).toBeLessThan(home.education.classes / 2);
      expect(home.education).toMatchObject({ meetingsTerm: 1, meetingsRequired: 2 });
      expect(home.agreements.unsigned).toBeGreaterThan(0);
      expect(home.agreements.unsigned).toBeLessThan(home.agreements.posts / 3);
      expect(home.incidents).toMatchObject({ month: 1, year: 1, accidentsYear: 0 });
      expect(home.veto).toBe(false);
      expect(home.plans.unapproved).toBe(1);

      const plans = ok(await director.get('/api/v1/safety/plans?kind=fire'));
      expect(plans.items[0]).toMatchObject({ versionCount: 2, current: { number: 2, current: true } });
      const detail = ok(await director.get(`/api/v1/safety/plans/${plans.items[0].id}`));
      expect(detail.versions.every((v: { files: unknown[] }) => v.files.length === 1)).toBe(true);
      const pdf = await director.get(detail.versions[1].files[0].url);
      expect(pdf.status).toBe(200);
      expect(pdf.raw.subarray(0, 5).toString()).toBe('%PDF-');

      // headteacher1's class still needs its session this month.
      const head = await login(t.app, `${prefix}headteacher1`, 'houqin-demo');
      const me = ok(await head.get('/api/v1/auth/me'));
      const compliance = ok(await head.get('/api/v1/safety/education/compliance'));
      expect(compliance.classes.find((c: { headTeacherId: number | null }) => c.headTeacherId === me.id)).toMatchObject({ sessions: 0 });
    }
  });

  it('keeps every date at or before today', async () => {
    const mine = sql`(SELECT id FROM schools WHERE code LIKE ${code + '-%'})`;
    const [late] = await rowsOf<{ n: number }>(t.db, sql`SELECT
      (SELECT count(*) FROM safety_drills WHERE school_id IN ${mine} AND held_on > '2026-11-22')
      + (SELECT count(*) FROM safety_education WHERE school_id IN ${mine} AND held_on > '2026-11-22')
      + (SELECT count(*) FROM safety_agreements WHERE school_id IN ${mine} AND signed_on > '2026-11-22')
      + (SELECT count(*) FROM safety_incidents WHERE school_id IN ${mine} AND occurred_at > ${today.toISOString()})
      + (SELECT count(*) FROM safety_plan_versions WHERE school_id IN ${mine} AND uploaded_at > ${today.toISOString()}) AS n`);
    expect(Number(late.n)).toBe(0);
  });
});
