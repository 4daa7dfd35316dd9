import type { FastifyPluginAsync } from 'fastify';
import type { Policy } from './authz';
import type { Db } from './db';
import type { Config } from './config';
import type { DemoContext } from './demo';

export interface ModuleDeps { db: Db; config: Config }

/** What a module hands the platform: its permissions and its routes. Nothing else is shared. */
export interface HouqinModule {
  name: string;
  policy: Policy;
  routes: (deps: ModuleDeps) => FastifyPluginAsync;
  /** Adds this module's part of the demo (SPEC §7); runs in module order inside one transaction. */
  demo?: (ctx: DemoContext) => Promise<void>;
}
