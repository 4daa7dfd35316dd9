import { HazardSettings, DEFAULT_HAZARD_SETTINGS } from '../../../contracts/safetyHazards';
import { getSettings, type SettingsDef } from '../../platform/settings';
import type { Db } from '../../platform/db';

/** The monthly hazard investigation: its day, its due day and who does it (GET/PATCH /api/v1/settings/hazards). */
export const hazardSettingsDef: SettingsDef<HazardSettings> = {
  module: 'hazards',
  schema: HazardSettings,
  defaults: DEFAULT_HAZARD_SETTINGS,
  read: 'hazards.settings.read',
  write: 'hazards.settings.write',
};

export const hazardSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, hazardSettingsDef);
