import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { readFileSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Child {
  proc: ChildProcess;
  pid: number;
  port: number;
  url: string;
  spawnedAt: number;
  /** Everything the process wrote, for the error message when it dies. */
  output(): string;
  stop(): Promise<void>;
}

const running = new Set<Child>();

/** Spawns `node --import tsx <script>` directly, so the pid is the node process that serves (no npx wrapper). */
/**
 * The V8 flags `npm start` gives the server (package.json: "node [flags] scripts/start.mjs"), so the bench
 * runs the server as a school does. The young generation is 32 MB a half instead of 16: at thousands of
 * scans a second, objects that live for one request (~15 ms) were surviving two scavenges and filling the
 * old generation (docs/performance.md).
 */
export function startNodeFlags(root: string): string[] {
  const start = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start;
  const m = /^node((?: --[\w-]+(?:=\S+)?)*) scripts\/start\.mjs$/.exec(start);
  if (!m) throw new Error(`package.json's start script is not "node [flags] scripts/start.mjs": ${start}`);
  return m[1].trim().split(/\s+/).filter(Boolean);
}

export function spawnNode(script: string, opts: { cwd: string; env: NodeJS.ProcessEnv; port: number; nodeArgs?: string[] }): Child {
  const spawnedAt = performance.now();
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', script], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => { out = (out + b.toString()).slice(-20000); };
  proc.stdout!.on('data', keep);
  proc.stderr!.on('data', keep);
  const child: Child = {
    proc, pid: proc.pid!, port: opts.port, url: `http://127.0.0.1:${opts.port}`, spawnedAt, output: () => out,
    stop: async () => {
      running.delete(child);
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15000);
      await exited;
      clearTimeout(timer);
    },
  };
  running.add(child);
  return child;
}

/** Stops every child still running (on an error or Ctrl-C). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((c) => c.stop()));
}

export function httpGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

export function httpPostJson(url: string, payload: unknown): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(payload);
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** Milliseconds from spawn to the first 200 from `path`; throws if the process dies or time runs out. */
export async function waitHealthy(child: Child, path = '/healthz', timeoutMs = 120_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`process ${child.pid} exited with ${child.proc.exitCode}:\n${child.output()}`);
    try {
      const r = await httpGet(child.url + path);
      if (r.status === 200) return performance.now() - child.spawnedAt;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no 200 from ${path} within ${timeoutMs / 1000} s:\n${child.output()}`);
}

/** Resident memory of a process from /proc: the current VmRSS and the peak VmHWM, in MB. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples a process's memory every `everyMs` until stopped; returns the peaks seen. */
export function sampleMemory(pid: number, everyMs = 250) {
  let peakRss = 0;
  let hwm = 0;
  const take = () => {
    const m = memoryOf(pid);
    if (!m) return;
    peakRss = Math.max(peakRss, m.rssMb);
    hwm = Math.max(hwm, m.hwmMb);
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    peak: () => { take(); return { peakRssMb: peakRss, hwmMb: hwm }; },
    stop: () => { take(); clearInterval(timer); return { peakRssMb: peakRss, hwmMb: hwm }; },
  };
}

/** CPU ticks used so far by every process, from /proc/<pid>/stat. */
function cpuTicks(): Map<number, { ppid: number; comm: string; ticks: number }> {
  const out = new Map<number, { ppid: number; comm: string; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      out.set(Number(name), { ppid: Number(f[1]), comm, ticks: Number(f[11]) + Number(f[12]) });
    } catch { /* exited meanwhile */ }
  }
  return out;
}

/**
 * Watches CPU use between now and the call of the returned function:
 *  - other: cores used by processes that are not the bench, its children or PostgreSQL (another
 *    job on a shared machine lowers every figure, so each measurement says how much there was);
 *  - seconds(pid): CPU seconds of one process; postgres: CPU seconds of all PostgreSQL processes.
 * CPU per request is robust to a busy machine where requests per second are not.
 */
export function watchCpu() {
  const before = cpuTicks();
  const t0 = performance.now();
  return () => {
    const after = cpuTicks();
    const wall = (performance.now() - t0) / 1000;
    const ours = new Set<number>([process.pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, p] of after) if (!ours.has(pid) && ours.has(p.ppid)) { ours.add(pid); grew = true; }
    }
    // Linux counts in USER_HZ, 100 per second on every common configuration.
    const used = (pid: number) => ((after.get(pid)?.ticks ?? 0) - (before.get(pid)?.ticks ?? 0)) / 100;
    let other = 0;
    let postgres = 0;
    for (const [pid, p] of after) {
      if (p.comm === 'postgres') postgres += used(pid);
      else if (!ours.has(pid)) other += used(pid);
    }
    return { wall, otherCores: other / wall, postgresSeconds: postgres, seconds: used };
  };
}
