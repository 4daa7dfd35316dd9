import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as c from '../../../contracts/assets';
import { IdParams, Page } from '../../../contracts/common';
import { pickLocale, translate, type Locale } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { actorOf, authOf, readScope } from '../../platform/http';
import type { Db } from '../../platform/db';
import type { Clock } from '../../platform/clock';
import { sharedJson } from '../../platform/readcache';
import { sendXlsx, templateXlsx, type SheetColumn } from '../../platform/excel';
import { findCjkFont } from '../../platform/pdf';
import { localDate } from '../../platform/schedules';
import { registerAsset, updateAsset, transferAssets } from './assets.service';
import { listAssets, listPages, getAsset, getAssetByCode, readsRegister, type Reader } from './assets.queries';
import { listClasses, createClass, updateClass } from './assets.classes';
import { uploadImport, startImport, getImportJob, processImportJob } from './assets.import';
import { labelsPdf, type LabelItem } from './assets.labels';
import { runDepreciation, listRuns, previousMonth } from './assets.depreciation';
import { ledgerOf, ledgerLines, ledgerColumns, ledgerPdf } from './assets.ledger';
import { schoolName, schoolTimezone, namesOf, assetPeople } from './assets.lookups';

const tags = ['assets'];

function readerOf(req: FastifyRequest, schoolId?: number): Reader {
  const a = authOf(req);
  return { schoolIds: readScope(req, schoolId), userId: a.userId, roles: a.roles };
}

const attachment = (ascii: string, name: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** The request's own origin (as the app's trustProxy setting reads it): what label QR codes point at. */
function originOf(req: FastifyRequest): string {
  try { return new URL(`${req.protocol}://${req.host}`).origin; } catch { throw new AppError('validation', 400); }
}

/** The uploaded sheet: a multipart file part, or a raw .xlsx body. */
async function upload(req: FastifyRequest): Promise<{ data: Buffer; name: string | null }> {
  if (req.isMultipart()) {
    const file = await req.file();
    if (!file) throw new AppError('assets.importBadFile', 400, { fields: [{ path: 'file', code: 'assets.importBadFile' }] });
    return { data: await file.toBuffer(), name: file.filename || null };
  }
  if (Buffer.isBuffer(req.body)) return { data: req.body, name: null };
  throw new AppError('assets.importBadFile', 400, { fields: [{ path: 'file', code: 'assets.importBadFile' }] });
}

/** The export's columns: the card's fields in the national template's order, in the form the import reads back. */
export function exportColumns(locale: Locale): SheetColumn<c.Asset>[] {
  const h = (k: string) => translate(locale, `assets.field.${k}`);
  const e = (group: string, v: string) => translate(locale, `assets.${group}.${v}`);
  const money = (fen: number) => fen / 100;
  return [
    { header: h('code'), width: 18, value: (a) => a.code },
    { header: h('classCode'), width: 10, value: (a) => a.classCode },
    { header: h('className'), width: 18, value: (a) => a.className },
    { header: h('name'), width: 22, value: (a) => a.name },
    { header: h('acquiredWay'), width: 10, value: (a) => e('way', a.acquiredWay) },
    { header: h('model'), width: 18, value: (a) => a.model },
    { header: h('serialNo'), width: 16, value: (a) => a.serialNo },
    { header: h('unit'), width: 8, value: (a) => a.unit },
    { header: h('acquiredOn'), width: 12, value: (a) => a.acquiredOn },
    { header: h('enteredOn'), width: 12, value: (a) => a.enteredOn },
    { header: h('quantity'), width: 8, value: (a) => a.quantity },
    { header: h('unitPrice'), width: 12, value: (a) => money(a.unitPriceFen) },
    { header: h('originalValue'), width: 14, value: (a) => money(a.originalValueFen) },
    { header: h('accumulated'), width: 14, value: (a) => money(a.accumulatedFen) },
    { header: h('netValue'), width: 14, value: (a) => money(a.netValueFen) },
    { header: h('status'), width: 10, value: (a) => e('status', a.status) },
    { header: h('location'), width: 26, value: (a) => a.locationPath },
    { header: h('department'), width: 14, value: (a) => a.departmentName },
    { header: h('custodian'), width: 10, value: (a) => a.custodianName },
    { header: h('lowValue'), width: 10, value: (a) => translate(locale, a.lowValue ? 'assets.yes' : 'assets.no') },
    { header: h('notes'), width: 24, value: (a) => a.notes },
  ];
}

export function assetsRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  const inflight = new Map<string, Promise<string>>();
  const detail = (req: FastifyRequest, id: number) => getAsset(db, readerOf(req), id);
  /** Starts a queued import in this process (the job runner also picks up any that were left). */
  const kick = (schoolId: number, id: number, log: FastifyRequest['log']) => {
    setImmediate(() => { processImportJob(db, clock, schoolId, id).catch((err) => log.error({ err, importJob: id }, 'asset import failed')); });
  };

  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    // ── The register ──
    const pageSchema = Page(c.Asset);
    // Pages come from the read cache on PGlite until the next write. Every register reader of a school
    // sees the same page (the key names the school, not the person); anyone else sees their own assets.
    r.get('/api/v1/assets', { schema: { tags, querystring: c.AssetListQuery, response: { 200: pageSchema } }, config: { action: 'assets.asset.read' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const who = readsRegister(reader.roles) && !req.query.mine ? 'register' : `user:${reader.userId}`;
      const key = `assets|${reader.schoolIds.join(',')}|${who}|${JSON.stringify(req.query)}`;
      const text = await sharedJson(inflight, db, key, () => listAssets(db, reader, req.query), (page) => JSON.stringify(z.encode(pageSchema, page as never)));
      return reply.type('application/json; charset=utf-8').send(text as never);
    });

    r.post('/api/v1/assets', { schema: { tags, body: c.CreateAssetInput, response: { 201: c.AssetDetail } }, config: { action: 'assets.asset.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const { id } = await db.transaction((tx) => registerAsset(tx as unknown as Db, actor, req.body, { at: clock.now() }));
      return reply.status(201).send(await detail(req, id));
    });

    // Any filtered list as .xlsx, written page by page (20,000 rows never sit in memory at once).
    // With a person's filter it is their handover list 交接清单.
    r.get('/api/v1/assets/export', { schema: { tags, querystring: c.AssetFilters }, config: { action: 'assets.export' } }, async (req, reply) => {
      const reader = readerOf(req, req.query.schoolId);
      const locale = pickLocale(req.headers['accept-language']);
      const school = await schoolName(db, reader.schoolIds[0]);
      let title = `${school}${translate(locale, 'assets.export.title')}`;
      if (req.query.custodianId) {
        const who = (await namesOf(db, reader.schoolIds[0], { users: [req.query.custodianId] })).users.get(req.query.custodianId) ?? '';
        title = `${school}${translate(locale, 'assets.export.handover', { name: who })}`;
      }
      const day = localDate(clock.now(), await schoolTimezone(db, reader.schoolIds[0]));
      return sendXlsx(reply, `${title}-${day}`, translate(locale, 'assets.export.sheet'), exportColumns(locale), listPages(db, reader, req.query));
    });

    r.get('/api/v1/assets/by-code/:code', { schema: { tags, params: c.CodeParams, response: { 200: c.AssetDetail } }, config: { action: 'assets.asset.read' } }, async (req) =>
      getAssetByCode(db, readerOf(req), req.params.code));

    // Staff to choose as custodian, with how many assets each holds (a leaving person's count).
    r.get('/api/v1/assets/people', { schema: { tags, querystring: z.object({ schoolId: z.coerce.number().int().positive().optional() }), response: { 200: z.object({ items: z.array(c.AssetPerson) }) } }, config: { action: 'assets.export' } }, async (req) => ({
      items: await assetPeople(db, readScope(req, req.query.schoolId)[0]),
    }));

    // ── Labels ──
    r.get('/api/v1/assets/labels', { schema: { tags, querystring: c.LabelsQuery }, config: { action: 'assets.labels.print' } }, async (req, reply) => labels(req, reply, req.query));

    async function labels(req: FastifyRequest, reply: FastifyReply, q: c.LabelsQuery) {
      const reader = readerOf(req);
      const { schoolId } = authOf(req);
      const locale = pickLocale(req.headers['accept-language']);
      const font = findCjkFont();
      if (!font) throw new AppError('pdf.noCjkFont', 503);
      const items: LabelItem[] = [];
      const scope: Reader = { ...reader, schoolIds: [schoolId] };
      const { size: _size, ...filters } = q;
      for await (const page of listPages(db, scope, filters, c.MAX_LABELS + 1)) {
        for (const a of page) items.push({ code: a.code, name: a.name, place: a.locationPath });
      }
      if (q.ids && items.length < new Set(q.ids).size) throw new AppError('notFound', 404);
      if (items.length > c.MAX_LABELS) throw new AppError('assets.labelsTooMany', 400, { params: { max: c.MAX_LABELS } });
      if (!items.length) throw new AppError('assets.labelsNone', 404);
      const school = await schoolName(db, schoolId);
      const pdf = await labelsPdf(items, { school, origin: originOf(req), size: q.size }, locale, font);
      return reply.header('content-type', 'application/pdf')
        .header('content-disposition', attachment('asset-labels.pdf', `${translate(locale, 'assets.labels.fileName')}-${school}.pdf`)).send(pdf);
    }

    // ── Classes ──
    r.get('/api/v1/assets/classes', { schema: { tags, querystring: z.object({ schoolId: z.coerce.number().int().positive().optional() }), response: { 200: z.object({ items: z.array(c.AssetClass) }) } }, config: { action: 'assets.classes.read' } }, async (req) => ({
      items: await listClasses(db, readScope(req, req.query.schoolId)[0]),
    }));
    r.post('/api/v1/assets/classes', { schema: { tags, body: c.CreateAssetClassInput, response: { 201: c.AssetClass } }, config: { action: 'assets.classes.write' } }, async (req, reply) => {
      const actor = actorOf(req);
      const row = await db.transaction((tx) => createClass(tx as unknown as Db, actor, req.body));
      return reply.status(201).send((await listClasses(db, actor.schoolId)).find((x) => x.id === row.id)!);
    });
    r.patch('/api/v1/assets/classes/:id', { schema: { tags, params: IdParams, body: c.UpdateAssetClassInput, response: { 200: c.AssetClass } }, config: { action: 'assets.classes.write' } }, async (req) => {
      const actor = actorOf(req);
      const row = await db.transaction((tx) => updateClass(tx as unknown as Db, actor, req.params.id, req.body));
      return (await listClasses(db, actor.schoolId)).find((x) => x.id === row.id)!;
    });

    // ── Import ──
    r.get('/api/v1/assets/import/template', { schema: { tags }, config: { action: 'assets.import' } }, async (req, reply) => {
      const locale = pickLocale(req.headers['accept-language']);
      const h = (k: string) => translate(locale, `assets.field.${k}`);
      const headers = c.IMPORT_FIELDS.map((f) => h(f) + (c.REQUIRED_IMPORT_FIELDS.includes(f) ? '*' : ''));
      const example = locale === 'zh-CN'
        ? ['', '台式计算机', '201', '联想 启天M430', 'PC0A1B2C', '台', 1, '4500.00', '', '2023-09-01', '', '购置', '在用', '电脑房', '教务处', '', '', '']
        : ['', 'Desktop computer', '201', 'Lenovo M430', 'PC0A1B2C', 'pc', 1, '4500.00', '', '2023-09-01', '', 'purchase', 'in use', 'Computer room', 'Academic Affairs', '', '', ''];
      const buf = await templateXlsx(translate(locale, 'assets.export.sheet'), headers, [example]);
      return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', attachment('asset-import-template.xlsx', `${translate(locale, 'assets.import.templateName')}.xlsx`)).send(buf);
    });
    r.post('/api/v1/assets/import', { schema: { tags, consumes: ['multipart/form-data', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], response: { 201: c.ImportUpload } }, config: { action: 'assets.import' } }, async (req, reply) => {
      const actor = actorOf(req);
      const file = await upload(req);
      return reply.status(201).send(await uploadImport(db, actor, file.data, file.name, pickLocale(req.headers['accept-language'])));
    });
    r.post('/api/v1/assets/import/:id/run', { schema: { tags, params: IdParams, body: c.ImportRunInput, response: { 202: c.ImportJob } }, config: { action: 'assets.import' } }, async (req, reply) => {
      const actor = actorOf(req);
      await db.transaction((tx) => startImport(tx as unknown as Db, actor, req.params.id, req.body));
      kick(actor.schoolId, req.params.id, req.log);
      return reply.status(202).send(await getImportJob(db, actor.schoolId, req.params.id));
    });
    r.get('/api/v1/assets/import/:id', { schema: { tags, params: IdParams, response: { 200: c.ImportJob } }, config: { action: 'assets.import' } }, async (req) =>
      getImportJob(db, authOf(req).schoolId, req.params.id));

    // ── Depreciation and the ledger ──
    r.post('/api/v1/assets/depreciation/run', { schema: { tags, body: c.DepreciationRunInput, response: { 200: c.DepreciationRun } }, config: { action: 'assets.depreciation.run' } }, async (req) => {
      const actor = actorOf(req);
      const tz = await schoolTimezone(db, actor.schoolId);
      return db.transaction((tx) => runDepreciation(tx as unknown as Db, actor, req.body.month, clock.now(), tz));
    });
    r.get('/api/v1/assets/depreciation/runs', { schema: { tags, querystring: c.LedgerQuery.pick({ schoolId: true }), response: { 200: z.object({ items: z.array(c.DepreciationRun) }) } }, config: { action: 'assets.ledger.read' } }, async (req) => ({
      items: await listRuns(db, readScope(req, req.query.schoolId)[0]),
    }));

    const ledgerArgs = async (req: FastifyRequest, q: z.infer<typeof c.LedgerQuery>) => {
      const schoolId = readScope(req, q.schoolId)[0];
      const tz = await schoolTimezone(db, schoolId);
      return { schoolId, tz, month: q.month ?? previousMonth(clock.now(), tz), locale: pickLocale(req.headers['accept-language']) };
    };
    r.get('/api/v1/assets/ledger', { schema: { tags, querystring: c.LedgerQuery, response: { 200: c.Ledger } }, config: { action: 'assets.ledger.read' } }, async (req) => {
      const { schoolId, month, locale } = await ledgerArgs(req, req.query);
      return ledgerOf(db, schoolId, month, locale);
    });
    r.get('/api/v1/assets/ledger/export.xlsx', { schema: { tags, querystring: c.LedgerQuery }, config: { action: 'assets.ledger.read' } }, async (req, reply) => {
      const { schoolId, month, locale } = await ledgerArgs(req, req.query);
      const l = await ledgerOf(db, schoolId, month, locale);
      async function* once() { yield ledgerLines(l, locale); }
      return sendXlsx(reply, `${l.schoolName}${translate(locale, 'assets.ledger.title')}-${month}`, translate(locale, 'assets.ledger.title'), ledgerColumns(locale), once());
    });
    r.get('/api/v1/assets/ledger/export.pdf', { schema: { tags, querystring: c.LedgerQuery }, config: { action: 'assets.ledger.read' } }, async (req, reply) => {
      const font = findCjkFont();
      if (!font) throw new AppError('pdf.noCjkFont', 503);
      const { schoolId, month, locale, tz } = await ledgerArgs(req, req.query);
      const l = await ledgerOf(db, schoolId, month, locale);
      const pdf = await ledgerPdf(l, locale, localDate(clock.now(), tz), font);
      return reply.header('content-type', 'application/pdf')
        .header('content-disposition', attachment('asset-ledger.pdf', `${l.schoolName}${translate(locale, 'assets.ledger.title')}-${month}.pdf`)).send(pdf);
    });

    // ── Transfers ──
    r.post('/api/v1/assets/transfer', { schema: { tags, body: c.BulkTransferInput, response: { 200: c.BulkTransferResult } }, config: { action: 'assets.asset.write' } }, async (req) => {
      const actor = actorOf(req);
      const { ids, ...to } = req.body;
      const moved = await db.transaction((tx) => transferAssets(tx as unknown as Db, actor, ids, to, { at: clock.now() }));
      return { moved };
    });
    r.post('/api/v1/assets/:id/transfer', { schema: { tags, params: IdParams, body: c.TransferInput, response: { 200: c.AssetDetail } }, config: { action: 'assets.asset.write' } }, async (req) => {
      const actor = actorOf(req);
      const { version, ...to } = req.body;
      await db.transaction((tx) => transferAssets(tx as unknown as Db, actor, [req.params.id], to, { version, at: clock.now() }));
      return detail(req, req.params.id);
    });

    // ── One card ──
    r.get('/api/v1/assets/:id', { schema: { tags, params: IdParams, response: { 200: c.AssetDetail } }, config: { action: 'assets.asset.read' } }, async (req) => detail(req, req.params.id));
    r.patch('/api/v1/assets/:id', { schema: { tags, params: IdParams, body: c.UpdateAssetInput, response: { 200: c.AssetDetail } }, config: { action: 'assets.asset.write' } }, async (req) => {
      const actor = actorOf(req);
      await db.transaction((tx) => updateAsset(tx as unknown as Db, actor, req.params.id, req.body, { at: clock.now() }));
      return detail(req, req.params.id);
    });
  };
}
