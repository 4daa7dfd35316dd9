import { createHmac, randomBytes } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import {
  maskIdNumber, normaliseIdNumber, normalisePlate,
  type CreateVisitorInput, type FindVisitorInput, type Visitor, type VisitorListQuery,
} from '../../../contracts/safetyGate';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { notify } from '../../platform/notifications';
import type { Clock } from '../../platform/clock';
import { usersWithRole } from '../org';
import { keysetPage, type Reader } from './gate.query';
import { ids, isStaff, schoolInfo } from './gate.lookups';
import { gateSettingsOf, visitorDueOut, startOfDay, addDays } from './gate.settings';

/*
 * The visitor register 来访登记. An ID number is never stored: only its masked form (last 4
 * characters) and a keyed hash, HMAC-SHA256 under the school's own secret (table gate_secrets), of
 * "type:number". Typing the full number again finds the visitor's earlier visits by that hash; the
 * hash cannot be reversed without the secret, and a dictionary of all 18-digit numbers would have to
 * be rebuilt per school with the secret in hand. Lists, details, exports and the audit log carry
 * the masked form only.
 */

export const VISITOR_ENTITY = 'visitor';
export const VISITORS_LINK = '/safety/gate/visitors';

type Raw = Record<string, unknown>;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** The school's secret for ID hashes, made on first use (concurrent first uses keep one). */
export async function schoolSecret(tx: Db, schoolId: number, create: boolean): Promise<string | null> {
  const read = async () => (await rowsOf<{ secret: string }>(tx, sql`SELECT secret FROM gate_secrets WHERE school_id = ${schoolId}`))[0]?.secret ?? null;
  const have = await read();
  if (have || !create) return have;
  await tx.execute(sql`INSERT INTO gate_secrets (school_id, secret) VALUES (${schoolId}, ${randomBytes(32).toString('base64url')}) ON CONFLICT (school_id) DO NOTHING`);
  return read();
}

export const idHashOf = (secret: string, idType: string, normalised: string) => createHmac('sha256', secret).update(`${idType}:${normalised}`).digest('hex');

function visitorSelect(from: SQL): SQL {
  return sql`SELECT p.id, p.school_id, p.name, p.id_type, p.id_masked, p.phone, p.organisation, p.reason, p.host_id, p.host_confirmed,
      p.host_confirmed_at, p.plate, p.badge_no, p.time_in, p.time_out, p.due_out_at, p.note, p.version,
      hu.name AS host_name, cu.name AS confirmed_by_name, ru.name AS registered_by_name, ou.name AS checked_out_by_name
    FROM ${from} p
    LEFT JOIN users hu ON hu.school_id = p.school_id AND hu.id = p.host_id
    LEFT JOIN users cu ON cu.school_id = p.school_id AND cu.id = p.host_confirmed_by
    LEFT JOIN users ru ON ru.school_id = p.school_id AND ru.id = p.registered_by
    LEFT JOIN users ou ON ou.school_id = p.school_id AND ou.id = p.checked_out_by`;
}

/** A register row as every screen and export shows it: the ID number masked, never its hash. */
export function visitorOf(r: Raw, now: Date): Visitor {
  const timeOut = r.time_out == null ? null : new Date(r.time_out as string);
  const due = new Date(r.due_out_at as string);
  return {
    id: Number(r.id), schoolId: Number(r.school_id), name: String(r.name), idType: r.id_type as Visitor['idType'], idMasked: String(r.id_masked),
    phone: String(r.phone), organisation: (r.organisation as string | null) ?? null, reason: String(r.reason),
    hostId: r.host_id == null ? null : Number(r.host_id), hostName: (r.host_name as string | null) ?? null,
    hostConfirmed: Boolean(r.host_confirmed), hostConfirmedByName: (r.confirmed_by_name as string | null) ?? null, hostConfirmedAt: iso(r.host_confirmed_at),
    plate: (r.plate as string | null) ?? null, badgeNo: (r.badge_no as string | null) ?? null,
    timeIn: iso(r.time_in)!, timeOut: iso(timeOut), dueOutAt: due.toISOString(), inside: timeOut === null,
    overstay: timeOut === null ? due.getTime() <= now.getTime() : timeOut.getTime() > due.getTime(),
    registeredByName: (r.registered_by_name as string) ?? '', checkedOutByName: (r.checked_out_by_name as string | null) ?? null,
    note: (r.note as string | null) ?? null, version: Number(r.version),
  };
}

async function checkHost(tx: Db, schoolId: number, hostId: number) {
  if (!await isStaff(tx, schoolId, hostId)) throw new AppError('gate.hostMissing', 400, { fields: [{ path: 'hostId', code: 'gate.hostMissing' }] });
}

export async function createVisitor(tx: Db, actor: Actor, input: CreateVisitorInput, now: Date): Promise<number> {
  const s = actor.schoolId;
  if (input.hostId) await checkHost(tx, s, input.hostId);
  const [settings, school] = await Promise.all([gateSettingsOf(tx, s), schoolInfo(tx, s)]);
  const number = normaliseIdNumber(input.idNumber);
  const secret = (await schoolSecret(tx, s, true))!;
  const masked = maskIdNumber(number);
  const dueOut = visitorDueOut(now, school.timezone, settings);
  const confirmed = !!(input.hostConfirmed && input.hostId);
  const [row] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO visitors (school_id, name, id_type, id_masked, id_hash, phone, organisation, reason,
      host_id, host_confirmed, host_confirmed_by, host_confirmed_at, plate, badge_no, time_in, due_out_at, registered_by, note, created_at, updated_at)
    VALUES (${s}, ${input.name}, ${input.idType}, ${masked}, ${idHashOf(secret, input.idType, number)}, ${input.phone}, ${input.organisation}, ${input.reason},
      ${input.hostId ?? null}, ${confirmed}, ${confirmed ? actor.userId : null}, ${confirmed ? at(now) : null}, ${input.plate}, ${input.badgeNo},
      ${at(now)}, ${at(dueOut)}, ${actor.userId}, ${input.note}, ${at(now)}, ${at(now)})
    RETURNING id`);
  const id = Number(row.id);
  await recordAudit(tx, actor, {
    entity: VISITOR_ENTITY, entityId: id, action: 'create',
    after: { name: input.name, idType: input.idType, idMasked: masked, phone: input.phone, reason: input.reason, hostId: input.hostId ?? null, hostConfirmed: confirmed, plate: input.plate, badgeNo: input.badgeNo, timeIn: now },
  });
  if (input.hostId) {
    await notify(tx, { schoolId: s, userIds: [input.hostId], kind: 'gate.notify.visitor', params: { name: input.name, reason: input.reason }, link: VISITORS_LINK, entity: VISITOR_ENTITY, entityId: id });
  }
  return id;
}

/** The visitor leaves: once (a second checkout, or two guards at once, gets 409). */
export async function checkoutVisitor(tx: Db, actor: Actor, id: number, now: Date, note: string | null): Promise<void> {
  const [done] = await rowsOf<{ id: number }>(tx, sql`UPDATE visitors SET time_out = ${at(now)}, checked_out_by = ${actor.userId},
      note = COALESCE(${note}, note), version = version + 1, updated_at = ${at(now)}
    WHERE school_id = ${actor.schoolId} AND id = ${id} AND time_out IS NULL RETURNING id`);
  if (!done) {
    await existing(tx, actor.schoolId, id);
    throw new AppError('gate.alreadyOut', 409);
  }
  await recordAudit(tx, actor, { entity: VISITOR_ENTITY, entityId: id, action: 'checkout', before: { timeOut: null }, after: { timeOut: now } });
}

/** The guard phoned the person visited: recorded once, with who confirmed and when. */
export async function confirmHost(tx: Db, actor: Actor, id: number, hostId: number | null | undefined, now: Date): Promise<void> {
  if (hostId) await checkHost(tx, actor.schoolId, hostId);
  const [done] = await rowsOf<{ id: number; host_id: number | null }>(tx, sql`UPDATE visitors SET host_confirmed = true, host_confirmed_by = ${actor.userId},
      host_confirmed_at = ${at(now)}, host_id = COALESCE(${hostId ?? null}::int, host_id), version = version + 1, updated_at = ${at(now)}
    WHERE school_id = ${actor.schoolId} AND id = ${id} AND NOT host_confirmed AND COALESCE(${hostId ?? null}::int, host_id) IS NOT NULL RETURNING id, host_id`);
  if (!done) {
    const row = await existing(tx, actor.schoolId, id);
    if (row.host_confirmed) throw new AppError('gate.hostAlreadyConfirmed', 409);
    throw new AppError('gate.hostRequired', 400, { fields: [{ path: 'hostId', code: 'gate.hostRequired' }] });
  }
  await recordAudit(tx, actor, { entity: VISITOR_ENTITY, entityId: id, action: 'confirmHost', before: { hostConfirmed: false }, after: { hostConfirmed: true, hostId: done.host_id } });
}

async function existing(db: Db, schoolId: number, id: number): Promise<Raw> {
  const [row] = await rowsOf<Raw>(db, sql`SELECT id, host_confirmed, time_out FROM visitors WHERE school_id = ${schoolId} AND id = ${id}`);
  if (!row) throw new AppError('notFound', 404);
  return row;
}

export async function getVisitor(db: Db, reader: Reader, id: number, now: Date): Promise<Visitor> {
  const [row] = await rowsOf<Raw>(db, sql`${visitorSelect(sql`visitors`)} WHERE p.school_id IN (${ids(reader.schoolIds)}) AND p.id = ${id} LIMIT 1`);
  if (!row) throw new AppError('notFound', 404);
  return visitorOf(row, now);
}

export function visitorConditions(reader: Reader, q: Partial<VisitorListQuery>, now: Date, tz: string): SQL[] {
  const conds: SQL[] = [sql`school_id IN (${ids(reader.schoolIds)})`];
  if (q.inside !== undefined) conds.push(q.inside ? sql`time_out IS NULL` : sql`time_out IS NOT NULL`);
  if (q.overstay !== undefined) {
    const over = sql`((time_out IS NULL AND due_out_at <= ${at(now)}) OR time_out > due_out_at)`;
    conds.push(q.overstay ? over : sql`NOT ${over}`);
  }
  if (q.hostId) conds.push(sql`host_id = ${q.hostId}`);
  if (q.from) conds.push(sql`time_in >= ${at(startOfDay(q.from, tz))}`);
  if (q.to) conds.push(sql`time_in < ${at(startOfDay(addDays(q.to, 1), tz))}`);
  if (q.q) {
    const esc = q.q.replace(/[\\%_]/g, (m) => '\\' + m);
    conds.push(sql`(name LIKE ${esc + '%'} OR phone LIKE ${'%' + esc + '%'} OR plate LIKE ${'%' + normalisePlate(esc) + '%'} OR badge_no = ${q.q})`);
  }
  return conds;
}

export function listVisitors(db: Db, reader: Reader, q: VisitorListQuery, now: Date, tz: string) {
  return keysetPage(db, {
    table: 'visitors', where: visitorConditions(reader, q, now, tz), sortColumn: 'time_in', sort: q.sort, cursor: q.cursor, limit: q.limit,
    select: visitorSelect, map: (r) => visitorOf(r, now),
  });
}

/** Every page of a filtered register, for the export (500 rows a statement). */
export async function* visitorPages(db: Db, reader: Reader, q: Partial<VisitorListQuery>, now: Date, tz: string): AsyncIterable<Visitor[]> {
  let cursor: string | undefined;
  for (;;) {
    const page = await keysetPage(db, {
      table: 'visitors', where: visitorConditions(reader, q, now, tz), sortColumn: 'time_in', sort: '-timeIn', cursor, limit: 500,
      select: visitorSelect, map: (r) => visitorOf(r, now),
    });
    if (page.items.length) yield page.items;
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

/** A returning visitor: their earlier visits, found by the keyed hash of the full number typed again. */
export async function findVisitsById(db: Db, reader: Reader, input: FindVisitorInput, now: Date): Promise<Visitor[]> {
  const s = reader.schoolIds[0];
  const secret = await schoolSecret(db, s, false);
  if (!secret) return [];
  const hash = idHashOf(secret, input.idType, normaliseIdNumber(input.idNumber));
  const rows = await rowsOf<Raw>(db, sql`${visitorSelect(sql`(SELECT * FROM visitors WHERE school_id = ${s} AND id_hash = ${hash} ORDER BY time_in DESC, id DESC LIMIT 20)`)}
    ORDER BY p.time_in DESC, p.id DESC`);
  return rows.map((r) => visitorOf(r, now));
}

/**
 * The sweep (job `gate.sweep`): visitors still inside at the end of their day are flagged once and
 * the school's guards and director told. `schoolId` limits it to one school (tests).
 */
export async function flagOverstays(db: Db, clock: Clock, opts: { schoolId?: number } = {}): Promise<number> {
  const now = clock.now();
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const rows = await rowsOf<{ school_id: number; id: number; name: string }>(tx, sql`UPDATE visitors SET flagged_at = ${at(now)}
      WHERE time_out IS NULL AND flagged_at IS NULL AND due_out_at <= ${at(now)} ${opts.schoolId ? sql`AND school_id = ${opts.schoolId}` : sql``}
      RETURNING school_id, id, name`);
    const bySchool = new Map<number, { id: number; name: string }[]>();
    for (const r of rows) bySchool.set(Number(r.school_id), [...(bySchool.get(Number(r.school_id)) ?? []), { id: Number(r.id), name: r.name }]);
    for (const [schoolId, list] of bySchool) {
      const people = [...await usersWithRole(tx, schoolId, 'guard'), ...await usersWithRole(tx, schoolId, 'director')];
      await notify(tx, {
        schoolId, userIds: people.map((p) => p.id), kind: 'gate.notify.overstay',
        params: { count: list.length, names: list.slice(0, 5).map((x) => x.name).join('、') }, link: `${VISITORS_LINK}?inside=true`, entity: VISITOR_ENTITY, entityId: list[0].id,
      });
    }
    return rows.length;
  });
}
