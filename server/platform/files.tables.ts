import { sql } from 'drizzle-orm';
import { pgTable, integer, boolean, text, timestamp, uuid, customType, primaryKey, index, foreignKey } from 'drizzle-orm/pg-core';
import { schools } from './platform.tables';

/** Raw bytes: PGlite hands back a Uint8Array, pg a Buffer; both come out as a Buffer. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

/** One upload: metadata only. The bytes live in file_blobs so listing files never reads them. */
export const files = pgTable('files', {
  schoolId: integer('school_id').notNull(),
  /** Server-made; the original name is kept only as metadata. */
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  /** Sniffed from the content, never taken from the request. */
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  hasThumbnail: boolean('has_thumbnail').notNull().default(false),
  uploadedBy: integer('uploaded_by'),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
  /** The record the file belongs to; null until attached (unattached uploads are purged after 24 h). */
  entity: text('entity'),
  entityId: integer('entity_id'),
  slot: text('slot'),
  position: integer('position'),
  attachedAt: timestamp('attached_at', { withTimezone: true, precision: 3 }),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('files_school_entity_idx').on(t.schoolId, t.entity, t.entityId),
  index('files_unattached_idx').on(t.createdAt).where(sql`${t.entity} IS NULL`),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

/** The bytes of a file: its original and, for images, its thumbnail. */
export const fileBlobs = pgTable('file_blobs', {
  schoolId: integer('school_id').notNull(),
  fileId: uuid('file_id').notNull(),
  kind: text('kind', { enum: ['original', 'thumbnail'] }).notNull(),
  data: bytea('data').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.fileId, t.kind] }),
  foreignKey({ columns: [t.schoolId, t.fileId], foreignColumns: [files.schoolId, files.id] }).onDelete('cascade'),
]);
