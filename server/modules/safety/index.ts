// The safety module's public face: gate (visitors, exit passes), duty and patrols (gate.*, duty.*, patrol.*),
// hazards and the monthly report on the inspection engine (hazards.*), plans, drills, education,
// agreements, incidents and the safety home (records.*).
import type { HouqinModule } from '../../platform/module';
import { gatePart } from './gate.part';
import { hazardsPart } from './hazards.part';
import { recordsPart } from './records.part';

const parts = [gatePart, hazardsPart, recordsPart];

export const safetyModule: HouqinModule = {
  name: 'safety',
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
