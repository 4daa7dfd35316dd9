import { CanteenMealsSettings, DEFAULT_CANTEEN_MEALS_SETTINGS } from '../../../contracts/canteenMeals';
import { getSettings, type SettingsDef } from '../../platform/settings';
import type { Db } from '../../platform/db';

/**
 * Meal times, served meals, the sample minimum weight (≥ 125 g) and keep time (≥ 48 h) — a school may
 * raise them, never lower them (the schema's minimums) — the default sample cabinet, who may accompany,
 * and the extension of the banned list (GET/PATCH /api/v1/settings/canteenMeals).
 */
export const mealsSettingsDef: SettingsDef<CanteenMealsSettings> = {
  module: 'canteenMeals',
  schema: CanteenMealsSettings,
  defaults: DEFAULT_CANTEEN_MEALS_SETTINGS,
  read: 'canteen.meals.settings.read',
  write: 'canteen.meals.settings.write',
};

export const mealsSettingsOf = (db: Db, schoolId: number) => getSettings(db, schoolId, mealsSettingsDef);
