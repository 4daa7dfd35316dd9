import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

/* The register in a browser: the director imports the school's sheet and prints labels; a teacher
 * scans a label on a phone and reports a fault on that asset; the storekeeper and the accountant at 390 px. */

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const SHOTS = '/tmp/shots/assets';
const shot = shotsIn(SHOTS);
const stamp = String(Date.now() % 1_000_000);
/** The school's own sheet, as they keep it in Excel today (their header names, one bad row). */
async function schoolSheet(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('固定资产');
  ws.addRow(['资产编号', '资产名称', '资产分类', '规格型号', '单价（元）', '数量', '购置日期', '存放地点', '使用人', '备注']);
  for (let i = 1; i <= 8; i++) ws.addRow([`E2E${stamp}-${i}`, '学生计算机', '201', '联想 启天M430', '4200', 1, '2024-09-01', '电脑房', '', '期初建账']);
  ws.addRow([`E2E${stamp}-9`, '交互式一体机', '208', '希沃 86寸', '15800', 1, '2023/9/1', '7年级1班教室', '', '']);
  ws.addRow([`E2E${stamp}-10`, '不存在分类的东西', '999', '', 'abc', 1, '2023-02-30', '火星', '', '']);
  const file = join('/tmp', `assets-e2e-${stamp}.xlsx`);
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe('the asset register', () => {
  let scanCode = '';

  it('director imports the school sheet (mapping → check → import) and prints its labels', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'director');
    await page.goto(`${baseUrl()}/assets/import`);
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(await schoolSheet());
    await page.getByTestId('import-mapping').waitFor({ timeout: 20_000 });
    // The header names chose the columns: 资产分类 → class code, 单价（元） → unit price.
    expect(await page.getByTestId('map-classCode').textContent()).toContain('资产分类');
    expect(await page.getByTestId('map-unitPrice').textContent()).toContain('单价');
    await shot(page, 'import-mapping');
    await page.getByTestId('import-check').click();
    await page.getByTestId('import-run').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('import-report').textContent()).toContain('资产分类“999”不存在');
    await shot(page, 'import-checked');
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-to-list').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('import-counts').textContent()).toMatch(/9/);
    await shot(page, 'import-done');

    // The list filtered to the imported computers; select them all and print labels.
    await page.goto(`${baseUrl()}/assets?q=E2E${stamp}`);
    await page.getByTestId('asset-table').locator('.ant-table-row').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('asset-table').locator('.ant-table-row').count()).toBe(9);
    await page.getByTestId('asset-table').locator('thead .ant-checkbox-input').check();
    await page.getByTestId('bulk-labels').click();
    await page.getByTestId('page-asset-labels').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId('labels-make').click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/资产标签.*\.pdf$/);
    await shot(page, 'labels');
    scanCode = `E2E${stamp}-9`;
    await page.context().close();
  });

  it('a teacher scans a label on a phone: the card opens, 报修 opens the report form with the asset and its room', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'teacher1');
    await page.goto(`${baseUrl()}/assets/scan/${encodeURIComponent(scanCode || 'none')}`);
    await page.getByTestId('page-asset-scan').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('page-title').textContent()).toContain('交互式一体机');
    expect(await page.getByTestId('asset-fields').textContent()).toContain('7年级1班教室');
    await noSidewaysScroll(page);
    await shot(page, 'scan-phone');
    await page.getByTestId('asset-report-fault').click();
    await page.waitForURL(/\/repairs\/new\?/, { timeout: 10_000 });
    const url = new URL(page.url());
    expect(Number(url.searchParams.get('assetId'))).toBeGreaterThan(0);
    expect(Number(url.searchParams.get('locationId'))).toBeGreaterThan(0);
    await page.getByTestId('repair-submit').waitFor({ timeout: 15_000 });
    await expect.poll(async () => (await page.getByTestId('repair-location').textContent()) ?? '').toContain('7年级1班教室');
    await shot(page, 'scan-report-fault');
    await page.context().close();
  });

  it('the storekeeper works the register on a 390 px phone: list, card with timeline, transfer', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'storekeeper');
    await page.goto(`${baseUrl()}/assets?q=E2E${stamp}`);
    await page.getByTestId('asset-cards').getByTestId('asset-card').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(page);
    await shot(page, 'list-phone');
    await page.getByTestId('asset-cards').getByTestId('asset-card').first().locator('a').first().click();
    await page.getByTestId('page-asset-detail').waitFor({ timeout: 15_000 });
    await noSidewaysScroll(page);
    await page.getByTestId('asset-transfer').click();
    await page.getByTestId('transfer-custodian').click();
    const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
    await option.waitFor({ state: 'visible', timeout: 10_000 });
    await page.waitForTimeout(300);
    await option.click();
    await page.getByTestId('transfer-submit').click();
    await expect.poll(async () => (await page.getByTestId('asset-timeline').textContent()) ?? '', { timeout: 15_000 }).toContain('调拨');
    await shot(page, 'card-phone');
    // 名下资产: the storekeeper keeps the warehouse's old computers; the picker shows the person by name.
    await page.goto(`${baseUrl()}/assets/mine`);
    await page.getByTestId('page-asset-mine').getByTestId('asset-card').first().waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await page.getByTestId('mine-person').textContent()) ?? '').not.toMatch(/^\d+$/);
    await noSidewaysScroll(page);
    await shot(page, 'mine-phone');
    await page.context().close();
  });

  it('the accountant reads the ledger by class at 390 px', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'accountant');
    await page.goto(`${baseUrl()}/assets/ledger`);
    await page.getByTestId('ledger-table').locator('.ant-table-row').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('ledger-table').textContent()).toContain('固定资产合计');
    expect(await page.getByTestId('ledger-run').count()).toBe(0);
    await shot(page, 'ledger-phone');
    await page.context().close();
  });
});
