// Dishes, weekly menus and the public menu, food samples 留样, accompanied meals 陪餐 and the rota,
// the missing-sample / missing-陪餐 flags and the canteen's day board (RULES.md "Canteen").
import type { ModulePart } from '../../platform/module';
import { mealsPolicy } from './meals.policy';
import { mealsRoutes } from './meals.routes';
import { mealsSettingsDef } from './meals.settings';
import { seedMealsDemo } from './meals.demo';
import { rotaHandler } from './meals.accompanied';
import { ROTA_OWNER } from './meals.common';

export const mealsPart: ModulePart = {
  policy: mealsPolicy,
  routes: ({ db, clock }) => mealsRoutes({ db, clock }),
  demo: seedMealsDemo,
  settings: [mealsSettingsDef],
  schedules: { [ROTA_OWNER]: rotaHandler },
};
