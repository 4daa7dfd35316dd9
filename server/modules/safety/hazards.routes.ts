import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/safetyHazards';
import { AssignInput, RectifyInput, VerifyInput, RejectInput, Rectification, RectificationDetail, RECT_ACTIONS, type RectAction } from '../../../contracts/inspections';
import { Page } from '../../../contracts/common';
import { pickLocale, translate } from '../../../contracts/i18n';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { actorOf, authOf, readScope } from '../../platform/http';
import { cachedJson, sharedJson } from '../../platform/readcache';
import { localDate } from '../../platform/schedules';
import { sendXlsx } from '../../platform/excel';
import { listRectifications, getRectification, schoolZone, type InspectionReader } from '../../platform/inspections';
import { reportHazard, actOnHazard, submitMonthlyReport, listSubmitted, getSubmitted, latestSubmission } from './hazards.service';
import { monthlyReport, reportXlsx, reportPdf, reportTitle, DOMAIN } from './hazards.report';
import type { HazardMonthlyReport } from '../../../contracts/safetyHazards';

const tags = ['hazards'];
const ACTION_OF: Record<RectAction, string> = { assign: 'hazards.assign', rectify: 'hazards.rectify', verify: 'hazards.verify', reject: 'hazards.verify' };
const INPUT_OF = { assign: AssignInput, rectify: RectifyInput, verify: VerifyInput, reject: RejectInput } as const;

function readerOf(req: FastifyRequest, schoolId?: number): InspectionReader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles, timezone: a.timezone };
}

const attachment = (name: string, ext: string) => `attachment; filename="hazard-report.${ext}"; filename*=UTF-8''${encodeURIComponent(name)}.${ext}`;

async function sendReport(reply: FastifyReply, req: FastifyRequest, db: Db, r: HazardMonthlyReport, format: 'xlsx' | 'pdf', submitted?: { at: string; by: string; revision: number }) {
  const locale = pickLocale(req.headers['accept-language']);
  const tz = await schoolZone(db, r.schoolId);
  const title = reportTitle(locale, r) + (submitted ? `-v${submitted.revision}` : '');
  if (format === 'xlsx') {
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', attachment(title, 'xlsx')).send(await reportXlsx(r, locale, tz));
  }
  return reply.header('content-type', 'application/pdf').header('content-disposition', attachment(title, 'pdf')).send(await reportPdf(r, locale, tz, { submitted }));
}

export function hazardsRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const detail = (req: FastifyRequest, id: number) => getRectification(db, readerOf(req), id, clock.now(), { domain: DOMAIN });
  const inflight = new Map<string, Promise<string>>();

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Hazards ──
    const pageSchema = Page(Rectification);
    r.get('/api/v1/hazards', { schema: { tags, querystring: c.HazardListQuery, response: { 200: pageSchema } }, config: { action: 'hazards.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const now = clock.now();
      // From the read cache on PGlite until the next write; "today" is in the key (overdue ages).
      const key = `hazards|${reader.schoolIds.join(',')}|${reader.userId}|${reader.roles.join(',')}|${localDate(now, reader.timezone ?? 'Asia/Shanghai')}|${JSON.stringify(req.query)}`;
      const text = await cachedJson(db, key, () => listRectifications(db, reader, { ...req.query, domain: DOMAIN }, now), (page) => JSON.stringify(z.encode(pageSchema, page as never)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });
    // The list as a spreadsheet, with the board's filters (page after page, never the whole list in memory).
    r.get('/api/v1/hazards/export.xlsx', { schema: { tags, querystring: c.HazardListQuery }, config: { action: 'hazards.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const locale = pickLocale(req.headers['accept-language']);
      const tz = reader.timezone ?? 'Asia/Shanghai';
      const now = clock.now();
      const h = (k: string) => translate(locale, `hazards.monthly.col.${k}`);
      const day = (v: string | null) => (v ? localDate(new Date(v), tz) : '');
      async function* pages() {
        let cursor: string | undefined;
        for (let i = 0; i < 200; i++) {
          const page = await listRectifications(db, reader, { ...req.query, domain: DOMAIN, limit: 200, cursor }, now);
          yield page.items;
          if (!page.nextCursor) return;
          cursor = page.nextCursor;
        }
      }
      return sendXlsx(reply, translate(locale, 'hazards.web.menu.hazards'), translate(locale, 'hazards.web.menu.hazards'), [
        { header: h('no'), width: 8, value: (x) => x.id },
        { header: h('title'), width: 36, value: (x) => x.title },
        { header: h('kind'), width: 10, value: (x) => translate(locale, `hazards.kind.${x.kind ?? 'other'}`) },
        { header: h('severity'), width: 8, value: (x) => translate(locale, `inspections.severity.${x.severity}`) },
        { header: h('location'), width: 28, value: (x) => x.locationPath || x.zone || '' },
        { header: h('reportedAt'), width: 12, value: (x) => day(x.reportedAt) },
        { header: h('owner'), width: 10, value: (x) => x.ownerName ?? '' },
        { header: h('deadline'), width: 12, value: (x) => x.deadline ?? '' },
        { header: h('plan'), width: 30, value: (x) => x.plan ?? '' },
        { header: h('state'), width: 10, value: (x) => translate(locale, `inspections.state.${x.state}`) + (x.overdue ? translate(locale, 'hazards.monthly.overdueMark') : '') },
        { header: h('verifiedAt'), width: 12, value: (x) => day(x.verifiedAt) },
      ], pages());
    });
    r.post('/api/v1/hazards', { schema: { tags, body: c.ReportHazardInput, response: { 201: RectificationDetail } }, config: { action: 'hazards.report' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((tx) => reportHazard(tx as unknown as Db, actor, req.body, clock));
      return reply.status(201).send(await detail(req, id));
    });
    r.get('/api/v1/hazards/:id', { schema: { tags, params: c.HazardIdParams, response: { 200: RectificationDetail } }, config: { action: 'hazards.read' } }, async (req) => detail(req, req.params.id));
    for (const action of RECT_ACTIONS) {
      r.post(`/api/v1/hazards/:id/${action}`, {
        schema: { tags, params: c.HazardIdParams, body: INPUT_OF[action], response: { 200: RectificationDetail } }, config: { action: ACTION_OF[action] },
      }, async (req) => {
        const actor = actorOf(req);
        const id = (req.params as { id: number }).id;
        await db.transaction((tx) => actOnHazard(tx as unknown as Db, actor, id, action, req.body as never, clock));
        return detail(req, id);
      });
    }

    // ── The monthly hazard report ──
    r.get('/api/v1/reports/hazards/monthly', { schema: { tags, querystring: c.MonthlyReportQuery }, config: { action: 'hazards.monthly.read' } }, async (req, reply) => {
      const [schoolId] = readScope(req, req.query.schoolId);
      if (req.query.format !== 'json') return sendReport(reply, req, db, await monthlyReport(db, schoolId, req.query.month, clock), req.query.format);
      // On PGlite, from the read cache until the next write: the figures change only with a write or
      // with the day (overdue is by day), so the key holds the school's day.
      const key = `hazards.monthly|${schoolId}|${req.query.month}|${localDate(clock.now(), authOf(req).timezone ?? 'Asia/Shanghai')}`;
      const text = await sharedJson(inflight, db, key, async () => ({
        ...await monthlyReport(db, schoolId, req.query.month, clock), submission: await latestSubmission(db, schoolId, req.query.month),
      }), (answer) => JSON.stringify(z.encode(c.MonthlyReportAnswer, answer)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });
    r.post('/api/v1/reports/hazards/monthly/submit', { schema: { tags, body: c.SubmitReportInput, response: { 201: c.SubmittedReportDetail } }, config: { action: 'hazards.monthly.submit' } }, async (req, reply) => {
      const actor = actorOf(req);
      const { id } = await db.transaction((tx) => submitMonthlyReport(tx as unknown as Db, actor, req.body, clock));
      return reply.status(201).send(await getSubmitted(db, [actor.schoolId], id));
    });
    r.get('/api/v1/reports/hazards/submitted', { schema: { tags, querystring: c.SubmittedListQuery, response: { 200: Page(c.SubmittedReport) } }, config: { action: 'hazards.submitted.read' } }, async (req) =>
      listSubmitted(db, readScope(req, req.query.schoolId), req.query));
    r.get('/api/v1/reports/hazards/submitted/:id', { schema: { tags, params: c.HazardIdParams, querystring: c.SubmittedDetailQuery }, config: { action: 'hazards.submitted.read' } }, async (req, reply) => {
      const s = await getSubmitted(db, readScope(req), req.params.id);
      if (req.query.format !== 'json') return sendReport(reply, req, db, s.report, req.query.format, { at: s.submittedAt, by: s.submittedByName, revision: s.revision });
      return reply.send(z.encode(c.SubmittedReportDetail, s));
    });
  };
}
