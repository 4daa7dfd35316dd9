import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/safetyGate';
import { IdParams, Page } from '../../../contracts/common';
import { actorOf, authOf, readScope } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { localDate } from '../../platform/schedules';
import { readerOf } from './gate.routes';
import { staffWithRoles } from './gate.lookups';
import {
  roster, createShift, deleteShift, copyRoster, dutyNow, createHandover, confirmHandover, listHandovers, getHandover,
  createSwap, decideSwap, listSwaps, getSwap,
} from './duty.service';

const tags = ['safety'];
const tx = (t: unknown) => t as Db;

/** Duty: rosters by week, who is on duty now, handovers, swaps. */
export function dutyRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.get('/api/v1/duty/roster', { schema: { tags, querystring: c.RosterQuery, response: { 200: c.Roster } }, config: { action: 'duty.read' } }, async (req) => {
      const schoolIds = readScope(req, req.query.schoolId);
      return roster(db, schoolIds, req.query.week ?? localDate(clock.now(), authOf(req).timezone), req.query.kind);
    });
    r.get('/api/v1/duty/now', { schema: { tags, querystring: z.object({ schoolId: z.coerce.number().int().positive().optional() }), response: { 200: c.DutyNow } }, config: { action: 'duty.read' } }, async (req) => {
      const [schoolId] = readScope(req, req.query.schoolId);
      return dutyNow(db, schoolId, clock.now());
    });
    r.get('/api/v1/duty/people', { schema: { tags, response: { 200: z.object({ items: z.array(c.DutyPerson) }) } }, config: { action: 'duty.read' } }, async (req) => ({
      items: await staffWithRoles(db, readScope(req)[0]),
    }));
    r.post('/api/v1/duty/shifts', { schema: { tags, body: c.CreateShiftInput, response: { 201: z.object({ id: z.number() }) } }, config: { action: 'duty.roster.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((t) => createShift(tx(t), actor, req.body));
      return reply.status(201).send({ id });
    });
    r.delete('/api/v1/duty/shifts/:id', { schema: { tags, params: IdParams, response: { 204: z.null() } }, config: { action: 'duty.roster.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      await db.transaction((t) => deleteShift(tx(t), actor, req.params.id));
      return reply.status(204).send(null);
    });
    r.post('/api/v1/duty/roster/copy', { schema: { tags, body: c.CopyRosterInput, response: { 200: c.CopyRosterResult } }, config: { action: 'duty.roster.write' } }, async (req) => {
      const actor = actorOf(req);
      return db.transaction((t) => copyRoster(tx(t), actor, req.body.fromWeek, req.body.toWeek));
    });

    // ── Handovers 交接班 ──
    r.get('/api/v1/duty/handovers', { schema: { tags, querystring: c.HandoverListQuery, response: { 200: Page(c.Handover) } }, config: { action: 'duty.read' } }, async (req) => (
      listHandovers(db, readerOf(req, req.query.schoolId), req.query)
    ));
    r.post('/api/v1/duty/handovers', { schema: { tags, body: c.CreateHandoverInput, response: { 201: c.Handover } }, config: { action: 'duty.handover.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((t) => createHandover(tx(t), actor, req.body, clock.now()));
      return reply.status(201).send(await getHandover(db, readerOf(req), id));
    });
    r.post('/api/v1/duty/handovers/:id/confirm', { schema: { tags, params: IdParams, body: c.ConfirmHandoverInput, response: { 200: c.Handover } }, config: { action: 'duty.handover.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((t) => confirmHandover(tx(t), actor, req.params.id, req.body?.note ?? null, clock.now()));
      return getHandover(db, readerOf(req), req.params.id);
    });

    // ── Swaps 调班 ──
    r.get('/api/v1/duty/swaps', { schema: { tags, querystring: c.SwapListQuery, response: { 200: Page(c.Swap) } }, config: { action: 'duty.read' } }, async (req) => (
      listSwaps(db, readerOf(req, req.query.schoolId), req.query)
    ));
    r.post('/api/v1/duty/swaps', { schema: { tags, body: c.CreateSwapInput, response: { 201: c.Swap } }, config: { action: 'duty.swaps.request' } }, async (req, reply) => {
      const actor = actorOf(req);
      const id = await db.transaction((t) => createSwap(tx(t), actor, req.body, clock.now()));
      return reply.status(201).send(await getSwap(db, readerOf(req), id));
    });
    const ACTION_OF = { approve: 'duty.swaps.decide', reject: 'duty.swaps.decide', cancel: 'duty.swaps.request' } as const;
    for (const action of c.SWAP_ACTIONS) {
      r.post(`/api/v1/duty/swaps/:id/${action}`, { schema: { tags, params: IdParams, body: c.DecideSwapInput, response: { 200: c.Swap } }, config: { action: ACTION_OF[action] } }, async (req) => {
        const actor = actorOf(req);
        const id = (req.params as { id: number }).id;
        await db.transaction((t) => decideSwap(tx(t), actor, id, action, (req.body as { note?: string | null } | undefined)?.note ?? null, clock.now()));
        return getSwap(db, readerOf(req), id);
      });
    }
  };
}
