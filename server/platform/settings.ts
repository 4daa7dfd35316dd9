import { z } from 'zod';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from './errors';
import { recordAudit, diff, canonical, type Actor } from './audit';
import type { Db } from './db';
import { schoolSettings } from './settings.tables';
import { FilesSettings, FILES_SETTINGS_DEFAULTS } from '../../contracts/files';
import { NotificationsSettings, NOTIFICATIONS_SETTINGS_DEFAULTS, WEBHOOK_HOSTS, type WebhookKind } from '../../contracts/settings';

/**
 * Per-school settings of one module. Only the keys a school changed are stored; the defaults live
 * here in code, so a new default reaches every school that never touched that key.
 */
export interface SettingsDef<T> {
  module: string;
  schema: z.ZodType<T>;
  defaults: T;
  /** The actions that guard `GET` and `PATCH /api/v1/settings/<module>`. */
  read: string;
  write: string;
}

type Values = Record<string, unknown>;

function storedOf(raw: unknown): Values {
  const v = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Values) : {};
}

/**
 * Defaults with the stored values laid over them. A stored key that no longer passes the schema
 * (the schema changed since it was saved) falls back to its default instead of breaking the module.
 */
function merge<T>(def: SettingsDef<T>, stored: Values): T {
  const defaults = def.defaults as Values;
  const known = Object.fromEntries(Object.entries(stored).filter(([k]) => k in defaults));
  const whole = def.schema.safeParse({ ...defaults, ...known });
  if (whole.success) return whole.data;
  // Key by key, so one outdated value does not take the school's other settings with it.
  let acc = { ...defaults };
  for (const [k, v] of Object.entries(known)) {
    const candidate = { ...acc, [k]: v };
    if (def.schema.safeParse(candidate).success) acc = candidate;
  }
  const parsed = def.schema.safeParse(acc);
  return parsed.success ? parsed.data : def.defaults;
}

/**
 * A refused value, each issue on its own field: zod's own words for ordinary issues (the error handler names
 * each key); a custom rule carries its message key in `params.i18n`, which zod's locales cannot translate.
 * When both kinds come in one save, the ordinary issues travel as they are and are worded at reply time
 * (field label + zod's words, zh or en) — not as one generic "设置值无效" that names no field.
 */
function settingsError(err: z.ZodError): Error {
  const keyOf = (i: z.core.$ZodIssue) => (i.code === 'custom' ? (i.params as { i18n?: string } | undefined)?.i18n : undefined);
  if (!err.issues.some(keyOf)) return err;
  return new AppError('validation', 400, {
    fields: err.issues.map((i) => {
      const path = i.path.map(String).join('.');
      const key = keyOf(i);
      if (!key) return { path, code: 'validation', issue: i };
      const { i18n: _key, ...params } = (i as z.core.$ZodIssueCustom).params as Record<string, string | number>;
      return { path, code: String(key), params };
    }),
  });
}

/** The school's settings and their version (0 until first saved). */
export async function readSettings<T>(db: Db, schoolId: number, def: SettingsDef<T>): Promise<{ values: T; version: number }> {
  const [row] = await db.select({ values: schoolSettings.values, version: schoolSettings.version }).from(schoolSettings)
    .where(and(eq(schoolSettings.schoolId, schoolId), eq(schoolSettings.module, def.module))).limit(1);
  return { values: merge(def, storedOf(row?.values)), version: row?.version ?? 0 };
}

/** Defaults merged under the stored values. */
export async function getSettings<T>(db: Db, schoolId: number, def: SettingsDef<T>): Promise<T> {
  return (await readSettings(db, schoolId, def)).values;
}

/**
 * Changes some keys of a school's settings: validated by the def's schema (400 naming the key),
 * 409 when `version` is given and someone saved in between, audited in the same transaction.
 */
export async function updateSettings<T>(tx: Db, actor: Actor, def: SettingsDef<T>, patch: Partial<T>, version?: number): Promise<T> {
  return (await updateSettingsVersioned(tx, actor, def, patch, version)).values;
}

export async function updateSettingsVersioned<T>(tx: Db, actor: Actor, def: SettingsDef<T>, patch: Partial<T>, version?: number): Promise<{ values: T; version: number }> {
  const defaults = def.defaults as Values;
  const unknown = Object.keys(patch as Values).filter((k) => !(k in defaults));
  if (unknown.length) {
    throw new AppError('validation', 400, { fields: unknown.map((k) => ({ path: k, code: 'settings.unknownKey', params: { key: k } })) });
  }
  // The row lock orders concurrent saves of one school's module: the second sees the first's version.
  await tx.insert(schoolSettings).values({ schoolId: actor.schoolId, module: def.module }).onConflictDoNothing();
  const [row] = await tx.select().from(schoolSettings)
    .where(and(eq(schoolSettings.schoolId, actor.schoolId), eq(schoolSettings.module, def.module))).for('update');
  if (version !== undefined && version !== row.version) throw new AppError('conflict', 409);

  const stored = storedOf(row.values);
  const before = merge(def, stored) as Values;
  const wanted = { ...before, ...(patch as Values) };
  const parsed = def.schema.safeParse(wanted);
  if (!parsed.success) throw settingsError(parsed.error);
  const after = parsed.data as Values;

  const changes = diff(before, after);
  if (!changes) return { values: before as T, version: row.version };
  // Keep only what differs from the defaults: the rest follows the code's defaults.
  const next: Values = {};
  for (const [k, v] of Object.entries(after)) if (canonical(v) !== canonical(defaults[k])) next[k] = v;
  const [saved] = await tx.update(schoolSettings)
    .set({ values: next, version: row.version + 1, updatedAt: sql`now()`, updatedBy: actor.userId })
    .where(and(eq(schoolSettings.schoolId, actor.schoolId), eq(schoolSettings.module, def.module)))
    .returning({ version: schoolSettings.version });
  await recordAudit(tx, actor, { entity: 'settings', entityId: def.module, action: 'update', ...changes });
  return { values: after as T, version: saved.version };
}

/* ---------- The platform's own settings ---------- */

export const filesSettings: SettingsDef<FilesSettings> = {
  module: 'files',
  schema: FilesSettings,
  defaults: FILES_SETTINGS_DEFAULTS,
  read: 'settings.read',
  write: 'settings.write',
};

/**
 * The hosts a group-robot webhook may point at: WeCom's or DingTalk's, or (tests, private
 * deployments) exactly the comma-separated list in HOUQIN_WEBHOOK_HOSTS, where http is allowed too.
 */
export function webhookUrlAllowed(kind: WebhookKind, url: string, env: NodeJS.ProcessEnv = process.env): boolean {
  let u: URL;
  try { u = new URL(url); } catch { return false; }
  if (u.username || u.password) return false;
  const override = env.HOUQIN_WEBHOOK_HOSTS?.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
  if (override?.length) return (u.protocol === 'https:' || u.protocol === 'http:') && override.includes(u.host.toLowerCase());
  return u.protocol === 'https:' && u.host.toLowerCase() === WEBHOOK_HOSTS[kind] && u.port === '';
}

const NotificationsSettingsChecked = NotificationsSettings.superRefine((v, ctx) => {
  if (v.webhookKind && !v.webhookUrl) ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'required', params: { i18n: 'settings.webhookUrlRequired' } });
  if (v.webhookUrl && !v.webhookKind) ctx.addIssue({ code: 'custom', path: ['webhookKind'], message: 'required', params: { i18n: 'settings.webhookKindRequired' } });
  if (v.webhookKind && v.webhookUrl && !webhookUrlAllowed(v.webhookKind, v.webhookUrl)) {
    ctx.addIssue({ code: 'custom', path: ['webhookUrl'], message: 'host', params: { i18n: 'settings.webhookHost', host: WEBHOOK_HOSTS[v.webhookKind] } });
  }
});

/** Where outside notifications go (the URL holds the robot's key: only leaders read it). */
export const notificationsSettings: SettingsDef<NotificationsSettings> = {
  module: 'notifications',
  schema: NotificationsSettingsChecked as unknown as z.ZodType<NotificationsSettings>,
  defaults: NOTIFICATIONS_SETTINGS_DEFAULTS,
  read: 'settings.secret.read',
  write: 'settings.write',
};

/** Settings the platform itself registers (modules bring theirs in `HouqinModule.settings`). */
export const platformSettings: SettingsDef<unknown>[] = [filesSettings as SettingsDef<unknown>, notificationsSettings as SettingsDef<unknown>];
