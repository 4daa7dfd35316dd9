import { sql } from 'drizzle-orm';
import {
  pgTable, integer, text, timestamp, boolean, jsonb, bigint, primaryKey, uniqueIndex, index, foreignKey,
} from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from './columns';

// Directory tables (reference tables on Citus): the tenants themselves and the login directory.
export const districts = pgTable('districts', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  region: text('region'),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [uniqueIndex('districts_code_uq').on(t.code)]);

export const schools = pgTable('schools', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  districtId: integer('district_id').notNull().references(() => districts.id),
  code: text('code').notNull(),
  name: text('name').notNull(),
  /** 'bureau' is the district education bureau: it holds the inspectors' accounts. */
  kind: text('kind', { enum: ['school', 'bureau'] }).notNull().default('school'),
  stage: text('stage'),
  boarding: boolean('boarding').notNull().default(false),
  address: text('address'),
  phone: text('phone'),
  timezone: text('timezone').notNull().default('Asia/Shanghai'),
  settings: jsonb('settings').notNull().default({}),
  ...lifecycleColumns(),
}, (t) => [uniqueIndex('schools_code_uq').on(t.code), index('schools_district_idx').on(t.districtId, t.kind)]);

export const users = pgTable('users', {
  ...schoolColumns(),
  username: text('username').notNull(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  gender: text('gender'),
  phone: text('phone'),
  employeeNo: text('employee_no'),
  departmentId: integer('department_id'),
  post: text('post'),
  locale: text('locale'),
  lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('users_school_username_uq').on(t.schoolId, t.username),
  index('users_school_name_idx').on(t.schoolId, t.name, t.id),
  index('users_school_department_idx').on(t.schoolId, t.departmentId),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

export const userRoles = pgTable('user_roles', {
  schoolId: integer('school_id').notNull(),
  userId: integer('user_id').notNull(),
  role: text('role').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.userId, t.role] }),
  index('user_roles_school_role_idx').on(t.schoolId, t.role),
  foreignKey({ columns: [t.schoolId, t.userId], foreignColumns: [users.schoolId, users.id] }).onDelete('cascade'),
]);

/** Login directory: usernames are unique across the installation so login needs no school. */
export const usernames = pgTable('usernames', {
  username: text('username').primaryKey(),
  schoolId: integer('school_id').notNull(),
  userId: integer('user_id').notNull(),
});

export const sessions = pgTable('sessions', {
  schoolId: integer('school_id').notNull(),
  /** sha256 of the cookie's random token: a stolen table does not give usable cookies. */
  id: text('id').notNull(),
  userId: integer('user_id').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  ip: text('ip'),
  userAgent: text('user_agent'),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  index('sessions_id_idx').on(t.id),
  index('sessions_user_idx').on(t.schoolId, t.userId),
  foreignKey({ columns: [t.schoolId, t.userId], foreignColumns: [users.schoolId, users.id] }).onDelete('cascade'),
]);

/** Failed-login counters per account and per address, shared by all app processes. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
});

/** Append-only, hash-chained per school; UPDATE/DELETE/TRUNCATE are refused by triggers. */
export const auditLog = pgTable('audit_log', {
  schoolId: integer('school_id').notNull(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  actorId: integer('actor_id'),
  actorName: text('actor_name'),
  ip: text('ip'),
  entity: text('entity').notNull(),
  entityId: text('entity_id').notNull(),
  action: text('action').notNull(),
  before: jsonb('before'),
  after: jsonb('after'),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.seq] }),
  index('audit_entity_idx').on(t.schoolId, t.entity, t.entityId, t.seq),
  index('audit_actor_idx').on(t.schoolId, t.actorId, t.seq),
  index('audit_at_idx').on(t.schoolId, t.at),
]);

/** The head of each school's chain; updating it serialises audit writes per school. */
export const auditHeads = pgTable('audit_heads', {
  schoolId: integer('school_id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull().default(0),
  hash: text('hash').notNull().default(sql`''`),
});
