import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { and, eq, inArray, or, ilike, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { IdParams, Page, HistoryEntry, ImportReport, type ListQuery } from '../../contracts/common';
import { translate, pickLocale, type Locale } from '../../contracts/i18n';
import { AppError, pgErrorCode } from './errors';
import { recordAudit, diff, type Actor } from './audit';
import { actorOf, readScope } from './http';
import { keyset, type SortMap } from './pagination';
import { rowsOf, type Db } from './db';
import { cachedJson } from './readcache';
import { sendXlsx, readXlsx, templateXlsx, type SheetColumn } from './excel';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Row = Record<string, any>;
type Table = PgTable & { schoolId: PgColumn; id: PgColumn; active: PgColumn; version: PgColumn; updatedAt: PgColumn } & Record<string, any>;

export interface UniqueRule { field: string; code: string; value: (values: Row) => string }

export interface ImportColumn {
  key: string;
  /** Header text per locale; either is accepted when reading. */
  zh: string;
  en: string;
  required?: boolean;
  example?: string | number;
  /** The cell this column gets on export, in the same form the import reads back. */
  value?: (row: Row, locale: Locale) => string | number | boolean | null | undefined;
}

export interface ImportDef {
  columns: ImportColumn[];
  /** The natural key that makes a re-import update instead of duplicate. */
  keyOf: (cells: Record<string, string | null>) => string | null;
  /** Resolves names to ids and validates; returns the create/update input, or throws AppError with fields. */
  toInput: (tx: Db, actor: Actor, cells: Record<string, string | null>, locale: Locale) => Promise<Row>;
  /** Finds the existing record (active or not) by the natural key. */
  findExisting: (tx: Db, schoolId: number, input: Row) => Promise<Row | undefined>;
  maxRows?: number;
}

export interface ResourceDef<T extends Table> {
  entity: string;
  path: string;
  tag: string;
  table: T;
  actions: { read: string; write: string };
  item: z.ZodObject<any>;
  create?: z.ZodObject<any>;
  update?: z.ZodObject<any>;
  listQuery: z.ZodObject<any>;
  filters?: (q: any) => (SQL | undefined)[];
  search?: PgColumn[];
  sorts: SortMap;
  defaultSort: string;
  unique?: Record<string, UniqueRule>;
  /** Validates references and derives columns; `existing` is set on update. */
  prepare?: (tx: Db, actor: Actor, input: Row, existing?: Row) => Promise<Row>;
  afterWrite?: (tx: Db, actor: Actor, row: Row, existing: Row | undefined, input: Row) => Promise<void>;
  beforeDeactivate?: (tx: Db, actor: Actor, row: Row) => Promise<void>;
  afterActiveChange?: (tx: Db, actor: Actor, row: Row) => Promise<void>;
  /** Adds computed fields to a page of rows with one query (never one per row). */
  decorate?: (db: Db, rows: Row[]) => Promise<Row[]>;
  /** Columns never sent to a client. */
  hidden?: string[];
  /** Export columns; without them, the import columns (so an export re-imports as it is). */
  exportColumns?: (locale: Locale) => SheetColumn<Row>[];
  /** Adds what the export's columns need (names behind ids) to a page, with one query. */
  exportDecorate?: (db: Db, rows: Row[]) => Promise<Row[]>;
  exportName?: (locale: Locale) => string;
  importDef?: ImportDef;
}

export function toApi(row: Row, hidden: string[] = []): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) {
    if (hidden.includes(k)) continue;
    out[k] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** Turns a unique violation into 409 naming the field; rethrows anything else. */
export function rethrowUnique(e: unknown, rules: Record<string, UniqueRule> | undefined, values: Row): never {
  const pe = pgErrorCode(e);
  if (pe.code === '23505' && pe.constraint && rules?.[pe.constraint]) {
    const r = rules[pe.constraint];
    const value = r.value(values);
    throw new AppError(r.code, 409, { params: { value }, fields: [{ path: r.field, code: r.code, params: { value } }] });
  }
  throw e;
}

/** Builds the service functions of a resource; routes and imports share them. */
export function resourceService<T extends Table>(def: ResourceDef<T>) {
  const t = def.table;
  const hidden = def.hidden ?? [];
  const api = (r: Row) => toApi(r, hidden);

  async function getRow(db: Db, schoolIds: number[], id: number): Promise<Row> {
    const [row] = await db.select().from(t as PgTable).where(and(inArray(t.schoolId, schoolIds), eq(t.id, id))).limit(1);
    if (!row) throw new AppError('notFound', 404);
    return row as Row;
  }

  async function lockRow(tx: Db, schoolId: number, id: number): Promise<Row> {
    const [row] = await tx.select().from(t as PgTable).where(and(eq(t.schoolId, schoolId), eq(t.id, id))).for('update').limit(1);
    if (!row) throw new AppError('notFound', 404);
    return row as Row;
  }

  function listWhere(q: any, schoolIds: number[]): SQL | undefined {
    const conds: (SQL | undefined)[] = [inArray(t.schoolId, schoolIds), ...(def.filters?.(q) ?? [])];
    conds.push(eq(t.active, q.active ?? true));
    if (q.q && def.search?.length) {
      const like = `%${String(q.q).replace(/[\\%_]/g, (m) => '\\' + m)}%`;
      conds.push(or(...def.search.map((c) => ilike(c, like))));
    }
    return and(...conds);
  }

  async function list(db: Db, q: ListQuery & Row, schoolIds: number[]) {
    const ks = keyset({ sort: q.sort, defaultSort: def.defaultSort, sorts: def.sorts, id: t.id, cursor: q.cursor });
    const rows = (await db.select().from(t as PgTable).where(and(listWhere(q, schoolIds), ks.where)).orderBy(...ks.orderBy).limit(q.limit)) as Row[];
    const decorated = def.decorate ? await def.decorate(db, rows) : rows;
    return { items: decorated.map(api), nextCursor: ks.next(rows, q.limit) };
  }

  async function* pages(db: Db, q: Row, schoolIds: number[]) {
    let cursor: string | undefined;
    do {
      const page = await list(db, { ...q, limit: 1000, cursor } as any, schoolIds);
      yield def.exportDecorate ? await def.exportDecorate(db, page.items) : page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  async function create(tx: Db, actor: Actor, input: Row): Promise<Row> {
    const values = def.prepare ? await def.prepare(tx, actor, input) : input;
    let row: Row;
    try {
      [row] = (await tx.insert(t as PgTable).values({ ...values, schoolId: actor.schoolId } as any).returning()) as Row[];
    } catch (e) { rethrowUnique(e, def.unique, values); }
    await recordAudit(tx, actor, { entity: def.entity, entityId: row.id, action: 'create', after: api(row) });
    await def.afterWrite?.(tx, actor, row, undefined, input);
    return row;
  }

  async function update(tx: Db, actor: Actor, id: number, input: Row): Promise<Row> {
    const existing = await lockRow(tx, actor.schoolId, id);
    const { version, ...rest } = input;
    if (version !== undefined && version !== existing.version) throw new AppError('conflict', 409);
    const values = def.prepare ? await def.prepare(tx, actor, rest, existing) : rest;
    const changes = diff(api(existing), api({ ...existing, ...values }));
    if (!changes) {
      await def.afterWrite?.(tx, actor, existing, existing, input);
      return existing;
    }
    let row: Row;
    try {
      [row] = (await tx.update(t as PgTable).set({ ...values, version: sql`${t.version} + 1`, updatedAt: new Date() } as any)
        .where(and(eq(t.schoolId, actor.schoolId), eq(t.id, id))).returning()) as Row[];
    } catch (e) { rethrowUnique(e, def.unique, { ...existing, ...values }); }
    await recordAudit(tx, actor, { entity: def.entity, entityId: id, action: 'update', ...changes });
    await def.afterWrite?.(tx, actor, row, existing, input);
    return row;
  }

  async function setActive(tx: Db, actor: Actor, id: number, active: boolean): Promise<Row> {
    const existing = await lockRow(tx, actor.schoolId, id);
    if (existing.active === active) throw new AppError('stateConflict', 409);
    if (!active) await def.beforeDeactivate?.(tx, actor, existing);
    const [row] = (await tx.update(t as PgTable).set({ active, version: sql`${t.version} + 1`, updatedAt: new Date() } as any)
      .where(and(eq(t.schoolId, actor.schoolId), eq(t.id, id))).returning()) as Row[];
    await recordAudit(tx, actor, { entity: def.entity, entityId: id, action: active ? 'activate' : 'deactivate', before: { active: !active }, after: { active } });
    await def.afterActiveChange?.(tx, actor, row);
    return row;
  }

  return { def, api, getRow, lockRow, list, pages, create, update, setActive, listWhere };
}

export type ResourceService = ReturnType<typeof resourceService>;

const Rollback = Symbol('rollback');

/** Runs an import: every row in its own savepoint, so a bad row is reported and the rest stand. */
export async function runImport(db: Db, svc: ResourceService, actor: Actor, buffer: Buffer, locale: Locale, dryRun: boolean) {
  const def = svc.def.importDef!;
  const max = def.maxRows ?? 5000;
  let sheet;
  try { sheet = await readXlsx(buffer, max); } catch { throw new AppError('org.importBadFile', 400, { fields: [{ path: 'file', code: 'org.importBadFile' }] }); }
  if (sheet.rows.length > max) throw new AppError('org.importTooMany', 400, { params: { max } });
  const byHeader = new Map<string, ImportColumn>();
  for (const c of def.columns) for (const h of [c.zh, c.en, c.key]) byHeader.set(h.replace(/\*$/, '').trim().toLowerCase(), c);
  const present = new Set(sheet.headers.map((h) => byHeader.get((h ?? '').replace(/\*$/, '').trim().toLowerCase())?.key).filter(Boolean));
  const missing = def.columns.filter((c) => c.required && !present.has(c.key));
  if (missing.length) throw new AppError('org.importNoHeader', 400, { params: { columns: missing.map((c) => (locale === 'zh-CN' ? c.zh : c.en)).join('、') } });

  const report: z.infer<typeof ImportReport> = { dryRun, total: sheet.rows.length, created: 0, updated: 0, unchanged: 0, refused: 0, rows: [] };
  const seen = new Map<string, number>();
  const sep = locale === 'zh-CN' ? '：' : ': ';
  const colLabel = (key: string) => { const c = def.columns.find((x) => x.key === key); return c ? (locale === 'zh-CN' ? c.zh : c.en) : translate(locale, `fields.${key}`); };

  const work = async (outer: Db) => {
    for (const { row, cells: rawCells } of sheet.rows) {
      const cells: Record<string, string | null> = {};
      for (const [h, v] of Object.entries(rawCells)) {
        const c = byHeader.get(h.replace(/\*$/, '').trim().toLowerCase());
        if (c) cells[c.key] = v == null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
      }
      const key = def.keyOf(cells);
      const line = { row, key, status: 'refused' as 'created' | 'updated' | 'unchanged' | 'refused', errors: [] as { field: string; message: string }[] };
      const required = def.columns.filter((c) => c.required && !cells[c.key]);
      if (required.length) {
        line.errors = required.map((c) => ({ field: c.key, message: `${colLabel(c.key)}${sep}${translate(locale, 'errors.org.importRequired')}` }));
      } else if (key && seen.has(key)) {
        line.errors = [{ field: '', message: translate(locale, 'errors.org.importDuplicateInFile', { row: seen.get(key)! }) }];
      } else {
        try {
          await outer.transaction(async (tx) => {
            const input = await def.toInput(tx, actor, cells, locale);
            const existing = await def.findExisting(tx, actor.schoolId, input);
            if (!existing) {
              await svc.create(tx, actor, svc.def.create ? svc.def.create.parse(input) : input);
              line.status = 'created';
            } else {
              const parsed = svc.def.update ? svc.def.update.parse(input) : input;
              const after = await svc.update(tx, actor, existing.id, parsed);
              if (!existing.active) await svc.setActive(tx, actor, existing.id, true);
              // update() reads the row again under lock: compare versions, not objects.
              line.status = Number(after.version) === Number(existing.version) && existing.active ? 'unchanged' : 'updated';
            }
          });
        } catch (e) {
          line.status = 'refused';
          line.errors = importErrors(e, locale, colLabel, sep);
        }
      }
      if (key && !seen.has(key)) seen.set(key, row);
      report[line.status]++;
      report.rows.push(line);
    }
    if (dryRun) throw Rollback;
  };
  try { await db.transaction(work as any); } catch (e) { if (e !== Rollback) throw e; }
  return report;
}

function importErrors(e: unknown, locale: Locale, label: (k: string) => string, sep: string) {
  if (e instanceof AppError) {
    if (e.details.fields?.length) return e.details.fields.map((f) => ({ field: f.path, message: `${label(f.path)}${sep}${translate(locale, `errors.${f.code}`, f.params)}` }));
    return [{ field: '', message: translate(locale, `errors.${e.code}`, e.details.params) }];
  }
  if (e instanceof z.ZodError) {
    return e.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      const raw = (locale === 'zh-CN' ? z.locales.zhCN() : z.locales.en()).localeError(i as never);
      const text = typeof raw === 'string' ? raw : (raw as { message?: string })?.message ?? i.message;
      return { field, message: `${label(field)}${sep}${text}` };
    });
  }
  throw e;
}

/** Registers list, detail, history, export, create, update, (de)activate and import routes. */
export function registerResource(app: FastifyInstance, db: Db, svc: ResourceService) {
  const def = svc.def;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = [def.tag];
  const read = { action: def.actions.read };
  const write = { action: def.actions.write };

  // Pages are served from the read cache on PGlite until the next write (docs/adr/0004); the text is
  // what the response schema's serialiser would make of the same page.
  const pageSchema = Page(def.item);
  r.get(def.path, { schema: { tags, querystring: def.listQuery, response: { 200: pageSchema } }, config: read }, async (req, reply) => {
    const q = req.query as any;
    const scope = readScope(req, q.schoolId);
    const text = await cachedJson(db, `${def.path}|${scope.join(',')}|${JSON.stringify(q)}`,
      () => svc.list(db, q, scope), (page) => JSON.stringify(z.encode(pageSchema, page as never)));
    return reply.type('application/json; charset=utf-8').send(text as never);
  });

  const exportColumns = def.exportColumns ?? (def.importDef?.columns.every((c) => c.value)
    ? (l: Locale) => def.importDef!.columns.map((c) => ({ header: l === 'zh-CN' ? c.zh : c.en, value: (row: Row) => c.value!(row, l) }))
    : undefined);
  if (exportColumns) {
    r.get(`${def.path}/export`, { schema: { tags, querystring: def.listQuery.omit({ cursor: true, limit: true }) }, config: read }, async (req, reply) => {
      const locale = pickLocale(req.headers['accept-language']);
      const q = req.query as any;
      const name = def.exportName?.(locale) ?? def.entity;
      return sendXlsx(reply, `${name}-${new Date().toISOString().slice(0, 10)}`, name, exportColumns(locale), svc.pages(db, q, readScope(req, q.schoolId)));
    });
  }

  r.get(`${def.path}/:id`, { schema: { tags, params: IdParams, response: { 200: def.item } }, config: read }, async (req) => {
    const row = await svc.getRow(db, readScope(req), req.params.id);
    const [decorated] = def.decorate ? await def.decorate(db, [row]) : [row];
    return svc.api(decorated);
  });

  r.get(`${def.path}/:id/history`, { schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(HistoryEntry) }) } }, config: read }, async (req) => {
    const row = await svc.getRow(db, readScope(req), req.params.id);
    return { items: await entityHistory(db, row.schoolId, def.entity, row.id) };
  });

  if (def.create) {
    r.post(def.path, { schema: { tags, body: def.create, response: { 201: def.item } }, config: write }, async (req, reply) => {
      const actor = actorOf(req);
      const row = await db.transaction((tx) => svc.create(tx as unknown as Db, actor, req.body as Row));
      const [decorated] = def.decorate ? await def.decorate(db, [row]) : [row];
      return reply.status(201).send(svc.api(decorated) as any);
    });
  }
  if (def.update) {
    r.patch(`${def.path}/:id`, { schema: { tags, params: IdParams, body: def.update, response: { 200: def.item } }, config: write }, async (req) => {
      const actor = actorOf(req);
      const row = await db.transaction((tx) => svc.update(tx as unknown as Db, actor, req.params.id, req.body as Row));
      const [decorated] = def.decorate ? await def.decorate(db, [row]) : [row];
      return svc.api(decorated);
    });
  }
  for (const [verb, active] of [['deactivate', false], ['activate', true]] as const) {
    r.post(`${def.path}/:id/${verb}`, { schema: { tags, params: IdParams, response: { 200: def.item } }, config: write }, async (req) => {
      const actor = actorOf(req);
      const row = await db.transaction((tx) => svc.setActive(tx as unknown as Db, actor, req.params.id, active));
      const [decorated] = def.decorate ? await def.decorate(db, [row]) : [row];
      return svc.api(decorated);
    });
  }

  if (def.importDef) {
    const imp = def.importDef;
    r.get(`${def.path}/import/template`, { schema: { tags }, config: write }, async (req, reply) => {
      const locale = pickLocale(req.headers['accept-language']);
      const headers = imp.columns.map((c) => (locale === 'zh-CN' ? c.zh : c.en) + (c.required ? '*' : ''));
      const buf = await templateXlsx(def.exportName?.(locale) ?? def.entity, headers, [imp.columns.map((c) => c.example ?? '')]);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="template.xlsx"; filename*=UTF-8''${encodeURIComponent((def.exportName?.(locale) ?? def.entity) + '-template')}.xlsx`)
        .send(buf);
    });
    r.post(`${def.path}/import`, { schema: { tags, querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false') }), response: { 200: ImportReport } }, config: write }, async (req) => {
      const buffer = await uploadedFile(req);
      return runImport(db, svc, actorOf(req), buffer, pickLocale(req.headers['accept-language']), req.query.dryRun === 'true');
    });
  }
}

/** The uploaded file of a multipart request, or a raw .xlsx body. */
export async function uploadedFile(req: FastifyRequest): Promise<Buffer> {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file) throw new AppError('validation', 400, { fields: [{ path: 'file', code: 'org.importBadFile' }] });
    return file.toBuffer();
  }
  if (Buffer.isBuffer(req.body)) return req.body;
  throw new AppError('validation', 400, { fields: [{ path: 'file', code: 'org.importBadFile' }] });
}

export async function entityHistory(db: Db, schoolId: number, entity: string, id: number | string) {
  const rows = await rowsOf<Row>(db, sql`SELECT seq, at, actor_id, actor_name, ip, entity, entity_id, action, before, after
    FROM audit_log WHERE school_id = ${schoolId} AND entity = ${entity} AND entity_id = ${String(id)} ORDER BY seq DESC LIMIT 200`);
  return rows.map(historyItem);
}

export function historyItem(r: Row) {
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v ?? null);
  return {
    seq: Number(r.seq), at: new Date(r.at).toISOString(), actorId: r.actor_id == null ? null : Number(r.actor_id),
    actorName: r.actor_name ?? null, ip: r.ip ?? null, entity: r.entity, entityId: r.entity_id, action: r.action,
    before: parse(r.before), after: parse(r.after),
  };
}
