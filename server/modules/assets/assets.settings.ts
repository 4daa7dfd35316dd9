import { AssetsSettings, DEFAULT_ASSETS_SETTINGS } from '../../../contracts/assets';
import { getSettings, type SettingsDef } from '../../platform/settings';
import type { Db } from '../../platform/db';

/** The school's register settings: the capitalisation threshold and the code pattern (GET/PATCH /api/v1/settings/assets). */
export const assetsSettingsDef: SettingsDef<AssetsSettings> = {
  module: 'assets',
  schema: AssetsSettings,
  defaults: DEFAULT_ASSETS_SETTINGS,
  read: 'assets.settings.read',
  write: 'assets.settings.write',
};

export const assetsSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, assetsSettingsDef);
