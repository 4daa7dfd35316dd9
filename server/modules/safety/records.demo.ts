import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf, type Db } from '../../platform/db';
import { makeThumbnail } from '../../platform/files';
import { insertDemoFiles as insertFiles, type DemoFile } from '../../platform/demo-files';
import { localDate, schoolTerms, zonedTime, addDays, type Term } from '../../platform/schedules';
import type { SafetyKind } from '../../../contracts/safetyRecords';
import { safetyPlans, safetyPlanVersions, safetyDrills, safetyEducation, safetyPosts, safetyAgreements, safetyIncidents } from './records.tables';
import { ENTITY } from './records.common';
import { activeClasses } from './records.lookups';
import { headTeacherPost } from './records.agreements';
import { addMonths, firstDay, isSchoolMonth, lastDay, monthOfDay, monthsBetween } from './records.months';
import { DEFAULT_SAFETY_RECORDS_SETTINGS } from '../../../contracts/safetyRecords';

/*
 * The demo's safety records (SPEC §7, seeds 应急预案, 演练, 安全责任书): for both schools, plans with
 * versions (the fire plan revised this term, the stampede plan's current version not yet approved),
 * a drill in each past school month of this term — last month's evacuation 95 s, one earlier month
 * missing, one slow drill — the term's first safety meeting, class sessions for every class in past
 * months and for most classes this month (the head teacher demo account's class not yet), the year's
 * agreements mostly signed (a few unsigned), and a minor incident. Deterministic (its own generator),
 * a few bulk inserts per school.
 */

const TZ = 'Asia/Shanghai';

/** A one-page PDF (Helvetica, ASCII text): a stand-in for a scanned plan. */
export function tinyPdf(lines: string[]): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (m) => '\\' + m);
  const stream = `BT /F1 16 Tf 72 770 Td 22 TL ${lines.map((l) => `(${esc(l)}) Tj T*`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(stream)} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => { offsets.push(Buffer.byteLength(out)); out += `${i + 1} 0 obj\n${o}\nendobj\n`; });
  const xref = Buffer.byteLength(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

interface People { [username: string]: { id: number; name: string } }

async function peopleOf(tx: Db, s: DemoSchool): Promise<People> {
  const names = ['principal', 'vice', 'director', 'guard1', 'canteen1', 'dorm1', 'teacher1', 'headteacher1', 'accountant'].map((u) => s.prefix + u);
  const rows = await rowsOf<{ id: number; username: string; name: string }>(tx, sql`SELECT id, username, name FROM users
    WHERE school_id = ${s.id} AND username IN (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`);
  return Object.fromEntries(rows.map((r) => [r.username.slice(s.prefix.length), { id: Number(r.id), name: r.name }]));
}

const PLANS: { kind: SafetyKind; title: string; en: string; boardingOnly?: boolean }[] = [
  { kind: 'fire', title: '消防安全应急预案', en: 'Fire emergency plan' },
  { kind: 'earthquake', title: '地震应急疏散预案', en: 'Earthquake evacuation plan' },
  { kind: 'food_poisoning', title: '食物中毒应急处置预案', en: 'Food poisoning response plan' },
  { kind: 'epidemic', title: '传染病疫情防控应急预案', en: 'Epidemic response plan' },
  { kind: 'stampede', title: '防拥挤踩踏事故应急预案', en: 'Stampede prevention plan' },
  { kind: 'intruder', title: '防范不法侵害（防恐防暴）应急预案', en: 'Intruder response plan' },
  { kind: 'flood', title: '防汛防溺水应急预案', en: 'Flood and drowning prevention plan', boardingOnly: true },
];

const TOPICS = ['防溺水安全教育', '交通安全教育', '消防安全知识', '预防校园欺凌', '食品安全与卫生', '防震减灾知识', '网络安全与防诈骗', '安全用电', '冬季防滑防冻', '防踩踏安全教育'];
const SCENARIOS: SafetyKind[] = ['fire', 'earthquake', 'stampede', 'fire', 'intruder', 'earthquake'];

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

export async function seedRecordsDemo(ctx: DemoContext): Promise<void> {
  const data = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 46, g: 125, b: 50 } } }).jpeg({ quality: 70 }).toBuffer();
  const photo = { data, thumbnail: await makeThumbnail(data) };
  for (const s of ctx.schools) await seedSchool(ctx, s, photo);
}

async function seedSchool(ctx: DemoContext, s: DemoSchool, photo: { data: Buffer; thumbnail: Buffer | null }): Promise<void> {
  const { tx } = ctx;
  const random = seededRandom(s.key === 's1' ? 5101 : 5202);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const today = localDate(ctx.today, TZ);
  const year = Number(today.slice(0, 4));
  const thisMonth = monthOfDay(today);
  const people = await peopleOf(tx, s);
  const director = people.director;
  const documents: DemoFile[] = [];
  const at = (day: string, hm = '08:30') => zonedTime(day, hm, TZ);
  const terms = await schoolTerms(tx, s.id);
  const term: Term | null = terms.find((t) => t.start <= today && today <= t.end) ?? [...terms].reverse().find((t) => t.end < today) ?? null;
  const termStart = term?.start ?? firstDay(addMonths(thisMonth, -2));
  const school = s.key === 's1' ? 'Qingshan Junior Middle School' : 'Chengguan No.1 Primary School';

  // ── Plans: each with its first version (last year), the fire plan revised this term. ──
  const lastYearDay = min(`${year - 1}-09-05`, today);
  const revisionDay = min(addDays(termStart, 3), today);
  const plans = PLANS.filter((p) => !p.boardingOnly || s.boarding);
  const planRows = await tx.insert(safetyPlans).values(plans.map((p) => ({
    schoolId: s.id, kind: p.kind, title: p.title, versionCount: p.kind === 'fire' ? 2 : 1, createdBy: director.id,
    createdAt: at(lastYearDay), updatedAt: at(p.kind === 'fire' ? revisionDay : lastYearDay),
  }))).returning({ id: safetyPlans.id, kind: safetyPlans.kind });
  const versions = planRows.flatMap((p) => {
    const spec = plans.find((x) => x.kind === p.kind)!;
    const first = {
      schoolId: s.id, planId: p.id, number: 1, note: '经校务会讨论通过，印发全体教职工', uploadedBy: director.id, uploadedAt: at(lastYearDay),
      approvedBy: p.kind === 'stampede' ? null : people.principal.id, approvedOn: p.kind === 'stampede' ? null : lastYearDay, spec,
    };
    return p.kind !== 'fire' ? [first] : [first, {
      schoolId: s.id, planId: p.id, number: 2, note: '根据新版《中小学幼儿园消防安全管理规定》修订疏散路线和责任分工', uploadedBy: director.id,
      uploadedAt: at(revisionDay), approvedBy: people.principal.id, approvedOn: revisionDay, spec,
    }];
  });
  const versionRows = await tx.insert(safetyPlanVersions).values(versions.map(({ spec: _spec, ...v }) => v))
    .returning({ id: safetyPlanVersions.id, planId: safetyPlanVersions.planId, number: safetyPlanVersions.number });
  for (const v of versionRows) {
    const spec = versions.find((x) => x.planId === v.planId)!.spec;
    documents.push({
      entity: ENTITY.planVersion, entityId: v.id, slot: 'document', name: `${spec.title}-第${v.number}版.pdf`, mime: 'application/pdf',
      data: tinyPdf([school, `${spec.en} - version ${v.number}`, 'Houqin demo document']),
    });
  }
  const current = new Map<number, number>();
  for (const v of versionRows) if ((current.get(v.planId) ?? 0) < v.id) current.set(v.planId, v.id);
  await tx.execute(sql`UPDATE safety_plans p SET current_version_id = v.version_id
    FROM (VALUES ${sql.join([...current].map(([planId, versionId]) => sql`(${planId}::int, ${versionId}::int)`), sql`, `)}) AS v(plan_id, version_id)
    WHERE p.school_id = ${s.id} AND p.id = v.plan_id`);
  const planOf = (kind: SafetyKind) => planRows.find((p) => p.kind === kind)?.id ?? null;

  // ── Drills: each past school month of the term, one earlier month missing, last month 95 s. ──
  const classes = await activeClasses(tx, s.id);
  const studentsPerClass = s.boarding ? 50 : 46;
  const settings = DEFAULT_SAFETY_RECORDS_SETTINGS;
  const past = monthsBetween(monthOfDay(termStart), addMonths(thisMonth, -1)).filter((m) => isSchoolMonth(m, terms, settings.schoolMonthMinDays) || !term);
  const missing = past.length >= 2 ? past[past.length >= 3 ? 1 : 0] : null;
  const held = past.filter((m) => m !== missing);
  const drillDay = (m: string, from = 8) => max(min(`${m}-${String(from + Math.floor(random() * 12)).padStart(2, '0')}`, min(lastDay(m), today)), termStart);
  const drills: (typeof safetyDrills.$inferInsert)[] = [];
  const drill = (heldOn: string, scenario: SafetyKind, seconds: number, problems: string | null, review: string) => drills.push({
    schoolId: s.id, heldOn, scenario, planId: planOf(scenario === 'stampede' ? 'stampede' : scenario === 'intruder' ? 'intruder' : scenario === 'earthquake' ? 'earthquake' : 'fire'),
    organiserId: director.id, participantCount: classes.length * studentsPerClass + 60, classIds: classes.map((c) => c.id), evacuationSeconds: scenario === 'intruder' ? null : seconds,
    problems, review, createdBy: director.id, createdAt: at(heldOn, '16:00'), updatedAt: at(heldOn, '16:00'),
  });
  held.forEach((m, i) => {
    const last = i === held.length - 1;
    if (last && held.length === 1) {
      // Only one month held: its slow first drill earlier in the month, then the repeat at 95 s.
      drill(`${m}-0${3 + Math.floor(random() * 4)}`, 'earthquake', 136, '三楼东侧楼梯口拥堵，个别班级下楼速度慢', '疏散超过2分钟，要求各班熟悉疏散路线，本月内复练');
    }
    const scenario = last ? 'fire' : SCENARIOS[i % SCENARIOS.length];
    const seconds = last ? 95 : i === 0 && held.length > 1 ? 132 : 100 + Math.floor(random() * 18);
    drill(drillDay(m, last ? 18 : 8), scenario, seconds,
      seconds > settings.evacuationTargetSeconds ? '三楼东侧楼梯口拥堵，个别班级下楼速度慢' : pick(['个别学生疏散时说笑打闹', '部分班级未按指定路线疏散', '集合点清点人数用时偏长', null]),
      seconds > settings.evacuationTargetSeconds ? '疏散超过2分钟，要求各班熟悉疏散路线，下月复练' : '全体师生按预定路线有序疏散，达到演练目的');
  });
  const drillRows = drills.length ? await tx.insert(safetyDrills).values(drills).returning({ id: safetyDrills.id, heldOn: safetyDrills.heldOn }) : [];
  const lastDrill = [...drillRows].sort((a, b) => (a.heldOn < b.heldOn ? 1 : -1))[0];
  if (lastDrill) documents.push({ entity: ENTITY.drill, entityId: lastDrill.id, slot: 'photo', name: '演练现场.jpg', mime: 'image/jpeg', ...photo });
  await insertFiles(tx, s.id, director.id, at(revisionDay), documents);

  // ── Education: the term's first safety meeting; class sessions each past month, most classes this month. ──
  const headteacher = people.headteacher1?.id;
  const edu: (typeof safetyEducation.$inferInsert)[] = [];
  const meetingDay = min(addDays(termStart, 1), today);
  edu.push({ schoolId: s.id, kind: 'meeting', heldOn: meetingDay, classId: null, topic: '新学期安全工作会议暨安全责任书签订', teacherId: people.principal.id, attendees: s.boarding ? 66 : 68, note: '校长部署本学期安全工作重点', createdBy: director.id });
  const sessionMonths = [...past, ...(isSchoolMonth(thisMonth, terms, settings.schoolMonthMinDays) ? [thisMonth] : [])];
  sessionMonths.forEach((m, mi) => {
    classes.forEach((c, ci) => {
      if (m === thisMonth && (c.headTeacherId === headteacher || ci % 3 === 2)) return; // a few classes still to do this month
      const day = max(min(`${m}-${String(2 + ((ci * 3 + mi) % 20)).padStart(2, '0')}`, today), termStart);
      edu.push({ schoolId: s.id, kind: 'class_session', heldOn: day, classId: c.id, topic: TOPICS[(mi * 3 + ci) % TOPICS.length], teacherId: c.headTeacherId, attendees: studentsPerClass - Math.floor(random() * 3), note: null, createdBy: c.headTeacherId });
    });
  });
  await tx.insert(safetyEducation).values(edu);

  // ── Posts and the year's agreements: mostly signed, a few unsigned. ──
  const posts: (typeof safetyPosts.$inferInsert)[] = [
    { schoolId: s.id, name: '校长（安全工作第一责任人）', holderId: people.principal.id },
    { schoolId: s.id, name: '分管后勤副校长', holderId: people.vice.id },
    { schoolId: s.id, name: '总务主任', holderId: director.id },
    { schoolId: s.id, name: '门卫', holderId: people.guard1.id },
    { schoolId: s.id, name: '食堂管理员', holderId: people.canteen1.id },
    { schoolId: s.id, name: s.boarding ? '宿管员' : '午休室管理员', holderId: people.dorm1.id },
    ...classes.map((c) => ({ schoolId: s.id, name: headTeacherPost(c.label), classId: c.id, holderId: c.headTeacherId })),
  ];
  const postRows = await tx.insert(safetyPosts).values(posts).returning({ id: safetyPosts.id, holderId: safetyPosts.holderId, classId: safetyPosts.classId, name: safetyPosts.name });
  const signBase = term && term.start.startsWith(String(year)) && term.start <= today ? term.start : min(`${year}-01-04`, today);
  const unsigned = new Set(postRows.filter((p, i) => p.holderId == null || (p.classId != null && i % 5 === 3) || p.name.includes('宿管') || p.name.includes('午休')).map((p) => p.id));
  const agreements = postRows.filter((p) => !unsigned.has(p.id)).map((p, i) => ({
    schoolId: s.id, postId: p.id, year, signerId: p.holderId!, signedOn: min(addDays(signBase, 1 + (i % 4)), today), createdBy: director.id,
  }));
  if (agreements.length) await tx.insert(safetyAgreements).values(agreements);

  // ── A minor incident ten days ago. ──
  const [field] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM locations WHERE school_id = ${s.id} AND type = 'sports_field' ORDER BY depth, id LIMIT 1`);
  const incidentDay = max(addDays(today, -10), `${year}-01-01`);
  const reporter = people.teacher1 ?? director;
  await tx.insert(safetyIncidents).values({
    schoolId: s.id, title: '学生课间活动摔倒擦伤', occurredAt: at(incidentDay, '10:05'), year: Number(incidentDay.slice(0, 4)),
    locationId: field ? Number(field.id) : null, place: field ? null : '运动场', severity: 'minor', safetyAccident: false,
    description: '课间在篮球场追逐时摔倒，左膝擦伤，无其他不适。', people: `${classes[0]?.label ?? ''}学生一名`,
    actions: '值周教师陪同至校医室消毒包扎，电话告知家长。', followUp: '班主任在班会课强调课间不追逐打闹，次日回访已无碍。',
    reporterId: reporter.id, reportedAt: at(incidentDay, '10:40'), createdAt: at(incidentDay, '10:40'), updatedAt: at(incidentDay, '10:40'),
  });
}
