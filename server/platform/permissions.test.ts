import { describe, it, expect, beforeAll, afterAll, vi } from 'vitest';
import type { RouteOptions } from 'fastify';
import { createTestApp, createTestSchool, login, anonymous, type TestApp, type TestSchool, type TestClient } from '../test/harness';
import { buildApp } from '../app';
import { loadConfig } from './config';
import { read, write } from './authz';
import { modules as registeredModules } from '../modules/registry';
import { ROLES, type Role } from '../../contracts/auth';
import type { HouqinModule } from './module';

// why: Fastify has no public list of routes with their config; wrapping its factory lets the test see
// every route as it is registered (hidden ones too) through an onRoute hook. Fastify is otherwise untouched.
const collected = vi.hoisted(() => [] as RouteOptions[]);
vi.mock('fastify', async (importOriginal) => {
  const mod = await importOriginal<typeof import('fastify')>();
  const factory = ((opts: object) => {
    const app = mod.default(opts);
    app.addHook('onRoute', (route) => { collected.push(route); });
    return app;
  }) as unknown as typeof mod.default;
  return { ...mod, default: factory, fastify: factory };
});

interface ApiRoute { method: string; url: string; action?: string; public: boolean }

const FAKE_ID = '2147480000';
let t: TestApp;
let s: TestSchool;
let routes: ApiRoute[];
const clients = {} as Record<Role, TestClient>;

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestSchool(t.db);
  routes = [];
  for (const r of collected) {
    for (const method of [r.method].flat()) {
      if (method === 'HEAD' || !r.url.startsWith('/api/v1')) continue;
      const cfg = (r.config ?? {}) as { action?: string; public?: boolean };
      routes.push({ method, url: r.url, action: cfg.action, public: !!cfg.public });
    }
  }
  // Logging out ends the session: walk it last.
  routes.sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
  for (const role of ROLES) clients[role] = await login(t.app, s.users[role].username);
});
afterAll(async () => t.close());

const urlOf = (r: ApiRoute) => r.url.replace(/:id\b/g, FAKE_ID);
const call = (c: TestClient, r: ApiRoute) => c.request(r.method, urlOf(r), r.method === 'GET' ? undefined : {});

describe('route × role permission walk', () => {
  it('finds every /api/v1 route, including those hidden from the OpenAPI document', async () => {
    expect(routes.length).toBeGreaterThan(60);
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    const doc = (await anonymous(t.app).get('/api/openapi.json')).json;
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
      .filter(([p]) => p.startsWith('/api/v1'))
      .flatMap(([p, ops]) => Object.keys(ops).filter((m) => m !== 'head').map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`));
    expect(documented.length).toBeGreaterThan(50);
    for (const d of documented) expect(keys, d).toContain(d);
    for (const k of ['POST /api/v1/auth/login', 'GET /api/v1/audit/verify', 'POST /api/v1/users/:id/password', 'POST /api/v1/students/import', 'GET /api/v1/locations/import/template']) expect(keys).toContain(k);
  });

  it('every /api/v1 route declares a known action or says it is public', () => {
    for (const r of routes) {
      if (r.public) continue;
      expect(r.action, `${r.method} ${r.url}`).toBeTruthy();
      expect(t.app.policies.has(r.action!), `${r.method} ${r.url}: ${r.action}`).toBe(true);
    }
    // Only logging in and out, the public menu and the guardian's pass page (unguessable key) are open to strangers.
    expect(routes.filter((r) => r.public).map((r) => `${r.method} ${r.url}`).sort()).toEqual(['GET /api/v1/public/exit-passes/:token', 'GET /api/v1/public/schools/:code/canteen', 'POST /api/v1/auth/login', 'POST /api/v1/auth/logout']);
  });

  it('answers 401 without a session on every non-public route, and public routes answer strangers', async () => {
    const nobody = anonymous(t.app);
    for (const r of routes) {
      const res = await call(nobody, r);
      if (r.public) expect([400, 204, 404], `${r.method} ${r.url}`).toContain(res.status); // the public menu of an unknown school: 404
      else {
        expect(res.status, `${r.method} ${r.url}`).toBe(401);
        expect(res.json.error.code).toBe('unauthenticated');
      }
    }
    // A forged or unknown cookie is no session either.
    const forged = await anonymous(t.app, { headers: { cookie: 'houqin_sid=forged-token' } }).get('/api/v1/campuses');
    expect(forged.status).toBe(401);
  });

  it('answers 403 exactly when the policy does not allow the role, and never 401/403 when it does', async () => {
    const mismatches: string[] = [];
    let allowedCalls = 0;
    let deniedCalls = 0;
    for (const r of routes) {
      // The roles call one route at the same time (on PostgreSQL this overlaps; on PGlite it queues).
      const answers = await Promise.all(ROLES.map((role) => call(clients[role], r)));
      for (const [i, role] of ROLES.entries()) {
        const res = answers[i];
        const where = `${role} ${r.method} ${r.url} → ${res.status} ${res.body.slice(0, 120)}`;
        if (r.public) {
          if (res.status === 401 || res.status === 403) mismatches.push(where);
          continue;
        }
        const allowed = t.app.policies.allows([role], r.action!);
        if (allowed) {
          allowedCalls++;
          if (res.status === 401 || res.status === 403) mismatches.push(`allowed but ${where}`);
        } else {
          deniedCalls++;
          if (res.status !== 403) mismatches.push(`denied but ${where}`);
          else if (role === 'inspector' && t.app.policies.rule(r.action!)!.write && res.json.error.code !== 'readOnly') mismatches.push(`inspector write not readOnly: ${where}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(allowedCalls).toBeGreaterThan(100);
    expect(deniedCalls).toBeGreaterThan(100);
    // The walk ended with logout: every role's session is over.
    for (const role of ROLES) expect((await clients[role].get('/api/v1/auth/me')).status).toBe(401);
  }, 180_000);

  it('an inspector can write nothing at all', () => {
    const writes = routes.filter((r) => r.method !== 'GET' && !r.public);
    expect(writes.length).toBeGreaterThan(30);
    for (const r of writes) expect(t.app.policies.allows(['inspector'], r.action!), `${r.method} ${r.url}`).toBe(false);
    for (const [action, rule] of t.app.policies.all()) if (rule.write) expect(rule.roles, action).not.toContain('inspector');
  });
});

describe('deny by default when the app is built', () => {
  const config = { ...loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv), logLevel: 'silent' };
  const tiny = (policy: HouqinModule['policy'], routeConfig: Record<string, unknown> | undefined, url = '/api/v1/tiny'): HouqinModule => ({
    name: 'tiny', policy,
    routes: () => async (app) => { app.get(url, { config: routeConfig }, async () => ({ ok: true })); },
  });
  const build = (m: HouqinModule) => buildApp({ db: t.db, config, logger: false, webDist: '/nonexistent', modules: [...registeredModules, m] });

  it('refuses to build with an /api/v1 route that declares no action', async () => {
    await expect(build(tiny({}, undefined))).rejects.toThrow(/GET \/api\/v1\/tiny declares no action/);
  });

  it('refuses to build with a route whose action no policy knows', async () => {
    await expect(build(tiny({}, { action: 'tiny.nowhere' }))).rejects.toThrow(/unknown action tiny\.nowhere/);
  });

  it('refuses a policy that lets an inspector write', async () => {
    await expect(build(tiny({ 'tiny.write': write('admin', 'inspector') }, { action: 'tiny.write' }))).rejects.toThrow(/inspectors are read-only/);
  });

  it('a correctly declared module route is guarded like the platform ones', async () => {
    const app = await build(tiny({ 'tiny.read': read('teacher') }, { action: 'tiny.read' }));
    await app.ready();
    try {
      expect((await app.inject({ method: 'GET', url: '/api/v1/tiny' })).statusCode).toBe(401);
      const teacher = await login(app, s.users.teacher.username);
      expect((await teacher.get('/api/v1/tiny')).status).toBe(200);
      const guard = await login(app, s.users.guard.username);
      expect((await guard.get('/api/v1/tiny')).status).toBe(403);
    } finally { await app.close(); }
  });

  it('routes outside /api/v1 need no action (health check)', async () => {
    const res = await anonymous(t.app).get('/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });
});
