import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

/*
 * The journey (owner: ASSETS-PROCESS; the register's own journey is e2e/assets-register.e2e.ts):
 * the director imports an asset sheet into an empty room through the import wizard and prints the
 * labels; the storekeeper, on a 390 px phone, plans and runs a stocktake of that room — ticks two,
 * types one label's URL (the scanner's fallback), leaves one unticked, records an unregistered lamp
 * with a photo — and ends counting; the report shows the missing asset and the unregistered lamp.
 */

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const PHOTO = join(process.cwd(), 'e2e', 'fixtures', 'broken-lamp.jpg');
const SHOTS = '/tmp/shots/assets-process';
const shot = shotsIn(SHOTS);
const stamp = String(Date.now() % 1_000_000);

/** Clicks an option of the open antd select dropdown. */
async function pickOption(page: Page, text: string) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(300);
  await option.click();
}

interface Room { id: number; code: string; name: string }

/** Four assets of the school's sheet, all in one room (given by its code). */
async function roomSheet(room: Room, codes: string[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('固定资产');
  ws.addRow(['资产编号', '资产名称', '资产分类', '规格型号', '单价（元）', '数量', '购置日期', '存放地点', '备注']);
  const items = [['台式计算机', '201', '联想 启天M430', '4200'], ['激光打印机', '202', '惠普 M305d', '1800'], ['空调', '206', '格力 1.5匹', '3800'], ['文件柜', '601', '钢制 1850×900', '1100']];
  items.forEach(([name, cls, model, price], i) => ws.addRow([codes[i], name, cls, model, price, 1, '2024-09-01', room.code, '期初建账']));
  const file = join('/tmp', `assets-process-e2e-${stamp}.xlsx`);
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe('assets: import, labels, and a stocktake of one room on a phone', () => {
  it('director imports and prints labels; storekeeper counts the room on a phone; the report shows the missing and the unregistered', async () => {
    // ── A room of the demo school with nothing on the register yet ──
    const director = await newPage(browser);
    await loginAs(director, 'director');
    const room = await director.evaluate(async () => {
      const get = async (u: string) => (await fetch(u)).json();
      const locs = (await get('/api/v1/locations?limit=200')).items as { id: number; code: string; name: string; type: string; parentId: number | null }[];
      for (const l of locs) {
        const here = (await get(`/api/v1/assets?locationId=${l.id}&limit=1`)).items as unknown[];
        if (!here.length && !locs.some((c) => c.parentId === l.id)) return { id: l.id, code: l.code, name: l.name };
      }
      return null;
    }) as Room | null;
    expect(room, 'a demo room with no assets on the register').toBeTruthy();
    const codes = [1, 2, 3, 4].map((i) => `PD${stamp}-${i}`);

    // ── director: the import wizard (upload → mapping → check → import) ──
    await director.goto(`${baseUrl()}/assets/import`);
    // The wizard's file input (antd puts the Dragger's test id on its hidden input).
    await director.locator('.ant-upload input[type=file]').first().setInputFiles(await roomSheet(room!, codes));
    await director.getByTestId('import-mapping').waitFor({ timeout: 20_000 });
    await director.getByTestId('import-check').click();
    await director.getByTestId('import-run').waitFor({ timeout: 30_000 });
    await director.getByTestId('import-run').click();
    await director.getByTestId('import-to-list').waitFor({ timeout: 60_000 });
    expect(await director.getByTestId('import-counts').textContent()).toMatch(/4/);
    await shot(director, '01-director-imported');

    // ── director: labels of the imported assets (the PDF downloads) ──
    await director.goto(`${baseUrl()}/assets?q=PD${stamp}`);
    await director.getByTestId('asset-table').locator('.ant-table-row').first().waitFor({ timeout: 20_000 });
    expect(await director.getByTestId('asset-table').locator('.ant-table-row').count()).toBe(4);
    await director.getByTestId('asset-table').locator('thead .ant-checkbox-input').check();
    await director.getByTestId('bulk-labels').click();
    await director.getByTestId('page-asset-labels').waitFor();
    const [download] = await Promise.all([director.waitForEvent('download', { timeout: 60_000 }), director.getByTestId('labels-make').click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await shot(director, '02-director-labels');

    // ── storekeeper on a 390 px phone: plan a stocktake of that room, counted by themself ──
    const phone = await newPage(browser, PHONE);
    await loginAs(phone, 'storekeeper');
    const storekeeperName = await phone.evaluate(async () => ((await (await fetch('/api/v1/auth/me')).json()) as { name: string }).name);
    await phone.goto(`${baseUrl()}/assets/stocktakes`);
    await phone.getByTestId('stocktake-new').click();
    await phone.getByTestId('stocktake-name').fill(`${room!.name}盘点 E2E`);
    await phone.getByTestId('stocktake-locations').click();
    await phone.keyboard.type(room!.code);
    const node = phone.locator('.ant-select-tree-title', { hasText: room!.code }).first();
    await node.waitFor({ state: 'visible', timeout: 10_000 });
    await phone.waitForTimeout(300);
    await node.click();
    await phone.keyboard.press('Escape');
    await phone.getByTestId('stocktake-counters').click();
    await phone.keyboard.type(storekeeperName);
    await pickOption(phone, storekeeperName);
    await phone.keyboard.press('Escape');
    await noSidewaysScroll(phone);
    await shot(phone, '03-plan-form-390');
    await phone.getByTestId('stocktake-save').click();
    await phone.getByTestId('page-stocktake-detail').waitFor({ timeout: 20_000 });
    await phone.getByTestId('stocktake-start').click();
    await phone.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await phone.getByTestId('stocktake-count').waitFor({ timeout: 20_000 });
    expect(await phone.getByTestId('summary-expected').textContent()).toContain('4');
    await phone.getByTestId('stocktake-count').click();

    // ── The room picker, then the room ──
    await phone.getByTestId('count-rooms').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(phone);
    await shot(phone, '04-room-picker-390');
    await phone.getByTestId('count-room').filter({ hasText: room!.code }).first().click();
    await phone.getByTestId('count-room-page').waitFor({ timeout: 20_000 });
    const line = (code: string) => phone.getByTestId('count-line').and(phone.locator(`[data-code="${code}"]`));
    await line(codes[0]).waitFor({ timeout: 20_000 });
    await noSidewaysScroll(phone);
    await shot(phone, '05-room-before-390');

    // Two ticked with the big buttons, one by its label's URL typed into the scanner's box, one left.
    for (const code of codes.slice(0, 2)) {
      await line(code).getByTestId('count-tick').click();
      await expect.poll(async () => line(code).getAttribute('data-counted'), { timeout: 15_000 }).toBe('yes');
    }
    await phone.getByTestId('count-scan-input').fill(`${baseUrl()}/assets/scan/${encodeURIComponent(codes[2])}`);
    await phone.getByTestId('count-scan-submit').click();
    await expect.poll(async () => line(codes[2]).getAttribute('data-counted'), { timeout: 15_000 }).toBe('yes');
    await expect.poll(async () => (await phone.getByTestId('count-feedback').textContent()) ?? '', { timeout: 10_000 }).toContain(codes[2]);
    expect(await line(codes[3]).getAttribute('data-counted')).toBe('no');
    await noSidewaysScroll(phone);
    await shot(phone, '06-room-counted-390');

    // An unregistered lamp, with a photo.
    await phone.getByTestId('count-surplus').click();
    await phone.getByTestId('surplus-name').fill('旧台灯');
    await phone.getByTestId('surplus-description').fill('窗台上，无资产标签');
    await phone.getByTestId('photo-upload').locator('input[type=file]').setInputFiles(PHOTO);
    await phone.getByTestId('photo-upload').locator('.ant-upload-list-item-done').first().waitFor({ timeout: 20_000 });
    await shot(phone, '07-surplus-form-390');
    await phone.getByTestId('surplus-submit').click();
    await phone.getByTestId('count-surplus-item').filter({ hasText: '旧台灯' }).waitFor({ timeout: 20_000 });
    await phone.locator('.ant-drawer-content').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
    await phone.waitForTimeout(400);
    await shot(phone, '08-room-with-surplus-390');

    // ── Counting ends; the report shows the missing asset and the unregistered lamp ──
    await phone.getByTestId('count-back').click();
    await phone.getByTestId('count-to-detail').click();
    await phone.getByTestId('page-stocktake-detail').waitFor({ timeout: 20_000 });
    await phone.getByTestId('stocktake-end').click();
    await phone.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await phone.getByTestId('report-missing').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await phone.getByTestId('report-missing').textContent()) ?? '', { timeout: 15_000 }).toContain(codes[3]);
    expect(await phone.getByTestId('report-surplus').textContent()).toContain('旧台灯');
    expect(await phone.getByTestId('summary-missing').textContent()).toContain('1');
    expect(await phone.getByTestId('summary-surplus').textContent()).toContain('1');
    expect(await phone.getByTestId('summary-found').textContent()).toContain('3');
    await noSidewaysScroll(phone);
    await shot(phone, '09-report-390');

    // ── The director opens the same report at a desk, with the resolve actions ──
    await director.goto(phone.url());
    await director.getByTestId('report-missing').waitFor({ timeout: 20_000 });
    expect(await director.getByTestId('report-missing').textContent()).toContain(codes[3]);
    await director.getByTestId('report-surplus').getByTestId('resolve-accept').waitFor();
    await shot(director, '10-report-director');
  });
});

describe('damage and disposal pages', () => {
  it('vice approves the stocktake\'s write-off in the disposal page; the storekeeper carries it out on a phone; a boarder\'s damage is paid', async () => {
    // ── The vice principal approves the pending disposal (the demo stocktake's write-off) from its page ──
    const vice = await newPage(browser);
    await loginAs(vice, 'vice');
    await vice.goto(`${baseUrl()}/assets/disposals`);
    const pendingRow = vice.getByTestId('disposal-row').filter({ has: vice.getByTestId('disposal-state').filter({ hasText: '审批中' }) }).first();
    await pendingRow.waitFor({ timeout: 20_000 });
    await shot(vice, '11-disposals-vice');
    await pendingRow.getByTestId('disposal-open').click();
    await vice.getByTestId('page-disposal-detail').waitFor({ timeout: 20_000 });
    await vice.getByTestId('approval-approve').click();
    await vice.getByTestId('approval-comment').fill('同意核销');
    await vice.getByTestId('approval-confirm').click();
    await expect.poll(async () => (await vice.getByTestId('disposal-state').textContent()) ?? '', { timeout: 20_000 }).toContain('待处置');
    await shot(vice, '12-disposal-approved-vice');
    const disposalUrl = vice.url();

    // ── The storekeeper carries it out on a phone ──
    const keeper = await newPage(browser, PHONE);
    await loginAs(keeper, 'storekeeper');
    await keeper.goto(disposalUrl);
    await keeper.getByTestId('disposal-carry-form').waitFor({ timeout: 20_000 });
    await keeper.getByTestId('carry-recipient').fill('县再生资源回收有限公司');
    await noSidewaysScroll(keeper);
    await shot(keeper, '13-disposal-carry-390');
    await keeper.getByTestId('carry-submit').click();
    await expect.poll(async () => (await keeper.getByTestId('disposal-state').textContent()) ?? '', { timeout: 20_000 }).toContain('已处置');
    await keeper.getByTestId('disposal-carried').waitFor();
    await noSidewaysScroll(keeper);
    await shot(keeper, '14-disposal-done-390');

    // ── The director on a phone: the boarder who owes is flagged; a payment settles it ──
    const director = await newPage(browser, PHONE);
    await loginAs(director, 'director');
    await director.goto(`${baseUrl()}/assets/damage`);
    await director.getByTestId('damage-outstanding-students').getByTestId('outstanding-student').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(director);
    await shot(director, '15-damage-list-390');
    await director.getByTestId('damage-row').filter({ has: director.getByTestId('damage-flag') }).first().getByTestId('damage-open').click();
    await director.getByTestId('page-damage-detail').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(director);
    await shot(director, '16-damage-detail-390');
    await director.getByTestId('damage-pay').click();
    await director.getByTestId('pay-receipt').fill(`SJ${stamp}`);
    await shot(director, '17-damage-pay-390');
    await director.getByTestId('damage-pay-ok').click();
    await expect.poll(async () => (await director.getByTestId('damage-state').textContent()) ?? '', { timeout: 20_000 }).toContain('已缴清');
    expect(await director.getByTestId('damage-payments').textContent()).toContain(`SJ${stamp}`);
    await shot(director, '18-damage-paid-390');

    // ── The accountant's list of the money received ──
    const accountant = await newPage(browser);
    await loginAs(accountant, 'accountant');
    await accountant.goto(`${baseUrl()}/assets/damage-payments`);
    await accountant.getByTestId('payments-table').waitFor({ timeout: 20_000 });
    expect(await accountant.getByTestId('payments-table').textContent()).toContain(`SJ${stamp}`);
    await shot(accountant, '19-payments-accountant');
  });
});
