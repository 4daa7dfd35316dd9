import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../contracts/common';
import { NotificationPage, NotificationQuery, ReadAllResult, UnreadCount } from '../../contracts/notifications';
import { AppError, localeOf } from './errors';
import { authOf } from './http';
import type { Db } from './db';
import type { Clock } from './clock';
import { listNotifications, markAllRead, markRead, renderMessage, unreadCount } from './notifications';

/** Each person's own notifications: another person's id is "not found". */
export function notificationRoutes(db: Db, clock: Clock) {
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const me = (req: Parameters<typeof authOf>[0]) => { const a = authOf(req); return { schoolId: a.schoolId, userId: a.userId }; };

    r.get('/api/v1/notifications', { schema: { tags: ['notifications'], querystring: NotificationQuery, response: { 200: NotificationPage } }, config: { action: 'notifications.self' } }, async (req) => {
      const q = req.query;
      let cursor: number | undefined;
      if (q.cursor) {
        cursor = Number(q.cursor);
        if (!Number.isInteger(cursor) || cursor <= 0) throw new AppError('badCursor', 400, { fields: [{ path: 'cursor', code: 'badCursor' }] });
      }
      const rows = await listNotifications(db, me(req), { cursor, limit: q.limit, unread: q.unread });
      const locale = localeOf(req);
      const items = rows.map((n) => ({
        id: n.id, kind: n.kind, title: renderMessage(locale, n.kind, n.params), link: n.link, entity: n.entity, entityId: n.entityId,
        createdAt: n.createdAt.toISOString(), readAt: n.readAt ? n.readAt.toISOString() : null,
      }));
      return { items, nextCursor: items.length === q.limit ? String(items[items.length - 1].id) : null };
    });

    r.get('/api/v1/notifications/unread-count', { schema: { tags: ['notifications'], response: { 200: UnreadCount } }, config: { action: 'notifications.self' } }, async (req) => ({ count: await unreadCount(db, me(req)) }));

    r.post('/api/v1/notifications/:id/read', { schema: { tags: ['notifications'], params: IdParams, response: { 204: z.null() } }, config: { action: 'notifications.self.write' } }, async (req, reply) => {
      if (!(await markRead(db, me(req), req.params.id, clock))) throw new AppError('notFound', 404);
      return reply.status(204).send(null);
    });

    r.post('/api/v1/notifications/read-all', { schema: { tags: ['notifications'], response: { 200: ReadAllResult } }, config: { action: 'notifications.self.write' } }, async (req) => ({ updated: await markAllRead(db, me(req), clock) }));
  };
}
