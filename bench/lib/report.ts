import { cpus, getPriority } from 'node:os';
import type { Workload } from '../workloads';
import type { Measure } from './load';

/** Targets of the whole server (issue #2 §11); per-endpoint targets live with each workload. */
export const SERVER_TARGETS = { maxMemoryMb: 600, maxStartupS: 10, pgOverPglite: 2 };
/** The configuration the targets are stated for. */
export const TARGET_SETUP = { kind: 'pglite', schools: 20, connections: 50 };

export interface BackendRow { workload: Workload; http: Measure; bare: Measure; sql: Measure; bodyBytes: number }

export interface BackendResult {
  kind: 'pglite' | 'postgres';
  startedAt: string;
  schools: number;
  connections: number;
  duration: number;
  generation: { reused: boolean; ms: number; rows: Record<string, number>; where: string };
  startupMs: number;
  memory: { peakRssMb: number; hwmMb: number };
  rows: BackendRow[];
  /** Write scenarios (several requests each), measured after the GET workloads. */
  scenarios: { name: string; targets: { maxP99Ms?: number }; measure: Measure }[];
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');
const ms = (n: number) => (!Number.isFinite(n) ? '–' : n < 10 ? n.toFixed(1) : Math.round(n).toString());

function table(head: string[], rows: string[][], leftCols = 1): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < leftCols ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export interface Check { target: string; measured: string; pass: boolean }

export function checks(r: BackendResult): Check[] {
  const out: Check[] = [];
  for (const row of r.rows) {
    const t = row.workload.targets;
    const name = row.workload.name;
    if (t.minRps !== undefined) out.push({ target: `${name} ≥ ${int(t.minRps)} req/s`, measured: `${int(row.http.rps)} req/s`, pass: row.http.rps >= t.minRps });
    if (t.maxP99Ms !== undefined) out.push({ target: `${name} p99 ≤ ${t.maxP99Ms} ms`, measured: `${ms(row.http.p99)} ms`, pass: row.http.p99 <= t.maxP99Ms });
    if (t.minFloorRatio !== undefined) {
      const ratio = row.http.rps / row.sql.rps;
      out.push({ target: `${name} ≥ ${t.minFloorRatio} × SQL floor`, measured: `${ratio.toFixed(2)} × (${int(row.http.rps)} / ${int(row.sql.rps)})`, pass: ratio >= t.minFloorRatio });
    }
    if (row.http.errors > 0) out.push({ target: `${name} no errors`, measured: `${int(row.http.errors)} errors`, pass: false });
  }
  for (const sc of r.scenarios) {
    if (sc.targets.maxP99Ms !== undefined) out.push({ target: `${sc.name} p99 ≤ ${sc.targets.maxP99Ms} ms`, measured: `${ms(sc.measure.p99)} ms`, pass: sc.measure.p99 <= sc.targets.maxP99Ms });
    if (sc.measure.errors > 0) out.push({ target: `${sc.name} no errors`, measured: `${int(sc.measure.errors)} errors`, pass: false });
  }
  out.push({ target: `server memory ≤ ${SERVER_TARGETS.maxMemoryMb} MB (peak VmHWM)`, measured: `${int(r.memory.hwmMb)} MB`, pass: r.memory.hwmMb <= SERVER_TARGETS.maxMemoryMb });
  out.push({ target: `healthy within ${SERVER_TARGETS.maxStartupS} s on an existing database`, measured: `${(r.startupMs / 1000).toFixed(2)} s`, pass: r.startupMs / 1000 <= SERVER_TARGETS.maxStartupS });
  return out;
}

export function printResult(r: BackendResult): void {
  const head = ['workload', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'CPU ms', 'per conn', 'bare req/s', 'bare p99', 'bare CPU', 'SQL q/s', 'SQL p50', 'SQL p99', 'SQL CPU', 'SQL per conn', '÷ SQL', 'body B'];
  const cpu = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
  const rows = r.rows.map((x) => [
    x.workload.name, int(x.http.rps), ms(x.http.p50), ms(x.http.p99), int(x.http.errors), cpu(x.http.cpuMs), `${x.http.perConnection[0]}–${x.http.perConnection[1]}`,
    int(x.bare.rps), ms(x.bare.p99), cpu(x.bare.cpuMs), int(x.sql.rps), ms(x.sql.p50), ms(x.sql.p99), cpu(x.sql.cpuMs), `${x.sql.perConnection[0]}–${x.sql.perConnection[1]}`,
    (x.http.rps / x.sql.rps).toFixed(2), int(x.bodyBytes),
  ]);
  const setup = `${r.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${r.schools} schools, ${r.connections} connections, ${r.duration} s per workload, ${cpus().length} cores${getPriority() ? `, nice ${getPriority()}` : ''}, Node ${process.version}, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`;
  const gen = r.generation.reused ? `reused ${r.generation.where}` : `generated in ${(r.generation.ms / 1000).toFixed(1)} s (${Object.entries(r.generation.rows).map(([t, n]) => `${t} ${int(n)}`).join(', ')})`;
  console.log(`\n══ Houqin bench: ${setup}`);
  console.log(`   data: ${gen}\n`);
  console.log(table(head, rows));
  console.log(`per conn = fewest–most requests one connection (SQL: one caller) completed: far apart = unfair service`);
  console.log(`CPU ms = CPU time per request of the server process${r.kind === 'postgres' ? ' + PostgreSQL' : ''} (bare: the bare server; SQL: the bench process${r.kind === 'postgres' ? ' + PostgreSQL' : ' running PGlite'}), from /proc`);
  if (r.scenarios.length) {
    console.log(`\nwrite scenarios (each a user's whole action; latency from its first request to its last response):\n`);
    console.log(table(['scenario', 'per s', 'p50 ms', 'p99 ms', 'errors', 'CPU ms', 'per user'],
      r.scenarios.map((x) => [x.name, int(x.measure.rps), ms(x.measure.p50), ms(x.measure.p99), int(x.measure.errors), cpu(x.measure.cpuMs), `${x.measure.perConnection[0]}–${x.measure.perConnection[1]}`])));
  }
  const busy = Math.max(...r.rows.flatMap((x) => [x.http.otherCores, x.bare.otherCores, x.sql.otherCores]), ...r.scenarios.map((x) => x.measure.otherCores));
  console.log(`\nother processes on this machine used up to ${busy.toFixed(2)} cores during a measurement${busy > 0.1 ? ' — WARNING: the figures are lowered by another job; run again on a quiet machine' : ''}`);
  console.log(`server peak memory: VmHWM ${int(r.memory.hwmMb)} MB (highest sampled VmRSS ${int(r.memory.peakRssMb)} MB)`);
  console.log(`healthy within ${(r.startupMs / 1000).toFixed(2)} s when started on an existing database (spawn → /healthz 200)`);
  const official = r.kind === TARGET_SETUP.kind && r.schools === TARGET_SETUP.schools && r.connections === TARGET_SETUP.connections;
  console.log(`\ntargets${official ? '' : ` (stated for PGlite, 20 schools, 50 connections — indicative here)`}:`);
  const list = checks(r);
  const w = Math.max(...list.map((c) => c.target.length));
  for (const c of list) console.log(`  ${c.pass ? 'PASS' : 'FAIL'}  ${c.target.padEnd(w)}  ${c.measured}`);
  console.log('');
}

export function printComparison(pglite: BackendResult, postgres: BackendResult): void {
  console.log(`══ PostgreSQL vs PGlite (target: PostgreSQL ≥ ${SERVER_TARGETS.pgOverPglite}× PGlite throughput)\n`);
  const rows = pglite.rows.map((a) => {
    const b = postgres.rows.find((x) => x.workload.name === a.workload.name);
    const ratio = b ? b.http.rps / a.http.rps : NaN;
    return [a.workload.name, int(a.http.rps), b ? int(b.http.rps) : '–', `${ratio.toFixed(2)}×`, ratio >= SERVER_TARGETS.pgOverPglite ? 'PASS' : 'FAIL',
      int(a.sql.rps), b ? int(b.sql.rps) : '–'];
  });
  console.log(table(['workload', 'PGlite req/s', 'PostgreSQL req/s', 'ratio', 'target', 'PGlite SQL q/s', 'PostgreSQL SQL q/s'], rows));
  console.log('');
}
