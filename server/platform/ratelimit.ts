import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { AppError } from './errors';

/** The window of the public-route limit: `Config.publicRateLimit` requests per minute per address. */
export const PUBLIC_RATE_WINDOW_MS = 60_000;

/**
 * Routes open without a login (`config: { public: true }`: the guardian's pass link, the public menu)
 * answer at most `perMinute` requests a minute to one client address (`req.ip`, which is the proxy's
 * X-Forwarded-For only with HOUQIN_TRUST_PROXY=1); then 429 `public.rateLimited` with Retry-After.
 * Logged-in routes are never limited (the gate scans thousands a second). A public route may opt out
 * with `rateLimit: false` (login, which has its own per-account and per-address failure throttle).
 * Counts are kept in this process's memory. `perMinute` 0 turns the limit off.
 */
export async function installPublicRateLimit(app: FastifyInstance, perMinute: number) {
  if (!(perMinute > 0)) return;
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (req) => req.ip,
    errorResponseBuilder: (_req, ctx) => {
      const seconds = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError('public.rateLimited', 429, { params: { seconds }, headers: { 'retry-after': String(seconds) } });
    },
  });
  // One count per address over all public routes (a per-route `config.rateLimit` would count each route apart).
  const limiter = app.rateLimit({ max: perMinute, timeWindow: PUBLIC_RATE_WINDOW_MS }) as onRequestHookHandler;
  app.addHook('onRoute', (route) => {
    const cfg = route.config;
    if (!cfg?.public || cfg.rateLimit !== undefined) return;
    route.onRequest = [...(route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest]), limiter];
  });
}
