// OWNER: inspections helper. Routes /api/v1/inspection-templates, /api/v1/inspections, /api/v1/rectifications.
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../contracts/inspections';
import { IdParams, Page } from '../../contracts/common';
import type { Db } from './db';
import type { Clock } from './clock';
import { actorOf, authOf, readScope } from './http';
import { localDate } from './schedules';
import { cachedJson } from './readcache';
import {
  ensureSchoolTemplates, registerInspectionDomains, knownDomains, createTemplate, updateTemplate, startInspection, recordResults,
  submitInspection, listRectifications, listAssignees, type InspectionTemplateDef, type InspectionDomainHooks, type InspectionReader,
} from './inspections';
import { listTemplates, getTemplate, listInspections, getInspection } from './inspections.queries';

const tags = ['inspections'];

export function readerOf(req: FastifyRequest, schoolId?: number): InspectionReader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles, timezone: a.timezone };
}

/**
 * The engine's generic routes. `templates` are the modules' seed checklists: a school gets them on
 * its first template list or inspection here (and from the job and the demo); `domains` are the
 * modules' hooks (optional: a domain without hooks uses the defaults).
 */
export function inspectionRoutes(deps: { db: Db; clock: Clock; templates: InspectionTemplateDef[]; domains?: InspectionDomainHooks[] }): FastifyPluginAsync {
  const { db, clock, templates } = deps;
  registerInspectionDomains(deps.domains ?? []);
  // Schools whose seed templates this process has already made sure of.
  const ensured = new Set<number>();
  const ensure = async (schoolId: number) => {
    if (ensured.has(schoolId)) return;
    await ensureSchoolTemplates(db, templates, { schoolId });
    ensured.add(schoolId);
  };

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Templates ──
    r.get('/api/v1/inspection-templates', { schema: { tags, querystring: c.TemplateListQuery, response: { 200: Page(c.InspectionTemplate) } }, config: { action: 'inspections.template.read' } }, async (req) => {
      // A GET never writes: a school's seed checklists come from the job (every minute), the demo, or its first write here.
      const schoolIds = readScope(req, req.query.schoolId);
      return { items: await listTemplates(db, schoolIds, req.query), nextCursor: null };
    });
    r.get('/api/v1/inspection-templates/:id', { schema: { tags, params: IdParams, querystring: c.TemplateDetailQuery, response: { 200: c.TemplateDetail } }, config: { action: 'inspections.template.read' } }, async (req) =>
      getTemplate(db, readScope(req), req.params.id, req.query.revision));
    r.post('/api/v1/inspection-templates', { schema: { tags, body: c.CreateTemplateInput, response: { 201: c.TemplateDetail } }, config: { action: 'inspections.template.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await ensure(actor.schoolId);
      const id = await db.transaction((tx) => createTemplate(tx as unknown as Db, actor, req.body, knownDomains(templates)));
      return reply.status(201).send(await getTemplate(db, [actor.schoolId], id));
    });
    r.patch('/api/v1/inspection-templates/:id', { schema: { tags, params: IdParams, body: c.UpdateTemplateInput, response: { 200: c.TemplateDetail } }, config: { action: 'inspections.template.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((tx) => updateTemplate(tx as unknown as Db, actor, req.params.id, req.body));
      return getTemplate(db, [actor.schoolId], req.params.id);
    });

    // ── Inspections ──
    r.get('/api/v1/inspections', { schema: { tags, querystring: c.InspectionListQuery, response: { 200: Page(c.Inspection) } }, config: { action: 'inspections.inspection.read' } }, async (req) =>
      listInspections(db, readerOf(req, req.query.schoolId), req.query));
    r.get('/api/v1/inspections/:id', { schema: { tags, params: IdParams, response: { 200: c.InspectionDetail } }, config: { action: 'inspections.inspection.read' } }, async (req) =>
      getInspection(db, readerOf(req), req.params.id));
    r.post('/api/v1/inspections', { schema: { tags, body: c.CreateInspectionInput, response: { 201: c.InspectionDetail } }, config: { action: 'inspections.inspection.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await ensure(actor.schoolId);
      const id = await db.transaction((tx) => startInspection(tx as unknown as Db, actor, req.body, clock));
      return reply.status(201).send(await getInspection(db, readerOf(req), id));
    });
    r.patch('/api/v1/inspections/:id', { schema: { tags, params: IdParams, body: c.PatchInspectionInput, response: { 200: c.InspectionDetail } }, config: { action: 'inspections.inspection.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((tx) => recordResults(tx as unknown as Db, actor, req.params.id, req.body, clock));
      return getInspection(db, readerOf(req), req.params.id);
    });
    r.post('/api/v1/inspections/:id/submit', { schema: { tags, params: IdParams, body: c.SubmitInspectionInput, response: { 200: c.InspectionDetail } }, config: { action: 'inspections.inspection.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((tx) => submitInspection(tx as unknown as Db, actor, req.params.id, req.body, clock));
      return getInspection(db, readerOf(req), req.params.id);
    });

    // ── Rectifications: the generic board (details and actions are served by each domain's views) ──
    const pageSchema = Page(c.Rectification);
    r.get('/api/v1/rectifications', { schema: { tags, querystring: c.RectificationListQuery, response: { 200: pageSchema } }, config: { action: 'inspections.rectification.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const now = clock.now();
      // From the read cache on PGlite until the next write; "today" is in the key (overdue ages).
      const key = `rectifications|${reader.schoolIds.join(',')}|${reader.userId}|${reader.roles.join(',')}|${localDate(now, reader.timezone ?? 'Asia/Shanghai')}|${JSON.stringify(req.query)}`;
      const text = await cachedJson(db, key, () => listRectifications(db, reader, req.query, now), (page) => JSON.stringify(z.encode(pageSchema, page as never)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });
    r.get('/api/v1/rectifications/assignees', { schema: { tags, querystring: c.AssigneeQuery, response: { 200: z.object({ items: z.array(c.Assignee) }) } }, config: { action: 'inspections.assignees.read' } }, async (req) => ({
      items: await listAssignees(db, authOf(req).schoolId, req.query.q),
    }));
  };
}
