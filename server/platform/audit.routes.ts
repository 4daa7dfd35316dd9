import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type SQL } from 'drizzle-orm';
import { AuditQuery, AuditPage, ChainReport } from '../../contracts/audit';
import { AppError } from './errors';
import { authOf } from './http';
import { rowsOf, type Db } from './db';
import { verifyChain } from './audit';
import { historyItem } from './resource';

/** Browsing the school's audit log, newest first, and checking its chain. */
export function auditRoutes(db: Db) {
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/v1/audit', { schema: { tags: ['audit'], querystring: AuditQuery, response: { 200: AuditPage } }, config: { action: 'audit.read' } }, async (req) => {
      const q = req.query;
      const schoolId = authOf(req).schoolId;
      const conds: SQL[] = [sql`school_id = ${schoolId}`];
      if (q.cursor) {
        const seq = Number(q.cursor);
        if (!Number.isInteger(seq)) throw new AppError('badCursor', 400, { fields: [{ path: 'cursor', code: 'badCursor' }] });
        conds.push(sql`seq < ${seq}`);
      }
      if (q.entity) conds.push(sql`entity = ${q.entity}`);
      if (q.entityId) conds.push(sql`entity_id = ${q.entityId}`);
      if (q.actorId) conds.push(sql`actor_id = ${q.actorId}`);
      if (q.action) conds.push(sql`action = ${q.action}`);
      if (q.from) conds.push(sql`at >= (${q.from}::date::timestamp AT TIME ZONE ${authOf(req).timezone})`);
      if (q.to) conds.push(sql`at < ((${q.to}::date + 1)::timestamp AT TIME ZONE ${authOf(req).timezone})`);
      if (q.q) conds.push(sql`(actor_name ILIKE ${'%' + q.q + '%'} OR before::text ILIKE ${'%' + q.q + '%'} OR after::text ILIKE ${'%' + q.q + '%'})`);
      const rows = await rowsOf<Record<string, unknown>>(db, sql`SELECT seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after
        FROM audit_log WHERE ${sql.join(conds, sql` AND `)} ORDER BY seq DESC LIMIT ${q.limit}`);
      const items = rows.map(historyItem);
      return { items, nextCursor: items.length === q.limit ? String(items[items.length - 1].seq) : null };
    });
    r.get('/api/v1/audit/verify', { schema: { tags: ['audit'], response: { 200: ChainReport } }, config: { action: 'audit.read' } }, async (req) => verifyChain(db, authOf(req).schoolId));
  };
}
