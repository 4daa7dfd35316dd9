import { loadConfig } from './platform/config';
import { openDatabase, migrateDatabase } from './platform/db';
import { DataDirLockedError } from './platform/datadir-lock';
import { buildApp } from './app';
import { seedDemo, demoLogins } from './demo/seed';

// config → database → migrations → app → listen
async function main() {
  const config = loadConfig();
  let database;
  try {
    database = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl });
  } catch (e) {
    if (e instanceof DataDirLockedError) { console.error(e.message); process.exit(3); }
    throw e;
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    try { await app?.close(); } catch { /* closing anyway */ }
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  await migrateDatabase(database);
  if (config.demo) {
    const created = await seedDemo(database.db);
    if (created) console.log(demoLogins());
  }
  app = await buildApp({ db: database.db, config });
  await app.listen({ port: config.port, host: config.host });
  console.log(`Houqin 后勤 listening on http://localhost:${config.port} (${database.kind}${database.kind === 'pglite' ? ' ' + config.dataDir : ''})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
