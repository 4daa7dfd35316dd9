import type { FastifyPluginAsync } from 'fastify';
import type { Policy } from './authz';
import type { Db } from './db';
import type { Config } from './config';
import type { DemoContext } from './demo';
import type { Clock } from './clock';
import type { SettingsDef } from './settings';
import type { ScheduleHandler } from './schedules';
import type { ApprovalKindDef } from './approvals';
import type { InspectionTemplateDef, InspectionDomainHooks } from './inspections';

export interface ModuleDeps { db: Db; config: Config; clock: Clock }

/** A background job: run every `everyMs` by the job runner (server/platform/jobs.ts). */
export interface ModuleJob { name: string; everyMs: number; run: (db: Db, clock: Clock) => Promise<void> }

/** What a module hands the platform: its permissions and its routes. Nothing else is shared. */
export interface HouqinModule {
  name: string;
  policy: Policy;
  routes: (deps: ModuleDeps) => FastifyPluginAsync;
  /** Adds this module's part of the demo (SPEC §7); runs in module order inside one transaction. */
  demo?: (ctx: DemoContext) => Promise<void>;
  /** Schedule handlers by owner (e.g. 'repairs.plan'): run once per due occurrence (server/platform/schedules.ts). */
  schedules?: Record<string, ScheduleHandler>;
  /** Background jobs of this module. */
  jobs?: ModuleJob[];
  /** Per-school settings of this module: the platform serves `GET/PATCH /api/v1/settings/<module>` for each. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each def has its own value type
  settings?: SettingsDef<any>[];
  /** Kinds of document this module sends through the approval engine (server/platform/approvals.ts). */
  approvals?: ApprovalKindDef[];
  /** Seed checklists of the inspection engine (server/platform/inspections.ts), materialised per school. */
  inspectionTemplates?: InspectionTemplateDef[];
  /** How this module's domains use the inspection engine: roles, links, a hook on submitted inspections. */
  inspectionDomains?: InspectionDomainHooks[];
}

/** A part of a module written in its own files (a module's index.ts composes its parts into one HouqinModule). */
export type ModulePart = Omit<HouqinModule, 'name'>;
