import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { demoName, seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf } from '../../platform/db';
import {
  DEFAULT_GATE_SETTINGS, DEFAULT_PATROL_SETTINGS, PASS_CODE_ALPHABET, maskIdNumber, type DutyKind, type PatrolKind,
} from '../../../contracts/safetyGate';
import { visitors, exitPasses, gateSecrets, dutyShifts, dutyHandovers, dutySwaps, patrolRoutes, patrolCheckpoints, patrols, patrolScans } from './gate.tables';
import { idHashOf } from './gate.visitors';
import { localDate, zonedTime, addDays, mondayOf, visitorDueOut, shiftTimes, patrolCountsFor, isoWeekday, boarderRule } from './gate.settings';
import { schoolCalendar } from '../../platform/schedules';
import { staffWithRoles } from './gate.lookups';

/*
 * A month at the gate (SPEC §7; seeds 门卫24小时值班制, 学生凭证出入制, 外来人员登记, 学校夜间巡查制度):
 * visitors in and out (one still inside from yesterday, flagged; two inside now), exit passes
 * issued by head teachers and used, returned, a few cancelled or never used; this week's and last
 * week's duty roster with handovers and swaps; patrol routes with checkpoints and a month of
 * patrols, some with missed or late checkpoints, one day and one night short of the rule.
 * Deterministic: its own seeded generator per school.
 */

const TZ = 'Asia/Shanghai';
const MIN = 60_000;
const DAYS = 30;

const ORGS: [string, string][] = [
  ['县教育局', '检查教学常规'], ['县疾控中心', '学校卫生检查'], ['青山镇派出所', '校园安全检查'], ['县供电公司', '检修供电线路'],
  ['鑫源食品配送公司', '食堂送货'], ['新华书店', '送教辅资料'], ['县消防救援大队', '消防安全检查'], ['电信公司', '维修校园网络'],
  ['净水设备维保公司', '直饮水设备保养'], ['学生家长', '给孩子送衣物'], ['学生家长', '找班主任了解情况'], ['县图书馆', '送图书'],
];
const PASS_REASONS = ['身体不适，回家就医', '家中有事，家长来接', '看牙医', '参加亲属婚礼', '回家取换季衣物', '到县医院复查', '参加县中学生运动会'];
const REGIONS = ['522601', '522622', '522623', '520102', '522631'];

function residentId(random: () => number): string {
  const y = 1965 + Math.floor(random() * 35), m = 1 + Math.floor(random() * 12), d = 1 + Math.floor(random() * 28);
  const body = `${REGIONS[Math.floor(random() * REGIONS.length)]}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, x, i) => acc + x * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11];
}

const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const code = (random: () => number, n: number) => Array.from({ length: n }, () => PASS_CODE_ALPHABET[Math.floor(random() * PASS_CODE_ALPHABET.length)]).join('');

interface Staff { id: number; name: string; roles: string[] }

async function seedSchool(ctx: DemoContext, school: DemoSchool) {
  const { tx } = ctx;
  const s = school.id;
  const random = seededRandom(5150 + (school.key === 's1' ? 1 : 2));
  const now = ctx.today;
  const today = localDate(now, TZ);
  const staff: Staff[] = await staffWithRoles(tx, s);
  const withRole = (role: string) => staff.filter((x) => x.roles.includes(role));
  const guards = withRole('guard');
  const dormManagers = withRole('dorm_manager');
  const leaders = [...withRole('principal'), ...withRole('vice_principal'), ...withRole('director')];
  const teachers = withRole('teacher');
  const director = withRole('director')[0];
  if (!guards.length || !director) return;

  // ── Visitors ──
  const secret = randomBytes(32).toString('base64url');
  await tx.insert(gateSecrets).values({ schoolId: s, secret });
  const hosts = [...leaders, ...teachers.slice(0, 12)];
  const visitorRows: (typeof visitors.$inferInsert)[] = [];
  for (let k = DAYS; k >= 0; k--) {
    const day = addDays(today, -k);
    const weekend = isoWeekday(day) >= 6;
    const n = weekend ? Math.floor(random() * 2) : 3 + Math.floor(random() * 5);
    for (let i = 0; i < n; i++) {
      const [org, reason] = pick(random, ORGS);
      const timeIn = new Date(zonedTime(day, '08:00', TZ).getTime() + Math.floor(random() * 8.5 * 60) * MIN);
      if (timeIn.getTime() > now.getTime() - 10 * MIN) continue;
      const stay = (20 + Math.floor(random() * 150)) * MIN;
      let timeOut: Date | null = new Date(timeIn.getTime() + stay);
      if (timeOut.getTime() > now.getTime()) timeOut = null;
      const passport = random() < 0.03;
      const number = passport ? `E${String(10000000 + Math.floor(random() * 89999999))}` : residentId(random);
      const idType = passport ? 'passport' : 'resident_id';
      const host = random() < 0.9 ? pick(random, hosts) : null;
      const confirmed = !!host && random() < 0.85;
      visitorRows.push({
        schoolId: s, name: demoName(random), idType, idMasked: maskIdNumber(number), idHash: idHashOf(secret, idType, number),
        phone: `13${Math.floor(100000000 + random() * 899999999)}`, organisation: org, reason, hostId: host?.id ?? null,
        hostConfirmed: confirmed, hostConfirmedBy: confirmed ? guards[0].id : null, hostConfirmedAt: confirmed ? new Date(timeIn.getTime() + 3 * MIN) : null,
        plate: random() < 0.35 ? `黔H${code(random, 5)}` : null, badgeNo: `F${String(1 + Math.floor(random() * 30)).padStart(2, '0')}`,
        timeIn, timeOut, dueOutAt: visitorDueOut(timeIn, TZ, DEFAULT_GATE_SETTINGS), registeredBy: pick(random, guards).id,
        checkedOutBy: timeOut ? pick(random, guards).id : null, createdAt: timeIn, updatedAt: timeOut ?? timeIn,
      });
    }
  }
  // Yesterday's late visitor never signed out: still "inside", flagged by the sweep at the end of the day.
  {
    const timeIn = zonedTime(addDays(today, -1), '16:20', TZ);
    const number = residentId(random);
    const dueOutAt = visitorDueOut(timeIn, TZ, DEFAULT_GATE_SETTINGS);
    visitorRows.push({
      schoolId: s, name: demoName(random), idType: 'resident_id', idMasked: maskIdNumber(number), idHash: idHashOf(secret, 'resident_id', number),
      phone: `13${Math.floor(100000000 + random() * 899999999)}`, organisation: ORGS[8][0], reason: ORGS[8][1], hostId: director.id, hostConfirmed: true,
      hostConfirmedBy: guards[0].id, hostConfirmedAt: timeIn, plate: `黔H${code(random, 5)}`, badgeNo: 'F12', timeIn, timeOut: null, dueOutAt,
      flaggedAt: new Date(dueOutAt.getTime() + 5 * MIN), registeredBy: guards[0].id, note: '未登记离校，已电话联系', createdAt: timeIn, updatedAt: timeIn,
    });
  }
  // One who left after the end of the day, a few days ago.
  const older = visitorRows.filter((v) => localDate(v.timeIn, TZ) === addDays(today, -3));
  if (older.length) { const v = older[0]; v.timeOut = new Date(v.dueOutAt.getTime() + 40 * MIN); v.flaggedAt = new Date(v.dueOutAt.getTime() + 5 * MIN); }
  // Two inside now (when the school day has begun).
  if (now.getTime() > zonedTime(today, '08:40', TZ).getTime()) {
    for (const [org, reason] of [ORGS[4], ORGS[7]]) {
      const timeIn = new Date(now.getTime() - (15 + Math.floor(random() * 20)) * MIN);
      const number = residentId(random);
      visitorRows.push({
        schoolId: s, name: demoName(random), idType: 'resident_id', idMasked: maskIdNumber(number), idHash: idHashOf(secret, 'resident_id', number),
        phone: `13${Math.floor(100000000 + random() * 899999999)}`, organisation: org, reason, hostId: director.id, hostConfirmed: true,
        hostConfirmedBy: guards[0].id, hostConfirmedAt: timeIn, plate: null, badgeNo: 'F01', timeIn, timeOut: null,
        dueOutAt: visitorDueOut(timeIn, TZ, DEFAULT_GATE_SETTINGS), registeredBy: guards[0].id, createdAt: timeIn, updatedAt: timeIn,
      });
    }
  }
  for (let i = 0; i < visitorRows.length; i += 500) await tx.insert(visitors).values(visitorRows.slice(i, i + 500));

  // ── Exit passes ──
  const classRows = await rowsOf<{ id: number; head_teacher_id: number | null }>(tx, sql`SELECT id, head_teacher_id FROM classes WHERE school_id = ${s} ORDER BY grade, name`);
  const studentRows = await rowsOf<{ id: number; class_id: number; guardian_name: string | null; guardian_phone: string | null }>(tx, sql`
    SELECT id, class_id, guardian_name, guardian_phone FROM students WHERE school_id = ${s} AND active ORDER BY id`);
  const byClass = new Map<number, typeof studentRows>();
  for (const st of studentRows) byClass.set(Number(st.class_id), [...(byClass.get(Number(st.class_id)) ?? []), st]);
  const used = new Set<string>();
  const freshCode = () => { let c = code(random, 6); while (used.has(c)) c = code(random, 6); used.add(c); return c; };
  const passRows: (typeof exitPasses.$inferInsert)[] = [];
  const addPass = (day: string, cls: { id: number; head_teacher_id: number | null }, fromHm: string, hours: number, outcome: 'returned' | 'out' | 'cancelled' | 'unused' | 'active') => {
    const list = byClass.get(Number(cls.id));
    if (!list?.length) return;
    const st = pick(random, list);
    const from = zonedTime(day, fromHm, TZ);
    const until = new Date(from.getTime() + hours * 3600_000);
    const issuedAt = new Date(from.getTime() - (10 + Math.floor(random() * 50)) * MIN);
    const issuer = cls.head_teacher_id && random() < 0.9 ? Number(cls.head_teacher_id) : director.id;
    const withGuardian = random() < 0.6;
    const exitedAt = outcome === 'returned' || outcome === 'out' ? new Date(from.getTime() + (5 + Math.floor(random() * 40)) * MIN) : null;
    const returnedAt = outcome === 'returned' && exitedAt ? new Date(Math.min(until.getTime() - 5 * MIN, exitedAt.getTime() + (60 + Math.floor(random() * 180)) * MIN)) : null;
    passRows.push({
      schoolId: s, code: freshCode(), studentId: st.id, classId: Number(cls.id), reason: pick(random, PASS_REASONS), validFrom: from, validUntil: until,
      withGuardian, guardianName: withGuardian ? st.guardian_name : null, guardianPhone: withGuardian ? st.guardian_phone : null,
      state: outcome === 'returned' ? 'returned' : outcome === 'out' ? 'used' : outcome === 'cancelled' ? 'cancelled' : 'active',
      issuedBy: issuer, issuedAt, exitedAt, exitedBy: exitedAt ? pick(random, guards).id : null,
      returnedAt: returnedAt && returnedAt > exitedAt! ? returnedAt : exitedAt && outcome === 'returned' ? new Date(exitedAt.getTime() + 30 * MIN) : null,
      returnedBy: outcome === 'returned' ? pick(random, guards).id : null,
      cancelledAt: outcome === 'cancelled' ? new Date(issuedAt.getTime() + 20 * MIN) : null, cancelledBy: outcome === 'cancelled' ? issuer : null,
      cancelReason: outcome === 'cancelled' ? '家长改为周末来接' : null, createdAt: issuedAt, updatedAt: returnedAt ?? exitedAt ?? issuedAt,
    });
  };
  for (let k = DAYS; k >= 1; k--) {
    const day = addDays(today, -k);
    if (isoWeekday(day) >= 6) continue;
    const n = 2 + Math.floor(random() * 5);
    for (let i = 0; i < n; i++) {
      const r = random();
      const outcome = r < 0.82 ? 'returned' : r < 0.9 ? 'unused' : r < 0.96 ? 'cancelled' : 'out';
      addPass(day, pick(random, classRows), `${10 + Math.floor(random() * 5)}:${pick(random, ['00', '20', '40'])}`, 2 + Math.floor(random() * 4), outcome);
    }
  }
  // Today: the first class (headteacher1's) has a pass valid now and a student out; another class a pass for tomorrow.
  const startToday = now.getTime() - 30 * MIN;
  const hm = (t: number) => new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(t));
  if (localDate(new Date(startToday), TZ) === today) {
    addPass(today, classRows[0], hm(startToday), 4, 'active');
    addPass(today, classRows[1] ?? classRows[0], hm(startToday), 5, 'out');
  }
  addPass(addDays(today, 1), classRows[2] ?? classRows[0], '14:00', 3, 'active');
  await tx.insert(exitPasses).values(passRows);

  // ── Duty roster: last week and this week ──
  const monday = mondayOf(today);
  const shiftRows: (typeof dutyShifts.$inferInsert)[] = [];
  const gateOf = (i: number) => guards[i % guards.length];
  for (let i = -7; i < 7; i++) {
    const date = addDays(monday, i);
    const add = (kind: DutyKind, userId: number) => {
      const t = shiftTimes(date, TZ, DEFAULT_GATE_SETTINGS.shifts[kind]);
      shiftRows.push({ schoolId: s, kind, date, startsAt: t.startsAt, endsAt: t.endsAt, userId, createdBy: director.id });
    };
    add('gate', gateOf(i + 7).id);
    if (leaders.length) add('leader', leaders[(i + 7) % leaders.length].id);
    if (isoWeekday(date) <= 5 && teachers.length >= 2) {
      add('teacher', teachers[((i + 7) * 2) % teachers.length].id);
      add('teacher', teachers[((i + 7) * 2 + 1) % teachers.length].id);
    }
  }
  const shiftIds = await tx.insert(dutyShifts).values(shiftRows).onConflictDoNothing().returning({ id: dutyShifts.id, kind: dutyShifts.kind, date: dutyShifts.date, userId: dutyShifts.userId, startsAt: dutyShifts.startsAt });
  // Handovers at 08:00 every day of the past week: confirmed by the next guard; this morning's still open.
  const handoverRows: (typeof dutyHandovers.$inferInsert)[] = [];
  const NOTES = ['夜间巡查三次，无异常；来访 5 人均已离校。', '食堂送货车 6:40 进校，已登记；东侧路灯不亮已报修。', '晚上 21:30 宿舍楼巡查正常；监控室 2 号摄像头画面模糊。', '出门条 3 张均已返校；雨天注意校门口积水。'];
  for (let k = 6; k >= 0; k--) {
    const date = addDays(today, -k);
    const writtenAt = zonedTime(date, '07:55', TZ);
    if (writtenAt.getTime() > now.getTime()) continue;
    const from = shiftRows.find((x) => x.kind === 'gate' && x.date === addDays(date, -1));
    const to = shiftRows.find((x) => x.kind === 'gate' && x.date === date);
    if (!from || !to || from.userId === to.userId) continue;
    const open = k === 0;
    handoverRows.push({
      schoolId: s, kind: 'gate', fromUserId: from.userId, toUserId: to.userId, note: pick(random, NOTES), writtenAt,
      state: open ? 'open' : 'confirmed', confirmedBy: open ? null : to.userId, confirmedAt: open ? null : new Date(writtenAt.getTime() + 8 * MIN),
    });
  }
  if (handoverRows.length) await tx.insert(dutyHandovers).values(handoverRows);
  // Swaps: one approved last week, one waiting for the director this week.
  const teacherShifts = shiftIds.filter((x) => x.kind === 'teacher');
  const past = teacherShifts.find((x) => x.date < today && x.date >= addDays(monday, -7));
  const future = teacherShifts.filter((x) => x.startsAt.getTime() > now.getTime());
  const swapRows: (typeof dutySwaps.$inferInsert)[] = [];
  if (past) {
    const other = teachers.find((t) => t.id !== past.userId)!;
    swapRows.push({ schoolId: s, shiftId: past.id, requesterId: other.id, withUserId: past.userId, reason: '外出参加教研活动', state: 'approved',
      requestedAt: new Date(past.startsAt.getTime() - 2 * 86_400_000), decidedBy: director.id, decidedAt: new Date(past.startsAt.getTime() - 86_400_000), decisionNote: '同意' });
  }
  const mine = future[future.length - 1];
  if (mine) {
    const other = teachers.find((t) => t.id !== mine.userId && !shiftRows.some((x) => x.kind === 'teacher' && x.date === mine.date && x.userId === t.id));
    if (other) swapRows.push({ schoolId: s, shiftId: mine.id, requesterId: mine.userId, withUserId: other.id, reason: '孩子生病需要照顾', state: 'pending', requestedAt: new Date(now.getTime() - 3 * 3600_000) });
  }
  if (swapRows.length) await tx.insert(dutySwaps).values(swapRows);

  // ── Patrol routes and a month of patrols ──
  const places = await rowsOf<{ id: number; code: string; name: string }>(tx, sql`SELECT id, code, name FROM locations WHERE school_id = ${s}`);
  const place = (c: string) => places.find((p) => p.code === c);
  const off = school.key === 's1' ? 'BG' : 'ZH';
  const lab = school.key === 's1' ? 'SY' : 'ZH';
  const routeDefs: { name: string; kind: PatrolKind; interval: number; points: [string, string][] }[] = [
    { name: '重点部位巡查', kind: 'key_area', interval: 15, points: [['门卫室', 'MW-1'], ['配电室', 'PD-1'], ['食堂操作间', 'ST-1-CZ'], ['食品库房', 'ST-1-KF'], ['总务仓库', 'CK-1'], [school.key === 's1' ? '化学实验室' : '科学准备室', `${lab}-L2`]] },
    { name: '防火巡查', kind: 'fire', interval: 15, points: [['配电室', 'PD-1'], ['食堂操作间', 'ST-1-CZ'], ['图书室', `${off}-301`], ['电脑房', `${lab}-C1`], ['总务仓库', 'CK-1']] },
  ];
  if (school.boarding) {
    routeDefs.push({ name: '宿舍夜间巡查', kind: 'dorm_night', interval: 10, points: [
      ['男生宿舍一楼', 'SSN-101'], ['男生宿舍二楼', 'SSN-201'], ['男生宿舍三楼', 'SSN-301'], ['男生宿舍四楼', 'SSN-401'],
      ['女生宿舍一楼', 'SSV-101'], ['女生宿舍二楼', 'SSV-201'], ['女生宿舍三楼', 'SSV-301'], ['女生宿舍四楼', 'SSV-401'],
    ] });
  }
  const routeRows = await tx.insert(patrolRoutes).values(routeDefs.map((r) => ({
    schoolId: s, name: r.name, kind: r.kind, intervalMinutes: r.interval,
    description: r.kind === 'dorm_night' ? '熄灯后每晚至少两次，查门窗、用电、人数' : r.kind === 'fire' ? '每日一次，查消防通道、灭火器、电气线路' : '每天至少五次，查门窗、水电、危化品柜',
  }))).returning({ id: patrolRoutes.id, kind: patrolRoutes.kind, intervalMinutes: patrolRoutes.intervalMinutes });
  const tokens = new Set<string>();
  const cpRows = routeDefs.flatMap((r, ri) => r.points.map(([name, c], i) => {
    let t = code(random, 10);
    while (tokens.has(t)) t = code(random, 10);
    tokens.add(t);
    return { schoolId: s, routeId: routeRows[ri].id, name, locationId: place(c)?.id ?? null, position: i + 1, token: t };
  }));
  const cps = await tx.insert(patrolCheckpoints).values(cpRows).returning({ id: patrolCheckpoints.id, routeId: patrolCheckpoints.routeId });
  const routes = routeRows.map((r) => ({ ...r, kind: r.kind as PatrolKind, checkpoints: cps.filter((c) => c.routeId === r.id).map((c) => c.id) }));

  type Walk = { route: (typeof routes)[number]; start: Date; patroller: number; scans: { checkpointId: number; at: Date; late: boolean; gap: number }[]; missed: number[] };
  const walks: Walk[] = [];
  const walk = (route: (typeof routes)[number], start: Date, patroller: number) => {
    if (start.getTime() > now.getTime() - 60 * MIN) return;
    const missOne = random() < 0.07;
    const missed = missOne ? [route.checkpoints[1 + Math.floor(random() * (route.checkpoints.length - 1))]] : [];
    let t = start.getTime();
    const scans: Walk['scans'] = [];
    for (const cp of route.checkpoints) {
      if (missed.includes(cp)) continue;
      const late = random() < 0.05;
      const gap = late ? route.intervalMinutes + 3 + Math.floor(random() * 15) : 2 + Math.floor(random() * (route.intervalMinutes - 2));
      t += gap * MIN + Math.floor(random() * 50) * 1000;
      scans.push({ checkpointId: cp, at: new Date(t), late, gap });
    }
    walks.push({ route, start, patroller, scans, missed });
  };
  const keyRoute = routes.find((r) => r.kind === 'key_area')!;
  const fireRoute = routes.find((r) => r.kind === 'fire')!;
  const dormRoute = routes.find((r) => r.kind === 'dorm_night');
  const shortDay = addDays(today, -9);
  // Dorm patrols on the nights boarders sleep in, by the gate's rule and the school calendar (holidays: none).
  const calendar = await schoolCalendar(tx, s);
  const boardersIn = (day: string) => boarderRule(zonedTime(day, DEFAULT_PATROL_SETTINGS.nightStart, TZ), TZ, DEFAULT_GATE_SETTINGS, calendar).closed;
  const shortNight = [12, 13, 14, 15, 16].map((k) => addDays(today, -k)).find(boardersIn);
  for (let k = DAYS; k >= 0; k--) {
    const day = addDays(today, -k);
    const guard = gateOf(k);
    const times = day === shortDay ? ['07:30', '11:00', '15:00', '21:00'] : ['07:30', '10:00', '12:40', '15:20', '17:40', ...(random() < 0.5 ? ['21:10'] : [])];
    for (const hhmm of times) walk(keyRoute, zonedTime(day, hhmm, TZ), guard.id);
    walk(fireRoute, zonedTime(day, '16:30', TZ), guard.id);
    if (dormRoute && dormManagers.length && boardersIn(day)) {
      const who = dormManagers[k % dormManagers.length].id;
      walk(dormRoute, zonedTime(day, '21:40', TZ), who);
      if (day !== shortNight) walk(dormRoute, zonedTime(addDays(day, 1), '00:30', TZ), who);
    }
  }
  if (walks.length) {
    const made = await tx.insert(patrols).values(walks.map((w) => {
      const end = w.scans.length ? w.scans[w.scans.length - 1].at : w.start;
      return {
        schoolId: s, routeId: w.route.id, kind: w.route.kind, patrollerId: w.patroller, startedAt: w.start, finishedAt: new Date(end.getTime() + 2 * MIN),
        state: 'finished', countsFor: patrolCountsFor(w.route.kind, w.start, TZ, DEFAULT_PATROL_SETTINGS), expected: w.route.checkpoints, missed: w.missed,
        expectedCount: w.route.checkpoints.length, scannedCount: w.scans.length, missedCount: w.missed.length, lateCount: w.scans.filter((x) => x.late).length,
        note: w.missed.length ? '该点门锁着进不去，已告知总务处' : null,
      };
    })).returning({ id: patrols.id });
    const scanRows = walks.flatMap((w, i) => w.scans.map((x) => ({ schoolId: s, patrolId: made[i].id, checkpointId: x.checkpointId, scannedAt: x.at, late: x.late, gapMinutes: x.gap })));
    for (let i = 0; i < scanRows.length; i += 1000) await tx.insert(patrolScans).values(scanRows.slice(i, i + 1000));
  }
}

export async function seedGateDemo(ctx: DemoContext) {
  for (const school of ctx.schools) await seedSchool(ctx, school);
}

