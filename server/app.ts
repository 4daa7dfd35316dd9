import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler, jsonSchemaTransform } from 'fastify-type-provider-zod';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { installErrorHandler, sendError } from './platform/errors';
import { installAuth } from './platform/http';
import { installPublicRateLimit } from './platform/ratelimit';
import { PolicyRegistry } from './platform/authz';
import { platformPolicy } from './platform/platform.policy';
import { approvalsPolicy } from './platform/approvals.policy';
import { inspectionsPolicy } from './platform/inspections.policy';
import { approvalsSettings } from './platform/approvals';
import { authRoutes } from './platform/auth.routes';
import { auditRoutes } from './platform/audit.routes';
import { filesRoutes } from './platform/files.routes';
import { settingsRoutes } from './platform/settings.routes';
import { platformSettings, type SettingsDef } from './platform/settings';
import { notificationRoutes } from './platform/notifications.routes';
import { taskRoutes } from './platform/tasks.routes';
import { approvalRoutes } from './platform/approvals.routes';
import { inspectionRoutes } from './platform/inspections.routes';
import { calendarSettings } from './platform/schedules';
import type { Db } from './platform/db';
import type { Config } from './platform/config';
import { loadConfig } from './platform/config';
import { modules as allModules } from './modules/registry';
import type { HouqinModule } from './platform/module';
import { systemClock, type Clock } from './platform/clock';

export interface AppDeps {
  db: Db;
  config?: Config;
  modules?: HouqinModule[];
  logger?: boolean | object;
  /** Serve the built web app from this folder when it exists. */
  webDist?: string;
  /** Business time (tests pass a manualClock). */
  clock?: Clock;
}

export const defaultWebDist = fileURLToPath(new URL('../dist/web', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance & { policies: PolicyRegistry }> {
  const config = deps.config ?? loadConfig();
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: deps.logger ?? { level: config.logLevel },
    bodyLimit: 1024 * 1024,
    trustProxy: config.trustProxy,
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  const policies = new PolicyRegistry();
  policies.add(platformPolicy);
  policies.add(approvalsPolicy);
  policies.add(inspectionsPolicy);
  const mods = deps.modules ?? allModules;
  for (const m of mods) policies.add(m.policy);

  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"], 'script-src': ["'self'"], 'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'], 'font-src': ["'self'", 'data:'], 'connect-src': ["'self'"],
        'object-src': ["'none'"], 'base-uri': ["'self'"], 'form-action': ["'self'"], 'frame-ancestors': ["'none'"],
      },
    },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  });
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 1 } });
  app.addContentTypeParser('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', { parseAs: 'buffer', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  await app.register(swagger, {
    openapi: { info: { title: 'Houqin 后勤 API', version: '1' }, servers: [] },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuth(app, { db: deps.db, policies, times: { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs }, sessionCacheMs: config.sessionCacheMs });
  // Before any route: routes open without a login are limited per client address, logged-in ones never.
  await installPublicRateLimit(app, config.publicRateLimit);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  await app.register(authRoutes({ db: deps.db, policies, times: { idleMs: config.sessionIdleMs, absoluteMs: config.sessionAbsoluteMs } }));
  await app.register(auditRoutes(deps.db));
  await app.register(filesRoutes({ db: deps.db, clock }));
  await app.register(settingsRoutes(deps.db, [...platformSettings, calendarSettings as SettingsDef<unknown>, approvalsSettings as SettingsDef<unknown>, ...mods.flatMap((m) => m.settings ?? [])]));
  await app.register(notificationRoutes(deps.db, clock));
  await app.register(taskRoutes(deps.db, clock));
  await app.register(approvalRoutes({ db: deps.db, clock, kinds: mods.flatMap((m) => m.approvals ?? []) }));
  await app.register(inspectionRoutes({ db: deps.db, clock, templates: mods.flatMap((m) => m.inspectionTemplates ?? []), domains: mods.flatMap((m) => m.inspectionDomains ?? []) }));
  for (const m of mods) await app.register(m.routes({ db: deps.db, config, clock }));

  const dist = deps.webDist ?? defaultWebDist;
  const spa = existsSync(join(dist, 'index.html'));
  if (spa) {
    await app.register(fastifyStatic, { root: dist, wildcard: true, index: false, maxAge: '1h' });
    app.get('/', { schema: { hide: true } }, (_req, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  }
  // The single-page app answers every other GET outside the API; the API answers 404 in its error shape.
  app.setNotFoundHandler((req, reply) => {
    // A missing file (an old asset after a rebuild) is a 404, never the page in its place.
    const path = req.url.split('?')[0];
    if (spa && req.method === 'GET' && !path.startsWith('/api/') && !/\.[a-z0-9]+$/i.test(path)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return sendError(reply, req, 404, 'routeNotFound');
  });
  return Object.assign(app, { policies }) as unknown as FastifyInstance & { policies: PolicyRegistry };
}
