import { and, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type * as c from '../../../contracts/canteenSupply';
import { recordAudit, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import { keyset } from '../../platform/pagination';
import { addDays, localDate } from '../../platform/schedules';
import { notify } from '../../platform/notifications';
import { pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { canteenSupplierIncidents, canteenSupplierLicences, canteenSuppliers } from './supply.tables';
import { ENTITY, addMonths, badField, historyOf, intList, like, notFound, schoolZone, stale, ymd } from './supply.common';
import { supplySettingsOf } from './supply.settings';

/** Licence kinds that make a food licence (one valid on the day is required). */
const FOOD_LICENCES = ['food_business', 'food_production'];

type LicenceState = 'valid' | 'expiring' | 'expired';
const stateOf = (expiresOn: string, today: string, horizon: string): LicenceState => (expiresOn < today ? 'expired' : expiresOn <= horizon ? 'expiring' : 'valid');

/**
 * Admission on a day (RULES.md "Supplier admission"): admitted (not suspended), a food licence valid
 * on the day and no kind of licence whose latest expiry has passed, the no-incident declaration, no
 * food-safety incident in the 3 years before the day. Answers the problems (empty = admissible),
 * for many suppliers in one query.
 */
export async function admissionProblems(db: Db, schoolId: number, supplierIds: number[], day: string): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (!supplierIds.length) return out;
  const since = addMonths(day, -36);
  const rows = await rowsOf<{ id: number; status: string; declared: boolean; food_ok: boolean; expired: boolean; incidents: number }>(db, sql`
    SELECT s.id, s.status, s.no_incident_declared AS declared,
      EXISTS (SELECT 1 FROM canteen_supplier_licences l WHERE l.school_id = s.school_id AND l.supplier_id = s.id AND l.active
              AND l.kind IN (${sql.join(FOOD_LICENCES.map((k) => sql`${k}`), sql`, `)}) AND l.expires_on >= ${day}) AS food_ok,
      EXISTS (SELECT 1 FROM (SELECT max(expires_on) AS last FROM canteen_supplier_licences l WHERE l.school_id = s.school_id AND l.supplier_id = s.id AND l.active GROUP BY kind) k
              WHERE k.last < ${day}) AS expired,
      (SELECT count(*) FROM canteen_supplier_incidents i WHERE i.school_id = s.school_id AND i.supplier_id = s.id AND i.occurred_on > ${since} AND i.occurred_on <= ${day})::int AS incidents
    FROM canteen_suppliers s WHERE s.school_id = ${schoolId} AND s.id IN (${intList(supplierIds)})`);
  for (const r of rows) {
    const p: string[] = [];
    if (r.status !== 'admitted') p.push('suspended');
    if (!r.food_ok || r.expired) p.push('licence');
    if (!r.declared) p.push('declaration');
    if (Number(r.incidents) > 0) p.push('incident');
    out.set(Number(r.id), p);
  }
  return out;
}

/** Refuses an intake from a supplier not admissible on the day (400 naming supplierId and the first reason). */
export async function assertAdmissible(db: Db, schoolId: number, supplierId: number, day: string): Promise<{ name: string }> {
  const [s] = await db.select({ name: canteenSuppliers.name, active: canteenSuppliers.active }).from(canteenSuppliers)
    .where(and(eq(canteenSuppliers.schoolId, schoolId), eq(canteenSuppliers.id, supplierId)));
  if (!s || !s.active) throw badField('supplierId', 'canteen.supply.supplierUnknown');
  const problems = (await admissionProblems(db, schoolId, [supplierId], day)).get(supplierId) ?? [];
  if (problems.length) {
    const code = { suspended: 'canteen.supply.supplierSuspended', licence: 'canteen.supply.supplierLicenceInvalid', declaration: 'canteen.supply.supplierNoDeclaration', incident: 'canteen.supply.supplierIncident' }[problems[0]]!;
    throw badField('supplierId', code, { name: s.name, date: day });
  }
  return { name: s.name };
}

const supplierSelect = {
  id: canteenSuppliers.id, schoolId: canteenSuppliers.schoolId, name: canteenSuppliers.name, address: canteenSuppliers.address,
  contact: canteenSuppliers.contact, phone: canteenSuppliers.phone, creditCode: canteenSuppliers.creditCode, status: canteenSuppliers.status,
  noIncidentDeclared: canteenSuppliers.noIncidentDeclared, note: canteenSuppliers.note, version: canteenSuppliers.version,
  createdAt: canteenSuppliers.createdAt, updatedAt: canteenSuppliers.updatedAt,
  nextExpiry: sql<string | null>`(SELECT min(k.last)::text FROM (SELECT max(l.expires_on) AS last FROM canteen_supplier_licences l
     WHERE l.school_id = canteen_suppliers.school_id AND l.supplier_id = canteen_suppliers.id AND l.active GROUP BY l.kind) k)`,
};
type SupplierRow = { [K in keyof typeof supplierSelect]: unknown };

async function shape(db: Db, rows: SupplierRow[], today: string, horizon: string): Promise<z.infer<typeof c.Supplier>[]> {
  const bySchool = new Map<number, number[]>();
  for (const r of rows) bySchool.set(Number(r.schoolId), [...(bySchool.get(Number(r.schoolId)) ?? []), Number(r.id)]);
  const problems = new Map<number, string[]>();
  for (const [schoolId, ids] of bySchool) for (const [k, v] of await admissionProblems(db, schoolId, ids, today)) problems.set(k, v);
  return rows.map((r) => {
    const next = r.nextExpiry == null ? null : ymd(r.nextExpiry);
    const p = problems.get(Number(r.id)) ?? [];
    return {
      id: Number(r.id), schoolId: Number(r.schoolId), name: String(r.name), address: String(r.address), contact: String(r.contact), phone: String(r.phone),
      creditCode: String(r.creditCode), status: r.status as 'admitted' | 'suspended', noIncidentDeclared: Boolean(r.noIncidentDeclared),
      note: (r.note as string | null) ?? null, nextExpiry: next, licenceState: next ? stateOf(next, today, horizon) : 'none',
      admissible: p.length === 0, problems: p, version: Number(r.version),
      createdAt: (r.createdAt as Date).toISOString(), updatedAt: (r.updatedAt as Date).toISOString(),
    };
  });
}

async function todayOf(db: Db, schoolId: number, clock: Clock) {
  const today = localDate(clock.now(), await schoolZone(db, schoolId));
  const settings = await supplySettingsOf(db, schoolId);
  return { today, horizon: addDays(today, settings.licenceAlertDays) };
}

export async function listSuppliers(db: Db, schoolIds: number[], clock: Clock, q: z.infer<typeof c.SupplierListQuery>) {
  const ks = keyset({ sort: q.sort, defaultSort: 'name', sorts: { name: canteenSuppliers.name, updatedAt: canteenSuppliers.updatedAt }, id: canteenSuppliers.id, cursor: q.cursor });
  const { today, horizon } = await todayOf(db, schoolIds[0], clock);
  const expiry = sql`(SELECT min(k.last) FROM (SELECT max(l.expires_on) AS last FROM canteen_supplier_licences l
     WHERE l.school_id = canteen_suppliers.school_id AND l.supplier_id = canteen_suppliers.id AND l.active GROUP BY l.kind) k)`;
  const rows = await db.select(supplierSelect).from(canteenSuppliers).where(and(
    inArray(canteenSuppliers.schoolId, schoolIds), eq(canteenSuppliers.active, true), ks.where,
    q.status ? eq(canteenSuppliers.status, q.status) : undefined,
    q.q ? sql`(${canteenSuppliers.name} ILIKE ${like(q.q)} OR ${canteenSuppliers.creditCode} ILIKE ${like(q.q)})` : undefined,
    q.licenceState === 'expired' ? sql`${expiry} < ${today}` : q.licenceState === 'expiring' ? sql`${expiry} BETWEEN ${today} AND ${horizon}` : undefined,
  )).orderBy(...ks.orderBy).limit(q.limit);
  return { items: await shape(db, rows, today, horizon), nextCursor: ks.next(rows as Record<string, unknown>[], q.limit) };
}

export async function getSupplier(db: Db, schoolIds: number[], clock: Clock, id: number): Promise<z.infer<typeof c.SupplierDetail>> {
  const [row] = await db.select(supplierSelect).from(canteenSuppliers).where(and(inArray(canteenSuppliers.schoolId, schoolIds), eq(canteenSuppliers.id, id), eq(canteenSuppliers.active, true)));
  if (!row) throw notFound();
  const schoolId = Number(row.schoolId);
  const { today, horizon } = await todayOf(db, schoolId, clock);
  const [base] = await shape(db, [row], today, horizon);
  const licences = await db.select().from(canteenSupplierLicences)
    .where(and(eq(canteenSupplierLicences.schoolId, schoolId), eq(canteenSupplierLicences.supplierId, id), eq(canteenSupplierLicences.active, true)))
    .orderBy(canteenSupplierLicences.expiresOn, canteenSupplierLicences.id);
  const incidents = await db.select().from(canteenSupplierIncidents)
    .where(and(eq(canteenSupplierIncidents.schoolId, schoolId), eq(canteenSupplierIncidents.supplierId, id))).orderBy(sql`${canteenSupplierIncidents.occurredOn} DESC`);
  const scans = await filesOf(db, schoolId, ENTITY.licence, licences.map((l) => l.id));
  return {
    ...base,
    licences: licences.map((l) => ({
      id: l.id, kind: l.kind as c.LicenceKind, number: l.number, expiresOn: l.expiresOn, state: stateOf(l.expiresOn, today, horizon),
      scans: (scans.get(l.id) ?? []).map(({ slot: _s, ...f }) => f),
    })),
    incidents: incidents.map((i) => ({ id: i.id, occurredOn: i.occurredOn, description: i.description })),
    history: await historyOf(db, schoolId, [{ entity: ENTITY.supplier, ids: [id] }]),
  };
}

async function saveLicences(tx: Db, actor: Actor, supplierId: number, input: z.output<typeof c.LicenceInput>[], replaceAll: boolean) {
  const existing = await tx.select({ id: canteenSupplierLicences.id }).from(canteenSupplierLicences)
    .where(and(eq(canteenSupplierLicences.schoolId, actor.schoolId), eq(canteenSupplierLicences.supplierId, supplierId), eq(canteenSupplierLicences.active, true)));
  const known = new Set(existing.map((e) => e.id));
  const kept = new Set<number>();
  for (const [i, l] of input.entries()) {
    let id = l.id;
    if (id !== undefined) {
      if (!known.has(id)) throw badField(`licences.${i}.id`, 'canteen.supply.licenceUnknown');
      await tx.update(canteenSupplierLicences).set({ kind: l.kind, number: l.number, expiresOn: l.expiresOn, updatedAt: sql`now()`, version: sql`${canteenSupplierLicences.version} + 1` })
        .where(and(eq(canteenSupplierLicences.schoolId, actor.schoolId), eq(canteenSupplierLicences.id, id)));
    } else {
      [{ id }] = await tx.insert(canteenSupplierLicences).values({ schoolId: actor.schoolId, supplierId, kind: l.kind, number: l.number, expiresOn: l.expiresOn })
        .returning({ id: canteenSupplierLicences.id });
    }
    kept.add(id);
    await attachFiles(tx, actor, { entity: ENTITY.licence, entityId: id }, l.scanFileIds, `licences.${i}.scanFileIds`, { replace: true });
  }
  if (replaceAll) {
    const gone = [...known].filter((id) => !kept.has(id));
    if (gone.length) await tx.update(canteenSupplierLicences).set({ active: false, updatedAt: sql`now()` })
      .where(and(eq(canteenSupplierLicences.schoolId, actor.schoolId), inArray(canteenSupplierLicences.id, gone)));
  }
}

const creditTaken = (e: unknown) => {
  const pg = pgErrorCode(e);
  if (pg.code === '23505' && pg.constraint === 'canteen_suppliers_school_credit_uq') return badField('creditCode', 'canteen.supply.supplierCreditTaken');
  return e;
};

export async function createSupplier(tx: Db, actor: Actor, input: z.output<typeof c.CreateSupplierInput>): Promise<number> {
  let id: number;
  try {
    [{ id }] = await tx.insert(canteenSuppliers).values({
      schoolId: actor.schoolId, name: input.name, address: input.address, contact: input.contact, phone: input.phone, creditCode: input.creditCode,
      status: input.status, noIncidentDeclared: input.noIncidentDeclared, note: input.note ?? null, createdBy: actor.userId,
    }).returning({ id: canteenSuppliers.id });
  } catch (e) { throw creditTaken(e); }
  await saveLicences(tx, actor, id, input.licences, false);
  if (input.incidents.length) await tx.insert(canteenSupplierIncidents).values(input.incidents.map((x) => ({ schoolId: actor.schoolId, supplierId: id, ...x })));
  await recordAudit(tx, actor, { entity: ENTITY.supplier, entityId: id, action: 'create', after: { ...input } });
  return id;
}

export async function updateSupplier(tx: Db, actor: Actor, id: number, input: z.output<typeof c.UpdateSupplierInput>): Promise<void> {
  const [before] = await tx.select().from(canteenSuppliers).where(and(eq(canteenSuppliers.schoolId, actor.schoolId), eq(canteenSuppliers.id, id), eq(canteenSuppliers.active, true))).for('update');
  if (!before) throw notFound();
  if (before.version !== input.version) throw stale();
  const { licences, incidents, version: _v, ...fields } = input;
  try {
    await tx.update(canteenSuppliers).set({ ...fields, version: before.version + 1, updatedAt: sql`now()` })
      .where(and(eq(canteenSuppliers.schoolId, actor.schoolId), eq(canteenSuppliers.id, id)));
  } catch (e) { throw creditTaken(e); }
  if (licences) await saveLicences(tx, actor, id, licences, true);
  if (incidents) {
    await tx.delete(canteenSupplierIncidents).where(and(eq(canteenSupplierIncidents.schoolId, actor.schoolId), eq(canteenSupplierIncidents.supplierId, id)));
    if (incidents.length) await tx.insert(canteenSupplierIncidents).values(incidents.map((x) => ({ schoolId: actor.schoolId, supplierId: id, ...x })));
  }
  const { createdAt: _c, updatedAt: _u, ...plainBefore } = before;
  await recordAudit(tx, actor, { entity: ENTITY.supplier, entityId: id, action: 'update', before: plainBefore, after: { ...input } });
}

/**
 * Licence expiry alerts: every licence of an admitted supplier expiring within the school's alert
 * days (or expired) and not yet alerted for this expiry notifies the canteen managers and the
 * principal once; a renewed licence (new expiry) is alerted again when its time comes. Set-based:
 * one query finds the due licences of all schools, one marks them.
 */
export async function runLicenceAlerts(db: Db, clock: Clock, opts: { schoolId?: number } = {}): Promise<number> {
  const now = clock.now();
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const rows = await rowsOf<{ school_id: number; id: number; supplier_id: number; name: string; kind: string; number: string; expires_on: string; tz: string; days: number | null }>(tx, sql`
      SELECT l.school_id, l.id, l.supplier_id, s.name, l.kind, l.number, l.expires_on::text AS expires_on, sc.timezone AS tz,
             (st."values"->>'licenceAlertDays')::int AS days
        FROM canteen_supplier_licences l
        JOIN canteen_suppliers s ON s.school_id = l.school_id AND s.id = l.supplier_id AND s.active AND s.status = 'admitted'
        JOIN schools sc ON sc.id = l.school_id
        LEFT JOIN school_settings st ON st.school_id = l.school_id AND st.module = 'canteenSupply'
       WHERE l.active AND (l.alerted_for IS NULL OR l.alerted_for <> l.expires_on)
         AND l.expires_on <= ${addDays(now.toISOString().slice(0, 10), 400)}
         ${opts.schoolId ? sql`AND l.school_id = ${opts.schoolId}` : sql``}
       ORDER BY l.school_id, l.id FOR UPDATE OF l SKIP LOCKED`);
    const due = rows.filter((r) => ymd(r.expires_on) <= addDays(localDate(now, r.tz ?? 'Asia/Shanghai'), r.days ?? 30));
    if (!due.length) return 0;
    const schoolIds = [...new Set(due.map((r) => Number(r.school_id)))];
    const people = await rowsOf<{ school_id: number; user_id: number }>(tx, sql`
      SELECT DISTINCT r.school_id, r.user_id FROM user_roles r JOIN users u ON u.school_id = r.school_id AND u.id = r.user_id AND u.active
       WHERE r.school_id IN (${intList(schoolIds)}) AND r.role IN ('canteen_manager', 'principal')`);
    for (const r of due) {
      await notify(tx, {
        schoolId: Number(r.school_id), userIds: people.filter((p) => Number(p.school_id) === Number(r.school_id)).map((p) => Number(p.user_id)),
        kind: 'canteen.supply.notify.licenceExpiring', params: { supplier: r.name, number: r.number, date: ymd(r.expires_on), kindKey: `canteen.supply.licenceKind.${r.kind}` },
        link: `/canteen/supply/suppliers/${r.supplier_id}`, entity: ENTITY.supplier, entityId: Number(r.supplier_id),
      });
    }
    await tx.execute(sql`UPDATE canteen_supplier_licences SET alerted_for = expires_on
      WHERE (school_id, id) IN (${sql.join(due.map((r) => sql`(${Number(r.school_id)}::int, ${Number(r.id)}::int)`), sql`, `)})`);
    return due.length;
  });
}
