import { inBackground, type Db } from './db';
import type { Clock } from './clock';
import type { Config } from './config';
import type { HouqinModule, ModuleJob } from './module';
import { runDueSchedules, type ScheduleHandler } from './schedules';
import { sweepOverdueTasks } from './tasks';
import { deliverOutbox } from './notifications';
import { purgeUnattachedFiles } from './files';
import { purgeExpiredSessions } from './sessions';
import { purgeLoginThrottle } from './throttle';
import { ensureSchoolTemplates, sweepOverdueRectifications } from './inspections';

/** What the runner logs through (Fastify's pino logger fits). */
export interface JobLog {
  error(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
}

export type Job = ModuleJob;

/** Every module's schedule handlers, by owner; an owner claimed twice is a programming error. */
export function scheduleHandlersOf(modules: HouqinModule[]): Record<string, ScheduleHandler> {
  const out: Record<string, ScheduleHandler> = {};
  for (const m of modules) {
    for (const [owner, handler] of Object.entries(m.schedules ?? {})) {
      if (out[owner]) throw new Error(`schedule handler declared twice: ${owner}`);
      out[owner] = handler;
    }
  }
  return out;
}

/**
 * The platform's own jobs. Each is safe with several processes running it at once (PostgreSQL):
 * row locks with SKIP LOCKED, conditional updates, idempotent deletes.
 */
export function platformJobs(deps: { modules: HouqinModule[]; config: Config; log?: JobLog }): Job[] {
  const handlers = scheduleHandlersOf(deps.modules);
  const inspectionTemplates = deps.modules.flatMap((m) => m.inspectionTemplates ?? []);
  const times = { idleMs: deps.config.sessionIdleMs, absoluteMs: deps.config.sessionAbsoluteMs };
  return [
    { name: 'schedules', everyMs: 60_000, run: async (db, clock) => { await runDueSchedules(db, clock, handlers, { log: deps.log }); } },
    { name: 'tasks.overdue', everyMs: 5 * 60_000, run: async (db, clock) => { await sweepOverdueTasks(db, clock); } },
    { name: 'notifications.outbox', everyMs: 15_000, run: async (db, clock) => { await deliverOutbox(db, clock); } },
    // The inspection engine's: every school has the modules' seed checklists; overdue rectifications escalate once.
    { name: 'inspections.templates', everyMs: 60_000, run: async (db) => { await ensureSchoolTemplates(db, inspectionTemplates); } },
    { name: 'inspections.sweep', everyMs: 5 * 60_000, run: async (db, clock) => { await sweepOverdueRectifications(db, clock); } },
    { name: 'files.purge', everyMs: 60 * 60_000, run: async (db, clock) => { await purgeUnattachedFiles(db, clock); } },
    // Ended sessions and old login counters leave the tables.
    { name: 'sessions.purge', everyMs: 10 * 60_000, run: async (db) => { await purgeExpiredSessions(db, times); await purgeLoginThrottle(db); } },
  ];
}

export interface JobsDeps {
  db: Db;
  clock: Clock;
  log: JobLog;
  modules: HouqinModule[];
  config: Config;
  /** Run the platform's jobs too (default true); tests run only their own. */
  platform?: boolean;
  /** The first run of the n-th job comes after min(everyMs, this + n × firstRunStaggerMs); default 5 s. */
  firstRunMs?: number;
  /** Default 250 ms. */
  firstRunStaggerMs?: number;
}

export interface JobRunner { stop(): Promise<void> }

/**
 * Runs the platform's and the modules' jobs on their intervals (unref'd: they never keep the
 * process alive). A failing job is logged and runs again next tick; a job still running when its
 * next tick comes is not started twice; `stop()` waits for the runs in progress.
 */
export function startJobs(deps: JobsDeps): JobRunner {
  const jobs: Job[] = [
    ...(deps.platform === false ? [] : platformJobs({ modules: deps.modules, config: deps.config, log: deps.log })),
    ...deps.modules.flatMap((m) => (m.jobs ?? []).map((j) => ({ ...j, name: `${m.name}.${j.name}` }))),
  ];
  const names = new Set<string>();
  for (const j of jobs) {
    if (names.has(j.name)) throw new Error(`job declared twice: ${j.name}`);
    if (!(j.everyMs > 0)) throw new Error(`job ${j.name}: everyMs must be positive`);
    names.add(j.name);
  }
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<void>>();

  const tick = (job: Job) => {
    if (stopped) return;
    if (running.has(job.name)) {
      deps.log.warn({ job: job.name }, 'job still running: this tick is skipped');
      return;
    }
    const run = (async () => {
      try {
        // Its statements give way to requests (PGlite): a job never holds the server's thread for long.
        await inBackground(() => job.run(deps.db, deps.clock));
      } catch (err) {
        deps.log.error({ err, job: job.name }, 'job failed; it runs again next tick');
      }
    })().finally(() => running.delete(job.name));
    running.set(job.name, run);
  };

  // First runs a quarter of a second apart, not all at once after a start.
  for (const [i, job] of jobs.entries()) {
    timers.push(setTimeout(() => tick(job), Math.min(job.everyMs, (deps.firstRunMs ?? 5000) + i * (deps.firstRunStaggerMs ?? 250))).unref());
    timers.push(setInterval(() => tick(job), job.everyMs).unref());
  }

  return {
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      await Promise.all([...running.values()]);
    },
  };
}
