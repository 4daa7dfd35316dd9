// PDFs with Chinese text: the CJK font of the machine (fonts-noto-cjk), embedded as a subset.
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { AppError } from './errors';

export const CJK_FONTS: [string, string | undefined][] = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  ['/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf', undefined],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
];

/** The first CJK font present on this machine (HOUQIN_CJK_FONT=/path/file.ttc#Face overrides), or null. */
export function findCjkFont(env: NodeJS.ProcessEnv = process.env): { file: string; face?: string } | null {
  if (env.HOUQIN_CJK_FONT) {
    const [file, face] = env.HOUQIN_CJK_FONT.split('#');
    if (existsSync(file)) return { file, face: face || undefined };
  }
  for (const [file, face] of CJK_FONTS) if (existsSync(file)) return { file, face };
  return null;
}

/**
 * A PDF document with the CJK font registered as 'cjk', and the promise of its bytes once ended.
 * Without a usable font: 503 naming the Debian package to install.
 */
export function cjkPdf(font: { file: string; face?: string } | null, options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  if (!font) throw new AppError('pdf.noCjkFont', 503);
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  try {
    doc.registerFont('cjk', font.file, font.face as string);
  } catch {
    throw new AppError('pdf.noCjkFont', 503);
  }
  return { doc, done };
}

