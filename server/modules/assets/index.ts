// The assets module's public face: the register, labels, import/export, depreciation and ledger
// (assets.* files), stocktakes, damage and compensation, disposal (stocktake.*, damage.*, disposal.* files).
import type { HouqinModule } from '../../platform/module';
import { registerPart } from './assets.part';
import { processPart } from './process.part';

// For other modules (repairs: the asset a fault is reported on; finance later: the ledger).
export { assetRefs, findAssetByCode, currentNetValues, netValueOf } from './assets.service';
export { ledgerOf } from './assets.ledger';

const parts = [registerPart, processPart];

export const assetsModule: HouqinModule = {
  name: 'assets',
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
