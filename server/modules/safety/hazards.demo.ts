// The demo's hazards (SPEC §7, seed 每月一次安全隐患排查和数据上报): the seed checklists, about a month
// and a half of hazards in every state (some overdue and escalated), last month's completed monthly
// hazard investigation with its findings, a few daily fire patrols, and last month's report submitted.
// Bulk inserts; deterministic (its own seeded generator).
import { sql } from 'drizzle-orm';
import { seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { createTask } from '../../platform/tasks';
import { addDays, localDate, zonedTime } from '../../platform/schedules';
import { ensureSchoolTemplates, RECT_ENTITY } from '../../platform/inspections';
import { inspections, inspectionResults, rectifications, rectificationEvents } from '../../platform/inspections.tables';
import { hazardReportSubmissions } from './hazards.tables';
import { SAFETY_TEMPLATES } from './hazards.templates';
import { monthlyReport, DOMAIN } from './hazards.report';
import { hazardLink } from './hazards.service';
import type { HazardKind } from '../../../contracts/safetyHazards';
import type { Severity } from '../../../contracts/inspections';

const TZ = 'Asia/Shanghai';

interface Scenario { kind: HazardKind; types: string[]; text: string; severity: Severity; plan: string; done: string }
const SCENARIOS: Scenario[] = [
  { kind: 'electrical', types: ['classroom'], text: '教室后墙插座面板破裂，有裸露接线', severity: 'high', plan: '断电后更换插座面板', done: '已更换插座面板，通电测试正常' },
  { kind: 'electrical', types: ['dorm'], text: '宿舍发现学生私拉电线给手机充电', severity: 'high', plan: '拆除私拉电线，对该寝室学生进行安全教育', done: '已拆除，班主任已谈话教育' },
  { kind: 'electrical', types: ['power_room', 'office'], text: '配电箱门未上锁，箱内有杂物', severity: 'medium', plan: '清理杂物，加装挂锁', done: '已清理并上锁' },
  { kind: 'fire', types: ['classroom', 'office', 'lab'], text: '走廊灭火器压力指针在红区', severity: 'high', plan: '联系消防维保单位充装或更换', done: '已更换灭火器 2 具' },
  { kind: 'fire', types: ['dorm'], text: '宿舍楼安全出口被杂物堵塞', severity: 'critical', plan: '立即清理，宿管员每日检查', done: '已清理，张贴禁止堆放标识' },
  { kind: 'fire', types: ['classroom', 'office'], text: '疏散指示标志灯不亮', severity: 'medium', plan: '更换应急指示灯', done: '已更换 3 盏' },
  { kind: 'fire', types: ['lab'], text: '实验室消火栓箱内水带缺失', severity: 'high', plan: '补配水带、水枪', done: '已补齐' },
  { kind: 'building', types: ['classroom'], text: '三楼走廊栏杆立柱松动', severity: 'critical', plan: '临时封闭该段走廊，焊接加固栏杆', done: '已焊接加固，拆除临时围挡' },
  { kind: 'building', types: ['classroom', 'dorm'], text: '窗户玻璃破裂，有掉落危险', severity: 'high', plan: '更换玻璃', done: '已更换玻璃' },
  { kind: 'building', types: ['office', 'classroom'], text: '屋檐瓷砖松动，雨后有脱落迹象', severity: 'high', plan: '设置警示带，联系施工队铲除重贴', done: '已铲除松动瓷砖并修补' },
  { kind: 'sports', types: ['sports_field'], text: '篮球架底座螺栓锈蚀松动', severity: 'high', plan: '更换螺栓并做防锈处理', done: '已更换螺栓，刷防锈漆' },
  { kind: 'sports', types: ['sports_field'], text: '单杠下方沙坑沙量不足', severity: 'medium', plan: '补充细沙', done: '已补沙 2 立方米' },
  { kind: 'sports', types: ['sports_field'], text: '跑道有坑洼积水', severity: 'low', plan: '雨后修补塑胶面层', done: '已修补' },
  { kind: 'canteen', types: ['canteen'], text: '燃气报警器故障灯亮', severity: 'critical', plan: '停用该灶台，联系燃气公司检修', done: '已更换报警器，试验正常' },
  { kind: 'canteen', types: ['canteen'], text: '排烟罩油污较多', severity: 'medium', plan: '安排专业公司清洗烟道', done: '已清洗' },
  { kind: 'canteen', types: ['canteen'], text: '留样柜温度显示异常', severity: 'medium', plan: '维修留样冰箱温控器', done: '已维修，温度 2℃' },
  { kind: 'dorm', types: ['dorm'], text: '上铺护栏缺失一根', severity: 'high', plan: '补装护栏', done: '已补装' },
  { kind: 'dorm', types: ['dorm'], text: '寝室内发现使用电热毯', severity: 'medium', plan: '没收并通知家长，加强查寝', done: '已收缴，家长已知悉' },
  { kind: 'surroundings', types: [], text: '放学时校门口有流动摊贩聚集', severity: 'medium', plan: '联系城管、派出所联合整治', done: '已联合整治，护学岗加强巡查' },
  { kind: 'surroundings', types: [], text: '校门外人行横道标线模糊', severity: 'low', plan: '函告交警部门重新施划', done: '交警已重新施划' },
  { kind: 'other', types: ['warehouse'], text: '仓库货架超高堆放，有倾倒危险', severity: 'medium', plan: '重新码放，重物放下层', done: '已整理' },
  { kind: 'electrical', types: ['computer_room'], text: '电脑房线槽脱落，网线电源线缠绕', severity: 'low', plan: '重新固定线槽，理线', done: '已整理' },
];

interface Staff { id: number; username: string; name: string }
interface Loc { id: number; type: string; name: string }

const pick = <T,>(xs: T[], random: () => number): T => xs[Math.floor(random() * xs.length)];

async function seedSchool(ctx: DemoContext, school: DemoSchool, random: () => number) {
  const tx = ctx.tx;
  const s = school.id;
  await ensureSchoolTemplates(tx, SAFETY_TEMPLATES, { schoolId: s });
  const staff = await rowsOf<Staff>(tx, sql`SELECT id, username, name FROM users WHERE school_id = ${s} AND active ORDER BY id`);
  const by = (u: string) => staff.find((x) => x.username === `${school.prefix}${u}`)!;
  const [director, vice, repair, guard, teacher, dorm, canteen, head] =
    ['director', 'vice', 'repair1', 'guard1', 'teacher1', 'dorm1', 'canteen1', 'headteacher1'].map(by);
  const locs = await rowsOf<Loc>(tx, sql`SELECT id, type, name FROM locations WHERE school_id = ${s} AND active ORDER BY id`);
  const placeOf = (types: string[]) => {
    const fit = locs.filter((l) => types.includes(l.type));
    return fit.length ? pick(fit, random) : null;
  };
  const ownerFor = (kind: HazardKind): Staff => (kind === 'canteen' ? canteen : kind === 'dorm' ? (dorm ?? repair) : kind === 'surroundings' ? guard : repair) ?? repair;
  const reporters = [teacher, guard, head, dorm, canteen, director].filter(Boolean);

  const today = localDate(ctx.today, TZ);
  const at = (day: string, hh: number, mm = 0) => {
    const t = zonedTime(day, `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}`, TZ);
    return t > ctx.today ? new Date(ctx.today.getTime() - 60_000) : t;
  };
  const thisMonth = today.slice(0, 7);
  const lastMonthDay = addDays(`${thisMonth}-01`, -1);
  const lastMonth = lastMonthDay.slice(0, 7);

  // ── Last month's monthly hazard investigation, done on the 5th by the director: three items failed ──
  const [tpl] = await rowsOf<{ id: number; revision: number }>(tx, sql`SELECT id, revision FROM inspection_templates WHERE school_id = ${s} AND code = 'safety.hazard_monthly'`);
  const items = await rowsOf<{ id: number; section_zh: string; text_zh: string; critical: boolean; kind: string | null }>(tx, sql`
    SELECT id, section_zh, text_zh, critical, kind FROM inspection_template_items WHERE school_id = ${s} AND template_id = ${tpl.id} AND revision = ${tpl.revision} ORDER BY position`);
  const inspDay = `${lastMonth}-05`;
  const started = at(inspDay, 8, 30);
  const submitted = at(inspDay, 11, 10);
  const failIdx = new Set([1, 12, 21].filter((i) => i < items.length));
  const [insp] = await tx.insert(inspections).values({
    schoolId: s, templateId: tpl.id, templateRevision: tpl.revision, domain: DOMAIN, locationId: null, zone: '全校', state: 'submitted',
    inspectorId: director.id, day: inspDay, startedAt: started, submittedAt: submitted, note: '会同分管副校长、各处室负责人逐项排查',
    passCount: items.length - failIdx.size, failCount: failIdx.size, version: 2, updatedAt: submitted,
  }).returning({ id: inspections.id });
  await tx.insert(inspectionResults).values(items.map((it, i) => ({
    schoolId: s, inspectionId: insp.id, itemId: it.id, outcome: failIdx.has(i) ? 'fail' : 'pass',
    note: failIdx.has(i) ? '现场发现问题，已登记整改' : null, severity: failIdx.has(i) ? (it.critical ? 'critical' : 'medium') : null, updatedAt: submitted,
  })));

  // ── Daily fire patrols of this month (guard), all passed; one still being walked today ──
  const [fire] = await rowsOf<{ id: number; revision: number }>(tx, sql`SELECT id, revision FROM inspection_templates WHERE school_id = ${s} AND code = 'safety.fire_daily'`);
  const fireItems = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM inspection_template_items WHERE school_id = ${s} AND template_id = ${fire.id} AND revision = ${fire.revision} ORDER BY position`);
  const patrolDays: string[] = [];
  for (let d = 1; d <= 5; d++) { const day = addDays(today, -d); if (day.slice(0, 7) === thisMonth) patrolDays.push(day); }
  if (patrolDays.length) {
    const rows = await tx.insert(inspections).values(patrolDays.map((day) => ({
      schoolId: s, templateId: fire.id, templateRevision: fire.revision, domain: DOMAIN, locationId: null, zone: '教学区、宿舍区', state: 'submitted',
      inspectorId: guard.id, day, startedAt: at(day, 21, 0), submittedAt: at(day, 21, 40), passCount: fireItems.length, failCount: 0, version: 2, updatedAt: at(day, 21, 40),
    }))).returning({ id: inspections.id });
    await tx.insert(inspectionResults).values(rows.flatMap((r) => fireItems.map((it) => ({ schoolId: s, inspectionId: r.id, itemId: it.id, outcome: 'pass', updatedAt: ctx.today }))));
  }

  // ── Hazards: findings of the investigation, then reports over ~45 days ──
  type Plan = { sc: Scenario; reported: Date; reporter: Staff; state: 'open' | 'assigned' | 'rectified' | 'closed'; overdue?: boolean; source: 'hazard' | 'inspection'; itemId?: number; title?: string };
  const plans: Plan[] = [];
  [...failIdx].forEach((i, n) => {
    const it = items[i];
    const sc = SCENARIOS.find((x) => x.kind === it.kind) ?? SCENARIOS[0];
    plans.push({ sc: { ...sc, severity: it.critical ? 'critical' : 'medium', text: `${it.section_zh}：${it.text_zh}` }, reported: submitted, reporter: director,
      state: n === 0 ? 'closed' : n === 1 ? 'assigned' : 'closed', overdue: n === 1, source: 'inspection', itemId: it.id, title: `${it.section_zh}：${it.text_zh}` });
  });
  const count = school.key === 's1' ? 26 : 14;
  for (let n = 0; n < count; n++) {
    const daysAgo = Math.floor((n / count) * 44) + 1;
    const sc = SCENARIOS[(n * 7 + (school.key === 's1' ? 0 : 3)) % SCENARIOS.length];
    const day = addDays(today, -daysAgo);
    // Older ones are mostly closed; the last days' still moving; a few past their deadline.
    const state: Plan['state'] = daysAgo > 12 ? (n % 9 === 4 ? 'assigned' : 'closed') : daysAgo > 6 ? (n % 3 === 0 ? 'rectified' : n % 3 === 1 ? 'assigned' : 'closed') : (n % 2 === 0 ? 'open' : 'assigned');
    plans.push({ sc, reported: at(day, 8 + Math.floor(random() * 9), Math.floor(random() * 60)), reporter: pick(reporters, random), state, overdue: state === 'assigned' && daysAgo > 10, source: 'hazard' });
  }

  const daysAfter = (t: Date, days: number, hh: number) => at(addDays(localDate(t, TZ), days), hh, Math.floor(random() * 50));
  const rows = plans.map((p) => {
    const place = p.sc.types.length ? placeOf(p.sc.types) : null;
    const owner = ownerFor(p.sc.kind);
    const assignedAt = p.state === 'open' ? null : new Date(Math.min(p.reported.getTime() + (2 + random() * 20) * 3600_000, ctx.today.getTime() - 120_000));
    const span = p.sc.severity === 'critical' ? 1 : p.sc.severity === 'high' ? 3 : 7;
    const deadline = assignedAt ? (p.overdue ? addDays(localDate(p.reported, TZ), Math.min(span, 3)) : addDays(localDate(assignedAt, TZ), span)) : null;
    const rectifiedAt = p.state === 'rectified' || p.state === 'closed'
      ? new Date(Math.min(Math.max(daysAfter(assignedAt!, Math.max(0, span - 1), 15).getTime(), assignedAt!.getTime() + 3600_000), ctx.today.getTime() - 60_000)) : null;
    const verifiedAt = p.state === 'closed' ? new Date(Math.min(daysAfter(rectifiedAt!, 1, 10).getTime(), ctx.today.getTime() - 30_000)) : null;
    return {
      p, owner, assignedAt, rectifiedAt, verifiedAt,
      row: {
        schoolId: s, domain: DOMAIN, source: p.source, sourceId: p.source === 'inspection' ? insp.id : null, sourceItemId: p.itemId ?? null,
        title: p.title ?? p.sc.text, description: p.source === 'inspection' ? '每月安全隐患排查发现' : `${p.sc.text}，请尽快处理。`,
        locationId: place?.id ?? null, zone: place ? null : (p.sc.kind === 'surroundings' ? '校门外' : '全校'), kind: p.sc.kind, severity: p.sc.severity,
        state: p.state, reporterId: p.reporter.id, reportedAt: p.reported,
        ownerId: assignedAt ? owner.id : null, deadline, plan: assignedAt ? p.sc.plan : null, assignedAt, assignedBy: assignedAt ? director.id : null,
        rectifiedAt, rectifiedBy: rectifiedAt ? owner.id : null, rectifyNote: rectifiedAt ? p.sc.done : null,
        verifiedAt, verifiedBy: verifiedAt ? vice.id : null, verifyNote: verifiedAt ? '现场验收合格' : null,
        escalatedAt: p.overdue && deadline ? zonedTime(addDays(deadline, 1), '00:05', TZ) : null,
        version: 1 + (assignedAt ? 1 : 0) + (rectifiedAt ? 1 : 0) + (verifiedAt ? 1 : 0),
        createdAt: p.reported, updatedAt: verifiedAt ?? rectifiedAt ?? assignedAt ?? p.reported,
      },
    };
  });
  const inserted = await tx.insert(rectifications).values(rows.map((r) => r.row)).returning({ id: rectifications.id });
  const events: (typeof rectificationEvents.$inferInsert)[] = [];
  inserted.forEach(({ id }, i) => {
    const r = rows[i];
    const ev = (kind: string, at: Date, actor: Staff | null, from: string | null, to: string | null, note: string | null, data: Record<string, unknown> | null = null) =>
      events.push({ schoolId: s, rectificationId: id, kind, at, actorId: actor?.id ?? null, actorName: actor?.name ?? null, fromState: from, toState: to, note, data });
    ev(r.p.source === 'inspection' ? 'found' : 'reported', r.p.reported, r.p.reporter, null, 'open', r.row.description, { severity: r.row.severity, kind: r.row.kind });
    if (r.assignedAt) ev('assign', r.assignedAt, director, 'open', 'assigned', r.row.plan, { ownerId: r.owner.id, ownerName: r.owner.name, deadline: r.row.deadline });
    if (r.row.escalatedAt) ev('escalated', r.row.escalatedAt, null, 'assigned', 'assigned', null, { role: 'vice_principal', deadline: r.row.deadline });
    if (r.rectifiedAt) ev('rectify', r.rectifiedAt, r.owner, 'assigned', 'rectified', r.row.rectifyNote);
    if (r.verifiedAt) ev('verify', r.verifiedAt, vice, 'rectified', 'closed', r.row.verifyNote);
  });
  for (let i = 0; i < events.length; i += 500) await tx.insert(rectificationEvents).values(events.slice(i, i + 500));

  // The open work's to-do items: the director assigns, owners rectify, the vice principal verifies and follows up.
  for (const [i, { id }] of inserted.entries()) {
    const r = rows[i];
    const params = { title: r.row.title, location: '', deadline: r.row.deadline ?? '' };
    const base = { schoolId: s, module: DOMAIN, params, entity: RECT_ENTITY, entityId: id, link: hazardLink(id), escalate: false };
    if (r.row.state === 'open') await createTask(tx, { ...base, kind: 'inspections.task.assign', assigneeId: null, role: 'director', dueAt: new Date(r.p.reported.getTime() + 86_400_000) });
    if (r.row.state === 'assigned') await createTask(tx, { ...base, kind: 'inspections.task.rectify', assigneeId: r.owner.id, dueAt: zonedTime(addDays(r.row.deadline!, 1), '00:00', TZ) });
    if (r.row.state === 'rectified') await createTask(tx, { ...base, kind: 'inspections.task.verify', assigneeId: null, role: 'vice_principal', dueAt: new Date(r.rectifiedAt!.getTime() + 2 * 86_400_000) });
    if (r.row.escalatedAt) await createTask(tx, { ...base, kind: 'inspections.task.overdue', assigneeId: null, role: 'vice_principal', dueAt: new Date(r.row.escalatedAt.getTime() + 86_400_000) });
  }

  // ── Last month's report, submitted by the director on the 2nd of this month (a frozen snapshot of that day) ──
  const submittedAt = at(`${thisMonth}-02`, 9, 30);
  if (submittedAt.getTime() < ctx.today.getTime() - 60_000) {
    const clock: Clock = { now: () => submittedAt };
    const report = await monthlyReport(tx, s, lastMonth, clock);
    await tx.insert(hazardReportSubmissions).values({ schoolId: s, month: lastMonth, revision: 1, snapshot: report, submittedBy: director.id, submittedAt, note: null });
  }
}

export async function seedHazardsDemo(ctx: DemoContext): Promise<void> {
  const random = seededRandom(20261105);
  for (const school of ctx.schools) await seedSchool(ctx, school, random);
}
