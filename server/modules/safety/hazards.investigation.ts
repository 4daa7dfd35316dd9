// The monthly hazard investigation on the schedules engine (RULES.md: 每月一次安全隐患排查和数据上报):
// each school has one monthly schedule (owner 'safety.hazardMonthly', day and owner from the `hazards`
// settings, kept in step by the part's job); an occurrence gives the owner a task linked to the inspection
// form with the monthly checklist, due by the due day; submitting an investigation of that month closes it;
// an overdue one is told to the owner and the directors by the tasks engine's sweep.
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { completeTasks, createTask, reassignTasks } from '../../platform/tasks';
import { localDate, upsertSchedule, schoolsNeedingSchedule, zonedTime, type ScheduleHandler } from '../../platform/schedules';
import { ensureSchoolTemplates } from '../../platform/inspections';
import { INVESTIGATION_TIME, type HazardSettings, type InvestigationState } from '../../../contracts/safetyHazards';
import { HAZARD_MONTHLY, SAFETY_TEMPLATES } from './hazards.templates';
import { hazardSettingsDef, hazardSettingsOf } from './hazards.settings';

export const INVESTIGATION_OWNER = 'safety.hazardMonthly';
/** Entity of the month's task: its id is the month as a number (2026-11 → 202611). */
export const INVESTIGATION_TASK_ENTITY = 'safetyHazardMonth';
export const INVESTIGATION_TASK_KIND = 'hazards.task.monthlyInvestigation';
export const INVESTIGATION_CODE = HAZARD_MONTHLY.code;
export const monthNumber = (month: string) => Number(month.slice(0, 7).replace('-', ''));

/** The inspection form's start dialog with the school's monthly checklist chosen (the list without one). */
export const investigationLink = (templateId: number | null) => (templateId ? `/inspections?start=1&templateId=${templateId}` : '/inspections?start=1');

const daysInMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
};
/** The month's due day (the due-day setting, or the month's last day when the month is shorter). */
export const dueOnOf = (month: string, settings: HazardSettings) => `${month}-${String(Math.min(settings.investigationDueDay, daysInMonth(month))).padStart(2, '0')}`;

/** The schedule's rule for a school's settings (the demo makes it directly). */
export const investigationRule = (settings: HazardSettings, startsOn: string) =>
  ({ freq: 'monthly' as const, monthDay: settings.investigationDay, time: INVESTIGATION_TIME, startsOn });

async function zoneOf(db: Db, schoolId: number): Promise<string> {
  const [s] = await rowsOf<{ timezone: string }>(db, sql`SELECT timezone FROM schools WHERE id = ${schoolId}`);
  return s?.timezone ?? 'Asia/Shanghai';
}

async function templateIdOf(db: Db, schoolId: number): Promise<number | null> {
  const [t] = await rowsOf<{ id: number }>(db, sql`SELECT id FROM inspection_templates WHERE school_id = ${schoolId} AND code = ${INVESTIGATION_CODE}`);
  return t ? Number(t.id) : null;
}

/** The latest submitted investigation (monthly checklist) whose day falls in the month. */
async function doneIn(db: Db, schoolId: number, month: string): Promise<{ id: number; day: string } | null> {
  const [r] = await rowsOf<{ id: number; day: string }>(db, sql`SELECT i.id, i.day::text AS day FROM inspections i
    JOIN inspection_templates t ON t.school_id = i.school_id AND t.id = i.template_id
    WHERE i.school_id = ${schoolId} AND t.code = ${INVESTIGATION_CODE} AND i.state = 'submitted'
      AND i.day BETWEEN ${`${month}-01`}::date AND ${`${month}-${daysInMonth(month)}`}::date
    ORDER BY i.day DESC, i.id DESC LIMIT 1`);
  return r ? { id: Number(r.id), day: String(r.day).slice(0, 10) } : null;
}

/** The one person named in the settings, when still an active member of the school. */
async function namedOwner(db: Db, schoolId: number, userId: number | null): Promise<number | null> {
  if (userId == null) return null;
  const [u] = await rowsOf<{ id: number }>(db, sql`SELECT id FROM users WHERE school_id = ${schoolId} AND id = ${userId} AND active`);
  return u ? Number(u.id) : null;
}

/**
 * An occurrence (in the runner's transaction): the month's task for the owner (the named person, else the
 * role), due by the end of the due day — unless the month's investigation is already in, or the month
 * already has its task (a day moved later within the month runs again: still one task a month).
 */
export const investigationScheduleHandler: ScheduleHandler = async (tx, due) => {
  const s = due.schoolId;
  const tz = await zoneOf(tx, s);
  const month = localDate(due.dueAt, tz).slice(0, 7);
  if (await doneIn(tx, s, month)) return;
  const [had] = await rowsOf(tx, sql`SELECT 1 FROM tasks WHERE school_id = ${s} AND entity = ${INVESTIGATION_TASK_ENTITY} AND entity_id = ${monthNumber(month)} LIMIT 1`);
  if (had) return;
  const settings = await hazardSettingsOf(tx, s);
  await ensureSchoolTemplates(tx, SAFETY_TEMPLATES, { schoolId: s });
  const owner = await namedOwner(tx, s, settings.investigationOwnerId);
  const dueOn = dueOnOf(month, settings);
  await createTask(tx, {
    schoolId: s, module: 'safety', kind: INVESTIGATION_TASK_KIND, params: { month, dueOn },
    entity: INVESTIGATION_TASK_ENTITY, entityId: monthNumber(month), assigneeId: owner, role: owner == null ? settings.investigationRole : undefined,
    dueAt: zonedTime(dueOn, '23:59', tz), link: investigationLink(await templateIdOf(tx, s)),
  });
};

/** The engine's hook (inside the submitting transaction): an investigation on the monthly checklist closes its month's task. */
export async function completeInvestigationTask(tx: Db, schoolId: number, inspectionId: number, templateCode: string): Promise<void> {
  if (templateCode !== INVESTIGATION_CODE) return;
  const [row] = await rowsOf<{ day: string }>(tx, sql`SELECT day::text AS day FROM inspections WHERE school_id = ${schoolId} AND id = ${inspectionId}`);
  if (row) await completeTasks(tx, schoolId, INVESTIGATION_TASK_ENTITY, monthNumber(String(row.day)), INVESTIGATION_TASK_KIND);
}

const tx = <T>(db: Db, fn: (t: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));

/**
 * Every school gets its monthly schedule, made again when the school changes its `hazards` settings
 * (the settings row is newer than the schedule; platform schoolsNeedingSchedule). In the same transaction
 * an investigation task still open (this month's, or an earlier one not yet done) moves to the owner the
 * settings now name — the person, else the role; done ones keep theirs. Returns the schedules made or changed.
 */
export async function ensureInvestigationSchedules(db: Db, clock: Clock, opts: { schoolId?: number } = {}): Promise<number> {
  const stale = await schoolsNeedingSchedule(db, INVESTIGATION_OWNER, hazardSettingsDef.module, opts.schoolId);
  for (const s of stale) {
    const schoolId = Number(s.id);
    const settings = await hazardSettingsOf(db, schoolId);
    await tx(db, async (t) => {
      await upsertSchedule(t, {
        schoolId, owner: INVESTIGATION_OWNER, ownerId: 1, active: true,
        rule: investigationRule(settings, localDate(clock.now(), s.timezone)),
      });
      const owner = await namedOwner(t, schoolId, settings.investigationOwnerId);
      await reassignTasks(t, schoolId, { entity: INVESTIGATION_TASK_ENTITY, kind: INVESTIGATION_TASK_KIND },
        owner != null ? { assigneeId: owner } : { assigneeId: null, role: settings.investigationRole });
    });
  }
  return stale.length;
}

/** The month's investigation for the safety home: done (its inspection), due by the due day, overdue after it, upcoming in a month to come. */
export async function investigationState(db: Db, schoolId: number, month: string, today: string): Promise<InvestigationState> {
  const [settings, done, templateId] = await Promise.all([hazardSettingsOf(db, schoolId), doneIn(db, schoolId, month), templateIdOf(db, schoolId)]);
  const dueOn = dueOnOf(month, settings);
  const state = done ? 'done' : month > today.slice(0, 7) ? 'upcoming' : today > dueOn ? 'overdue' : 'due';
  return { state, dueOn, inspectionId: done?.id ?? null, doneOn: done?.day ?? null, templateId };
}
