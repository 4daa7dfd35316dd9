import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/assetsProcess';
import { IdParams, Page } from '../../../contracts/common';
import { pickLocale, translate } from '../../../contracts/i18n';
import { actorOf, authOf, readScope } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { createStocktakeService } from './stocktake.service';
import {
  listStocktakes, getStocktake, stocktakeRooms, stocktakeLines, stocktakeSurplusList, stocktakeReport, liveReport, lineById, type Reader,
} from './stocktake.queries';
import { reportPdf, reportXlsx } from './stocktake.report';
import { schoolTimezone } from './process.shared';
import { searchParties } from './process.lookups';

const tags = ['assets'];
const Reason = z.object({ reason: z.string().trim().min(1).max(500) });
const Empty = z.object({}).default({});

function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles };
}

const attachment = (name: string, ext: string) => `attachment; filename="stocktake.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}.${ext}`;

export function stocktakeRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const service = createStocktakeService({ clock });
  const detail = (req: FastifyRequest, id: number) => getStocktake(db, readerOf(req), id, clock.now());
  const tx = <T>(fn: (tx: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const read = { action: 'assets.stocktake.read' };
    const plan = { action: 'assets.stocktake.plan' };
    const count = { action: 'assets.stocktake.count' };
    const resolve = { action: 'assets.stocktake.resolve' };

    r.get('/api/v1/stocktakes', { schema: { tags, querystring: c.StocktakeListQuery, response: { 200: Page(c.Stocktake) } }, config: read },
      async (req) => listStocktakes(db, readerOf(req, req.query.schoolId), req.query, clock.now()));

    r.post('/api/v1/stocktakes', { schema: { tags, body: c.CreateStocktakeInput, response: { 201: c.StocktakeDetail } }, config: plan }, async (req, reply) => {
      const id = await tx((t) => service.create(t, actorOf(req), req.body));
      return reply.status(201).send(await detail(req, id));
    });

    r.get('/api/v1/stocktakes/:id', { schema: { tags, params: IdParams, response: { 200: c.StocktakeDetail } }, config: read }, async (req) => detail(req, req.params.id));

    r.patch('/api/v1/stocktakes/:id', { schema: { tags, params: IdParams, body: c.UpdateStocktakeInput, response: { 200: c.StocktakeDetail } }, config: plan }, async (req) => {
      await tx((t) => service.update(t, actorOf(req), req.params.id, req.body));
      return detail(req, req.params.id);
    });

    const steps = [
      ['start', (t: Db, req: FastifyRequest, id: number) => service.start(t, actorOf(req), id)],
      ['end-counting', (t: Db, req: FastifyRequest, id: number) => service.endCounting(t, actorOf(req), id)],
      ['resume-counting', (t: Db, req: FastifyRequest, id: number) => service.resumeCounting(t, actorOf(req), id)],
    ] as const;
    for (const [path, run] of steps) {
      r.post(`/api/v1/stocktakes/:id/${path}`, { schema: { tags, params: IdParams, body: Empty, response: { 200: c.StocktakeDetail } }, config: plan }, async (req) => {
        await tx((t) => run(t, req, req.params.id));
        return detail(req, req.params.id);
      });
    }
    r.post('/api/v1/stocktakes/:id/cancel', { schema: { tags, params: IdParams, body: Reason, response: { 200: c.StocktakeDetail } }, config: plan }, async (req) => {
      await tx((t) => service.cancel(t, actorOf(req), req.params.id, req.body.reason));
      return detail(req, req.params.id);
    });

    // Staff to choose counters from (the storekeeper plans but may not read org's staff list).
    r.get('/api/v1/stocktakes/people', { schema: { tags, querystring: c.PartyQuery.omit({ type: true }), response: { 200: z.object({ items: z.array(c.PartyOption) }) } }, config: plan },
      async (req) => ({ items: await searchParties(db, authOf(req).schoolId, 'staff', req.query.q, req.query.limit) }));

    // ── Counting (phones, several counters at once) ──
    r.get('/api/v1/stocktakes/:id/rooms', { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(c.StocktakeRoom) }) } }, config: read },
      async (req) => ({ items: await stocktakeRooms(db, readerOf(req), req.params.id, clock.now()) }));
    r.get('/api/v1/stocktakes/:id/lines', { schema: { tags, params: IdParams, querystring: c.LineListQuery, response: { 200: Page(c.StocktakeLine) } }, config: read },
      async (req) => stocktakeLines(db, readerOf(req), req.params.id, req.query, clock.now()));
    r.get('/api/v1/stocktakes/:id/surplus', { schema: { tags, params: IdParams, querystring: z.object({ locationId: z.coerce.number().int().positive().optional() }), response: { 200: z.object({ items: z.array(c.StocktakeSurplus) }) } }, config: read },
      async (req) => ({ items: await stocktakeSurplusList(db, readerOf(req), req.params.id, req.query.locationId, clock.now()) }));

    r.post('/api/v1/stocktakes/:id/count', { schema: { tags, params: IdParams, body: c.CountInput, response: { 200: c.CountResult } }, config: count }, async (req) => {
      const actor = actorOf(req);
      const res = await tx((t) => service.count(t, actor, req.params.id, req.body));
      return { line: await lineById(db, actor.schoolId, res.lineId), changed: res.changed };
    });
    r.post('/api/v1/stocktakes/:id/uncount', { schema: { tags, params: IdParams, body: c.UncountInput, response: { 200: z.object({ line: c.StocktakeLine.nullable(), changed: z.boolean() }) } }, config: count }, async (req) => {
      const actor = actorOf(req);
      const res = await tx((t) => service.uncount(t, actor, req.params.id, req.body.assetId));
      return { line: res.lineId === null ? null : await lineById(db, actor.schoolId, res.lineId), changed: res.changed };
    });
    r.post('/api/v1/stocktakes/:id/surplus', { schema: { tags, params: IdParams, body: c.SurplusInput, response: { 201: c.StocktakeSurplus } }, config: count }, async (req, reply) => {
      const actor = actorOf(req);
      const sid = await tx((t) => service.addSurplus(t, actor, req.params.id, req.body));
      const items = await stocktakeSurplusList(db, readerOf(req), req.params.id, req.body.locationId, clock.now());
      return reply.status(201).send(items.find((x) => x.id === sid)!);
    });

    // ── The director's review ──
    r.post('/api/v1/stocktakes/:id/resolve', { schema: { tags, params: IdParams, body: c.ResolveInput, response: { 200: c.ResolveResult } }, config: resolve },
      async (req) => tx((t) => service.resolve(t, actorOf(req), req.params.id, req.body)));
    r.post('/api/v1/stocktakes/:id/close', { schema: { tags, params: IdParams, body: Empty, response: { 200: c.StocktakeDetail } }, config: resolve }, async (req) => {
      const actor = actorOf(req);
      const reader = readerOf(req);
      await tx((t) => service.close(t, actor, req.params.id, async (inner) => {
        const report = await liveReport(inner, { ...reader, schoolIds: [actor.schoolId] }, req.params.id, clock.now());
        return { ...report, frozen: true, stocktake: { ...report.stocktake, state: 'closed' } } as unknown as Record<string, unknown>;
      }));
      return detail(req, req.params.id);
    });

    // ── The report: screen, .xlsx, PDF ──
    r.get('/api/v1/stocktakes/:id/report', { schema: { tags, params: IdParams, response: { 200: c.StocktakeReport } }, config: read },
      async (req) => stocktakeReport(db, readerOf(req), req.params.id, clock.now()));

    const exportOf = async (req: FastifyRequest, id: number) => {
      const reader = readerOf(req);
      const report = await stocktakeReport(db, reader, id, clock.now());
      const locale = pickLocale(req.headers['accept-language']);
      const schoolId = (await getStocktake(db, reader, id, clock.now())).schoolId;
      const tz = await schoolTimezone(db, schoolId);
      const name = `${report.stocktake.schoolName}${translate(locale, 'stocktake.report.title')}-${report.stocktake.code}`;
      return { report, locale, tz, name };
    };
    r.get('/api/v1/stocktakes/:id/report.xlsx', { schema: { tags, params: IdParams }, config: read }, async (req, reply) => {
      const { report, locale, tz, name } = await exportOf(req, req.params.id);
      const buf = await reportXlsx(report, locale, tz);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', attachment(name, 'xlsx')).send(buf);
    });
    r.get('/api/v1/stocktakes/:id/report.pdf', { schema: { tags, params: IdParams }, config: read }, async (req, reply) => {
      const { report, locale, tz, name } = await exportOf(req, req.params.id);
      const pdf = await reportPdf(report, locale, tz, clock.now());
      return reply.header('content-type', 'application/pdf').header('content-disposition', attachment(name, 'pdf')).send(pdf);
    });
  };
}
