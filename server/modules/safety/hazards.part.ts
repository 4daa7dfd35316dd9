// Hazards 隐患 and the monthly hazard report, on the inspection engine (domain 'safety').
import type { ModulePart } from '../../platform/module';
import { hazardsPolicy } from './hazards.policy';
import { hazardsRoutes } from './hazards.routes';
import { SAFETY_TEMPLATES } from './hazards.templates';
import { seedHazardsDemo } from './hazards.demo';
import { safetyInspectionDomain } from './hazards.service';

export const hazardsPart: ModulePart = {
  policy: hazardsPolicy,
  routes: ({ db, clock }) => hazardsRoutes({ db, clock }),
  demo: seedHazardsDemo,
  inspectionTemplates: SAFETY_TEMPLATES,
  inspectionDomains: [safetyInspectionDomain],
};
