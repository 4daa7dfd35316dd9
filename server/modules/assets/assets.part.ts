// The register part of the assets module: cards, classes, transfers, import, labels, depreciation, ledger.
import type { ModulePart } from '../../platform/module';
import { assetsPolicy } from './assets.policy';
import { assetsRoutes } from './assets.routes';
import { assetsSettingsDef } from './assets.settings';
import { DEPRECIATION_OWNER, depreciationOccurrence } from './assets.depreciation';
import { runPendingImports } from './assets.import';
import { seedAssetsDemo } from './assets.demo';

export const registerPart: ModulePart = {
  policy: assetsPolicy,
  routes: ({ db, clock }) => assetsRoutes({ db, clock }),
  demo: seedAssetsDemo,
  settings: [assetsSettingsDef],
  schedules: { [DEPRECIATION_OWNER]: depreciationOccurrence },
  // Imports are started at once by their request; this picks up any left queued by a restart (or a dead runner's).
  jobs: [{ name: 'assets.import', everyMs: 10_000, run: async (db, clock) => { await runPendingImports(db, clock); } }],
};
