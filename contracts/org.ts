import { z } from 'zod';
import { ListQuery, boolQuery, Id } from './common';
import { Role } from './auth';

// SPEC §3: district → school → campus → building → location; departments, classes, staff, students.

export const LOCATION_TYPES = [
  'classroom', 'office', 'lab', 'computer_room', 'function_room', 'canteen', 'dorm',
  'warehouse', 'power_room', 'sports_field', 'garden', 'gatehouse', 'other',
] as const;
export const LocationType = z.enum(LOCATION_TYPES);
export type LocationType = z.infer<typeof LocationType>;

export const BUILDING_KINDS = ['teaching', 'office', 'lab', 'dorm', 'canteen', 'gym', 'other'] as const;
export const BuildingKind = z.enum(BUILDING_KINDS);

export const SCHOOL_STAGES = ['primary', 'junior', 'senior', 'nine_year', 'complete'] as const;
export const SchoolStage = z.enum(SCHOOL_STAGES);

export const BOARDING_TYPES = ['boarding', 'day', 'mixed'] as const;
export const BoardingType = z.enum(BOARDING_TYPES);

export const GENDERS = ['male', 'female'] as const;
export const Gender = z.enum(GENDERS);

const code = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_.-]+$/);
const name = z.string().trim().min(1).max(100);
const optText = (max: number) => z.string().trim().max(max).nullish();
const phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/).nullish();
const fkId = z.number().int().positive().nullish();
const version = z.number().int().positive().optional();
const record = { id: z.number(), schoolId: z.number(), active: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string() };

/** Filters every org list shares: active state. */
const activeFilter = { active: boolQuery.optional() };

// ── Districts and schools (directory tables: no school_id of their own) ──
export const District = z.object({ id: z.number(), code: z.string(), name: z.string(), region: z.string().nullable(), active: z.boolean() });
export type District = z.infer<typeof District>;

export const School = z.object({
  id: z.number(), districtId: z.number(), code: z.string(), name: z.string(),
  kind: z.enum(['school', 'bureau']), stage: SchoolStage.nullable(), boarding: z.boolean(),
  address: z.string().nullable(), phone: z.string().nullable(), timezone: z.string(),
  active: z.boolean(), version: z.number(), createdAt: z.string(), updatedAt: z.string(),
});
export type School = z.infer<typeof School>;
export const UpdateSchoolInput = z.object({
  name, stage: SchoolStage.nullish(), boarding: z.boolean(), address: optText(200), phone,
  timezone: z.string().trim().min(3).max(60), version,
}).partial();
export type UpdateSchoolInput = z.infer<typeof UpdateSchoolInput>;
export const SchoolListQuery = ListQuery.extend({ districtId: Id.optional(), ...activeFilter });

// ── Campuses ──
export const Campus = z.object({ ...record, code: z.string(), name: z.string(), address: z.string().nullable() });
export type Campus = z.infer<typeof Campus>;
export const CreateCampusInput = z.object({ code, name, address: optText(200) });
export const UpdateCampusInput = CreateCampusInput.partial().extend({ version });
export const CampusListQuery = ListQuery.extend({ ...activeFilter });

// ── Buildings ──
export const Building = z.object({
  ...record, campusId: z.number(), code: z.string(), name: z.string(), kind: BuildingKind,
  floors: z.number().nullable(), builtYear: z.number().nullable(), areaM2: z.number().nullable(),
});
export type Building = z.infer<typeof Building>;
export const CreateBuildingInput = z.object({
  campusId: z.number().int().positive(), code, name, kind: BuildingKind.default('teaching'),
  floors: z.number().int().min(1).max(100).nullish(),
  builtYear: z.number().int().min(1900).max(2100).nullish(),
  areaM2: z.number().min(0).max(1_000_000).nullish(),
});
export const UpdateBuildingInput = CreateBuildingInput.partial().extend({ version });
export const BuildingListQuery = ListQuery.extend({ campusId: Id.optional(), kind: BuildingKind.optional(), ...activeFilter });

// ── Locations (a tree) ──
export const Location = z.object({
  ...record, campusId: z.number(), buildingId: z.number().nullable(), parentId: z.number().nullable(),
  code: z.string(), name: z.string(), type: LocationType, floor: z.number().nullable(),
  areaM2: z.number().nullable(), capacity: z.number().nullable(), depth: z.number(),
});
export type Location = z.infer<typeof Location>;
export const CreateLocationInput = z.object({
  campusId: z.number().int().positive().optional(), buildingId: fkId, parentId: fkId, code, name,
  type: LocationType, floor: z.number().int().min(-5).max(100).nullish(),
  areaM2: z.number().min(0).max(1_000_000).nullish(), capacity: z.number().int().min(0).max(100_000).nullish(),
});
export type CreateLocationInput = z.infer<typeof CreateLocationInput>;
export const UpdateLocationInput = CreateLocationInput.partial().extend({ version });
export const LocationListQuery = ListQuery.extend({
  campusId: Id.optional(), buildingId: Id.optional(), parentId: Id.optional(),
  /** All descendants of this location. */
  under: Id.optional(), type: LocationType.optional(), ...activeFilter,
});

// ── Departments ──
export const Department = z.object({ ...record, code: z.string().nullable(), name: z.string(), headUserId: z.number().nullable(), phone: z.string().nullable() });
export type Department = z.infer<typeof Department>;
export const CreateDepartmentInput = z.object({ name, code: code.nullish(), headUserId: fkId, phone });
export const UpdateDepartmentInput = CreateDepartmentInput.partial().extend({ version });
export const DepartmentListQuery = ListQuery.extend({ ...activeFilter });

// ── Classes ──
export const SchoolClass = z.object({
  ...record, grade: z.number(), name: z.string(), entryYear: z.number().nullable(),
  headTeacherId: z.number().nullable(), boarding: BoardingType, classroomId: z.number().nullable(),
  studentCount: z.number().optional(),
});
export type SchoolClass = z.infer<typeof SchoolClass>;
export const CreateClassInput = z.object({
  grade: z.number().int().min(1).max(12), name: z.string().trim().min(1).max(40),
  entryYear: z.number().int().min(2000).max(2100).nullish(), headTeacherId: fkId,
  boarding: BoardingType.default('day'), classroomId: fkId,
});
export const UpdateClassInput = CreateClassInput.partial().extend({ version });
export const ClassListQuery = ListQuery.extend({ grade: z.coerce.number().int().optional(), headTeacherId: Id.optional(), boarding: BoardingType.optional(), ...activeFilter });

// ── Staff accounts ──
export const User = z.object({
  ...record, username: z.string(), name: z.string(), gender: Gender.nullable(), phone: z.string().nullable(),
  employeeNo: z.string().nullable(), departmentId: z.number().nullable(), post: z.string().nullable(),
  roles: z.array(Role), lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;
const username = z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9_.@-]+$/);
export const CreateUserInput = z.object({
  username, name: z.string().trim().min(1).max(50), password: z.string().min(8).max(128),
  gender: Gender.nullish(), phone, employeeNo: optText(40), departmentId: fkId, post: optText(50),
  roles: z.array(Role).max(13).default(['teacher']),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;
export const UpdateUserInput = CreateUserInput.omit({ password: true, username: true }).partial().extend({ version });
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;
export const ResetPasswordInput = z.object({ password: z.string().min(8).max(128) });
export const UserListQuery = ListQuery.extend({ departmentId: Id.optional(), role: Role.optional(), ...activeFilter });

// ── Students ──
export const Student = z.object({
  ...record, studentNo: z.string(), name: z.string(), gender: Gender.nullable(), classId: z.number(),
  boarder: z.boolean(), guardianName: z.string().nullable(), guardianPhone: z.string().nullable(),
  birthDate: z.string().nullable(),
});
export type Student = z.infer<typeof Student>;
export const CreateStudentInput = z.object({
  studentNo: z.string().trim().min(1).max(30).regex(/^[A-Za-z0-9_-]+$/), name: z.string().trim().min(1).max(50),
  gender: Gender.nullish(), classId: z.number().int().positive(), boarder: z.boolean().default(false),
  guardianName: optText(50), guardianPhone: phone,
  birthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullish(),
});
export const UpdateStudentInput = CreateStudentInput.partial().extend({ version });
export const StudentListQuery = ListQuery.extend({ classId: Id.optional(), grade: z.coerce.number().int().optional(), boarder: boolQuery.optional(), gender: Gender.optional(), ...activeFilter });

export const OrgSummary = z.object({
  campuses: z.number(), buildings: z.number(), locations: z.number(), locationsByType: z.record(z.string(), z.number()),
  departments: z.number(), classes: z.number(), staff: z.number(), students: z.number(), boarders: z.number(),
});
export type OrgSummary = z.infer<typeof OrgSummary>;
