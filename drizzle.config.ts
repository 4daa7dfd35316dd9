import { defineConfig } from 'drizzle-kit';

// One schema for both drivers: platform tables plus every module's <module>.tables.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./server/platform/*.tables.ts', './server/modules/*/*.tables.ts'],
  out: './server/db/migrations',
  strict: true,
});
