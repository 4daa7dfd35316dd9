import { sql } from 'drizzle-orm';
import { seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf, type Db } from '../../platform/db';
import { createTask } from '../../platform/tasks';
import { notify } from '../../platform/notifications';
import { upsertSchedule } from '../../platform/schedules';
import type { ScheduleRule } from '../../../contracts/schedules';
import { DEFAULT_REPAIR_SETTINGS } from '../../../contracts/repairs';
import { repairOrders, repairEvents, repairItems, repairRules, repairPlans, repairPlanTargets, repairCodeCounters } from './repairs.tables';
import { deadlines } from './repairs.settings';
import { localDate, zonedTime, addDays } from './repairs.time';
import { PLAN_OWNER } from './repairs.plans';
import { ENTITY, linkOf } from './repairs.service';

/*
 * A term of repairs (SPEC §7, seeds 维修申报制度 and 维修一览表): from 1 September to today, many
 * lamps (更换灯管), valves and taps (阀门水嘴) and small repairs (零星维修), a few projectors and
 * network faults. Most orders are closed with a rating, a few are open, overdue, cancelled or
 * reopened. Every time is consistent: reported ≤ dispatched ≤ accepted ≤ completed ≤ closed ≤ today.
 * Deterministic: its own seeded generator, so other modules' demos do not shift it.
 */

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const HOUR = 60 * MIN;

type Item = [name: string, qty: number, unit: string];
interface Fault { text: string; items: Item[]; types: string[]; note: string }
const CLASS = ['classroom'];
const ROOMS = ['classroom', 'office', 'function_room', 'lab', 'computer_room'];
const FAULTS: Record<string, Fault[]> = {
  electric: [
    { text: '教室日光灯不亮，需更换灯管', items: [['更换灯管', 2, '支']], types: CLASS, note: '已更换灯管，照明正常' },
    { text: '灯管闪烁，影响上课', items: [['更换灯管', 1, '支']], types: ROOMS, note: '更换灯管一支' },
    { text: '宿舍灯管不亮', items: [['更换灯管', 1, '支']], types: ['dorm'], note: '已更换' },
    { text: '办公室灯管坏了两根', items: [['更换灯管', 2, '支']], types: ['office'], note: '更换灯管两支' },
    { text: '墙上插座没电', items: [['更换插座', 1, '个']], types: ROOMS, note: '插座烧坏，已更换' },
    { text: '电灯开关按下去弹不起来', items: [['更换开关', 1, '个']], types: ['classroom', 'dorm'], note: '已更换开关' },
    { text: '吊扇转速很慢，有异响', items: [['零星维修', 1, '次']], types: CLASS, note: '更换电容，运转正常' },
  ],
  water: [
    { text: '水龙头关不紧，一直滴水', items: [['阀门水嘴', 1, '只']], types: ['dorm', 'canteen', 'lab'], note: '更换水嘴' },
    { text: '洗手池阀门漏水', items: [['阀门水嘴', 1, '只'], ['生料带', 1, '卷']], types: ['dorm', 'canteen'], note: '更换阀门，已不漏' },
    { text: '下水道堵塞，积水', items: [['疏通下水道', 1, '次']], types: ['dorm', 'canteen'], note: '已疏通' },
    { text: '冲水阀坏了，不出水', items: [['更换冲水阀', 1, '个']], types: ['dorm'], note: '已更换冲水阀' },
    { text: '水管接头渗水', items: [['更换水管接头', 1, '个'], ['生料带', 1, '卷']], types: ['canteen', 'lab', 'dorm'], note: '更换接头' },
  ],
  doorWindow: [
    { text: '门锁坏了，钥匙打不开', items: [['更换门锁', 1, '把']], types: ['classroom', 'office', 'dorm'], note: '已换锁，钥匙交班主任' },
    { text: '窗户玻璃破裂，有安全隐患', items: [['更换玻璃', 1, '块']], types: ['classroom', 'dorm'], note: '已更换玻璃' },
    { text: '门合页松动，关不上', items: [['零星维修', 1, '次']], types: ROOMS, note: '紧固合页' },
    { text: '窗户关不严，漏风', items: [['零星维修', 1, '次']], types: ['classroom', 'dorm'], note: '调整窗扇' },
  ],
  furniture: [
    { text: '课桌桌腿松动', items: [['零星维修', 1, '次']], types: CLASS, note: '已加固' },
    { text: '椅子螺丝脱落，坐着摇晃', items: [['零星维修', 1, '次'], ['螺丝', 4, '颗']], types: CLASS, note: '补齐螺丝' },
    { text: '讲台抽屉拉不开', items: [['零星维修', 1, '次']], types: CLASS, note: '修好滑轨' },
    { text: '宿舍床板断裂', items: [['更换床板', 1, '块']], types: ['dorm'], note: '已更换床板' },
    { text: '办公椅扶手掉了', items: [['零星维修', 1, '次']], types: ['office'], note: '已修好' },
  ],
  multimedia: [
    { text: '投影仪无信号，显示“无输入”', items: [['更换VGA线', 1, '根']], types: CLASS, note: '信号线接触不良，已更换' },
    { text: '电子白板触摸不准', items: [['零星维修', 1, '次']], types: CLASS, note: '重新校准' },
    { text: '教室音响没有声音', items: [['零星维修', 1, '次']], types: CLASS, note: '功放线松脱，已接好' },
  ],
  network: [
    { text: '办公室电脑上不了网', items: [['更换水晶头', 2, '个']], types: ['office'], note: '网线水晶头氧化，已重做' },
    { text: '电脑房部分电脑掉线', items: [['零星维修', 1, '次']], types: ['computer_room'], note: '交换机端口故障，已换口' },
  ],
  building: [
    { text: '墙皮脱落', items: [['修补墙面', 2, '平方米']], types: ['classroom', 'dorm'], note: '已修补' },
    { text: '下雨时屋顶漏水', items: [['防水补漏', 1, '处']], types: ['classroom', 'dorm', 'office'], note: '补漏完成，待雨天复查' },
    { text: '地砖破损翘起', items: [['更换地砖', 3, '块']], types: ['classroom', 'canteen'], note: '已更换地砖' },
  ],
  other: [
    { text: '黑板松动，有掉落危险', items: [['零星维修', 1, '次']], types: CLASS, note: '已重新固定' },
    { text: '旗杆升旗绳断了', items: [['更换绳索', 1, '根']], types: ['sports_field'], note: '已更换' },
    { text: '篮球架篮网破了', items: [['更换篮网', 1, '个']], types: ['sports_field'], note: '已更换篮网' },
  ],
};
/** How often each category is reported (weights): lamps and taps most. */
const MIX: [string, number][] = [['electric', 34], ['water', 20], ['doorWindow', 14], ['furniture', 16], ['multimedia', 6], ['network', 3], ['building', 4], ['other', 3]];
const COMMENTS = ['修得很及时，谢谢师傅', '很快就修好了', '师傅很负责', '满意', '修好了，谢谢', '', '', ''];
const REOPEN_REASON = '灯管换了还是不亮，可能是镇流器坏了';
const CANCEL_REASONS = ['已自行处理好', '重复报修', '报错地点了'];

interface Loc { id: number; name: string; type: string; building_id: number | null }
type Rnd = () => number;
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
function weighted<T>(r: Rnd, xs: [T, number][]): T {
  let n = r() * xs.reduce((s, [, w]) => s + w, 0);
  for (const [x, w] of xs) { n -= w; if (n < 0) return x; }
  return xs[xs.length - 1][0];
}
const between = (r: Rnd, a: number, b: number) => a + r() * (b - a);

interface Person { id: number; name: string }
interface Event { kind: string; at: Date; actor: Person | null; from: string | null; to: string | null; note?: string | null; data?: Record<string, unknown> | null }
interface DemoOrder {
  code: string; state: string; category: string; urgency: 'urgent' | 'normal' | 'planned'; description: string; plannedDate: string | null;
  loc: Loc; reporter: Person; assignee: Person | null; planKey?: string;
  reportedAt: Date; dispatchedAt: Date | null; acceptedAt: Date | null; completedAt: Date | null; closedAt: Date | null; cancelledAt: Date | null;
  responseDueAt: Date; doneDueAt: Date; overdue: boolean; overdueAt: Date | null;
  hours: number | null; completeNote: string | null; rating: number | null; comment: string | null; reopenCount: number;
  items: Item[]; events: Event[]; reopenReason?: string;
}

async function people(tx: Db, schoolId: number) {
  const rows = await rowsOf<{ id: number; name: string; username: string; roles: string[] | string }>(tx, sql`
    SELECT u.id, u.name, u.username, array_agg(r.role) AS roles FROM users u LEFT JOIN user_roles r ON r.school_id = u.school_id AND r.user_id = u.id
    WHERE u.school_id = ${schoolId} AND u.active GROUP BY u.id, u.name, u.username ORDER BY u.id`);
  return rows.map((r) => ({ id: Number(r.id), name: r.name, username: r.username, roles: Array.isArray(r.roles) ? r.roles : String(r.roles).replace(/[{}]/g, '').split(',') }));
}

async function seedSchool(ctx: DemoContext, school: DemoSchool, r: Rnd) {
  const { tx } = ctx;
  const s = school.id;
  const p = school.prefix;
  const junior = school.key === 's1';
  const now = ctx.today;
  const today = localDate(now, TZ);
  const start = addDays(today, -82); // the term began 1 September (82 days before 22 November)

  const staff = await people(tx, s);
  const by = (u: string) => staff.find((x) => x.username === u)!;
  const director = by(`${p}director`);
  const repair1 = by(`${p}repair1`);
  const workers = staff.filter((x) => x.roles.includes('repair_worker'));
  const repair2 = workers.find((x) => x.id !== repair1.id) ?? repair1;
  const teacher1 = by(`${p}teacher1`);
  const head1 = by(`${p}headteacher1`);
  const reporters = staff.filter((x) => x.roles.includes('teacher') || x.roles.includes('dorm_manager') || x.roles.includes('canteen_manager') || x.roles.includes('guard'));
  const locs = await rowsOf<Loc>(tx, sql`SELECT id, name, type, building_id FROM locations WHERE school_id = ${s} AND active ORDER BY id`);
  const ofType = (types: string[]) => { const l = locs.filter((x) => types.includes(x.type)); return l.length ? l : locs.filter((x) => x.type === 'classroom'); };

  // Category rules (水/电 → repair1; furniture, doors and building → the second worker; multimedia and network by hand).
  const rules: Record<string, Person> = { water: repair1, electric: repair1, furniture: repair2, doorWindow: repair2, building: repair2 };
  await tx.insert(repairRules).values(Object.entries(rules).map(([category, w]) => ({ schoolId: s, category, assigneeId: w.id })));

  const settings = DEFAULT_REPAIR_SETTINGS;
  const counters = new Map<string, number>();
  const codeOf = (at: Date) => {
    const day = localDate(at, TZ).replace(/-/g, '');
    const n = (counters.get(day) ?? 0) + 1;
    counters.set(day, n);
    return `WX${day}-${String(n).padStart(4, '0')}`;
  };

  // Report times: weekdays mostly, school hours, more at the start of term; in time order.
  const count = junior ? 150 : 55;
  const times: Date[] = [];
  while (times.length < count) {
    const d = addDays(start, Math.floor(Math.pow(r(), 1.1) * 83));
    if (d > today) continue;
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if ((weekday === 0 || weekday === 6) && r() < (junior ? 0.7 : 0.9)) continue;
    const at = zonedTime(d, TZ, 7 + Math.floor(r() * 10), Math.floor(r() * 60));
    if (at.getTime() > now.getTime() - 20 * MIN) continue;
    times.push(at);
  }
  // This morning's reports: two still wait for the director, two went straight to the worker by rule.
  const forced = new Map<number, string>();
  for (const [minutes, category] of [[190, 'electric'], [150, 'multimedia'], [75, 'water'], [35, 'network']] as const) {
    const at = new Date(now.getTime() - minutes * MIN);
    if (localDate(at, TZ) !== today) continue;
    forced.set(at.getTime(), category);
    times.push(at);
  }
  times.sort((a, b) => a.getTime() - b.getTime());

  // Two orders stall so the director has overdue work to chase: one never accepted, one never finished.
  const ago = (t: Date) => now.getTime() - t.getTime();
  const stallAccept = times.findIndex((t) => ago(t) > 30 * HOUR && ago(t) < 70 * HOUR);
  const stallDone = times.findIndex((t, i) => i !== stallAccept && ago(t) > 76 * HOUR && ago(t) < 140 * HOUR);

  const orders: DemoOrder[] = [];
  for (const [i, reportedAt] of times.entries()) {
    const category = forced.get(reportedAt.getTime()) ?? weighted(r, MIX);
    const fault = pick(r, FAULTS[category]);
    const loc = pick(r, ofType(fault.types));
    const reporter = r() < 0.12 ? teacher1 : r() < 0.08 ? head1 : pick(r, reporters);
    const urgency = (r() < 0.14 || fault.text.includes('安全')) && i !== stallAccept && i !== stallDone ? 'urgent' : 'normal';
    const due = deadlines(settings, urgency, reportedAt, null, TZ);
    const o: DemoOrder = {
      code: codeOf(reportedAt), state: 'reported', category, urgency, description: fault.text, plannedDate: null, loc, reporter, assignee: null,
      reportedAt, dispatchedAt: null, acceptedAt: null, completedAt: null, closedAt: null, cancelledAt: null, ...due, overdue: false, overdueAt: null,
      hours: null, completeNote: null, rating: null, comment: null, reopenCount: 0, items: [], events: [],
    };
    o.events.push({ kind: 'reported', at: reportedAt, actor: reporter, from: null, to: 'reported' });
    const step = (at: Date) => at.getTime() <= now.getTime();

    // A few are withdrawn before anyone came.
    if (i % 47 === 20) {
      const at = new Date(reportedAt.getTime() + between(r, 10, 60) * MIN);
      if (step(at)) {
        Object.assign(o, { state: 'cancelled', cancelledAt: at });
        o.events.push({ kind: 'cancel', at, actor: reporter, from: 'reported', to: 'cancelled', note: CANCEL_REASONS[(i / 47) % 3 | 0] });
      }
      orders.push(o);
      continue;
    }

    // Dispatch: by the category rule at once, or by the director within the hour or two.
    const ruled = rules[category];
    const worker = ruled ?? (category === 'network' ? repair1 : pick(r, [repair1, repair2]));
    const dispatchedAt = ruled ? reportedAt : new Date(reportedAt.getTime() + between(r, 8, urgency === 'urgent' ? 40 : 150) * MIN);
    // The last unruled report of today waits for the director.
    if (!step(dispatchedAt) || (!ruled && localDate(reportedAt, TZ) === today && now.getTime() - reportedAt.getTime() < 5 * HOUR)) { orders.push(o); continue; }
    Object.assign(o, { state: 'dispatched', assignee: worker, dispatchedAt });
    o.events.push(ruled
      ? { kind: 'autoDispatched', at: dispatchedAt, actor: null, from: 'reported', to: 'dispatched', data: { assigneeId: worker.id, assigneeName: worker.name } }
      : { kind: 'dispatch', at: dispatchedAt, actor: director, from: 'reported', to: 'dispatched', data: { assigneeId: worker.id, assigneeName: worker.name } });

    // Accept: urgent within the hour; normal the same day mostly; a few late.
    const late = r() < 0.07;
    const resp = urgency === 'urgent' ? between(r, 5, late ? 200 : 70) : late ? between(r, 25 * 60, 40 * 60) : between(r, 15, 8 * 60);
    const acceptedAt = new Date(dispatchedAt.getTime() + resp * MIN);
    if (!step(acceptedAt) || i === stallAccept) { orders.push(o); continue; }
    Object.assign(o, { state: 'in_progress', acceptedAt });
    o.events.push({ kind: 'accept', at: acceptedAt, actor: worker, from: 'dispatched', to: 'in_progress' });

    const work = r() < 0.06 ? between(r, 60, 90) * HOUR / MIN : between(r, 20, urgency === 'urgent' ? 240 : 20 * 60);
    const completedAt = new Date(acceptedAt.getTime() + work * MIN);
    if (!step(completedAt) || i === stallDone) { orders.push(o); continue; }
    const hours = Math.round(between(r, 0.5, fault.items[0][0] === '零星维修' ? 1.5 : 3) * 2) / 2;
    Object.assign(o, { state: 'completed', completedAt, hours, completeNote: fault.note, items: fault.items });
    o.events.push({ kind: 'complete', at: completedAt, actor: worker, from: 'in_progress', to: 'completed', note: fault.note, data: { hours, items: fault.items.map(([name, quantity, unit]) => ({ name, quantity, unit })) } });

    // Confirm with a rating within a day or two, or closed by itself after three days.
    if (r() < 0.85) {
      const closedAt = new Date(completedAt.getTime() + between(r, 0.5, 40) * HOUR);
      if (step(closedAt)) {
        const rating = weighted(r, [[5, 62], [4, 26], [3, 9], [2, 3]]);
        const comment = rating >= 4 ? pick(r, COMMENTS) || null : '修得有点慢';
        Object.assign(o, { state: 'closed', closedAt, rating, comment });
        o.events.push({ kind: 'confirm', at: closedAt, actor: reporter, from: 'completed', to: 'closed', note: comment, data: { rating } });
      }
    } else {
      const closedAt = new Date(completedAt.getTime() + settings.autoCloseDays * 24 * HOUR + between(r, 1, 50) * MIN);
      if (step(closedAt)) {
        Object.assign(o, { state: 'closed', closedAt });
        o.events.push({ kind: 'autoClosed', at: closedAt, actor: null, from: 'completed', to: 'closed', data: { days: settings.autoCloseDays } });
      }
    }
    orders.push(o);
  }

  // One repair done in the last days that failed again: the reporter sends it back to the same worker.
  const recent = (o: DemoOrder) => !!o.completedAt && now.getTime() - o.completedAt.getTime() < 5 * 24 * HOUR && o.reporter.id !== director.id
    && (o.closedAt ?? o.completedAt).getTime() < now.getTime() - 2 * HOUR;
  const back = [...orders].reverse().find((o) => o.category === 'electric' && o.state === 'completed' && recent(o))
    ?? [...orders].reverse().find((o) => o.state === 'completed' && recent(o))
    ?? [...orders].reverse().find((o) => o.state === 'closed' && o.urgency !== 'planned' && recent(o));
  if (back) {
    // Sent back this morning (after any confirmation), so the worker still has time to respond.
    const at = new Date(Math.max(now.getTime() - between(r, 1, 3) * HOUR, (back.closedAt ?? back.completedAt!).getTime() + 30 * MIN));
    const due = deadlines(settings, back.urgency === 'urgent' ? 'urgent' : 'normal', at, null, TZ);
    const reason = back.category === 'electric' ? REOPEN_REASON : '修过以后又坏了，问题没有解决';
    back.events.push({ kind: 'reopen', at, actor: back.reporter, from: back.state, to: 'reopened', note: reason });
    Object.assign(back, { state: 'reopened', reopenCount: 1, closedAt: null, rating: null, comment: null, reopenReason: reason, ...due });
  }

  // Overdue as the sweep would have flagged them: a deadline passed before the step was taken (or before now).
  const stateAt = (o: DemoOrder, at: Date) => o.events.filter((e) => e.at.getTime() <= at.getTime()).reduce<string | null>((st, e) => e.to ?? st, null);
  const late = (done: Date | null, open: boolean, due: Date) => { const t = done ?? (open ? now : null); return !!t && t.getTime() > due.getTime(); };
  for (const o of orders) {
    if (o.state === 'cancelled' || o.state === 'reopened') continue;
    const respLate = late(o.acceptedAt, ['reported', 'dispatched'].includes(o.state), o.responseDueAt);
    const doneLate = late(o.completedAt, ['reported', 'dispatched', 'in_progress'].includes(o.state), o.doneDueAt);
    if (!respLate && !doneLate) continue;
    o.overdue = true;
    o.overdueAt = respLate ? o.responseDueAt : o.doneDueAt;
    const st = stateAt(o, o.overdueAt);
    o.events.push({ kind: 'overdue', at: o.overdueAt, actor: null, from: st, to: st, data: { what: respLate ? 'response' : 'done' } });
  }

  // Preventive maintenance: three plans at the junior school, one at the primary school.
  const classrooms = locs.filter((l) => l.type === 'classroom');
  const named = (...names: string[]) => locs.filter((l) => names.includes(l.name));
  const plans: { key: string; name: string; category: string; description: string; rule: ScheduleRule; targets: Loc[]; checklist: string[]; assignee: Person | null }[] = [
    {
      key: 'fire', name: '每月检查灭火器', category: 'other', description: '按消防要求每月检查一次，检查后在检查卡上签字',
      rule: { freq: 'monthly', monthDay: 5, time: '08:00', startsOn: today } as ScheduleRule,
      targets: [...named('学生餐厅', '配电室', '总务仓库', '电脑房', '图书室'), ...classrooms.slice(0, 2)],
      checklist: ['压力表指针在绿区', '铅封、喷管完好', '瓶身无锈蚀、无破损', '放置位置通道畅通', '填写检查卡'], assignee: repair2,
    },
    ...(junior ? [
      {
        key: 'circuit', name: '每学期检修电路', category: 'electric', description: '开学前一周全面检修教学区、宿舍区电路',
        rule: { freq: 'term', termDay: 'start', offsetDays: -7, time: '08:00', startsOn: today } as ScheduleRule,
        targets: named('配电室'), checklist: ['配电箱接线端子紧固', '漏电保护开关试跳', '教室照明线路', '宿舍插座与接地'], assignee: repair1,
      },
      {
        key: 'desks', name: '寒暑假检修课桌椅', category: 'furniture', description: '利用寒暑假集中检修全校课桌椅',
        rule: { freq: 'dates', dates: ['2027-01-25', '2027-07-15'], time: '08:00', startsOn: today } as ScheduleRule,
        targets: classrooms, checklist: ['桌椅螺丝紧固', '桌面破损更换', '椅腿脚套补齐', '按身高调整桌椅'], assignee: repair2,
      },
    ] : []),
  ].filter((pl) => pl.targets.length);
  const planIds = new Map<string, number>();
  for (const pl of plans) {
    const [row] = await tx.insert(repairPlans).values({
      schoolId: s, name: pl.name, category: pl.category, description: pl.description, checklist: pl.checklist,
      assigneeId: pl.assignee?.id ?? null, createdBy: director.id, schedule: pl.rule as Record<string, unknown>,
      createdAt: zonedTime(start, TZ, 9), updatedAt: zonedTime(start, TZ, 9),
    }).returning({ id: repairPlans.id });
    planIds.set(pl.key, row.id);
    await tx.insert(repairPlanTargets).values(pl.targets.map((l, position) => ({ schoolId: s, planId: row.id, kind: 'location' as const, targetId: l.id, position })));
    await upsertSchedule(tx, { schoolId: s, owner: PLAN_OWNER, ownerId: row.id, rule: pl.rule, active: true });
  }
  // The fire extinguisher checks already done this term (the 5th of each month).
  const fire = plans.find((pl) => pl.key === 'fire');
  if (fire) {
    for (let m = 0; m < 3; m++) {
      const day = addDays(start, 4 + [0, 30, 65][m]);
      const at = zonedTime(day, TZ, 8);
      if (at.getTime() > now.getTime() - 2 * 24 * HOUR) continue;
      const w = fire.assignee ?? repair1;
      const acceptedAt = new Date(at.getTime() + 40 * MIN);
      const completedAt = new Date(at.getTime() + 3.5 * HOUR);
      const closedAt = new Date(completedAt.getTime() + 20 * HOUR);
      const due = deadlines(settings, 'planned', at, day, TZ);
      const description = [`【维护计划】${fire.name}`, fire.description, `检查项目：`, ...fire.checklist.map((c, i) => `${i + 1}. ${c}`)].join('\n');
      orders.push({
        code: codeOf(at), state: 'closed', category: fire.category, urgency: 'planned', description, plannedDate: day, loc: fire.targets[0], reporter: director, assignee: w, planKey: 'fire',
        reportedAt: at, dispatchedAt: at, acceptedAt, completedAt, closedAt, cancelledAt: null, ...due, overdue: false, overdueAt: null,
        hours: 3, completeNote: '全部灭火器压力正常，已在检查卡签字', rating: 5, comment: null, reopenCount: 0, items: [['检查灭火器', fire.targets.length * 2, '具']],
        events: [
          { kind: 'reported', at, actor: director, from: null, to: 'reported' },
          { kind: 'autoDispatched', at, actor: null, from: 'reported', to: 'dispatched', data: { assigneeId: w.id, assigneeName: w.name } },
          { kind: 'accept', at: acceptedAt, actor: w, from: 'dispatched', to: 'in_progress' },
          { kind: 'complete', at: completedAt, actor: w, from: 'in_progress', to: 'completed', note: '全部灭火器压力正常，已在检查卡签字', data: { hours: 3 } },
          { kind: 'confirm', at: closedAt, actor: director, from: 'completed', to: 'closed', data: { rating: 5 } },
        ],
      });
    }
  }

  // Write it all: orders, then their events and items in a few batches.
  const ids = new Map<string, number>();
  for (let i = 0; i < orders.length; i += 200) {
    const batch = orders.slice(i, i + 200);
    const rows = await tx.insert(repairOrders).values(batch.map((o) => ({
      schoolId: s, code: o.code, state: o.state, category: o.category, urgency: o.urgency, description: o.description, plannedDate: o.plannedDate,
      locationId: o.loc.id, buildingId: o.loc.building_id, planId: o.planKey ? planIds.get(o.planKey) ?? null : null,
      reporterId: o.reporter.id, assigneeId: o.assignee?.id ?? null, reportedAt: o.reportedAt, dispatchedAt: o.dispatchedAt, acceptedAt: o.acceptedAt,
      completedAt: o.completedAt, closedAt: o.closedAt, cancelledAt: o.cancelledAt, responseDueAt: o.responseDueAt, doneDueAt: o.doneDueAt,
      overdue: o.overdue, overdueAt: o.overdueAt, hours: o.hours, completeNote: o.completeNote, rating: o.rating, comment: o.comment,
      reopenCount: o.reopenCount, version: o.events.length, createdAt: o.reportedAt, updatedAt: o.events.reduce((m, e) => (e.at > m ? e.at : m), o.reportedAt),
    }))).returning({ id: repairOrders.id, code: repairOrders.code });
    for (const row of rows) ids.set(row.code, row.id);
  }
  const events = orders.flatMap((o) => o.events.sort((a, b) => a.at.getTime() - b.at.getTime()).map((e) => ({
    schoolId: s, orderId: ids.get(o.code)!, kind: e.kind, at: e.at, actorId: e.actor?.id ?? null, actorName: e.actor?.name ?? null,
    fromState: e.from, toState: e.to, note: e.note ?? null, data: e.data ?? null,
  })));
  for (let i = 0; i < events.length; i += 500) await tx.insert(repairEvents).values(events.slice(i, i + 500));
  const items = orders.flatMap((o) => o.items.map(([name, quantity, unit]) => ({ schoolId: s, orderId: ids.get(o.code)!, round: 0, name, quantity, unit })));
  for (let i = 0; i < items.length; i += 500) await tx.insert(repairItems).values(items.slice(i, i + 500));
  await tx.insert(repairCodeCounters).values([...counters].map(([day, last]) => ({ schoolId: s, day, last })));

  // What is open today reaches the people who owe the next step: tasks, and a notice of the newest.
  const label = (o: DemoOrder) => ({ code: o.code, location: o.loc.name, category: settings.categories.find((c) => c.code === o.category)?.zh ?? o.category });
  for (const o of orders) {
    const id = ids.get(o.code)!;
    const base = { schoolId: s, module: 'repairs', entity: ENTITY, entityId: id, link: linkOf(id), params: label(o) };
    if (o.state === 'reported') await createTask(tx, { ...base, kind: 'repairs.task.dispatch', assigneeId: null, role: 'director', dueAt: o.responseDueAt, escalate: false });
    if (o.state === 'dispatched' || o.state === 'reopened') await createTask(tx, { ...base, kind: 'repairs.task.accept', assigneeId: o.assignee!.id, dueAt: o.responseDueAt, escalate: false });
    if (o.state === 'in_progress') await createTask(tx, { ...base, kind: 'repairs.task.complete', assigneeId: o.assignee!.id, dueAt: o.doneDueAt, escalate: false });
    if (o.state === 'completed') await createTask(tx, { ...base, kind: 'repairs.task.confirm', assigneeId: o.reporter.id, dueAt: new Date(o.completedAt!.getTime() + settings.autoCloseDays * 24 * HOUR), escalate: false });
    if (now.getTime() - o.reportedAt.getTime() < 24 * HOUR || o.state === 'reopened') {
      if (o.state === 'dispatched' || o.state === 'reopened') await notify(tx, { schoolId: s, userIds: [o.assignee!.id], kind: o.state === 'reopened' ? 'repairs.notify.reopened' : 'repairs.notify.dispatched', params: { ...label(o), reason: o.reopenReason ?? '' }, link: linkOf(id), entity: ENTITY, entityId: id });
      if (o.state === 'reported') await notify(tx, { schoolId: s, userIds: [director.id], kind: 'repairs.notify.reported', params: label(o), link: linkOf(id), entity: ENTITY, entityId: id });
      if (o.state === 'completed') await notify(tx, { schoolId: s, userIds: [o.reporter.id], kind: 'repairs.notify.completed', params: label(o), link: linkOf(id), entity: ENTITY, entityId: id });
    }
  }
}

export async function seedRepairsDemo(ctx: DemoContext) {
  const r = seededRandom(20261122);
  for (const school of ctx.schools) await seedSchool(ctx, school, r);
}
