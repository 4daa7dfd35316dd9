import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { readFileSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, migrateDatabase, type Database, type Db } from '../platform/db';
import type { HouqinModule } from '../platform/module';
import type { Clock } from '../platform/clock';
import { buildApp } from '../app';
import { modules as allModules } from '../modules/registry';
import { loadConfig, type Config } from '../platform/config';
import { hashPassword } from '../platform/passwords';
import { districts, schools, users, userRoles, usernames } from '../platform/platform.tables';
import { campuses } from '../modules/org/org.tables';
import { ROLES, type Role } from '../../contracts/auth';

/** A migrated database for one test file: a PGlite from the snapshot, or the run's PostgreSQL. */
export async function openTestDatabase(): Promise<Database> {
  const url = inject('databaseUrl');
  if (url) return openDatabase({ databaseUrl: url, poolSize: 5 });
  const file = inject('snapshot');
  const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
  return openDatabase({ pglite });
}

export interface TestApp {
  app: FastifyInstance & { policies: import('../platform/authz').PolicyRegistry };
  database: Database;
  db: Db;
  /** The business modules the app was built with. */
  modules: HouqinModule[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Replaces the registered business modules (a test adds a tiny module of its own). */
  modules?: HouqinModule[];
  /** Fastify logger options; off by default. */
  logger?: boolean | object;
  /** Use this database instead of opening the run's migrated one. */
  database?: Database;
  /** Business time for the app (a manualClock); the system clock by default. */
  clock?: Clock;
}

export async function createTestApp(overrides: Partial<Config> = {}, opts: TestAppOptions = {}): Promise<TestApp> {
  const database = opts.database ?? await openTestDatabase();
  const config = { ...loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv), logLevel: 'silent', ...overrides };
  const app = await buildApp({ db: database.db, config, logger: opts.logger ?? false, webDist: '/nonexistent', ...(opts.clock ? { clock: opts.clock } : {}), ...(opts.modules ? { modules: opts.modules } : {}) });
  await app.ready();
  // A database passed in belongs to the caller, who closes it.
  return { app, database, db: database.db, modules: opts.modules ?? allModules, close: async () => { await app.close(); if (!opts.database) await database.close(); } };
}

export const TEST_PASSWORD = 'test-pass-123';
let hashed: Promise<string> | undefined;
const passwordHash = () => (hashed ??= hashPassword(TEST_PASSWORD));
export const uid = () => randomBytes(4).toString('hex');

export interface TestSchool {
  districtId: number;
  schoolId: number;
  bureauId: number;
  campusId: number;
  code: string;
  /** One account per role: username `${code}-${role}`. */
  users: Record<Role, { id: number; username: string }>;
}

/** A district with one school (and its bureau, with an inspector): every test builds its own. */
export async function createTestSchool(db: Db, opts: { districtId?: number; bureauId?: number } = {}): Promise<TestSchool> {
  const code = `t${uid()}`;
  let districtId = opts.districtId;
  let bureauId = opts.bureauId;
  if (!districtId) {
    [{ id: districtId }] = await db.insert(districts).values({ code, name: `测试县${code}` }).returning({ id: districts.id });
    [{ id: bureauId }] = await db.insert(schools).values({ districtId, code: `${code}-b`, name: `测试县教育局${code}`, kind: 'bureau' }).returning({ id: schools.id });
  }
  const [{ id: schoolId }] = await db.insert(schools).values({ districtId, code, name: `测试学校${code}`, kind: 'school' }).returning({ id: schools.id });
  const [{ id: campusId }] = await db.insert(campuses).values({ schoolId, code: 'MAIN', name: '本部' }).returning({ id: campuses.id });
  const hash = await passwordHash();
  const result = {} as TestSchool['users'];
  for (const role of ROLES) {
    const home = role === 'inspector' ? bureauId! : schoolId;
    const username = `${code}-${role}`;
    const [u] = await db.insert(users).values({ schoolId: home, username, name: `${role} ${code}`, passwordHash: hash }).returning({ id: users.id });
    await db.insert(userRoles).values({ schoolId: home, userId: u.id, role });
    await db.insert(usernames).values({ username, schoolId: home, userId: u.id });
    result[role] = { id: u.id, username };
  }
  return { districtId: districtId!, schoolId, bureauId: bureauId!, campusId, code, users: result };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test reads any JSON shape
export interface Reply { status: number; json: any; headers: Record<string, unknown>; body: string; raw: Buffer }

export interface ClientOptions {
  headers?: Record<string, string>;
  /** The caller's address (login throttling counts per address): tests that fail logins use their own. */
  remoteAddress?: string;
}

/** A logged-in person speaking to the app through inject, with their session cookie. */
export class TestClient {
  private headers: Record<string, string>;
  private remoteAddress?: string;
  constructor(private app: FastifyInstance, public cookie = '', opts: ClientOptions = {}) {
    this.headers = opts.headers ?? {};
    this.remoteAddress = opts.remoteAddress;
  }
  async request(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await this.app.inject({
      method: method as 'GET', url, payload: payload as string, remoteAddress: this.remoteAddress,
      headers: { ...this.headers, ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
    });
    let json: unknown;
    try { json = res.json(); } catch { json = undefined; }
    return { status: res.statusCode, json, headers: res.headers, body: res.body, raw: res.rawPayload };
  }
  get(url: string, headers?: Record<string, string>) { return this.request('GET', url, undefined, headers); }
  post(url: string, body: unknown = {}, headers?: Record<string, string>) { return this.request('POST', url, body, headers); }
  patch(url: string, body: unknown, headers?: Record<string, string>) { return this.request('PATCH', url, body, headers); }
  /** Uploads an .xlsx as the raw request body. */
  upload(url: string, file: Buffer, headers: Record<string, string> = {}) {
    return this.request('POST', url, file, { 'content-type': XLSX_TYPE, ...headers });
  }
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Someone without a session. */
export const anonymous = (app: FastifyInstance, opts: ClientOptions = {}) => new TestClient(app, '', opts);

/** The raw answer to a login attempt. */
export function tryLogin(app: FastifyInstance, username: string, password: string, opts: ClientOptions = {}) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password }, remoteAddress: opts.remoteAddress, headers: opts.headers });
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD, opts: ClientOptions = {}): Promise<TestClient> {
  const res = await tryLogin(app, username, password, opts);
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'houqin_sid');
  return new TestClient(app, `houqin_sid=${cookie!.value}`, opts);
}

/** The sessions-table id of a client's cookie (the table stores sha256 of the token). */
export function sessionIdOf(client: TestClient): string {
  const token = client.cookie.replace(/^houqin_sid=/, '');
  return createHash('sha256').update(token).digest('hex');
}

/** A random address in TEST-NET-2 so throttling counters never collide between tests or files. */
export const uniqueAddress = () => `198.51.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;

/** The day in Asia/Shanghai (the schools' zone), offset by whole days. */
export function shanghaiDate(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export interface FreshDatabase { database: Database; kind: 'pglite' | 'postgres'; dispose(): Promise<void> }

/**
 * A brand-new empty database, not the run's snapshot: an in-memory PGlite, or (when the run is on
 * PostgreSQL) a database of its own on the same server, dropped by dispose().
 */
export async function createFreshDatabase(opts: { migrate?: boolean } = {}): Promise<FreshDatabase> {
  const url = inject('databaseUrl');
  let fresh: FreshDatabase;
  if (url) {
    const name = `houqin_fresh_${Date.now()}_${uid()}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: u.toString(), poolSize: 5 });
    fresh = {
      database, kind: 'postgres',
      dispose: async () => {
        await database.close();
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  } else {
    const database = await openDatabase({ pglite: await PGlite.create() });
    fresh = { database, kind: 'pglite', dispose: () => database.close() };
  }
  if (opts.migrate) await migrateDatabase(fresh.database);
  return fresh;
}
