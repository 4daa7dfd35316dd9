import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createTestApp, createTestSchool, login, TEST_PASSWORD, uniqueAddress, type TestApp, type TestSchool } from '../test/harness';
import { loadConfig } from './config';

/* Routes open without a login (config.public) answer at most HOUQIN_PUBLIC_RATE_LIMIT (60) requests a
 * minute to one client address; the next is 429 `public.rateLimited` in the house shape with Retry-After.
 * Other addresses are still served; logged-in routes (and login itself) are never limited. */

let t: TestApp;
let s: TestSchool;

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestSchool(t.db);
});
afterAll(async () => t.close());

/** The guardian's pass link with a token nobody issued: the route answers 404 when it runs. */
const pass = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url: `/api/v1/public/exit-passes/${randomUUID()}`, remoteAddress, headers });

describe('the public-route limit', () => {
  it('is 60 a minute by default, configurable, 0 = off', () => {
    expect(loadConfig({}).publicRateLimit).toBe(60);
    expect(loadConfig({ HOUQIN_PUBLIC_RATE_LIMIT: '5' }).publicRateLimit).toBe(5);
    expect(loadConfig({ HOUQIN_PUBLIC_RATE_LIMIT: '0' }).publicRateLimit).toBe(0);
    expect(loadConfig({ HOUQIN_PUBLIC_RATE_LIMIT: 'lots' }).publicRateLimit).toBe(60);
  });

  it('answers the 61st request from one address in a minute with 429, Retry-After and the house error shape', async () => {
    const a = uniqueAddress();
    for (let i = 1; i <= 60; i++) {
      const res = await pass(t.app, a);
      expect(res.statusCode, `request ${i}`).toBe(404);
      expect(res.json().error.code).toBe('gate.passLinkUnknown');
      expect(res.headers['x-ratelimit-remaining']).toBe(String(60 - i));
    }
    const limited = await pass(t.app, a);
    expect(limited.statusCode).toBe(429);
    const wait = Number(limited.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(limited.json()).toEqual({ error: { code: 'public.rateLimited', message: `请求过于频繁，请 ${wait} 秒后再试` } });
    // The same limit over every public route, in the reader's language.
    const menu = await t.app.inject({ method: 'GET', url: `/api/v1/public/schools/${s.code}/canteen`, remoteAddress: a, headers: { 'accept-language': 'en-US' } });
    expect(menu.statusCode).toBe(429);
    expect(menu.json().error).toEqual({ code: 'public.rateLimited', message: expect.stringMatching(/^Too many requests from your address; try again in \d+ s$/) });
    expect(menu.headers['retry-after']).toBeDefined();

    // Another address is still served.
    const other = await pass(t.app, uniqueAddress());
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe('gate.passLinkUnknown');

    // Logging in and the logged-in routes are not limited, from the limited address too.
    const c = await login(t.app, s.users.admin.username, TEST_PASSWORD, { remoteAddress: a });
    for (let i = 0; i < 100; i++) {
      const me = await c.get('/api/v1/auth/me');
      expect(me.status).toBe(200);
      expect(me.headers['x-ratelimit-limit']).toBeUndefined();
    }
  });

  it('counts the client behind a trusted proxy, and ignores X-Forwarded-For from an untrusted one', async () => {
    const proxied = await createTestApp({ trustProxy: true, publicRateLimit: 2 }, { database: t.database });
    try {
      const proxy = uniqueAddress();
      const via = (client: string) => pass(proxied.app, proxy, { 'x-forwarded-for': client });
      expect((await via('203.0.113.5')).statusCode).toBe(404);
      expect((await via('203.0.113.5')).statusCode).toBe(404);
      expect((await via('203.0.113.5')).statusCode).toBe(429);
      expect((await via('203.0.113.6')).statusCode).toBe(404);
    } finally { await proxied.close(); }

    // Without trustProxy a made-up X-Forwarded-For does not make a new client.
    const direct = await createTestApp({ publicRateLimit: 2 }, { database: t.database });
    try {
      const a = uniqueAddress();
      expect((await pass(direct.app, a, { 'x-forwarded-for': '203.0.113.7' })).statusCode).toBe(404);
      expect((await pass(direct.app, a, { 'x-forwarded-for': '203.0.113.8' })).statusCode).toBe(404);
      expect((await pass(direct.app, a, { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(429);
    } finally { await direct.close(); }
  });

  it('is off with 0', async () => {
    const off = await createTestApp({ publicRateLimit: 0 }, { database: t.database });
    try {
      const a = uniqueAddress();
      for (let i = 0; i < 70; i++) expect((await pass(off.app, a)).statusCode).toBe(404);
    } finally { await off.close(); }
  });
});
