import { z } from 'zod';
import { ListQuery, boolQuery, Id, HistoryEntry } from './common';
import { FileRef, FileIds } from './files';
import { isRealDate } from './schedules';

// Canteen supply (SPEC §5.5, RULES.md "Canteen"): suppliers and their licences (admission, expiry
// alerts), intake inspection 进货查验 with certificates 索证索票 and the bulk-staple two-inspector rule,
// retention-protected intake records, daily meal counts, store usage 领用 and the monthly cost
// account 成本核算 of a 公益性 canteen. Money in integer fen; quantities with up to 3 decimals.

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isRealDate, { message: 'invalid date' });
export const SupplyMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const text = (max: number) => z.string().trim().max(max);
/** Optional text: empty means none (null); left out stays undefined (an update keeps the old value). */
const optText = (max: number) => z.string().trim().max(max).nullish().transform((v) => (v === undefined ? undefined : v || null));
const Fen = z.number().int().min(0).max(1_000_000_000);
/** A quantity: positive, at most 3 decimals. */
const Quantity = z.number().positive().max(10_000_000).refine((v) => Math.abs(Math.round(v * 1000) - v * 1000) < 1e-6, { message: 'at most 3 decimals' });

export const MEALS = ['breakfast', 'lunch', 'dinner'] as const;
export const Meal = z.enum(MEALS);
export type Meal = z.infer<typeof Meal>;

export const LICENCE_KINDS = ['food_business', 'food_production', 'business_licence', 'animal_quarantine', 'other'] as const;
export const LicenceKind = z.enum(LICENCE_KINDS);
export type LicenceKind = z.infer<typeof LicenceKind>;

export const SUPPLIER_STATUSES = ['admitted', 'suspended'] as const;
export const SupplierStatus = z.enum(SUPPLIER_STATUSES);

export const ITEM_CATEGORIES = ['grain', 'oil', 'meat', 'poultry', 'aquatic', 'egg', 'dairy', 'vegetable', 'fruit', 'bean', 'condiment', 'other'] as const;
export const ItemCategory = z.enum(ITEM_CATEGORIES);
export type ItemCategory = z.infer<typeof ItemCategory>;
/** Categories whose accepted items need their own certificate (动物检疫合格证明 / 肉品品质检验合格证明). */
export const ITEM_CERT_CATEGORIES: readonly ItemCategory[] = ['meat', 'poultry'];

/** Where an accepted item goes: straight to the kitchen (the day's cost) or into the store (cost when used). */
export const DESTINATIONS = ['kitchen', 'store'] as const;
export const Destination = z.enum(DESTINATIONS);
export const ITEM_RESULTS = ['accepted', 'refused'] as const;
export const ItemResult = z.enum(ITEM_RESULTS);
export const DISPOSALS = ['returned', 'destroyed'] as const;
export const Disposal = z.enum(DISPOSALS);

/** Roles that read the canteen's supply and costs (besides the canteen manager who writes). */
export const SUPPLY_READERS = ['admin', 'principal', 'vice_principal', 'director', 'accountant'] as const;

// ── Settings (module 'canteenSupply', via /api/v1/settings/canteenSupply) ──
const MealPrices = z.object({ breakfast: Fen, lunch: Fen, dinner: Fen });
export type MealPrices = z.infer<typeof MealPrices>;
export const CanteenSupplySettings = z.object({
  /** Licence expiry alert: this many days before a licence expires. */
  licenceAlertDays: z.number().int().min(1).max(365),
  /** 大宗食材: item names taken as bulk staples by default (the item's own flag decides). */
  bulkStaples: z.array(text(40).min(1)).max(200),
  /** Bulk staples need at least this many inspectors (RULES.md: two or more). */
  bulkInspectors: z.number().int().min(2).max(10),
  /** 公益性: a monthly margin (surplus / income) above this percent is flagged. */
  marginLimitPercent: z.number().min(0).max(100),
  /** Meal prices in fen, used for the month's fee income when no income is entered. */
  studentPrices: MealPrices,
  staffPrices: MealPrices,
});
export type CanteenSupplySettings = z.infer<typeof CanteenSupplySettings>;
export const DEFAULT_CANTEEN_SUPPLY_SETTINGS: CanteenSupplySettings = {
  licenceAlertDays: 30,
  bulkStaples: ['大米', '面粉', '食用油', '猪肉', '牛肉', '羊肉', '鸡肉', '鸡蛋', '面条', '挂面', '大豆油', '菜籽油'],
  bulkInspectors: 2,
  marginLimitPercent: 5,
  studentPrices: { breakfast: 300, lunch: 600, dinner: 500 },
  staffPrices: { breakfast: 400, lunch: 800, dinner: 700 },
};

// ── Suppliers ──
export const LicenceInput = z.object({
  /** Existing licence (update); absent for a new one. */
  id: Id.optional(),
  kind: LicenceKind,
  number: text(60).min(1),
  expiresOn: Ymd,
  /** Scans of the licence (files engine). */
  scanFileIds: FileIds(6).default([]),
});
export const IncidentInput = z.object({
  occurredOn: Ymd,
  description: text(500).min(1),
});
export const CreateSupplierInput = z.object({
  name: text(100).min(1),
  address: text(200).min(1),
  contact: text(40).min(1),
  phone: text(30).min(1),
  creditCode: text(18).regex(/^[0-9A-HJ-NPQRTUWXY]{18}$/),
  licences: z.array(LicenceInput).max(10).default([]),
  /** The supplier's declaration of no food-safety incident in the last 3 years (admission condition). */
  noIncidentDeclared: z.boolean().default(false),
  incidents: z.array(IncidentInput).max(20).default([]),
  status: SupplierStatus.default('admitted'),
  note: optText(500),
});
export type CreateSupplierInput = z.input<typeof CreateSupplierInput>;
export const UpdateSupplierInput = CreateSupplierInput.partial().extend({ version: z.number().int().positive() });
export type UpdateSupplierInput = z.input<typeof UpdateSupplierInput>;

export const Licence = z.object({
  id: z.number(), kind: LicenceKind, number: z.string(), expiresOn: z.string(),
  /** valid, expiring (within the alert days) or expired, as of today. */
  state: z.enum(['valid', 'expiring', 'expired']),
  scans: z.array(FileRef),
});
export const SupplierIncident = z.object({ id: z.number(), occurredOn: z.string(), description: z.string() });
export const Supplier = z.object({
  id: z.number(), schoolId: z.number(), name: z.string(), address: z.string(), contact: z.string(), phone: z.string(),
  creditCode: z.string(), status: SupplierStatus, noIncidentDeclared: z.boolean(), note: z.string().nullable(),
  /** Earliest licence expiry and its state (the list's colouring). */
  nextExpiry: z.string().nullable(),
  licenceState: z.enum(['valid', 'expiring', 'expired', 'none']),
  /** Admission as of today: admitted, a valid licence, declared, no incident in 3 years; else the reasons. */
  admissible: z.boolean(),
  problems: z.array(z.string()),
  version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export type Supplier = z.infer<typeof Supplier>;
export const SupplierDetail = Supplier.extend({
  licences: z.array(Licence),
  incidents: z.array(SupplierIncident),
  history: z.array(HistoryEntry),
});
export type SupplierDetail = z.infer<typeof SupplierDetail>;
export const SupplierListQuery = ListQuery.extend({
  status: SupplierStatus.optional(),
  licenceState: z.enum(['expiring', 'expired']).optional(),
});

// ── Intake 进货查验 ──
export const IntakeItemInput = z.object({
  /** An existing line (a correction keeps it); absent for a new line. */
  id: Id.optional(),
  name: text(60).min(1),
  spec: optText(60),
  category: ItemCategory,
  /** 大宗食材; left out: taken from the settings' list by name. */
  bulk: z.boolean().optional(),
  quantity: Quantity,
  unit: text(10).min(1),
  unitPriceFen: Fen,
  productionDate: Ymd.nullish(),
  batch: optText(60),
  /** Shelf life in days; null for food without one (fresh vegetables, rice in bulk…). */
  shelfLifeDays: z.number().int().min(1).max(3650).nullish(),
  /** Temperature on arrival (°C), for cold-chain food. */
  temperature: z.number().min(-40).max(60).nullish(),
  destination: Destination.default('kitchen'),
  result: ItemResult.default('accepted'),
  refuseReason: optText(200),
  disposal: Disposal.nullish(),
  /** The item's own certificates (required for accepted meat and poultry). */
  certFileIds: FileIds(6).default([]),
});
export type IntakeItemInput = z.input<typeof IntakeItemInput>;
export const CreateIntakeInput = z.object({
  supplierId: Id,
  /** When the food arrived (ISO instant); default now. */
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  items: z.array(IntakeItemInput).min(1).max(60),
  /** Inspectors (users of the school). Two or more where any item is a bulk staple. */
  inspectorIds: z.array(Id).min(1).max(10),
  /** 索证索票: at least one image for the intake. */
  certFileIds: FileIds(20).default([]),
  note: optText(500),
});
export type CreateIntakeInput = z.input<typeof CreateIntakeInput>;
/** Correction of an intake: the whole record again, with the version read. */
export const UpdateIntakeInput = CreateIntakeInput.extend({ version: z.number().int().positive(), reason: text(200).min(1) });
export type UpdateIntakeInput = z.input<typeof UpdateIntakeInput>;

export const IntakeItem = z.object({
  id: z.number(), line: z.number(), name: z.string(), spec: z.string().nullable(), category: ItemCategory, bulk: z.boolean(),
  quantity: z.number(), unit: z.string(), unitPriceFen: z.number(), amountFen: z.number(),
  productionDate: z.string().nullable(), batch: z.string().nullable(), shelfLifeDays: z.number().nullable(), expiresOn: z.string().nullable(),
  temperature: z.number().nullable(), destination: Destination, result: ItemResult, refuseReason: z.string().nullable(),
  disposal: Disposal.nullable(), usedQuantity: z.number(), certs: z.array(FileRef),
});
export type IntakeItem = z.infer<typeof IntakeItem>;
export const Intake = z.object({
  id: z.number(), schoolId: z.number(), supplierId: z.number(), supplierName: z.string(),
  receivedAt: z.string(), receivedOn: z.string(),
  itemCount: z.number(), acceptedCount: z.number(), refusedCount: z.number(), hasBulk: z.boolean(),
  acceptedAmountFen: z.number(),
  inspectorIds: z.array(z.number()), inspectorNames: z.array(z.string()),
  /** The intake may be deleted from this day (retention, RULES.md). */
  retainUntil: z.string(),
  note: z.string().nullable(), active: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export type Intake = z.infer<typeof Intake>;
export const IntakeDetail = Intake.extend({
  items: z.array(IntakeItem),
  certs: z.array(FileRef),
  supplier: z.object({ name: z.string(), address: z.string(), contact: z.string(), phone: z.string(), creditCode: z.string() }),
  history: z.array(HistoryEntry),
});
export type IntakeDetail = z.infer<typeof IntakeDetail>;
export const IntakeListQuery = ListQuery.extend({
  from: Ymd.optional(),
  to: Ymd.optional(),
  supplierId: Id.optional(),
  refused: boolQuery.optional(),
});
export const DeleteIntakeInput = z.object({ version: z.number().int().positive() });

/** Store batches with a remaining quantity (for usage 领用), oldest first (FIFO order). */
export const StoreBatch = z.object({
  itemId: z.number(), intakeId: z.number(), receivedOn: z.string(), supplierName: z.string(), name: z.string(), spec: z.string().nullable(),
  unit: z.string(), unitPriceFen: z.number(), quantity: z.number(), remaining: z.number(), expiresOn: z.string().nullable(),
});
export const StoreBatchQuery = z.object({ q: z.string().trim().max(60).optional(), schoolId: Id.optional() });

// ── Usage 领用 ──
export const CreateUsageInput = z.object({
  usedOn: Ymd,
  /** The store batch (an accepted store item of an intake). */
  itemId: Id,
  quantity: Quantity,
  note: optText(200),
});
export const Usage = z.object({
  id: z.number(), usedOn: z.string(), itemId: z.number(), name: z.string(), unit: z.string(), quantity: z.number(),
  unitPriceFen: z.number(), amountFen: z.number(), note: z.string().nullable(), createdAt: z.string(),
});
export type Usage = z.infer<typeof Usage>;
export const UsageListQuery = ListQuery.extend({ from: Ymd.optional(), to: Ymd.optional() });

// ── Meal counts ──
export const MealCountInput = z.object({
  date: Ymd,
  meal: Meal,
  students: z.number().int().min(0).max(100_000),
  staff: z.number().int().min(0).max(100_000),
  /** The version read; absent for a new count (a second create of the same meal answers 409). */
  version: z.number().int().positive().optional(),
});
export type MealCountInput = z.infer<typeof MealCountInput>;
export const MealCount = z.object({
  id: z.number(), date: z.string(), meal: Meal, students: z.number(), staff: z.number(), version: z.number(), updatedAt: z.string(),
});
export type MealCount = z.infer<typeof MealCount>;
export const MealCountQuery = z.object({ from: Ymd, to: Ymd, schoolId: Id.optional() });

// ── Fee income (optional monthly entry) ──
export const FeeIncomeInput = z.object({
  incomeFen: Fen,
  note: optText(200),
  version: z.number().int().positive().optional(),
});

// ── The monthly canteen account 成本核算 ──
export const CostDay = z.object({
  date: z.string(),
  students: z.number(), staff: z.number(), meals: z.number(),
  /** Largest student count of the day's meals: student-days. */
  studentDays: z.number(),
  kitchenFen: z.number(), usageFen: z.number(), costFen: z.number(),
  /** Cost per meal served that day (fen, rounded); null without meals. */
  perMealFen: z.number().nullable(),
});
export type CostDay = z.infer<typeof CostDay>;
export const CostMonth = z.object({
  schoolId: z.number(), month: z.string(),
  days: z.array(CostDay),
  totals: z.object({
    students: z.number(), staff: z.number(), meals: z.number(), studentDays: z.number(),
    kitchenFen: z.number(), usageFen: z.number(), costFen: z.number(),
    /** Cost of the month / meals served. */
    perMealFen: z.number().nullable(),
    /** The students' share of the cost (cost × student meals / meals). */
    studentCostFen: z.number(),
    /** Students' share / student-days. */
    perStudentDayFen: z.number().nullable(),
  }),
  income: z.object({
    /** 'entered' (the month's fee income entry) or 'prices' (meals × the settings' prices). */
    source: z.enum(['entered', 'prices']),
    incomeFen: z.number(),
    fromPricesFen: z.number(),
    enteredFen: z.number().nullable(),
    enteredVersion: z.number().nullable(),
  }),
  surplusFen: z.number(),
  /** Surplus / income in percent (2 decimals); null without income. */
  marginPercent: z.number().nullable(),
  marginLimitPercent: z.number(),
  /** Margin above the limit (公益性). */
  overLimit: z.boolean(),
  deficit: z.boolean(),
});
export type CostMonth = z.infer<typeof CostMonth>;
export const CostMonthParams = z.object({ month: SupplyMonth });
export const CostMonthQuery = z.object({ schoolId: Id.optional() });

// ── The day's board (shared with the meals part) ──
export const SupplyDay = z.object({
  intakes: z.number(),
  accepted: z.number(),
  refused: z.number(),
  licences: z.object({
    expired: z.array(z.object({ supplierId: z.number(), name: z.string(), expiresOn: z.string() })),
    expiring: z.array(z.object({ supplierId: z.number(), name: z.string(), expiresOn: z.string() })),
  }),
  meals: z.object({ students: z.number(), staff: z.number() }).nullable(),
});
export type SupplyDay = z.infer<typeof SupplyDay>;
