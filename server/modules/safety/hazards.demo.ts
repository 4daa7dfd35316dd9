// The demo's hazards (SPEC §7, seed 每月一次安全隐患排查和数据上报): the seed checklists, about a month
// and a half of hazards in every state (some overdue and escalated), last month's completed monthly
// hazard investigation with its findings (its task done; this month's task open), a few daily fire
// patrols, last month's report submitted, and photos: each hazard as reported and, once rectified, after.
// Bulk inserts; deterministic (its own seeded generator); the photos drawn once per text.
import { sql } from 'drizzle-orm';
import { seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf } from '../../platform/db';
import { demoPhoto, insertDemoFiles, type DemoFile } from '../../platform/demo-files';
import type { Clock } from '../../platform/clock';
import { createTask } from '../../platform/tasks';
import { addDays, localDate, upsertSchedule, zonedTime } from '../../platform/schedules';
import { ensureSchoolTemplates, RECT_ENTITY } from '../../platform/inspections';
import { inspections, inspectionResults, rectifications, rectificationEvents } from '../../platform/inspections.tables';
import { hazardReportSubmissions } from './hazards.tables';
import { SAFETY_TEMPLATES } from './hazards.templates';
import { monthlyReport, DOMAIN } from './hazards.report';
import { hazardLink } from './hazards.service';
import { DEFAULT_HAZARD_SETTINGS, type HazardKind } from '../../../contracts/safetyHazards';
import { INVESTIGATION_OWNER, INVESTIGATION_TASK_ENTITY, INVESTIGATION_TASK_KIND, dueOnOf, investigationLink, investigationRule, monthNumber } from './hazards.investigation';
import type { Severity } from '../../../contracts/inspections';
import { translate } from '../../../contracts/i18n';

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

/* Placeholder photos: a scene per kind with the kind and the hazard written on it (drawn once per text, then reused). */
const SCENES: Record<HazardKind, { wall: string; floor: string; scene: string }> = {
  building: { wall: '#d9d2c5', floor: '#9c8f7c', scene: '<rect x="150" y="90" width="180" height="140" fill="#a9c7d8" stroke="#6b5b45" stroke-width="8"/><path d="M190 95 L215 140 L200 170 L235 225" stroke="#333" stroke-width="3" fill="none"/>' },
  electrical: { wall: '#e8e4da', floor: '#a39e93', scene: '<rect x="190" y="110" width="100" height="100" rx="8" fill="#f7f7f2" stroke="#888" stroke-width="4"/><rect x="215" y="140" width="12" height="30" fill="#444"/><rect x="253" y="140" width="12" height="30" fill="#444"/><path d="M230 210 C250 260 200 280 240 330" stroke="#c0392b" stroke-width="5" fill="none"/>' },
  fire: { wall: '#e9e1d3', floor: '#8e8476', scene: '<rect x="210" y="120" width="60" height="130" rx="22" fill="#d0312d"/><rect x="225" y="100" width="30" height="24" fill="#333"/><circle cx="240" cy="160" r="14" fill="#fff" stroke="#333" stroke-width="3"/>' },
  sports: { wall: '#bcd9ef', floor: '#b5533c', scene: '<rect x="228" y="90" width="16" height="160" fill="#555"/><rect x="180" y="80" width="110" height="70" fill="#fff" stroke="#333" stroke-width="4"/><ellipse cx="236" cy="160" rx="28" ry="7" fill="none" stroke="#e67e22" stroke-width="5"/>' },
  canteen: { wall: '#f1ede4', floor: '#9aa3a8', scene: '<rect x="140" y="180" width="200" height="70" fill="#b0b7bb" stroke="#555" stroke-width="4"/><path d="M170 90 L310 90 L290 140 L190 140 Z" fill="#8b9499"/><circle cx="200" cy="190" r="12" fill="#333"/><circle cx="280" cy="190" r="12" fill="#333"/>' },
  dorm: { wall: '#e6dfd3', floor: '#9b8a76', scene: '<rect x="140" y="120" width="200" height="14" fill="#6d6d6d"/><rect x="140" y="200" width="200" height="14" fill="#6d6d6d"/><rect x="140" y="90" width="10" height="160" fill="#555"/><rect x="330" y="90" width="10" height="160" fill="#555"/><rect x="150" y="104" width="120" height="16" fill="#5b8fb9"/>' },
  surroundings: { wall: '#cfe3f2', floor: '#6f6f6f', scene: '<rect x="0" y="290" width="480" height="10" fill="#f5f5f5"/><rect x="60" y="255" width="50" height="90" fill="#fafafa"/><rect x="150" y="255" width="50" height="90" fill="#fafafa"/><rect x="240" y="255" width="50" height="90" fill="#fafafa"/><rect x="330" y="150" width="90" height="100" fill="#c98d52"/>' },
  other: { wall: '#ded8cc', floor: '#8f8678', scene: '<rect x="150" y="90" width="180" height="160" fill="none" stroke="#7a5c3e" stroke-width="8"/><rect x="150" y="170" width="180" height="8" fill="#7a5c3e"/><rect x="170" y="120" width="50" height="50" fill="#c7a574"/><rect x="240" y="40" width="70" height="130" fill="#c7a574"/>' },
};
const photoCache = new Map<string, Promise<{ data: Buffer; thumbnail: Buffer | null }>>();
const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n)}…` : text);
function hazardPhoto(kind: HazardKind, text: string, mark: 'before' | 'after') {
  const key = `${kind}|${text}|${mark}`;
  if (!photoCache.has(key)) {
    photoCache.set(key, demoPhoto({ ...SCENES[kind], title: `${translate('zh-CN', `hazards.kind.${kind}`)} · ${mark === 'before' ? '隐患' : '整改后'}`, subtitle: clip(text, 24), mark }));
  }
  return photoCache.get(key)!;
}

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

  // Photos: every hazard as reported (before), and the rectified or closed ones after the work (after).
  const photos: DemoFile[] = [];
  for (const [i, { id }] of inserted.entries()) {
    const r = rows[i];
    const before = await hazardPhoto(r.row.kind, r.row.title, 'before');
    photos.push({ entity: RECT_ENTITY, entityId: id, slot: 'before', position: 0, name: `隐患-${id}.jpg`, mime: 'image/jpeg', ...before, uploadedBy: r.p.reporter.id, at: r.p.reported });
    if (r.rectifiedAt) {
      const after = await hazardPhoto(r.row.kind, r.row.rectifyNote ?? r.p.sc.done, 'after');
      photos.push({ entity: RECT_ENTITY, entityId: id, slot: 'after', position: 1, name: `整改后-${id}.jpg`, mime: 'image/jpeg', ...after, uploadedBy: r.owner.id, at: r.rectifiedAt });
    }
  }
  await insertDemoFiles(tx, s, director.id, ctx.today, photos);

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

  // ── The monthly investigation's schedule and tasks: last month's done by the inspection, this month's open ──
  const settings = DEFAULT_HAZARD_SETTINGS;
  await upsertSchedule(tx, { schoolId: s, owner: INVESTIGATION_OWNER, ownerId: 1, active: true, rule: investigationRule(settings, today) });
  for (const month of [lastMonth, thisMonth]) {
    const appears = at(`${month}-${String(settings.investigationDay).padStart(2, '0')}`, 8);
    if (appears.getTime() >= ctx.today.getTime() - 60_000) continue;
    const dueOn = dueOnOf(month, settings);
    await createTask(tx, {
      schoolId: s, module: DOMAIN, kind: INVESTIGATION_TASK_KIND, params: { month, dueOn }, entity: INVESTIGATION_TASK_ENTITY, entityId: monthNumber(month),
      assigneeId: null, role: settings.investigationRole, dueAt: zonedTime(dueOn, '23:59', TZ), link: investigationLink(tpl.id),
    });
    if (month === lastMonth) {
      await tx.execute(sql`UPDATE tasks SET state = 'done', completed_at = ${submitted.toISOString()}, created_at = ${appears.toISOString()}
        WHERE school_id = ${s} AND entity = ${INVESTIGATION_TASK_ENTITY} AND entity_id = ${monthNumber(month)}`);
    } else {
      await tx.execute(sql`UPDATE tasks SET created_at = ${appears.toISOString()} WHERE school_id = ${s} AND entity = ${INVESTIGATION_TASK_ENTITY} AND entity_id = ${monthNumber(month)}`);
    }
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
