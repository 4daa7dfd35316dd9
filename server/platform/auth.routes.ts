import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq } from 'drizzle-orm';
import { LoginInput, Me, ChangePasswordInput } from '../../contracts/auth';
import { AppError } from './errors';
import type { Db } from './db';
import { users, usernames } from './platform.tables';
import { hashPassword, verifyPassword, burnPasswordCheck } from './passwords';
import { createSession, endSession, endUserSessions, SESSION_COOKIE, type SessionTimes } from './sessions';
import { loginWaitSeconds, recordLoginFailure, clearAccountFailures } from './throttle';
import { recordAudit } from './audit';
import { actorOf, authOf } from './http';
import type { PolicyRegistry } from './authz';

export function authRoutes(deps: { db: Db; times: SessionTimes; policies: PolicyRegistry }) {
  const { db, times } = deps;
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: 'auto' as const };

    r.post('/api/v1/auth/login', { schema: { tags: ['auth'], body: LoginInput, response: { 200: z.object({ ok: z.literal(true) }) } }, config: { public: true, rateLimit: false } }, async (req, reply) => {
      const { username, password } = req.body;
      const ip = req.ip ?? null;
      const wait = await loginWaitSeconds(db, username, ip);
      if (wait > 0) throw new AppError('auth.throttled', 429, { params: { seconds: wait }, headers: { 'retry-after': String(wait) } });
      const [entry] = await db.select().from(usernames).where(eq(usernames.username, username.toLowerCase())).limit(1);
      const [user] = entry ? await db.select().from(users).where(and(eq(users.schoolId, entry.schoolId), eq(users.id, entry.userId))).limit(1) : [];
      const ok = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
      // Same answer for a wrong password, an unknown name and a deactivated account.
      if (!user || !ok || !user.active) {
        await recordLoginFailure(db, username, ip);
        throw new AppError('auth.badCredentials', 401);
      }
      await clearAccountFailures(db, username);
      // A new id at every login: a session id planted before login is worthless.
      const old = req.cookies[SESSION_COOKIE];
      if (old && req.auth) await endSession(db, req.auth.sessionId);
      const token = await createSession(db, { schoolId: user.schoolId, userId: user.id }, times, { ip, userAgent: req.headers['user-agent'] ?? null });
      await db.update(users).set({ lastLoginAt: new Date() }).where(and(eq(users.schoolId, user.schoolId), eq(users.id, user.id)));
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, maxAge: Math.floor(times.absoluteMs / 1000) });
      return { ok: true as const };
    });

    r.post('/api/v1/auth/logout', { schema: { tags: ['auth'], response: { 204: z.null() } }, config: { public: true, rateLimit: false } }, async (req, reply) => {
      if (req.auth) await endSession(db, req.auth.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    });

    r.get('/api/v1/auth/me', { schema: { tags: ['auth'], response: { 200: Me } }, config: { action: 'auth.self' } }, async (req) => {
      const a = authOf(req);
      return {
        id: a.userId, username: a.username, name: a.name, schoolId: a.schoolId, schoolName: a.schoolName, schoolKind: a.schoolKind,
        districtId: a.districtId, roles: a.roles, actions: deps.policies.actionsOf(a.roles), locale: a.locale ?? 'zh-CN',
      };
    });

    r.post('/api/v1/auth/password', { schema: { tags: ['auth'], body: ChangePasswordInput, response: { 204: z.null() } }, config: { action: 'auth.self.write' } }, async (req, reply) => {
      const a = authOf(req);
      const { currentPassword, newPassword } = req.body;
      if (currentPassword === newPassword) throw new AppError('auth.samePassword', 400, { fields: [{ path: 'newPassword', code: 'auth.samePassword' }] });
      const [user] = await db.select().from(users).where(and(eq(users.schoolId, a.schoolId), eq(users.id, a.userId)));
      if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new AppError('auth.wrongPassword', 400, { fields: [{ path: 'currentPassword', code: 'auth.wrongPassword' }] });
      const hash = await hashPassword(newPassword);
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash: hash, passwordChangedAt: new Date(), updatedAt: new Date() }).where(and(eq(users.schoolId, a.schoolId), eq(users.id, a.userId)));
        // Every other session of this person ends: a stolen session dies with the old password.
        await endUserSessions(tx as unknown as Db, a.schoolId, a.userId, a.sessionId);
        await recordAudit(tx as unknown as Db, actorOf(req), { entity: 'user', entityId: a.userId, action: 'changePassword', after: { passwordChanged: true } });
      });
      return reply.status(204).send(null);
    });

  };
}
