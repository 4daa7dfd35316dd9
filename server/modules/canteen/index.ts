// The canteen module's public face (SPEC §5.5, RULES.md "Canteen"): staff health, morning checks and
// self-inspections on the inspection engine (staff.*); suppliers, intake, meal counts and cost
// accounting (supply.*); dishes, menus, samples, accompanied meals, the public menu and the day's
// board (meals.*).
import type { HouqinModule } from '../../platform/module';
import { staffPart } from './staff.part';
import { supplyPart } from './supply.part';
import { mealsPart } from './meals.part';

const parts = [staffPart, supplyPart, mealsPart];

export const canteenModule: HouqinModule = {
  name: 'canteen',
  policy: Object.assign({}, ...parts.map((p) => p.policy)),
  routes: (deps) => async (app) => { for (const p of parts) await app.register(p.routes(deps)); },
  demo: async (ctx) => { for (const p of parts) await p.demo?.(ctx); },
  settings: parts.flatMap((p) => p.settings ?? []),
  schedules: Object.assign({}, ...parts.map((p) => p.schedules ?? {})),
  jobs: parts.flatMap((p) => p.jobs ?? []),
  approvals: parts.flatMap((p) => p.approvals ?? []),
  inspectionTemplates: parts.flatMap((p) => p.inspectionTemplates ?? []),
  inspectionDomains: parts.flatMap((p) => p.inspectionDomains ?? []),
};
