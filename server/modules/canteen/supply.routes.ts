import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import * as c from '../../../contracts/canteenSupply';
import { IdParams, Page } from '../../../contracts/common';
import { pickLocale } from '../../../contracts/i18n';
import { actorOf, readScope } from '../../platform/http';
import { localDate } from '../../platform/schedules';
import { schools } from '../../platform/platform.tables';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { oneSchool, schoolZone } from './supply.common';
import { createSupplier, getSupplier, listSuppliers, updateSupplier } from './supply.suppliers';
import { correctIntake, createIntake, deleteIntake, getIntake, inspectorChoices, listIntakes, storeBatches } from './supply.intakes';
import { sharedJson } from '../../platform/readcache';
import { costMonth, createUsage, deleteUsage, listMealCounts, listUsage, saveIncome, saveMealCount } from './supply.costs';
import { costPdf, sendCostXlsx } from './supply.export';
import { supplyDay } from './supply.board';

const tags = ['canteen'];
const P = '/api/v1/canteen';

/**
 * Suppliers, intakes, usage, meal counts and the monthly account. Writes run in one transaction
 * with their audit entry; edits carry `version` (409 on a lost update).
 */
export function supplyRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const tx = <T>(fn: (tx: Db) => Promise<T>) => db.transaction((t) => fn(t as unknown as Db));

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Suppliers ──
    r.get(`${P}/suppliers`, { schema: { tags, querystring: c.SupplierListQuery, response: { 200: Page(c.Supplier) } }, config: { action: 'canteen.supply.suppliers.read' } },
      async (req) => listSuppliers(db, readScope(req, req.query.schoolId), clock, req.query));
    r.post(`${P}/suppliers`, { schema: { tags, body: c.CreateSupplierInput, response: { 201: c.SupplierDetail } }, config: { action: 'canteen.supply.suppliers.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createSupplier(t, actor, req.body));
      return reply.status(201).send(await getSupplier(db, [actor.schoolId], clock, id));
    });
    r.get(`${P}/suppliers/:id`, { schema: { tags, params: IdParams, response: { 200: c.SupplierDetail } }, config: { action: 'canteen.supply.suppliers.read' } },
      async (req) => getSupplier(db, readScope(req), clock, req.params.id));
    r.patch(`${P}/suppliers/:id`, { schema: { tags, params: IdParams, body: c.UpdateSupplierInput, response: { 200: c.SupplierDetail } }, config: { action: 'canteen.supply.suppliers.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => updateSupplier(t, actor, req.params.id, req.body));
      return getSupplier(db, [actor.schoolId], clock, req.params.id);
    });

    // ── Intakes ──
    r.get(`${P}/intakes`, { schema: { tags, querystring: c.IntakeListQuery, response: { 200: Page(c.Intake) } }, config: { action: 'canteen.supply.intakes.read' } },
      async (req) => listIntakes(db, readScope(req, req.query.schoolId), req.query));
    r.get(`${P}/intakes/store-batches`, { schema: { tags, querystring: c.StoreBatchQuery, response: { 200: z.object({ items: z.array(c.StoreBatch) }) } }, config: { action: 'canteen.supply.usage.read' } },
      async (req) => ({ items: await storeBatches(db, oneSchool(req, req.query.schoolId), req.query.q) }));
    r.get(`${P}/intakes/inspectors`, { schema: { tags, response: { 200: z.object({ items: z.array(z.object({ id: z.number(), name: z.string() })) }) } }, config: { action: 'canteen.supply.intakes.write' } },
      async (req) => ({ items: await inspectorChoices(db, actorOf(req).schoolId) }));
    r.post(`${P}/intakes`, { schema: { tags, body: c.CreateIntakeInput, response: { 201: c.IntakeDetail } }, config: { action: 'canteen.supply.intakes.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createIntake(t, actor, clock, req.body));
      return reply.status(201).send(await getIntake(db, [actor.schoolId], id));
    });
    r.get(`${P}/intakes/:id`, { schema: { tags, params: IdParams, response: { 200: c.IntakeDetail } }, config: { action: 'canteen.supply.intakes.read' } },
      async (req) => getIntake(db, readScope(req), req.params.id));
    r.put(`${P}/intakes/:id`, { schema: { tags, params: IdParams, body: c.UpdateIntakeInput, response: { 200: c.IntakeDetail } }, config: { action: 'canteen.supply.intakes.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => correctIntake(t, actor, clock, req.params.id, req.body));
      return getIntake(db, [actor.schoolId], req.params.id);
    });
    r.delete(`${P}/intakes/:id`, { schema: { tags, params: IdParams, querystring: c.DeleteIntakeInput.extend({ version: z.coerce.number().int().positive() }) }, config: { action: 'canteen.supply.intakes.delete' } }, async (req, reply) => {
      const actor = actorOf(req);
      await tx((t) => deleteIntake(t, actor, clock, req.params.id, req.query.version));
      return reply.status(204).send();
    });

    // ── Usage 领用 ──
    r.get(`${P}/usage`, { schema: { tags, querystring: c.UsageListQuery, response: { 200: Page(c.Usage) } }, config: { action: 'canteen.supply.usage.read' } },
      async (req) => listUsage(db, oneSchool(req, req.query.schoolId), req.query));
    r.post(`${P}/usage`, { schema: { tags, body: c.CreateUsageInput, response: { 201: z.object({ id: z.number() }) } }, config: { action: 'canteen.supply.usage.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await tx((t) => createUsage(t, actor, clock, req.body));
      return reply.status(201).send({ id });
    });
    r.delete(`${P}/usage/:id`, { schema: { tags, params: IdParams }, config: { action: 'canteen.supply.usage.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await tx((t) => deleteUsage(t, actor, req.params.id));
      return reply.status(204).send();
    });

    // ── Meal counts ──
    r.get(`${P}/meal-counts`, { schema: { tags, querystring: c.MealCountQuery, response: { 200: z.object({ items: z.array(c.MealCount) }) } }, config: { action: 'canteen.supply.meals.read' } },
      async (req) => ({ items: await listMealCounts(db, oneSchool(req, req.query.schoolId), req.query.from, req.query.to) }));
    r.put(`${P}/meal-counts`, { schema: { tags, body: c.MealCountInput, response: { 200: c.MealCount, 201: c.MealCount } }, config: { action: 'canteen.supply.meals.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const { row, created } = await tx((t) => saveMealCount(t, actor, clock, req.body));
      return reply.status(created ? 201 : 200).send(row);
    });

    // ── The month's account ──
    const monthOf = async (schoolId: number, month: string) => costMonth(db, schoolId, month);
    // The same for every reader of a school: on PGlite it comes from the read cache until the next write,
    // computed once however many ask at the same time (the month-end rush of the finance disclosure).
    const inflight = new Map<string, Promise<string>>();
    r.get(`${P}/costs/months/:month`, { schema: { tags, params: c.CostMonthParams, querystring: c.CostMonthQuery, response: { 200: c.CostMonth } }, config: { action: 'canteen.supply.costs.read' } }, async (req, reply) => {
      const schoolId = oneSchool(req, req.query.schoolId);
      const text = await sharedJson(inflight, db, `canteen.costMonth|${schoolId}|${req.params.month}`, () => monthOf(schoolId, req.params.month), (m) => JSON.stringify(z.encode(c.CostMonth, m as never)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });
    const schoolName = async (id: number) => (await db.select({ name: schools.name }).from(schools).where(eq(schools.id, id)))[0]?.name ?? '';
    r.get(`${P}/costs/months/:month/export.xlsx`, { schema: { tags, params: c.CostMonthParams, querystring: c.CostMonthQuery }, config: { action: 'canteen.supply.costs.read' } }, async (req, reply) => {
      const schoolId = oneSchool(req, req.query.schoolId);
      return sendCostXlsx(reply, pickLocale(req.headers['accept-language']), await schoolName(schoolId), await monthOf(schoolId, req.params.month));
    });
    r.get(`${P}/costs/months/:month/export.pdf`, { schema: { tags, params: c.CostMonthParams, querystring: c.CostMonthQuery }, config: { action: 'canteen.supply.costs.read' } }, async (req, reply) => {
      const schoolId = oneSchool(req, req.query.schoolId);
      const locale = pickLocale(req.headers['accept-language']);
      const buf = await costPdf(locale, await schoolName(schoolId), await monthOf(schoolId, req.params.month));
      return reply.header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="canteen-${req.params.month}.pdf"`).send(buf);
    });
    r.put(`${P}/costs/months/:month/income`, { schema: { tags, params: c.CostMonthParams, body: c.FeeIncomeInput, response: { 200: c.CostMonth } }, config: { action: 'canteen.supply.income.write' } }, async (req) => {
      const actor = actorOf(req);
      await tx((t) => saveIncome(t, actor, req.params.month, req.body));
      return monthOf(actor.schoolId, req.params.month);
    });

    // ── The supply part of the day (also on the meals part's board) ──
    r.get(`${P}/supply/day`, { schema: { tags, querystring: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(), schoolId: z.coerce.number().int().positive().optional() }), response: { 200: c.SupplyDay } }, config: { action: 'canteen.supply.intakes.read' } }, async (req) => {
      const schoolId = oneSchool(req, req.query.schoolId);
      const date = req.query.date ?? localDate(clock.now(), await schoolZone(db, schoolId));
      return supplyDay(db, schoolId, date, clock.now());
    });
  };
}
