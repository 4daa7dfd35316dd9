import { eq } from 'drizzle-orm';
import { RepairSettings, DEFAULT_REPAIR_SETTINGS, type Urgency } from '../../../contracts/repairs';
import { getSettings, type SettingsDef } from '../../platform/settings';
import { schools } from '../../platform/platform.tables';
import type { Db } from '../../platform/db';
import { endOfDay } from './repairs.time';

/** The school's repair settings: categories, time limits, auto-close and reopen windows (GET/PATCH /api/v1/settings/repairs). */
export const repairSettingsDef: SettingsDef<RepairSettings> = {
  module: 'repairs',
  schema: RepairSettings,
  defaults: DEFAULT_REPAIR_SETTINGS,
  read: 'repairs.settings.read',
  write: 'repairs.settings.write',
};

export const repairSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, repairSettingsDef);

export async function schoolTimezone(db: Db, schoolId: number): Promise<string> {
  const [row] = await db.select({ tz: schools.timezone }).from(schools).where(eq(schools.id, schoolId)).limit(1);
  return row?.tz ?? 'Asia/Shanghai';
}

const HOUR = 3600_000;

/** When the order must be accepted and done: by urgency from `from`; a planned order by the end of its date. */
export function deadlines(settings: RepairSettings, urgency: Urgency, from: Date, plannedDate: string | null | undefined, tz: string) {
  if (urgency === 'planned' && plannedDate) {
    const end = endOfDay(plannedDate, tz);
    // A planned date already past when reported still gets the normal limits from now.
    if (end.getTime() > from.getTime()) return { responseDueAt: end, doneDueAt: end };
  }
  const limit = settings.limits[urgency === 'urgent' ? 'urgent' : 'normal'];
  return {
    responseDueAt: new Date(from.getTime() + limit.responseHours * HOUR),
    doneDueAt: new Date(from.getTime() + limit.doneHours * HOUR),
  };
}

export function categoryLabel(settings: RepairSettings, code: string, locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  const c = settings.categories.find((x) => x.code === code);
  return c ? (locale === 'zh-CN' ? c.zh : c.en) : code;
}
