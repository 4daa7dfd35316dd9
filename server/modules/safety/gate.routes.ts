import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/safetyGate';
import { IdParams, Page } from '../../../contracts/common';
import { pickLocale, translate } from '../../../contracts/i18n';
import { actorOf, authOf, readScope } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { sendXlsx } from '../../platform/excel';
import { localDate } from '../../platform/schedules';
import type { Reader } from './gate.query';
import { createVisitor, checkoutVisitor, confirmHost, getVisitor, listVisitors, visitorPages, findVisitsById } from './gate.visitors';
import { issuePass, returnPass, cancelPass, getPass, listPasses, lookupStudents, checkStudent } from './gate.passes';
import { gateFigures } from './gate.figures';
import { createPassScanner } from './gate.scan';
import { schoolInfo } from './gate.lookups';

const tags = ['safety'];
const tx = (t: unknown) => t as Db;

export function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles, timezone: a.timezone };
}

/** The gate: the visitor register and student exit passes (the guard's scan answers at once). */
export function gateRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const scanner = createPassScanner(db);

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Visitors 来访登记 ──
    r.post('/api/v1/visitors', { schema: { tags, body: c.CreateVisitorInput, response: { 201: c.Visitor } }, config: { action: 'gate.visitors.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const now = clock.now();
      const id = await db.transaction((t) => createVisitor(tx(t), actor, req.body, now));
      return reply.status(201).send(await getVisitor(db, readerOf(req), id, now));
    });
    r.get('/api/v1/visitors', { schema: { tags, querystring: c.VisitorListQuery, response: { 200: Page(c.Visitor) } }, config: { action: 'gate.visitors.read' } }, async (req) => {
      const reader = readerOf(req, req.query.schoolId);
      return listVisitors(db, reader, req.query, clock.now(), reader.timezone ?? 'Asia/Shanghai');
    });
    r.get('/api/v1/visitors/export.xlsx', { schema: { tags, querystring: c.VisitorListQuery }, config: { action: 'gate.visitors.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const locale = pickLocale(req.headers['accept-language']);
      const tz = reader.timezone ?? 'Asia/Shanghai';
      const now = clock.now();
      const tr = (k: string) => translate(locale, k);
      const time = (v: string | null) => (v ? `${localDate(new Date(v), tz)} ${new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(v))}` : '');
      const school = await schoolInfo(db, reader.schoolIds[0]);
      return sendXlsx<c.Visitor>(reply, `${school.name}${tr('gate.export.visitorsTitle')}-${localDate(now, tz)}`, tr('gate.export.visitorsSheet'), [
        { header: tr('gate.export.col.name'), width: 12, value: (v) => v.name },
        { header: tr('gate.export.col.idType'), width: 14, value: (v) => tr(`gate.idType.${v.idType}`) },
        { header: tr('gate.export.col.idMasked'), width: 22, value: (v) => v.idMasked },
        { header: tr('gate.export.col.phone'), width: 14, value: (v) => v.phone },
        { header: tr('gate.export.col.organisation'), width: 18, value: (v) => v.organisation },
        { header: tr('gate.export.col.reason'), width: 20, value: (v) => v.reason },
        { header: tr('gate.export.col.host'), width: 10, value: (v) => v.hostName },
        { header: tr('gate.export.col.confirmed'), width: 10, value: (v) => (v.hostConfirmed ? `${tr('gate.export.yes')} ${v.hostConfirmedByName ?? ''}`.trim() : tr('gate.export.no')) },
        { header: tr('gate.export.col.plate'), width: 12, value: (v) => v.plate },
        { header: tr('gate.export.col.badge'), width: 8, value: (v) => v.badgeNo },
        { header: tr('gate.export.col.timeIn'), width: 17, value: (v) => time(v.timeIn) },
        { header: tr('gate.export.col.timeOut'), width: 17, value: (v) => time(v.timeOut) },
        { header: tr('gate.export.col.overstay'), width: 10, value: (v) => (v.overstay ? tr('gate.export.yes') : '') },
        { header: tr('gate.export.col.registeredBy'), width: 10, value: (v) => v.registeredByName },
      ], visitorPages(db, reader, req.query, now, tz));
    });
    // The full number travels in the body, never in a URL (URLs end up in logs and browser history).
    // A registration aid for the gate: the people who register visitors (a POST is never an inspector's).
    r.post('/api/v1/visitors/find-by-id', { schema: { tags, body: c.FindVisitorInput, response: { 200: z.object({ items: z.array(c.Visitor) }) } }, config: { action: 'gate.visitors.write' } }, async (req) => ({
      items: await findVisitsById(db, readerOf(req), req.body, clock.now()),
    }));
    r.get('/api/v1/visitors/:id', { schema: { tags, params: IdParams, response: { 200: c.Visitor } }, config: { action: 'gate.visitors.read' } }, async (req) => getVisitor(db, readerOf(req), req.params.id, clock.now()));
    r.post('/api/v1/visitors/:id/checkout', { schema: { tags, params: IdParams, body: c.CheckoutInput, response: { 200: c.Visitor } }, config: { action: 'gate.visitors.write' } }, async (req) => {
      const actor = actorOf(req);
      const now = clock.now();
      await db.transaction((t) => checkoutVisitor(tx(t), actor, req.params.id, now, req.body?.note ?? null));
      return getVisitor(db, readerOf(req), req.params.id, now);
    });
    r.post('/api/v1/visitors/:id/confirm-host', { schema: { tags, params: IdParams, body: c.ConfirmHostInput, response: { 200: c.Visitor } }, config: { action: 'gate.visitors.write' } }, async (req) => {
      const actor = actorOf(req);
      const now = clock.now();
      await db.transaction((t) => confirmHost(tx(t), actor, req.params.id, req.body?.hostId, now));
      return getVisitor(db, readerOf(req), req.params.id, now);
    });

    // ── Exit passes 出门条 ──
    r.post('/api/v1/exit-passes', { schema: { tags, body: c.CreateExitPassInput, response: { 201: c.ExitPass } }, config: { action: 'gate.passes.issue' } }, async (req, reply) => {
      const actor = actorOf(req);
      const now = clock.now();
      const id = await db.transaction((t) => issuePass(tx(t), actor, req.body, now));
      return reply.status(201).send(await getPass(db, readerOf(req), id, now));
    });
    r.get('/api/v1/exit-passes', { schema: { tags, querystring: c.ExitPassListQuery, response: { 200: Page(c.ExitPass) } }, config: { action: 'gate.passes.read' } }, async (req) => {
      const reader = readerOf(req, req.query.schoolId);
      return listPasses(db, reader, req.query, clock.now(), reader.timezone ?? 'Asia/Shanghai');
    });
    r.get('/api/v1/exit-passes/students', { schema: { tags, querystring: c.StudentLookupQuery, response: { 200: z.object({ items: z.array(c.GateStudent) }) } }, config: { action: 'gate.students.read' } }, async (req) => ({
      items: await lookupStudents(db, readerOf(req), req.query),
    }));
    // The guard's scan: one read answers; a valid pass is let out in one short transaction; scans
    // arriving together are answered together (gate.scan.ts).
    r.post('/api/v1/exit-passes/verify', { schema: { tags, body: c.VerifyInput, response: { 200: c.VerifyResult } }, config: { action: 'gate.passes.verify' } }, async (req) => (
      scanner.verify(actorOf(req), req.body.code, clock.now())
    ));
    r.post('/api/v1/exit-passes/check-student', { schema: { tags, body: c.CheckStudentInput, response: { 200: c.CheckStudentResult } }, config: { action: 'gate.passes.verify' } }, async (req) => (
      checkStudent(db, actorOf(req).schoolId, req.body.studentId, clock.now())
    ));
    r.get('/api/v1/exit-passes/:id', { schema: { tags, params: IdParams, response: { 200: c.ExitPass } }, config: { action: 'gate.passes.read' } }, async (req) => getPass(db, readerOf(req), req.params.id, clock.now()));
    r.post('/api/v1/exit-passes/:id/return', { schema: { tags, params: IdParams, body: c.ReturnPassInput, response: { 200: c.ExitPass } }, config: { action: 'gate.passes.return' } }, async (req) => {
      const actor = actorOf(req);
      const reader = readerOf(req);
      const now = clock.now();
      await db.transaction((t) => returnPass(tx(t), actor, req.params.id, reader, now, req.body?.note ?? null));
      return getPass(db, reader, req.params.id, now);
    });
    r.post('/api/v1/exit-passes/:id/cancel', { schema: { tags, params: IdParams, body: c.CancelPassInput, response: { 200: c.ExitPass } }, config: { action: 'gate.passes.issue' } }, async (req) => {
      const actor = actorOf(req);
      const reader = readerOf(req);
      const now = clock.now();
      await db.transaction((t) => cancelPass(tx(t), actor, req.params.id, reader, now, req.body.reason));
      return getPass(db, reader, req.params.id, now);
    });

    // ── The month's figures (the safety home page shows them) ──
    r.get('/api/v1/gate/figures', { schema: { tags, querystring: c.FiguresQuery, response: { 200: c.GateFigures } }, config: { action: 'gate.figures.read' } }, async (req) => {
      const [schoolId] = readScope(req, req.query.schoolId);
      const tz = (await schoolInfo(db, schoolId)).timezone;
      return gateFigures(db, schoolId, req.query.month ?? localDate(clock.now(), tz).slice(0, 7), clock);
    });
  };
}
