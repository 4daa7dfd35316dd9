import { existsSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { Id } from '../../../contracts/common';
import { LocationType } from '../../../contracts/org';
import { pickLocale, translate, type Locale } from '../../../contracts/i18n';
import { AppError } from '../../platform/errors';
import { authOf } from '../../platform/http';
import type { Db } from '../../platform/db';
import { schools } from '../../platform/platform.tables';
import { activeLocations, type LocationInfo } from './repairs.lookups';
import { findCjkFont, cjkPdf } from '../../platform/pdf';

/*
 * 报修二维码: printable labels, one per room, whose QR code opens the report form with the room
 * filled in (web/pages/repairs/ReportPage.tsx reads `?locationId=`).
 */

export const QR_LABEL_SIZES = ['a4-24', '40x30'] as const;
export type QrLabelSize = (typeof QR_LABEL_SIZES)[number];
/** Labels in one PDF: 21 A4 sheets, or a roll of 500. */
export const MAX_QR_LABELS = 500;

const idList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()).filter(Boolean) : v),
  z.array(Id).min(1).max(MAX_QR_LABELS),
);

/** Which places: a list of ids, a building, a type (every given filter applies); at least one. */
export const LocationQrQuery = z.object({
  locationIds: idList.optional(),
  buildingId: Id.optional(),
  type: LocationType.optional(),
  size: z.enum(QR_LABEL_SIZES).default('a4-24'),
}).superRefine((q, ctx) => {
  if (q.locationIds === undefined && q.buildingId === undefined && q.type === undefined) {
    ctx.addIssue({ code: 'custom', path: ['locationIds'], message: 'locationIds, buildingId or type is required', params: { i18n: 'repairs.qrScopeRequired' } });
  }
});
export type LocationQrQuery = z.infer<typeof LocationQrQuery>;

/** What a room's QR code holds: the report form of this server with the room chosen (ASCII only). */
export function qrUrl(origin: string, locationId: number): string {
  const url = new URL('/repairs/new', origin);
  url.searchParams.set('locationId', String(locationId));
  return url.href;
}

/** The places to label: every id must be an active place of the school (else 404), at most MAX_QR_LABELS. */
export async function qrLocations(db: Db, schoolId: number, q: LocationQrQuery): Promise<LocationInfo[]> {
  const ids = q.locationIds ? [...new Set(q.locationIds)] : undefined;
  const filtered = q.buildingId !== undefined || q.type !== undefined;
  let rows: LocationInfo[] | undefined;
  if (ids) {
    rows = await activeLocations(db, schoolId, { ids }, MAX_QR_LABELS + 1);
    if (rows.length < ids.length) throw new AppError('notFound', 404);
  }
  if (!rows || filtered) rows = await activeLocations(db, schoolId, { ids, buildingId: q.buildingId, type: q.type }, MAX_QR_LABELS + 1);
  if (rows.length > MAX_QR_LABELS) throw new AppError('repairs.qrTooMany', 400, { params: { max: MAX_QR_LABELS } });
  if (!rows.length) throw new AppError('repairs.qrNoLocations', 404);
  return rows;
}

/* ---------- PDF ---------- */

const MM = 72 / 25.4;

interface Sheet {
  /** Page, label, first label's corner, padding and QR side, in mm. */
  page: [number, number]; cols: number; rows: number; label: [number, number]; origin: [number, number]; pad: number; qr: number;
  /** Font sizes (pt) and the most lines each text may take. */
  school: number; schoolLines: number; name: number; nameMin: number; nameLines: number; path: number; scan: number;
}

export const SHEETS: Record<QrLabelSize, Sheet> = {
  // A4 with 3 × 8 labels of 70 × 37 mm (the common 24-up sheet; 8 × 37 = 296 mm, half a mm left at top and bottom).
  'a4-24': { page: [210, 297], cols: 3, rows: 8, label: [70, 37], origin: [0, 0.5], pad: 3, qr: 31, school: 7, schoolLines: 2, name: 12, nameMin: 8, nameLines: 2, path: 7, scan: 9 },
  // One 40 × 30 mm label a page, for label printers.
  '40x30': { page: [40, 30], cols: 1, rows: 1, label: [40, 30], origin: [0, 0], pad: 1.5, qr: 23, school: 5, schoolLines: 1, name: 8, nameMin: 5.5, nameLines: 3, path: 5, scan: 6.5 },
};

export interface QrSheetHead { school: string; origin: string; size: QrLabelSize }

/** The bold face next to the regular one (fonts-noto-cjk ships both), for the room's name. */
function boldOf(font: { file: string; face?: string }): { file: string; face?: string } | null {
  const file = font.file.replace('Regular', 'Bold');
  return file !== font.file && existsSync(file) ? { file, face: font.face?.replace('Regular', 'Bold') } : null;
}

/** A QR code as vector squares: one path, one fill (no seams between modules, sharp at any printer resolution). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 1; // modules inside the box; the label's padding adds the rest of the quiet zone
  const cell = side / (n + 2 * quiet);
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) { c++; continue; }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (quiet + start) * cell, y + (quiet + r) * cell, (c - start) * cell, cell);
    }
  }
  doc.fillColor('black').fill();
}

/**
 * Room QR labels as a PDF with the Chinese font embedded (subset). Each label: the school, the
 * room's name and path, "扫码报修" and the QR code of `qrUrl(origin, id)`.
 */
export async function locationQrPdf(places: LocationInfo[], head: QrSheetHead, locale: Locale, font = findCjkFont()): Promise<Buffer> {
  const s = SHEETS[head.size];
  const { doc, done } = cjkPdf(font, {
    size: [s.page[0] * MM, s.page[1] * MM], margin: 0, autoFirstPage: false,
    info: { Title: `${head.school} ${translate(locale, 'repairs.qr.title')}`, Producer: 'Houqin' },
  });
  let nameFont = 'cjk';
  const bold = boldOf(font!); // cjkPdf has refused a missing font
  if (bold) {
    try { doc.registerFont('cjk-bold', bold.file, bold.face as string); nameFont = 'cjk-bold'; } catch { /* the regular face will do */ }
  }
  const scan = translate(locale, 'repairs.qr.scan');
  const perPage = s.cols * s.rows;
  const [lw, lh] = [s.label[0] * MM, s.label[1] * MM];
  const pad = s.pad * MM;
  const qrSide = s.qr * MM;

  places.forEach((p, i) => {
    if (i % perPage === 0) doc.addPage();
    const k = i % perPage;
    const x0 = (s.origin[0] * MM) + (k % s.cols) * lw;
    const y0 = (s.origin[1] * MM) + Math.floor(k / s.cols) * lh;
    drawQr(doc, qrUrl(head.origin, p.id), x0 + pad, y0 + (lh - qrSide) / 2, qrSide);

    // The text column beside the code; "扫码报修" sits at the bottom, the rest flows from the top.
    const tx = x0 + pad + qrSide + s.pad * MM * 0.5;
    const width = x0 + lw - pad - tx;
    const top = y0 + pad;
    const fit = (text: string, f: string, size: number, min: number, maxLines: number) => {
      let sz = size;
      doc.font(f).fontSize(sz);
      while (sz > min && doc.heightOfString(text, { width }) > maxLines * doc.currentLineHeight(true) + 0.1) doc.fontSize(sz -= 0.5);
      return sz;
    };
    const block = (text: string, f: string, size: number, maxHeight: number, y: number) => {
      doc.font(f).fontSize(size);
      const lines = Math.floor((maxHeight + 0.1) / doc.currentLineHeight(true));
      if (lines < 1) return y;
      const h = Math.min(doc.heightOfString(text, { width }), lines * doc.currentLineHeight(true));
      doc.fillColor('black').text(text, tx, y, { width, height: h + 0.5, ellipsis: true, lineGap: 0 });
      return y + h;
    };
    const scanSize = fit(scan, 'cjk', s.scan, 4.5, 2);
    const scanH = Math.min(doc.heightOfString(scan, { width }), 2 * doc.currentLineHeight(true));
    const scanY = y0 + lh - pad - scanH;
    let y = top;
    const schoolSize = fit(head.school, 'cjk', s.school, 4, s.schoolLines);
    y = block(head.school, 'cjk', schoolSize, s.schoolLines * doc.currentLineHeight(true), y) + 1;
    const nameSize = fit(p.name, nameFont, s.name, s.nameMin, s.nameLines);
    doc.font(nameFont).fontSize(nameSize);
    y = block(p.name, nameFont, nameSize, Math.min(s.nameLines * doc.currentLineHeight(true), scanY - y), y) + 1;
    // Where the room is (building / floor …); its own name is already printed above.
    const where = p.path.endsWith(` / ${p.name}`) ? p.path.slice(0, -(p.name.length + 3)) : p.path === p.name ? '' : p.path;
    if (where) block(where, 'cjk', s.path, scanY - y - 1, y);
    doc.font('cjk').fontSize(scanSize).fillColor('black').text(scan, tx, scanY, { width, height: scanH + 0.5, ellipsis: true, lineGap: 0 });
  });
  doc.end();
  return done;
}

/** The request's own origin (protocol and host, as the app's trustProxy setting reads them). */
function originOf(req: FastifyRequest): string {
  try {
    return new URL(`${req.protocol}://${req.host}`).origin;
  } catch {
    throw new AppError('validation', 400);
  }
}

/** GET /api/v1/repairs/location-qr.pdf */
export async function sendLocationQr(db: Db, req: FastifyRequest, q: LocationQrQuery, reply: FastifyReply) {
  const { schoolId } = authOf(req);
  const locale = pickLocale(req.headers['accept-language']);
  const places = await qrLocations(db, schoolId, q);
  const font = findCjkFont();
  if (!font) throw new AppError('pdf.noCjkFont', 503);
  const [school] = await db.select({ name: schools.name }).from(schools).where(eq(schools.id, schoolId));
  const pdf = await locationQrPdf(places, { school: school?.name ?? '', origin: originOf(req), size: q.size }, locale, font);
  const scope = [
    school?.name,
    q.buildingId ? places[0]?.buildingName : null,
    q.type ? translate(locale, `enums.locationType.${q.type}`) : null,
  ].filter(Boolean).join('-');
  const name = `${translate(locale, 'repairs.qr.fileName')}-${scope}.pdf`;
  return reply.header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="location-qr.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .send(pdf);
}
