import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq, inArray, sql, asc } from 'drizzle-orm';
import * as c from '../../../contracts/org';
import { IdParams, Page } from '../../../contracts/common';
import { AppError } from '../../platform/errors';
import { actorOf, authOf, readScope } from '../../platform/http';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, diff } from '../../platform/audit';
import { forgetSessions } from '../../platform/sessions';
import { registerResource, toApi } from '../../platform/resource';
import { districts, schools } from '../../platform/platform.tables';
import { orgResources } from './org.resources';
import { userService, resetPassword } from './users';

export function orgRoutes(db: Db) {
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    for (const svc of [...orgResources, userService]) registerResource(app, db, svc);

    r.post('/api/v1/users/:id/password', { schema: { tags: ['accounts'], params: IdParams, body: c.ResetPasswordInput, response: { 204: z.null() } }, config: { action: 'org.staff.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await db.transaction((tx) => resetPassword(tx as unknown as Db, actor, req.params.id, req.body.password));
      return reply.status(204).send(null);
    });

    // Districts and schools are directory rows: a school reads its own, an inspector their district's.
    r.get('/api/v1/districts', { schema: { tags: ['org'], response: { 200: Page(c.District) } }, config: { action: 'org.district.read' } }, async (req) => {
      const rows = await db.select().from(districts).where(eq(districts.id, authOf(req).districtId));
      return { items: rows.map((x) => ({ id: x.id, code: x.code, name: x.name, region: x.region, active: x.active })), nextCursor: null };
    });

    const schoolApi = (s: typeof schools.$inferSelect) => toApi(s, ['settings']) as z.infer<typeof c.School>;
    r.get('/api/v1/schools', { schema: { tags: ['org'], querystring: c.SchoolListQuery, response: { 200: Page(c.School) } }, config: { action: 'org.school.read' } }, async (req) => {
      const scope = readScope(req, req.query.schoolId);
      const rows = await db.select().from(schools).where(and(inArray(schools.id, scope), req.query.q ? sql`${schools.name} ILIKE ${'%' + req.query.q + '%'}` : undefined)).orderBy(asc(schools.code));
      return { items: rows.map(schoolApi), nextCursor: null };
    });
    r.get('/api/v1/schools/:id', { schema: { tags: ['org'], params: IdParams, response: { 200: c.School } }, config: { action: 'org.school.read' } }, async (req) => {
      const [row] = await db.select().from(schools).where(and(eq(schools.id, req.params.id), inArray(schools.id, readScope(req))));
      if (!row) throw new AppError('notFound', 404);
      return schoolApi(row);
    });
    r.patch('/api/v1/schools/:id', { schema: { tags: ['org'], params: IdParams, body: c.UpdateSchoolInput, response: { 200: c.School } }, config: { action: 'org.school.write' } }, async (req) => {
      const actor = actorOf(req);
      if (req.params.id !== actor.schoolId) throw new AppError('notFound', 404);
      return db.transaction(async (tx) => {
        const [existing] = await tx.select().from(schools).where(eq(schools.id, actor.schoolId)).for('update');
        const { version, ...values } = req.body;
        if (version !== undefined && version !== existing.version) throw new AppError('conflict', 409);
        const changes = diff(schoolApi(existing), schoolApi({ ...existing, ...values } as typeof existing));
        if (!changes) return schoolApi(existing);
        const [row] = await tx.update(schools).set({ ...values, version: existing.version + 1, updatedAt: new Date() }).where(eq(schools.id, actor.schoolId)).returning();
        await recordAudit(tx as unknown as Db, actor, { entity: 'school', entityId: actor.schoolId, action: 'update', ...changes });
        forgetSessions(actor.schoolId); // name and time zone are part of every session
        return schoolApi(row);
      });
    });

    // The home page's figures: one query, real counts.
    r.get('/api/v1/org/summary', { schema: { tags: ['org'], querystring: z.object({ schoolId: z.coerce.number().int().positive().optional() }), response: { 200: c.OrgSummary } }, config: { action: 'org.summary.read' } }, async (req) => {
      const scope = readScope(req, req.query.schoolId);
      const ids = sql`(${sql.join(scope.map((s) => sql`${s}::int`), sql`, `)})`;
      const [row] = await rowsOf<Record<string, number>>(db, sql`SELECT
        (SELECT count(*)::int FROM campuses WHERE school_id IN ${ids} AND active) AS campuses,
        (SELECT count(*)::int FROM buildings WHERE school_id IN ${ids} AND active) AS buildings,
        (SELECT count(*)::int FROM locations WHERE school_id IN ${ids} AND active) AS locations,
        (SELECT count(*)::int FROM departments WHERE school_id IN ${ids} AND active) AS departments,
        (SELECT count(*)::int FROM classes WHERE school_id IN ${ids} AND active) AS classes,
        (SELECT count(*)::int FROM users WHERE school_id IN ${ids} AND active) AS staff,
        (SELECT count(*)::int FROM students WHERE school_id IN ${ids} AND active) AS students,
        (SELECT count(*)::int FROM students WHERE school_id IN ${ids} AND active AND boarder) AS boarders`);
      const types = await rowsOf<{ type: string; n: number }>(db, sql`SELECT type, count(*)::int AS n FROM locations WHERE school_id IN ${ids} AND active GROUP BY type`);
      const out = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as Record<string, number>;
      return { ...out, locationsByType: Object.fromEntries(types.map((t) => [t.type, Number(t.n)])) } as z.infer<typeof c.OrgSummary>;
    });
  };
}
