import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MyTasks, MyTasksQuery } from '../../contracts/tasks';
import { localeOf } from './errors';
import { authOf } from './http';
import type { Db } from './db';
import type { Clock } from './clock';
import { myTasks } from './tasks';

/** 我的待办: what is due for me today (and overdue), in my school's time zone. */
export function taskRoutes(db: Db, clock: Clock) {
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/api/v1/tasks/mine', { schema: { tags: ['tasks'], querystring: MyTasksQuery, response: { 200: MyTasks } }, config: { action: 'tasks.mine' } }, async (req) => {
      const a = authOf(req);
      return myTasks(db, clock, { schoolId: a.schoolId, userId: a.userId, roles: a.roles, timezone: a.timezone }, req.query.scope, localeOf(req));
    });
  };
}
