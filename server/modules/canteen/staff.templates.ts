// The canteen's self-inspection checklists on the inspection engine (domain 'canteen'), from
// 《学校食品安全与营养健康管理规定》(教育部令第45号) and the seeds' 食堂管理制度 / 饮食卫生安全制度:
// daily, weekly and monthly 自查. Items marked critical stop serving for the day when they fail.
import type { InspectionTemplateDef } from '../../platform/inspections';

type Item = InspectionTemplateDef['items'][number];
const S = (zh: string, en: string) => ({ zh, en });

function section(sec: { zh: string; en: string }, kind: string, items: (Omit<Item, 'section' | 'kind' | 'mode'> & { mode?: Item['mode'] })[]): Item[] {
  return items.map((it) => ({ mode: 'pass_fail', ...it, section: sec, kind }));
}

const PREMISES = S('环境与设施', 'Premises');
const STORAGE = S('原料贮存', 'Storage');
const CROSS = S('加工与交叉污染', 'Processing and cross-contamination');
const TABLEWARE = S('餐具清洗消毒', 'Tableware disinfection');
const ADDITIVES = S('食品添加剂', 'Additives');
const HYGIENE = S('从业人员卫生', 'Staff hygiene');
const PESTS = S('虫害防治', 'Pest control');
const SAMPLES = S('留样', 'Food samples');
const RECORDS = S('记录与制度', 'Records and rules');

export const CANTEEN_DAILY: InspectionTemplateDef = {
  code: 'canteen.daily',
  domain: 'canteen',
  name: S('食堂每日自查', 'Canteen daily self-check'),
  frequency: 'daily',
  items: [
    ...section(HYGIENE, 'hygiene', [
      { text: S('从业人员晨检完成，患病、有伤口者已调离接触直接入口食品岗位', 'Morning checks done; sick or wounded staff kept off food posts'), critical: true },
      { text: S('上岗人员健康证明在有效期内', 'Staff on duty hold valid health certificates'), critical: true },
      { text: S('工作衣帽、口罩穿戴整齐，不戴首饰、不留长指甲', 'Clean work clothes, caps and masks; no jewellery or long nails') },
    ]),
    ...section(STORAGE, 'storage', [
      { text: S('无腐败变质、超过保质期的食品及原料', 'No spoiled or out-of-date food or ingredients'), critical: true },
      { text: S('冷藏、冷冻设备温度正常（冷藏 0–8℃，冷冻 ≤ -18℃）', 'Fridges 0–8 °C and freezers ≤ -18 °C'), guidance: S('读取并拍下温度计', 'Read and photograph the thermometers') },
      { text: S('原料分类分架、隔墙离地存放，生熟分开', 'Ingredients sorted on shelves, off walls and floor, raw apart from cooked') },
    ]),
    ...section(CROSS, 'cross', [
      { text: S('生熟刀具、砧板、容器分开使用并有标识', 'Separate, labelled knives, boards and containers for raw and cooked') },
      { text: S('食品烧熟煮透，中心温度不低于 70℃', 'Food cooked through, core at least 70 °C'), critical: true },
      { text: S('未加工制作冷荤、生食、裱花蛋糕，未使用四季豆、鲜黄花菜、野生蘑菇、发芽土豆', 'No cold meats, raw food or cream cakes; no green beans, fresh daylilies, wild mushrooms or sprouted potatoes'), critical: true },
    ]),
    ...section(TABLEWARE, 'tableware', [
      { text: S('餐用具清洗消毒后存放于保洁柜，消毒记录完整', 'Tableware washed, disinfected and kept in clean cabinets; log complete') },
      { text: S('消毒设备运行正常', 'Disinfection equipment working'), critical: true },
    ]),
    ...section(SAMPLES, 'samples', [
      { text: S('每餐每样菜品留样不少于 125 克，冷藏 48 小时，标签记录完整', 'Every dish sampled ≥ 125 g, refrigerated 48 h, labelled and logged'), critical: true },
    ]),
    ...section(PREMISES, 'premises', [
      { text: S('操作间地面、台面、排水沟清洁，无积水油污', 'Kitchen floors, worktops and drains clean, no standing water or grease') },
      { text: S('燃气阀门、管道无泄漏，下班关闭燃气和电源', 'Gas valves and pipes tight; gas and power off after work'), critical: true },
    ]),
  ],
};

export const CANTEEN_WEEKLY: InspectionTemplateDef = {
  code: 'canteen.weekly',
  domain: 'canteen',
  name: S('食堂每周自查', 'Canteen weekly self-check'),
  frequency: 'weekly',
  items: [
    ...section(STORAGE, 'storage', [
      { text: S('库房通风、防潮，温湿度记录完整', 'Store rooms ventilated and dry; temperature and humidity logged') },
      { text: S('进货查验记录、索证索票齐全', 'Intake records and supplier certificates complete') },
    ]),
    ...section(ADDITIVES, 'additives', [
      { text: S('食品添加剂专人专柜专册管理，按规定用量使用', 'Additives in a locked cabinet, one keeper, a logbook, used within limits') },
      { text: S('未使用亚硝酸盐等禁用物质', 'No nitrite or other banned substances on the premises'), critical: true },
    ]),
    ...section(PESTS, 'pests', [
      { text: S('防鼠、防蝇、防虫设施完好（挡鼠板、纱窗、灭蝇灯）', 'Rodent boards, screens and fly killers intact') },
      { text: S('无鼠迹、蟑螂、苍蝇等虫害痕迹', 'No sign of rats, cockroaches or flies') },
    ]),
    ...section(PREMISES, 'premises', [
      { text: S('排烟罩、油烟管道清洁，无油污积聚', 'Hoods and ducts clean, no grease build-up') },
      { text: S('垃圾桶加盖，餐厨垃圾日产日清', 'Bins covered; kitchen waste removed daily') },
    ]),
    ...section(TABLEWARE, 'tableware', [
      { text: S('消毒剂在有效期内，配比浓度检测合格', 'Disinfectant in date, strength tested') },
    ]),
  ],
};

export const CANTEEN_MONTHLY: InspectionTemplateDef = {
  code: 'canteen.monthly',
  domain: 'canteen',
  name: S('食堂每月自查', 'Canteen monthly self-check'),
  frequency: 'monthly',
  items: [
    ...section(RECORDS, 'records', [
      { text: S('食品经营许可证在有效期内并公示', 'Food business licence valid and displayed'), critical: true },
      { text: S('食品安全管理制度、应急预案上墙，人员培训有记录', 'Food-safety rules and emergency plan posted; training logged') },
      { text: S('供应商资质、合同在有效期内', 'Supplier licences and contracts in date') },
    ]),
    ...section(HYGIENE, 'hygiene', [
      { text: S('全体从业人员健康证明在有效期内，30 天内到期者已安排复检', 'All health certificates valid; renewals booked for those expiring within 30 days') },
      { text: S('本月食品安全培训不少于一次', 'At least one food-safety training this month') },
    ]),
    ...section(PREMISES, 'premises', [
      { text: S('消防器材有效，燃气报警器正常', 'Fire equipment in date; gas alarm working'), critical: true },
      { text: S('供水设施卫生，二次供水水箱清洗记录完整', 'Water supply clean; tank cleaning logged') },
    ]),
    ...section(PESTS, 'pests', [
      { text: S('专业虫害消杀服务记录完整', 'Professional pest-control visits logged') },
    ]),
    ...section(SAMPLES, 'samples', [
      { text: S('留样柜温度正常，留样记录本月完整无缺', 'Sample cabinet at temperature; this month\'s sample log complete') },
    ]),
  ],
};

export const CANTEEN_TEMPLATES: InspectionTemplateDef[] = [CANTEEN_DAILY, CANTEEN_WEEKLY, CANTEEN_MONTHLY];
