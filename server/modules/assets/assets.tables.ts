import { sql } from 'drizzle-orm';
import { pgTable, integer, bigint, text, boolean, date, jsonb, timestamp, customType, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools, users } from '../../platform/platform.tables';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });
/** Money in fen; buildings pass 2^31 fen (21 million 元), so bigint read as a JS number (exact below 2^53). */
const fen = (name: string) => bigint(name, { mode: 'number' });
/** Raw bytes: PGlite hands back a Uint8Array, pg a Buffer; both come out as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/*
 * The asset register (资产卡片, RULES.md "Assets"). Lists are keyset-sorted by (code, id): every list
 * filter has an index that starts (school_id, <filter>) and ends (code, id), so a page is one
 * ordered index range. Location, department and custodian are ids of org's rows, checked through
 * org's refs (modules share no foreign keys); the custodian is a user, with a foreign key like repairs.
 */
export const assets = pgTable('assets', {
  ...schoolColumns(),
  /** 资产编号: unique within the school; given, or made from the school's pattern (assets settings). */
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** 分类代码: a code of the school's class list (asset_classes), GB/T 14885 top class first. */
  classCode: text('class_code').notNull(),
  model: text('model'),
  serialNo: text('serial_no'),
  unit: text('unit'),
  quantity: integer('quantity').notNull().default(1),
  unitPriceFen: fen('unit_price_fen').notNull(),
  /** 原值: unit price × quantity unless given (an imported sheet's 原值 wins). */
  originalValueFen: fen('original_value_fen').notNull(),
  /** 取得日期 and 入账日期; depreciation starts the month after entry. */
  acquiredOn: date('acquired_on', { mode: 'string' }).notNull(),
  enteredOn: date('entered_on', { mode: 'string' }).notNull(),
  acquiredWay: text('acquired_way').notNull(),
  status: text('status').notNull(),
  /** 低值易耗品: below the school's capitalisation threshold (or so marked); listed apart, never depreciated. */
  lowValue: boolean('low_value').notNull().default(false),
  /** The depreciation life in months, copied from the class when the asset is entered (or its class changes);
   *  null for classes that are not depreciated (land, 文物和陈列品, 图书档案, 动植物). */
  lifeMonths: integer('life_months'),
  locationId: integer('location_id'),
  departmentId: integer('department_id'),
  custodianId: integer('custodian_id'),
  notes: text('notes'),
  /** The day it left the register (status disposed); depreciation stops after that month. */
  disposedOn: date('disposed_on', { mode: 'string' }),
  createdBy: integer('created_by'),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('assets_school_code_uq').on(t.schoolId, t.code),
  // Class filters are prefixes of the class code (a class and its sub-classes): a range of this index.
  index('assets_school_class_idx').on(t.schoolId, t.classCode.op('text_pattern_ops'), t.code, t.id),
  index('assets_school_status_idx').on(t.schoolId, t.status, t.code, t.id),
  index('assets_school_location_idx').on(t.schoolId, t.locationId, t.code, t.id),
  index('assets_school_department_idx').on(t.schoolId, t.departmentId, t.code, t.id),
  index('assets_school_custodian_idx').on(t.schoolId, t.custodianId, t.code, t.id),
  index('assets_school_low_value_idx').on(t.schoolId, t.lowValue, t.code, t.id),
  index('assets_school_price_idx').on(t.schoolId, t.unitPriceFen, t.id),
  // Re-imports without a code look for the same name and serial number.
  index('assets_school_name_serial_idx').on(t.schoolId, t.name, t.serialNo),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.custodianId], foreignColumns: [users.schoolId, users.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);

/**
 * Accumulated depreciation of an asset at the end of the school's last month run
 * (asset_depreciation_runs); absent means 0. Kept apart from the card on purpose: a month's run
 * rewrites thousands of these, and a narrow row with one index costs a tenth of rewriting the
 * card with its nine indexes. Registration, edits and imports keep it right between runs.
 */
export const assetDepreciation = pgTable('asset_depreciation', {
  schoolId: integer('school_id').notNull(),
  assetId: integer('asset_id').notNull(),
  accumulatedFen: fen('accumulated_fen').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.assetId] }),
  foreignKey({ columns: [t.schoolId, t.assetId], foreignColumns: [assets.schoolId, assets.id] }).onDelete('cascade'),
]);

/** The card's timeline: registered, edited, transferred, status changes, imports, and the process part's events. */
export const assetEvents = pgTable('asset_events', {
  ...schoolColumns(),
  assetId: integer('asset_id').notNull(),
  kind: text('kind').notNull(),
  at: ts('at').notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  note: text('note'),
  /** The document behind the event (a stocktake, damage report, disposal …), for a link. */
  refKind: text('ref_kind'),
  refId: integer('ref_id'),
  data: jsonb('data'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('asset_events_school_asset_idx').on(t.schoolId, t.assetId, t.id),
  foreignKey({ columns: [t.schoolId, t.assetId], foreignColumns: [assets.schoolId, assets.id] }).onDelete('cascade'),
]);

/** The school's class list (GB/T 14885 top classes and common sub-classes), seeded per school, editable. */
export const assetClasses = pgTable('asset_classes', {
  ...schoolColumns(),
  code: text('code').notNull(),
  /** The parent class's code (null for a top class); a code starts with its parent's. */
  parentCode: text('parent_code'),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  /** Depreciation life in years; null with `depreciable` false. */
  lifeYears: integer('life_years'),
  depreciable: boolean('depreciable').notNull().default(true),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('asset_classes_school_code_uq').on(t.schoolId, t.code),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/** Counters behind generated codes: one row per school and code prefix (the pattern without its sequence). */
export const assetCodeCounters = pgTable('asset_code_counters', {
  schoolId: integer('school_id').notNull(),
  prefix: text('prefix').notNull(),
  last: integer('last').notNull(),
}, (t) => [primaryKey({ columns: [t.schoolId, t.prefix] })]);

/** One run of the monthly depreciation per school and month: running a month twice finds its row. */
export const assetDepreciationRuns = pgTable('asset_depreciation_runs', {
  ...schoolColumns(),
  /** 'YYYY-MM' */
  month: text('month').notNull(),
  ranAt: ts('ran_at').notNull(),
  /** Who ran it; null for the monthly schedule. */
  ranBy: integer('ran_by'),
  assetCount: integer('asset_count').notNull(),
  amountFen: fen('amount_fen').notNull(),
  /** Per class code: { count, amountFen } booked by this run. */
  byClass: jsonb('by_class').$type<Record<string, { count: number; amountFen: number }>>().notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('asset_depreciation_runs_school_month_uq').on(t.schoolId, t.month),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.ranBy], foreignColumns: [users.schoolId, users.id] }),
]);

/**
 * An Excel import (upload → mapping → dry run → run), processed in chunks by a background job so
 * other requests keep answering. The sheet is kept here until the job finishes.
 */
export const assetImportJobs = pgTable('asset_import_jobs', {
  ...schoolColumns(),
  createdBy: integer('created_by').notNull(),
  fileName: text('file_name'),
  data: bytea('data'),
  headers: jsonb('headers').$type<string[]>().notNull(),
  /** Field → column index of the sheet (confirmed by the user). */
  mapping: jsonb('mapping').$type<Record<string, number>>(),
  /** uploaded → queued → running → checked (a dry run) | done | failed */
  state: text('state').notNull(),
  dryRun: boolean('dry_run').notNull().default(false),
  locale: text('locale').notNull().default('zh-CN'),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  refused: integer('refused').notNull().default(0),
  /** Per row: [row, status, code, errors] (compact; errors are field-named messages in the job's locale). */
  report: jsonb('report').$type<unknown[]>(),
  error: text('error'),
  /** A runner holds the job until then (a crashed server's job is taken over after it). */
  leaseUntil: ts('lease_until'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('asset_import_jobs_school_created_idx').on(t.schoolId, t.createdAt, t.id),
  index('asset_import_jobs_pending_idx').on(t.state).where(sql`state IN ('queued', 'running')`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
  foreignKey({ columns: [t.schoolId, t.createdBy], foreignColumns: [users.schoolId, users.id] }),
]);
