import { randomInt } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import {
  PASS_CODE_ALPHABET,
  type CreateRouteInput, type UpdateRouteInput, type PatrolRoute, type Checkpoint, type Patrol, type PatrolDetail, type PatrolPoint,
  type PatrolListQuery, type ScanInput, type PatrolFigures, type PatrolDay, type PatrolKind,
} from '../../../contracts/safetyGate';
import type { Role } from '../../../contracts/auth';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { attachFiles, filesOf } from '../../platform/files';
import type { Clock } from '../../platform/clock';
import { refs } from '../org';
import { keysetPage, type Reader } from './gate.query';
import { ids, locationNames, schoolInfo } from './gate.lookups';
import {
  patrolSettingsOf, gateSettingsOf, patrolCountsFor, localDate, zonedTime, addDays, startOfDay, boarderRule,
} from './gate.settings';
import { schoolCalendar, schoolDayKind, isSchoolDay } from '../../platform/schedules';
import { GATE_LEADERS } from './gate.policy';

/*
 * Patrols 巡查: routes of checkpoints, each a place with a printed QR code that holds a random token
 * (never the id: a code cannot be guessed or made up from another). A patrol is started, each
 * checkpoint scanned (the gap since the previous scan over the route's interval is "late"), and
 * finished: the checkpoints not scanned by then are "missed". Both are kept on the patrol.
 */

export const ROUTE_ENTITY = 'patrolRoute';
export const PATROL_ENTITY = 'patrol';
export const SCAN_ENTITY = 'patrolScan';
export const TOKEN_LENGTH = 10;

const hasAny = (roles: readonly string[] | undefined, wanted: readonly Role[]) => !!roles?.some((r) => wanted.includes(r as Role));
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
type Raw = Record<string, unknown>;

export function newToken(): string {
  let s = '';
  for (let i = 0; i < TOKEN_LENGTH; i++) s += PASS_CODE_ALPHABET[randomInt(PASS_CODE_ALPHABET.length)];
  return s;
}
/** What the camera read or the patroller typed from the sheet ("ABCDE-FGHJK"). */
export const normaliseToken = (raw: string) => raw.replace(/[\s-]/g, '').toUpperCase();
/** The printed form: two groups of five. */
export const printedToken = (token: string) => `${token.slice(0, 5)}-${token.slice(5)}`;

/* ---------- Routes and checkpoints ---------- */

async function checkLocations(tx: Db, schoolId: number, cps: CreateRouteInput['checkpoints']) {
  for (const [i, cp] of cps.entries()) if (cp.locationId) await refs.location(tx, schoolId, cp.locationId, `checkpoints.${i}.locationId`);
}

async function insertCheckpoints(tx: Db, schoolId: number, routeId: number, cps: { name: string; locationId?: number | null; position: number }[]) {
  for (const cp of cps) {
    // A token clash (one in 8·10¹⁴) is drawn again.
    for (let attempt = 0; ; attempt++) {
      const [row] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO patrol_checkpoints (school_id, route_id, name, location_id, position, token)
        VALUES (${schoolId}, ${routeId}, ${cp.name}, ${cp.locationId ?? null}, ${cp.position}, ${newToken()}) ON CONFLICT (school_id, token) DO NOTHING RETURNING id`);
      if (row) break;
      if (attempt > 5) throw new AppError('conflict', 409);
    }
  }
}

function nameTaken(e: unknown): never {
  const pg = pgErrorCode(e);
  if (pg.code === '23505' && pg.constraint === 'patrol_routes_school_name_uq') throw new AppError('patrol.routeNameTaken', 409, { fields: [{ path: 'name', code: 'patrol.routeNameTaken' }] });
  throw e;
}

export async function createRoute(tx: Db, actor: Actor, input: CreateRouteInput): Promise<number> {
  const s = actor.schoolId;
  await checkLocations(tx, s, input.checkpoints);
  if (input.checkpoints.some((cp) => cp.id)) throw new AppError('validation', 400, { fields: [{ path: 'checkpoints', code: 'patrol.checkpointUnknown' }] });
  const [route] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO patrol_routes (school_id, name, kind, interval_minutes, description)
    VALUES (${s}, ${input.name}, ${input.kind}, ${input.intervalMinutes}, ${input.description}) ON CONFLICT (school_id, name) DO NOTHING RETURNING id`);
  if (!route) throw new AppError('patrol.routeNameTaken', 409, { fields: [{ path: 'name', code: 'patrol.routeNameTaken' }] });
  await insertCheckpoints(tx, s, route.id, input.checkpoints.map((cp, i) => ({ ...cp, position: i + 1 })));
  await recordAudit(tx, actor, { entity: ROUTE_ENTITY, entityId: route.id, action: 'create', after: { name: input.name, kind: input.kind, intervalMinutes: input.intervalMinutes, checkpoints: input.checkpoints.map((x) => x.name) } });
  return Number(route.id);
}

/** Edits a route (409 on a stale version). Checkpoints kept by id keep their printed codes; those left out stop being expected. */
export async function updateRoute(tx: Db, actor: Actor, id: number, input: UpdateRouteInput): Promise<void> {
  const s = actor.schoolId;
  const [before] = await rowsOf<Raw>(tx, sql`SELECT * FROM patrol_routes WHERE school_id = ${s} AND id = ${id} FOR UPDATE`);
  if (!before) throw new AppError('notFound', 404);
  if (Number(before.version) !== input.version) throw new AppError('conflict', 409);
  try {
    await tx.execute(sql`UPDATE patrol_routes SET name = COALESCE(${input.name ?? null}, name), kind = COALESCE(${input.kind ?? null}, kind),
        interval_minutes = COALESCE(${input.intervalMinutes ?? null}::int, interval_minutes),
        description = ${input.description === undefined ? sql`description` : sql`${input.description}`},
        active = COALESCE(${input.active ?? null}::boolean, active), version = version + 1, updated_at = now()
      WHERE school_id = ${s} AND id = ${id}`);
  } catch (e) { nameTaken(e); }
  if (input.checkpoints) {
    await checkLocations(tx, s, input.checkpoints);
    const existing = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM patrol_checkpoints WHERE school_id = ${s} AND route_id = ${id}`);
    const known = new Set(existing.map((x) => Number(x.id)));
    for (const [i, cp] of input.checkpoints.entries()) {
      if (cp.id && !known.has(cp.id)) throw new AppError('validation', 400, { fields: [{ path: `checkpoints.${i}.id`, code: 'patrol.checkpointUnknown' }] });
    }
    const kept = input.checkpoints.filter((cp) => cp.id).map((cp) => cp.id!);
    await tx.execute(sql`UPDATE patrol_checkpoints SET active = false WHERE school_id = ${s} AND route_id = ${id} ${kept.length ? sql`AND id NOT IN (${ids(kept)})` : sql``}`);
    for (const [i, cp] of input.checkpoints.entries()) {
      if (cp.id) await tx.execute(sql`UPDATE patrol_checkpoints SET name = ${cp.name}, location_id = ${cp.locationId ?? null}, position = ${i + 1}, active = true WHERE school_id = ${s} AND id = ${cp.id}`);
    }
    await insertCheckpoints(tx, s, id, input.checkpoints.map((cp, i) => ({ ...cp, position: i + 1 })).filter((cp) => !cp.id));
  }
  const { version: _v, ...changes } = input;
  await recordAudit(tx, actor, { entity: ROUTE_ENTITY, entityId: id, action: 'update', before: { name: before.name, kind: before.kind, intervalMinutes: before.interval_minutes, active: before.active }, after: { ...changes, checkpoints: input.checkpoints?.map((x) => x.name) } });
}

export async function listRoutes(db: Db, schoolIds: number[], q: { kind?: PatrolKind; active?: boolean }): Promise<PatrolRoute[]> {
  const conds: SQL[] = [sql`school_id IN (${ids(schoolIds)})`];
  if (q.kind) conds.push(sql`kind = ${q.kind}`);
  if (q.active !== undefined) conds.push(sql`active = ${q.active}`);
  const routes = await rowsOf<Raw>(db, sql`SELECT * FROM patrol_routes WHERE ${sql.join(conds, sql` AND `)} ORDER BY active DESC, kind, name, id`);
  if (!routes.length) return [];
  const cps = await rowsOf<Raw>(db, sql`SELECT cp.*, l.name AS location_name FROM patrol_checkpoints cp
    LEFT JOIN locations l ON l.school_id = cp.school_id AND l.id = cp.location_id
    WHERE cp.school_id IN (${ids(schoolIds)}) AND cp.route_id IN (${ids(routes.map((r) => Number(r.id)))}) ORDER BY cp.position, cp.id`);
  return routes.map((r) => ({
    id: Number(r.id), schoolId: Number(r.school_id), name: String(r.name), kind: r.kind as PatrolKind, intervalMinutes: Number(r.interval_minutes),
    description: (r.description as string | null) ?? null, active: Boolean(r.active), version: Number(r.version),
    checkpoints: cps.filter((c) => Number(c.route_id) === Number(r.id) && Number(c.school_id) === Number(r.school_id)).map((c): Checkpoint => ({
      id: Number(c.id), name: String(c.name), locationId: c.location_id == null ? null : Number(c.location_id), locationName: (c.location_name as string | null) ?? null,
      position: Number(c.position), active: Boolean(c.active),
    })),
  }));
}

export async function getRoute(db: Db, schoolIds: number[], id: number): Promise<PatrolRoute> {
  const rows = await rowsOf<{ school_id: number }>(db, sql`SELECT school_id FROM patrol_routes WHERE school_id IN (${ids(schoolIds)}) AND id = ${id}`);
  if (!rows.length) throw new AppError('notFound', 404);
  return (await listRoutes(db, [Number(rows[0].school_id)], {})).find((r) => r.id === id)!;
}

/** The checkpoints of a route with their tokens (the printed sheet only). */
export async function checkpointTokens(db: Db, schoolId: number, routeId: number): Promise<{ route: { name: string; kind: string }; checkpoints: { id: number; name: string; position: number; token: string; place: string | null }[] }> {
  const [route] = await rowsOf<{ name: string; kind: string }>(db, sql`SELECT name, kind FROM patrol_routes WHERE school_id = ${schoolId} AND id = ${routeId}`);
  if (!route) throw new AppError('notFound', 404);
  const rows = await rowsOf<{ id: number; name: string; position: number; token: string; location_id: number | null }>(db, sql`
    SELECT id, name, position, token, location_id FROM patrol_checkpoints WHERE school_id = ${schoolId} AND route_id = ${routeId} AND active ORDER BY position, id`);
  const places = await locationNames(db, schoolId, rows.filter((r) => r.location_id != null).map((r) => Number(r.location_id)));
  return { route, checkpoints: rows.map((r) => ({ id: Number(r.id), name: r.name, position: Number(r.position), token: r.token, place: r.location_id == null ? null : places.get(Number(r.location_id)) ?? null })) };
}

/* ---------- Patrols ---------- */

function patrolSelect(from: SQL): SQL {
  return sql`SELECT p.*, r.name AS route_name, r.interval_minutes, u.name AS patroller_name
    FROM ${from} p
    LEFT JOIN patrol_routes r ON r.school_id = p.school_id AND r.id = p.route_id
    LEFT JOIN users u ON u.school_id = p.school_id AND u.id = p.patroller_id`;
}

function patrolOf(r: Raw): Patrol {
  return {
    id: Number(r.id), schoolId: Number(r.school_id), routeId: Number(r.route_id), routeName: (r.route_name as string) ?? '', kind: r.kind as PatrolKind,
    intervalMinutes: Number(r.interval_minutes ?? 0), patrollerId: Number(r.patroller_id), patrollerName: (r.patroller_name as string) ?? '',
    startedAt: iso(r.started_at)!, finishedAt: iso(r.finished_at), state: r.state as Patrol['state'], countsFor: String(r.counts_for),
    expectedCount: Number(r.expected_count), scannedCount: Number(r.scanned_count), missedCount: Number(r.missed_count), lateCount: Number(r.late_count),
    note: (r.note as string | null) ?? null, version: Number(r.version),
  };
}

export async function startPatrol(tx: Db, actor: Actor, routeId: number, now: Date): Promise<number> {
  const s = actor.schoolId;
  const [route] = await rowsOf<{ id: number; kind: string; active: boolean }>(tx, sql`SELECT id, kind, active FROM patrol_routes WHERE school_id = ${s} AND id = ${routeId}`);
  if (!route || !route.active) throw new AppError('patrol.routeMissing', 400, { fields: [{ path: 'routeId', code: 'patrol.routeMissing' }] });
  const [walking] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM patrols WHERE school_id = ${s} AND patroller_id = ${actor.userId} AND route_id = ${routeId} AND state = 'in_progress' LIMIT 1`);
  if (walking) throw new AppError('patrol.alreadyWalking', 409, { params: { id: walking.id } });
  const cps = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM patrol_checkpoints WHERE school_id = ${s} AND route_id = ${routeId} AND active ORDER BY position, id`);
  if (!cps.length) throw new AppError('patrol.noCheckpoints', 400, { fields: [{ path: 'routeId', code: 'patrol.noCheckpoints' }] });
  const [settings, school] = await Promise.all([patrolSettingsOf(tx, s), schoolInfo(tx, s)]);
  const expected = cps.map((c) => Number(c.id));
  const countsFor = patrolCountsFor(route.kind, now, school.timezone, settings);
  const [row] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO patrols (school_id, route_id, kind, patroller_id, started_at, state, counts_for, expected, expected_count)
    VALUES (${s}, ${routeId}, ${route.kind}, ${actor.userId}, ${at(now)}, 'in_progress', ${countsFor}, ${JSON.stringify(expected)}::jsonb, ${expected.length}) RETURNING id`);
  await recordAudit(tx, actor, { entity: PATROL_ENTITY, entityId: row.id, action: 'start', after: { routeId, countsFor, expected: expected.length } });
  return Number(row.id);
}

async function lockPatrol(tx: Db, actor: Actor, id: number): Promise<Raw> {
  const [p] = await rowsOf<Raw>(tx, sql`SELECT p.*, r.interval_minutes FROM patrols p JOIN patrol_routes r ON r.school_id = p.school_id AND r.id = p.route_id
    WHERE p.school_id = ${actor.schoolId} AND p.id = ${id} FOR UPDATE OF p`);
  if (!p) throw new AppError('notFound', 404);
  if (p.state !== 'in_progress') throw new AppError('patrol.finished', 409);
  return p;
}

/**
 * One checkpoint scanned: the token must be a checkpoint this patrol expects (a token of another
 * route, or another school — which this school does not even know — is refused). The patrol's row
 * lock orders the scans of one patrol, so each gap is measured from the scan before it.
 */
export async function scanCheckpoint(tx: Db, actor: Actor, patrolId: number, input: ScanInput, now: Date): Promise<{ checkpointId: number; late: boolean; gapMinutes: number }> {
  const s = actor.schoolId;
  const p = await lockPatrol(tx, actor, patrolId);
  if (Number(p.patroller_id) !== actor.userId) throw new AppError('patrol.notYours', 403);
  const token = normaliseToken(input.token);
  const [cp] = await rowsOf<{ id: number; name: string }>(tx, sql`SELECT id, name FROM patrol_checkpoints WHERE school_id = ${s} AND token = ${token}`);
  if (!cp) throw new AppError('patrol.unknownCheckpoint', 400, { fields: [{ path: 'token', code: 'patrol.unknownCheckpoint' }] });
  if (!(p.expected as number[]).includes(Number(cp.id))) throw new AppError('patrol.wrongRoute', 400, { params: { name: cp.name }, fields: [{ path: 'token', code: 'patrol.wrongRoute', params: { name: cp.name } }] });
  const [last] = await rowsOf<{ last: string | null }>(tx, sql`SELECT max(scanned_at) AS last FROM patrol_scans WHERE school_id = ${s} AND patrol_id = ${patrolId}`);
  const since = last?.last ? new Date(last.last) : new Date(p.started_at as string);
  const gapMinutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  const late = gapMinutes > Number(p.interval_minutes);
  const [scan] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO patrol_scans (school_id, patrol_id, checkpoint_id, scanned_at, late, gap_minutes, note)
    VALUES (${s}, ${patrolId}, ${cp.id}, ${at(now)}, ${late}, ${gapMinutes}, ${input.note}) ON CONFLICT (school_id, patrol_id, checkpoint_id) DO NOTHING RETURNING id`);
  if (!scan) throw new AppError('patrol.alreadyScanned', 409, { params: { name: cp.name } });
  if (input.photoIds.length) await attachFiles(tx, actor, { entity: SCAN_ENTITY, entityId: Number(scan.id) }, input.photoIds, 'photoIds');
  await tx.execute(sql`UPDATE patrols SET scanned_count = scanned_count + 1, late_count = late_count + ${late ? 1 : 0}, version = version + 1
    WHERE school_id = ${s} AND id = ${patrolId}`);
  await recordAudit(tx, actor, { entity: PATROL_ENTITY, entityId: patrolId, action: 'scan', after: { checkpointId: cp.id, at: now, late, gapMinutes } });
  return { checkpointId: Number(cp.id), late, gapMinutes };
}

/** Ends the walk once: what was not scanned is missed. The patroller, or a leader closing a forgotten one. */
export async function finishPatrol(tx: Db, actor: Actor, id: number, note: string | null, now: Date): Promise<void> {
  const s = actor.schoolId;
  const p = await lockPatrol(tx, actor, id);
  if (Number(p.patroller_id) !== actor.userId && !hasAny(actor.roles, GATE_LEADERS)) throw new AppError('patrol.notYours', 403);
  const scanned = new Set((await rowsOf<{ checkpoint_id: number }>(tx, sql`SELECT checkpoint_id FROM patrol_scans WHERE school_id = ${s} AND patrol_id = ${id}`)).map((r) => Number(r.checkpoint_id)));
  const missed = (p.expected as number[]).filter((c) => !scanned.has(Number(c)));
  const [done] = await rowsOf<{ id: number }>(tx, sql`UPDATE patrols SET state = 'finished', finished_at = ${at(now)}, missed = ${JSON.stringify(missed)}::jsonb,
      missed_count = ${missed.length}, note = COALESCE(${note}, note), version = version + 1
    WHERE school_id = ${s} AND id = ${id} AND state = 'in_progress' RETURNING id`);
  if (!done) throw new AppError('patrol.finished', 409);
  await recordAudit(tx, actor, { entity: PATROL_ENTITY, entityId: id, action: 'finish', before: { state: 'in_progress' }, after: { state: 'finished', missed, scanned: scanned.size } });
}

export function patrolConditions(reader: Reader, q: Partial<PatrolListQuery>, tz: string): SQL[] {
  const conds: SQL[] = [sql`school_id IN (${ids(reader.schoolIds)})`];
  if (q.routeId) conds.push(sql`route_id = ${q.routeId}`);
  if (q.kind) conds.push(sql`kind = ${q.kind}`);
  if (q.state) conds.push(sql`state = ${q.state}`);
  if (q.flagged !== undefined) conds.push(q.flagged ? sql`(missed_count > 0 OR late_count > 0)` : sql`missed_count = 0 AND late_count = 0`);
  if (q.mine) conds.push(sql`patroller_id = ${reader.userId}`);
  if (q.from) conds.push(sql`started_at >= ${at(startOfDay(q.from, tz))}`);
  if (q.to) conds.push(sql`started_at < ${at(startOfDay(addDays(q.to, 1), tz))}`);
  return conds;
}

export function listPatrols(db: Db, reader: Reader, q: PatrolListQuery, tz: string) {
  return keysetPage(db, {
    table: 'patrols', where: patrolConditions(reader, q, tz), sortColumn: 'started_at', sort: q.sort, cursor: q.cursor, limit: q.limit,
    select: patrolSelect, map: patrolOf,
  });
}

/** A patrol with its checkpoints in route order: scanned when, late or not, missed, notes and photos. */
export async function getPatrol(db: Db, reader: Reader, id: number): Promise<PatrolDetail> {
  const [row] = await rowsOf<Raw>(db, sql`${patrolSelect(sql`patrols`)} WHERE p.school_id IN (${ids(reader.schoolIds)}) AND p.id = ${id} LIMIT 1`);
  if (!row) throw new AppError('notFound', 404);
  const patrol = patrolOf(row);
  const s = patrol.schoolId;
  const expected = (row.expected as number[]).map(Number);
  const missed = new Set((row.missed as number[]).map(Number));
  const points = await rowsOf<Raw>(db, sql`SELECT cp.id, cp.name, cp.position, sc.id AS scan_id, sc.scanned_at, sc.late, sc.gap_minutes, sc.note
    FROM patrol_checkpoints cp LEFT JOIN patrol_scans sc ON sc.school_id = cp.school_id AND sc.checkpoint_id = cp.id AND sc.patrol_id = ${id}
    WHERE cp.school_id = ${s} AND cp.id IN (${expected.length ? ids(expected) : sql`NULL`}) ORDER BY cp.position, cp.id`);
  const photos = await filesOf(db, s, SCAN_ENTITY, points.filter((p) => p.scan_id != null).map((p) => Number(p.scan_id)));
  return {
    ...patrol,
    canWalk: patrol.state === 'in_progress' && patrol.patrollerId === reader.userId && reader.schoolIds.includes(s),
    points: points.map((p): PatrolPoint => ({
      checkpointId: Number(p.id), name: String(p.name), position: Number(p.position), scannedAt: iso(p.scanned_at), late: Boolean(p.late),
      gapMinutes: p.gap_minutes == null ? null : Number(p.gap_minutes), missed: missed.has(Number(p.id)), note: (p.note as string | null) ?? null,
      photos: (p.scan_id == null ? [] : photos.get(Number(p.scan_id)) ?? []).map(({ slot: _slot, ...f }) => f),
    })),
  };
}

/* ---------- The rule: patrols per day and per night ---------- */

const monthDays = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  const n = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: n }, (_, i) => `${month}-${String(i + 1).padStart(2, '0')}`);
};

/**
 * The month's days against the rule: finished key-area patrols ≥ keyAreaPerDay and fire patrols ≥
 * firePerDay every day (or, with keyAreaFireEveryDay off, on school days only), and in a boarding
 * school finished dorm patrols ≥ dormPerNight on every night boarders sleep in (boarders kept in at
 * the night's start by the gate's rule: the closed week, on days of school — not in holidays or
 * vacations, all day on make-up days). Only days already over can fall short.
 */
export async function patrolFigures(db: Db, schoolId: number, month: string, clock: Clock): Promise<PatrolFigures> {
  const [settings, gate, school, calendar] = await Promise.all([patrolSettingsOf(db, schoolId), gateSettingsOf(db, schoolId), schoolInfo(db, schoolId), schoolCalendar(db, schoolId)]);
  const tz = school.timezone;
  const days = monthDays(month);
  const rows = await rowsOf<{ counts_for: string; kind: string; finished: number; missed: number; late: number }>(db, sql`
    SELECT counts_for::text AS counts_for, kind, count(*) FILTER (WHERE state = 'finished')::int AS finished,
      COALESCE(sum(missed_count), 0)::int AS missed, COALESCE(sum(late_count), 0)::int AS late
    FROM patrols WHERE school_id = ${schoolId} AND counts_for BETWEEN ${days[0]} AND ${days[days.length - 1]}
    GROUP BY counts_for, kind`);
  const now = clock.now();
  const today = localDate(now, tz);
  const get = (day: string, kind: string) => rows.find((r) => r.counts_for === day && r.kind === kind);
  const out: PatrolDay[] = days.map((date) => {
    const n = (kind: string) => Number(get(date, kind)?.finished ?? 0);
    const sum = (f: 'missed' | 'late') => ['key_area', 'dorm_night', 'fire'].reduce((acc, k) => acc + Number(get(date, k)?.[f] ?? 0), 0);
    const dayOver = date < today;
    const nightOver = now.getTime() >= zonedTime(addDays(date, 1), settings.nightEnd, tz).getTime();
    const boardersIn = school.boarding && boarderRule(zonedTime(date, settings.nightStart, tz), tz, gate, calendar).closed;
    const daily = settings.keyAreaFireEveryDay || isSchoolDay(calendar, date);
    const short: PatrolKind[] = [];
    if (daily && dayOver && n('key_area') < settings.keyAreaPerDay) short.push('key_area');
    if (boardersIn && nightOver && n('dorm_night') < settings.dormPerNight) short.push('dorm_night');
    if (daily && dayOver && n('fire') < settings.firePerDay) short.push('fire');
    return {
      date, keyArea: n('key_area'), dormNight: n('dorm_night'), fire: n('fire'), missed: sum('missed'), late: sum('late'), short, over: dayOver,
      dayKind: schoolDayKind(calendar, date), boardersIn,
    };
  });
  return {
    month, boarding: school.boarding,
    rules: { keyAreaPerDay: settings.keyAreaPerDay, dormPerNight: settings.dormPerNight, firePerDay: settings.firePerDay, keyAreaFireEveryDay: settings.keyAreaFireEveryDay },
    days: out,
    shortDays: out.filter((d) => d.short.length).map((d) => d.date),
    totals: {
      patrols: rows.reduce((a, r) => a + Number(r.finished), 0),
      missed: rows.reduce((a, r) => a + Number(r.missed), 0),
      late: rows.reduce((a, r) => a + Number(r.late), 0),
    },
  };
}
