import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq, inArray } from 'drizzle-orm';
import * as c from '../../../contracts/repairs';
import { IdParams, Page } from '../../../contracts/common';
import { pickLocale, translate } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { actorOf, authOf, readScope } from '../../platform/http';
import { recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { sharedJson } from '../../platform/readcache';
import { sendXlsx } from '../../platform/excel';
import { schools } from '../../platform/platform.tables';
import { repairRules, repairPlans } from './repairs.tables';
import { createRepairService, isRepairWorker } from './repairs.service';
import { listRepairs, getRepair, listWorkers, type Reader } from './repairs.queries';
import { repairStats } from './repairs.stats';
import { logScope, repairLog, logPages, numbered, logColumns, logPdf, PDF_MAX_ROWS } from './repairs.log';
import { findCjkFont } from '../../platform/pdf';
import { repairSettingsOf } from './repairs.settings';
import { listPlans, getPlan, createPlan, updatePlan, deletePlan, runPlanNow } from './repairs.plans';
import { localDate } from './repairs.time';
import { LocationQrQuery, sendLocationQr } from './repairs.qr';

const tags = ['repairs'];
const ACTION_OF: Record<c.RepairAction, string> = {
  dispatch: 'repairs.order.dispatch', accept: 'repairs.order.work', complete: 'repairs.order.work',
  confirm: 'repairs.order.report', reopen: 'repairs.order.report', cancel: 'repairs.order.report',
};
const INPUT_OF = {
  dispatch: c.DispatchInput, accept: c.AcceptInput, complete: c.CompleteInput, confirm: c.ConfirmInput, reopen: c.ReopenInput, cancel: c.CancelInput,
} as const;

function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles, timezone: a.timezone };
}

const attachment = (name: string, ext: string) => `attachment; filename="repair-log.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}.${ext}`;

export function repairsRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const service = createRepairService({ db, clock });
  const detail = (req: FastifyRequest, id: number) => getRepair(db, readerOf(req), id, clock.now());
  const inflight = new Map<string, Promise<string>>();

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Work orders ──
    r.post('/api/v1/repairs', { schema: { tags, body: c.CreateRepairInput, response: { 201: c.RepairDetail } }, config: { action: 'repairs.order.report' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((tx) => service.createRepair(tx as unknown as Db, actor, req.body));
      return reply.status(201).send(await detail(req, id));
    });

    // Pages come from the read cache on PGlite until the next write; the key holds the reader's
    // schools, person and roles (what they may see and do differs), and the day (deadlines age).
    const pageSchema = Page(c.RepairOrder);
    r.get('/api/v1/repairs', { schema: { tags, querystring: c.RepairListQuery, response: { 200: pageSchema } }, config: { action: 'repairs.order.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const now = clock.now();
      const key = `repairs|${reader.schoolIds.join(',')}|${reader.userId}|${reader.roles.join(',')}|${localDate(now, reader.timezone ?? 'Asia/Shanghai')}|${JSON.stringify(req.query)}`;
      const text = await sharedJson(inflight, db, key, () => listRepairs(db, reader, req.query, now), (page) => JSON.stringify(z.encode(pageSchema, page as never)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });

    r.get('/api/v1/repairs/stats', { schema: { tags, querystring: c.StatsQuery, response: { 200: c.RepairStats } }, config: { action: 'repairs.stats.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const locale = pickLocale(req.headers['accept-language']);
      const key = `repairs.stats|${reader.schoolIds.join(',')}|${locale}|${localDate(clock.now(), reader.timezone ?? 'Asia/Shanghai')}|${JSON.stringify(req.query)}`;
      const text = await sharedJson(inflight, db, key, () => repairStats(db, reader.schoolIds, clock, req.query, locale), (s) => JSON.stringify(z.encode(c.RepairStats, s)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });

    // ── The repair log 维修一览表 ──
    r.get('/api/v1/repairs/log', { schema: { tags, querystring: c.RepairLogQuery, response: { 200: c.RepairLog } }, config: { action: 'repairs.log.read' } }, async (req) => {
      const reader = readerOf(req, req.query.schoolId);
      return repairLog(db, await logScope(db, reader, clock, req.query));
    });

    const logTitle = async (req: FastifyRequest, scope: Awaited<ReturnType<typeof logScope>>, schoolId: number) => {
      const locale = pickLocale(req.headers['accept-language']);
      const [s] = await db.select({ name: schools.name }).from(schools).where(eq(schools.id, schoolId));
      const title = `${s?.name ?? ''}${translate(locale, 'repairs.log.title')}-${scope.assigneeName ? scope.assigneeName + '-' : ''}${scope.from}_${scope.to}`;
      return { locale, school: s?.name ?? '', title };
    };

    r.get('/api/v1/repairs/log/export.xlsx', { schema: { tags, querystring: c.RepairLogQuery }, config: { action: 'repairs.log.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const scope = await logScope(db, reader, clock, req.query);
      const { locale, title } = await logTitle(req, scope, reader.schoolIds[0]);
      const settings = await repairSettingsOf(db, reader.schoolIds[0]);
      return sendXlsx(reply, title, translate(locale, 'repairs.log.sheet'), logColumns(locale, scope.tz, settings), numbered(logPages(db, scope)));
    });

    r.get('/api/v1/repairs/log/export.pdf', { schema: { tags, querystring: c.RepairLogQuery }, config: { action: 'repairs.log.read' } }, async (req, reply) => {
      const font = findCjkFont();
      if (!font) throw new AppError('pdf.noCjkFont', 503);
      const reader = readerOf(req, req.query.schoolId);
      const scope = await logScope(db, reader, clock, req.query);
      const { locale, school, title } = await logTitle(req, scope, reader.schoolIds[0]);
      const settings = await repairSettingsOf(db, reader.schoolIds[0]);
      const summary = await repairLog(db, { ...scope });
      const pdf = await logPdf(logPages(db, scope, PDF_MAX_ROWS), {
        school, from: scope.from, to: scope.to, worker: scope.assigneeName, tz: scope.tz, now: clock.now(), totals: summary.totals,
      }, locale, settings, font);
      return reply.header('content-type', 'application/pdf').header('content-disposition', attachment(title, 'pdf')).send(pdf);
    });

    // ── Room QR labels 报修二维码: a teacher scans one to report a fault in that room ──
    r.get('/api/v1/repairs/location-qr.pdf', { schema: { tags, querystring: LocationQrQuery }, config: { action: 'repairs.qr.print' } }, (req, reply) => sendLocationQr(db, req, req.query, reply));

    // ── Workers and category rules ──
    r.get('/api/v1/repairs/workers', { schema: { tags, response: { 200: z.object({ items: z.array(c.RepairWorker) }) } }, config: { action: 'repairs.workers.read' } }, async (req) => ({
      items: await listWorkers(db, authOf(req).schoolId),
    }));

    const rulesOf = async (schoolId: number): Promise<z.infer<typeof c.CategoryRules>> => {
      const settings = await repairSettingsOf(db, schoolId);
      const rows = await db.select().from(repairRules).where(eq(repairRules.schoolId, schoolId));
      const workers = new Map((await listWorkers(db, schoolId)).map((w) => [w.id, w.name]));
      const byCat = new Map(rows.map((x) => [x.category, x.assigneeId]));
      return {
        rules: settings.categories.filter((x) => x.active).map((x) => {
          const assigneeId = byCat.get(x.code) ?? null;
          return { category: x.code, assigneeId, assigneeName: assigneeId ? workers.get(assigneeId) ?? null : null };
        }),
      };
    };
    r.get('/api/v1/repairs/rules', { schema: { tags, response: { 200: c.CategoryRules } }, config: { action: 'repairs.rules.read' } }, async (req) => rulesOf(authOf(req).schoolId));
    r.put('/api/v1/repairs/rules', { schema: { tags, body: c.PutCategoryRulesInput, response: { 200: c.CategoryRules } }, config: { action: 'repairs.rules.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Db;
        const settings = await repairSettingsOf(tx, actor.schoolId);
        for (const [i, rule] of req.body.rules.entries()) {
          if (!settings.categories.some((x) => x.code === rule.category)) {
            throw new AppError('repairs.categoryUnknown', 400, { params: { value: rule.category }, fields: [{ path: `rules.${i}.category`, code: 'repairs.categoryUnknown', params: { value: rule.category } }] });
          }
          if (rule.assigneeId !== null && !await isRepairWorker(tx, actor.schoolId, rule.assigneeId)) {
            throw new AppError('repairs.assigneeNotWorker', 400, { fields: [{ path: `rules.${i}.assigneeId`, code: 'repairs.assigneeNotWorker' }] });
          }
        }
        const before = await tx.select().from(repairRules).where(eq(repairRules.schoolId, actor.schoolId));
        const cats = req.body.rules.map((x) => x.category);
        if (cats.length) await tx.delete(repairRules).where(and(eq(repairRules.schoolId, actor.schoolId), inArray(repairRules.category, cats)));
        const rows = req.body.rules.filter((x) => x.assigneeId !== null).map((x) => ({ schoolId: actor.schoolId, category: x.category, assigneeId: x.assigneeId, updatedAt: new Date() }));
        if (rows.length) await tx.insert(repairRules).values(rows);
        await recordAudit(tx, actor, {
          entity: 'repairRules', entityId: actor.schoolId, action: 'update',
          before: Object.fromEntries(before.map((x) => [x.category, x.assigneeId])), after: Object.fromEntries(req.body.rules.map((x) => [x.category, x.assigneeId])),
        });
      });
      return rulesOf(actor.schoolId);
    });

    // ── Maintenance plans ──
    r.get('/api/v1/repairs/plans', { schema: { tags, querystring: c.PlanListQuery, response: { 200: Page(c.MaintenancePlan) } }, config: { action: 'repairs.plans.read' } }, async (req) => {
      const [schoolId] = readScope(req, req.query.schoolId);
      return { items: await listPlans(db, schoolId, clock.now(), req.query.active), nextCursor: null };
    });
    r.get('/api/v1/repairs/plans/:id', { schema: { tags, params: IdParams, response: { 200: c.MaintenancePlan } }, config: { action: 'repairs.plans.read' } }, async (req) => {
      // An inspector reads the plans of the district's schools: the plan is looked for in each.
      for (const schoolId of readScope(req)) {
        const [row] = await db.select({ id: repairPlans.id }).from(repairPlans).where(and(eq(repairPlans.schoolId, schoolId), eq(repairPlans.id, req.params.id)));
        if (row) return getPlan(db, schoolId, row.id, clock.now());
      }
      throw new AppError('notFound', 404);
    });
    r.post('/api/v1/repairs/plans', { schema: { tags, body: c.CreatePlanInput, response: { 201: c.MaintenancePlan } }, config: { action: 'repairs.plans.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((tx) => createPlan(tx as unknown as Db, actor, req.body));
      return reply.status(201).send(await getPlan(db, actor.schoolId, id, clock.now()));
    });
    r.patch('/api/v1/repairs/plans/:id', { schema: { tags, params: IdParams, body: c.UpdatePlanInput, response: { 200: c.MaintenancePlan } }, config: { action: 'repairs.plans.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((tx) => updatePlan(tx as unknown as Db, actor, req.params.id, req.body));
      return getPlan(db, actor.schoolId, req.params.id, clock.now());
    });
    r.delete('/api/v1/repairs/plans/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } }, config: { action: 'repairs.plans.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await db.transaction((tx) => deletePlan(tx as unknown as Db, actor, req.params.id));
      return reply.status(204).send(null);
    });
    r.post('/api/v1/repairs/plans/:id/run-now', { schema: { tags, params: IdParams, response: { 201: c.RunNowResult } }, config: { action: 'repairs.plans.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const orderId = await db.transaction((tx) => runPlanNow(tx as unknown as Db, service, actor, req.params.id, clock));
      return reply.status(201).send({ orderId });
    });

    // ── One order and its steps ──
    r.get('/api/v1/repairs/:id', { schema: { tags, params: IdParams, response: { 200: c.RepairDetail } }, config: { action: 'repairs.order.read' } }, async (req) => detail(req, req.params.id));

    for (const action of c.REPAIR_ACTIONS) {
      r.post(`/api/v1/repairs/:id/${action}`, {
        schema: { tags, params: IdParams, body: INPUT_OF[action], response: { 200: c.RepairDetail } }, config: { action: ACTION_OF[action] },
      }, async (req) => {
        const actor = actorOf(req);
        const id = (req.params as { id: number }).id;
        await db.transaction((tx) => service.act(tx as unknown as Db, actor, id, action, req.body as never));
        return detail(req, id);
      });
    }
  };
}
