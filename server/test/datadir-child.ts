// The writer process of the data-directory tests (server/platform/datadir.test.ts): opens the
// folder as the app does (taking its lock), then inserts numbered rows one by one, printing
// "ack N" after each commit, until it is killed.
import { sql } from 'drizzle-orm';
import { openDatabase } from '../platform/db';

const [mode, dir] = process.argv.slice(2);
if (mode !== 'insert' || !dir) {
  console.error('usage: datadir-child.ts insert <dir>');
  process.exit(2);
}
const database = await openDatabase({ dataDir: dir });
await database.db.execute(sql`CREATE TABLE IF NOT EXISTS acks (n int PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
process.stdout.write('ready\n');
for (let n = 1; ; n++) {
  await database.db.execute(sql`INSERT INTO acks (n) VALUES (${n})`);
  process.stdout.write(`ack ${n}\n`);
}
