import { z } from 'zod';
import { ListQuery, boolQuery, Id } from './common';
import { FileRef, FileIds } from './files';

// The asset register (SPEC §5.1, RULES.md "Assets"): cards, classes, transfers, import, labels,
// depreciation and the ledger. Money in fen (integers), dates 'YYYY-MM-DD', months 'YYYY-MM'.

export const ASSET_STATUSES = ['in_use', 'idle', 'under_repair', 'lent', 'pending_disposal', 'disposed'] as const;
export const AssetStatus = z.enum(ASSET_STATUSES);
export type AssetStatus = z.infer<typeof AssetStatus>;
/** What a person may set on a card by hand; pending_disposal and disposed come from the disposal process. */
export const EDITABLE_STATUSES = ['in_use', 'idle', 'under_repair', 'lent'] as const;
export const EditableStatus = z.enum(EDITABLE_STATUSES);

export const ACQUIRED_WAYS = ['purchase', 'donation', 'allocation', 'self_built'] as const;
export const AcquiredWay = z.enum(ACQUIRED_WAYS);
export type AcquiredWay = z.infer<typeof AcquiredWay>;

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine((s) => {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}, 'invalid date');
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
/** Fen: an exact integer; 10 亿元 at most. */
const Fen = z.number().int().min(0).max(100_000_000_000);
const text = (max: number) => z.string().trim().max(max).nullish();
/** An asset code: printable, no spaces at the ends, nothing that breaks a URL path. */
export const AssetCode = z.string().trim().min(1).max(40).regex(/^[^\s/?#%\\]+$/, 'letters, digits and - _ . only');
export const ClassCode = z.string().trim().min(1).max(12).regex(/^\d+$/, 'digits');

// ── Settings (module 'assets', via /api/v1/settings/assets) ──
export const CODE_PATTERN_TOKENS = ['{class}', '{top}', '{year}', '{seq}'] as const;
export const AssetsSettings = z.object({
  /** 固定资产 from this unit price up (RULES.md: 1000 元 national, 500/800 in some counties); below it 低值易耗品. */
  capitalisationThresholdFen: z.number().int().min(0).max(10_000_000),
  /** Generated codes: {class} class code, {top} top class, {year} acquisition year, {seq} / {seq:5} the counter. */
  codePattern: z.string().trim().min(3).max(40).refine((p) => /\{seq(:\d)?\}/.test(p), 'must contain {seq}')
    .refine((p) => !/[\s/?#%\\]/.test(p.replace(/\{[^}]*\}/g, '')), 'no spaces or / ? # % \\'),
});
export type AssetsSettings = z.infer<typeof AssetsSettings>;
export const DEFAULT_ASSETS_SETTINGS: AssetsSettings = { capitalisationThresholdFen: 100_000, codePattern: '{class}-{year}-{seq}' };

// ── Classes (GB/T 14885) ──
export const AssetClass = z.object({
  id: z.number(),
  code: z.string(),
  parentCode: z.string().nullable(),
  name: z.string(),
  nameEn: z.string().nullable(),
  lifeYears: z.number().nullable(),
  depreciable: z.boolean(),
  active: z.boolean(),
  version: z.number(),
  /** Assets of this class and its sub-classes on the register (not disposed). */
  assetCount: z.number(),
});
export type AssetClass = z.infer<typeof AssetClass>;
export const CreateAssetClassInput = z.object({
  code: ClassCode,
  parentCode: ClassCode.nullish(),
  name: z.string().trim().min(1).max(60),
  nameEn: text(80),
  lifeYears: z.number().int().min(1).max(100).nullish(),
  depreciable: z.boolean().default(true),
});
export type CreateAssetClassInput = z.infer<typeof CreateAssetClassInput>;
export const UpdateAssetClassInput = z.object({
  name: z.string().trim().min(1).max(60).optional(),
  nameEn: text(80),
  lifeYears: z.number().int().min(1).max(100).nullish(),
  depreciable: z.boolean().optional(),
  active: z.boolean().optional(),
  version: z.number().int().positive(),
});
export type UpdateAssetClassInput = z.infer<typeof UpdateAssetClassInput>;

// ── The card ──
const cardFields = {
  name: z.string().trim().min(1).max(100),
  classCode: ClassCode,
  model: text(100),
  serialNo: text(100),
  unit: text(10),
  quantity: z.number().int().min(1).max(1_000_000).default(1),
  unitPriceFen: Fen,
  /** 原值; unit price × quantity when left out. */
  originalValueFen: Fen.nullish(),
  acquiredOn: dateOnly,
  /** 入账日期; the acquisition date when left out. */
  enteredOn: dateOnly.nullish(),
  acquiredWay: AcquiredWay.default('purchase'),
  /** 低值易耗品: by default, a unit price under the school's threshold; set to override (e.g. a batch of desks booked as a fixed asset). */
  lowValue: z.boolean().nullish(),
  locationId: Id.nullish(),
  departmentId: Id.nullish(),
  custodianId: Id.nullish(),
  notes: text(1000),
};

export const CreateAssetInput = z.object({
  /** Left out: made from the school's code pattern. */
  code: AssetCode.nullish(),
  ...cardFields,
  status: EditableStatus.default('in_use'),
  photoIds: FileIds(6).default([]),
});
export type CreateAssetInput = z.input<typeof CreateAssetInput>;
export type CreateAssetValues = z.output<typeof CreateAssetInput>;

export const UpdateAssetInput = z.object({
  code: AssetCode,
  ...cardFields,
  quantity: z.number().int().min(1).max(1_000_000),
  acquiredWay: AcquiredWay,
  status: EditableStatus,
  /** The card's photos after the edit (replaces the set). */
  photoIds: FileIds(6),
}).partial().extend({ version: z.number().int().positive() });
export type UpdateAssetInput = z.infer<typeof UpdateAssetInput>;

export const Asset = z.object({
  id: z.number(),
  schoolId: z.number(),
  code: z.string(),
  name: z.string(),
  classCode: z.string(),
  className: z.string(),
  model: z.string().nullable(),
  serialNo: z.string().nullable(),
  unit: z.string().nullable(),
  quantity: z.number(),
  unitPriceFen: z.number(),
  originalValueFen: z.number(),
  acquiredOn: z.string(),
  enteredOn: z.string(),
  acquiredWay: AcquiredWay,
  status: AssetStatus,
  lowValue: z.boolean(),
  /** null: not depreciated (its class, or a low-value item). */
  lifeMonths: z.number().nullable(),
  monthlyFen: z.number(),
  accumulatedFen: z.number(),
  depreciatedThrough: z.string().nullable(),
  netValueFen: z.number(),
  locationId: z.number().nullable(),
  locationName: z.string().nullable(),
  locationPath: z.string().nullable(),
  departmentId: z.number().nullable(),
  departmentName: z.string().nullable(),
  custodianId: z.number().nullable(),
  custodianName: z.string().nullable(),
  notes: z.string().nullable(),
  disposedOn: z.string().nullable(),
  photos: z.array(FileRef),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Asset = z.infer<typeof Asset>;

export const AssetEvent = z.object({
  id: z.number(),
  kind: z.string(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable(),
  note: z.string().nullable(),
  refKind: z.string().nullable(),
  refId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type AssetEvent = z.infer<typeof AssetEvent>;

export const AssetDetail = Asset.extend({
  events: z.array(AssetEvent),
  /** The reader may edit, transfer and label it. */
  canManage: z.boolean(),
});
export type AssetDetail = z.infer<typeof AssetDetail>;

const idList = (max: number) => z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v),
  z.array(Id).min(1).max(max),
);
const statusList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v),
  z.array(AssetStatus).min(1).max(ASSET_STATUSES.length),
);
const yuanQuery = z.coerce.number().int().min(0).max(100_000_000_000);

/** The list's filters (also of the export and the labels). Disposed assets are left out unless asked for by status. */
export const AssetFilters = z.object({
  q: z.string().trim().max(100).optional(),
  /** A class and its sub-classes (a prefix of the class code). */
  classCode: z.string().trim().regex(/^\d{1,12}$/).optional(),
  status: statusList.optional(),
  /** A place and every place under it. */
  locationId: Id.optional(),
  /** The same, by the place's code (e.g. a room label's code; one code in each school of a district reader). */
  locationCode: z.string().trim().min(1).max(40).optional(),
  departmentId: Id.optional(),
  /** 名下资产: a person's assets (e.g. when they leave the school). */
  custodianId: Id.optional(),
  /** Unit price range, in fen. */
  priceMinFen: yuanQuery.optional(),
  priceMaxFen: yuanQuery.optional(),
  /** true: 低值易耗品 only; false: fixed assets only. */
  lowValue: boolQuery.optional(),
  /** Only the reader's own assets. */
  mine: boolQuery.optional(),
  schoolId: z.coerce.number().int().positive().optional(),
});
export type AssetFilters = z.infer<typeof AssetFilters>;
export const AssetListQuery = ListQuery.extend(AssetFilters.shape);
export type AssetListQuery = z.infer<typeof AssetListQuery>;
export const ASSET_SORTS = ['code', 'name', 'acquiredOn', 'unitPriceFen', 'updatedAt'] as const;

/** A staff member to choose as custodian (the register's own picker: the storekeeper cannot read the staff list). */
export const AssetPerson = z.object({ id: z.number(), name: z.string(), username: z.string(), post: z.string().nullable(), departmentName: z.string().nullable(), assetCount: z.number() });
export type AssetPerson = z.infer<typeof AssetPerson>;

export const CodeParams = z.object({ code: z.string().trim().min(1).max(40) });

// ── Transfers ──
const transferFields = {
  locationId: Id.nullish(),
  departmentId: Id.nullish(),
  custodianId: Id.nullish(),
  note: z.string().trim().max(500).nullish(),
};
const somethingToMove = (v: { locationId?: unknown; departmentId?: unknown; custodianId?: unknown }) =>
  v.locationId !== undefined || v.departmentId !== undefined || v.custodianId !== undefined;
export const TransferInput = z.object({ ...transferFields, version: z.number().int().positive().optional() })
  .refine(somethingToMove, { message: 'nothing to transfer', path: ['locationId'], params: { i18n: 'assets.transferEmpty' } });
export type TransferInput = z.infer<typeof TransferInput>;
export const BulkTransferInput = z.object({ ids: z.array(Id).min(1).max(500), ...transferFields })
  .refine(somethingToMove, { message: 'nothing to transfer', path: ['locationId'], params: { i18n: 'assets.transferEmpty' } });
export type BulkTransferInput = z.infer<typeof BulkTransferInput>;
export const BulkTransferResult = z.object({ moved: z.number() });

// ── Import ──
/** The fields a sheet's columns map onto (资产卡片 fields). */
export const IMPORT_FIELDS = [
  'code', 'name', 'classCode', 'model', 'serialNo', 'unit', 'quantity', 'unitPrice', 'originalValue',
  'acquiredOn', 'enteredOn', 'acquiredWay', 'status', 'location', 'department', 'custodian', 'lowValue', 'notes',
] as const;
export const ImportField = z.enum(IMPORT_FIELDS);
export type ImportField = z.infer<typeof ImportField>;
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['name', 'classCode', 'unitPrice', 'acquiredOn'];

export const ImportMapping = z.partialRecord(ImportField, z.number().int().min(0).max(200));
export type ImportMapping = z.infer<typeof ImportMapping>;

export const ImportUpload = z.object({
  jobId: z.number(),
  fileName: z.string().nullable(),
  headers: z.array(z.string()),
  /** The first rows, as text, to show beside the mapping. */
  sample: z.array(z.array(z.string())),
  rowCount: z.number(),
  /** Suggested from the header names (Chinese or English); the user confirms or changes it. */
  mapping: ImportMapping,
});
export type ImportUpload = z.infer<typeof ImportUpload>;

export const ImportRunInput = z.object({ mapping: ImportMapping, dryRun: z.boolean().default(true) });
export type ImportRunInput = z.infer<typeof ImportRunInput>;

export const IMPORT_STATES = ['uploaded', 'queued', 'running', 'checked', 'done', 'failed'] as const;
export const ImportRowStatus = z.enum(['created', 'updated', 'unchanged', 'refused']);
export const ImportReportRow = z.object({
  row: z.number(),
  status: ImportRowStatus,
  code: z.string().nullable(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type ImportReportRow = z.infer<typeof ImportReportRow>;
export const ImportJob = z.object({
  id: z.number(),
  state: z.enum(IMPORT_STATES),
  dryRun: z.boolean(),
  fileName: z.string().nullable(),
  headers: z.array(z.string()),
  mapping: ImportMapping.nullable(),
  total: z.number(),
  processed: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  refused: z.number(),
  error: z.string().nullable(),
  /** The per-row report once the job has finished (checked, done). */
  rows: z.array(ImportReportRow).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

// ── Labels ──
export const LABEL_SIZES = ['a4-24', '40x30'] as const;
export const MAX_LABELS = 2000;
export const LabelsQuery = AssetFilters.extend({
  ids: idList(MAX_LABELS).optional(),
  size: z.enum(LABEL_SIZES).default('a4-24'),
});
export type LabelsQuery = z.infer<typeof LabelsQuery>;

// ── Depreciation and the ledger ──
export const DepreciationRunInput = z.object({ month: Month });
export const DepreciationRun = z.object({
  month: z.string(),
  ranAt: z.string(),
  ranByName: z.string().nullable(),
  assetCount: z.number(),
  amountFen: z.number(),
  byClass: z.record(z.string(), z.object({ count: z.number(), amountFen: z.number() })),
  /** false: the month had been run already; nothing changed. */
  created: z.boolean(),
});
export type DepreciationRun = z.infer<typeof DepreciationRun>;

export const LedgerQuery = z.object({ month: Month.optional(), schoolId: z.coerce.number().int().positive().optional() });
export const LedgerRow = z.object({
  classCode: z.string(),
  className: z.string(),
  /** 0 for a top class, 1 for its sub-classes. */
  level: z.number(),
  count: z.number(),
  quantity: z.number(),
  originalFen: z.number(),
  accumulatedFen: z.number(),
  netFen: z.number(),
  monthFen: z.number(),
});
export type LedgerRow = z.infer<typeof LedgerRow>;
export const Ledger = z.object({
  month: z.string(),
  schoolName: z.string(),
  /** The month's depreciation run, when it has been run. */
  run: z.object({ ranAt: z.string(), amountFen: z.number() }).nullable(),
  rows: z.array(LedgerRow),
  totals: LedgerRow.omit({ classCode: true, className: true, level: true }),
  lowValue: z.object({ count: z.number(), quantity: z.number(), originalFen: z.number() }),
});
export type Ledger = z.infer<typeof Ledger>;
