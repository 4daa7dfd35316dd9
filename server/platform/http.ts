import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, sendError } from './errors';
import { loadSession, SESSION_COOKIE, type AuthContext, type SessionTimes } from './sessions';
import type { PolicyRegistry } from './authz';
import type { Actor } from './audit';
import type { Db } from './db';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The action a route performs; checked against the policies. Required on /api routes. */
    action?: string;
    /** Open without login (health, login itself, public notices). */
    public?: boolean;
  }
  interface FastifyRequest {
    auth: AuthContext | null;
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A state change must come from this site: Sec-Fetch-Site first, Origin against Host otherwise. */
export function isCrossSite(req: FastifyRequest): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return !(site === 'same-origin' || site === 'none');
  const origin = req.headers.origin;
  if (!origin) return false;
  // req.host honours X-Forwarded-Host when the proxy is trusted (HOUQIN_TRUST_PROXY=1).
  try { return new URL(origin).host !== req.host; } catch { return true; }
}

export function installAuth(app: FastifyInstance, deps: { db: Db; policies: PolicyRegistry; times: SessionTimes; sessionCacheMs?: number }) {
  app.decorateRequest('auth', null);

  // Deny by default: every /api route declares its action (or says it is public) when registered.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    const cfg = (route.config ?? {}) as { action?: string; public?: boolean };
    if (cfg.public) return;
    if (!cfg.action) throw new Error(`route ${route.method} ${route.url} declares no action`);
    if (!deps.policies.has(cfg.action)) throw new Error(`route ${route.method} ${route.url}: unknown action ${cfg.action}`);
  });

  app.addHook('onRequest', async (req, reply) => {
    if (!SAFE.has(req.method) && isCrossSite(req)) return sendError(reply, req, 403, 'crossSite');
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) req.auth = await loadSession(deps.db, token, deps.times, deps.sessionCacheMs ?? 0);
    const cfg = req.routeOptions.config as { action?: string; public?: boolean } | undefined;
    if (!cfg?.action || cfg.public) return;
    if (!req.auth) return sendError(reply, req, 401, 'unauthenticated');
    const rule = deps.policies.rule(cfg.action)!;
    if (!deps.policies.allows(req.auth.roles, cfg.action)) {
      const readOnly = rule.write && req.auth.roles.includes('inspector');
      return sendError(reply, req, 403, readOnly ? 'readOnly' : 'forbidden');
    }
  });
}

export function authOf(req: FastifyRequest): AuthContext {
  if (!req.auth) throw new AppError('unauthenticated', 401);
  return req.auth;
}

/** Writes always happen in the person's own school, whatever the body says. */
export function actorOf(req: FastifyRequest): Actor {
  const a = authOf(req);
  return { schoolId: a.schoolId, userId: a.userId, name: a.name, ip: req.ip ?? null, roles: a.roles };
}

/** Schools a read may cover; `schoolId` narrows an inspector's view to one school of the district. */
export function readScope(req: FastifyRequest, schoolId?: number): number[] {
  const a = authOf(req);
  if (schoolId === undefined) return a.readSchoolIds;
  if (!a.readSchoolIds.includes(schoolId)) throw new AppError('notFound', 404);
  return [schoolId];
}
