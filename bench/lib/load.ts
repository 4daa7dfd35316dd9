import autocannon from 'autocannon';
import type { Exec, Statement } from './database';
import { watchCpu } from './process';

export interface Measure {
  /** Completed requests (or statement sequences) per second. */
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  total: number;
  /** CPU used meanwhile by processes outside the bench, in cores (another job on a shared machine). */
  otherCores: number;
  /** CPU milliseconds per request of the server (HTTP: its process, + PostgreSQL; SQL: this process, + PostgreSQL). */
  cpuMs: number;
  /** Fewest and most requests completed by one connection (caller): far apart means unfair service. */
  perConnection: [number, number];
}

export interface HttpLoad {
  url: string;
  path: string;
  /** The server's pid: its CPU per request is reported. */
  pid?: number;
  /** Add PostgreSQL's CPU to the server's. */
  postgres?: boolean;
  /** One header set per account; each connection rotates through them. */
  headers: Record<string, string>[];
  connections: number;
  seconds: number;
}

/** Drives one GET with autocannon in this process (as its CLI does). Errors = socket errors + timeouts + non-2xx. */
export async function httpLoad(o: HttpLoad): Promise<Measure> {
  const cpu = watchCpu();
  const perClient = new Map<unknown, number>();
  const r = await new Promise<autocannon.Result>((resolve, reject) => {
    const run = autocannon({
      url: o.url,
      connections: o.connections,
      duration: o.seconds,
      requests: o.headers.map((headers) => ({ method: 'GET' as const, path: o.path, headers })),
    }, (err, result) => (err ? reject(err) : resolve(result)));
    run.on('response', (client: unknown) => { perClient.set(client, (perClient.get(client) ?? 0) + 1); });
  });
  const counts = [...perClient.values()];
  const seconds = Math.max(r.duration, 0.001);
  const c = cpu();
  const serverSeconds = (o.pid ? c.seconds(o.pid) : 0) + (o.postgres ? c.postgresSeconds : 0);
  return {
    rps: r.requests.total / seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    total: r.requests.total,
    otherCores: c.otherCores,
    cpuMs: o.pid ? (serverSeconds * 1000) / Math.max(r.requests.total, 1) : NaN,
    perConnection: [counts.length < o.connections ? 0 : Math.min(...counts), Math.max(0, ...counts)],
  };
}

/**
 * The SQL floor: `callers` concurrent loops, each running one request's statements in order
 * (the session query, then the endpoint's), rotating through the accounts, for `seconds`.
 */
export async function sqlLoad(exec: Exec, plans: Statement[][], callers: number, seconds: number, postgres = false): Promise<Measure> {
  const cpu = watchCpu();
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  const done: number[] = [];
  const caller = async (_: unknown, i: number) => {
    done[i] = 0;
    while (performance.now() < deadline) {
      const plan = plans[next++ % plans.length];
      const t0 = performance.now();
      try {
        for (const s of plan) await exec(s.text, s.params);
        latencies.push(performance.now() - t0);
        done[i]++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: callers }, caller));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
  const c = cpu();
  // PGlite runs inside this process; on PostgreSQL the work is the backends' plus this driver's.
  const cpuSeconds = c.seconds(process.pid) + (postgres ? c.postgresSeconds : 0);
  return { rps: latencies.length / elapsed, p50: pct(50), p99: pct(99), errors, total: latencies.length, otherCores: c.otherCores, cpuMs: (cpuSeconds * 1000) / Math.max(latencies.length, 1), perConnection: [Math.min(...done), Math.max(...done)] };
}
