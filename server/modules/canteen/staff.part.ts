// Canteen staff health and self-inspections (RULES.md "Canteen"): the staff list and health certificates,
// morning checks 晨检, the day's food-post roster, self-inspections on the inspection engine (domain
// 'canteen') with service stops, and the sweep (schedules, certificate alerts, missing-check flags).
import type { ModulePart } from '../../platform/module';
import { staffPolicy } from './staff.policy';
import { staffRoutes } from './staff.routes';
import { staffSettingsDef } from './staff.settings';
import { CANTEEN_TEMPLATES } from './staff.templates';
import { canteenInspectionDomain, SELF_CHECK_OWNER, selfCheckScheduleHandler } from './staff.selfcheck';
import { sweepCanteenStaff } from './staff.sweep';
import { seedStaffDemo } from './staff.demo';

export const staffPart: ModulePart = {
  policy: staffPolicy,
  routes: ({ db, clock }) => staffRoutes({ db, clock }),
  demo: seedStaffDemo,
  settings: [staffSettingsDef],
  schedules: { [SELF_CHECK_OWNER]: selfCheckScheduleHandler },
  jobs: [{ name: 'canteen.staff.sweep', everyMs: 60_000, run: async (db, clock) => { await sweepCanteenStaff(db, clock); } }],
  inspectionTemplates: CANTEEN_TEMPLATES,
  inspectionDomains: [canteenInspectionDomain],
};
