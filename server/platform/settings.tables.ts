import { pgTable, integer, text, timestamp, jsonb, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
import { schools } from './platform.tables';

/** A school's settings of one module: only the keys the school changed (defaults live in code). */
export const schoolSettings = pgTable('school_settings', {
  schoolId: integer('school_id').notNull(),
  module: text('module').notNull(),
  values: jsonb('values').notNull().default({}),
  version: integer('version').notNull().default(0),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedBy: integer('updated_by'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.module] }),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);
