import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../platform/db';
import { districts, schools } from '../platform/platform.tables';
import { hashPassword } from '../platform/passwords';
import { recordAudit } from '../platform/audit';
import { seededRandom, type DemoContext } from '../platform/demo';
import { modules } from '../modules/registry';
import { registerApprovalKinds } from '../platform/approvals';
import { registerInspectionDomains } from '../platform/inspections';
import { seedCalendarDemo } from '../platform/schedules';

export const DEMO_PASSWORD = 'houqin-demo';
const DEMO_ROLES: [string, string][] = [
  ['admin', '系统管理员'], ['principal', '校长'], ['vice', '分管后勤副校长'], ['director', '总务主任'], ['accountant', '会计'],
  ['storekeeper', '仓管员'], ['repair1', '维修工'], ['guard1', '门卫'], ['dorm1', '宿管员'], ['canteen1', '食堂管理员'],
  ['headteacher1', '班主任'], ['teacher1', '教师'],
];

/** Creates the demo district on an empty database; returns false when there is data already. */
export async function seedDemo(db: Db, today = new Date()): Promise<boolean> {
  const [{ n }] = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM districts`);
  if (Number(n) > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [d] = await tx.insert(districts).values({ code: 'SFX', name: '示范县教育局', region: '示范省示范市示范县' }).returning();
    const [bureau] = await tx.insert(schools).values({ districtId: d.id, code: 'SFX-JYJ', name: '示范县教育局', kind: 'bureau', address: '示范县人民路 1 号' }).returning();
    const [s1] = await tx.insert(schools).values({ districtId: d.id, code: 'QSZX', name: '青山镇初级中学', kind: 'school', stage: 'junior', boarding: true, address: '示范县青山镇学府路 8 号', phone: '0851-6000001' }).returning();
    const [s2] = await tx.insert(schools).values({ districtId: d.id, code: 'CGYX', name: '城关第一小学', kind: 'school', stage: 'primary', boarding: false, address: '示范县城关镇文化路 12 号', phone: '0851-6000002' }).returning();
    const ctx: DemoContext = {
      tx, districtId: d.id, bureauId: bureau.id, passwordHash, random: seededRandom(20260901), today,
      schools: [
        { id: s1.id, key: 's1', prefix: '', name: s1.name, boarding: true },
        { id: s2.id, key: 's2', prefix: 's2-', name: s2.name, boarding: false },
      ],
    };
    await seedCalendarDemo(tx, [s1.id, s2.id]); // the terms term-based schedules count from
    // The engines' registries are filled when the app is built, which is after the demo: fill them for it.
    registerApprovalKinds(modules.flatMap((m) => m.approvals ?? []), { now: () => today });
    registerInspectionDomains(modules.flatMap((m) => m.inspectionDomains ?? []));
    for (const m of modules) await m.demo?.(ctx);
    for (const s of [bureau, s1, s2]) {
      await recordAudit(tx, { schoolId: s.id, userId: null, name: 'system', ip: null }, { entity: 'school', entityId: s.id, action: 'seedDemo', after: { name: s.name } });
    }
  });
  return true;
}

export function demoLogins(): string {
  const lines = [
    '',
    '演示数据已创建 Demo data created — 示范县教育局: 青山镇初级中学 (s1), 城关第一小学 (s2)',
    `所有演示账号密码 Password of every demo account: ${DEMO_PASSWORD}`,
    '',
    ...DEMO_ROLES.map(([u, label]) => `  ${u.padEnd(14)} ${`s2-${u}`.padEnd(17)} ${label}`),
    `  ${'inspector'.padEnd(14)} ${''.padEnd(17)} 教育局督导 (district inspector)`,
    '',
  ];
  return lines.join('\n');
}
