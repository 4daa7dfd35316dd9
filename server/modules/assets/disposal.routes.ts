import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as c from '../../../contracts/assetsProcess';
import { IdParams, Page } from '../../../contracts/common';
import { actorOf, authOf, readScope } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { createDisposal, updateDisposal, resubmitDisposal, withdrawDisposal, carryOutDisposal } from './disposal.service';
import { listDisposals, getDisposal, disposalPages } from './disposal.queries';
import { pickLocale, translate } from '../../../contracts/i18n';
import { sendXlsx } from '../../platform/excel';
import type { Reader } from './stocktake.queries';
import { z } from 'zod';

const tags = ['assets'];

function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles };
}

export function disposalRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const detail = (req: FastifyRequest, id: number) => getDisposal(db, readerOf(req), id);
  const tx = <T>(fn: (tx: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const read = { action: 'assets.disposal.read' };
    const request = { action: 'assets.disposal.request' };

    r.get('/api/v1/disposals', { schema: { tags, querystring: c.DisposalListQuery, response: { 200: Page(c.Disposal) } }, config: read },
      async (req) => listDisposals(db, readerOf(req, req.query.schoolId), req.query));
    r.get('/api/v1/disposals/export', { schema: { tags, querystring: c.DisposalListQuery.omit({ cursor: true, limit: true }) }, config: read }, async (req, reply) => {
      const locale = pickLocale(req.headers['accept-language']);
      const tr = (k: string) => translate(locale, k);
      const name = `${tr('disposal.list.title')}-${new Date().toISOString().slice(0, 10)}`;
      return sendXlsx(reply, name, tr('disposal.list.title'), [
        { header: tr('disposal.detail.code'), width: 14, value: (d: c.Disposal) => d.code },
        { header: tr('disposal.form.way'), width: 8, value: (d) => tr(`disposal.way.${d.way}`) },
        { header: tr('disposal.form.assets'), width: 36, value: (d) => `${d.assetNames.join('、')}${d.assetCount > d.assetNames.length ? ` …（${d.assetCount}）` : ''}` },
        { header: `${tr('disposal.detail.original')}${tr('damage.unitYuan')}`, width: 12, value: (d) => d.totalOriginalFen / 100 },
        { header: `${tr('disposal.detail.net')}${tr('damage.unitYuan')}`, width: 12, value: (d) => d.totalNetFen / 100 },
        { header: tr('disposal.form.reason'), width: 40, value: (d) => d.reason },
        { header: tr('common.status'), width: 10, value: (d) => tr(`disposal.state.${d.state}`) },
        { header: tr('disposal.detail.applicant'), width: 10, value: (d) => d.createdByName ?? '' },
        { header: tr('disposal.detail.submittedAt'), width: 12, value: (d) => (d.submittedAt ?? d.createdAt).slice(0, 10) },
        { header: tr('disposal.detail.date'), width: 12, value: (d) => d.carriedOutOn ?? '' },
        { header: tr('disposal.detail.recipient'), width: 24, value: (d) => d.recipient ?? '' },
        { header: tr('disposal.detail.proceeds'), width: 12, value: (d) => (d.proceedsFen == null ? '' : d.proceedsFen / 100) },
      ], disposalPages(db, readerOf(req, req.query.schoolId), req.query));
    });

    r.post('/api/v1/disposals', { schema: { tags, body: c.CreateDisposalInput, response: { 201: c.DisposalDetail } }, config: request }, async (req, reply) => {
      const id = await tx((t) => createDisposal(t, actorOf(req), req.body, clock));
      return reply.status(201).send(await detail(req, id));
    });
    r.get('/api/v1/disposals/:id', { schema: { tags, params: IdParams, response: { 200: c.DisposalDetail } }, config: read }, async (req) => detail(req, req.params.id));
    r.patch('/api/v1/disposals/:id', { schema: { tags, params: IdParams, body: c.UpdateDisposalInput, response: { 200: c.DisposalDetail } }, config: request }, async (req) => {
      await tx((t) => updateDisposal(t, actorOf(req), req.params.id, req.body, clock));
      return detail(req, req.params.id);
    });
    r.post('/api/v1/disposals/:id/resubmit', { schema: { tags, params: IdParams, body: z.object({}).default({}), response: { 200: c.DisposalDetail } }, config: request }, async (req) => {
      await tx((t) => resubmitDisposal(t, actorOf(req), req.params.id, clock));
      return detail(req, req.params.id);
    });
    r.post('/api/v1/disposals/:id/withdraw', { schema: { tags, params: IdParams, body: c.WithdrawInput, response: { 200: c.DisposalDetail } }, config: request }, async (req) => {
      await tx((t) => withdrawDisposal(t, actorOf(req), req.params.id, req.body.reason, clock));
      return detail(req, req.params.id);
    });
    r.post('/api/v1/disposals/:id/carry-out', { schema: { tags, params: IdParams, body: c.CarryOutInput, response: { 200: c.DisposalDetail } }, config: { action: 'assets.disposal.carry' } }, async (req) => {
      await tx((t) => carryOutDisposal(t, actorOf(req), req.params.id, req.body, clock));
      return detail(req, req.params.id);
    });
  };
}
