import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/safetyRecords';
import { IdParams, Page, boolQuery, Id } from '../../../contracts/common';
import { actorOf, authOf, readScope } from '../../platform/http';
import { localDate } from '../../platform/schedules';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { checkInput, oneSchool, readerOf, schoolZone } from './records.common';
import { addPlanVersion, approvePlan, createPlan, getPlan, listPlans, updatePlan } from './records.plans';
import { createDrill, drillMonths, getDrill, listDrills, updateDrill } from './records.drills';
import { createEducation, educationCompliance, getEducation, listEducation, updateEducation } from './records.education';
import { agreementYear, createPost, listPosts, postsFromClasses, signAgreement, updateAgreement, updatePost } from './records.agreements';
import { createIncident, getIncident, listIncidents, updateIncident } from './records.incidents';
import { districtView, safetyHome, vetoOf } from './records.home';
import { allPages, sendAgreements, sendDrills, sendEducation, sendIncidents } from './records.export';
import { pickLocale } from '../../../contracts/i18n';

const tags = ['safety'];
const P = '/api/v1/safety';

/**
 * Routes of plans, drills, education, agreements, incidents, the veto, the district view and the
 * safety home. Every schema error is attached to the request and turned into the one 400 shape by
 * `checkInput` (so fields are named by their labels in zh-CN and en-US); writes run in one
 * transaction with their audit entry; edits carry `version` (409 on a lost update).
 */
export function recordsRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const tx = <T>(fn: (tx: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));
  const yearNow = async (schoolId: number) => Number(localDate(clock.now(), await schoolZone(db, schoolId)).slice(0, 4));

  return async function plugin(app: FastifyInstance) {
    app.addHook('onRoute', (route) => { route.attachValidation = true; });
    app.addHook('preHandler', async (req, reply) => { if (req.validationError) return checkInput(req, reply); });
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Home, veto, district ──
    r.get(`${P}/home`, { schema: { tags, querystring: c.MonthQuery, response: { 200: c.SafetyHome } }, config: { action: 'safety.home.read' } },
      async (req) => safetyHome(db, oneSchool(req, req.query.schoolId), clock, req.query.month));
    r.get(`${P}/veto`, { schema: { tags, querystring: c.VetoQuery, response: { 200: c.Veto } }, config: { action: 'safety.veto.read' } }, async (req) => {
      const schoolId = oneSchool(req, req.query.schoolId);
      return vetoOf(db, schoolId, req.query.year ?? await yearNow(schoolId));
    });
    r.get(`${P}/district`, { schema: { tags, querystring: c.DistrictQuery, response: { 200: c.DistrictView } }, config: { action: 'safety.district.read' } }, async (req) => {
      const a = authOf(req);
      return districtView(db, readScope(req), req.query.year ?? Number(localDate(clock.now(), a.timezone).slice(0, 4)));
    });

    // ── Emergency plans ──
    r.get(`${P}/plans`, { schema: { tags, querystring: c.PlanListQuery, response: { 200: Page(c.Plan) } }, config: { action: 'safety.plans.read' } },
      async (req) => listPlans(db, readerOf(req, req.query.schoolId), req.query));
    r.post(`${P}/plans`, { schema: { tags, body: c.CreatePlanInput, response: { 201: c.PlanDetail } }, config: { action: 'safety.plans.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createPlan(t, actor, clock, req.body));
      return reply.status(201).send(await getPlan(db, [actor.schoolId], id));
    });
    r.get(`${P}/plans/:id`, { schema: { tags, params: IdParams, response: { 200: c.PlanDetail } }, config: { action: 'safety.plans.read' } },
      async (req) => getPlan(db, readScope(req), req.params.id));
    r.patch(`${P}/plans/:id`, { schema: { tags, params: IdParams, body: c.UpdatePlanInput, response: { 200: c.PlanDetail } }, config: { action: 'safety.plans.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updatePlan(t, actor, clock, req.params.id, req.body));
      return getPlan(db, [actor.schoolId], req.params.id);
    });
    r.post(`${P}/plans/:id/versions`, { schema: { tags, params: IdParams, body: c.NewPlanVersionInput, response: { 201: c.PlanDetail } }, config: { action: 'safety.plans.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await tx((t) => addPlanVersion(t, actor, clock, req.params.id, req.body));
      return reply.status(201).send(await getPlan(db, [actor.schoolId], req.params.id));
    });
    r.post(`${P}/plans/:id/approve`, { schema: { tags, params: IdParams, body: c.ApprovePlanInput, response: { 200: c.PlanDetail } }, config: { action: 'safety.plans.approve' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => approvePlan(t, actor, clock, req.params.id, req.body.version));
      return getPlan(db, [actor.schoolId], req.params.id);
    });

    // ── Drills ──
    r.get(`${P}/drills`, { schema: { tags, querystring: c.DrillListQuery, response: { 200: Page(c.Drill) } }, config: { action: 'safety.drills.read' } },
      async (req) => listDrills(db, readerOf(req, req.query.schoolId), req.query));
    r.get(`${P}/drills/export.xlsx`, { schema: { tags, querystring: c.DrillListQuery.omit({ cursor: true, limit: true }) }, config: { action: 'safety.drills.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      return sendDrills(reply, pickLocale(req.headers['accept-language']), authOf(req).timezone, allPages((cursor) => listDrills(db, reader, { ...req.query, cursor, limit: 200 })));
    });
    r.get(`${P}/drills/months`, { schema: { tags, querystring: c.MonthQuery, response: { 200: c.DrillMonths } }, config: { action: 'safety.drills.read' } },
      async (req) => drillMonths(db, oneSchool(req, req.query.schoolId), clock, req.query.month));
    r.post(`${P}/drills`, { schema: { tags, body: c.CreateDrillInput, response: { 201: c.DrillDetail } }, config: { action: 'safety.drills.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createDrill(t, actor, clock, req.body));
      return reply.status(201).send(await getDrill(db, [actor.schoolId], id));
    });
    r.get(`${P}/drills/:id`, { schema: { tags, params: IdParams, response: { 200: c.DrillDetail } }, config: { action: 'safety.drills.read' } },
      async (req) => getDrill(db, readScope(req), req.params.id));
    r.patch(`${P}/drills/:id`, { schema: { tags, params: IdParams, body: c.UpdateDrillInput, response: { 200: c.DrillDetail } }, config: { action: 'safety.drills.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateDrill(t, actor, clock, req.params.id, req.body));
      return getDrill(db, [actor.schoolId], req.params.id);
    });

    // ── Safety education ──
    r.get(`${P}/education`, { schema: { tags, querystring: c.EducationListQuery, response: { 200: Page(c.EducationRecord) } }, config: { action: 'safety.education.read' } },
      async (req) => listEducation(db, readerOf(req, req.query.schoolId), req.query));
    r.get(`${P}/education/export.xlsx`, { schema: { tags, querystring: c.EducationListQuery.omit({ cursor: true, limit: true }) }, config: { action: 'safety.education.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      return sendEducation(reply, pickLocale(req.headers['accept-language']), allPages((cursor) => listEducation(db, reader, { ...req.query, cursor, limit: 200 })));
    });
    r.get(`${P}/education/compliance`, { schema: { tags, querystring: c.MonthQuery, response: { 200: c.EducationCompliance } }, config: { action: 'safety.education.read' } },
      async (req) => educationCompliance(db, oneSchool(req, req.query.schoolId), clock, req.query.month));
    r.post(`${P}/education`, { schema: { tags, body: c.CreateEducationInput, response: { 201: c.EducationDetail } }, config: { action: 'safety.education.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createEducation(t, actor, clock, req.body));
      return reply.status(201).send(await getEducation(db, [actor.schoolId], id));
    });
    r.get(`${P}/education/:id`, { schema: { tags, params: IdParams, response: { 200: c.EducationDetail } }, config: { action: 'safety.education.read' } },
      async (req) => getEducation(db, readScope(req), req.params.id));
    r.patch(`${P}/education/:id`, { schema: { tags, params: IdParams, body: c.UpdateEducationInput, response: { 200: c.EducationDetail } }, config: { action: 'safety.education.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateEducation(t, actor, clock, req.params.id, req.body));
      return getEducation(db, [actor.schoolId], req.params.id);
    });

    // ── Posts and agreements ──
    const PostsQuery = z.object({ active: boolQuery.optional(), schoolId: Id.optional() });
    r.get(`${P}/posts`, { schema: { tags, querystring: PostsQuery, response: { 200: z.object({ items: z.array(c.SafetyPost) }) } }, config: { action: 'safety.agreements.read' } },
      async (req) => ({ items: await listPosts(db, [oneSchool(req, req.query.schoolId)], req.query.active) }));
    r.post(`${P}/posts`, { schema: { tags, body: c.CreatePostInput, response: { 201: c.SafetyPost } }, config: { action: 'safety.agreements.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createPost(t, actor, req.body));
      return reply.status(201).send((await listPosts(db, [actor.schoolId])).find((p) => p.id === id)!);
    });
    r.post(`${P}/posts/from-classes`, { schema: { tags, response: { 200: c.PostsFromClassesResult } }, config: { action: 'safety.agreements.write' } }, async (req) => {
      const actor = actorOf(req);
      return { created: await tx((t) => postsFromClasses(t, actor)) };
    });
    r.patch(`${P}/posts/:id`, { schema: { tags, params: IdParams, body: c.UpdatePostInput, response: { 200: c.SafetyPost } }, config: { action: 'safety.agreements.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updatePost(t, actor, clock, req.params.id, req.body));
      return (await listPosts(db, [actor.schoolId])).find((p) => p.id === req.params.id)!;
    });
    r.get(`${P}/agreements`, { schema: { tags, querystring: c.AgreementListQuery, response: { 200: c.AgreementYear } }, config: { action: 'safety.agreements.read' } },
      async (req) => agreementYear(db, oneSchool(req, req.query.schoolId), clock, req.query));
    r.get(`${P}/agreements/export.xlsx`, { schema: { tags, querystring: c.AgreementListQuery }, config: { action: 'safety.agreements.read' } }, async (req, reply) => {
      const view = await agreementYear(db, oneSchool(req, req.query.schoolId), clock, req.query);
      return sendAgreements(reply, pickLocale(req.headers['accept-language']), view);
    });
    r.post(`${P}/agreements`, { schema: { tags, body: c.SignAgreementInput, response: { 201: c.AgreementRow } }, config: { action: 'safety.agreements.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => signAgreement(t, actor, clock, req.body));
      const year = await agreementYear(db, actor.schoolId, clock, { year: req.body.year });
      return reply.status(201).send(year.items.find((x) => x.agreement?.id === id)!);
    });
    r.patch(`${P}/agreements/:id`, { schema: { tags, params: IdParams, body: c.UpdateAgreementInput, response: { 200: c.AgreementRow } }, config: { action: 'safety.agreements.write' } }, async (req) => {
      const actor = actorOf(req);
      const year = await tx((t) => updateAgreement(t, actor, clock, req.params.id, req.body));
      const view = await agreementYear(db, actor.schoolId, clock, { year });
      return view.items.find((x) => x.agreement?.id === req.params.id)!;
    });

    // ── Incidents ──
    r.get(`${P}/incidents`, { schema: { tags, querystring: c.IncidentListQuery, response: { 200: Page(c.Incident) } }, config: { action: 'safety.incidents.read' } },
      async (req) => listIncidents(db, readerOf(req, req.query.schoolId), req.query, authOf(req).timezone));
    r.get(`${P}/incidents/export.xlsx`, { schema: { tags, querystring: c.IncidentListQuery.omit({ cursor: true, limit: true }) }, config: { action: 'safety.incidents.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const tz = authOf(req).timezone;
      return sendIncidents(reply, pickLocale(req.headers['accept-language']), tz, allPages((cursor) => listIncidents(db, reader, { ...req.query, cursor, limit: 200 }, tz)));
    });
    r.post(`${P}/incidents`, { schema: { tags, body: c.CreateIncidentInput, response: { 201: c.IncidentDetail } }, config: { action: 'safety.incidents.report' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createIncident(t, actor, clock, req.body));
      return reply.status(201).send(await getIncident(db, readerOf(req), id));
    });
    r.get(`${P}/incidents/:id`, { schema: { tags, params: IdParams, response: { 200: c.IncidentDetail } }, config: { action: 'safety.incidents.read' } },
      async (req) => getIncident(db, readerOf(req), req.params.id));
    r.patch(`${P}/incidents/:id`, { schema: { tags, params: IdParams, body: c.UpdateIncidentInput, response: { 200: c.IncidentDetail } }, config: { action: 'safety.incidents.manage' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateIncident(t, actor, clock, req.params.id, req.body));
      return getIncident(db, readerOf(req), req.params.id);
    });
  };
}
