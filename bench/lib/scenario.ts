import type { Measure } from './load';
import { watchCpu } from './process';
import { Pool, fetch as undiciFetch, FormData, type Dispatcher } from 'undici';

/*
 * Write scenarios: a user's whole action, possibly several requests (upload a photo, then report
 * the fault with it), driven by `connections` concurrent virtual users in a loop. Latency is
 * the whole scenario's, from the first request's start to the last response.
 */

export interface ScenarioClient {
  account: string;
  /** JSON request with the account's session and a same-site Origin; throws on a non-2xx answer. */
  json<T = unknown>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T>;
  /** multipart/form-data POST of one file field. */
  upload<T = unknown>(path: string, field: string, name: string, type: string, data: Uint8Array): Promise<T>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each scenario has its own state type; the list holds them all
export interface Scenario<S = any> {
  name: string;
  accounts: string[];
  /** Once per account before the load: look up what the steps need (a location id …). */
  prepare(client: ScenarioClient): Promise<S>;
  step(client: ScenarioClient, state: S, seq: number): Promise<void>;
  targets: { maxP99Ms?: number };
  /** Concurrent users for this scenario (default: the bench's --connections; --write-users overrides). */
  users?: number;
}

/*
 * The clients speak through one keep-alive pool per server with undici's `request`, not `fetch`: the bench
 * runs beside the server on the same cores, and fetch's streams and Headers objects cost the client a
 * scavenge every ~50 ms at 2,500 requests/s, pauses that showed up as the server's latency.
 */
const pools = new Map<string, Pool>();
function poolOf(origin: string): Pool {
  let pool = pools.get(origin);
  if (!pool) { pool = new Pool(origin, { connections: 256, keepAliveTimeout: 60_000 }); pools.set(origin, pool); }
  return pool;
}

/** Closes the clients' connections (after the last measurement of a server). */
export async function closeScenarioClients(): Promise<void> {
  await Promise.all([...pools.values()].map((p) => p.close()));
  pools.clear();
}

export function scenarioClient(url: string, account: string, cookie: string): ScenarioClient {
  const origin = new URL(url).origin;
  const prefix = new URL(url).pathname.replace(/\/$/, '');
  const pool = poolOf(origin);
  const answer = async (res: Dispatcher.ResponseData) => {
    if (res.statusCode < 200 || res.statusCode >= 300) throw new Error(`${res.statusCode} ${(await res.body.text()).slice(0, 200)}`);
    if (res.statusCode === 204) { await res.body.dump(); return undefined as never; }
    return (await res.body.json()) as never;
  };
  return {
    account,
    async json(method, path, body) {
      return answer(await pool.request({
        path: prefix + path, method,
        headers: body === undefined ? { cookie, origin } : { cookie, origin, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }));
    },
    async upload(path, field, name, type, data) {
      const form = new FormData();
      form.append(field, new Blob([data as Uint8Array<ArrayBuffer>], { type }), name);
      // A multipart body is rare here (a photo per report): fetch builds it, through the same pool.
      const res = await undiciFetch(url + path, { method: 'POST', headers: { cookie, origin }, body: form, dispatcher: pool });
      if (!res.ok) throw new Error(`${res.status} ${(await res.text()).slice(0, 200)}`);
      return (res.status === 204 ? undefined : res.json()) as Promise<never>;
    },
  };
}

export async function scenarioLoad<S>(sc: Scenario<S>, clients: { client: ScenarioClient; state: S }[], connections: number, seconds: number, pid?: number): Promise<Measure & { firstError?: string }> {
  const cpu = watchCpu();
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let seq = 0;
  const done: number[] = [];
  await Promise.all(Array.from({ length: connections }, async (_, i) => {
    done[i] = 0;
    const mine = clients[i % clients.length];
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        await sc.step(mine.client, mine.state, seq++);
        latencies.push(performance.now() - t0);
        done[i]++;
      } catch (e) {
        errors++;
        firstError ??= String(e);
      }
    }
  }));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * p) / 100))] : NaN);
  const c = cpu();
  return {
    rps: latencies.length / elapsed, p50: pct(50), p99: pct(99), errors, total: latencies.length,
    otherCores: c.otherCores, cpuMs: pid ? (c.seconds(pid) * 1000) / Math.max(latencies.length, 1) : NaN,
    perConnection: [Math.min(...done), Math.max(...done)], firstError,
  };
}
