import QRCode from 'qrcode';
import { translate, type Locale } from '../../../contracts/i18n';
import { cjkPdf, findCjkFont } from '../../platform/pdf';
import { printedToken } from './patrol.service';

/*
 * The checkpoint sheet: one A4 page holds six checkpoints (2 × 3), each with the route, its
 * number and name, the place, a large QR code of its token and the token printed for typing
 * when a camera fails. Cut along the frames and fix each at its place.
 */

const MM = 72 / 25.4;

function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, side: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
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

export interface SheetInput {
  school: string;
  route: string;
  kindLabel: string;
  checkpoints: { position: number; name: string; place: string | null; token: string }[];
}

export async function checkpointSheetPdf(input: SheetInput, locale: Locale, font = findCjkFont()): Promise<Buffer> {
  const { doc, done } = cjkPdf(font, {
    size: 'A4', margin: 0, autoFirstPage: false,
    info: { Title: `${input.school} ${input.route} ${translate(locale, 'patrol.sheet.title')}`, Producer: 'Houqin' },
  });
  const cols = 2, rows = 3;
  const margin = 10 * MM;
  const w = (210 * MM - 2 * margin) / cols;
  const h = (297 * MM - 2 * margin) / rows;
  // 92 mm a cell: texts (~28 mm), the code (46 mm), the printed code and the hint under it.
  const qr = 46 * MM;
  input.checkpoints.forEach((cp, i) => {
    if (i % (cols * rows) === 0) doc.addPage();
    const k = i % (cols * rows);
    const x = margin + (k % cols) * w;
    const y = margin + Math.floor(k / cols) * h;
    doc.lineWidth(0.5).dash(3, { space: 3 }).strokeColor('#999').rect(x, y, w, h).stroke().undash();
    const pad = 5 * MM;
    const width = w - 2 * pad;
    doc.font('cjk').fillColor('#555').fontSize(8).text(`${input.school} · ${input.kindLabel}`, x + pad, y + pad, { width, align: 'center', lineBreak: false, ellipsis: true });
    doc.fillColor('black').fontSize(13).text(`${input.route}`, x + pad, y + pad + 12, { width, align: 'center', lineBreak: false, ellipsis: true });
    doc.fontSize(16).text(`${cp.position}. ${cp.name}`, x + pad, y + pad + 30, { width, align: 'center', height: 22, ellipsis: true });
    if (cp.place) doc.fillColor('#555').fontSize(8).text(cp.place, x + pad, y + pad + 52, { width, align: 'center', lineBreak: false, ellipsis: true });
    drawQr(doc, cp.token, x + (w - qr) / 2, y + pad + 66, qr);
    doc.fillColor('black').font('cjk').fontSize(15).text(printedToken(cp.token), x + pad, y + pad + 66 + qr + 2, { width, align: 'center', characterSpacing: 2, lineBreak: false });
    doc.fillColor('#555').fontSize(8).text(translate(locale, 'patrol.sheet.scan'), x + pad, y + h - pad - 10, { width, align: 'center', lineBreak: false, ellipsis: true });
  });
  if (!input.checkpoints.length) doc.addPage();
  doc.end();
  return done;
}
