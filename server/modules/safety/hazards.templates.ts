// The safety module's seed checklists on the inspection engine (domain 'safety'): the monthly hazard
// investigation (每月安全隐患排查, seeds), the daily fire patrol and the monthly fire-equipment check
// (教发厅〔2024〕1号: 每日防火巡查, 每月防火检查). Schools edit their copies; these are the starting point.
import type { InspectionTemplateDef } from '../../platform/inspections';
import type { HazardKind } from '../../../contracts/safetyHazards';

type Item = InspectionTemplateDef['items'][number];
const S = (zh: string, en: string) => ({ zh, en });

function section(sec: { zh: string; en: string }, kind: HazardKind, items: (Omit<Item, 'section' | 'kind' | 'mode'> & { mode?: Item['mode'] })[]): Item[] {
  return items.map((it) => ({ mode: 'pass_fail', ...it, section: sec, kind }));
}

/** The sections of the monthly investigation name the hazard kinds (a finding takes its section's kind). */
export const SECTION_KINDS: Record<string, HazardKind> = {
  校舍: 'building', 用电: 'electrical', 消防: 'fire', 体育器材: 'sports', 食堂: 'canteen', 宿舍: 'dorm', 周边: 'surroundings',
};

export const HAZARD_MONTHLY: InspectionTemplateDef = {
  code: 'safety.hazard_monthly',
  domain: 'safety',
  name: S('每月安全隐患排查', 'Monthly hazard investigation'),
  frequency: 'monthly',
  items: [
    ...section(S('校舍', 'Buildings'), 'building', [
      { text: S('教学楼、宿舍楼墙体和楼板无裂缝、无渗漏，无危房使用', 'No cracks or leaks in walls and floors; no unsafe building in use'), guidance: S('重点查看顶层、楼梯间和外墙转角；发现裂缝拍照并标注宽度', 'Check top floors, stairwells and outer corners; photograph any crack with its width') },
      { text: S('楼梯、走廊扶手和栏杆牢固，高度不低于 1.1 米', 'Stair and corridor handrails firm, at least 1.1 m high'), critical: true },
      { text: S('门窗、玻璃完好，无松动脱落危险', 'Doors, windows and glass intact, nothing loose') },
      { text: S('屋顶、屋檐、外墙饰面无脱落隐患', 'No risk of roof, eaves or façade falling') },
      { text: S('围墙、校门稳固，无倾斜、无破损', 'Boundary walls and gates firm, not leaning or broken') },
    ]),
    ...section(S('用电', 'Electricity'), 'electrical', [
      { text: S('配电室（箱）上锁，周围无杂物，警示标识清楚', 'Switch rooms and boxes locked, clear around, signs in place') },
      { text: S('电线无裸露、老化，无私拉乱接', 'No bare, aged or improvised wiring'), photoRequired: false },
      { text: S('插座、开关完好，无烧焦痕迹', 'Sockets and switches intact, no scorch marks') },
      { text: S('漏电保护装置有效（按试验按钮检查）', 'Residual-current devices trip when tested'), guidance: S('每个配电箱按一次试验按钮，能跳闸为合格', 'Press the test button on each board: it must trip') },
      { text: S('教室、办公室人走断电', 'Power off in empty classrooms and offices') },
    ]),
    ...section(S('消防', 'Fire'), 'fire', [
      { text: S('灭火器在有效期内，压力指针在绿区', 'Extinguishers in date, pressure needle in the green'), photoRequired: true, guidance: S('拍下压力表和标签', 'Photograph the gauge and the label') },
      { text: S('消火栓箱内水带、水枪齐全，箱前无遮挡', 'Hydrant cabinets complete with hose and nozzle, unobstructed') },
      { text: S('安全出口、疏散通道畅通，无上锁、无堆物', 'Exits and escape routes clear, not locked, nothing stored'), critical: true },
      { text: S('应急照明灯、疏散指示标志完好有效', 'Emergency lights and exit signs working') },
      { text: S('消防控制室双人值班，操作人员持证上岗', 'Fire control room staffed by two, operators certified') },
    ]),
    ...section(S('体育器材', 'Sports equipment'), 'sports', [
      { text: S('篮球架、足球门稳固，无锈蚀、无松动', 'Basketball stands and goals firm, not rusted or loose'), critical: true },
      { text: S('单双杠、攀爬架等器械连接牢固，下方有缓冲', 'Bars and climbing frames fixed firmly, with soft ground below') },
      { text: S('跑道、场地平整，无坑洼、无碎石', 'Track and grounds level, no holes or gravel') },
      { text: S('体育器材室器材摆放整齐，有检查记录', 'Equipment store tidy, with inspection records') },
    ]),
    ...section(S('食堂', 'Canteen'), 'canteen', [
      { text: S('燃气管道、阀门无泄漏，燃气报警器有效', 'Gas pipes and valves tight, gas alarm working'), critical: true },
      { text: S('食品留样 48 小时，每样不少于 125 克，记录完整', 'Food samples kept 48 h, at least 125 g each, logged') },
      { text: S('食品原料索证索票，无过期变质食品', 'Suppliers\' certificates kept, no expired food') },
      { text: S('从业人员健康证在有效期内', 'Staff health certificates valid') },
      { text: S('排烟罩、烟道定期清洗，无油污积聚', 'Hoods and flues cleaned regularly, no grease build-up') },
    ]),
    ...section(S('宿舍', 'Dormitories'), 'dorm', [
      { text: S('无使用大功率电器，无私拉电线', 'No high-power appliances, no improvised wiring') },
      { text: S('无明火、无蜡烛、无吸烟现象', 'No open flames, candles or smoking') },
      { text: S('床铺稳固，上铺护栏完好，无加床', 'Beds firm, top-bunk rails intact, no extra beds') },
      { text: S('夜间宿管值班在岗，安全出口不上锁', 'Night dorm staff on duty, exits not locked'), critical: true },
    ]),
    ...section(S('周边', 'Surroundings'), 'surroundings', [
      { text: S('校门口 200 米内无游商摊贩、无网吧等经营场所', 'No street vendors or internet cafés within 200 m of the gate') },
      { text: S('上下学时段校门口交通秩序良好，护学岗到位', 'Traffic orderly at the gate at school times, guards posted') },
      { text: S('校园周边无未设防护的危险水域、施工工地', 'No unfenced water or building sites near the school') },
      { text: S('校园监控设备运行正常，录像保存 30 天以上', 'CCTV working, recordings kept at least 30 days') },
    ]),
  ],
};

export const FIRE_DAILY: InspectionTemplateDef = {
  code: 'safety.fire_daily',
  domain: 'safety',
  name: S('每日防火巡查', 'Daily fire patrol'),
  frequency: 'daily',
  items: [
    ...section(S('疏散', 'Evacuation'), 'fire', [
      { text: S('安全出口、疏散通道畅通，无堆放杂物、未上锁', 'Exits and escape routes clear and unlocked'), critical: true },
      { text: S('常闭式防火门处于关闭状态', 'Normally-closed fire doors shut') },
      { text: S('疏散指示标志、应急照明完好', 'Exit signs and emergency lights intact') },
    ]),
    ...section(S('消防器材', 'Fire equipment'), 'fire', [
      { text: S('灭火器、消火栓在位，无遮挡、无挪用', 'Extinguishers and hydrants in place, unobstructed') },
    ]),
    ...section(S('用火用电', 'Fire and power use'), 'electrical', [
      { text: S('无违章用火、用电行为', 'No unauthorised use of fire or electricity') },
      { text: S('电器设备人走断电', 'Appliances switched off when rooms are empty') },
    ]),
    ...section(S('重点部位', 'Key areas'), 'fire', [
      { text: S('配电室、厨房、实验室、图书室无火灾隐患', 'No fire risk in switch rooms, kitchen, labs and library') },
      { text: S('消防控制室有人值班，设备无故障报警', 'Fire control room staffed, no fault alarms') },
    ]),
  ],
};

export const FIRE_EQUIPMENT_MONTHLY: InspectionTemplateDef = {
  code: 'safety.fire_equipment_monthly',
  domain: 'safety',
  name: S('消防设施器材月度检查', 'Monthly fire-equipment check'),
  frequency: 'monthly',
  items: [
    ...section(S('灭火器', 'Extinguishers'), 'fire', [
      { text: S('压力表指针在绿区', 'Pressure gauge in the green'), photoRequired: true },
      { text: S('在有效期内，筒体无锈蚀，铅封、保险销完好', 'In date, no rust, seal and pin intact') },
      { text: S('灭火器箱完好，位置明显、便于取用', 'Cabinet intact, easy to see and reach') },
    ]),
    ...section(S('消火栓', 'Hydrants'), 'fire', [
      { text: S('室内消火栓箱内水带、水枪、接口齐全', 'Indoor hydrant cabinets complete: hose, nozzle, couplings'), photoRequired: true },
      { text: S('试水出水压力正常', 'Water pressure normal when tested') },
      { text: S('室外消火栓无遮挡、无损坏', 'Outdoor hydrants unobstructed and undamaged') },
    ]),
    ...section(S('应急照明与疏散指示', 'Emergency lighting and signs'), 'fire', [
      { text: S('应急照明灯断电后能正常点亮', 'Emergency lights come on when power is cut') },
      { text: S('安全出口、疏散指示标志完好，指向正确', 'Exit and direction signs intact and pointing right') },
    ]),
    ...section(S('防火门与疏散通道', 'Fire doors and escape routes'), 'fire', [
      { text: S('常闭式防火门闭门器、顺序器完好，关闭严密', 'Fire-door closers and selectors work; doors close tight') },
      { text: S('疏散通道、楼梯间畅通，安全出口未上锁', 'Escape routes and stairwells clear, exits unlocked'), critical: true },
    ]),
    ...section(S('火灾自动报警', 'Fire alarm system'), 'fire', [
      { text: S('烟感、温感探测器外观完好，无遮挡', 'Smoke and heat detectors intact and uncovered') },
      { text: S('报警控制器运行正常，无故障报警', 'Alarm panel normal, no faults') },
    ]),
    ...section(S('台账', 'Records'), 'fire', [
      { text: S('消防设施器材台账、维保记录完整', 'Equipment register and maintenance records complete'), mode: 'score', maxScore: 10, guidance: S('齐全 10 分；缺一项扣 2 分', 'Complete: 10; 2 off for each missing record') },
    ]),
  ],
};

export const SAFETY_TEMPLATES: InspectionTemplateDef[] = [HAZARD_MONTHLY, FIRE_DAILY, FIRE_EQUIPMENT_MONTHLY];
