import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/assetsProcess';
import { IdParams, Page } from '../../../contracts/common';
import { pickLocale, translate } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { actorOf, authOf, readScope } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { sendXlsx } from '../../platform/excel';
import { createDamageService, reportOfWaiver } from './damage.service';
import { listDamage, getDamage, listPayments, paymentPages, outstanding, damagePages } from './damage.queries';
import type { Reader } from './stocktake.queries';
import { searchParties } from './process.lookups';

const tags = ['assets'];

function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles };
}

export function damageRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const service = createDamageService({ clock });
  const detail = (req: FastifyRequest, id: number) => getDamage(db, readerOf(req), id);
  const tx = <T>(fn: (tx: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const read = { action: 'assets.damage.read' };
    const manage = { action: 'assets.damage.manage' };

    r.get('/api/v1/damage-reports', { schema: { tags, querystring: c.DamageListQuery, response: { 200: Page(c.DamageReport) } }, config: read },
      async (req) => listDamage(db, readerOf(req, req.query.schoolId), req.query));

    r.post('/api/v1/damage-reports', { schema: { tags, body: c.CreateDamageInput, response: { 201: c.DamageDetail } }, config: { action: 'assets.damage.report' } }, async (req, reply) => {
      const id = await tx((t) => service.create(t, actorOf(req), req.body));
      return reply.status(201).send(await detail(req, id));
    });

    r.get('/api/v1/damage-reports/export', { schema: { tags, querystring: c.DamageListQuery.omit({ cursor: true, limit: true }) }, config: read }, async (req, reply) => {
      const locale = pickLocale(req.headers['accept-language']);
      const tr = (k: string) => translate(locale, k);
      const name = `${tr('damage.list.title')}-${new Date().toISOString().slice(0, 10)}`;
      return sendXlsx(reply, name, tr('damage.list.title'), [
        { header: tr('damage.payments.col.report'), width: 16, value: (d: c.DamageReport) => d.code },
        { header: tr('damage.form.foundOn'), width: 12, value: (d) => d.foundOn },
        { header: tr('damage.form.asset'), width: 30, value: (d) => `${d.assetCode} ${d.assetName}` },
        { header: tr('damage.form.quantity'), width: 8, value: (d) => d.quantity },
        { header: tr('damage.form.responsibleType'), width: 10, value: (d) => tr(`damage.responsible.${d.responsibleType}`) },
        { header: tr('damage.detail.party'), width: 22, value: (d) => d.responsibleName ?? '' },
        { header: tr('damage.list.boarder'), width: 8, value: (d) => (d.boarder ? '✓' : '') },
        { header: tr('damage.form.deliberate'), width: 10, value: (d) => tr(d.deliberate ? 'damage.form.deliberateYes' : 'damage.form.deliberateNo') },
        { header: tr('damage.form.description'), width: 40, value: (d) => d.description },
        { header: `${tr('damage.detail.computed')}${tr('damage.unitYuan')}`, width: 12, value: (d) => d.computedFen / 100 },
        { header: `${tr('damage.detail.amount')}${tr('damage.unitYuan')}`, width: 12, value: (d) => d.amountFen / 100 },
        { header: `${tr('damage.detail.paid')}${tr('damage.unitYuan')}`, width: 12, value: (d) => d.paidFen / 100 },
        { header: `${tr('damage.detail.outstanding')}${tr('damage.unitYuan')}`, width: 12, value: (d) => d.outstandingFen / 100 },
        { header: tr('common.status'), width: 10, value: (d) => tr(`damage.state.${d.state}`) },
      ], damagePages(db, readerOf(req, req.query.schoolId), req.query));
    });

    // Boarders (by default) with compensation still due: the dorm and the director see them flagged.
    r.get('/api/v1/damage-reports/outstanding-students', { schema: { tags, querystring: c.OutstandingQuery, response: { 200: z.object({ items: z.array(c.OutstandingStudent) }) } }, config: { action: 'assets.damage.outstanding.read' } },
      async (req) => ({ items: await outstanding(db, readScope(req, req.query.schoolId), req.query.all ?? false) }));

    // Money received (income for finance): the accountant's list and its export.
    const PaymentsPage = Page(c.DamagePayment).extend({ totalFen: z.number(), count: z.number() });
    r.get('/api/v1/damage-reports/payments', { schema: { tags, querystring: c.PaymentListQuery, response: { 200: PaymentsPage } }, config: { action: 'assets.damage.payments.read' } },
      async (req) => listPayments(db, readScope(req, req.query.schoolId), req.query));
    r.get('/api/v1/damage-reports/payments/export', { schema: { tags, querystring: c.PaymentListQuery.omit({ cursor: true, limit: true }) }, config: { action: 'assets.damage.payments.read' } }, async (req, reply) => {
      const locale = pickLocale(req.headers['accept-language']);
      const h = (k: string) => translate(locale, `damage.payments.col.${k}`);
      const name = `${translate(locale, 'damage.payments.title')}-${req.query.from ?? ''}_${req.query.to ?? ''}`;
      return sendXlsx(reply, name, translate(locale, 'damage.payments.title'), [
        { header: h('paidOn'), width: 12, value: (p: c.DamagePayment) => p.paidOn },
        { header: h('receiptNo'), width: 16, value: (p) => p.receiptNo },
        { header: h('amount'), width: 12, value: (p) => p.amountFen / 100 },
        { header: h('report'), width: 16, value: (p) => p.reportCode },
        { header: h('asset'), width: 28, value: (p) => `${p.assetCode} ${p.assetName}` },
        { header: h('party'), width: 20, value: (p) => p.responsibleName ?? '' },
        { header: h('payer'), width: 12, value: (p) => p.payerName ?? '' },
        { header: h('receivedBy'), width: 10, value: (p) => p.receivedByName },
        { header: h('note'), width: 30, value: (p) => p.note ?? '' },
      ], paymentPages(db, readScope(req, req.query.schoolId), req.query));
    });

    // Names for the forms (responsible party, counters, who took the money), for staff who cannot read org's lists.
    r.get('/api/v1/damage-reports/parties', { schema: { tags, querystring: c.PartyQuery, response: { 200: z.object({ items: z.array(c.PartyOption) }) } }, config: read },
      async (req) => ({ items: await searchParties(db, authOf(req).schoolId, req.query.type, req.query.q, req.query.limit) }));

    // The approval inbox links to a waiver: the report it belongs to.
    r.get('/api/v1/damage-reports/waivers/:id', { schema: { tags, params: IdParams, response: { 200: z.object({ reportId: z.number() }) } }, config: read }, async (req) => {
      const reportId = await reportOfWaiver(db, readScope(req), req.params.id);
      if (reportId === null) throw new AppError('notFound', 404);
      await detail(req, reportId);
      return { reportId };
    });

    r.get('/api/v1/damage-reports/:id', { schema: { tags, params: IdParams, response: { 200: c.DamageDetail } }, config: read }, async (req) => detail(req, req.params.id));

    r.patch('/api/v1/damage-reports/:id', { schema: { tags, params: IdParams, body: c.UpdateDamageInput, response: { 200: c.DamageDetail } }, config: manage }, async (req) => {
      await tx((t) => service.update(t, actorOf(req), req.params.id, req.body));
      return detail(req, req.params.id);
    });
    r.post('/api/v1/damage-reports/:id/cancel', { schema: { tags, params: IdParams, body: c.CancelDamageInput, response: { 200: c.DamageDetail } }, config: manage }, async (req) => {
      await tx((t) => service.cancel(t, actorOf(req), req.params.id, req.body.reason));
      return detail(req, req.params.id);
    });
    r.post('/api/v1/damage-reports/:id/payments', { schema: { tags, params: IdParams, body: c.PaymentInput, response: { 201: c.DamageDetail } }, config: { action: 'assets.damage.pay' } }, async (req, reply) => {
      await tx((t) => service.pay(t, actorOf(req), req.params.id, req.body));
      return reply.status(201).send(await detail(req, req.params.id));
    });
    r.post('/api/v1/damage-reports/:id/waiver', { schema: { tags, params: IdParams, body: c.WaiverInput, response: { 201: c.DamageDetail } }, config: manage }, async (req, reply) => {
      await tx((t) => service.requestWaiver(t, actorOf(req), req.params.id, req.body));
      return reply.status(201).send(await detail(req, req.params.id));
    });
    r.post('/api/v1/damage-reports/:id/waiver/withdraw', { schema: { tags, params: IdParams, body: z.object({}).default({}), response: { 200: c.DamageDetail } }, config: manage }, async (req) => {
      await tx((t) => service.withdrawWaiver(t, actorOf(req), req.params.id));
      return detail(req, req.params.id);
    });
  };
}
