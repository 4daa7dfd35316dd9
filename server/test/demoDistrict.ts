import type { Db } from '../platform/db';
import { hashPassword } from '../platform/passwords';
import { seededRandom, type DemoContext } from '../platform/demo';
import { seedCalendarDemo } from '../platform/schedules';
import { districts, schools } from '../platform/platform.tables';
import { orgModule } from '../modules/org';

/**
 * A demo district of its own for a module's demo test: the two demo schools with the calendar and
 * the org demo, then `seed` (the module's demo part), in one transaction. Codes and usernames carry
 * `code` (`<code>-canteen1`, `<code>-s2-canteen1`), so tests sharing one PostgreSQL database
 * seed side by side.
 */
export async function seedDemoDistrict(db: Db, code: string, today: Date, seed: (ctx: DemoContext) => Promise<void>): Promise<{ s1: number; s2: number }> {
  const passwordHash = await hashPassword('houqin-demo');
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [d] = await tx.insert(districts).values({ code, name: '示范县教育局' }).returning();
    const [bureau] = await tx.insert(schools).values({ districtId: d.id, code: `${code}-JYJ`, name: '示范县教育局', kind: 'bureau' }).returning();
    const [a] = await tx.insert(schools).values({ districtId: d.id, code: `${code}-1`, name: '青山镇初级中学', kind: 'school', stage: 'junior', boarding: true }).returning();
    const [b] = await tx.insert(schools).values({ districtId: d.id, code: `${code}-2`, name: '城关第一小学', kind: 'school', stage: 'primary', boarding: false }).returning();
    const ctx: DemoContext = {
      tx, districtId: d.id, bureauId: bureau.id, passwordHash, random: seededRandom(20260901), today,
      schools: [{ id: a.id, key: 's1', prefix: `${code}-`, name: a.name, boarding: true }, { id: b.id, key: 's2', prefix: `${code}-s2-`, name: b.name, boarding: false }],
    };
    await seedCalendarDemo(tx, [a.id, b.id]);
    await orgModule.demo!(ctx);
    await seed(ctx);
    return { s1: a.id, s2: b.id };
  });
}
