// Suppliers, intake 进货查验, meal counts, store usage and the monthly cost account 成本核算 (RULES.md "Canteen").
import type { ModulePart } from '../../platform/module';
import { supplyPolicy } from './supply.policy';
import { supplyRoutes } from './supply.routes';
import { supplySettingsDef } from './supply.settings';
import { runLicenceAlerts } from './supply.suppliers';
import { seedSupplyDemo } from './supply.demo';

export const supplyPart: ModulePart = {
  policy: supplyPolicy,
  routes: ({ db, clock }) => supplyRoutes({ db, clock }),
  demo: seedSupplyDemo,
  settings: [supplySettingsDef],
  jobs: [{ name: 'canteen.supply.licenceAlerts', everyMs: 3600_000, run: async (db, clock) => { await runLicenceAlerts(db, clock); } }],
};
