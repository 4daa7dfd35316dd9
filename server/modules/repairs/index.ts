// The repairs module's public face: work orders, the repair log, statistics, maintenance plans.
import type { HouqinModule } from '../../platform/module';
import { systemClock } from '../../platform/clock';
import { repairsPolicy } from './repairs.policy';
import { repairsRoutes } from './repairs.routes';
import { repairSettingsDef } from './repairs.settings';
import { createRepairService } from './repairs.service';
import { planScheduleHandler, PLAN_OWNER } from './repairs.plans';
import { sweepRepairs } from './repairs.sweep';
import { seedRepairsDemo } from './repairs.demo';

export { createRepairService, TRANSITIONS, allowedActions, type RepairService } from './repairs.service';
export { sweepRepairs, sweepOverdue, sweepAutoClose } from './repairs.sweep';
export { repairSettingsDef } from './repairs.settings';
export { listRepairs, getRepair, type Reader } from './repairs.queries';
export { repairStats } from './repairs.stats';
export { PLAN_OWNER } from './repairs.plans';

// Plan occurrences carry their own time (the occurrence's due time): the handler needs no clock of its own.
const scheduleService = createRepairService({ clock: systemClock });

export const repairsModule: HouqinModule = {
  name: 'repairs',
  policy: repairsPolicy,
  routes: ({ db, clock }) => repairsRoutes({ db, clock }),
  demo: seedRepairsDemo,
  settings: [repairSettingsDef],
  schedules: { [PLAN_OWNER]: planScheduleHandler(scheduleService) },
  jobs: [{ name: 'repairs.sweep', everyMs: 60_000, run: async (db, clock) => { await sweepRepairs(db, clock); } }],
};
