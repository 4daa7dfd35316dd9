import { SafetyRecordsSettings, DEFAULT_SAFETY_RECORDS_SETTINGS } from '../../../contracts/safetyRecords';
import { getSettings, type SettingsDef } from '../../platform/settings';
import type { Db } from '../../platform/db';

/** Evacuation target, school-month threshold, meetings per term, class sessions per month (GET/PATCH /api/v1/settings/safetyRecords). */
export const recordsSettingsDef: SettingsDef<SafetyRecordsSettings> = {
  module: 'safetyRecords',
  schema: SafetyRecordsSettings,
  defaults: DEFAULT_SAFETY_RECORDS_SETTINGS,
  read: 'safety.recordsSettings.read',
  write: 'safety.recordsSettings.write',
};

export const recordsSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, recordsSettingsDef);
