// Files of the demo data: pictures drawn at seed time (an SVG scene with a caption, as a small JPEG) and
// a bulk insert of files already attached to their records (the files engine's tables as an upload and
// attachFiles leave them). Shared by the modules' demo parts.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Db } from './db';
import { makeThumbnail } from './files';
import { files, fileBlobs } from './files.tables';

export interface DemoFile {
  entity: string;
  entityId: number;
  slot: string | null;
  name: string;
  mime: 'application/pdf' | 'image/jpeg';
  data: Buffer;
  thumbnail?: Buffer | null;
  /** Order among the record's files (default 0). */
  position?: number;
  /** Who uploaded it and when, when not the call's. */
  uploadedBy?: number;
  at?: Date;
}

/** Files of the demo, already attached: two bulk statements per 200 files. */
export async function insertDemoFiles(tx: Db, schoolId: number, uploadedBy: number, at: Date, list: DemoFile[]): Promise<void> {
  for (let i = 0; i < list.length; i += 200) {
    const rows = list.slice(i, i + 200).map((f) => ({ ...f, id: randomUUID() }));
    await tx.insert(files).values(rows.map((f) => ({
      schoolId, id: f.id, name: f.name, mime: f.mime, size: f.data.length, hasThumbnail: !!f.thumbnail, uploadedBy: f.uploadedBy ?? uploadedBy, createdAt: f.at ?? at,
      entity: f.entity, entityId: f.entityId, slot: f.slot, position: f.position ?? 0, attachedAt: f.at ?? at,
    })));
    // Bytes as base64 text decoded by the database (as storeFile does: PGlite's bytea parameters are slow).
    await tx.insert(fileBlobs).values(rows.flatMap((f) => [
      { schoolId, fileId: f.id, kind: 'original' as const, data: sql`decode(${f.data.toString('base64')}, 'base64')` },
      ...(f.thumbnail ? [{ schoolId, fileId: f.id, kind: 'thumbnail' as const, data: sql`decode(${f.thumbnail.toString('base64')}, 'base64')` }] : []),
    ]) as never);
  }
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' }[c]!));

export interface DemoPhotoSpec {
  /** The caption's first line (e.g. the hazard's kind, in Chinese); none: a picture without a caption. */
  title?: string;
  /** A second, smaller line. */
  subtitle?: string;
  /** Wall and floor colours of the scene. */
  wall: string;
  floor: string;
  /** Where the floor starts (default 250 of 360). */
  floorY?: number;
  /** JPEG quality (default 60). */
  quality?: number;
  /** Extra SVG drawn over the scene (480 × 360), e.g. an object of the picture. */
  scene?: string;
  /** A mark in the corner: a red ✗ (before) or a green ✓ (after). */
  mark?: 'before' | 'after';
}

/**
 * A placeholder photo: a coloured scene with an optional caption, 480 × 360, as a JPEG of a few KB, and its thumbnail.
 * The caption is drawn by librsvg through fontconfig with the Noto CJK face (Debian `fonts-noto-cjk`, the
 * font the PDFs use); without it the characters show as boxes and the picture is still a valid JPEG.
 */
export async function demoPhoto(spec: DemoPhotoSpec): Promise<{ data: Buffer; thumbnail: Buffer | null }> {
  const mark = spec.mark === 'before'
    ? '<circle cx="440" cy="320" r="26" fill="#cf1322"/><path d="M428 308 L452 332 M452 308 L428 332" stroke="#fff" stroke-width="6" stroke-linecap="round"/>'
    : spec.mark === 'after'
      ? '<circle cx="440" cy="320" r="26" fill="#389e0d"/><path d="M426 320 L436 331 L455 309" stroke="#fff" stroke-width="6" fill="none" stroke-linecap="round" stroke-linejoin="round"/>'
      : '';
  const font = `font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif"`;
  const floorY = spec.floorY ?? 250;
  const caption = spec.title === undefined ? '' : `<rect width="480" height="${spec.subtitle ? 78 : 54}" fill="#000" fill-opacity="0.5"/>
    <text x="16" y="37" ${font} font-size="26" fill="#fff">${escapeXml(spec.title)}</text>
    ${spec.subtitle ? `<text x="16" y="66" ${font} font-size="17" fill="#f0f0f0">${escapeXml(spec.subtitle)}</text>` : ''}`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="360">
    <rect width="480" height="360" fill="${spec.wall}"/><rect y="${floorY}" width="480" height="${360 - floorY}" fill="${spec.floor}"/>
    ${spec.scene ?? ''}
    ${caption}
    ${mark}
  </svg>`;
  const data = await sharp(Buffer.from(svg)).jpeg({ quality: spec.quality ?? 60 }).toBuffer();
  return { data, thumbnail: await makeThumbnail(data) };
}
