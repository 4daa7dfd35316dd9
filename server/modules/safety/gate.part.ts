// The safety module's gate part: visitors and exit passes (gate.*), duty rosters, handovers and
// swaps (duty.*), patrol routes, checkpoints and patrols (patrol.*).
import type { ModulePart } from '../../platform/module';
import { gatePolicy } from './gate.policy';
import { gateRoutes } from './gate.routes';
import { gatePublicRoutes } from './gate.public';
import { dutyRoutes } from './duty.routes';
import { patrolRoutes } from './patrol.routes';
import { gateSettingsDef, patrolSettingsDef } from './gate.settings';
import { flagOverstays } from './gate.visitors';
import { seedGateDemo } from './gate.demo';

export { gateFigures } from './gate.figures';

export const gatePart: ModulePart = {
  policy: gatePolicy,
  routes: (deps) => async (app) => {
    await app.register(gateRoutes(deps));
    await app.register(gatePublicRoutes(deps));
    await app.register(dutyRoutes(deps));
    await app.register(patrolRoutes(deps));
  },
  demo: seedGateDemo,
  settings: [gateSettingsDef, patrolSettingsDef],
  jobs: [{ name: 'gate.sweep', everyMs: 5 * 60_000, run: async (db, clock) => { await flagOverstays(db, clock); } }],
};
