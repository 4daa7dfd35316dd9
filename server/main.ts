import { loadConfig } from './platform/config';
import { openDatabase, migrateDatabase } from './platform/db';
import { DataDirLockedError } from './platform/datadir-lock';
import { buildApp } from './app';
import { startJobs, type JobRunner } from './platform/jobs';
import { systemClock } from './platform/clock';
import { modules } from './modules/registry';
import { seedDemo, demoLogins } from './demo/seed';
import { rowsOf, type Db } from './platform/db';
import { sql } from 'drizzle-orm';

async function hasSchools(db: Db) {
  const [r] = await rowsOf<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM schools WHERE kind = 'school'`);
  return Number(r.n) > 0;
}

// config → database → migrations → app → listen
async function main() {
  const config = loadConfig();
  let database;
  try {
    database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, readCache: config.readCache });
  } catch (e) {
    if (e instanceof DataDirLockedError) { console.error(e.message); process.exit(3); }
    throw e;
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    try { await jobs?.stop(); } catch { /* closing anyway */ }
    try { await app?.close(); } catch { /* closing anyway */ }
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let jobs: JobRunner | undefined;
  try {
    await migrateDatabase(database);
    if (config.demo) {
      const created = await seedDemo(database.db);
      if (created) console.log(demoLogins());
    } else if (!(await hasSchools(database.db))) {
      console.log('还没有学校。创建第一所学校和管理员 No school yet; create one and its admin:\n  npm run houqin -- init --district-code … --district-name … --school-code … --school-name … --admin admin --password …');
    }
    app = await buildApp({ db: database.db, config });
    await app.listen({ port: config.port, host: config.host });
    // Background jobs: schedules, overdue tasks, the notification outbox, purges (server/platform/jobs.ts).
    jobs = startJobs({ db: database.db, clock: systemClock, log: app.log, modules, config });
  } catch (e) {
    await jobs?.stop().catch(() => {});
    await app?.close().catch(() => {});
    await database.close();
    throw e;
  }
  console.log(`Houqin 后勤 listening on http://localhost:${config.port} (${database.kind}${database.kind === 'pglite' ? ' ' + config.dataDir : ''})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
