import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/safetyGate';
import { IdParams, Page } from '../../../contracts/common';
import { pickLocale, translate } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { actorOf, authOf, readScope } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { findCjkFont } from '../../platform/pdf';
import { localDate } from '../../platform/schedules';
import { readerOf } from './gate.routes';
import { schoolInfo } from './gate.lookups';
import {
  createRoute, updateRoute, listRoutes, getRoute, checkpointTokens, startPatrol, scanCheckpoint, finishPatrol, listPatrols, getPatrol, patrolFigures,
} from './patrol.service';
import { checkpointSheetPdf } from './patrol.pdf';

const tags = ['safety'];
const tx = (t: unknown) => t as Db;

/** Patrol routes and checkpoints (with the printable QR sheet), patrols on a phone, the month against the rule. */
export function patrolRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Routes and checkpoints ──
    r.get('/api/v1/patrols/routes', { schema: { tags, querystring: c.RouteListQuery, response: { 200: z.object({ items: z.array(c.PatrolRoute) }) } }, config: { action: 'patrol.read' } }, async (req) => ({
      items: await listRoutes(db, readScope(req, req.query.schoolId), req.query),
    }));
    r.post('/api/v1/patrols/routes', { schema: { tags, body: c.CreateRouteInput, response: { 201: c.PatrolRoute } }, config: { action: 'patrol.routes.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((t) => createRoute(tx(t), actor, req.body));
      return reply.status(201).send(await getRoute(db, [actor.schoolId], id));
    });
    r.get('/api/v1/patrols/routes/:id', { schema: { tags, params: IdParams, response: { 200: c.PatrolRoute } }, config: { action: 'patrol.read' } }, async (req) => getRoute(db, readScope(req), req.params.id));
    r.patch('/api/v1/patrols/routes/:id', { schema: { tags, params: IdParams, body: c.UpdateRouteInput, response: { 200: c.PatrolRoute } }, config: { action: 'patrol.routes.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((t) => updateRoute(tx(t), actor, req.params.id, req.body));
      return getRoute(db, [actor.schoolId], req.params.id);
    });
    // The printable sheet: the only place tokens leave the server (only the route keepers print it).
    r.get('/api/v1/patrols/routes/:id/checkpoints.pdf', { schema: { tags, params: IdParams }, config: { action: 'patrol.routes.write' } }, async (req, reply) => {
      const { schoolId } = authOf(req);
      const locale = pickLocale(req.headers['accept-language']);
      const font = findCjkFont();
      const { route, checkpoints } = await checkpointTokens(db, schoolId, req.params.id);
      if (!font) throw new AppError('pdf.noCjkFont', 503);
      const school = await schoolInfo(db, schoolId);
      const pdf = await checkpointSheetPdf({ school: school.name, route: route.name, kindLabel: translate(locale, `patrol.kind.${route.kind}`), checkpoints }, locale, font);
      const name = `${translate(locale, 'patrol.sheet.fileName')}-${route.name}.pdf`;
      return reply.header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="checkpoints.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(pdf);
    });

    // ── Patrols ──
    r.get('/api/v1/patrols', { schema: { tags, querystring: c.PatrolListQuery, response: { 200: Page(c.Patrol) } }, config: { action: 'patrol.read' } }, async (req) => {
      const reader = readerOf(req, req.query.schoolId);
      return listPatrols(db, reader, req.query, reader.timezone ?? 'Asia/Shanghai');
    });
    r.get('/api/v1/patrols/figures', { schema: { tags, querystring: c.FiguresQuery, response: { 200: c.PatrolFigures } }, config: { action: 'patrol.read' } }, async (req) => {
      const [schoolId] = readScope(req, req.query.schoolId);
      const tz = (await schoolInfo(db, schoolId)).timezone;
      return patrolFigures(db, schoolId, req.query.month ?? localDate(clock.now(), tz).slice(0, 7), clock);
    });
    r.post('/api/v1/patrols', { schema: { tags, body: c.StartPatrolInput, response: { 201: c.PatrolDetail } }, config: { action: 'patrol.walk' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((t) => startPatrol(tx(t), actor, req.body.routeId, clock.now()));
      return reply.status(201).send(await getPatrol(db, readerOf(req), id));
    });
    r.get('/api/v1/patrols/:id', { schema: { tags, params: IdParams, response: { 200: c.PatrolDetail } }, config: { action: 'patrol.read' } }, async (req) => getPatrol(db, readerOf(req), req.params.id));
    r.post('/api/v1/patrols/:id/scan', { schema: { tags, params: IdParams, body: c.ScanInput, response: { 200: c.PatrolDetail } }, config: { action: 'patrol.walk' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((t) => scanCheckpoint(tx(t), actor, req.params.id, req.body, clock.now()));
      return getPatrol(db, readerOf(req), req.params.id);
    });
    r.post('/api/v1/patrols/:id/finish', { schema: { tags, params: IdParams, body: c.FinishPatrolInput, response: { 200: c.PatrolDetail } }, config: { action: 'patrol.walk' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((t) => finishPatrol(tx(t), actor, req.params.id, req.body?.note ?? null, clock.now()));
      return getPatrol(db, readerOf(req), req.params.id);
    });
  };
}
