import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from './db';

/**
 * Failed logins counted per account and per address in the database, so every app process
 * sees the same counts. Successful logins are not counted: a school behind one NAT logs in at 8:00.
 */
export const THROTTLE = { windowMs: 15 * 60_000, perAccount: 5, perAddress: 50 };

const keys = (username: string, ip: string | null) => ({ account: `u:${username.toLowerCase()}`, address: `ip:${ip ?? 'unknown'}` });

/** Seconds to wait, or 0 when a login may be tried. */
export async function loginWaitSeconds(db: Db, username: string, ip: string | null): Promise<number> {
  const k = keys(username, ip);
  const since = new Date(Date.now() - THROTTLE.windowMs).toISOString();
  const rows = await rowsOf<{ key: string; failures: number; window_started_at: string | Date }>(db,
    sql`SELECT key, failures, window_started_at FROM login_throttle WHERE key IN (${k.account}, ${k.address}) AND window_started_at > ${since}`);
  let wait = 0;
  for (const r of rows) {
    const limit = r.key === k.account ? THROTTLE.perAccount : THROTTLE.perAddress;
    if (Number(r.failures) >= limit) {
      const until = new Date(r.window_started_at).getTime() + THROTTLE.windowMs;
      wait = Math.max(wait, Math.ceil((until - Date.now()) / 1000));
    }
  }
  return wait;
}

export async function recordLoginFailure(db: Db, username: string, ip: string | null) {
  const k = keys(username, ip);
  const since = new Date(Date.now() - THROTTLE.windowMs).toISOString();
  for (const key of [k.account, k.address]) {
    await db.execute(sql`INSERT INTO login_throttle (key, failures, window_started_at) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.window_started_at <= ${since} THEN 1 ELSE login_throttle.failures + 1 END,
        window_started_at = CASE WHEN login_throttle.window_started_at <= ${since} THEN now() ELSE login_throttle.window_started_at END`);
  }
}

export async function clearAccountFailures(db: Db, username: string) {
  await db.execute(sql`DELETE FROM login_throttle WHERE key = ${keys(username, null).account}`);
}

/** Forgets counters whose window has passed, so sprayed usernames do not pile up. */
export async function purgeLoginThrottle(db: Db) {
  await db.execute(sql`DELETE FROM login_throttle WHERE window_started_at < ${new Date(Date.now() - THROTTLE.windowMs).toISOString()}`);
}
