// The demo's canteen staff (SPEC §7): the people of the 食堂 department on the canteen staff list with
// their posts and health certificates (one expiring within the alert days, none expired), a month of
// morning checks (two failed, with symptoms), a month of daily self-checks plus the weekly and monthly
// ones, no stop. Today is under way: most people checked, two not yet, the daily self-check not done.
// The boarding school's canteen serves Monday–Friday and Sunday dinner for returning boarders (setting serviceWeekdays 1–5 and 7); the day school's Mon–Fri.
// Set-based inserts; deterministic.
import { sql } from 'drizzle-orm';
import type { DemoContext, DemoSchool } from '../../platform/demo';
import { rowsOf } from '../../platform/db';
import { addDays, localDate, upsertSchedule, zonedTime } from '../../platform/schedules';
import { updateSettings } from '../../platform/settings';
import { ensureSchoolTemplates, SYSTEM_ACTOR } from '../../platform/inspections';
import { inspections, inspectionResults } from '../../platform/inspections.tables';
import { canteenHealthCerts, canteenMorningChecks, canteenStaff } from './staff.tables';
import { CANTEEN_TEMPLATES } from './staff.templates';
import { staffSettingsDef } from './staff.settings';
import { SELF_CHECK_OWNER } from './staff.selfcheck';
import { weekdayOf } from './staff.status';
import { DEFAULT_CANTEEN_STAFF_SETTINGS } from '../../../contracts/canteenStaff';

const TZ = 'Asia/Shanghai';
const POSTS: string[][] = [['cook', 'pastry'], ['prep', 'cook'], ['pastry', 'serve'], ['serve', 'wash'], ['store', 'intake'], ['wash', 'clean']];
const ISSUERS = ['县疾病预防控制中心', '县人民医院体检中心', '镇卫生院'];

async function seedSchool(ctx: DemoContext, school: DemoSchool) {
  const tx = ctx.tx;
  const s = school.id;
  const now = ctx.today;
  const today = localDate(now, TZ);
  const at = (day: string, hm: string) => {
    const t = zonedTime(day, hm, TZ);
    return t > now ? new Date(now.getTime() - 60_000) : t;
  };
  const weekdays = school.boarding ? [1, 2, 3, 4, 5, 7] : DEFAULT_CANTEEN_STAFF_SETTINGS.serviceWeekdays;
  if (school.boarding) await updateSettings(tx, SYSTEM_ACTOR(s), staffSettingsDef, { serviceWeekdays: weekdays });
  const serves = (day: string) => weekdays.includes(weekdayOf(day));

  // ── The list: the 食堂 department (the canteen manager first) ──
  const people = await rowsOf<{ id: number; username: string; post: string | null }>(tx, sql`SELECT u.id, u.username, u.post FROM users u
    JOIN departments d ON d.school_id = u.school_id AND d.id = u.department_id WHERE u.school_id = ${s} AND d.name = '食堂' AND u.active ORDER BY u.id`);
  const manager = people.find((p) => p.username === `${school.prefix}canteen1`) ?? people[0];
  if (!manager) return;
  const workers = people.filter((p) => p.id !== manager.id);
  const staffRows = await tx.insert(canteenStaff).values([
    { schoolId: s, userId: manager.id, posts: ['purchase', 'intake'], note: '食堂管理员，负责晨检和每日自查' },
    ...workers.map((w, i) => ({ schoolId: s, userId: w.id, posts: POSTS[i % POSTS.length], note: i === 0 ? '厨师长' : null })),
  ]).returning({ id: canteenStaff.id, userId: canteenStaff.userId });

  // ── Certificates: issued over the past year; the third person's expires in 18 days; one renewed (old one kept) ──
  const certs = staffRows.flatMap((st, i) => {
    const expiresOn = i === 2 ? addDays(today, 18) : addDays(today, 40 + ((i * 47) % 300));
    const issuedOn = addDays(expiresOn, -364);
    const row = { schoolId: s, staffId: st.id, certNo: `JK${today.slice(0, 4)}${String(s).padStart(2, '0')}${String(i + 1).padStart(4, '0')}`, issuedOn, expiresOn, issuer: ISSUERS[i % ISSUERS.length], createdBy: manager.id };
    if (i !== 1) return [row];
    const oldExpires = addDays(issuedOn, -1);
    return [{ ...row, certNo: `${row.certNo}-A`, issuedOn: addDays(oldExpires, -364), expiresOn: oldExpires, alertedAt: at(addDays(oldExpires, -30), '07:00') }, row];
  });
  await tx.insert(canteenHealthCerts).values(certs);

  // ── Morning checks: the past 30 days, every service day, everyone; two failures; today most people ──
  const checks: (typeof canteenMorningChecks.$inferInsert)[] = [];
  for (let d = 30; d >= 0; d--) {
    const day = addDays(today, -d);
    if (!serves(day)) continue;
    staffRows.forEach((st, i) => {
      if (d === 0 && i >= staffRows.length - 2) return; // today: two still to be checked
      const checkedAt = at(day, `07:${String(10 + i * 3).padStart(2, '0')}`);
      if (d === 0 && checkedAt >= now) return;
      const fever = d === 9 && i === 3;
      const wound = d === 16 && i === 4;
      checks.push({
        schoolId: s, staffId: st.id, day, fever, temperature: fever ? 37.9 : Math.round((36.2 + ((i + d) % 5) / 10) * 10) / 10, diarrhoea: false, wound, soreThroat: false,
        otherSymptom: wound ? '左手食指切伤，已包扎' : null, result: fever || wound ? 'fail' : 'pass', checkerId: manager.id, checkedAt, updatedAt: checkedAt,
      });
    });
  }
  if (checks.length) await tx.insert(canteenMorningChecks).values(checks);

  // ── Self-checks: daily on each past service day, weekly on Mondays, monthly on the 1st (or first day after) ──
  await ensureSchoolTemplates(tx, CANTEEN_TEMPLATES, { schoolId: s });
  const tpls = await rowsOf<{ id: number; code: string; revision: number }>(tx, sql`SELECT id, code, revision FROM inspection_templates WHERE school_id = ${s} AND domain = 'canteen' AND code LIKE 'canteen.%'`);
  const items = await rowsOf<{ id: number; template_id: number }>(tx, sql`SELECT i.id, i.template_id FROM inspection_template_items i
    JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id AND t.revision = i.revision WHERE i.school_id = ${s} AND t.domain = 'canteen' ORDER BY i.position`);
  const tpl = (code: string) => tpls.find((t) => t.code === code)!;
  const done: { tpl: string; day: string }[] = [];
  for (let d = 30; d >= 1; d--) {
    const day = addDays(today, -d);
    if (!serves(day)) continue;
    done.push({ tpl: 'canteen.daily', day });
    if (weekdayOf(day) === 1) done.push({ tpl: 'canteen.weekly', day });
  }
  for (const month of [addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7), today.slice(0, 7)]) {
    const first = `${month}-02`;
    if (first < today && first >= addDays(today, -40)) done.push({ tpl: 'canteen.monthly', day: first });
  }
  if (done.length) {
    const rows = await tx.insert(inspections).values(done.map((x) => {
      const t = tpl(x.tpl);
      const n = items.filter((it) => it.template_id === t.id).length;
      const start = x.tpl === 'canteen.daily' ? '06:40' : '14:30';
      const end = x.tpl === 'canteen.daily' ? '06:55' : '15:20';
      return {
        schoolId: s, templateId: t.id, templateRevision: t.revision, domain: 'canteen', locationId: null, zone: '食堂', state: 'submitted',
        inspectorId: manager.id, day: x.day, startedAt: at(x.day, start), submittedAt: at(x.day, end), passCount: n, failCount: 0, version: 2, updatedAt: at(x.day, end),
      };
    })).returning({ id: inspections.id, templateId: inspections.templateId });
    await tx.insert(inspectionResults).values(rows.flatMap((r) => items.filter((it) => it.template_id === r.templateId)
      .map((it) => ({ schoolId: s, inspectionId: r.id, itemId: it.id, outcome: 'pass', updatedAt: now }))));
  }

  // ── The daily self-check schedule (the job makes today's task for the canteen manager) ──
  await upsertSchedule(tx, {
    schoolId: s, owner: SELF_CHECK_OWNER, ownerId: 1, active: true,
    rule: { freq: 'weekly', weekdays, time: DEFAULT_CANTEEN_STAFF_SETTINGS.selfCheckTime, startsOn: today },
  });
}

export async function seedStaffDemo(ctx: DemoContext) {
  for (const school of ctx.schools) await seedSchool(ctx, school);
}
