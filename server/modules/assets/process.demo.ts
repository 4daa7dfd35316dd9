import { sql } from 'drizzle-orm';
import type { DemoContext, DemoSchool } from '../../platform/demo';
import { rowsOf, type Db } from '../../platform/db';
import type { Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { storeFile } from '../../platform/files';
import { demoPhoto } from '../../platform/demo-files';
import { createApprovalEngine, registerApprovalKinds } from '../../platform/approvals';
import { localDate } from '../../platform/schedules';
import { createStocktakeService, ensureStocktakeSchedules } from './stocktake.service';
import { liveReport } from './stocktake.queries';
import { createDisposal, carryOutDisposal, disposalApprovalKind } from './disposal.service';
import { createDamageService, damageWaiverApprovalKind } from './damage.service';
import { placeIdsByName, someStudents } from './process.lookups';

/*
 * The processes' demo in the first school, made through the services themselves (so the records are
 * what the app would have made): a stocktake of 总务处 and 财务室 counted a month ago and closed with its
 * differences resolved (a computer found in the wrong office moved, a missing printer written off —
 * that disposal request still waits for approval —, an unlabelled filing cabinet registered); damage
 * reports (a boarder still owes for a bed, a desk paid, a fan with nobody to charge); an old computer
 * disposed of (approved, carried out). Every school gets its yearly-stocktake look.
 */

const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;

/** A clock the demo moves along its story. */
function storyClock(start: Date): Clock & { at(daysAgo: number, hour?: number, minute?: number): void } {
  let now = start;
  return {
    now: () => new Date(now),
    at(daysAgo: number, hour = 10, minute = 0) {
      const day = localDate(new Date(start.getTime() - daysAgo * DAY), TZ);
      now = new Date(new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`).getTime() + minute * 60_000);
    },
  };
}

/** A photo of the cabinet: drawn, not shipped (a JPEG of a few KB). */
const CABINET = {
  wall: '#d9d4c7', floor: '#8c7b68', floorY: 280, quality: 70,
  scene: `<rect x="150" y="40" width="180" height="260" fill="#6f7d86" stroke="#3f4a50" stroke-width="4"/>
    <rect x="165" y="60" width="150" height="70" fill="#7f8e98" stroke="#3f4a50" stroke-width="3"/>
    <rect x="165" y="145" width="150" height="70" fill="#7f8e98" stroke="#3f4a50" stroke-width="3"/>
    <rect x="165" y="230" width="150" height="55" fill="#7f8e98" stroke="#3f4a50" stroke-width="3"/>
    <rect x="225" y="88" width="30" height="8" fill="#2b3236"/><rect x="225" y="173" width="30" height="8" fill="#2b3236"/>`,
};

async function people(tx: Db, school: DemoSchool) {
  const names = ['director', 'storekeeper', 'teacher1', 'vice', 'accountant', 'dorm1'].map((n) => `${school.prefix}${n}`);
  const rows = await rowsOf<{ id: number; name: string; username: string }>(tx, sql`SELECT id, name, username FROM users
    WHERE school_id = ${school.id} AND username IN (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`);
  const actor = (u: string): Actor | null => {
    const r = rows.find((x) => x.username === `${school.prefix}${u}`);
    return r ? { schoolId: school.id, userId: Number(r.id), name: r.name, ip: null, roles: [] } : null;
  };
  return { actor };
}

async function seedStocktake(tx: Db, school: DemoSchool, clock: ReturnType<typeof storyClock>) {
  const s = school.id;
  const { actor } = await people(tx, school);
  const director = actor('director');
  const storekeeper = actor('storekeeper');
  const teacher = actor('teacher1');
  if (!director || !storekeeper || !teacher) return;
  const rooms = await placeIdsByName(tx, s, ['总务处', '财务室']);
  const office = rooms.get('总务处');
  const finance = rooms.get('财务室');
  if (!office || !finance) return;
  const svc = createStocktakeService({ clock });
  const dir = { ...director, roles: ['director'] };
  const keeper = { ...storekeeper, roles: ['storekeeper'] };
  const counter = { ...teacher, roles: ['teacher'] };

  clock.at(36, 9);
  const id = await svc.create(tx, keeper, {
    name: `${localDate(clock.now(), TZ).slice(0, 4)}年秋季办公室资产盘点`, scope: 'locations', locationIds: [office, finance],
    counterIds: [storekeeper.userId!, teacher.userId!], dueDate: localDate(new Date(clock.now().getTime() + 5 * DAY), TZ), note: '总务处、财务室先行盘点，为年度全面清查做准备',
  });
  clock.at(34, 8);
  await svc.start(tx, keeper, id);

  // The lines as the counters found them.
  const lines = await rowsOf<{ asset_id: number; asset_name: string; expected_location_id: number }>(tx, sql`SELECT asset_id, asset_name, expected_location_id
    FROM stocktake_lines WHERE school_id = ${s} AND stocktake_id = ${id} ORDER BY id`);
  const printer = lines.find((l) => l.asset_name === '激光打印机' && l.expected_location_id === finance);
  const strayPc = lines.find((l) => l.asset_name === '办公计算机' && l.expected_location_id === office);
  let minute = 0;
  for (const l of lines) {
    if (l.asset_id === printer?.asset_id) continue;
    clock.at(34, 9, minute++);
    const foundIn = l.asset_id === strayPc?.asset_id ? finance : l.expected_location_id;
    await svc.count(tx, foundIn === finance ? counter : keeper, id, { locationId: foundIn, assetId: l.asset_id });
  }
  clock.at(34, 11);
  const photo = await storeFile(tx, counter, clock, { data: (await demoPhoto(CABINET)).data, name: '财务室无标签档案柜.jpg' });
  const surplusId = await svc.addSurplus(tx, counter, id, {
    locationId: finance, name: '钢制档案柜', description: '财务室门后，无资产标签，未见入账记录', photoIds: [photo.id],
  });
  clock.at(33, 17);
  await svc.endCounting(tx, keeper, id);

  // The director's review.
  const diff = await rowsOf<{ id: number; result: string }>(tx, sql`SELECT id, result FROM stocktake_lines
    WHERE school_id = ${s} AND stocktake_id = ${id} AND result IN ('wrong_place', 'missing') ORDER BY id`);
  clock.at(31, 15);
  const wrong = diff.filter((d) => d.result === 'wrong_place').map((d) => d.id);
  if (wrong.length) await svc.resolve(tx, dir, id, { lineIds: wrong, surplusIds: [], resolution: 'move', note: '财务室长期使用，按实际位置调整' });
  const missing = diff.filter((d) => d.result === 'missing').map((d) => d.id);
  if (missing.length) await svc.resolve(tx, dir, id, { lineIds: missing, surplusIds: [], resolution: 'write_off', note: '去年维修时拆机未归还，多方查找未果' });
  await svc.resolve(tx, dir, id, {
    lineIds: [], surplusIds: [surplusId], resolution: 'register', note: '经查系 2021 年随办公家具捐赠，补登入账',
    asset: { name: '钢制档案柜', classCode: '601', model: '1850×900 五节', unit: '组', unitPriceFen: 65_000, acquiredOn: `${Number(localDate(clock.now(), TZ).slice(0, 4)) - 4}-09-01`, acquiredWay: 'donation', locationId: finance },
  });
  clock.at(30, 16);
  await svc.close(tx, dir, id, async (inner) => {
    const report = await liveReport(inner, { schoolIds: [s], userId: director.userId!, roles: ['director'] }, id, clock.now());
    return { ...report, frozen: true } as unknown as Record<string, unknown>;
  });
}

async function seedDamage(tx: Db, school: DemoSchool, clock: ReturnType<typeof storyClock>) {
  const s = school.id;
  const { actor } = await people(tx, school);
  const storekeeper = actor('storekeeper');
  const dorm = actor('dorm1');
  const accountant = actor('accountant');
  const teacher = actor('teacher1');
  if (!storekeeper || !dorm || !accountant || !teacher) return;
  const svc = createDamageService({ clock });
  const keeper = { ...storekeeper, roles: ['storekeeper'] };
  const [boarder] = await someStudents(tx, s, true, 3);
  const [day] = await someStudents(tx, s, false, 2);
  const [bed] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM assets WHERE school_id = ${s} AND name LIKE '学生上下床%' AND status = 'in_use' ORDER BY code LIMIT 1`);
  const [desk] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM assets WHERE school_id = ${s} AND name = '学生课桌椅' AND status = 'in_use' ORDER BY code LIMIT 1`);
  const [fan] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM assets WHERE school_id = ${s} AND name = '教室吊扇' AND status = 'in_use' ORDER BY code LIMIT 1`);

  if (boarder && bed) {
    clock.at(9, 20);
    await svc.create(tx, { ...dorm, roles: ['dorm_manager'] }, {
      assetId: Number(bed.id), quantity: 1, foundById: dorm.userId, foundOn: localDate(clock.now(), TZ), responsibleType: 'student', responsibleId: boarder.id,
      deliberate: true, description: '晚自习后在宿舍踩踏上铺护栏，护栏焊点断裂，已通知家长', photoIds: [],
    });
  }
  if (day && desk) {
    clock.at(16, 11);
    const id = await svc.create(tx, { ...teacher, roles: ['teacher'] }, {
      assetId: Number(desk.id), quantity: 1, foundById: teacher.userId, foundOn: localDate(clock.now(), TZ), responsibleType: 'student', responsibleId: day.id,
      deliberate: false, description: '课间追逐碰倒课桌，桌面板开裂', photoIds: [],
    });
    clock.at(14, 15);
    const [{ amount_fen: due }] = await rowsOf<{ amount_fen: number }>(tx, sql`SELECT amount_fen FROM damage_reports WHERE school_id = ${s} AND id = ${id}`);
    await svc.pay(tx, { ...accountant, roles: ['accountant'] }, id, {
      amountFen: Number(due), paidOn: localDate(clock.now(), TZ), receiptNo: `SJ${localDate(clock.now(), TZ).replace(/-/g, '')}01`, receivedById: accountant.userId!, payerName: `${day.name}家长`, note: '现金',
    });
  }
  if (fan) {
    clock.at(4, 10);
    await svc.create(tx, keeper, {
      assetId: Number(fan.id), quantity: 1, foundById: storekeeper.userId, foundOn: localDate(clock.now(), TZ), responsibleType: 'unknown', responsibleId: null,
      deliberate: false, description: '吊扇扇叶被硬物击弯，周末发现，责任人待查', photoIds: [],
    });
  }
}

async function seedDisposal(tx: Db, school: DemoSchool, clock: ReturnType<typeof storyClock>) {
  const s = school.id;
  const { actor } = await people(tx, school);
  const storekeeper = actor('storekeeper');
  const vice = actor('vice');
  if (!storekeeper || !vice) return;
  const [store] = [...(await placeIdsByName(tx, s, ['仓库'])).values()];
  const [old] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM assets WHERE school_id = ${s} AND name = '旧台式计算机' AND status = 'idle'
    ${store ? sql`AND location_id = ${store}` : sql``} ORDER BY code LIMIT 1`);
  if (!old) return;
  const keeper = { ...storekeeper, roles: ['storekeeper'] };
  clock.at(24, 10);
  const id = await createDisposal(tx, keeper, { assetIds: [Number(old.id)], way: 'scrap', reason: '使用已满 8 年，主板电容鼓包，维修费用高于残值，经信息技术教师鉴定无修复价值', attachmentIds: [] }, clock);
  const [a] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM approvals WHERE school_id = ${s} AND kind = ${disposalApprovalKind.kind} AND document_id = ${id}`);
  clock.at(22, 9);
  const engine = createApprovalEngine({ kinds: [disposalApprovalKind, damageWaiverApprovalKind], clock });
  await engine.decide(tx, { ...vice, roles: ['vice_principal'] }, Number(a.id), 'approve', { comment: '同意报废，交有资质的回收单位处理' });
  clock.at(18, 14);
  await carryOutDisposal(tx, keeper, id, { date: localDate(clock.now(), TZ), recipient: '县再生资源回收有限公司', proceedsFen: 12_000, note: '硬盘已拆除并消磁，由信息技术教师监督', attachmentIds: [] }, clock);
}

export async function seedProcessDemo(ctx: DemoContext): Promise<void> {
  const clock = storyClock(ctx.today);
  // The demo runs before the app registers the approval kinds.
  registerApprovalKinds([disposalApprovalKind, damageWaiverApprovalKind], clock);
  const first = ctx.schools.find((x) => x.key === 's1');
  if (first) {
    await seedStocktake(ctx.tx, first, clock);
    await seedDisposal(ctx.tx, first, clock);
    await seedDamage(ctx.tx, first, clock);
  }
  clock.at(0);
  for (const school of ctx.schools) await ensureStocktakeSchedules(ctx.tx, clock, { schoolId: school.id });
}
