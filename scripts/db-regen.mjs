#!/usr/bin/env node
// Development only: regenerates the one migration that has not landed on main yet, so several
// people (or helpers) changing tables on one branch end with a single migration, not a pile of
// partial ones. Migrations that have landed (on origin/main, or in LANDED below) are never touched.
//   node scripts/db-regen.mjs <name>      e.g. node scripts/db-regen.mjs add_repairs
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = join(root, 'server/db/migrations');
const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9_]*$/.test(name)) {
  console.error('usage: node scripts/db-regen.mjs <verb_object>');
  process.exit(2);
}
/** Migrations up to this index are on main: never edited. Raise it when a migration lands. */
const LANDED = 5;

const lock = join(root, '.db-regen.lock');
for (let i = 0; ; i++) {
  try { mkdirSync(lock); break; } catch {
    if (i > 600) { console.error(`${lock} is held; remove it if no regeneration is running`); process.exit(1); }
    await new Promise((r) => setTimeout(r, 100));
  }
}
try {
  const journalFile = join(dir, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8'));
  for (const e of journal.entries.filter((e) => e.idx > LANDED)) {
    rmSync(join(dir, `${e.tag}.sql`), { force: true });
    rmSync(join(dir, 'meta', `${String(e.idx).padStart(4, '0')}_snapshot.json`), { force: true });
  }
  journal.entries = journal.entries.filter((e) => e.idx <= LANDED);
  writeFileSync(journalFile, JSON.stringify(journal, null, 2));
  execFileSync(join(root, 'node_modules/.bin/drizzle-kit'), ['generate', '--name', name], { cwd: root, stdio: 'inherit' });
} finally {
  rmdirSync(lock);
}
