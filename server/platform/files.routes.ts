import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FileInfoQuery, StoredFile } from '../../contracts/files';
import { AppError } from './errors';
import { actorOf, authOf, readScope } from './http';
import type { Db } from './db';
import type { Clock } from './clock';
import { getSettings, filesSettings } from './settings';
import { storeFile, readFile, fileInfos } from './files';

const FileParams = z.object({ id: z.string().max(64) });

/** RFC 5987 `filename*` value: UTF-8, percent-encoded, including the characters encodeURIComponent leaves. */
export function rfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A plain-ASCII stand-in for browsers that ignore `filename*`. */
const asciiName = (name: string) => name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');

function sendBytes(reply: FastifyReply, mime: string, name: string, data: Buffer) {
  return reply
    .header('content-type', mime)
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', `inline; filename="${asciiName(name)}"; filename*=UTF-8''${rfc5987(name)}`)
    // Same bytes for ever (a new upload gets a new id), but only for this browser: it went through a login.
    .header('cache-control', 'private, max-age=86400')
    .header('content-length', data.length)
    .send(data);
}

export function filesRoutes(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return async function plugin(app: FastifyInstance) {
    const r = app.withTypeProvider<ZodTypeProvider>();

    r.post('/api/v1/files', {
      schema: { tags: ['files'], consumes: ['multipart/form-data'], response: { 201: StoredFile } },
      config: { action: 'files.upload' },
    }, async (req, reply) => {
      const actor = actorOf(req);
      const missing = () => new AppError('files.missing', 400, { fields: [{ path: 'file', code: 'files.missing' }] });
      if (!req.isMultipart()) throw missing();
      const { maxUploadMb } = await getSettings(db, actor.schoolId, filesSettings);
      let data: Buffer;
      let name: string | undefined;
      try {
        // Browsers send the file name as raw UTF-8 bytes; busboy would read them as latin1.
        const part = await req.file({ defParamCharset: 'utf8', limits: { fileSize: maxUploadMb * 1024 * 1024, files: 1 } } as Parameters<typeof req.file>[0]);
        if (!part || part.fieldname !== 'file') throw missing();
        name = part.filename;
        data = await part.toBuffer();
      } catch (e) {
        if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('files.tooLarge', 413, { params: { mb: maxUploadMb }, fields: [{ path: 'file', code: 'files.tooLarge', params: { mb: maxUploadMb } }] });
        }
        throw e;
      }
      const stored = await storeFile(db, actor, clock, { data, name });
      return reply.status(201).send(stored);
    });

    r.get('/api/v1/files', {
      schema: { tags: ['files'], querystring: FileInfoQuery, response: { 200: z.object({ items: z.array(StoredFile) }) } },
      config: { action: 'files.read' },
    }, async (req) => ({ items: await fileInfos(db, { schoolIds: readScope(req), userId: authOf(req).userId }, req.query.ids) }));

    r.get('/api/v1/files/:id', { schema: { tags: ['files'], params: FileParams }, config: { action: 'files.read' } }, async (req, reply) => {
      const { file, data } = await readFile(db, { schoolIds: readScope(req), userId: authOf(req).userId }, req.params.id, 'original');
      return sendBytes(reply, file.mime, file.name, data);
    });

    r.get('/api/v1/files/:id/thumbnail', { schema: { tags: ['files'], params: FileParams }, config: { action: 'files.read' } }, async (req, reply) => {
      const { file, data } = await readFile(db, { schoolIds: readScope(req), userId: authOf(req).userId }, req.params.id, 'thumbnail');
      return sendBytes(reply, 'image/jpeg', file.name.replace(/\.[^.]*$/, '') + '-thumb.jpg', data);
    });
  };
}
