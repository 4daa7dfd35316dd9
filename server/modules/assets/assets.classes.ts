import { and, eq, sql } from 'drizzle-orm';
import type { CreateAssetClassInput, UpdateAssetClassInput, AssetClass } from '../../../contracts/assets';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, diff, type Actor } from '../../platform/audit';
import { assetClasses } from './assets.tables';

/*
 * The class list (GB/T 14885《固定资产分类与代码》): its six top classes as RULES.md names them,
 * and the sub-classes a school meets, each with the minimum depreciation life of 政府会计准则第3号
 * (RULES.md "Minimum lives"). Land, 文物和陈列品, 图书档案 and 动植物 are not depreciated.
 * Codes are hierarchical digits (a sub-class's code starts with its parent's), so "a class and
 * everything under it" is a prefix of the asset's class code. Each school gets this list on first
 * use and edits it (lives, names, its own sub-classes).
 */
export interface ClassSeed { code: string; parent: string | null; zh: string; en: string; life: number | null }

export const CLASS_SEED: ClassSeed[] = [
  { code: '1', parent: null, zh: '土地、房屋及构筑物', en: 'Land, buildings and structures', life: 30 },
  { code: '101', parent: '1', zh: '土地', en: 'Land', life: null },
  { code: '102', parent: '1', zh: '房屋', en: 'Buildings', life: 30 },
  { code: '10201', parent: '102', zh: '钢结构、钢筋混凝土结构房屋', en: 'Steel / reinforced-concrete buildings', life: 50 },
  { code: '10202', parent: '102', zh: '砖混结构房屋', en: 'Brick-concrete buildings', life: 30 },
  { code: '10203', parent: '102', zh: '简易房', en: 'Simple structures', life: 8 },
  { code: '103', parent: '1', zh: '构筑物', en: 'Structures (walls, roads, sports grounds)', life: 8 },
  { code: '2', parent: null, zh: '通用设备', en: 'General equipment', life: 6 },
  { code: '201', parent: '2', zh: '计算机设备及软件', en: 'Computers and software', life: 6 },
  { code: '202', parent: '2', zh: '办公设备', en: 'Office equipment', life: 6 },
  { code: '203', parent: '2', zh: '车辆', en: 'Vehicles', life: 8 },
  { code: '204', parent: '2', zh: '图书档案设备', en: 'Library and archive equipment', life: 5 },
  { code: '205', parent: '2', zh: '机械设备', en: 'Machinery', life: 10 },
  { code: '206', parent: '2', zh: '电气设备', en: 'Electrical equipment', life: 5 },
  { code: '207', parent: '2', zh: '通信设备', en: 'Communications equipment', life: 5 },
  { code: '208', parent: '2', zh: '广播、电视、电影设备', en: 'Audio-visual equipment', life: 5 },
  { code: '209', parent: '2', zh: '仪器仪表', en: 'Instruments and meters', life: 5 },
  { code: '3', parent: null, zh: '专用设备', en: 'Special equipment', life: 10 },
  { code: '301', parent: '3', zh: '教学仪器设备', en: 'Teaching instruments', life: 5 },
  { code: '302', parent: '3', zh: '医疗设备', en: 'Medical equipment', life: 5 },
  { code: '303', parent: '3', zh: '文艺设备', en: 'Arts equipment', life: 5 },
  { code: '304', parent: '3', zh: '体育设备', en: 'Sports equipment', life: 5 },
  { code: '305', parent: '3', zh: '炊事设备', en: 'Kitchen equipment', life: 10 },
  { code: '4', parent: null, zh: '文物和陈列品', en: 'Cultural relics and exhibits', life: null },
  { code: '5', parent: null, zh: '图书、档案', en: 'Books and archives', life: null },
  { code: '6', parent: null, zh: '家具、用具、装具及动植物', en: 'Furniture, utensils, fittings, plants and animals', life: 15 },
  { code: '601', parent: '6', zh: '家具', en: 'Furniture', life: 15 },
  { code: '60101', parent: '601', zh: '学生课桌椅', en: 'Student desks and chairs', life: 5 },
  { code: '602', parent: '6', zh: '用具、装具', en: 'Utensils and fittings', life: 5 },
  { code: '603', parent: '6', zh: '动植物', en: 'Plants and animals', life: null },
];

export type ClassRow = typeof assetClasses.$inferSelect;

/** Gives a school the seed list if it has no classes yet (idempotent; concurrent callers insert once). */
export async function ensureClasses(db: Db, schoolId: number): Promise<void> {
  const [{ n }] = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM asset_classes WHERE school_id = ${schoolId}`);
  if (Number(n) > 0) return;
  await seedClasses(db, [schoolId]);
}

/** The seed list for several schools in one statement (demo, bench, first use). */
export async function seedClasses(db: Db, schoolIds: number[]): Promise<void> {
  if (!schoolIds.length) return;
  await db.insert(assetClasses).values(schoolIds.flatMap((schoolId) => CLASS_SEED.map((c) => ({
    schoolId, code: c.code, parentCode: c.parent, name: c.zh, nameEn: c.en, lifeYears: c.life, depreciable: c.life !== null,
  })))).onConflictDoNothing();
}

/** Every class of the school (seeding it on first use), in code order. */
export async function classesOf(db: Db, schoolId: number): Promise<ClassRow[]> {
  await ensureClasses(db, schoolId);
  return db.select().from(assetClasses).where(eq(assetClasses.schoolId, schoolId)).orderBy(assetClasses.code);
}

/** The life in months an asset of this class gets; null when the class is not depreciated. */
export const lifeMonthsOf = (c: Pick<ClassRow, 'depreciable' | 'lifeYears'>): number | null => (c.depreciable && c.lifeYears ? c.lifeYears * 12 : null);

/** An active class of the school by its code, or 400 naming `field`. */
export async function classByCode(db: Db, schoolId: number, code: string, field = 'classCode'): Promise<ClassRow> {
  await ensureClasses(db, schoolId);
  const [row] = await db.select().from(assetClasses).where(and(eq(assetClasses.schoolId, schoolId), eq(assetClasses.code, code))).limit(1);
  if (!row || !row.active) throw new AppError('assets.classUnknown', 400, { params: { value: code }, fields: [{ path: field, code: 'assets.classUnknown', params: { value: code } }] });
  return row;
}

/** The class list with how many assets (not disposed) each class and its sub-classes hold: one query. */
export async function listClasses(db: Db, schoolId: number): Promise<AssetClass[]> {
  await ensureClasses(db, schoolId);
  const rows = await rowsOf<Record<string, unknown>>(db, sql`
    WITH counts AS (SELECT class_code, count(*)::int AS n FROM assets WHERE school_id = ${schoolId} AND status <> 'disposed' GROUP BY class_code)
    SELECT c.*, (SELECT coalesce(sum(n), 0)::int FROM counts WHERE counts.class_code LIKE c.code || '%') AS asset_count
    FROM asset_classes c WHERE c.school_id = ${schoolId} ORDER BY c.code`);
  return rows.map((r) => ({
    id: Number(r.id), code: String(r.code), parentCode: (r.parent_code as string | null) ?? null, name: String(r.name), nameEn: (r.name_en as string | null) ?? null,
    lifeYears: r.life_years == null ? null : Number(r.life_years), depreciable: Boolean(r.depreciable), active: Boolean(r.active),
    version: Number(r.version), assetCount: Number(r.asset_count),
  }));
}

const classField = (path: string, code: string, params?: Record<string, string | number>) => new AppError(code, 400, { params, fields: [{ path, code, params }] });

function checkLife(depreciable: boolean, lifeYears: number | null | undefined) {
  if (depreciable && !lifeYears) throw classField('lifeYears', 'assets.classLifeRequired');
}

export async function createClass(tx: Db, actor: Actor, input: CreateAssetClassInput): Promise<ClassRow> {
  const s = actor.schoolId;
  await ensureClasses(tx, s);
  if (input.parentCode) {
    const [parent] = await tx.select().from(assetClasses).where(and(eq(assetClasses.schoolId, s), eq(assetClasses.code, input.parentCode)));
    if (!parent) throw classField('parentCode', 'assets.classUnknown', { value: input.parentCode });
    if (!input.code.startsWith(input.parentCode) || input.code.length <= input.parentCode.length) throw classField('code', 'assets.classCodePrefix', { parent: input.parentCode });
  } else if (input.code.length !== 1) {
    throw classField('parentCode', 'assets.classParentRequired');
  }
  checkLife(input.depreciable, input.lifeYears);
  let row: ClassRow;
  try {
    [row] = await tx.insert(assetClasses).values({
      schoolId: s, code: input.code, parentCode: input.parentCode ?? null, name: input.name, nameEn: input.nameEn ?? null,
      lifeYears: input.depreciable ? input.lifeYears ?? null : null, depreciable: input.depreciable,
    }).returning();
  } catch (e) {
    if (pgErrorCode(e).code === '23505') throw new AppError('assets.classCodeTaken', 409, { params: { value: input.code }, fields: [{ path: 'code', code: 'assets.classCodeTaken', params: { value: input.code } }] });
    throw e;
  }
  await recordAudit(tx, actor, { entity: 'assetClass', entityId: row.id, action: 'create', after: { code: row.code, name: row.name, lifeYears: row.lifeYears, depreciable: row.depreciable } });
  return row;
}

/**
 * Edits a class. A new life applies to assets entered into the class from now on; the assets
 * already on the register keep the life they were entered with (their depreciation does not jump).
 */
export async function updateClass(tx: Db, actor: Actor, id: number, input: UpdateAssetClassInput): Promise<ClassRow> {
  const s = actor.schoolId;
  const [existing] = await tx.select().from(assetClasses).where(and(eq(assetClasses.schoolId, s), eq(assetClasses.id, id))).for('update');
  if (!existing) throw new AppError('notFound', 404);
  if (existing.version !== input.version) throw new AppError('conflict', 409);
  const depreciable = input.depreciable ?? existing.depreciable;
  const lifeYears = depreciable ? (input.lifeYears === undefined ? existing.lifeYears : input.lifeYears) : null;
  checkLife(depreciable, lifeYears);
  const next = {
    name: input.name ?? existing.name, nameEn: input.nameEn === undefined ? existing.nameEn : input.nameEn,
    lifeYears, depreciable, active: input.active ?? existing.active,
  };
  const changes = diff(
    { name: existing.name, nameEn: existing.nameEn, lifeYears: existing.lifeYears, depreciable: existing.depreciable, active: existing.active }, next,
  );
  if (!changes) return existing;
  const [row] = await tx.update(assetClasses).set({ ...next, version: sql`${assetClasses.version} + 1`, updatedAt: new Date() })
    .where(and(eq(assetClasses.schoolId, s), eq(assetClasses.id, id), eq(assetClasses.version, existing.version))).returning();
  if (!row) throw new AppError('conflict', 409);
  await recordAudit(tx, actor, { entity: 'assetClass', entityId: id, action: 'update', ...changes });
  return row;
}
