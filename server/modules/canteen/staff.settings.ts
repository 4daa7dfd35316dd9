import { CanteenStaffSettings, DEFAULT_CANTEEN_STAFF_SETTINGS } from '../../../contracts/canteenStaff';
import { getSettings, type SettingsDef } from '../../platform/settings';
import type { Db } from '../../platform/db';

/** Posts, certificate validity and alert days, morning-check deadline, fever threshold, service days (GET/PATCH /api/v1/settings/canteenStaff). */
export const staffSettingsDef: SettingsDef<CanteenStaffSettings> = {
  module: 'canteenStaff',
  schema: CanteenStaffSettings,
  defaults: DEFAULT_CANTEEN_STAFF_SETTINGS,
  read: 'canteen.staff.settings.read',
  write: 'canteen.staff.settings.write',
};

export const staffSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, staffSettingsDef);
