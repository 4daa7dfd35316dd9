import type { GenerateStep } from './generate';
import { CLASS_SEED } from '../server/modules/assets/assets.classes';
import { accumulatedSqlText } from '../server/modules/assets/assets.depreciation';

/*
 * The asset register (ASSETS helper): issue #4's stress size, 20,000 assets per school, made in SQL
 * (generate_series) across every place of the school — computers, office equipment, furniture, desks
 * (低值易耗品), kitchen equipment, books — bought over the last ten years, with custodians and
 * departments. The class list is the seed list. Depreciation is already run up to 31 months ago, so
 * the bench's depreciation runs (from 30 months ago on) are ordinary months, not a first catch-up.
 */

export const ASSETS_PER_SCHOOL = Number(process.env.BENCH_ASSETS_PER_SCHOOL ?? 20_000);
/** The month (index: year × 12 + month − 1) the generated register is depreciated through. */
export const ASSETS_DEPRECIATED_THROUGH = (() => { const d = new Date(); return d.getUTCFullYear() * 12 + d.getUTCMonth() - 31; })();

/** [class, name, unit price in fen, life in months or null]: weights by repetition. */
const KINDS: [string, string, number, number | null][] = [
  ['201', '学生计算机', 420_000, 72], ['201', '办公计算机', 480_000, 72], ['202', '激光打印机', 180_000, 72], ['206', '空调', 380_000, 60],
  ['208', '交互式一体机', 1_580_000, 60], ['209', '电子天平', 148_000, 60], ['301', '生物显微镜', 115_000, 60], ['304', '乒乓球台', 180_000, 60],
  ['305', '消毒柜', 680_000, 120], ['601', '办公桌椅', 150_000, 180], ['601', '学生上下床', 110_000, 180], ['60101', '学生课桌椅', 32_000, null],
  ['60101', '学生课桌椅', 32_000, null], ['60101', '学生课桌椅', 32_000, null], ['602', '饮水机', 46_000, null], ['602', '电风扇', 26_000, null],
  ['5', '图书', 260_000, null], ['201', '笔记本电脑', 520_000, 72], ['206', '吊扇', 26_000, null], ['303', '电子琴', 168_000, 60],
];

export const assetsStep: GenerateStep = {
  name: 'assets',
  run(ctx) {
    for (const school of ctx.schools) {
      ctx.add('asset_classes', CLASS_SEED.map((c) => ({
        school_id: school.id, id: ctx.nextId('asset_classes'), code: c.code, parent_code: c.parent, name: c.zh, name_en: c.en, life_years: c.life, depreciable: c.life !== null,
      })));
    }
  },
  sql(ctx) {
    const n = ASSETS_PER_SCHOOL;
    if (!n) return [];
    const out: string[] = [];
    const arr = (xs: (string | number | null)[]) => `(ARRAY[${xs.map((x) => (x === null ? 'NULL' : typeof x === 'number' ? x : `'${x}'`)).join(',')}])`;
    const m = ASSETS_DEPRECIATED_THROUGH;
    const threshold = 100_000;
    for (const school of ctx.schools) {
      const refs = ctx.refs.get(school.id)!;
      const first = ctx.reserveIds('assets', n) - 1;
      const locIds = Object.values(refs.locations);
      const staff = refs.staff.map((x) => x.id);
      out.push(`INSERT INTO assets (school_id, id, code, name, class_code, model, serial_no, unit, quantity, unit_price_fen, original_value_fen,
          acquired_on, entered_on, acquired_way, status, low_value, life_months, location_id, department_id, custodian_id, created_by, version, created_at, updated_at)
        OVERRIDING SYSTEM VALUE
        SELECT ${school.id}, ${first} + g, cls || '-' || extract(year FROM acq)::int || '-' || lpad(g::text, 5, '0'), nm, cls, 'M' || (g % 97), 'SN' || lpad(g::text, 7, '0'), '台', 1,
               price, price, acq, acq, (ARRAY['purchase','purchase','purchase','donation','allocation'])[1 + g % 5],
               CASE WHEN g % 50 = 0 THEN 'idle' WHEN g % 97 = 0 THEN 'under_repair' ELSE 'in_use' END,
               price < ${threshold}, life, ${arr(locIds)}[1 + (g * 7) % ${locIds.length}],
               (SELECT department_id FROM users u WHERE u.school_id = ${school.id} AND u.id = cust), cust, ${staff[0]}, 1, now(), now()
          FROM (SELECT g, k.*, (current_date - ((g * 37) % 3650) * interval '1 day')::date AS acq, ${arr(staff)}[1 + (g * 13) % ${staff.length}] AS cust
                  FROM generate_series(1, ${n}) g
                  CROSS JOIN LATERAL (SELECT ${arr(KINDS.map((k) => k[0]))}[1 + g % ${KINDS.length}] AS cls, ${arr(KINDS.map((k) => k[1]))}[1 + g % ${KINDS.length}] AS nm,
                                             ${arr(KINDS.map((k) => k[2]))}[1 + g % ${KINDS.length}]::bigint AS price, ${arr(KINDS.map((k) => k[3]))}::int[] AS lives) k0
                  CROSS JOIN LATERAL (SELECT k0.cls, k0.nm, k0.price, CASE WHEN k0.price < ${threshold} THEN NULL ELSE k0.lives[1 + g % ${KINDS.length}] END AS life) k) x`);
      // Depreciated up to 31 months ago, as the monthly runs would have left it.
      out.push(`INSERT INTO asset_depreciation (school_id, asset_id, accumulated_fen)
        SELECT * FROM (SELECT a.school_id, a.id, ${accumulatedSqlText('a', m)} AS acc FROM assets a
          WHERE a.school_id = ${school.id} AND a.life_months IS NOT NULL AND NOT a.low_value) x WHERE acc > 0`);
      out.push(`INSERT INTO asset_depreciation_runs (school_id, month, ran_at, asset_count, amount_fen, by_class)
        SELECT ${school.id}, '${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}', now(), count(*), coalesce(sum(accumulated_fen), 0), '{}'::jsonb
          FROM asset_depreciation WHERE school_id = ${school.id}`);
    }
    return out;
  },
};
