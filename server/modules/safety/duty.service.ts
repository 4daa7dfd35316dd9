import { sql, type SQL } from 'drizzle-orm';
import type {
  CreateShiftInput, CreateHandoverInput, CreateSwapInput, DutyKind, DutyShift, DutyNow, Handover, HandoverListQuery, Roster, Swap, SwapAction,
  SwapListQuery,
} from '../../../contracts/safetyGate';
import type { Role } from '../../../contracts/auth';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { notify } from '../../platform/notifications';
import { usersWithRole } from '../org';
import { keysetPage, type Reader } from './gate.query';
import { ids, isStaff, schoolInfo } from './gate.lookups';
import { gateSettingsOf, shiftTimes, mondayOf, addDays, localDate } from './gate.settings';

/*
 * Duty 值班: rosters by week (the gate's 24 h shifts, teachers on duty, leaders on duty), handovers
 * between shifts (the outgoing person writes, the incoming one confirms), and swaps the director
 * approves. Every decision is a conditional UPDATE on the row's state: a second click, or two
 * people at once, changes nothing and gets 409.
 */

export const SHIFT_ENTITY = 'dutyShift';
export const HANDOVER_ENTITY = 'dutyHandover';
export const SWAP_ENTITY = 'dutySwap';
export const DUTY_LINK = '/safety/duty';

const hasAny = (roles: readonly string[] | undefined, wanted: readonly Role[]) => !!roles?.some((r) => wanted.includes(r as Role));
const at = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const iso = (v: unknown) => (v == null ? null : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
type Raw = Record<string, unknown>;

const SHIFT_COLUMNS = (a: string) => sql.raw(`${a}.id, ${a}.kind, ${a}.date::text AS date, ${a}.starts_at, ${a}.ends_at, ${a}.user_id, ${a}.note, ${a}.version`);

function shiftOf(r: Raw, prefix = ''): DutyShift {
  const g = (k: string) => r[prefix + k];
  return {
    id: Number(g('id')), kind: g('kind') as DutyKind, date: String(g('date')), startsAt: iso(g('starts_at'))!, endsAt: iso(g('ends_at'))!,
    userId: Number(g('user_id')), userName: (g('user_name') as string) ?? '', userPhone: (g('user_phone') as string | null) ?? null,
    note: (g('note') as string | null) ?? null, version: Number(g('version')),
  };
}

async function shifts(db: Db, where: SQL): Promise<DutyShift[]> {
  const rows = await rowsOf<Raw>(db, sql`SELECT ${SHIFT_COLUMNS('d')}, u.name AS user_name, u.phone AS user_phone FROM duty_shifts d
    JOIN users u ON u.school_id = d.school_id AND u.id = d.user_id WHERE ${where}
    ORDER BY d.date, CASE d.kind WHEN 'leader' THEN 1 WHEN 'gate' THEN 2 ELSE 3 END, d.starts_at, u.name, d.id`);
  return rows.map((r) => shiftOf(r));
}

/* ---------- Rosters ---------- */

export async function roster(db: Db, schoolIds: number[], week: string, kind?: DutyKind): Promise<Roster> {
  const weekStart = mondayOf(week);
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  const conds = [sql`d.school_id IN (${ids(schoolIds)})`, sql`d.date BETWEEN ${days[0]} AND ${days[6]}`];
  if (kind) conds.push(sql`d.kind = ${kind}`);
  return { weekStart, days, shifts: await shifts(db, sql.join(conds, sql` AND `)) };
}

function onDutyTwice(e: unknown): never {
  const pg = pgErrorCode(e);
  if (pg.code === '23505') throw new AppError('duty.alreadyOnDuty', 409, { fields: [{ path: 'userId', code: 'duty.alreadyOnDuty' }] });
  throw e;
}

export async function createShift(tx: Db, actor: Actor, input: CreateShiftInput): Promise<number> {
  const s = actor.schoolId;
  if (!await isStaff(tx, s, input.userId)) throw new AppError('duty.personMissing', 400, { fields: [{ path: 'userId', code: 'duty.personMissing' }] });
  const [settings, school] = await Promise.all([gateSettingsOf(tx, s), schoolInfo(tx, s)]);
  const { startsAt, endsAt } = shiftTimes(input.date, school.timezone, settings.shifts[input.kind]);
  const [row] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO duty_shifts (school_id, kind, date, starts_at, ends_at, user_id, note, created_by)
    VALUES (${s}, ${input.kind}, ${input.date}, ${at(startsAt)}, ${at(endsAt)}, ${input.userId}, ${input.note}, ${actor.userId})
    ON CONFLICT (school_id, kind, date, user_id) DO NOTHING RETURNING id`);
  if (!row) throw new AppError('duty.alreadyOnDuty', 409, { fields: [{ path: 'userId', code: 'duty.alreadyOnDuty' }] });
  await recordAudit(tx, actor, { entity: SHIFT_ENTITY, entityId: row.id, action: 'create', after: { kind: input.kind, date: input.date, userId: input.userId, note: input.note } });
  return Number(row.id);
}

export async function deleteShift(tx: Db, actor: Actor, id: number): Promise<void> {
  const [row] = await rowsOf<Raw>(tx, sql`DELETE FROM duty_shifts WHERE school_id = ${actor.schoolId} AND id = ${id} RETURNING kind, date::text AS date, user_id`);
  if (!row) throw new AppError('notFound', 404);
  await recordAudit(tx, actor, { entity: SHIFT_ENTITY, entityId: id, action: 'delete', before: { kind: row.kind, date: row.date, userId: row.user_id } });
}

/** Copies a week's roster onto another week (same weekdays); people already on that duty that day are skipped. */
export async function copyRoster(tx: Db, actor: Actor, fromWeek: string, toWeek: string): Promise<{ copied: number; skipped: number }> {
  const s = actor.schoolId;
  const from = mondayOf(fromWeek), to = mondayOf(toWeek);
  if (from === to) throw new AppError('duty.sameWeek', 400, { fields: [{ path: 'toWeek', code: 'duty.sameWeek' }] });
  const source = await rowsOf<{ kind: DutyKind; date: string; user_id: number; note: string | null }>(tx, sql`SELECT kind, date::text AS date, user_id, note FROM duty_shifts
    WHERE school_id = ${s} AND date BETWEEN ${from} AND ${addDays(from, 6)} ORDER BY date, id`);
  const [settings, school] = await Promise.all([gateSettingsOf(tx, s), schoolInfo(tx, s)]);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
  let copied = 0;
  for (const r of source) {
    const date = addDays(r.date, days);
    const { startsAt, endsAt } = shiftTimes(date, school.timezone, settings.shifts[r.kind]);
    const made = await rowsOf<{ id: number }>(tx, sql`INSERT INTO duty_shifts (school_id, kind, date, starts_at, ends_at, user_id, note, created_by)
      VALUES (${s}, ${r.kind}, ${date}, ${at(startsAt)}, ${at(endsAt)}, ${r.user_id}, ${r.note}, ${actor.userId})
      ON CONFLICT (school_id, kind, date, user_id) DO NOTHING RETURNING id`);
    copied += made.length;
  }
  await recordAudit(tx, actor, { entity: SHIFT_ENTITY, entityId: to, action: 'copyWeek', after: { fromWeek: from, toWeek: to, copied } });
  return { copied, skipped: source.length - copied };
}

/** Who is on duty now, and today's whole roster. */
export async function dutyNow(db: Db, schoolId: number, now: Date): Promise<DutyNow> {
  const { timezone } = await schoolInfo(db, schoolId);
  const today = localDate(now, timezone);
  const list = await shifts(db, sql`d.school_id = ${schoolId} AND ((d.starts_at <= ${at(now)} AND d.ends_at > ${at(now)}) OR d.date = ${today})`);
  const t = now.getTime();
  return { at: now.toISOString(), now: list.filter((x) => Date.parse(x.startsAt) <= t && Date.parse(x.endsAt) > t), today: list.filter((x) => x.date === today) };
}

/* ---------- Handovers 交接班 ---------- */

function handoverSelect(from: SQL): SQL {
  return sql`SELECT p.*, fu.name AS from_name, tu.name AS to_name, cu.name AS confirmed_by_name FROM ${from} p
    LEFT JOIN users fu ON fu.school_id = p.school_id AND fu.id = p.from_user_id
    LEFT JOIN users tu ON tu.school_id = p.school_id AND tu.id = p.to_user_id
    LEFT JOIN users cu ON cu.school_id = p.school_id AND cu.id = p.confirmed_by`;
}

const mayConfirm = (r: Raw, reader: { userId: number | null; schoolIds?: number[] }) => r.state === 'open' && Number(r.from_user_id) !== reader.userId
  && (r.to_user_id == null || Number(r.to_user_id) === reader.userId);

function handoverOf(r: Raw, reader: Reader): Handover {
  return {
    id: Number(r.id), kind: r.kind as DutyKind, fromUserId: Number(r.from_user_id), fromUserName: (r.from_name as string) ?? '',
    toUserId: r.to_user_id == null ? null : Number(r.to_user_id), toUserName: (r.to_name as string | null) ?? null,
    note: String(r.note), writtenAt: iso(r.written_at)!, state: r.state as Handover['state'],
    confirmedByName: (r.confirmed_by_name as string | null) ?? null, confirmedAt: iso(r.confirmed_at), confirmNote: (r.confirm_note as string | null) ?? null,
    canConfirm: reader.schoolIds.includes(Number(r.school_id)) && !reader.roles.includes('inspector') && mayConfirm(r, reader), version: Number(r.version),
  };
}

export async function createHandover(tx: Db, actor: Actor, input: CreateHandoverInput, now: Date): Promise<number> {
  const s = actor.schoolId;
  if (input.toUserId) {
    if (input.toUserId === actor.userId || !await isStaff(tx, s, input.toUserId)) throw new AppError('duty.personMissing', 400, { fields: [{ path: 'toUserId', code: 'duty.personMissing' }] });
  }
  const [row] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO duty_handovers (school_id, kind, from_user_id, to_user_id, note, written_at)
    VALUES (${s}, ${input.kind}, ${actor.userId}, ${input.toUserId ?? null}, ${input.note}, ${at(now)}) RETURNING id`);
  await recordAudit(tx, actor, { entity: HANDOVER_ENTITY, entityId: row.id, action: 'create', after: { kind: input.kind, toUserId: input.toUserId ?? null, note: input.note } });
  const to = input.toUserId ? [input.toUserId] : input.kind === 'gate' ? (await usersWithRole(tx, s, 'guard')).map((u) => u.id).filter((id) => id !== actor.userId) : [];
  await notify(tx, { schoolId: s, userIds: to, kind: 'duty.notify.handover', params: { name: actor.name ?? '' }, link: `${DUTY_LINK}/handovers`, entity: HANDOVER_ENTITY, entityId: row.id });
  return Number(row.id);
}

/** The incoming person confirms (not the writer; the named one when one is named); once. */
export async function confirmHandover(tx: Db, actor: Actor, id: number, note: string | null, now: Date): Promise<void> {
  const s = actor.schoolId;
  const [r] = await rowsOf<Raw>(tx, sql`SELECT * FROM duty_handovers WHERE school_id = ${s} AND id = ${id}`);
  if (!r) throw new AppError('notFound', 404);
  if (r.state !== 'open') throw new AppError('duty.handoverConfirmed', 409);
  if (Number(r.from_user_id) === actor.userId) throw new AppError('duty.ownHandover', 403);
  if (r.to_user_id != null && Number(r.to_user_id) !== actor.userId) throw new AppError('duty.notYourHandover', 403);
  const [done] = await rowsOf<{ id: number }>(tx, sql`UPDATE duty_handovers SET state = 'confirmed', confirmed_by = ${actor.userId}, confirmed_at = ${at(now)},
      confirm_note = ${note}, version = version + 1
    WHERE school_id = ${s} AND id = ${id} AND state = 'open' RETURNING id`);
  if (!done) throw new AppError('duty.handoverConfirmed', 409);
  await recordAudit(tx, actor, { entity: HANDOVER_ENTITY, entityId: id, action: 'confirm', before: { state: 'open' }, after: { state: 'confirmed', note } });
  await notify(tx, { schoolId: s, userIds: [Number(r.from_user_id)], kind: 'duty.notify.handoverConfirmed', params: { name: actor.name ?? '' }, link: `${DUTY_LINK}/handovers`, entity: HANDOVER_ENTITY, entityId: id });
}

export function listHandovers(db: Db, reader: Reader, q: HandoverListQuery) {
  const conds: SQL[] = [sql`school_id IN (${ids(reader.schoolIds)})`];
  if (q.kind) conds.push(sql`kind = ${q.kind}`);
  if (q.open !== undefined) conds.push(q.open ? sql`state = 'open'` : sql`state <> 'open'`);
  return keysetPage(db, {
    table: 'duty_handovers', where: conds, sortColumn: 'written_at', sort: '-writtenAt', cursor: q.cursor, limit: q.limit,
    select: handoverSelect, map: (r) => handoverOf(r, reader),
  });
}

export async function getHandover(db: Db, reader: Reader, id: number): Promise<Handover> {
  const [r] = await rowsOf<Raw>(db, sql`${handoverSelect(sql`duty_handovers`)} WHERE p.school_id IN (${ids(reader.schoolIds)}) AND p.id = ${id}`);
  if (!r) throw new AppError('notFound', 404);
  return handoverOf(r, reader);
}

/* ---------- Swaps 调班 ---------- */

function swapSelect(from: SQL): SQL {
  return sql`SELECT p.*, ru.name AS requester_name, wu.name AS with_name, du.name AS decided_by_name,
      ${sql.raw(`a.id AS a_id, a.kind AS a_kind, a.date::text AS a_date, a.starts_at AS a_starts_at, a.ends_at AS a_ends_at,
      a.user_id AS a_user_id, a.note AS a_note, a.version AS a_version, au.name AS a_user_name, au.phone AS a_user_phone,
      b.id AS b_id, b.kind AS b_kind, b.date::text AS b_date, b.starts_at AS b_starts_at, b.ends_at AS b_ends_at,
      b.user_id AS b_user_id, b.note AS b_note, b.version AS b_version, bu.name AS b_user_name, bu.phone AS b_user_phone`)}
    FROM ${from} p
    LEFT JOIN users ru ON ru.school_id = p.school_id AND ru.id = p.requester_id
    LEFT JOIN users wu ON wu.school_id = p.school_id AND wu.id = p.with_user_id
    LEFT JOIN users du ON du.school_id = p.school_id AND du.id = p.decided_by
    LEFT JOIN duty_shifts a ON a.school_id = p.school_id AND a.id = p.shift_id
    LEFT JOIN users au ON au.school_id = a.school_id AND au.id = a.user_id
    LEFT JOIN duty_shifts b ON b.school_id = p.school_id AND b.id = p.other_shift_id
    LEFT JOIN users bu ON bu.school_id = b.school_id AND bu.id = b.user_id`;
}

function swapActions(r: Raw, reader: Reader): SwapAction[] {
  if (r.state !== 'pending' || !reader.schoolIds.includes(Number(r.school_id)) || reader.roles.includes('inspector')) return [];
  const out: SwapAction[] = [];
  if (hasAny(reader.roles, ['director'])) out.push('approve', 'reject');
  if (Number(r.requester_id) === reader.userId) out.push('cancel');
  return out;
}

function swapOf(r: Raw, reader: Reader): Swap {
  return {
    id: Number(r.id), shift: shiftOf(r, 'a_'), otherShift: r.b_id == null ? null : shiftOf(r, 'b_'),
    requesterId: Number(r.requester_id), requesterName: (r.requester_name as string) ?? '', withUserId: Number(r.with_user_id), withUserName: (r.with_name as string) ?? '',
    reason: String(r.reason), state: r.state as Swap['state'], requestedAt: iso(r.requested_at)!,
    decidedByName: (r.decided_by_name as string | null) ?? null, decidedAt: iso(r.decided_at), decisionNote: (r.decision_note as string | null) ?? null,
    actions: swapActions(r, reader), version: Number(r.version),
  };
}

export async function createSwap(tx: Db, actor: Actor, input: CreateSwapInput, now: Date): Promise<number> {
  const s = actor.schoolId;
  const [shift] = await rowsOf<Raw>(tx, sql`SELECT * FROM duty_shifts WHERE school_id = ${s} AND id = ${input.shiftId}`);
  if (!shift) throw new AppError('duty.shiftMissing', 400, { fields: [{ path: 'shiftId', code: 'duty.shiftMissing' }] });
  if (Number(shift.user_id) !== actor.userId) throw new AppError('duty.notYourShift', 403);
  if (new Date(shift.starts_at as string).getTime() <= now.getTime()) throw new AppError('duty.shiftStarted', 400, { fields: [{ path: 'shiftId', code: 'duty.shiftStarted' }] });
  if (input.withUserId === actor.userId || !await isStaff(tx, s, input.withUserId)) throw new AppError('duty.personMissing', 400, { fields: [{ path: 'withUserId', code: 'duty.personMissing' }] });
  if (input.otherShiftId) {
    const [other] = await rowsOf<Raw>(tx, sql`SELECT * FROM duty_shifts WHERE school_id = ${s} AND id = ${input.otherShiftId}`);
    if (!other || Number(other.user_id) !== input.withUserId) throw new AppError('duty.otherShiftNotTheirs', 400, { fields: [{ path: 'otherShiftId', code: 'duty.otherShiftNotTheirs' }] });
  }
  const [pending] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM duty_swaps WHERE school_id = ${s} AND shift_id = ${input.shiftId} AND state = 'pending' LIMIT 1`);
  if (pending) throw new AppError('duty.swapPending', 409);
  const [row] = await rowsOf<{ id: number }>(tx, sql`INSERT INTO duty_swaps (school_id, shift_id, requester_id, with_user_id, other_shift_id, reason, requested_at)
    VALUES (${s}, ${input.shiftId}, ${actor.userId}, ${input.withUserId}, ${input.otherShiftId ?? null}, ${input.reason}, ${at(now)}) RETURNING id`);
  await recordAudit(tx, actor, { entity: SWAP_ENTITY, entityId: row.id, action: 'create', after: { shiftId: input.shiftId, withUserId: input.withUserId, otherShiftId: input.otherShiftId ?? null, reason: input.reason } });
  const directors = (await usersWithRole(tx, s, 'director')).map((u) => u.id);
  await notify(tx, { schoolId: s, userIds: [...directors, input.withUserId], kind: 'duty.notify.swapRequested', params: { name: actor.name ?? '', date: String(shift.date) }, link: `${DUTY_LINK}/swaps`, entity: SWAP_ENTITY, entityId: row.id });
  return Number(row.id);
}

/**
 * The director decides once: the swap's state moves by a conditional UPDATE from 'pending', and on
 * approval the shifts change hands only if they are still the requester's (and the other person's).
 */
export async function decideSwap(tx: Db, actor: Actor, id: number, action: SwapAction, note: string | null, now: Date): Promise<void> {
  const s = actor.schoolId;
  const [r] = await rowsOf<Raw>(tx, sql`SELECT * FROM duty_swaps WHERE school_id = ${s} AND id = ${id}`);
  if (!r) throw new AppError('notFound', 404);
  if (r.state !== 'pending') throw new AppError('duty.swapDecided', 409);
  if (action === 'cancel' && Number(r.requester_id) !== actor.userId) throw new AppError('duty.notYourSwap', 403);
  if (action !== 'cancel' && !hasAny(actor.roles, ['director'])) throw new AppError('forbidden', 403);
  const to = action === 'approve' ? 'approved' : action === 'reject' ? 'rejected' : 'cancelled';
  const [done] = await rowsOf<{ id: number }>(tx, sql`UPDATE duty_swaps SET state = ${to}, decided_by = ${actor.userId}, decided_at = ${at(now)}, decision_note = ${note},
      version = version + 1 WHERE school_id = ${s} AND id = ${id} AND state = 'pending' RETURNING id`);
  if (!done) throw new AppError('duty.swapDecided', 409);
  if (action === 'approve') {
    try {
      const moved = await rowsOf<{ id: number }>(tx, sql`UPDATE duty_shifts SET user_id = ${r.with_user_id}, version = version + 1, updated_at = ${at(now)}
        WHERE school_id = ${s} AND id = ${r.shift_id} AND user_id = ${r.requester_id} RETURNING id`);
      if (!moved.length) throw new AppError('duty.shiftChanged', 409);
      if (r.other_shift_id != null) {
        const back = await rowsOf<{ id: number }>(tx, sql`UPDATE duty_shifts SET user_id = ${r.requester_id}, version = version + 1, updated_at = ${at(now)}
          WHERE school_id = ${s} AND id = ${r.other_shift_id} AND user_id = ${r.with_user_id} RETURNING id`);
        if (!back.length) throw new AppError('duty.shiftChanged', 409);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      onDutyTwice(e);
    }
  }
  await recordAudit(tx, actor, { entity: SWAP_ENTITY, entityId: id, action, before: { state: 'pending' }, after: { state: to, note } });
  if (action !== 'cancel') {
    await notify(tx, { schoolId: s, userIds: [Number(r.requester_id), Number(r.with_user_id)], kind: `duty.notify.swap.${to}`, params: { name: actor.name ?? '' }, link: `${DUTY_LINK}/swaps`, entity: SWAP_ENTITY, entityId: id });
  }
}

export function listSwaps(db: Db, reader: Reader, q: SwapListQuery) {
  const conds: SQL[] = [sql`school_id IN (${ids(reader.schoolIds)})`];
  if (q.state) conds.push(sql`state = ${q.state}`);
  if (q.mine) conds.push(sql`(requester_id = ${reader.userId} OR with_user_id = ${reader.userId})`);
  return keysetPage(db, {
    table: 'duty_swaps', where: conds, sortColumn: 'requested_at', sort: '-requestedAt', cursor: q.cursor, limit: q.limit,
    select: swapSelect, map: (r) => swapOf(r, reader),
  });
}

export async function getSwap(db: Db, reader: Reader, id: number): Promise<Swap> {
  const [r] = await rowsOf<Raw>(db, sql`${swapSelect(sql`duty_swaps`)} WHERE p.school_id IN (${ids(reader.schoolIds)}) AND p.id = ${id}`);
  if (!r) throw new AppError('notFound', 404);
  return swapOf(r, reader);
}
