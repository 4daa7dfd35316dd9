// The staff part's job (every minute, safe with several processes, driven by the injected clock):
// 1. every school gets its daily self-check schedule (owner 'canteen.selfcheck');
// 2. certificates expiring within the alert days (or already expired) alert the canteen managers once
//    each (a conditional update on alerted_at IS NULL), with a renewal task;
// 3. on a service day after the morning-check deadline, missing checks are flagged once per school and
//    day (a unique alert row) with a notification to the canteen managers.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { notify } from '../../platform/notifications';
import { createTask } from '../../platform/tasks';
import { recordAudit } from '../../platform/audit';
import { localDate, startOfDay, upsertSchedule, schoolsNeedingSchedule } from '../../platform/schedules';
import { SYSTEM_ACTOR } from '../../platform/inspections';
import { canteenStaffAlerts } from './staff.tables';
import { CHECKS_LINK, ENTITY, STAFF_LINK, holdersOf } from './staff.service';
import { dayContext, deadlineOf, isServiceDay, peopleOnDay } from './staff.status';
import { SELF_CHECK_OWNER } from './staff.selfcheck';
import { staffSettingsDef } from './staff.settings';

const tx = <T>(db: Db, fn: (t: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));

export interface SweepResult { schedules: number; certAlerts: number; missingFlags: number }

export async function sweepCanteenStaff(db: Db, clock: Clock, opts: { schoolId?: number } = {}): Promise<SweepResult> {
  const now = clock.now();
  const only = opts.schoolId !== undefined ? sql`AND s.id = ${opts.schoolId}` : sql``;
  const out: SweepResult = { schedules: 0, certAlerts: 0, missingFlags: 0 };

  // 1. Schedules: made once, and made again after the school changes its service days or the
  // self-check time (its settings are newer than the schedule).
  const unscheduled = await schoolsNeedingSchedule(db, SELF_CHECK_OWNER, staffSettingsDef.module, opts.schoolId);
  for (const s of unscheduled) {
    const ctx = await dayContext(db, Number(s.id));
    await tx(db, (t) => upsertSchedule(t, {
      schoolId: Number(s.id), owner: SELF_CHECK_OWNER, ownerId: 1, active: true,
      rule: { freq: 'weekly', weekdays: ctx.settings.serviceWeekdays, time: ctx.settings.selfCheckTime, startsOn: localDate(now, ctx.tz) },
    }));
    out.schedules++;
  }

  // 2. Certificate alerts: the latest certificate of each active person, within 120 days (the largest setting) of its end.
  const candidates = await rowsOf<{ school_id: number }>(db, sql`SELECT DISTINCT h.school_id FROM canteen_health_certs h JOIN schools s ON s.id = h.school_id
    WHERE h.alerted_at IS NULL AND h.active AND h.expires_on <= ((${now.toISOString()}::timestamptz AT TIME ZONE s.timezone)::date + 120) ${only}`);
  for (const c of candidates) {
    const schoolId = Number(c.school_id);
    const ctx = await dayContext(db, schoolId);
    const today = localDate(now, ctx.tz);
    out.certAlerts += await tx(db, async (t) => {
      const rows = await rowsOf<{ id: number; staff_id: number; expires_on: string; name: string }>(t, sql`
        UPDATE canteen_health_certs h SET alerted_at = ${now.toISOString()}
        FROM canteen_staff cs JOIN users u ON u.school_id = cs.school_id AND u.id = cs.user_id
        WHERE h.school_id = ${schoolId} AND cs.school_id = h.school_id AND cs.id = h.staff_id AND cs.active
          AND h.alerted_at IS NULL AND h.active AND h.expires_on <= ${today}::date + ${ctx.settings.certAlertDays}::int
          AND NOT EXISTS (SELECT 1 FROM canteen_health_certs n WHERE n.school_id = h.school_id AND n.staff_id = h.staff_id AND n.active AND n.expires_on > h.expires_on)
        RETURNING h.id, h.staff_id, h.expires_on::text AS expires_on, u.name`);
      if (!rows.length) return 0;
      const managers = await holdersOf(t, schoolId, ['canteen_manager']);
      for (const r of rows) {
        const expiresOn = String(r.expires_on).slice(0, 10);
        const expired = expiresOn < today;
        const params = { name: r.name, expiresOn };
        const kind = expired ? 'canteen.staff.notify.certExpired' : 'canteen.staff.notify.certExpiring';
        await notify(t, { schoolId, userIds: managers, kind, params, link: `${STAFF_LINK}/${r.staff_id}`, entity: ENTITY.cert, entityId: Number(r.id) });
        await createTask(t, {
          schoolId, module: 'canteen', kind: 'canteen.staff.task.renewCert', params, entity: ENTITY.cert, entityId: Number(r.id),
          assigneeId: null, role: 'canteen_manager', dueAt: expired ? startOfDay(today, ctx.tz) : startOfDay(expiresOn, ctx.tz), link: `${STAFF_LINK}/${r.staff_id}`, escalate: false,
        });
        await recordAudit(t, SYSTEM_ACTOR(schoolId), { entity: ENTITY.cert, entityId: Number(r.id), action: 'alert', after: { expiresOn, expired } });
      }
      return rows.length;
    });
  }

  // 3. Missing morning checks after the deadline, once per school and day.
  const schools = await rowsOf<{ id: number; timezone: string }>(db, sql`SELECT s.id, s.timezone FROM schools s WHERE s.kind = 'school' AND s.active ${only}
    AND EXISTS (SELECT 1 FROM canteen_staff cs WHERE cs.school_id = s.id AND cs.active)
    AND NOT EXISTS (SELECT 1 FROM canteen_staff_alerts a WHERE a.school_id = s.id AND a.kind = 'missingChecks' AND a.day = (${now.toISOString()}::timestamptz AT TIME ZONE s.timezone)::date)`);
  for (const s of schools) {
    const schoolId = Number(s.id);
    const ctx = await dayContext(db, schoolId);
    const today = localDate(now, ctx.tz);
    if (!isServiceDay(ctx.settings, today) || now < deadlineOf(ctx, today)) continue;
    const missing = (await peopleOnDay(db, schoolId, today, ctx.settings.feverCelsius)).filter((p) => !p.check);
    if (!missing.length) continue;
    out.missingFlags += await tx(db, async (t) => {
      const [row] = await t.insert(canteenStaffAlerts).values({ schoolId, kind: 'missingChecks', day: today, at: now, data: { staffIds: missing.map((p) => p.staffId) } })
        .onConflictDoNothing().returning({ day: canteenStaffAlerts.day });
      if (!row) return 0;
      await notify(t, {
        schoolId, userIds: await holdersOf(t, schoolId, ['canteen_manager']), kind: 'canteen.staff.notify.missingChecks',
        params: { date: today, count: missing.length, names: missing.map((p) => p.name).join('、'), deadline: ctx.settings.morningCheckDeadline },
        link: `${CHECKS_LINK}?date=${today}`,
      });
      return 1;
    });
  }
  return out;
}
