import { describe, it, expect, afterAll, beforeAll } from 'vitest';
import { createFreshDatabase, type FreshDatabase } from '../test/harness';
import { loadConfig } from './config';
import { manualClock, systemClock } from './clock';
import { startJobs, platformJobs, scheduleHandlersOf, type JobLog } from './jobs';
import type { HouqinModule, ModuleJob } from './module';
import { modules as registered } from '../modules/registry';

/* The job runner: one failing job never stops the others, runs never overlap, stop() waits. */

const config = { ...loadConfig({ NODE_ENV: 'test' } as NodeJS.ProcessEnv), logLevel: 'silent' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (cond: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
};

function recorder(): JobLog & { errors: unknown[]; warnings: unknown[] } {
  const errors: unknown[] = [];
  const warnings: unknown[] = [];
  return { errors, warnings, error: (o) => errors.push(o), warn: (o) => warnings.push(o) };
}
const moduleWith = (jobs: ModuleJob[]): HouqinModule => ({ name: 'tiny', policy: {}, routes: () => async () => {}, jobs });

let fresh: FreshDatabase;
beforeAll(async () => { fresh = await createFreshDatabase({ migrate: true }); });
afterAll(async () => fresh.dispose());

describe('startJobs', () => {
  it('a failing job is logged and runs again next tick; the other jobs keep running', async () => {
    const log = recorder();
    let flaky = 0;
    let steady = 0;
    const clock = manualClock('2026-09-01T00:00:00Z');
    const seen: Date[] = [];
    const runner = startJobs({
      db: fresh.database.db, clock, log, config, platform: false, firstRunMs: 1,
      modules: [moduleWith([
        { name: 'flaky', everyMs: 15, run: async () => { flaky++; if (flaky === 1) throw new Error('boom'); } },
        { name: 'steady', everyMs: 15, run: async (_db, c) => { steady++; seen.push(c.now()); } },
      ])],
    });
    await until(() => flaky >= 3 && steady >= 3);
    await runner.stop();
    expect(log.errors).toHaveLength(1);
    expect(log.errors[0]).toMatchObject({ job: 'tiny.flaky' });
    expect(seen[0].toISOString()).toBe('2026-09-01T00:00:00.000Z'); // jobs get the runner's clock
    const after = [flaky, steady];
    await sleep(60);
    expect([flaky, steady]).toEqual(after); // stopped means stopped
  });

  it('a job still running when its next tick comes is not started twice; stop() waits for it', async () => {
    const log = recorder();
    let running = 0;
    let most = 0;
    let runs = 0;
    let finished = 0;
    const runner = startJobs({
      db: fresh.database.db, clock: systemClock, log, config, platform: false, firstRunMs: 1,
      modules: [moduleWith([{ name: 'slow', everyMs: 10, run: async () => {
        runs++; running++; most = Math.max(most, running);
        await sleep(80);
        running--; finished++;
      } }])],
    });
    await until(() => runs >= 2);
    expect(most).toBe(1);
    expect(log.warnings.length).toBeGreaterThan(0);
    await until(() => running === 1);
    await runner.stop();
    expect(running).toBe(0); // stop() returned only after the run in progress ended
    expect(finished).toBe(runs);
  });

  it('refuses two jobs of the same name and two handlers for one schedule owner', () => {
    const job = { name: 'x', everyMs: 10, run: async () => {} };
    expect(() => startJobs({ db: fresh.database.db, clock: systemClock, log: recorder(), config, platform: false, modules: [moduleWith([job, job])] })).toThrow(/twice/);
    const m = (name: string): HouqinModule => ({ name, policy: {}, routes: () => async () => {}, schedules: { 'same.owner': async () => {} } });
    expect(() => scheduleHandlersOf([m('a'), m('b')])).toThrow(/same\.owner/);
  });
});

describe('platform jobs', () => {
  it('schedules, overdue tasks, outbox, file and session purges all run on an empty database', async () => {
    const jobs = platformJobs({ modules: registered, config, log: recorder() });
    expect(jobs.map((j) => j.name).sort()).toEqual(['files.purge', 'inspections.sweep', 'inspections.templates', 'notifications.outbox', 'schedules', 'sessions.purge', 'tasks.overdue']);
    for (const j of jobs) await j.run(fresh.database.db, manualClock('2026-09-01T00:00:00Z'));
  });

  it('the runner starts and stops them with the registered modules', async () => {
    const log = recorder();
    const runner = startJobs({ db: fresh.database.db, clock: systemClock, log, config, modules: registered, firstRunMs: 1 });
    await sleep(150);
    await runner.stop();
    expect(log.errors).toEqual([]);
  });
});
