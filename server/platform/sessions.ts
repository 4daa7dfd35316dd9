import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';
import type { Role } from '../../contracts/auth';

export const SESSION_COOKIE = 'houqin_sid';

export interface AuthContext {
  sessionId: string;
  userId: number;
  schoolId: number;
  username: string;
  name: string;
  roles: Role[];
  districtId: number;
  schoolName: string;
  schoolKind: 'school' | 'bureau';
  timezone: string;
  locale: string | null;
  /** Schools whose rows this person may read: their own, or a district's for an inspector. */
  readSchoolIds: number[];
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionTimes { idleMs: number; absoluteMs: number }

export async function createSession(db: Db, user: { schoolId: number; userId: number }, times: SessionTimes, meta: { ip: string | null; userAgent: string | null }): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(Date.now() + times.absoluteMs);
  await db.execute(sql`INSERT INTO sessions (school_id, id, user_id, expires_at, ip, user_agent)
    VALUES (${user.schoolId}, ${tokenHash(token)}, ${user.userId}, ${expires.toISOString()}, ${meta.ip}, ${meta.userAgent?.slice(0, 300) ?? null})`);
  return token;
}

/*
 * Session cache (embedded database only). Only one process may open a PGlite folder (the
 * data-directory lock) and PGlite runs one statement or transaction at a time, so a cache in this
 * process cannot go stale behind its back: every path that ends or changes a session, a person or a
 * school drops the entries concerned (endSession, endUserSessions, forgetSessions). Entries are
 * reloaded from the database after `cacheMs` anyway. On PostgreSQL (several processes) the cache is
 * off and every request reads its session.
 */
interface CachedSession { ctx: AuthContext; lastSeenMs: number; expiresMs: number; loadedAt: number }
const cache = new Map<string, CachedSession>();
const CACHE_MAX = 20_000;

/** Drops cached sessions of a school, or of one person in it (roles, name or school settings changed). */
export function forgetSessions(schoolId: number, userId?: number, exceptSessionId?: string) {
  for (const [id, c] of cache) {
    if (c.ctx.schoolId === schoolId && (userId === undefined || c.ctx.userId === userId) && id !== exceptSessionId) cache.delete(id);
  }
}

/** Sessions are resolved once per request; with `cacheMs` > 0 from memory for that long (PGlite only). */
export async function loadSession(db: Db, token: string, times: SessionTimes, cacheMs = 0): Promise<AuthContext | null> {
  if (!token || token.length > 100) return null;
  const id = tokenHash(token);
  if (cacheMs > 0) {
    const c = cache.get(id);
    const now = Date.now();
    if (c && now - c.loadedAt < cacheMs && now <= c.expiresMs && now - c.lastSeenMs <= times.idleMs) {
      if (now - c.lastSeenMs > 60_000) {
        await db.execute(sql`UPDATE sessions SET last_seen_at = now() WHERE school_id = ${c.ctx.schoolId} AND id = ${id}`);
        c.lastSeenMs = now;
      }
      return c.ctx;
    }
    if (c) cache.delete(id);
  }
  const ctx = await loadSessionRow(db, id, times);
  if (ctx && cacheMs > 0) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(id, ctx);
  }
  return ctx?.ctx ?? null;
}

async function loadSessionRow(db: Db, id: string, times: SessionTimes): Promise<CachedSession | null> {
  const [r] = await rowsOf<Record<string, unknown>>(db, sql`
    SELECT s.school_id, s.user_id, s.last_seen_at, s.expires_at, u.username, u.name, u.active, u.locale,
           sc.name AS school_name, sc.kind, sc.district_id, sc.timezone, sc.active AS school_active,
           (SELECT coalesce(array_agg(role ORDER BY role), '{}') FROM user_roles ur WHERE ur.school_id = s.school_id AND ur.user_id = s.user_id) AS roles,
           CASE WHEN sc.kind = 'bureau' THEN (SELECT coalesce(array_agg(d.id ORDER BY d.id), '{}') FROM schools d WHERE d.district_id = sc.district_id AND d.kind = 'school') END AS district_schools
      FROM sessions s
      JOIN users u ON u.school_id = s.school_id AND u.id = s.user_id
      JOIN schools sc ON sc.id = s.school_id
     WHERE s.id = ${id}`);
  if (!r) return null;
  const now = Date.now();
  const lastSeen = new Date(r.last_seen_at as string | Date).getTime();
  const expires = new Date(r.expires_at as string | Date).getTime();
  if (!r.active || !r.school_active || now > expires || now - lastSeen > times.idleMs) {
    await db.execute(sql`DELETE FROM sessions WHERE school_id = ${r.school_id as number} AND id = ${id}`);
    return null;
  }
  // Touch at most once a minute: a read per request, a write per minute.
  let seen = lastSeen;
  if (now - lastSeen > 60_000) {
    await db.execute(sql`UPDATE sessions SET last_seen_at = now() WHERE school_id = ${r.school_id as number} AND id = ${id}`);
    seen = now;
  }
  const schoolId = Number(r.school_id);
  const roles = parseArray(r.roles) as Role[];
  const district = r.district_schools == null ? null : parseArray(r.district_schools).map(Number);
  const ctx: AuthContext = {
    sessionId: id, userId: Number(r.user_id), schoolId, username: String(r.username), name: String(r.name), roles,
    districtId: Number(r.district_id), schoolName: String(r.school_name), schoolKind: r.kind as 'school' | 'bureau',
    timezone: String(r.timezone), locale: (r.locale as string) ?? null,
    readSchoolIds: district && roles.includes('inspector') ? district : [schoolId],
  };
  return { ctx, lastSeenMs: seen, expiresMs: expires, loadedAt: now };
}

function parseArray(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return v.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
  return [];
}

export async function endSession(db: Db, sessionId: string) {
  cache.delete(sessionId);
  await db.execute(sql`DELETE FROM sessions WHERE id = ${sessionId}`);
}

/** Ends every session of a person (deactivation), or all but one (password change). */
export async function endUserSessions(db: Db, schoolId: number, userId: number, exceptSessionId?: string) {
  forgetSessions(schoolId, userId, exceptSessionId);
  await db.execute(sql`DELETE FROM sessions WHERE school_id = ${schoolId} AND user_id = ${userId} AND id <> ${exceptSessionId ?? ''}`);
}

export async function purgeExpiredSessions(db: Db, times: SessionTimes) {
  const now = Date.now();
  for (const [id, c] of cache) if (now > c.expiresMs || now - c.lastSeenMs > times.idleMs) cache.delete(id);
  await db.execute(sql`DELETE FROM sessions WHERE expires_at < now() OR last_seen_at < ${new Date(Date.now() - times.idleMs).toISOString()}`);
}
