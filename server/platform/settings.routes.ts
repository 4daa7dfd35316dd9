import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { SettingsView, UpdateSettingsInput } from '../../contracts/settings';
import { actorOf, authOf } from './http';
import type { Db } from './db';
import { readSettings, updateSettingsVersioned, type SettingsDef } from './settings';

/** `GET/PATCH /api/v1/settings/<module>` for every registered def, guarded by the def's own actions. */
export function settingsRoutes(db: Db, defs: SettingsDef<unknown>[]) {
  const seen = new Set<string>();
  for (const d of defs) {
    if (seen.has(d.module)) throw new Error(`settings declared twice: ${d.module}`);
    seen.add(d.module);
  }
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    for (const def of defs) {
      const url = `/api/v1/settings/${def.module}`;
      r.get(url, { schema: { tags: ['settings'], response: { 200: SettingsView } }, config: { action: def.read } }, async (req) => {
        const s = await readSettings(db, authOf(req).schoolId, def);
        return { module: def.module, values: s.values as Record<string, unknown>, version: s.version };
      });
      r.patch(url, { schema: { tags: ['settings'], body: UpdateSettingsInput, response: { 200: SettingsView } }, config: { action: def.write } }, async (req) => {
        const actor = actorOf(req);
        const s = await db.transaction((tx) => updateSettingsVersioned(tx as unknown as Db, actor, def, req.body.values as Partial<unknown>, req.body.version));
        return { module: def.module, values: s.values as Record<string, unknown>, version: s.version };
      });
    }
  };
}
