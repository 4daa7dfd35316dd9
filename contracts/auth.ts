import { z } from 'zod';

// Roles exactly as SPEC §1. Order is the order shown in the UI.
export const ROLES = [
  'admin', 'principal', 'vice_principal', 'director', 'accountant', 'storekeeper',
  'repair_worker', 'guard', 'dorm_manager', 'canteen_manager', 'head_teacher', 'teacher',
  'inspector',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;
/** Roles held inside a school; `inspector` belongs to a district bureau. */
export const SCHOOL_ROLES = ROLES.filter((r) => r !== 'inspector');

export const Password = z.string().min(8).max(128);

export const LoginInput = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(128),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const Me = z.object({
  id: z.number(),
  username: z.string(),
  name: z.string(),
  schoolId: z.number(),
  schoolName: z.string(),
  schoolKind: z.enum(['school', 'bureau']),
  districtId: z.number(),
  roles: z.array(Role),
  /** Actions this person may perform: the web hides what they cannot do. */
  actions: z.array(z.string()),
  locale: z.string(),
});
export type Me = z.infer<typeof Me>;

export const ChangePasswordInput = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: Password,
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordInput>;
