import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/canteenStaff';
import { IdParams, Page } from '../../../contracts/common';
import { actorOf, readScope } from '../../platform/http';
import { AppError } from '../../platform/errors';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import {
  addCert, assignPosts, bulkPass, createStaff, dayChecks, getCheck, getStaff, listStaff, recordCheck, rosterOf, staffCandidates,
  todayOf, updateCert, updateCheck, updateStaff,
} from './staff.service';
import { getStop, liftStop, listStops, selfCheckDay } from './staff.selfcheck';
import { staffDay } from './staff.board';

const tags = ['canteen'];
const P = '/api/v1/canteen/staff';

/** One school for a per-school answer: your own, or for an inspector the school named (400 without one). */
function oneSchool(req: FastifyRequest, schoolId?: number): number {
  const scope = readScope(req, schoolId);
  if (scope.length !== 1) throw new AppError('canteen.staff.schoolRequired', 400, { fields: [{ path: 'schoolId', code: 'canteen.staff.schoolRequired' }] });
  return scope[0];
}

/**
 * Canteen staff, certificates, morning checks, the day's roster, service stops and the self-check day.
 * Writes run in one transaction with their audit entry, in the actor's own school.
 */
export function staffRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const tx = <T>(fn: (t: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));
  const dayOf = async (schoolId: number, date?: string) => date ?? await todayOf(db, schoolId, clock);

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Staff and certificates ──
    r.get(P, { schema: { tags, querystring: c.CanteenStaffListQuery, response: { 200: Page(c.CanteenStaff) } }, config: { action: 'canteen.staff.read' } },
      async (req) => listStaff(db, oneSchool(req, req.query.schoolId), req.query, clock));
    r.get(`${P}/candidates`, { schema: { tags, querystring: c.CandidateQuery, response: { 200: z.object({ items: z.array(c.StaffCandidate) }) } }, config: { action: 'canteen.staff.write' } },
      async (req) => ({ items: await staffCandidates(db, actorOf(req).schoolId, req.query.q) }));
    r.post(P, { schema: { tags, body: c.CreateCanteenStaffInput, response: { 201: c.CanteenStaffDetail } }, config: { action: 'canteen.staff.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createStaff(t, actor, req.body));
      return reply.status(201).send(await getStaff(db, actor.schoolId, id, clock));
    });
    r.get(`${P}/:id`, { schema: { tags, params: IdParams, querystring: c.SchoolQuery, response: { 200: c.CanteenStaffDetail } }, config: { action: 'canteen.staff.read' } },
      async (req) => getStaff(db, oneSchool(req, req.query.schoolId), req.params.id, clock));
    r.patch(`${P}/:id`, { schema: { tags, params: IdParams, body: c.UpdateCanteenStaffInput, response: { 200: c.CanteenStaffDetail } }, config: { action: 'canteen.staff.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateStaff(t, actor, req.params.id, req.body));
      return getStaff(db, actor.schoolId, req.params.id, clock);
    });
    r.post(`${P}/:id/certificates`, { schema: { tags, params: IdParams, body: c.CreateCertInput, response: { 201: c.CanteenStaffDetail } }, config: { action: 'canteen.staff.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await tx((t) => addCert(t, actor, req.params.id, req.body));
      return reply.status(201).send(await getStaff(db, actor.schoolId, req.params.id, clock));
    });
    r.patch(`${P}/certificates/:id`, { schema: { tags, params: IdParams, body: c.UpdateCertInput, response: { 200: c.CanteenStaffDetail } }, config: { action: 'canteen.staff.write' } }, async (req) => {
      const actor = actorOf(req);
      const staffId = await tx((t) => updateCert(t, actor, req.params.id, req.body));
      return getStaff(db, actor.schoolId, staffId, clock);
    });

    // ── Morning checks ──
    r.get(`${P}/checks`, { schema: { tags, querystring: c.DateQuery, response: { 200: c.DayChecks } }, config: { action: 'canteen.staff.checks.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return dayChecks(db, s, await dayOf(s, req.query.date));
    });
    r.post(`${P}/checks`, { schema: { tags, body: c.MorningCheckInput, response: { 201: c.MorningCheck } }, config: { action: 'canteen.staff.checks.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => recordCheck(t, actor, clock, req.body));
      return reply.status(201).send(await getCheck(db, actor.schoolId, id));
    });
    r.post(`${P}/checks/bulk`, { schema: { tags, body: c.BulkMorningCheckInput, response: { 200: c.BulkCheckResult } }, config: { action: 'canteen.staff.checks.write' } }, async (req) => {
      const actor = actorOf(req);
      return tx((t) => bulkPass(t, actor, clock, req.body));
    });
    r.patch(`${P}/checks/:id`, { schema: { tags, params: IdParams, body: c.UpdateMorningCheckInput, response: { 200: c.MorningCheck } }, config: { action: 'canteen.staff.checks.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateCheck(t, actor, clock, req.params.id, req.body));
      return getCheck(db, actor.schoolId, req.params.id);
    });

    // ── The day: roster, board figures ──
    r.get(`${P}/roster`, { schema: { tags, querystring: c.DateQuery, response: { 200: c.Roster } }, config: { action: 'canteen.staff.roster.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return rosterOf(db, s, await dayOf(s, req.query.date));
    });
    r.post(`${P}/roster`, { schema: { tags, body: c.AssignInput, response: { 200: c.Roster } }, config: { action: 'canteen.staff.roster.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => assignPosts(t, actor, clock, req.body));
      return rosterOf(db, actor.schoolId, req.body.date);
    });
    r.get(`${P}/day`, { schema: { tags, querystring: c.DateQuery, response: { 200: c.StaffDay } }, config: { action: 'canteen.staff.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return staffDay(db, s, await dayOf(s, req.query.date), clock.now());
    });

    // ── Self-checks and service stops ──
    r.get(`${P}/self-check`, { schema: { tags, querystring: c.DateQuery, response: { 200: c.SelfCheckDay } }, config: { action: 'canteen.staff.selfcheck.read' } }, async (req) => {
      const s = oneSchool(req, req.query.schoolId);
      return selfCheckDay(db, s, await dayOf(s, req.query.date));
    });
    r.get(`${P}/stops`, { schema: { tags, querystring: c.StopListQuery, response: { 200: z.object({ items: z.array(c.ServiceStop) }) } }, config: { action: 'canteen.staff.selfcheck.read' } },
      async (req) => ({ items: await listStops(db, oneSchool(req, req.query.schoolId), req.query) }));
    r.post(`${P}/stops/:id/lift`, { schema: { tags, params: IdParams, body: c.LiftStopInput, response: { 200: c.ServiceStop } }, config: { action: 'canteen.staff.stops.lift' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => liftStop(t, actor, clock, req.params.id, req.body));
      return getStop(db, actor.schoolId, req.params.id);
    });
  };
}
