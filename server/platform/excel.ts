import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { FastifyReply } from 'fastify';

export interface SheetColumn<R> { header: string; width?: number; value: (row: R) => string | number | boolean | Date | null | undefined }

/** Streams an .xlsx to the client page by page, so a large list never sits in memory whole. */
export async function sendXlsx<R>(reply: FastifyReply, filename: string, sheetName: string, columns: SheetColumn<R>[], pages: AsyncIterable<R[]>) {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 2) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}.xlsx`);
  (async () => {
    try {
      for await (const page of pages) {
        for (const row of page) ws.addRow(columns.map((c) => c.value(row) ?? null)).commit();
      }
      ws.commit();
      await wb.commit();
    } catch (e) {
      stream.destroy(e as Error);
    }
  })();
  return reply.send(stream);
}

export interface ParsedSheet { headers: string[]; rows: { row: number; cells: Record<string, unknown> }[] }

/** Reads the first sheet: a header row, then one object per non-empty row keyed by header text. */
export async function readXlsx(buffer: Buffer, maxRows: number): Promise<ParsedSheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) return { headers: [], rows: [] };
  const headers: string[] = [];
  ws.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => { headers[col - 1] = cellText(cell.value).trim(); });
  const rows: ParsedSheet['rows'] = [];
  for (let i = 2; i <= ws.rowCount; i++) {
    const r = ws.getRow(i);
    const cells: Record<string, unknown> = {};
    let any = false;
    headers.forEach((h, idx) => {
      if (!h) return;
      const v = r.getCell(idx + 1).value;
      const t = v instanceof Date ? v : cellText(v).trim();
      if (t !== '') any = true;
      cells[h] = t === '' ? null : t;
    });
    if (any) rows.push({ row: i, cells });
    if (rows.length > maxRows) break;
  }
  return { headers, rows };
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return v.result == null ? '' : String(v.result);
    return '';
  }
  return String(v);
}

/** A workbook with one header row and example rows: the import template. */
export async function templateXlsx(sheetName: string, headers: string[], examples: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName.slice(0, 31));
  ws.addRow(headers).font = { bold: true };
  for (const e of examples) ws.addRow(e);
  ws.columns.forEach((c) => { c.width = 16; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
