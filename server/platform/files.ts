import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';

// Each upload is decoded once: libvips' operation cache would only hold memory.
sharp.cache(false);
import { FILE_MIMES, IMAGE_MIMES, filePaths, type FileMime, type FileRef, type StoredFile } from '../../contracts/files';
import { AppError } from './errors';
import { recordAudit, type Actor } from './audit';
import type { Db } from './db';
import type { Clock } from './clock';
import { files, fileBlobs } from './files.tables';

export type { FileRef, StoredFile } from '../../contracts/files';

/** Uploads nobody attached to a record within this time are deleted by the purge job. */
export const UNATTACHED_TTL_MS = 24 * 3600_000;
const THUMB_PX = 320;
/** A decompression bomb (a tiny file that decodes to gigapixels) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 120_000_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isFileId = (id: string) => UUID.test(id);

type FileRow = typeof files.$inferSelect;

function refOf(row: Pick<FileRow, 'id' | 'name' | 'mime' | 'size' | 'hasThumbnail'>): FileRef {
  return { id: row.id, name: row.name, mime: row.mime, size: row.size, url: filePaths.url(row.id), thumbnailUrl: row.hasThumbnail ? filePaths.thumbnail(row.id) : null };
}

export function storedFileOf(row: FileRow): StoredFile {
  return { ...refOf(row), createdAt: row.createdAt.toISOString() };
}

/** The original name as metadata: no folders, no control characters, not endless. */
export function cleanFileName(name: string | undefined, mime: FileMime): string {
  const base = (name ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(-200);
  if (base) return base;
  return `file.${{ 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' }[mime]}`;
}

/** The file's real type from its first bytes, whatever its name or declared type says; null if not accepted. */
export async function sniffFileType(data: Buffer): Promise<FileMime | null> {
  const t = await fileTypeFromBuffer(data);
  return t && (FILE_MIMES as readonly string[]).includes(t.mime) ? (t.mime as FileMime) : null;
}

/** JPEG of at most 320 px on the long side, turned upright by its EXIF orientation; null when it cannot be decoded. */
export async function makeThumbnail(data: Buffer): Promise<Buffer | null> {
  try {
    return await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 80 }) // libjpeg-turbo: a third of mozjpeg's time for a 320 px picture
      .toBuffer();
  } catch {
    return null;
  }
}

const typeNotAllowed = () => new AppError('files.typeNotAllowed', 400, { fields: [{ path: 'file', code: 'files.typeNotAllowed' }] });

/**
 * Stores one upload (checked, thumbnailed) for the actor's school, unattached. The caller has
 * already enforced the size limit while reading the bytes.
 */
export async function storeFile(db: Db, actor: Actor, clock: Clock, upload: { data: Buffer; name?: string }): Promise<StoredFile> {
  if (!upload.data.length) throw new AppError('files.empty', 400, { fields: [{ path: 'file', code: 'files.empty' }] });
  const mime = await sniffFileType(upload.data);
  if (!mime) throw typeNotAllowed();
  let thumbnail: Buffer | null = null;
  if ((IMAGE_MIMES as readonly string[]).includes(mime)) {
    // An image that does not decode is refused: it would show as a broken picture everywhere.
    thumbnail = await makeThumbnail(upload.data);
    if (!thumbnail) throw new AppError('files.badImage', 400, { fields: [{ path: 'file', code: 'files.badImage' }] });
  }
  const id = randomUUID();
  const name = cleanFileName(upload.name, mime);
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.insert(files).values({
      schoolId: actor.schoolId, id, name, mime, size: upload.data.length, hasThumbnail: !!thumbnail,
      uploadedBy: actor.userId, createdAt: clock.now(),
    }).returning();
    // Bytes travel as base64 text decoded by the database: PGlite turns a bytea parameter into hex in
    // JavaScript (~130 ms for a 400 KB photo), base64 costs ~15 ms; on PostgreSQL it is as cheap.
    await tx.insert(fileBlobs).values([
      { schoolId: actor.schoolId, fileId: id, kind: 'original' as const, data: sql`decode(${upload.data.toString('base64')}, 'base64')` },
      ...(thumbnail ? [{ schoolId: actor.schoolId, fileId: id, kind: 'thumbnail' as const, data: sql`decode(${thumbnail.toString('base64')}, 'base64')` }] : []),
    ]);
    await recordAudit(tx, actor, { entity: 'file', entityId: id, action: 'upload', after: { name, mime, size: upload.data.length } });
    return storedFileOf(row);
  });
}

/**
 * A file's bytes for a reader of `schoolIds` (own school; an inspector's district). An upload not yet
 * attached to a record is its uploader's alone. Anything else is "not found".
 */
export async function readFile(db: Db, reader: { schoolIds: number[]; userId: number }, id: string, kind: 'original' | 'thumbnail'): Promise<{ file: FileRow; data: Buffer }> {
  if (!isFileId(id)) throw new AppError('notFound', 404);
  const [hit] = await db.select({ file: files, data: sql<string>`encode(${fileBlobs.data}, 'base64')` }).from(files)
    .innerJoin(fileBlobs, and(eq(fileBlobs.schoolId, files.schoolId), eq(fileBlobs.fileId, files.id), eq(fileBlobs.kind, kind)))
    .where(and(inArray(files.schoolId, reader.schoolIds), eq(files.id, id))).limit(1);
  if (!hit || (hit.file.entity === null && hit.file.uploadedBy !== reader.userId)) throw new AppError('notFound', 404);
  return { file: hit.file, data: Buffer.from(hit.data, 'base64') };
}

/** Metadata of several files the reader may see, in the order asked; the others are left out. */
export async function fileInfos(db: Db, reader: { schoolIds: number[]; userId: number }, ids: string[]): Promise<StoredFile[]> {
  const wanted = [...new Set(ids.filter(isFileId).map((x) => x.toLowerCase()))];
  if (!wanted.length) return [];
  const rows = await db.select().from(files).where(and(inArray(files.schoolId, reader.schoolIds), inArray(files.id, wanted)));
  const byId = new Map(rows.filter((r) => r.entity !== null || r.uploadedBy === reader.userId).map((r) => [r.id, r]));
  return wanted.flatMap((id) => (byId.has(id) ? [storedFileOf(byId.get(id)!)] : []));
}

/**
 * Attaches uploaded files to a record. Each id must be of this school, uploaded by the actor
 * (or already attached to this same record), not attached elsewhere; else 400 naming `field`.
 * With `replace`, the slot's files not in `fileIds` are detached (and purged a day after upload).
 * Returns the files of `fileIds` in that order.
 */
export async function attachFiles(
  tx: Db, actor: Actor, owner: { entity: string; entityId: number; slot?: string }, fileIds: string[], field: string,
  opts: { replace?: boolean } = {},
): Promise<FileRef[]> {
  const slot = owner.slot ?? null;
  const ids = [...new Set(fileIds.map((x) => String(x).toLowerCase()))];
  const refuse = (code: string) => new AppError(code, 400, { fields: [{ path: field, code }] });
  if (ids.some((x) => !isFileId(x))) throw refuse('files.unknown');
  const sameOwner = (r: FileRow) => r.entity === owner.entity && r.entityId === owner.entityId && r.slot === slot;

  // Row locks: two requests attaching one upload to two records cannot both succeed.
  const rows = ids.length
    ? await tx.select().from(files).where(and(eq(files.schoolId, actor.schoolId), inArray(files.id, ids))).orderBy(asc(files.id)).for('update')
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const r = byId.get(id);
    if (!r) throw refuse('files.unknown');
    if (r.entity === null) {
      if (r.uploadedBy !== actor.userId) throw refuse('files.unknown');
    } else if (!sameOwner(r)) throw refuse('files.attachedElsewhere');
  }

  if (opts.replace) {
    await tx.update(files).set({ entity: null, entityId: null, slot: null, position: null, attachedAt: null })
      .where(and(eq(files.schoolId, actor.schoolId), eq(files.entity, owner.entity), eq(files.entityId, owner.entityId),
        slot === null ? isNull(files.slot) : eq(files.slot, slot),
        ids.length ? sql`${files.id} NOT IN (${sql.join(ids.map((x) => sql`${x}::uuid`), sql`, `)})` : undefined));
  }
  if (!ids.length) return [];

  // New files go after the record's existing ones (of any slot), in the order given.
  const [{ last }] = await tx.select({ last: sql<number>`coalesce(max(${files.position}), -1)::int` }).from(files)
    .where(and(eq(files.schoolId, actor.schoolId), eq(files.entity, owner.entity), eq(files.entityId, owner.entityId)));
  let next = Number(last) + 1;
  const fresh = ids.filter((id) => byId.get(id)!.entity === null);
  for (const id of fresh) {
    await tx.update(files).set({ entity: owner.entity, entityId: owner.entityId, slot, position: next++, attachedAt: sql`now()` })
      .where(and(eq(files.schoolId, actor.schoolId), eq(files.id, id), isNull(files.entity)));
  }
  return ids.map((id) => refOf(byId.get(id)!));
}

/**
 * Files of many records at once (one query, never one per row): entityId → files in the order they
 * were attached, each with its slot; with `slot`, only that slot's files. Records without files are absent.
 */
export async function filesOf(db: Db, schoolId: number, entity: string, entityIds: number[], slot?: string): Promise<Map<number, (FileRef & { slot: string | null })[]>> {
  const out = new Map<number, (FileRef & { slot: string | null })[]>();
  const wanted = [...new Set(entityIds)];
  if (!wanted.length) return out;
  const rows = await db.select().from(files)
    .where(and(eq(files.schoolId, schoolId), eq(files.entity, entity), inArray(files.entityId, wanted), slot === undefined ? undefined : eq(files.slot, slot)))
    .orderBy(asc(files.entityId), asc(files.position), asc(files.createdAt), asc(files.id));
  for (const r of rows) {
    const list = out.get(r.entityId!) ?? [];
    list.push({ ...refOf(r), slot: r.slot });
    out.set(r.entityId!, list);
  }
  return out;
}

/** Deletes uploads never attached to a record, a day after they were made (the job runner calls it). */
export async function purgeUnattachedFiles(db: Db, clock: Clock): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - UNATTACHED_TTL_MS);
  const gone = await db.delete(files).where(and(isNull(files.entity), lt(files.createdAt, cutoff))).returning({ id: files.id });
  return gone.length;
}
