// OWNER: approvals helper. Routes /api/v1/approvals (inbox, detail, approve/reject/return, collective decision, rules).
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from './db';
import type { Clock } from './clock';
import { AppError } from './errors';
import { actorOf, authOf, readScope } from './http';
import { registerApprovalKinds, createApprovalEngine, saveRules, schoolRulesOf, type ApprovalKindDef } from './approvals';
import { listApprovals, getApproval, approvalOfDocument, type Reader } from './approvals.queries';
import * as c from '../../contracts/approvals';
import { IdParams, Page } from '../../contracts/common';
import type { Role } from '../../contracts/auth';

const tags = ['approvals'];

function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), schoolId: a.schoolId, userId: a.userId, roles: a.roles };
}

/** The engine's routes; the modules' kinds are registered for `submitForApproval` as the app is built. */
export function approvalRoutes(deps: { db: Db; clock: Clock; kinds: ApprovalKindDef[] }): FastifyPluginAsync {
  const { db, clock, kinds } = deps;
  registerApprovalKinds(kinds, clock);
  const engine = createApprovalEngine({ kinds, clock });
  const kindOf = engine.kindOf;
  const detail = (req: FastifyRequest, id: number) => getApproval(db, readerOf(req), id, kindOf);

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── Inbox and detail ──
    r.get('/api/v1/approvals', { schema: { tags, querystring: c.ApprovalListQuery, response: { 200: Page(c.ApprovalItem) } }, config: { action: 'approvals.read' } },
      async (req) => listApprovals(db, readerOf(req, req.query.schoolId), req.query, kindOf));

    r.get('/api/v1/approvals/kinds', { schema: { tags, response: { 200: c.KindList } }, config: { action: 'approvals.read' } },
      async () => ({ items: kinds.map((k) => ({ kind: k.kind, labelKey: k.labelKey })) }));

    r.get('/api/v1/approvals/by-document', { schema: { tags, querystring: c.ByDocumentQuery.extend({ schoolId: z.coerce.number().int().positive().optional() }), response: { 200: c.ByDocumentAnswer } }, config: { action: 'approvals.read' } },
      async (req) => {
        const reader = readerOf(req, req.query.schoolId);
        const schoolId = req.query.schoolId ?? reader.schoolId;
        return { approval: await approvalOfDocument(db, reader, schoolId, req.query.kind, req.query.documentId, kindOf) };
      });

    // ── Rules: the school's chains per kind (leaders read, admin/principal/director edit) ──
    const rulesOf = async (schoolId: number, def: ApprovalKindDef): Promise<c.KindRules> => {
      const own = await schoolRulesOf(db, schoolId, def.kind);
      const sorted = (xs: { minAmountFen: number; steps: string[] }[]) => [...xs].sort((a, b) => a.minAmountFen - b.minAmountFen).map((x) => ({ minAmountFen: x.minAmountFen, steps: x.steps as Role[] }));
      return {
        kind: def.kind, labelKey: def.labelKey, rules: sorted(own?.rules ?? def.defaultChains), defaultChains: sorted(def.defaultChains),
        custom: !!own?.rules, version: own?.version ?? 0,
      };
    };
    const defOf = (kind: string) => {
      const def = kinds.find((k) => k.kind === kind);
      if (!def) throw new AppError('approvals.kindUnknown', 404, { params: { kind: kind.slice(0, 60) } });
      return def;
    };
    r.get('/api/v1/approvals/rules', { schema: { tags, response: { 200: c.RulesList } }, config: { action: 'approvals.rules.read' } }, async (req) => {
      const s = authOf(req).schoolId;
      const items: c.KindRules[] = [];
      for (const def of kinds) items.push(await rulesOf(s, def));
      return { items };
    });
    r.put('/api/v1/approvals/rules/:kind', { schema: { tags, params: c.KindParams, body: c.UpdateRulesInput, response: { 200: c.KindRules } }, config: { action: 'approvals.rules.write' } }, async (req) => {
      const actor = actorOf(req);
      const def = defOf(req.params.kind);
      await db.transaction((tx) => saveRules(tx as unknown as Db, actor, def, req.body.rules, req.body.version, clock.now()));
      return rulesOf(actor.schoolId, def);
    });
    r.post('/api/v1/approvals/rules/:kind/reset', { schema: { tags, params: c.KindParams, body: c.ResetRulesInput, response: { 200: c.KindRules } }, config: { action: 'approvals.rules.write' } }, async (req) => {
      const actor = actorOf(req);
      const def = defOf(req.params.kind);
      await db.transaction((tx) => saveRules(tx as unknown as Db, actor, def, null, req.body.version, clock.now()));
      return rulesOf(actor.schoolId, def);
    });

    r.get('/api/v1/approvals/:id', { schema: { tags, params: IdParams, response: { 200: c.ApprovalDetail } }, config: { action: 'approvals.read' } },
      async (req) => detail(req, req.params.id));

    // ── Deciding: one route per action, the answer is the approval as it now stands ──
    for (const action of c.APPROVAL_ACTIONS) {
      r.post(`/api/v1/approvals/:id/${action}`, { schema: { tags, params: IdParams, body: c.DecideInput, response: { 200: c.ApprovalDetail } }, config: { action: 'approvals.decide' } }, async (req) => {
        const actor = actorOf(req);
        await db.transaction((tx) => engine.decide(tx as unknown as Db, actor, req.params.id, action, req.body));
        return detail(req, req.params.id);
      });
    }

    r.post('/api/v1/approvals/:id/collective-decision', { schema: { tags, params: IdParams, body: c.CollectiveDecisionInput, response: { 200: c.ApprovalDetail } }, config: { action: 'approvals.decide' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((tx) => engine.recordCollective(tx as unknown as Db, actor, req.params.id, req.body));
      return detail(req, req.params.id);
    });
  };
}
