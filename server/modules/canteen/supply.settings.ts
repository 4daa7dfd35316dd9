import { CanteenSupplySettings, DEFAULT_CANTEEN_SUPPLY_SETTINGS } from '../../../contracts/canteenSupply';
import { getSettings, type SettingsDef } from '../../platform/settings';
import type { Db } from '../../platform/db';

/** Licence alert days, bulk-staple names, inspectors for bulk staples, margin limit, meal prices (GET/PATCH /api/v1/settings/canteenSupply). */
export const supplySettingsDef: SettingsDef<CanteenSupplySettings> = {
  module: 'canteenSupply',
  schema: CanteenSupplySettings,
  defaults: DEFAULT_CANTEEN_SUPPLY_SETTINGS,
  read: 'canteen.supply.settings.read',
  write: 'canteen.supply.settings.write',
};

export const supplySettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, supplySettingsDef);
