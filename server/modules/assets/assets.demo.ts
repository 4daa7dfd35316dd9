import { sql } from 'drizzle-orm';
import { seededRandom, type DemoContext, type DemoSchool } from '../../platform/demo';
import { rowsOf, type Db } from '../../platform/db';
import { localDate } from '../../platform/schedules';
import { DEFAULT_ASSETS_SETTINGS } from '../../../contracts/assets';
import { seedClasses, CLASS_SEED } from './assets.classes';
import { codeTemplate } from './assets.service';
import { demoOrgOf } from './assets.lookups';
import { runDepreciation, previousMonth, addMonths, ensureDepreciationSchedule } from './assets.depreciation';

/*
 * The demo schools' register (资产摸底清查、登记建帐): the buildings themselves (房屋), the sports
 * ground, and each room's things at realistic prices and dates over the past years — a desk set per
 * seat in every classroom (低值易耗品), an interactive whiteboard and a lectern per classroom, fifty
 * computers in the computer room, lab instruments, office computers, printers, copiers and
 * air-conditioners, the library's books (not depreciated), canteen equipment, dorm beds. Each
 * has a custodian and a using department; a few are idle, under repair or lent. Depreciation is run
 * for the last two months. Bulk inserts (a few statements per school), its own seeded generator.
 */

const TZ = 'Asia/Shanghai';
const yuan = (y: number) => Math.round(y * 100);

interface Item {
  name: string; cls: string; model?: string; unit: string; qty?: number; price: number; serial?: boolean;
  /** Years ago it was bought: a range. */
  age: [number, number];
  lowValue?: boolean; way?: 'purchase' | 'donation' | 'allocation' | 'self_built'; status?: string; notes?: string;
}

const CLASSROOM: Item[] = [
  { name: '交互式多媒体教学一体机', cls: '208', model: '希沃 MC86FEA 86英寸', unit: '台', price: 15800, serial: true, age: [1, 6] },
  { name: '讲台', cls: '601', model: '钢木 1200×600', unit: '张', price: 1200, age: [3, 9] },
  { name: '教室吊扇', cls: '206', model: '美的 FC120', unit: '台', qty: 4, price: 260, age: [2, 10] },
  { name: '绿板', cls: '601', model: '4000×1200', unit: '块', price: 850, age: [3, 10] },
];
const DESK: Item = { name: '学生课桌椅', cls: '60101', model: '升降式单人 HY-601', unit: '套', price: 320, age: [2, 8] };
const COMPUTER: Item = { name: '学生计算机', cls: '201', model: '联想 启天M430 i5/8G/256G', unit: '台', price: 4200, serial: true, age: [2, 5] };
const COMPUTER_ROOM: Item[] = [
  { name: '教师用计算机', cls: '201', model: '联想 启天M450 i7/16G/512G', unit: '台', price: 5600, serial: true, age: [2, 5] },
  { name: '网络交换机', cls: '207', model: 'H3C S5130-52S', unit: '台', price: 3600, serial: true, age: [2, 5] },
  { name: '多媒体电子教室系统', cls: '201', model: '红蜘蛛 V8.0（软件）', unit: '套', price: 6800, age: [2, 5] },
  { name: '空调', cls: '206', model: '格力 KFR-72LW 3匹', unit: '台', qty: 2, price: 7800, serial: true, age: [3, 7] },
];
const LAB_PHYSICS: Item[] = [
  { name: '数字示波器', cls: '301', model: '普源 DS1102Z-E', unit: '台', price: 2600, serial: true, age: [2, 8] },
  { name: '学生电源', cls: '301', model: 'J1202 0-24V', unit: '台', qty: 25, price: 380, age: [2, 8] },
  { name: '物理实验桌', cls: '601', model: '全钢 1500×600', unit: '张', qty: 25, price: 1350, age: [5, 10] },
];
const LAB_CHEM: Item[] = [
  { name: '通风橱', cls: '301', model: 'TFC-1500', unit: '台', price: 18000, age: [5, 10] },
  { name: '电子天平', cls: '301', model: 'JA2003 0.001g', unit: '台', qty: 6, price: 1480, serial: true, age: [2, 6] },
  { name: '化学实验桌', cls: '601', model: '全钢 带水槽', unit: '张', qty: 25, price: 1600, age: [5, 10] },
];
const LAB_BIO: Item[] = [
  { name: '生物显微镜', cls: '301', model: '凤凰 XSP-2CA', unit: '台', qty: 50, price: 1150, age: [2, 7] },
  { name: '人体骨骼模型', cls: '301', model: '170cm', unit: '具', price: 1800, age: [3, 9] },
];
const OFFICE: Item[] = [
  { name: '办公计算机', cls: '201', model: '联想 启天M430 i5/8G/512G', unit: '台', qty: 2, price: 4800, serial: true, age: [1, 6] },
  { name: '激光打印机', cls: '202', model: '惠普 M305d', unit: '台', price: 1800, serial: true, age: [1, 6] },
  { name: '办公桌椅', cls: '601', model: '1400×700 含椅', unit: '套', qty: 2, price: 1500, age: [3, 10] },
  { name: '文件柜', cls: '601', model: '钢制 1850×900', unit: '组', price: 1100, age: [3, 10] },
  { name: '空调', cls: '206', model: '美的 KFR-35GW 1.5匹', unit: '台', price: 3800, serial: true, age: [2, 8] },
  { name: '饮水机', cls: '602', model: '美的 MYD718S', unit: '台', price: 460, age: [1, 5] },
];
const CANTEEN: Item[] = [
  { name: '电蒸饭柜', cls: '305', model: '24盘 380V', unit: '台', qty: 2, price: 12000, serial: true, age: [3, 9] },
  { name: '消毒柜', cls: '305', model: '康宝 RTP700F', unit: '台', price: 6800, serial: true, age: [2, 6] },
  { name: '四门冷藏柜', cls: '305', model: '星星 BCD-1000', unit: '台', price: 9500, serial: true, age: [2, 7] },
  { name: '和面机', cls: '305', model: 'HWJ-25', unit: '台', price: 5200, age: [3, 9] },
  { name: '双头燃气大锅灶', cls: '305', model: '不锈钢 1800', unit: '台', price: 8000, age: [3, 9] },
  { name: '留样冰箱', cls: '305', model: '海尔 BC-50', unit: '台', price: 1600, serial: true, age: [1, 4] },
];
const SPORTS: Item[] = [
  { name: '篮球架', cls: '304', model: '移动式 凹箱', unit: '副', qty: 2, price: 8500, age: [4, 10] },
  { name: '乒乓球台', cls: '304', model: '红双喜 T2023', unit: '张', qty: 6, price: 1800, age: [2, 8] },
];

function pick<T>(random: () => number, xs: T[]): T { return xs[Math.floor(random() * xs.length)]; }

async function seedSchool(ctx: DemoContext, school: DemoSchool, random: () => number) {
  const { tx } = ctx;
  const s = school.id;
  const today = localDate(ctx.today, TZ);
  const year = Number(today.slice(0, 4));
  const org = await demoOrgOf(tx, s);
  const user = (username: string) => org.staff.find((u) => u.username === `${school.prefix}${username}`);
  const dept = (name: string) => org.departments.find((d) => d.name === name)?.id ?? null;
  const teachers = org.staff.filter((u) => /教师/.test(u.post ?? ''));
  const director = user('director')!;
  const storekeeper = user('storekeeper')!;
  const headOf = new Map(org.heads.filter((h) => h.classroom_id).map((h) => [Number(h.classroom_id), h.head_teacher_id]));
  const officeDept: Record<string, string> = { 校长室: '校长室', 总务处: '总务处', 财务室: '总务处', 教务处: '教务处', 政教处: '政教处', 教师办公室一: '教务处', 教师办公室二: '教务处' };

  const dateIn = (age: [number, number]) => {
    const days = Math.floor((age[0] + random() * (age[1] - age[0])) * 365);
    return localDate(new Date(ctx.today.getTime() - days * 86_400_000), TZ);
  };
  const counters = new Map<string, number>();
  const rows: Record<string, unknown>[] = [];
  const add = (it: Item, where: { locationId: number | null; departmentId: number | null; custodianId: number | null }, perUnit = true, acquiredOn = dateIn(it.age)) => {
    // Several of a kind bought together: one card each (serial numbers), or one card for the batch.
    const n = perUnit && it.serial ? it.qty ?? 1 : 1;
    const qty = perUnit && it.serial ? 1 : it.qty ?? 1;
    for (let i = 0; i < n; i++) {
      const t = codeTemplate(DEFAULT_ASSETS_SETTINGS.codePattern, { classCode: it.cls, acquiredOn });
      const seq = (counters.get(t.key) ?? 0) + 1;
      counters.set(t.key, seq);
      const price = yuan(it.price);
      const life = CLASS_SEED.find((c) => c.code === it.cls)!.life;
      const status = it.status ?? (random() < 0.015 ? 'idle' : random() < 0.01 ? 'under_repair' : 'in_use');
      rows.push({
        school_id: s, code: t.make(seq), name: it.name, class_code: it.cls, model: it.model ?? null,
        serial_no: it.serial ? `${it.model?.split(' ')[0].slice(0, 2).toUpperCase() ?? 'SN'}${acquiredOn.replace(/-/g, '').slice(2)}${String(Math.floor(random() * 1e6)).padStart(6, '0')}` : null,
        unit: it.unit, quantity: qty, unit_price_fen: price, original_value_fen: price * qty, acquired_on: acquiredOn, entered_on: acquiredOn,
        acquired_way: it.way ?? 'purchase', status, low_value: it.lowValue ?? price < DEFAULT_ASSETS_SETTINGS.capitalisationThresholdFen,
        life_months: life ? life * 12 : null, location_id: where.locationId, department_id: where.departmentId,
        custodian_id: where.custodianId, notes: it.notes ?? null, created_by: storekeeper.id, version: 1,
      });
    }
  };

  // The buildings and grounds (房屋及构筑物), kept by the director for 总务处.
  const general = { locationId: null, departmentId: dept('总务处'), custodianId: director.id };
  for (const b of org.buildings) {
    const built = `${b.built_year ?? year - 12}-08-30`;
    const floors = b.floors ?? 3;
    const cost = b.kind === 'dorm' ? 3_200_000 : b.kind === 'canteen' ? 2_400_000 : 1_500_000 * floors;
    add({ name: b.name, cls: b.kind === 'canteen' ? '10202' : '10201', model: `${floors}层 框架结构`, unit: '栋', price: cost, age: [0, 0], way: 'allocation' }, general, true, built);
  }
  const place = (code: string) => org.places.find((p) => p.code === code);
  const ground = place('YD-1');
  add({ name: '塑胶田径运动场', cls: '103', model: '300米环形跑道', unit: '处', price: 1_280_000, age: [6, 9], way: 'allocation' }, { ...general, locationId: ground?.id ?? null });
  add({ name: '校园围墙及大门', cls: '103', unit: '处', price: 360_000, age: [10, 12], way: 'self_built' }, general);

  for (const p of org.places) {
    const here = (deptName: string, custodianId: number | null) => ({ locationId: p.id, departmentId: dept(deptName), custodianId });
    switch (p.type) {
      case 'classroom': {
        const w = here('教务处', headOf.get(p.id) ?? pick(random, teachers)?.id ?? null);
        for (const it of CLASSROOM) add(it, w);
        const bought = dateIn(DESK.age);
        for (let i = 0; i < (school.key === 's1' ? 55 : 50); i++) add(DESK, w, true, bought);
        break;
      }
      case 'computer_room': {
        const w = here('教务处', pick(random, teachers)?.id ?? director.id);
        const bought = dateIn(COMPUTER.age);
        for (let i = 0; i < 50; i++) add(COMPUTER, w, true, bought);
        for (const it of COMPUTER_ROOM) add(it, w);
        break;
      }
      case 'lab': {
        const w = here('教务处', pick(random, teachers)?.id ?? director.id);
        for (const it of /化学|准备/.test(p.name) ? LAB_CHEM : /生物/.test(p.name) ? LAB_BIO : LAB_PHYSICS) add(it, w);
        break;
      }
      case 'office': {
        const d = officeDept[p.name] ?? '办公室';
        const people = org.staff.filter((u) => u.department_id === dept(d));
        const w = here(d, (p.name === '总务处' ? director : pick(random, people.length ? people : teachers))?.id ?? null);
        for (const it of OFFICE) add(it, w);
        if (p.name === '总务处') add({ name: '数码复印机', cls: '202', model: '理光 MP 3555SP', unit: '台', price: 26000, serial: true, age: [2, 5] }, w);
        if (p.name === '财务室') add({ name: '保险柜', cls: '601', model: '全能 FDG-A1/D-80', unit: '台', price: 2600, age: [4, 10] }, w);
        break;
      }
      case 'function_room': {
        const w = here('教务处', user('teacher1')?.id ?? null);
        if (p.name === '图书室') {
          add({ name: '图书（馆藏）', cls: '5', model: '中小学图书馆藏', unit: '册', qty: school.key === 's1' ? 18_600 : 12_400, price: 26, age: [1, 10], lowValue: false, notes: '按批次入账' }, w);
          add({ name: '双面钢制书架', cls: '601', model: '2000×900×450', unit: '组', qty: 24, price: 980, age: [4, 10], lowValue: false, notes: '批量家具，按固定资产管理' }, w);
          add({ name: '校史陈列品', cls: '4', model: '校史资料、奖牌', unit: '套', price: 20000, age: [8, 12], way: 'donation' }, w);
        } else if (p.name === '会议室') {
          add({ name: '会议桌', cls: '601', model: '4800×1800', unit: '张', price: 6800, age: [3, 9] }, w);
          add({ name: '会议室音响系统', cls: '208', model: '雅马哈 EMX5', unit: '套', price: 12500, age: [2, 6] }, w);
        } else {
          add({ name: /美术/.test(p.name) ? '画架' : '电子琴', cls: '303', model: /美术/.test(p.name) ? '榉木' : '雅马哈 PSR-E373', unit: /美术/.test(p.name) ? '个' : '台', qty: /美术/.test(p.name) ? 40 : 10, price: /美术/.test(p.name) ? 180 : 1680, age: [2, 7] }, w);
        }
        break;
      }
      case 'canteen': {
        const w = here('食堂', user('canteen1')?.id ?? null);
        if (p.code === 'ST-1-CZ') for (const it of CANTEEN) add(it, w);
        if (p.code === 'ST-1') add({ name: '餐桌椅', cls: '601', model: '不锈钢 四人位', unit: '套', qty: school.key === 's1' ? 150 : 100, price: 450, age: [3, 9] }, w);
        if (p.code === 'ST-1-LY') add({ name: '留样柜', cls: '305', model: '海尔 SC-340', unit: '台', price: 2300, serial: true, age: [1, 4] }, w);
        break;
      }
      case 'dorm': {
        const w = here('政教处', user('dorm1')?.id ?? null);
        const beds = dateIn([4, 9]);
        for (let b = 1; b <= 4; b++) add({ name: `学生上下床（${b}号床）`, cls: '601', model: '钢木 1900×900', unit: '张', price: 1100, age: [4, 9] }, w, true, beds);
        add({ name: '学生储物柜', cls: '601', model: '八门钢柜', unit: '组', price: 1300, age: [4, 9] }, w, false);
        break;
      }
      case 'warehouse':
        if (p.code === 'CK-1') {
          const w = here('总务处', storekeeper.id);
          add({ name: '旧台式计算机', cls: '201', model: '联想 启天M4350', unit: '台', qty: 6, price: 3900, serial: true, age: [7, 9], status: 'idle', notes: '电脑房更新后退回，待处置' }, w);
          add({ name: '手推式洗地机', cls: '205', model: '嘉美 A5', unit: '台', price: 16500, age: [1, 4] }, w);
        }
        break;
      case 'power_room':
        add({ name: '低压配电柜', cls: '206', model: 'GGD 400A', unit: '面', qty: 3, price: 35000, age: [8, 12] }, here('总务处', user('repair1')?.id ?? null), false);
        break;
      case 'sports_field':
        if (p.code === 'YD-1-LQ' || p.code === 'YD-1') for (const it of p.code === 'YD-1-LQ' ? SPORTS.slice(0, 1) : SPORTS.slice(1)) add(it, here('教务处', pick(random, teachers)?.id ?? null));
        break;
      case 'gatehouse': {
        const w = here('保卫处', user('guard1')?.id ?? null);
        add({ name: '视频监控系统', cls: '208', model: '海康威视 32路 NVR', unit: '套', price: 48000, age: [2, 6] }, w);
        add({ name: '人脸识别门禁', cls: '209', model: '海康 DS-K5671', unit: '台', price: 6900, serial: true, age: [1, 3] }, w);
        break;
      }
      case 'garden':
        add({ name: '景观树木', cls: '603', model: '银杏、香樟', unit: '株', qty: 40, price: 800, age: [6, 12], lowValue: false }, here('总务处', director.id));
        break;
    }
  }
  // A laptop out on loan, and a projector being repaired.
  add({ name: '笔记本电脑', cls: '201', model: '联想 ThinkPad E14', unit: '台', price: 5200, serial: true, age: [1, 3], status: 'lent', notes: '借给教务处用于公开课' }, { locationId: place(`${school.key === 's1' ? 'BG' : 'ZH'}-201`)?.id ?? null, departmentId: dept('教务处'), custodianId: user('teacher1')?.id ?? null });

  // Ids, creation times and the first timeline event, in three statements.
  const created = new Date(ctx.today.getTime() - 40 * 86_400_000).toISOString();
  for (const r of rows) { r.created_at = created; r.updated_at = created; }
  const cols = Object.keys(rows[0]);
  const list = sql.raw(cols.join(', '));
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.execute(sql`INSERT INTO assets (${list}) SELECT ${list} FROM json_populate_recordset(NULL::assets, ${JSON.stringify(rows.slice(i, i + 2000))}::json)`);
  }
  await tx.execute(sql`INSERT INTO asset_code_counters (school_id, prefix, last)
    SELECT ${s}, key, value::int FROM json_each_text(${JSON.stringify(Object.fromEntries(counters))}::json) ON CONFLICT DO NOTHING`);
  await tx.execute(sql`INSERT INTO asset_events (school_id, asset_id, kind, at, actor_id, actor_name, note)
    SELECT a.school_id, a.id, 'registered', a.created_at, a.created_by, ${storekeeper.name}, '资产摸底清查，登记建账' FROM assets a WHERE a.school_id = ${s}`);
  // Three computers moved last month from the computer room to the teachers' office.
  const [room, office] = [org.places.find((p) => p.type === 'computer_room'), org.places.find((p) => p.name === '教师办公室一')];
  if (room && office) {
    const moved = await rowsOf<{ id: number }>(tx, sql`UPDATE assets SET location_id = ${office.id}, version = version + 1
      WHERE school_id = ${s} AND id IN (SELECT id FROM assets WHERE school_id = ${s} AND location_id = ${room.id} AND name = '学生计算机' ORDER BY code DESC LIMIT 3) RETURNING id`);
    const at = new Date(ctx.today.getTime() - 20 * 86_400_000).toISOString();
    const data = { locationId: { from: room.id, fromName: room.name, to: office.id, toName: office.name } };
    await tx.execute(sql`INSERT INTO asset_events (school_id, asset_id, kind, at, actor_id, actor_name, note, data)
      SELECT ${s}, x, 'transferred', ${at}, ${director.id}, ${director.name}, '教师备课用', ${JSON.stringify(data)}::jsonb FROM unnest(${`{${moved.map((m) => m.id).join(',')}}`}::int[]) x`);
  }
  // Depreciation for the last two months (the first one catches up with the years before).
  const prev = previousMonth(ctx.today, TZ);
  const actor = { schoolId: s, userId: director.id, name: director.name, ip: null };
  for (const month of [addMonths(prev, -1), prev]) await runDepreciation(tx as Db, actor, month, ctx.today, TZ);
  await ensureDepreciationSchedule(tx, s, today);
}

export async function seedAssetsDemo(ctx: DemoContext): Promise<void> {
  await seedClasses(ctx.tx, ctx.schools.map((x) => x.id));
  const random = seededRandom(20260412);
  for (const school of ctx.schools) await seedSchool(ctx, school, random);
}
