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
  trustProxy: boolean;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const production = env.NODE_ENV === 'production';
  const databaseUrl = env.DATABASE_URL || undefined;
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
    trustProxy: env.HOUQIN_TRUST_PROXY === '1',
    logLevel: env.LOG_LEVEL ?? (production ? 'info' : 'warn'),
  };
}
