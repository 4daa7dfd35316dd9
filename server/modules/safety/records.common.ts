import type { FastifyReply, FastifyRequest } from 'fastify';
import { eq, sql, type SQL } from 'drizzle-orm';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { pickLocale, translate } from '../../../contracts/i18n';
import { SAFETY_LEADERS } from '../../../contracts/safetyRecords';
import { AppError, sendError, zodFieldErrors } from '../../platform/errors';
import { authOf, readScope } from '../../platform/http';
import { historyItem } from '../../platform/resource';
import { rowsOf } from '../../platform/db';
import { schools } from '../../platform/platform.tables';
import type { Db } from '../../platform/db';

/** Audit and files entity names of the records (the files engine keeps documents and photos under them). */
export const ENTITY = {
  plan: 'safetyPlan', planVersion: 'safetyPlanVersion', drill: 'safetyDrill', education: 'safetyEducation',
  post: 'safetyPost', agreement: 'safetyAgreement', incident: 'safetyIncident',
} as const;

/** Who is reading: the schools they may read, themselves, their roles. */
export interface Reader { schoolIds: number[]; userId: number; roles: readonly string[] }

export function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles };
}

export const isLeader = (roles: readonly string[] | undefined) => (roles ?? []).some((r) => (SAFETY_LEADERS as readonly string[]).includes(r));

/** One school for a per-school answer: your own, or for an inspector the school named (400 without one). */
export function oneSchool(req: FastifyRequest, schoolId?: number): number {
  const scope = readScope(req, schoolId);
  if (scope.length !== 1) throw new AppError('safety.schoolRequired', 400, { fields: [{ path: 'schoolId', code: 'safety.schoolRequired' }] });
  return scope[0];
}

/** A search term for ILIKE, its wildcards taken literally. */
export const like = (s: string) => `%${s.replace(/[\\%_]/g, (m) => '\\' + m)}%`;

export const intList = (xs: readonly number[]) => sql.join(xs.map((x) => sql`${x}::int`), sql`, `);
export const inSchools = (col: SQL | string, xs: readonly number[]): SQL => sql`${typeof col === 'string' ? sql.raw(col) : col} IN (${intList(xs)})`;

export const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
export const isoOrNull = (v: unknown): string | null => (v == null ? null : iso(v));
export const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));
export const strOrNull = (v: unknown): string | null => (v == null ? null : String(v));

export async function schoolZone(db: Db, schoolId: number): Promise<string> {
  const [row] = await db.select({ tz: schools.timezone }).from(schools).where(eq(schools.id, schoolId)).limit(1);
  return row?.tz ?? 'Asia/Shanghai';
}

export const notFound = () => new AppError('notFound', 404);
/** Someone changed the record since it was read (the edit carried an old `version`). */
export const stale = () => new AppError('conflict', 409);

/** A 400 naming one field, with a message key under errors.safety. */
export const badField = (path: string, code: string, params?: Record<string, string | number>) =>
  new AppError(code, 400, { ...(params ? { params } : {}), fields: [{ path, code, ...(params ? { params } : {}) }] });

/**
 * Input checks in the request's language, naming each field by its label: routes of this part
 * attach schema errors (attachValidation) and this answers them in the one 400 shape, with the
 * labels of `safety.fields.*` where the platform's `fields.*` have none.
 */
export function checkInput(req: FastifyRequest, reply: FastifyReply) {
  const err: unknown = req.validationError;
  if (!err) return;
  if (!hasZodFastifySchemaValidationErrors(err)) throw err;
  const locale = pickLocale(req.headers['accept-language']);
  const issues = err.validation.map((v) => ({
    ...(v.params as object), code: v.keyword, message: v.message,
    path: v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
  })) as unknown as z.core.$ZodIssue[];
  const context = err.validationContext;
  const prefix = context && context !== 'body' ? [context] : [];
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const fields = zodFieldErrors(locale, issues, prefix).map((f, i) => {
    const path = issues[i].path.map(String);
    const name = [...issues[i].path].reverse().find((p) => typeof p === 'string') as string | undefined;
    const fallback = `${path.join('.')}${sep}`;
    const own = name ? translate(locale, `safety.fields.${name}`) : '';
    const message = own && !own.startsWith('safety.fields.') && f.message.startsWith(fallback) ? `${own}${sep}${f.message.slice(fallback.length)}` : f.message;
    return { path: f.path, message };
  });
  return sendError(reply, req, 400, 'validation', undefined, fields);
}

/** The audit entries of some records (a record and its parts: a plan and its versions), newest first, one query. */
export async function historyOf(db: Db, schoolId: number, of: { entity: string; ids: number[] }[]) {
  const conds = of.filter((x) => x.ids.length).map((x) => sql`(entity = ${x.entity} AND entity_id IN (${sql.join(x.ids.map((id) => sql`${String(id)}`), sql`, `)}))`);
  if (!conds.length) return [];
  const rows = await rowsOf<Record<string, unknown>>(db, sql`SELECT seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after
    FROM audit_log WHERE school_id = ${schoolId} AND (${sql.join(conds, sql` OR `)}) ORDER BY seq DESC LIMIT 200`);
  return rows.map(historyItem);
}

/** "YYYY-MM-DD HH:mm" of an instant in a zone (documents and exports). */
export function localDateTimeOf(at: string | Date, tz: string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(d).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}
