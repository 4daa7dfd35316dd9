// Plans, drills, education, agreements, incidents, the district's veto and the safety home (RULES.md "Campus safety").
import type { ModulePart } from '../../platform/module';
import { recordsPolicy } from './records.policy';
import { recordsRoutes } from './records.routes';
import { recordsSettingsDef } from './records.settings';
import { seedRecordsDemo } from './records.demo';

export const recordsPart: ModulePart = {
  policy: recordsPolicy,
  routes: ({ db, clock }) => recordsRoutes({ db, clock }),
  demo: seedRecordsDemo,
  settings: [recordsSettingsDef],
};
