import { resolve } from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  production: boolean;
  /** Demo data only on an embedded database outside production. */
  demo: boolean;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** How long a resolved session may be served from memory; 0 = read it per request (PostgreSQL, several processes). */
  sessionCacheMs: number;
  /** PGlite: serve list pages from memory until the next write (HOUQIN_READ_CACHE=off to disable). */
  readCache: boolean;
  trustProxy: boolean;
  /** Requests a minute one client address may make to the routes open without a login; 0 = no limit. */
  publicRateLimit: number;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
  const count = (v: string | undefined, d: number) => (v !== undefined && v.trim() !== '' && Number.isInteger(Number(v)) && Number(v) >= 0 ? Number(v) : d);
  const hours = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d) * 3600_000;
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.HOUQIN_DATA_DIR ?? './data'),
    databaseUrl,
    production,
    demo: !production && !databaseUrl && env.HOUQIN_DEMO !== 'off',
    sessionIdleMs: hours(env.HOUQIN_SESSION_IDLE_HOURS, 8),
    sessionAbsoluteMs: hours(env.HOUQIN_SESSION_ABSOLUTE_HOURS, 24 * 7),
    sessionCacheMs: databaseUrl ? 0 : (env.HOUQIN_SESSION_CACHE_SECONDS !== undefined ? Number(env.HOUQIN_SESSION_CACHE_SECONDS) : 30) * 1000,
    readCache: env.HOUQIN_READ_CACHE !== 'off',
    trustProxy: env.HOUQIN_TRUST_PROXY === '1',
    publicRateLimit: count(env.HOUQIN_PUBLIC_RATE_LIMIT, 60),
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
  };
}
