import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createFreshDatabase } from '../test/harness';
import { migrateDatabase, migrationsFolder } from './db';

/* Migrations from an empty database, on PGlite — and on PostgreSQL when the run has DATABASE_URL. */

const EXPECTED_TABLES = [
  'approval_collective_decisions', 'approval_rules', 'approval_steps', 'approvals', 'asset_classes',
  'asset_code_counters', 'asset_depreciation', 'asset_depreciation_runs', 'asset_events', 'asset_import_jobs',
  'asset_process_counters', 'asset_process_events', 'assets', 'audit_heads', 'audit_log', 'buildings', 'campuses',
  'canteen_accompanied_meals', 'canteen_dishes', 'canteen_fee_income', 'canteen_health_certs', 'canteen_intake_items',
  'canteen_intakes', 'canteen_meal_counts', 'canteen_menu_meals', 'canteen_menu_snapshots', 'canteen_menus',
  'canteen_morning_checks', 'canteen_roster_assignments', 'canteen_rota', 'canteen_samples', 'canteen_service_stops',
  'canteen_staff', 'canteen_staff_alerts', 'canteen_supplier_incidents', 'canteen_supplier_licences', 'canteen_suppliers',
  'canteen_usage',
  'classes', 'damage_payments', 'damage_reports', 'damage_waivers', 'departments', 'disposal_items',
  'disposal_requests', 'districts', 'duty_handovers', 'duty_shifts', 'duty_swaps', 'exit_passes', 'file_blobs',
  'files', 'gate_secrets', 'hazard_report_submissions', 'inspection_results', 'inspection_template_items',
  'inspection_templates', 'inspections', 'locations', 'login_throttle', 'notification_outbox', 'notifications',
  'patrol_checkpoints', 'patrol_routes', 'patrol_scans', 'patrols', 'rectification_events', 'rectifications',
  'repair_code_counters', 'repair_events', 'repair_items', 'repair_orders', 'repair_plan_targets', 'repair_plans',
  'repair_rules', 'safety_agreements', 'safety_drills', 'safety_education', 'safety_incidents',
  'safety_plan_versions', 'safety_plans', 'safety_posts', 'schedule_runs', 'schedules', 'school_settings', 'schools',
  'sessions', 'stocktake_counters', 'stocktake_counts', 'stocktake_lines', 'stocktake_locations',
  'stocktake_surplus', 'stocktakes', 'students', 'tasks', 'user_roles', 'usernames', 'users', 'visitors',
];
/** Directory tables (docs/adr/0001) and the login throttle are the only ones not keyed by school. */
const NOT_BY_SCHOOL = ['districts', 'schools', 'usernames', 'login_throttle'];
const BUSINESS_TABLES = EXPECTED_TABLES.filter((t) => !NOT_BY_SCHOOL.includes(t));

describe('migrations', () => {
  it('build every table from an empty database, and running them again changes nothing', async () => {
    const fresh = await createFreshDatabase();
    try {
      const { database } = fresh;
      const tables = async () => (await database.rows<{ t: string }>(sql`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`)).map((r) => r.t);
      expect(await tables()).toEqual([]);
      await migrateDatabase(database);
      expect(await tables()).toEqual(EXPECTED_TABLES);

      // Every migration on disk is recorded once.
      const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      const applied = async () => Number((await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`))[0].n);
      expect(await applied()).toBe(journal.entries.length);
      const triggers = async () => (await database.rows<{ name: string }>(sql`SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY 1`)).map((r) => r.name);
      expect(await triggers()).toEqual(['audit_log_no_truncate', 'audit_log_no_update']);

      // Every business table carries school_id, in its primary key and in every unique index.
      for (const table of BUSINESS_TABLES) {
        const pk = await database.rows<{ cols: string }>(sql`SELECT string_agg(a.attname, ',' ORDER BY a.attnum) AS cols FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = ${table}::regclass AND i.indisprimary`);
        expect(pk[0].cols.split(','), table).toContain('school_id');
        const uniques = await database.rows<{ name: string; cols: string }>(sql`SELECT c.relname AS name, string_agg(a.attname, ',') AS cols FROM pg_index i
          JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = ${table}::regclass AND i.indisunique GROUP BY c.relname`);
        for (const u of uniques) expect(u.cols.split(','), `${table}.${u.name}`).toContain('school_id');
      }

      // Data survives a second run, which applies nothing.
      await database.db.execute(sql`INSERT INTO districts (code, name) VALUES ('KEEP', '保留县')`);
      await migrateDatabase(database);
      expect(await applied()).toBe(journal.entries.length);
      expect(await tables()).toEqual(EXPECTED_TABLES);
      expect(await database.rows(sql`SELECT code FROM districts`)).toEqual([{ code: 'KEEP' }]);
      // The append-only guard works on this fresh database too.
      await expect(database.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
    } finally {
      await fresh.dispose();
    }
  });
});
