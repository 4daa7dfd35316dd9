import { integer, timestamp, boolean } from 'drizzle-orm/pg-core';

// Columns every school-owned business table carries. Ids come from one identity per table,
// and every primary key is (school_id, id) so a province can distribute tables by school.
export const schoolColumns = () => ({
  schoolId: integer('school_id').notNull(),
  id: integer('id').generatedAlwaysAsIdentity(),
});

export const lifecycleColumns = () => ({
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
