import { and, eq, sql, inArray } from 'drizzle-orm';
import * as c from '../../../contracts/org';
import { SCHOOL_ROLES, type Role } from '../../../contracts/auth';
import { translate } from '../../../contracts/i18n';
import { AppError, pgErrorCode } from '../../platform/errors';
import { rowsOf, type Db } from '../../platform/db';
import { recordAudit, type Actor } from '../../platform/audit';
import { users, userRoles, usernames } from '../../platform/platform.tables';
import { hashPassword } from '../../platform/passwords';
import { endUserSessions, forgetSessions } from '../../platform/sessions';
import { resourceService } from '../../platform/resource';
import { refs } from './org.refs';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Row = Record<string, any>;

/**
 * An admin grants any school role; anyone else only roles they hold. Nobody changes their
 * own roles, and the district's inspector role is never granted inside a school (ADR 0002).
 */
export function checkGrant(actor: Actor, targetId: number | null, before: readonly string[], after: readonly string[]) {
  const changed = [...after.filter((r) => !before.includes(r)), ...before.filter((r) => !after.includes(r))];
  if (!changed.length) return;
  if (targetId !== null && targetId === actor.userId) throw new AppError('org.ownRoles', 403);
  const held = actor.roles ?? [];
  for (const role of changed) {
    if (role === 'inspector') throw new AppError('org.inspectorRole', 403, { fields: [{ path: 'roles', code: 'org.inspectorRole' }] });
    if (!held.includes('admin') && !held.includes(role)) throw new AppError('org.grantNotHeld', 403, { params: { role }, fields: [{ path: 'roles', code: 'org.grantNotHeld', params: { role } }] });
  }
}

async function rolesOf(db: Db, schoolId: number, userId: number): Promise<Role[]> {
  const rows = await db.select({ role: userRoles.role }).from(userRoles).where(and(eq(userRoles.schoolId, schoolId), eq(userRoles.userId, userId)));
  return rows.map((r) => r.role as Role).sort();
}

async function setRoles(tx: Db, actor: Actor, userId: number, roles: Role[]) {
  const before = await rolesOf(tx, actor.schoolId, userId);
  const after = [...new Set(roles)].sort();
  checkGrant(actor, userId, before, after);
  if (before.join() === after.join()) return;
  await tx.delete(userRoles).where(and(eq(userRoles.schoolId, actor.schoolId), eq(userRoles.userId, userId)));
  if (after.length) await tx.insert(userRoles).values(after.map((role) => ({ schoolId: actor.schoolId, userId, role })));
  await recordAudit(tx, actor, { entity: 'user', entityId: userId, action: 'roles', before: { roles: before }, after: { roles: after } });
}

const usernameTaken = (value: string) => new AppError('org.usernameTaken', 409, { params: { value }, fields: [{ path: 'username', code: 'org.usernameTaken', params: { value } }] });

export const userService = resourceService({
  entity: 'user', path: '/api/v1/users', tag: 'accounts', table: users,
  actions: { read: 'org.staff.read', write: 'org.staff.write' },
  item: c.User, create: c.CreateUserInput, update: c.UpdateUserInput, listQuery: c.UserListQuery,
  hidden: ['passwordHash', 'passwordChangedAt', 'locale'],
  filters: (q) => [
    q.departmentId ? eq(users.departmentId, q.departmentId) : undefined,
    q.role ? sql`EXISTS (SELECT 1 FROM user_roles r WHERE r.school_id = ${users.schoolId} AND r.user_id = ${users.id} AND r.role = ${q.role})` : undefined,
  ],
  search: [users.name, users.username, users.employeeNo], sorts: { name: users.name, username: users.username, createdAt: users.createdAt, id: users.id }, defaultSort: 'id',
  unique: { users_school_username_uq: { field: 'username', code: 'org.usernameTaken', value: (v) => v.username } },
  prepare: async (tx, actor, input, existing) => {
    const { password, roles, ...rest } = input;
    if (rest.departmentId) await refs.department(tx, actor.schoolId, rest.departmentId);
    if (roles) checkGrant(actor, existing ? existing.id : null, existing ? await rolesOf(tx, actor.schoolId, existing.id) : [], roles);
    if (!existing && password) rest.passwordHash = await hashPassword(password);
    return rest;
  },
  afterWrite: async (tx, actor, row, existing, input) => {
    if (input.roles) await setRoles(tx, actor, row.id, input.roles);
    if (existing) forgetSessions(actor.schoolId, row.id); // name, roles or department: the next request reads them again
    if (!existing) {
      try {
        await tx.insert(usernames).values({ username: row.username.toLowerCase(), schoolId: actor.schoolId, userId: row.id });
      } catch (e) {
        if (pgErrorCode(e).code === '23505') throw usernameTaken(row.username);
        throw e;
      }
    }
  },
  beforeDeactivate: async (_tx, actor, row) => {
    if (row.id === actor.userId) throw new AppError('org.selfDeactivate', 409);
  },
  afterActiveChange: async (tx, actor, row) => {
    if (!row.active) await endUserSessions(tx, actor.schoolId, row.id);
  },
  decorate: async (db, rows) => {
    if (!rows.length) return rows;
    const found = await rowsOf<{ school_id: number; user_id: number; role: string }>(db, sql`SELECT school_id, user_id, role FROM user_roles
      WHERE (school_id, user_id) IN (${sql.join(rows.map((r) => sql`(${r.schoolId}::int, ${r.id}::int)`), sql`, `)}) ORDER BY role`);
    const m = new Map<string, string[]>();
    for (const f of found) { const k = `${f.school_id}:${f.user_id}`; m.set(k, [...(m.get(k) ?? []), f.role]); }
    return rows.map((r) => ({ ...r, roles: m.get(`${r.schoolId}:${r.id}`) ?? [] }));
  },
  exportName: (l) => translate(l, 'org.users.title'),
  exportDecorate: async (db, rows) => {
    const ids = [...new Set(rows.map((r) => r.departmentId).filter((x) => x != null))];
    const ds = ids.length ? await rowsOf<{ id: number; name: string }>(db, sql`SELECT id, name FROM departments WHERE id IN (${sql.join(ids.map((x) => sql`${x}::int`), sql`, `)})`) : [];
    const m = new Map(ds.map((d) => [Number(d.id), d.name]));
    return rows.map((r) => ({ ...r, departmentName: m.get(Number(r.departmentId)) ?? null }));
  },
  importDef: {
    columns: [
      { key: 'username', zh: '用户名', en: 'Username', required: true, example: 'zhangsan', value: (r) => r.username },
      { key: 'name', zh: '姓名', en: 'Name', required: true, example: '张三', value: (r) => r.name },
      { key: 'gender', zh: '性别', en: 'Gender', example: '男', value: (r, l) => (r.gender ? translate(l, `enums.gender.${r.gender}`) : '') },
      { key: 'phone', zh: '电话', en: 'Phone', example: '13900000000', value: (r) => r.phone },
      { key: 'employeeNo', zh: '工号', en: 'Staff no.', example: 'T001', value: (r) => r.employeeNo },
      { key: 'department', zh: '部门', en: 'Department', example: '教务处', value: (r) => r.departmentName },
      { key: 'post', zh: '岗位', en: 'Post', example: '语文教师', value: (r) => r.post },
      { key: 'roles', zh: '角色', en: 'Roles', example: '教师', value: (r, l) => (r.roles as string[]).map((x) => translate(l, `enums.role.${x}`)).join('、') },
      { key: 'password', zh: '初始密码', en: 'Initial password', example: 'change-me-2026', value: () => null },
    ],
    keyOf: (cells) => cells.username?.trim().toLowerCase() || null,
    toInput: async (tx, actor, cells) => {
      const out: Row = { username: cells.username?.trim(), name: cells.name?.trim(), phone: cells.phone ?? null, employeeNo: cells.employeeNo ?? null, post: cells.post ?? null };
      if (cells.gender) out.gender = cells.gender === '男' || cells.gender.toLowerCase() === 'male' ? 'male' : cells.gender === '女' || cells.gender.toLowerCase() === 'female' ? 'female' : cells.gender;
      if (cells.department) {
        const [d] = await rowsOf<{ id: number }>(tx, sql`SELECT id FROM departments WHERE school_id = ${actor.schoolId} AND name = ${cells.department.trim()}`);
        if (!d) throw new AppError('org.departmentMissing', 400, { fields: [{ path: 'department', code: 'org.departmentMissing' }] });
        out.departmentId = d.id;
      }
      if (cells.roles) {
        out.roles = cells.roles.split(/[,，、;；\s]+/).filter(Boolean).map((t) => {
          const role = SCHOOL_ROLES.find((r) => r === t || translate('zh-CN', `enums.role.${r}`) === t || translate('en-US', `enums.role.${r}`).toLowerCase() === t.toLowerCase());
          if (!role) throw new AppError('org.importBadValue', 400, { params: { value: t }, fields: [{ path: 'roles', code: 'org.importBadValue', params: { value: t } }] });
          return role;
        });
      }
      if (cells.password) out.password = cells.password;
      return out;
    },
    findExisting: async (tx, schoolId, input) => (await tx.select().from(users).where(and(eq(users.schoolId, schoolId), eq(users.username, input.username ?? ''))).limit(1))[0],
  },
});

export async function resetPassword(tx: Db, actor: Actor, id: number, password: string) {
  await userService.lockRow(tx, actor.schoolId, id);
  await tx.update(users).set({ passwordHash: await hashPassword(password), passwordChangedAt: new Date(), updatedAt: new Date(), version: sql`${users.version} + 1` })
    .where(and(eq(users.schoolId, actor.schoolId), eq(users.id, id)));
  await endUserSessions(tx, actor.schoolId, id);
  await recordAudit(tx, actor, { entity: 'user', entityId: id, action: 'resetPassword', after: { passwordChanged: true } });
}

/** The people of a school holding a role, for pickers (head teachers, workers). */
export async function usersWithRole(db: Db, schoolId: number, role: Role) {
  return db.select({ id: users.id, name: users.name }).from(users)
    .where(and(eq(users.schoolId, schoolId), eq(users.active, true), inArray(users.id, sql`(SELECT user_id FROM user_roles WHERE school_id = ${schoolId} AND role = ${role})`)));
}
