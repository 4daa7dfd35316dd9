import { PGlite } from '@electric-sql/pglite';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database, type Db } from '../platform/db';
import { buildApp } from '../app';
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
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const config = { ...loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv), logLevel: 'silent', ...overrides };
  const app = await buildApp({ db: database.db, config, logger: false, webDist: '/nonexistent' });
  await app.ready();
  return { app, database, db: database.db, close: async () => { await app.close(); await database.close(); } };
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
export interface Reply { status: number; json: any; headers: Record<string, unknown>; body: string }

/** A logged-in person speaking to the app through inject, with their session cookie. */
export class TestClient {
  constructor(private app: FastifyInstance, public cookie = '', private headers: Record<string, string> = {}) {}
  async request(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const res = await this.app.inject({ method: method as 'GET', url, payload: payload as string, headers: { ...this.headers, ...(this.cookie ? { cookie: this.cookie } : {}), ...headers } });
    let json: unknown;
    try { json = res.json(); } catch { json = undefined; }
    return { status: res.statusCode, json, headers: res.headers, body: res.body };
  }
  get(url: string, headers?: Record<string, string>) { return this.request('GET', url, undefined, headers); }
  post(url: string, body: unknown = {}, headers?: Record<string, string>) { return this.request('POST', url, body, headers); }
  patch(url: string, body: unknown, headers?: Record<string, string>) { return this.request('PATCH', url, body, headers); }
}

export async function login(app: FastifyInstance, username: string, password = TEST_PASSWORD): Promise<TestClient> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'houqin_sid');
  return new TestClient(app, `houqin_sid=${cookie!.value}`);
}
