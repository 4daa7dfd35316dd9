import { pgTable, integer, text, boolean, numeric, date, primaryKey, uniqueIndex, index, foreignKey } from 'drizzle-orm/pg-core';
import { schoolColumns, lifecycleColumns } from '../../platform/columns';
import { schools } from '../../platform/platform.tables';

export const campuses = pgTable('campuses', {
  ...schoolColumns(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  address: text('address'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('campuses_school_code_uq').on(t.schoolId, t.code),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

export const buildings = pgTable('buildings', {
  ...schoolColumns(),
  campusId: integer('campus_id').notNull(),
  code: text('code').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull().default('teaching'),
  floors: integer('floors'),
  builtYear: integer('built_year'),
  areaM2: numeric('area_m2', { precision: 12, scale: 2, mode: 'number' }),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('buildings_school_code_uq').on(t.schoolId, t.code),
  index('buildings_school_campus_idx').on(t.schoolId, t.campusId),
  foreignKey({ columns: [t.schoolId, t.campusId], foreignColumns: [campuses.schoolId, campuses.id] }),
]);

export const locations = pgTable('locations', {
  ...schoolColumns(),
  campusId: integer('campus_id').notNull(),
  buildingId: integer('building_id'),
  parentId: integer('parent_id'),
  code: text('code').notNull(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  floor: integer('floor'),
  areaM2: numeric('area_m2', { precision: 12, scale: 2, mode: 'number' }),
  capacity: integer('capacity'),
  /** Materialised path of ids, '/3/17/', for subtree filters with one index range scan. */
  path: text('path').notNull(),
  depth: integer('depth').notNull().default(0),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('locations_school_code_uq').on(t.schoolId, t.code),
  index('locations_school_name_idx').on(t.schoolId, t.name, t.id),
  index('locations_school_type_idx').on(t.schoolId, t.type, t.id),
  index('locations_school_type_name_idx').on(t.schoolId, t.type, t.name, t.id),
  index('locations_school_building_idx').on(t.schoolId, t.buildingId),
  index('locations_school_parent_idx').on(t.schoolId, t.parentId),
  index('locations_school_path_idx').on(t.schoolId, t.path.op('text_pattern_ops')),
  foreignKey({ columns: [t.schoolId, t.campusId], foreignColumns: [campuses.schoolId, campuses.id] }),
  foreignKey({ columns: [t.schoolId, t.buildingId], foreignColumns: [buildings.schoolId, buildings.id] }),
  foreignKey({ columns: [t.schoolId, t.parentId], foreignColumns: [t.schoolId, t.id] }),
]);

export const departments = pgTable('departments', {
  ...schoolColumns(),
  code: text('code'),
  name: text('name').notNull(),
  headUserId: integer('head_user_id'),
  phone: text('phone'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('departments_school_name_uq').on(t.schoolId, t.name),
  foreignKey({ columns: [t.schoolId], foreignColumns: [schools.id] }),
]);

export const classes = pgTable('classes', {
  ...schoolColumns(),
  grade: integer('grade').notNull(),
  name: text('name').notNull(),
  entryYear: integer('entry_year'),
  headTeacherId: integer('head_teacher_id'),
  boarding: text('boarding').notNull().default('day'),
  classroomId: integer('classroom_id'),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('classes_school_grade_name_uq').on(t.schoolId, t.grade, t.name),
  index('classes_school_head_idx').on(t.schoolId, t.headTeacherId),
  foreignKey({ columns: [t.schoolId, t.classroomId], foreignColumns: [locations.schoolId, locations.id] }),
]);

export const students = pgTable('students', {
  ...schoolColumns(),
  studentNo: text('student_no').notNull(),
  name: text('name').notNull(),
  gender: text('gender'),
  classId: integer('class_id').notNull(),
  boarder: boolean('boarder').notNull().default(false),
  guardianName: text('guardian_name'),
  guardianPhone: text('guardian_phone'),
  birthDate: date('birth_date', { mode: 'string' }),
  ...lifecycleColumns(),
}, (t) => [
  primaryKey({ columns: [t.schoolId, t.id] }),
  uniqueIndex('students_school_no_uq').on(t.schoolId, t.studentNo),
  index('students_school_class_idx').on(t.schoolId, t.classId, t.id),
  index('students_school_name_idx').on(t.schoolId, t.name, t.id),
  index('students_school_boarder_idx').on(t.schoolId, t.boarder, t.id),
  index('students_school_boarder_name_idx').on(t.schoolId, t.boarder, t.name, t.id),
  foreignKey({ columns: [t.schoolId, t.classId], foreignColumns: [classes.schoolId, classes.id] }),
]);
