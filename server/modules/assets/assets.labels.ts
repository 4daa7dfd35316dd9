import { existsSync } from 'node:fs';
import QRCode from 'qrcode';
import { translate, type Locale } from '../../../contracts/i18n';
import type { LABEL_SIZES } from '../../../contracts/assets';
import { findCjkFont, cjkPdf } from '../../platform/pdf';

/*
 * Asset labels 资产标签: each with the school, the asset's code and name and a QR code whose text
 * is the URL of the asset's scan page on this server (`/assets/scan/<code>`), which opens the
 * card on a phone (and from there "report a fault"). Sheets: A4 with 3 × 8 labels of 70 × 37 mm,
 * or one 40 × 30 mm label a page for label printers. The QR code is drawn as vector squares (sharp
 * at any printer resolution); the code is set in Helvetica when it is plain ASCII (the printer's
 * own font, no embedding), the Chinese text in the embedded CJK font.
 */

export type LabelSize = (typeof LABEL_SIZES)[number];
export interface LabelItem { code: string; name: string; place: string | null }
export interface LabelHead { school: string; origin: string; size: LabelSize }

/** What an asset's QR code holds: its scan page on this server (ASCII only; the code percent-encoded). */
export function scanUrl(origin: string, code: string): string {
  return new URL(`/assets/scan/${encodeURIComponent(code)}`, origin).href;
}

const MM = 72 / 25.4;

interface Layout {
  page: [number, number]; cols: number; rows: number; label: [number, number]; origin: [number, number]; pad: number; qr: number;
  school: number; code: number; codeMin: number; name: number; nameMin: number; nameLines: number; place: number;
}

export const LAYOUTS: Record<LabelSize, Layout> = {
  // A4, 3 × 8 labels of 70 × 37 mm (8 × 37 = 296 mm: half a millimetre left at the top and bottom).
  'a4-24': { page: [210, 297], cols: 3, rows: 8, label: [70, 37], origin: [0, 0.5], pad: 3, qr: 31, school: 7, code: 10, codeMin: 6, name: 9, nameMin: 6.5, nameLines: 2, place: 6 },
  // One 40 × 30 mm label a page.
  '40x30': { page: [40, 30], cols: 1, rows: 1, label: [40, 30], origin: [0, 0], pad: 1.5, qr: 22, school: 4.5, code: 6, codeMin: 4, name: 5.5, nameMin: 4.5, nameLines: 3, place: 4 },
};

/**
 * The URL as one byte segment with a fixed mask: a label's QR code in a fraction of the time the
 * library's segment optimiser and mask search take (any mask scans; the URL is ASCII), which is most
 * of a 1,000-label sheet's time.
 */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number) {
  const qr = QRCode.create([{ data: Buffer.from(text, 'utf8'), mode: 'byte' }], { errorCorrectionLevel: 'M', maskPattern: 0 });
  const n = qr.modules.size;
  const cell = side / (n + 2);
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) { c++; continue; }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      doc.rect(x + (1 + start) * cell, y + (1 + r) * cell, (c - start) * cell, cell);
    }
  }
  doc.fillColor('black').fill();
}

const ASCII = /^[\x20-\x7e]*$/;

/** The labels as one PDF (Chinese font embedded as a subset); 503 without a CJK font on the machine. */
export async function labelsPdf(items: LabelItem[], head: LabelHead, locale: Locale, font = findCjkFont(), opts: { compress?: boolean } = {}): Promise<Buffer> {
  const s = LAYOUTS[head.size];
  const { doc, done } = cjkPdf(font, {
    size: [s.page[0] * MM, s.page[1] * MM], margin: 0, autoFirstPage: false, compress: opts.compress ?? true,
    info: { Title: `${head.school} ${translate(locale, 'assets.labels.title')}`, Producer: 'Houqin' },
  });
  const boldFile = font!.file.replace('Regular', 'Bold');
  let nameFont = 'cjk';
  if (boldFile !== font!.file && existsSync(boldFile)) {
    try { doc.registerFont('cjk-bold', boldFile, font!.face?.replace('Regular', 'Bold') as string); nameFont = 'cjk-bold'; } catch { /* the regular face will do */ }
  }
  const perPage = s.cols * s.rows;
  const [lw, lh] = [s.label[0] * MM, s.label[1] * MM];
  const pad = s.pad * MM;
  const qrSide = s.qr * MM;
  const fits = new Map<string, { size: number; height: number; line: number }>();

  items.forEach((it, i) => {
    if (i % perPage === 0) doc.addPage();
    const k = i % perPage;
    const x0 = s.origin[0] * MM + (k % s.cols) * lw;
    const y0 = s.origin[1] * MM + Math.floor(k / s.cols) * lh;
    drawQr(doc, scanUrl(head.origin, it.code), x0 + pad * 0.5, y0 + (lh - qrSide) / 2, qrSide);

    const tx = x0 + pad * 0.5 + qrSide + pad * 0.3;
    const width = x0 + lw - pad - tx;
    const bottom = y0 + lh - pad;
    let y = y0 + pad;
    const put = (text: string, f: string, size: number, min: number, maxLines: number) => {
      // Fitting a text is the same work for every label with that text (names repeat: fifty 学生计算机).
      const key = `${f}|${size}|${min}|${maxLines}|${width}|${text}`;
      let fitted = fits.get(key);
      if (!fitted) {
        let sz = size;
        doc.font(f).fontSize(sz);
        while (sz > min && doc.heightOfString(text, { width }) > maxLines * doc.currentLineHeight(true) + 0.1) doc.fontSize(sz -= 0.5);
        fitted = { size: sz, height: doc.heightOfString(text, { width }), line: doc.currentLineHeight(true) };
        fits.set(key, fitted);
      }
      doc.font(f).fontSize(fitted.size);
      const h = Math.min(fitted.height, maxLines * fitted.line, Math.max(0, bottom - y));
      if (h <= 0) return;
      doc.fillColor('black').text(text, tx, y, { width, height: h + 0.5, ellipsis: true, lineGap: 0 });
      y += h + 0.8;
    };
    put(head.school, 'cjk', s.school, s.school - 1.5, head.size === '40x30' ? 1 : 2);
    put(it.code, ASCII.test(it.code) ? 'Helvetica-Bold' : nameFont, s.code, s.codeMin, 2);
    put(it.name, nameFont, s.name, s.nameMin, s.nameLines);
    if (it.place) put(it.place, 'cjk', s.place, s.place, 2);
  });
  doc.end();
  return done;
}
