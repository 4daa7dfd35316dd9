import { BENCH_PASSWORD, benchUsername } from '../generate';
import type { Workload } from '../workloads';
import { httpPostJson } from './process';

/** Several schools spread across the district, so sessions are not all of one school. */
export function sampleSchools(n: number): number[] {
  return [...new Set([1, Math.ceil(n / 2), n])];
}

/** The usernames a workload's requests rotate through. */
export const accountsOf = (w: Pick<Workload, 'accounts'>, schools: number) => sampleSchools(schools).flatMap((s) => w.accounts.map((a) => benchUsername(s, a)));

/** Logs in through the server's own endpoint; returns the session cookie of each username. */
export async function loginAll(baseUrl: string, usernames: Iterable<string>): Promise<Map<string, string>> {
  const cookies = new Map<string, string>();
  for (const username of new Set(usernames)) {
    const r = await httpPostJson(`${baseUrl}/api/v1/auth/login`, { username, password: BENCH_PASSWORD });
    const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []).find((c) => c.startsWith('houqin_sid='));
    if (r.status !== 200 || !set) throw new Error(`login as ${username} failed: ${r.status} ${r.body}`);
    cookies.set(username, set.split(';')[0]);
  }
  return cookies;
}
