// The processes around the asset register: stocktakes 盘点 (stocktake.*), damage and compensation
// 公物损坏赔偿 (damage.*), disposal 报废处置 (disposal.*). Composed into the assets module by index.ts.
import type { ModulePart } from '../../platform/module';
import { processPolicy } from './process.policy';
import { setProcessClock } from './process.shared';
import { stocktakeRoutes } from './stocktake.routes';
import { damageRoutes } from './damage.routes';
import { disposalRoutes } from './disposal.routes';
import { damageSettingsDef, damageWaiverApprovalKind } from './damage.service';
import { disposalApprovalKind } from './disposal.service';
import { STOCKTAKE_SCHEDULE_OWNER, yearlyStocktakeCheck, ensureStocktakeSchedules } from './stocktake.service';
import { seedProcessDemo } from './process.demo';

export const processPart: ModulePart = {
  policy: processPolicy,
  routes: (deps) => {
    setProcessClock(deps.clock);
    const plugins = [stocktakeRoutes(deps), damageRoutes(deps), disposalRoutes(deps)];
    return async (app) => { for (const p of plugins) await app.register(p); };
  },
  demo: seedProcessDemo,
  settings: [damageSettingsDef],
  schedules: { [STOCKTAKE_SCHEDULE_OWNER]: async (tx, due) => { await yearlyStocktakeCheck(tx, due); } },
  jobs: [{ name: 'assets.stocktake.schedules', everyMs: 3600_000, run: async (db, clock) => { await ensureStocktakeSchedules(db, clock); } }],
  approvals: [disposalApprovalKind, damageWaiverApprovalKind],
};
