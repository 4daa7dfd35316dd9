import { and, eq, sql, like, inArray } from 'drizzle-orm';
import * as c from '../../../contracts/org';
import { messages, translate, type Locale } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { resourceService, type ImportColumn } from '../../platform/resource';
import { campuses, buildings, locations, departments, classes, students } from './org.tables';
import { refs, idByKey } from './org.refs';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Row = Record<string, any>;

const label = (locale: Locale, key: string) => translate(locale, key);

/** '教室' or 'Classroom' or 'classroom' → 'classroom' for an enum group of the dictionary. */
function enumValue(group: string, values: readonly string[], text: string | null, field: string): string | undefined {
  if (!text) return undefined;
  const t = text.trim().toLowerCase();
  for (const v of values) {
    if (v.toLowerCase() === t) return v;
    for (const loc of ['zh-CN', 'en-US'] as const) if ((messages[loc][`enums.${group}.${v}`] ?? '').toLowerCase() === t) return v;
  }
  throw new AppError('org.importBadValue', 400, { params: { value: text }, fields: [{ path: field, code: 'org.importBadValue', params: { value: text } }] });
}
function intValue(text: string | null, field: string): number | undefined {
  if (text == null || text === '') return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) throw new AppError('org.importBadValue', 400, { params: { value: text }, fields: [{ path: field, code: 'org.importBadValue', params: { value: text } }] });
  return n;
}
function boolValue(text: string | null, field: string): boolean | undefined {
  if (text == null || text === '') return undefined;
  const t = text.trim().toLowerCase();
  if (['是', 'y', 'yes', 'true', '1', '住校', '寄宿'].includes(t)) return true;
  if (['否', 'n', 'no', 'false', '0', '走读'].includes(t)) return false;
  throw new AppError('org.importBadValue', 400, { params: { value: text }, fields: [{ path: field, code: 'org.importBadValue', params: { value: text } }] });
}
async function refByKey(tx: Db, table: string, keyCol: string, schoolId: number, key: string | null, field: string, code: string) {
  if (!key) return undefined;
  const id = await idByKey(tx, table, keyCol, schoolId, key.trim());
  if (!id) throw new AppError(code, 400, { fields: [{ path: field, code }] });
  return id;
}
const col = (key: string, zh: string, en: string, required: boolean, example: string | number, value: ImportColumn['value']): ImportColumn => ({ key, zh, en, required, example, value });
const enumLabel = (group: string) => (v: unknown, l: Locale) => (v ? translate(l, `enums.${group}.${v}`) : '');
const yesNo = (v: unknown, l: Locale) => (v ? (l === 'zh-CN' ? '是' : 'yes') : (l === 'zh-CN' ? '否' : 'no'));

/** Codes and names behind the ids of a page of rows, for exports: one query per kind. */
async function namesById(db: Db, table: string, cols: string, ids: unknown[]): Promise<Map<string, Row>> {
  const keys = [...new Set(ids.filter((x) => x != null).map(Number))];
  if (!keys.length) return new Map();
  const rows = await rowsOf<Row>(db, sql`SELECT id, ${sql.raw(cols)} FROM ${sql.identifier(table)} WHERE id IN (${sql.join(keys.map((k) => sql`${k}::int`), sql`, `)})`);
  return new Map(rows.map((r) => [String(r.id), r]));
}

// ── Campuses ──
export const campusService = resourceService({
  entity: 'campus', path: '/api/v1/campuses', tag: 'org', table: campuses,
  actions: { read: 'org.structure.read', write: 'org.structure.write' },
  item: c.Campus, create: c.CreateCampusInput, update: c.UpdateCampusInput, listQuery: c.CampusListQuery,
  search: [campuses.name, campuses.code], sorts: { name: campuses.name, code: campuses.code, createdAt: campuses.createdAt, id: campuses.id }, defaultSort: 'code',
  unique: { campuses_school_code_uq: { field: 'code', code: 'org.codeTaken', value: (v) => v.code } },
  exportName: (l) => label(l, 'org.campuses.title'),
  exportColumns: (l) => [
    { header: label(l, 'fields.code'), value: (r) => r.code }, { header: label(l, 'fields.name'), value: (r) => r.name },
    { header: label(l, 'fields.address'), value: (r) => r.address, width: 40 },
  ],
});

// ── Buildings ──
export const buildingService = resourceService({
  entity: 'building', path: '/api/v1/buildings', tag: 'org', table: buildings,
  actions: { read: 'org.structure.read', write: 'org.structure.write' },
  item: c.Building, create: c.CreateBuildingInput, update: c.UpdateBuildingInput, listQuery: c.BuildingListQuery,
  filters: (q) => [q.campusId ? eq(buildings.campusId, q.campusId) : undefined, q.kind ? eq(buildings.kind, q.kind) : undefined],
  search: [buildings.name, buildings.code], sorts: { name: buildings.name, code: buildings.code, createdAt: buildings.createdAt, id: buildings.id }, defaultSort: 'code',
  unique: { buildings_school_code_uq: { field: 'code', code: 'org.codeTaken', value: (v) => v.code } },
  prepare: async (tx, actor, input) => {
    if (input.campusId) await refs.campus(tx, actor.schoolId, input.campusId);
    return input;
  },
  exportName: (l) => label(l, 'org.buildings.title'),
  exportColumns: (l) => [
    { header: label(l, 'fields.code'), value: (r) => r.code }, { header: label(l, 'fields.name'), value: (r) => r.name },
    { header: label(l, 'fields.kind'), value: (r) => label(l, `enums.buildingKind.${r.kind}`) },
    { header: label(l, 'fields.floors'), value: (r) => r.floors }, { header: label(l, 'fields.builtYear'), value: (r) => r.builtYear },
    { header: label(l, 'fields.areaM2'), value: (r) => r.areaM2 },
  ],
});

// ── Locations: a tree kept as materialised paths ──
async function placeLocation(tx: Db, schoolId: number, input: Row, existing?: Row): Promise<Row> {
  const out: Row = { ...input };
  const buildingId = 'buildingId' in input ? input.buildingId : existing?.buildingId;
  const parentId = 'parentId' in input ? input.parentId : existing?.parentId;
  let campusId: number | undefined = input.campusId ?? existing?.campusId;
  let parent: Row | undefined;
  if (parentId) {
    parent = await refs.location(tx, schoolId, parentId, 'parentId');
    // A location cannot sit under itself or under one of its own descendants.
    if (existing && (Number(parent.id) === Number(existing.id) || String(parent.path).includes(`/${existing.id}/`))) throw new AppError('org.parentCycle', 400, { fields: [{ path: 'parentId', code: 'org.parentCycle' }] });
    campusId = parent.campusId as number;
  }
  if (buildingId) {
    const b = await refs.building(tx, schoolId, buildingId);
    if (input.campusId && input.campusId !== b.campusId) throw new AppError('org.buildingCampusMismatch', 400, { fields: [{ path: 'buildingId', code: 'org.buildingCampusMismatch' }] });
    campusId = campusId && parent ? campusId : (b.campusId as number);
  }
  if (!campusId) {
    const all = await tx.select({ id: campuses.id }).from(campuses).where(and(eq(campuses.schoolId, schoolId), eq(campuses.active, true))).limit(2);
    if (all.length !== 1) throw new AppError(all.length ? 'org.campusMissing' : 'org.noCampus', 400, { fields: [{ path: 'campusId', code: all.length ? 'org.campusMissing' : 'org.noCampus' }] });
    campusId = all[0].id;
  } else if (input.campusId) {
    await refs.campus(tx, schoolId, input.campusId);
  }
  out.campusId = campusId;
  if (!existing || 'parentId' in input) {
    // The path lists the ancestors: the parent's own path plus the parent itself.
    out.path = parent ? `${parent.path}${parent.id}/` : '/';
    out.depth = parent ? Number(parent.depth) + 1 : 0;
  }
  return out;
}

export const locationService = resourceService({
  entity: 'location', path: '/api/v1/locations', tag: 'org', table: locations,
  actions: { read: 'org.structure.read', write: 'org.structure.write' },
  item: c.Location, create: c.CreateLocationInput, update: c.UpdateLocationInput, listQuery: c.LocationListQuery,
  hidden: ['path'],
  filters: (q) => [
    q.campusId ? eq(locations.campusId, q.campusId) : undefined,
    q.buildingId ? eq(locations.buildingId, q.buildingId) : undefined,
    q.parentId ? eq(locations.parentId, q.parentId) : undefined,
    q.type ? eq(locations.type, q.type) : undefined,
    q.under ? sql`(${locations.path} LIKE (SELECT l.path || l.id || '/' FROM locations l WHERE l.school_id = ${locations.schoolId} AND l.id = ${q.under}) || '%' OR ${locations.id} = ${q.under})` : undefined,
  ],
  search: [locations.name, locations.code], sorts: { name: locations.name, code: locations.code, type: locations.type, createdAt: locations.createdAt, id: locations.id }, defaultSort: 'code',
  unique: { locations_school_code_uq: { field: 'code', code: 'org.codeTaken', value: (v) => v.code } },
  prepare: (tx, actor, input, existing) => placeLocation(tx, actor.schoolId, input, existing),
  afterWrite: async (tx, actor, row, existing) => {
    // The path holds the ancestors; a move re-roots the whole subtree in one statement.
    if (!existing) return; // a new location has no subtree yet: prepare() already set its path
    const newPrefix = `${row.path}${row.id}/`;
    const oldPrefix = `${existing.path}${existing.id}/`;
    if (oldPrefix !== newPrefix) {
      const delta = Number(row.depth) - Number(existing.depth);
      await tx.execute(sql`UPDATE locations SET path = ${newPrefix} || substr(path, ${oldPrefix.length + 1}), depth = depth + ${delta}, campus_id = ${row.campusId}
        WHERE school_id = ${actor.schoolId} AND path LIKE ${oldPrefix + '%'}`);
    }
  },
  beforeDeactivate: async (tx, actor, row) => {
    const [child] = await tx.select({ id: locations.id }).from(locations)
      .where(and(eq(locations.schoolId, actor.schoolId), like(locations.path, `${row.path}${row.id}/%`), eq(locations.active, true))).limit(1);
    if (child) throw new AppError('org.hasChildren', 409);
  },
  exportName: (l) => label(l, 'org.locations.title'),
  exportDecorate: async (db, rows) => {
    const [cs, bs, ps] = await Promise.all([
      namesById(db, 'campuses', 'code', rows.map((r) => r.campusId)), namesById(db, 'buildings', 'code', rows.map((r) => r.buildingId)),
      namesById(db, 'locations', 'code', rows.map((r) => r.parentId)),
    ]);
    return rows.map((r) => ({ ...r, campusCode: cs.get(String(r.campusId))?.code, buildingCode: bs.get(String(r.buildingId))?.code, parentCode: ps.get(String(r.parentId))?.code }));
  },
  importDef: {
    columns: [
      col('code', '编码', 'Code', true, 'JX-101', (r) => r.code), col('name', '名称', 'Name', true, '初一(1)班教室', (r) => r.name),
      col('type', '类型', 'Type', true, '教室', (r, l) => enumLabel('locationType')(r.type, l)),
      col('campus', '校区编码', 'Campus code', false, 'MAIN', (r) => r.campusCode), col('building', '楼栋编码', 'Building code', false, 'JX', (r) => r.buildingCode),
      col('parent', '上级场所编码', 'Parent code', false, '', (r) => r.parentCode), col('floor', '楼层', 'Floor', false, 1, (r) => r.floor),
      col('areaM2', '面积', 'Area', false, 60, (r) => r.areaM2), col('capacity', '容量', 'Capacity', false, 50, (r) => r.capacity),
    ],
    keyOf: (cells) => cells.code?.trim() || null,
    toInput: async (tx, actor, cells) => ({
      code: cells.code?.trim(), name: cells.name?.trim(), type: enumValue('locationType', c.LOCATION_TYPES, cells.type, 'type'),
      campusId: await refByKey(tx, 'campuses', 'code', actor.schoolId, cells.campus, 'campus', 'org.campusMissing'),
      buildingId: (await refByKey(tx, 'buildings', 'code', actor.schoolId, cells.building, 'building', 'org.buildingMissing')) ?? null,
      parentId: (await refByKey(tx, 'locations', 'code', actor.schoolId, cells.parent, 'parent', 'org.parentMissing')) ?? null,
      floor: intValue(cells.floor, 'floor') ?? null, areaM2: intValue(cells.areaM2, 'areaM2') ?? null, capacity: intValue(cells.capacity, 'capacity') ?? null,
    }),
    findExisting: async (tx, schoolId, input) => (await tx.select().from(locations).where(and(eq(locations.schoolId, schoolId), eq(locations.code, input.code))).limit(1))[0],
  },
});

// ── Departments ──
export const departmentService = resourceService({
  entity: 'department', path: '/api/v1/departments', tag: 'org', table: departments,
  actions: { read: 'org.structure.read', write: 'org.structure.write' },
  item: c.Department, create: c.CreateDepartmentInput, update: c.UpdateDepartmentInput, listQuery: c.DepartmentListQuery,
  search: [departments.name], sorts: { name: departments.name, createdAt: departments.createdAt, id: departments.id }, defaultSort: 'id',
  unique: { departments_school_name_uq: { field: 'name', code: 'org.nameTaken', value: (v) => v.name } },
  prepare: async (tx, actor, input) => {
    if (input.headUserId) await refs.user(tx, actor.schoolId, input.headUserId, 'headUserId');
    return input;
  },
  exportName: (l) => label(l, 'org.departments.title'),
  exportColumns: (l) => [{ header: label(l, 'fields.name'), value: (r) => r.name }, { header: label(l, 'fields.phone'), value: (r) => r.phone }],
});

// ── Classes ──
export const classService = resourceService({
  entity: 'class', path: '/api/v1/classes', tag: 'org', table: classes,
  actions: { read: 'org.structure.read', write: 'org.structure.write' },
  item: c.SchoolClass, create: c.CreateClassInput, update: c.UpdateClassInput, listQuery: c.ClassListQuery,
  filters: (q) => [
    q.grade ? eq(classes.grade, q.grade) : undefined,
    q.headTeacherId ? eq(classes.headTeacherId, q.headTeacherId) : undefined,
    q.boarding ? eq(classes.boarding, q.boarding) : undefined,
  ],
  search: [classes.name], sorts: { grade: classes.grade, name: classes.name, createdAt: classes.createdAt, id: classes.id }, defaultSort: 'grade',
  unique: { classes_school_grade_name_uq: { field: 'name', code: 'org.classTaken', value: (v) => `${v.grade}-${v.name}` } },
  prepare: async (tx, actor, input) => {
    if (input.headTeacherId) await refs.user(tx, actor.schoolId, input.headTeacherId, 'headTeacherId');
    if (input.classroomId) await refs.location(tx, actor.schoolId, input.classroomId, 'classroomId');
    return input;
  },
  decorate: async (db, rows) => {
    if (!rows.length) return rows;
    const counts = await rowsOf<{ school_id: number; class_id: number; n: number }>(db, sql`SELECT school_id, class_id, count(*)::int AS n FROM students
      WHERE active AND (school_id, class_id) IN (${sql.join(rows.map((r) => sql`(${r.schoolId}::int, ${r.id}::int)`), sql`, `)}) GROUP BY school_id, class_id`);
    const m = new Map(counts.map((x) => [`${x.school_id}:${x.class_id}`, Number(x.n)]));
    return rows.map((r) => ({ ...r, studentCount: m.get(`${r.schoolId}:${r.id}`) ?? 0 }));
  },
  exportName: (l) => label(l, 'org.classes.title'),
  exportDecorate: async (db, rows) => {
    const [us, ls] = await Promise.all([namesById(db, 'users', 'username, name', rows.map((r) => r.headTeacherId)), namesById(db, 'locations', 'code', rows.map((r) => r.classroomId))]);
    return rows.map((r) => ({ ...r, headTeacherUsername: us.get(String(r.headTeacherId))?.username, headTeacherName: us.get(String(r.headTeacherId))?.name, classroomCode: ls.get(String(r.classroomId))?.code }));
  },
  importDef: {
    columns: [
      col('grade', '年级', 'Grade', true, 7, (r) => r.grade), col('name', '班级', 'Class', true, '1班', (r) => r.name),
      col('boarding', '住宿类型', 'Boarding', false, '住宿班', (r, l) => enumLabel('boarding')(r.boarding, l)),
      col('entryYear', '入学年份', 'Entry year', false, 2026, (r) => r.entryYear), col('headTeacher', '班主任用户名', 'Head teacher username', false, '', (r) => r.headTeacherUsername),
      col('headTeacherName', '班主任', 'Head teacher', false, '', (r) => r.headTeacherName), col('classroom', '教室编码', 'Classroom code', false, '', (r) => r.classroomCode),
      col('studentCount', '学生数', 'Students', false, '', (r) => r.studentCount),
    ],
    keyOf: (cells) => (cells.grade && cells.name ? `${cells.grade}-${cells.name.trim()}` : null),
    toInput: async (tx, actor, cells) => ({
      grade: intValue(cells.grade, 'grade'), name: cells.name?.trim(),
      boarding: enumValue('boarding', c.BOARDING_TYPES, cells.boarding, 'boarding') ?? 'day',
      entryYear: intValue(cells.entryYear, 'entryYear') ?? null,
      headTeacherId: (await refByKey(tx, 'users', 'username', actor.schoolId, cells.headTeacher, 'headTeacher', 'org.userMissing')) ?? null,
      classroomId: (await refByKey(tx, 'locations', 'code', actor.schoolId, cells.classroom, 'classroom', 'org.locationMissing')) ?? null,
    }),
    findExisting: async (tx, schoolId, input) => (await tx.select().from(classes).where(and(eq(classes.schoolId, schoolId), eq(classes.grade, input.grade ?? -1), eq(classes.name, input.name ?? ''))).limit(1))[0],
  },
});

// ── Students ──
export const studentService = resourceService({
  entity: 'student', path: '/api/v1/students', tag: 'org', table: students,
  actions: { read: 'org.students.read', write: 'org.students.write' },
  item: c.Student, create: c.CreateStudentInput, update: c.UpdateStudentInput, listQuery: c.StudentListQuery,
  filters: (q) => [
    q.classId ? eq(students.classId, q.classId) : undefined,
    q.grade ? inArray(students.classId, sql`(SELECT id FROM classes WHERE school_id = ${students.schoolId} AND grade = ${q.grade})`) : undefined,
    q.boarder !== undefined ? eq(students.boarder, q.boarder) : undefined,
    q.gender ? eq(students.gender, q.gender) : undefined,
  ],
  search: [students.name, students.studentNo], sorts: { name: students.name, studentNo: students.studentNo, createdAt: students.createdAt, id: students.id }, defaultSort: 'studentNo',
  unique: { students_school_no_uq: { field: 'studentNo', code: 'org.studentNoTaken', value: (v) => v.studentNo } },
  prepare: async (tx, actor, input) => {
    if (input.classId) await refs.schoolClass(tx, actor.schoolId, input.classId);
    return input;
  },
  exportName: (l) => label(l, 'org.students.title'),
  exportDecorate: async (db, rows) => {
    const cs = await namesById(db, 'classes', 'grade, name', rows.map((r) => r.classId));
    return rows.map((r) => ({ ...r, grade: cs.get(String(r.classId))?.grade, className: cs.get(String(r.classId))?.name }));
  },
  importDef: {
    columns: [
      col('studentNo', '学号', 'Student no.', true, '20260101', (r) => r.studentNo), col('name', '姓名', 'Name', true, '张小明', (r) => r.name),
      col('gender', '性别', 'Gender', false, '男', (r, l) => enumLabel('gender')(r.gender, l)),
      col('grade', '年级', 'Grade', true, 7, (r) => r.grade), col('className', '班级', 'Class', true, '1班', (r) => r.className),
      col('boarder', '住校', 'Boarder', false, '是', (r, l) => yesNo(r.boarder, l)),
      col('guardianName', '监护人', 'Guardian', false, '张建国', (r) => r.guardianName), col('guardianPhone', '监护人电话', 'Guardian phone', false, '13800000000', (r) => r.guardianPhone),
      col('birthDate', '出生日期', 'Date of birth', false, '2013-09-01', (r) => r.birthDate),
    ],
    keyOf: (cells) => cells.studentNo?.trim() || null,
    toInput: async (tx, actor, cells) => {
      const grade = intValue(cells.grade, 'grade');
      const [cls] = await tx.select({ id: classes.id }).from(classes).where(and(eq(classes.schoolId, actor.schoolId), eq(classes.grade, grade ?? -1), eq(classes.name, cells.className?.trim() ?? ''))).limit(1);
      if (!cls) throw new AppError('org.classMissing', 400, { fields: [{ path: 'className', code: 'org.classMissing' }] });
      return {
        studentNo: cells.studentNo?.trim(), name: cells.name?.trim(), gender: enumValue('gender', c.GENDERS, cells.gender, 'gender') ?? null,
        classId: cls.id, boarder: boolValue(cells.boarder, 'boarder') ?? false, guardianName: cells.guardianName ?? null,
        guardianPhone: cells.guardianPhone ?? null, birthDate: cells.birthDate ?? null,
      };
    },
    findExisting: async (tx, schoolId, input) => (await tx.select().from(students).where(and(eq(students.schoolId, schoolId), eq(students.studentNo, input.studentNo ?? ''))).limit(1))[0],
  },
});

export const orgResources = [campusService, buildingService, locationService, departmentService, classService, studentService];
