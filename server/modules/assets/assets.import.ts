import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import {
  AssetCode, IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, type ImportField, type ImportMapping, type ImportJob, type ImportReportRow,
  type ImportUpload, type AssetStatus, type AcquiredWay,
} from '../../../contracts/assets';
import { translate, type Locale } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import type { Clock } from '../../platform/clock';
import { assetImportJobs } from './assets.tables';
import { classesOf, lifeMonthsOf, type ClassRow } from './assets.classes';
import { assetsSettingsOf } from './assets.settings';
import { accumulatedAt, lastRunMonth, ensureDepreciationSchedule, setAccumulated } from './assets.depreciation';
import { localDate } from '../../platform/schedules';
import { schoolPlaces, schoolDepartments, schoolStaff, schoolTimezone, type PlaceRow, type NamedRow } from './assets.lookups';
import { nextCodes, addEvents, auditView, type AssetRow, type EventInput } from './assets.service';

/*
 * Excel import of an existing asset sheet (the first thing a school does with the register):
 *   upload → the sheet's header row and a mapping suggested from the header names → the user
 *   confirms the mapping → a dry run (nothing written) with a per-row report → the run.
 * A run is a job (asset_import_jobs) processed in chunks of CHUNK rows, each chunk one transaction,
 * the event loop free between chunks, so other people keep working while 10,000 rows go in.
 * A code already on the register updates that card; a code twice in the sheet is refused on its
 * second row; a row without a code that matches a card by name + serial number is refused (never a
 * silent duplicate). Each chunk is one statement per kind of write (insert, update, events) and one
 * audit entry listing what it created and changed.
 */

export const CHUNK = 250;
export const MAX_IMPORT_ROWS = 20_000;
const LEASE_MS = 60_000;

// ── The sheet ──

/** Header names (lower case, no spaces, * or units) each field is recognised by, Chinese and English. */
const SYNONYMS: Record<ImportField, string[]> = {
  code: ['资产编号', '资产编码', '编号', '资产代码', '卡片编号', 'code', 'assetcode', 'assetno', 'assetnumber'],
  name: ['资产名称', '名称', '品名', 'name', 'assetname'],
  classCode: ['分类代码', '资产分类', '分类', '分类编码', '类别', '资产类别', '国标分类', 'class', 'classcode', 'category'],
  model: ['规格型号', '型号', '规格', '型号规格', 'model', 'spec', 'specification'],
  serialNo: ['序列号', '出厂编号', '机身号', 'sn', 'serial', 'serialno', 'serialnumber'],
  unit: ['计量单位', '单位', 'unit'],
  quantity: ['数量', 'quantity', 'qty'],
  unitPrice: ['单价', '单价元', '价格', 'unitprice', 'price'],
  originalValue: ['原值', '原值元', '金额', '价值', '账面原值', 'originalvalue', 'value', 'amount'],
  acquiredOn: ['取得日期', '购置日期', '购买日期', '购入日期', '取得时间', 'acquiredon', 'acquired', 'purchasedate', 'dateacquired'],
  enteredOn: ['入账日期', '登记日期', '入账时间', 'enteredon', 'entrydate', 'booked'],
  acquiredWay: ['取得方式', '来源', '资产来源', '购置方式', 'acquiredway', 'source', 'way'],
  status: ['使用状况', '使用状态', '状态', 'status'],
  location: ['存放地点', '存放位置', '地点', '位置', '使用地点', 'location', 'place', 'room'],
  department: ['使用部门', '部门', '管理部门', 'department', 'dept'],
  custodian: ['使用人', '责任人', '保管人', '领用人', 'custodian', 'user', 'keeper', 'responsibleperson'],
  lowValue: ['低值易耗品', '低值易耗', '是否低值易耗品', 'lowvalue', 'lowvalueitem'],
  notes: ['备注', '说明', 'notes', 'note', 'remarks'],
};

export const normHeader = (h: string) => h.toLowerCase().replace(/[\s*＊:：_\-()（）[\]【】]/g, '').trim();

/** The mapping the header names suggest: each field to the first column named like it (each column used once). */
export function suggestMapping(headers: string[]): ImportMapping {
  const out: ImportMapping = {};
  const used = new Set<number>();
  const norm = headers.map((h) => normHeader(h ?? ''));
  for (const field of IMPORT_FIELDS) {
    const names = SYNONYMS[field].map(normHeader);
    const i = norm.findIndex((h, idx) => !used.has(idx) && h !== '' && names.includes(h));
    if (i >= 0) { out[field] = i; used.add(i); }
  }
  return out;
}

export interface Sheet { headers: string[]; rows: { row: number; cells: (string | null)[] }[] }

function cellText(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('').trim() || null;
    if ('text' in v) return String(v.text).trim() || null;
    if ('result' in v) return v.result == null ? null : cellText(v.result as ExcelJS.CellValue);
    if ('error' in v) return null;
    return null;
  }
  const s = String(v).trim();
  return s === '' ? null : s;
}

/**
 * Reads the first sheet: the header row (the first non-empty row), then every non-empty row as text
 * cells. More than `max` rows → 400. The upload is already a bounded Buffer, so the workbook is loaded
 * whole: ExcelJS's streaming reader races on Node ≥ 18 when workbook.xml is stored after the sheets
 * (exceljs#3064) and failed an import intermittently in CI.
 */
export async function readSheet(data: Buffer, max = MAX_IMPORT_ROWS, headOnly = 0): Promise<Sheet & { count: number }> {
  const sheet: Sheet & { count: number } = { headers: [], rows: [], count: 0 };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw new AppError('assets.importBadFile', 400, { fields: [{ path: 'file', code: 'assets.importBadFile' }] });
  }
  const ws = wb.worksheets[0];
  const last = ws?.rowCount ?? 0;
  for (let n = 1; n <= last; n++) {
    const row = ws!.getRow(n);
    const values = (row.values as ExcelJS.CellValue[]) ?? [];
    if (!sheet.headers.length) {
      const hs: string[] = [];
      for (let i = 1; i < values.length; i++) hs[i - 1] = cellText(values[i]) ?? '';
      for (let i = 0; i < hs.length; i++) hs[i] ??= '';
      if (hs.some((h) => h)) sheet.headers = hs;
      continue;
    }
    const cells: (string | null)[] = [];
    let any = false;
    for (let i = 0; i < sheet.headers.length; i++) {
      const t = cellText(values[i + 1]);
      cells.push(t);
      if (t !== null) any = true;
    }
    if (!any) continue;
    sheet.count++;
    if (sheet.count > max) throw new AppError('assets.importTooMany', 400, { params: { max } });
    if (!headOnly || sheet.rows.length < headOnly) sheet.rows.push({ row: n, cells });
  }
  if (!sheet.headers.length) throw new AppError('assets.importEmpty', 400, { fields: [{ path: 'file', code: 'assets.importEmpty' }] });
  return sheet;
}

// ── Jobs ──

type JobRow = typeof assetImportJobs.$inferSelect;
const JOB_COLUMNS = {
  id: assetImportJobs.id, schoolId: assetImportJobs.schoolId, createdBy: assetImportJobs.createdBy, fileName: assetImportJobs.fileName,
  headers: assetImportJobs.headers, mapping: assetImportJobs.mapping, state: assetImportJobs.state, dryRun: assetImportJobs.dryRun,
  locale: assetImportJobs.locale, total: assetImportJobs.total, processed: assetImportJobs.processed, created: assetImportJobs.created,
  updated: assetImportJobs.updated, unchanged: assetImportJobs.unchanged, refused: assetImportJobs.refused, report: assetImportJobs.report,
  error: assetImportJobs.error, createdAt: assetImportJobs.createdAt, finishedAt: assetImportJobs.finishedAt,
};

/** Step 1: keeps the uploaded sheet as a job and answers its header row, first rows and a suggested mapping. */
export async function uploadImport(db: Db, actor: Actor, data: Buffer, fileName: string | null, locale: Locale): Promise<ImportUpload> {
  const sheet = await readSheet(data, MAX_IMPORT_ROWS, 5);
  const mapping = suggestMapping(sheet.headers);
  const [job] = await db.insert(assetImportJobs).values({
    schoolId: actor.schoolId, createdBy: actor.userId!, fileName, data, headers: sheet.headers, state: 'uploaded', locale, total: sheet.count,
  }).returning({ id: assetImportJobs.id });
  return { jobId: job.id, fileName, headers: sheet.headers, sample: sheet.rows.map((r) => r.cells.map((c) => c ?? '')), rowCount: sheet.count, mapping };
}

function jobOut(j: Pick<JobRow, keyof typeof JOB_COLUMNS>): ImportJob {
  const finished = j.state === 'checked' || j.state === 'done';
  const rows = finished && Array.isArray(j.report)
    ? (j.report as [number, ImportReportRow['status'], string | null, [string, string][]][]).map(([row, status, code, errors]) => ({ row, status, code, errors: errors.map(([field, message]) => ({ field, message })) }))
    : null;
  return {
    id: j.id, state: j.state as ImportJob['state'], dryRun: j.dryRun, fileName: j.fileName, headers: j.headers, mapping: (j.mapping as ImportMapping | null) ?? null,
    total: j.total, processed: j.processed, created: j.created, updated: j.updated, unchanged: j.unchanged, refused: j.refused, error: j.error,
    rows, createdAt: j.createdAt.toISOString(), finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/** A job of the reader's school (its uploader or any manager may follow it). */
export async function getImportJob(db: Db, schoolId: number, id: number): Promise<ImportJob> {
  const [j] = await db.select(JOB_COLUMNS).from(assetImportJobs).where(and(eq(assetImportJobs.schoolId, schoolId), eq(assetImportJobs.id, id)));
  if (!j) throw new AppError('notFound', 404);
  return jobOut(j);
}

/**
 * Step 2 (and 3): confirms the mapping and queues the job, as a dry run or for real. The mapping
 * must name the required fields, each column at most once. A job already queued or running, or
 * done, is not started again (409).
 */
export async function startImport(tx: Db, actor: Actor, id: number, input: { mapping: ImportMapping; dryRun: boolean }): Promise<void> {
  const [j] = await tx.select(JOB_COLUMNS).from(assetImportJobs).where(and(eq(assetImportJobs.schoolId, actor.schoolId), eq(assetImportJobs.id, id))).for('update');
  if (!j) throw new AppError('notFound', 404);
  if (!['uploaded', 'checked', 'failed'].includes(j.state)) throw new AppError('assets.importState', 409, { params: { state: j.state } });
  const m = input.mapping;
  const missing = REQUIRED_IMPORT_FIELDS.filter((f) => m[f] === undefined);
  if (m.unitPrice === undefined && m.originalValue === undefined) missing.push('unitPrice');
  if (missing.length) {
    throw new AppError('assets.importMappingMissing', 400, {
      params: { fields: missing.map((f) => translate(j.locale as Locale, `assets.field.${f}`)).join('、') },
      fields: missing.map((f) => ({ path: `mapping.${f}`, code: 'assets.importMappingRequired' })),
    });
  }
  const cols = Object.entries(m) as [ImportField, number][];
  for (const [f, c] of cols) {
    if (c >= j.headers.length) throw new AppError('assets.importMappingColumn', 400, { fields: [{ path: `mapping.${f}`, code: 'assets.importMappingColumn' }] });
    if (cols.some(([g, d]) => g !== f && d === c)) throw new AppError('assets.importMappingTwice', 400, { params: { column: j.headers[c] || String(c + 1) }, fields: [{ path: `mapping.${f}`, code: 'assets.importMappingTwice', params: { column: j.headers[c] || String(c + 1) } }] });
  }
  const [ok] = await tx.update(assetImportJobs).set({
    mapping: m, dryRun: input.dryRun, state: 'queued', processed: 0, created: 0, updated: 0, unchanged: 0, refused: 0, report: null, error: null,
    leaseUntil: null, finishedAt: null, updatedAt: new Date(),
  }).where(and(eq(assetImportJobs.schoolId, actor.schoolId), eq(assetImportJobs.id, id), eq(assetImportJobs.state, j.state))).returning({ id: assetImportJobs.id });
  if (!ok) throw new AppError('conflict', 409);
  await recordAudit(tx, actor, { entity: 'assetImport', entityId: id, action: input.dryRun ? 'dryRun' : 'start', after: { fileName: j.fileName, rows: j.total, mapping: m } });
}

// ── One row ──

export interface RowValues {
  code: string | null; name: string; classCode: string; model: string | null; serialNo: string | null; unit: string | null;
  quantity: number; unitPriceFen: number; originalValueFen: number; acquiredOn: string; enteredOn: string; acquiredWay: AcquiredWay;
  status: AssetStatus; lowValue: boolean; lifeMonths: number | null; locationId: number | null; departmentId: number | null;
  custodianId: number | null; notes: string | null;
  /** Which optional fields the sheet gave (an update leaves the others as they are). */
  given: Set<string>;
}

export interface Lookups {
  classes: Map<string, ClassRow>;
  classByName: Map<string, ClassRow | 'ambiguous'>;
  places: { byCode: Map<string, PlaceRow>; byPath: Map<string, PlaceRow | 'ambiguous'>; byName: Map<string, PlaceRow | 'ambiguous'>; byId: Map<number, PlaceRow>; active: { key: string; row: PlaceRow }[] };
  departments: { byName: Map<string, NamedRow | 'ambiguous'>; byId: Map<number, NamedRow> };
  staff: { byKey: Map<string, (NamedRow & { username: string }) | 'ambiguous'>; byId: Map<number, NamedRow> };
  thresholdFen: number;
}

const normPath = (p: string) => p.trim().toLowerCase().replace(/\s*[/／>›]\s*/g, '/');

/** A place by the end of its path ("三楼/301教室"), when only one place's path ends so. */
function placeBySuffix(active: Lookups['places']['active'], key: string): PlaceRow | 'ambiguous' | undefined {
  let found: PlaceRow | undefined;
  for (const p of active) {
    if (p.key !== key && !p.key.endsWith('/' + key)) continue;
    if (found) return 'ambiguous';
    found = p.row;
  }
  return found;
}

function index<T>(rows: T[], keys: (r: T) => (string | null | undefined)[]): Map<string, T | 'ambiguous'> {
  const m = new Map<string, T | 'ambiguous'>();
  for (const r of rows) {
    for (const k of new Set(keys(r).filter((x): x is string => !!x).map((x) => x.trim().toLowerCase()))) {
      const had = m.get(k);
      m.set(k, had === undefined ? r : had === r ? r : 'ambiguous');
    }
  }
  return m;
}

/** The school's classes, places, departments and staff, read once for a whole import. */
export async function loadLookups(db: Db, schoolId: number): Promise<Lookups> {
  const [classes, places, departments, staff, settings] = [await classesOf(db, schoolId), await schoolPlaces(db, schoolId), await schoolDepartments(db, schoolId), await schoolStaff(db, schoolId), await assetsSettingsOf(db, schoolId)];
  const activePlaces = places.filter((p) => p.active);
  return {
    classes: new Map(classes.map((c) => [c.code, c])),
    classByName: index(classes.filter((c) => c.active), (c) => [c.name, c.nameEn]),
    places: {
      byCode: new Map(places.map((p) => [p.code.toLowerCase(), p])),
      byPath: index(activePlaces, (p) => [normPath(p.path)]),
      byName: index(activePlaces, (p) => [p.name]),
      byId: new Map(places.map((p) => [p.id, p])),
      active: activePlaces.map((p) => ({ key: normPath(p.path), row: p })),
    },
    departments: { byName: index(departments.filter((d) => d.active), (d) => [d.name, d.extra]), byId: new Map(departments.map((d) => [d.id, d])) },
    staff: { byKey: index(staff.filter((u) => u.active), (u) => [u.name, u.username, u.extra]), byId: new Map(staff.map((u) => [u.id, u])) },
    thresholdFen: settings.capitalisationThresholdFen,
  };
}

const WAYS: Record<string, AcquiredWay> = {
  购置: 'purchase', 购买: 'purchase', 采购: 'purchase', 购入: 'purchase', 新购: 'purchase', purchase: 'purchase', purchased: 'purchase', bought: 'purchase',
  捐赠: 'donation', 受赠: 'donation', 接受捐赠: 'donation', 捐助: 'donation', donation: 'donation', donated: 'donation',
  调拨: 'allocation', 划拨: 'allocation', 调入: 'allocation', 无偿调入: 'allocation', 上级配发: 'allocation', 配发: 'allocation', allocation: 'allocation', allocated: 'allocation', transfer: 'allocation',
  自建: 'self_built', 自制: 'self_built', 自行建造: 'self_built', 自建自制: 'self_built', self_built: 'self_built', selfbuilt: 'self_built', 'self-built': 'self_built', built: 'self_built',
};
const STATUSES: Record<string, AssetStatus> = {
  在用: 'in_use', 使用中: 'in_use', 正常: 'in_use', 正常使用: 'in_use', in_use: 'in_use', inuse: 'in_use', 'in use': 'in_use', used: 'in_use',
  闲置: 'idle', 未使用: 'idle', idle: 'idle', unused: 'idle',
  维修中: 'under_repair', 维修: 'under_repair', 待修: 'under_repair', 损坏: 'under_repair', under_repair: 'under_repair', 'under repair': 'under_repair', repair: 'under_repair',
  借出: 'lent', 外借: 'lent', lent: 'lent', 'lent out': 'lent',
  待报废: 'pending_disposal', 报废待处理: 'pending_disposal', pending_disposal: 'pending_disposal', 'pending disposal': 'pending_disposal',
  已处置: 'disposed', 已报废: 'disposed', 报废: 'disposed', disposed: 'disposed',
};
const YES = new Set(['是', '√', 'y', 'yes', 'true', '1', '低值', '低值易耗品']);
const NO = new Set(['否', '×', 'n', 'no', 'false', '0', '固定资产']);

/** 'YYYY-MM-DD' from the ways people write dates in a sheet (and Excel's day numbers); null if not a real date. */
export function parseDate(s: string): string | null {
  const t = s.trim();
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(t))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(t))) [y, m, d] = [Number(match[1]), Number(match[2]), 1];
  else if ((match = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (/^\d{4,5}(\.\d+)?$/.test(t) && Number(t) > 3000) {
    // An Excel day number (1900 date system): day 25569 is 1970-01-01.
    const dt = new Date(Math.round((Number(t) - 25569) * 86_400_000));
    return dt.toISOString().slice(0, 10);
  } else return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d || y < 1900 || y > 2200) return null;
  return dt.toISOString().slice(0, 10);
}

/** Yuan as written in a sheet ("1,234.50", "￥1234", "1234元") → fen; null if not an amount with at most 2 decimals. */
export function parseYuan(s: string): number | null {
  const t = s.replace(/[,，\s]/g, '').replace(/^[¥￥]/, '').replace(/元$/, '');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [i, f = ''] = t.split('.');
  const fen = Number(i) * 100 + Number(f.padEnd(2, '0'));
  return Number.isSafeInteger(fen) && fen <= 100_000_000_000 ? fen : null;
}

export type RowError = [field: string, message: string];

/** Validates one row and resolves its names to ids; the errors name the field in the job's language. */
export function parseRow(cells: (string | null)[], mapping: ImportMapping, lk: Lookups, locale: Locale): { values?: RowValues; errors: RowError[] } {
  const errors: RowError[] = [];
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const label = (f: string) => translate(locale, `assets.field.${f}`);
  const err = (f: string, key: string, params?: Record<string, string | number>) => { errors.push([f, `${label(f)}${sep}${translate(locale, `errors.assets.${key}`, params)}`]); };
  const get = (f: ImportField): string | null => {
    const i = mapping[f];
    return i === undefined ? null : cells[i] ?? null;
  };
  const given = new Set<string>();
  const text = (f: ImportField, max: number): string | null => {
    const v = get(f);
    if (mapping[f] !== undefined) given.add(f);
    if (v !== null && v.length > max) { err(f, 'tooLong', { max }); return null; }
    return v;
  };

  const code = text('code', 40);
  if (code !== null && !AssetCode.safeParse(code).success) err('code', 'codeInvalid');
  const name = text('name', 100);
  if (!name) err('name', 'required');

  let cls: ClassRow | undefined;
  const classText = get('classCode');
  if (!classText) err('classCode', 'required');
  else {
    const first = /^(\d{1,12})(?:\s|$|[-—.、])/.exec(classText);
    const byCode = first ? lk.classes.get(first[1]) : lk.classes.get(classText);
    const byName = lk.classByName.get(classText.toLowerCase());
    const found = byCode ?? (byName === 'ambiguous' ? undefined : byName);
    if (!found || !found.active) err('classCode', 'classUnknown', { value: classText });
    else cls = found;
  }
  const model = text('model', 100);
  const serialNo = text('serialNo', 100);
  const unit = text('unit', 10);
  const notes = text('notes', 1000);

  let quantity = 1;
  const q = get('quantity');
  if (mapping.quantity !== undefined) given.add('quantity');
  if (q !== null) {
    const n = Number(q.replace(/[,，\s]/g, ''));
    if (!Number.isInteger(n) || n < 1 || n > 1_000_000) err('quantity', 'quantityInvalid');
    else quantity = n;
  }
  let unitPriceFen: number | null = null;
  let originalValueFen: number | null = null;
  const up = get('unitPrice');
  const ov = get('originalValue');
  if (up !== null) { unitPriceFen = parseYuan(up); if (unitPriceFen === null) err('unitPrice', 'amountInvalid'); }
  if (ov !== null) { originalValueFen = parseYuan(ov); if (originalValueFen === null) err('originalValue', 'amountInvalid'); }
  if (up === null && ov === null) err(mapping.unitPrice !== undefined ? 'unitPrice' : 'originalValue', 'required');
  if (unitPriceFen === null && originalValueFen !== null) unitPriceFen = Math.round(originalValueFen / quantity);
  if (originalValueFen === null && unitPriceFen !== null) originalValueFen = unitPriceFen * quantity;
  if (mapping.unitPrice !== undefined || mapping.originalValue !== undefined) given.add('value');

  let acquiredOn: string | null = null;
  const aq = get('acquiredOn');
  if (!aq) err('acquiredOn', 'required');
  else { acquiredOn = parseDate(aq); if (!acquiredOn) err('acquiredOn', 'dateInvalid', { value: aq }); }
  let enteredOn: string | null = acquiredOn;
  const en = get('enteredOn');
  if (mapping.enteredOn !== undefined) given.add('enteredOn');
  if (en) { enteredOn = parseDate(en); if (!enteredOn) err('enteredOn', 'dateInvalid', { value: en }); }

  let acquiredWay: AcquiredWay = 'purchase';
  const way = get('acquiredWay');
  if (mapping.acquiredWay !== undefined) given.add('acquiredWay');
  if (way) { const w = WAYS[way.toLowerCase()]; if (!w) err('acquiredWay', 'wayUnknown', { value: way }); else acquiredWay = w; }

  let status: AssetStatus = 'in_use';
  const st = get('status');
  if (mapping.status !== undefined) given.add('status');
  if (st) {
    const v = STATUSES[st.toLowerCase()];
    if (!v) err('status', 'statusUnknown', { value: st });
    else if (v === 'pending_disposal' || v === 'disposed') err('status', 'statusByDisposal', { value: st });
    else status = v;
  }

  let locationId: number | null = null;
  const loc = get('location');
  if (mapping.location !== undefined) given.add('location');
  if (loc) {
    const key = loc.toLowerCase();
    const path = normPath(loc);
    const p = lk.places.byCode.get(key) ?? lk.places.byPath.get(path) ?? lk.places.byName.get(key) ?? (path.includes('/') ? placeBySuffix(lk.places.active, path) : undefined);
    if (p === 'ambiguous') err('location', 'placeAmbiguous', { value: loc });
    else if (!p) err('location', 'placeUnknown', { value: loc });
    else if (!p.active) err('location', 'placeInactive', { value: loc });
    else locationId = p.id;
  }
  let departmentId: number | null = null;
  const dep = get('department');
  if (mapping.department !== undefined) given.add('department');
  if (dep) {
    const d = lk.departments.byName.get(dep.toLowerCase());
    if (d === 'ambiguous' || !d) err('department', 'departmentUnknown', { value: dep });
    else departmentId = d.id;
  }
  let custodianId: number | null = null;
  const who = get('custodian');
  if (mapping.custodian !== undefined) given.add('custodian');
  if (who) {
    const u = lk.staff.byKey.get(who.toLowerCase());
    if (u === 'ambiguous') err('custodian', 'personAmbiguous', { value: who });
    else if (!u) err('custodian', 'personUnknown', { value: who });
    else custodianId = u.id;
  }
  let lowValue = unitPriceFen !== null && unitPriceFen < lk.thresholdFen;
  const lv = get('lowValue');
  if (lv) {
    const k = lv.toLowerCase();
    if (YES.has(k)) lowValue = true;
    else if (NO.has(k)) lowValue = false;
    else err('lowValue', 'yesNo', { value: lv });
  }
  if (errors.length) return { errors };
  return {
    errors,
    values: {
      code, name: name!, classCode: cls!.code, model, serialNo, unit, quantity, unitPriceFen: unitPriceFen!, originalValueFen: originalValueFen!,
      acquiredOn: acquiredOn!, enteredOn: enteredOn!, acquiredWay, status, lowValue, lifeMonths: lifeMonthsOf(cls!), locationId, departmentId, custodianId, notes, given,
    },
  };
}

// ── A chunk ──

/** What the whole run remembers between chunks: codes and name + serial numbers already seen in the sheet. */
export interface RunState { seenCodes: Map<string, number>; seenNameSerial: Map<string, number>; lastRun: string | null; jobId: number }

export interface ChunkResult { report: [number, ImportReportRow['status'], string | null, RowError[]][]; created: number; updated: number; unchanged: number; refused: number }

const nameSerialKey = (name: string, serial: string) => `${name.trim().toLowerCase()}\u0000${serial.trim().toLowerCase()}`;
const COMPARED = ['name', 'classCode', 'model', 'serialNo', 'unit', 'quantity', 'unitPriceFen', 'originalValueFen', 'acquiredOn', 'enteredOn', 'acquiredWay', 'status', 'lowValue', 'locationId', 'departmentId', 'custodianId', 'notes'] as const;
/** Fields an update leaves alone when the sheet has no column for them. */
const OPTIONAL_OF: Partial<Record<typeof COMPARED[number], string>> = {
  model: 'model', serialNo: 'serialNo', unit: 'unit', quantity: 'quantity', enteredOn: 'enteredOn', acquiredWay: 'acquiredWay', status: 'status',
  locationId: 'location', departmentId: 'department', custodianId: 'custodian', notes: 'notes',
};

/** Rows of the register as json_populate_recordset reads them (the table's own column names). */
function dbRow(v: Record<string, unknown>) {
  return {
    school_id: v.schoolId, id: v.id, code: v.code, name: v.name, class_code: v.classCode, model: v.model, serial_no: v.serialNo, unit: v.unit,
    quantity: v.quantity, unit_price_fen: v.unitPriceFen, original_value_fen: v.originalValueFen, acquired_on: v.acquiredOn, entered_on: v.enteredOn,
    acquired_way: v.acquiredWay, status: v.status, low_value: v.lowValue, life_months: v.lifeMonths,
    location_id: v.locationId, department_id: v.departmentId, custodian_id: v.custodianId, notes: v.notes, created_by: v.createdBy,
    created_at: v.createdAt, updated_at: v.updatedAt, version: v.version,
  };
}

function assetFromDb(r: Record<string, unknown>): AssetRow {
  const d = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));
  return {
    schoolId: Number(r.school_id), id: Number(r.id), code: String(r.code), name: String(r.name), classCode: String(r.class_code),
    model: (r.model as string | null) ?? null, serialNo: (r.serial_no as string | null) ?? null, unit: (r.unit as string | null) ?? null,
    quantity: Number(r.quantity), unitPriceFen: Number(r.unit_price_fen), originalValueFen: Number(r.original_value_fen),
    acquiredOn: d(r.acquired_on)!, enteredOn: d(r.entered_on)!, acquiredWay: String(r.acquired_way), status: String(r.status), lowValue: Boolean(r.low_value),
    lifeMonths: r.life_months == null ? null : Number(r.life_months),
    locationId: r.location_id == null ? null : Number(r.location_id), departmentId: r.department_id == null ? null : Number(r.department_id),
    custodianId: r.custodian_id == null ? null : Number(r.custodian_id), notes: (r.notes as string | null) ?? null, disposedOn: d(r.disposed_on),
    createdBy: r.created_by == null ? null : Number(r.created_by), version: Number(r.version),
    createdAt: new Date(String(r.created_at instanceof Date ? r.created_at.toISOString() : r.created_at)),
    updatedAt: new Date(String(r.updated_at instanceof Date ? r.updated_at.toISOString() : r.updated_at)),
  };
}

/**
 * Validates and (unless dry) writes one chunk of rows in the caller's transaction: one read of the
 * codes and one of the name + serial numbers already on the register, then one INSERT, one UPDATE,
 * one INSERT of timeline events and one audit entry.
 */
export async function importChunk(tx: Db, actor: Actor, rows: Sheet['rows'], mapping: ImportMapping, lk: Lookups, st: RunState, locale: Locale, dryRun: boolean, pattern: string, at: Date): Promise<ChunkResult> {
  const s = actor.schoolId;
  const res: ChunkResult = { report: [], created: 0, updated: 0, unchanged: 0, refused: 0 };
  const parsed = rows.map((r) => ({ row: r.row, ...parseRow(r.cells, mapping, lk, locale) }));
  const codes = parsed.filter((p) => p.values?.code).map((p) => p.values!.code!);
  const pairs = parsed.filter((p) => p.values && !p.values.code && p.values.serialNo).map((p) => [p.values!.name, p.values!.serialNo!] as const);
  const existingByCode = new Map<string, AssetRow>();
  if (codes.length) {
    // Locked when writing: a card edited meanwhile waits for this chunk (its version check then refuses a stale form).
    for (const r of await rowsOf<Record<string, unknown>>(tx, sql`SELECT * FROM assets WHERE school_id = ${s} AND code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)})
      ORDER BY id ${dryRun ? sql`` : sql`FOR UPDATE`}`)) existingByCode.set(String(r.code), assetFromDb(r));
  }
  const existingByNameSerial = new Map<string, string>();
  if (pairs.length) {
    const rs = await rowsOf<{ name: string; serial_no: string; code: string }>(tx, sql`SELECT name, serial_no, code FROM assets WHERE school_id = ${s}
      AND (lower(name), lower(serial_no)) IN (${sql.join(pairs.map(([n, sn]) => sql`(${n.toLowerCase()}, ${sn.toLowerCase()})`), sql`, `)})`);
    for (const r of rs) existingByNameSerial.set(nameSerialKey(r.name, r.serial_no), r.code);
  }
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const label = (f: string) => translate(locale, `assets.field.${f}`);
  const refuse = (f: string, key: string, params?: Record<string, string | number>): RowError => [f, `${label(f)}${sep}${translate(locale, `errors.assets.${key}`, params)}`];

  type Line = { row: number; status: ImportReportRow['status']; code: string | null; errors: RowError[] };
  const lines: Line[] = [];
  const inserts: { line: Line; v: RowValues }[] = [];
  const updates: { line: Line; before: AssetRow; after: AssetRow; changed: string[] }[] = [];
  for (const p of parsed) {
    const line: Line = { row: p.row, status: 'refused', code: p.values?.code ?? null, errors: p.errors };
    lines.push(line);
    const v = p.values;
    if (!v) continue;
    if (v.code) {
      const first = st.seenCodes.get(v.code.toLowerCase());
      if (first !== undefined) { line.errors = [refuse('code', 'importCodeTwice', { row: first, value: v.code })]; continue; }
      st.seenCodes.set(v.code.toLowerCase(), p.row);
      const before = existingByCode.get(v.code);
      if (before) {
        if (before.status === 'disposed') { line.errors = [refuse('code', 'importDisposed', { value: v.code })]; continue; }
        const after: AssetRow = { ...before };
        const changed: string[] = [];
        for (const k of COMPARED) {
          const opt = OPTIONAL_OF[k];
          if (opt && !v.given.has(opt)) continue;
          let next: unknown = v[k as keyof RowValues];
          if (k === 'status' && before.status === 'pending_disposal') next = before.status;
          if (JSON.stringify(next ?? null) !== JSON.stringify(before[k] ?? null)) { (after as Record<string, unknown>)[k] = next ?? null; changed.push(k); }
        }
        if (changed.includes('classCode')) { after.lifeMonths = v.lifeMonths; changed.push('lifeMonths'); }
        // Waiting for its disposal, a card changes only through the disposal (unchanged rows are fine).
        if (before.status === 'pending_disposal' && (changed.length || (v.given.has('status') && v.status !== before.status))) {
          line.errors = [refuse(changed.length ? changed[0].replace(/Id$|Fen$/, '') : 'status', 'pendingDisposalStatus', { value: v.code })];
          continue;
        }
        line.code = before.code;
        if (!changed.length) { line.status = 'unchanged'; continue; }
        line.status = 'updated';
        updates.push({ line, before, after, changed });
        continue;
      }
    } else if (v.serialNo) {
      const key = nameSerialKey(v.name, v.serialNo);
      const onFile = existingByNameSerial.get(key);
      if (onFile) { line.errors = [refuse('serialNo', 'importSameAsset', { value: onFile })]; continue; }
      const first = st.seenNameSerial.get(key);
      if (first !== undefined) { line.errors = [refuse('serialNo', 'importSameRow', { row: first })]; continue; }
      st.seenNameSerial.set(key, p.row);
    }
    line.status = 'created';
    inserts.push({ line, v });
  }

  if (!dryRun && (inserts.length || updates.length)) {
    // Codes for the rows without one, from the school's pattern (one counter bump per prefix).
    const needCodes = inserts.filter((x) => !x.v.code);
    if (needCodes.length) {
      const made = await nextCodes(tx, s, pattern, needCodes.map((x) => x.v));
      needCodes.forEach((x, i) => { x.v.code = made[i]; });
    }
    let created: { id: number; code: string }[] = [];
    if (inserts.length) {
      const values = inserts.map(({ v }) => dbRow({
        schoolId: s, code: v.code, name: v.name, classCode: v.classCode, model: v.model, serialNo: v.serialNo, unit: v.unit, quantity: v.quantity,
        unitPriceFen: v.unitPriceFen, originalValueFen: v.originalValueFen, acquiredOn: v.acquiredOn, enteredOn: v.enteredOn, acquiredWay: v.acquiredWay,
        status: v.status, lowValue: v.lowValue, lifeMonths: v.lifeMonths,
        locationId: v.locationId, departmentId: v.departmentId, custodianId: v.custodianId, notes: v.notes, createdBy: actor.userId,
        createdAt: at.toISOString(), updatedAt: at.toISOString(), version: 1,
      }));
      const cols = Object.keys(values[0]).filter((c) => c !== 'id');
      const colList = sql.raw(cols.join(', '));
      created = (await rowsOf<{ id: number; code: string }>(tx, sql`INSERT INTO assets (${colList})
        SELECT ${colList} FROM json_populate_recordset(NULL::assets, ${JSON.stringify(values)}::json) RETURNING id, code`)).map((r) => ({ id: Number(r.id), code: r.code }));
      const ids = new Map(created.map((c) => [c.code, c.id]));
      inserts.forEach((x) => { x.line.code = x.v.code; });
      // Old assets arrive with the depreciation of the months already run (as of the school's last run).
      if (st.lastRun) await setAccumulated(tx, s, inserts.map((x) => ({ assetId: ids.get(x.v.code!)!, fen: accumulatedAt({ ...x.v, disposedOn: null }, st.lastRun!) })).filter((x) => x.fen > 0));
      await addEvents(tx, actor, inserts.map((x) => ({ assetId: ids.get(x.v.code!)!, kind: 'imported', data: { jobId: st.jobId, row: x.line.row } })), at);
    }
    if (updates.length) {
      const values = updates.map(({ after }) => dbRow({ ...after, createdAt: after.createdAt.toISOString(), updatedAt: at.toISOString() }));
      await tx.execute(sql`UPDATE assets a SET name = v.name, class_code = v.class_code, model = v.model, serial_no = v.serial_no, unit = v.unit,
          quantity = v.quantity, unit_price_fen = v.unit_price_fen, original_value_fen = v.original_value_fen, acquired_on = v.acquired_on,
          entered_on = v.entered_on, acquired_way = v.acquired_way, status = v.status, low_value = v.low_value, life_months = v.life_months,
          location_id = v.location_id, department_id = v.department_id, custodian_id = v.custodian_id,
          notes = v.notes, version = a.version + 1, updated_at = v.updated_at
        FROM json_populate_recordset(NULL::assets, ${JSON.stringify(values)}::json) v
        WHERE a.school_id = ${s} AND a.id = v.id AND a.version = v.version`);
      if (st.lastRun) await setAccumulated(tx, s, updates.map((u) => ({ assetId: u.before.id, fen: accumulatedAt(u.after, st.lastRun!) })));
      const events: ({ assetId: number } & EventInput)[] = [];
      const place = (id: number | null) => (id ? lk.places.byId.get(id)?.path ?? null : null);
      const dept = (id: number | null) => (id ? lk.departments.byId.get(id)?.name ?? null : null);
      const person = (id: number | null) => (id ? lk.staff.byId.get(id)?.name ?? null : null);
      for (const u of updates) {
        const fields = u.changed.filter((k) => !['locationId', 'departmentId', 'custodianId', 'lifeMonths'].includes(k));
        const bv = auditView(u.before) as Record<string, unknown>;
        const av = auditView(u.after) as Record<string, unknown>;
        if (fields.length) events.push({ assetId: u.before.id, kind: 'updated', data: { jobId: st.jobId, row: u.line.row, fields, before: Object.fromEntries(fields.map((k) => [k, bv[k]])), after: Object.fromEntries(fields.map((k) => [k, av[k]])) } });
        const moved: Record<string, unknown> = {};
        if (u.changed.includes('locationId')) moved.locationId = { from: u.before.locationId, fromName: place(u.before.locationId), to: u.after.locationId, toName: place(u.after.locationId) };
        if (u.changed.includes('departmentId')) moved.departmentId = { from: u.before.departmentId, fromName: dept(u.before.departmentId), to: u.after.departmentId, toName: dept(u.after.departmentId) };
        if (u.changed.includes('custodianId')) moved.custodianId = { from: u.before.custodianId, fromName: person(u.before.custodianId), to: u.after.custodianId, toName: person(u.after.custodianId) };
        if (Object.keys(moved).length) events.push({ assetId: u.before.id, kind: 'transferred', note: null, data: { jobId: st.jobId, ...moved } });
      }
      await addEvents(tx, actor, events, at);
    }
    await recordAudit(tx, actor, {
      entity: 'assetImport', entityId: st.jobId, action: 'import',
      after: {
        rows: [rows[0]?.row, rows[rows.length - 1]?.row],
        created: created.map((c) => c.code),
        updated: updates.map((u) => ({
          code: u.before.code,
          before: Object.fromEntries(u.changed.map((k) => [k, (u.before as Record<string, unknown>)[k] ?? null])),
          after: Object.fromEntries(u.changed.map((k) => [k, (u.after as Record<string, unknown>)[k] ?? null])),
        })),
      },
    });
  }
  for (const l of lines) {
    res[l.status]++;
    res.report.push([l.row, l.status, l.code, l.errors]);
  }
  return res;
}

const Rollback = Symbol('rollback');
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Processes a queued job (or one whose runner died: its lease ran out). The claim is a conditional
 * UPDATE, so two runners never process one job. Chunks commit one by one (a dry run rolls each
 * back); progress is written after each, and the event loop is given back between them.
 * Returns false when there was nothing to claim.
 */
export async function processImportJob(db: Db, clock: Clock, schoolId: number, id: number): Promise<boolean> {
  const now = clock.now();
  const [claimed] = await db.update(assetImportJobs).set({ state: 'running', leaseUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now })
    .where(and(eq(assetImportJobs.schoolId, schoolId), eq(assetImportJobs.id, id),
      sql`(${assetImportJobs.state} = 'queued' OR (${assetImportJobs.state} = 'running' AND ${assetImportJobs.leaseUntil} < ${now.toISOString()}))`))
    .returning({ ...JOB_COLUMNS, data: assetImportJobs.data });
  if (!claimed) return false;
  const j = claimed;
  try {
    const [user] = await rowsOf<{ name: string }>(db, sql`SELECT name FROM users WHERE school_id = ${schoolId} AND id = ${j.createdBy}`);
    const actor: Actor = { schoolId, userId: j.createdBy, name: user?.name ?? null, ip: null };
    const locale = j.locale as Locale;
    const sheet = await readSheet(j.data!);
    await yieldToLoop();
    const lk = await loadLookups(db, schoolId);
    const settings = await assetsSettingsOf(db, schoolId);
    const st: RunState = { seenCodes: new Map(), seenNameSerial: new Map(), lastRun: await lastRunMonth(db, schoolId), jobId: id };
    const mapping = j.mapping as ImportMapping;
    if (!j.dryRun) await ensureDepreciationSchedule(db, schoolId, localDate(clock.now(), await schoolTimezone(db, schoolId)));
    const totals = { processed: 0, created: 0, updated: 0, unchanged: 0, refused: 0 };
    const report: ChunkResult['report'] = [];
    for (let i = 0; i < sheet.rows.length; i += CHUNK) {
      const rows = sheet.rows.slice(i, i + CHUNK);
      let result: ChunkResult | undefined;
      // A chunk that meets a concurrent change (a code just registered by hand) is tried again from its own state.
      for (let attempt = 0; ; attempt++) {
        const saved: RunState = { ...st, seenCodes: new Map(st.seenCodes), seenNameSerial: new Map(st.seenNameSerial) };
        try {
          await db.transaction(async (txRaw) => {
            result = await importChunk(txRaw as unknown as Db, actor, rows, mapping, lk, st, locale, j.dryRun, settings.codePattern, clock.now());
            if (j.dryRun) throw Rollback;
          });
          break;
        } catch (e) {
          if (e === Rollback) break;
          Object.assign(st, saved);
          if (attempt >= 2) throw e;
        }
      }
      report.push(...result!.report);
      totals.processed += rows.length;
      for (const k of ['created', 'updated', 'unchanged', 'refused'] as const) totals[k] += result![k];
      const t = clock.now();
      await db.update(assetImportJobs).set({ ...totals, leaseUntil: new Date(t.getTime() + LEASE_MS), updatedAt: t })
        .where(and(eq(assetImportJobs.schoolId, schoolId), eq(assetImportJobs.id, id)));
      await yieldToLoop();
    }
    const end = clock.now();
    await db.update(assetImportJobs).set({
      ...totals, state: j.dryRun ? 'checked' : 'done', report, leaseUntil: null, finishedAt: end, updatedAt: end,
      // The sheet is kept for the real run after a dry run; once imported it is no longer needed.
      ...(j.dryRun ? {} : { data: null }),
    }).where(and(eq(assetImportJobs.schoolId, schoolId), eq(assetImportJobs.id, id)));
  } catch (e) {
    const end = clock.now();
    const message = e instanceof AppError ? translate(j.locale as Locale, `errors.${e.code}`, e.details.params) : String((e as Error)?.message ?? e).slice(0, 500);
    await db.update(assetImportJobs).set({ state: 'failed', error: message, leaseUntil: null, finishedAt: end, updatedAt: end })
      .where(and(eq(assetImportJobs.schoolId, schoolId), eq(assetImportJobs.id, id)));
    if (!(e instanceof AppError)) throw e;
  }
  return true;
}

/** The job runner's sweep: queued jobs nobody picked up (a restart) and running jobs whose runner died. */
export async function runPendingImports(db: Db, clock: Clock, opts: { schoolId?: number } = {}): Promise<number> {
  const now = clock.now().toISOString();
  const rows = await rowsOf<{ school_id: number; id: number }>(db, sql`SELECT school_id, id FROM asset_import_jobs
    WHERE (state = 'queued' OR (state = 'running' AND lease_until < ${now}))
      ${opts.schoolId !== undefined ? sql`AND school_id = ${opts.schoolId}` : sql``}
    ORDER BY created_at LIMIT 5`);
  let n = 0;
  for (const r of rows) if (await processImportJob(db, clock, Number(r.school_id), Number(r.id))) n++;
  return n;
}
