// Hazards 隐患, the monthly hazard report and the monthly investigation's task, on the inspection engine (domain 'safety').
import type { ModulePart } from '../../platform/module';
import { hazardsPolicy } from './hazards.policy';
import { hazardsRoutes } from './hazards.routes';
import { SAFETY_TEMPLATES } from './hazards.templates';
import { seedHazardsDemo } from './hazards.demo';
import { safetyInspectionDomain } from './hazards.service';
import { hazardSettingsDef } from './hazards.settings';
import { INVESTIGATION_OWNER, ensureInvestigationSchedules, investigationScheduleHandler } from './hazards.investigation';

export const hazardsPart: ModulePart = {
  policy: hazardsPolicy,
  routes: ({ db, clock }) => hazardsRoutes({ db, clock }),
  demo: seedHazardsDemo,
  settings: [hazardSettingsDef],
  // The monthly investigation: a schedule per school (kept in step with the settings every minute), a task each month.
  schedules: { [INVESTIGATION_OWNER]: investigationScheduleHandler },
  jobs: [{ name: 'safety.hazards.schedules', everyMs: 60_000, run: async (db, clock) => { await ensureInvestigationSchedules(db, clock); } }],
  inspectionTemplates: SAFETY_TEMPLATES,
  inspectionDomains: [safetyInspectionDomain],
};
