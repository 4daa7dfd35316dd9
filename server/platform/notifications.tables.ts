import { sql } from 'drizzle-orm';
import { pgTable, integer, text, timestamp, jsonb, primaryKey, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns } from './columns';
import { users } from './platform.tables';

/** In-app notifications: one row per reader, rendered in the reader's language from `kind` + `params`. */
export const notifications = pgTable('notifications', {
  ...schoolColumns(),
  userId: integer('user_id').notNull(),
  /** An i18n key, e.g. 'repairs.notify.dispatched'. */
  kind: text('kind').notNull(),
  params: jsonb('params').notNull().default({}),
  link: text('link'),
  entity: text('entity'),
  entityId: integer('entity_id'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('notifications_user_idx').on(t.schoolId, t.userId, t.id),
  index('notifications_unread_idx').on(t.schoolId, t.userId).where(sql`read_at IS NULL`),
  foreignKey({ columns: [t.schoolId, t.userId], foreignColumns: [users.schoolId, users.id] }).onDelete('cascade'),
]);

/**
 * Messages for outside channels (the school's group robot), written in the same transaction as the
 * notification and delivered by a job after commit: retried with backoff, given up after N attempts.
 */
export const notificationOutbox = pgTable('notification_outbox', {
  ...schoolColumns(),
  kind: text('kind').notNull(),
  params: jsonb('params').notNull().default({}),
  /** The people the notification was for: their names go with the message. */
  userIds: jsonb('user_ids').notNull().default([]),
  status: text('status', { enum: ['pending', 'sent', 'failed'] }).notNull().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  /** Null: as soon as possible. While a delivery runs it holds a lease (a time a little ahead). */
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('notification_outbox_pending_idx').on(t.nextAttemptAt).where(sql`status = 'pending'`),
]);
