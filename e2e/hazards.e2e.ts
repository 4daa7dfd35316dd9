import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const PHOTO = join(process.cwd(), 'e2e', 'fixtures', 'broken-lamp.jpg');
const SHOTS = process.env.HOUQIN_SHOTS ?? '/tmp/shots/inspections';
const shot = shotsIn(SHOTS, { settleMs: 300 });

async function pickOption(page: Page, text: string) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(300);
  await option.click();
}

/** This month's found/closed figures of the monthly hazard report, as the API tells the director. */
async function monthFigures(page: Page): Promise<{ month: string; found: number; closed: number }> {
  return page.evaluate(async () => {
    const month = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 7);
    const r = await (await fetch(`/api/v1/reports/hazards/monthly?month=${month}`)).json();
    return { month, found: r.totals.found as number, closed: r.totals.closed as number };
  });
}

describe('a hazard, from the teacher\'s phone to the monthly report', () => {
  it('teacher1 reports with a photo, director assigns to repair1, repair1 rectifies with a photo, vice verifies, the month counts it', async () => {
    const director = await newPage(browser);
    await loginAs(director, 'director');
    const before = await monthFigures(director);

    // ── teacher1 on a 390 px phone: 上报隐患 with a photo ──
    const teacher = await newPage(browser, PHONE);
    await loginAs(teacher, 'teacher1');
    await teacher.goto(`${baseUrl()}/safety/hazards/new`);
    await teacher.getByTestId('hazard-submit').waitFor({ timeout: 20_000 });
    await teacher.getByTestId('photo-upload').locator('input[type=file]').setInputFiles(PHOTO);
    await teacher.getByTestId('photo-upload').locator('.ant-upload-list-item-done').first().waitFor({ timeout: 20_000 });
    await teacher.getByTestId('hazard-location').locator('.ant-select').click();
    await teacher.keyboard.type('JX-203');
    const room = teacher.locator('.ant-select-tree-title', { hasText: 'JX-203' }).first();
    await room.waitFor({ state: 'visible', timeout: 10_000 });
    await teacher.waitForTimeout(300);
    await room.click();
    await teacher.getByTestId('hazard-kind-electrical').click();
    await teacher.getByTestId('hazard-severity-high').click();
    const text = `E2E 教室灯具松动悬挂，有坠落危险 ${Date.now() % 100000}`;
    await teacher.getByTestId('hazard-description').fill(text);
    await noSidewaysScroll(teacher);
    await shot(teacher, 'hazard-teacher-report-form');
    await teacher.getByTestId('hazard-submit').click();
    await teacher.getByTestId('hazard-reported').waitFor({ timeout: 20_000 });
    await shot(teacher, 'hazard-teacher-reported');
    await teacher.getByTestId('hazard-open-reported').click();
    await teacher.getByTestId('hazard-timeline').waitFor({ timeout: 20_000 });
    const id = Number(new URL(teacher.url()).pathname.split('/').pop());
    expect(id).toBeGreaterThan(0);
    expect(await teacher.getByTestId('hazard-photos-before').locator('img').count()).toBe(1);
    await noSidewaysScroll(teacher);
    await shot(teacher, 'hazard-teacher-detail');

    // ── director at a desk: the board's 待指派 tab, assign to repair1 with a deadline ──
    const workerName = await director.evaluate(async () => {
      const r = await (await fetch('/api/v1/rectifications/assignees?q=repair1')).json();
      return (r.items as { username: string; name: string }[]).find((x) => x.username === 'repair1')!.name;
    });
    await director.goto(`${baseUrl()}/safety/hazards?tab=open`);
    const card = director.locator(`[data-testid=hazard-row][data-id="${id}"]`);
    await card.waitFor({ timeout: 20_000 });
    await shot(director, 'hazard-director-board');
    await card.getByTestId('hazard-action-assign').click();
    const owner = director.getByTestId('assign-owner');
    await owner.waitFor({ timeout: 10_000 });
    await owner.click();
    await director.keyboard.type(workerName);
    await pickOption(director, workerName);
    await director.getByTestId('assign-plan').fill('断电后重新固定灯具吊杆，检查同排灯具');
    await shot(director, 'hazard-director-assign');
    await director.getByTestId('assign-submit').click();
    await card.waitFor({ state: 'detached', timeout: 15_000 });

    // ── repair1 on a phone: 我负责的 → 提交整改 with an after-photo ──
    const repair = await newPage(browser, PHONE);
    await loginAs(repair, 'repair1');
    await repair.goto(`${baseUrl()}/safety/hazards?tab=assigned&mine=owned`);
    const mine = repair.locator(`[data-testid=hazard-row][data-id="${id}"]`);
    await mine.waitFor({ timeout: 20_000 });
    await noSidewaysScroll(repair);
    await shot(repair, 'hazard-worker-board');
    await mine.getByTestId('hazard-action-rectify').click();
    await repair.getByTestId('rectify-note').fill('已重新固定吊杆，同排 4 盏灯均已检查');
    await repair.locator('.ant-modal').getByTestId('photo-upload').locator('input[type=file]').setInputFiles(PHOTO);
    await repair.locator('.ant-modal').getByTestId('photo-upload').locator('.ant-upload-list-item-done').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(repair);
    await shot(repair, 'hazard-worker-rectify');
    await repair.getByTestId('rectify-submit').click();
    await mine.waitFor({ state: 'detached', timeout: 15_000 });
    // The one who rectified it is no verifier: the detail offers repair1 nothing more.
    await repair.goto(`${baseUrl()}/safety/hazards/${id}`);
    await repair.getByTestId('hazard-timeline').waitFor({ timeout: 20_000 });
    expect(await repair.getByTestId('hazard-actions').count()).toBe(0);

    // ── vice on a phone: 待验收 → 验收销号 ──
    const vice = await newPage(browser, PHONE);
    await loginAs(vice, 'vice');
    await vice.goto(`${baseUrl()}/safety/hazards?tab=rectified`);
    const toVerify = vice.locator(`[data-testid=hazard-row][data-id="${id}"]`);
    await toVerify.waitFor({ timeout: 20_000 });
    await toVerify.getByTestId('hazard-open').click();
    await vice.getByTestId('hazard-photos-after').locator('img').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(vice);
    await shot(vice, 'hazard-vice-detail-before-verify');
    await vice.getByTestId('hazard-action-verify').click();
    await vice.getByTestId('verify-note').fill('现场查看，灯具牢固');
    await vice.getByTestId('verify-submit').click();
    await expect.poll(async () => (await vice.getByTestId('hazard-state').first().textContent()) ?? '', { timeout: 15_000 }).toContain('已销号');
    const timeline = (await vice.getByTestId('hazard-timeline').textContent()) ?? '';
    for (const word of ['上报', '指派', '整改完成', '验收销号']) expect(timeline).toContain(word);
    await noSidewaysScroll(vice);
    await shot(vice, 'hazard-vice-closed');

    // ── the month's report counts it: found +1, closed +1 ──
    const after = await monthFigures(director);
    expect(after.found).toBe(before.found + 1);
    expect(after.closed).toBe(before.closed + 1);
    await director.goto(`${baseUrl()}/safety/hazards/monthly?month=${after.month}`);
    const found = director.getByTestId('report-found').locator('.ant-statistic-content-value');
    await found.waitFor({ timeout: 20_000 });
    expect(Number((await found.textContent())!.replace(/[^\d]/g, ''))).toBe(after.found);
    expect(Number((await director.getByTestId('report-closed').locator('.ant-statistic-content-value').textContent())!.replace(/[^\d]/g, ''))).toBe(after.closed);
    await expect.poll(async () => (await director.getByTestId('report-closed-items').textContent()) ?? '').toContain(text.slice(0, 12));
    await shot(director, 'hazard-director-monthly');
  });

  it('guard1 walks the daily fire patrol on a phone; the inspector reads last month\'s submitted report', async () => {
    const guard = await newPage(browser, PHONE);
    await loginAs(guard, 'guard1');
    await guard.goto(`${baseUrl()}/inspections`);
    await guard.getByTestId('inspection-start').click();
    await guard.getByTestId('inspection-template').click();
    await pickOption(guard, '每日防火巡查');
    await guard.getByTestId('inspection-zone').fill('教学楼一至三楼');
    await guard.getByTestId('inspection-start-submit').click();
    await guard.getByTestId('page-inspection').waitFor({ timeout: 20_000 });
    const items = guard.getByTestId('inspection-item');
    await items.first().waitFor({ timeout: 20_000 });
    const n = await items.count();
    expect(n).toBeGreaterThan(5);
    for (let i = 0; i < n; i++) {
      await items.nth(i).getByTestId('item-pass').click();
      await expect.poll(async () => items.nth(i).getAttribute('data-outcome'), { timeout: 10_000 }).toBe('pass');
    }
    await noSidewaysScroll(guard);
    await shot(guard, 'inspection-guard-walk');
    await guard.getByTestId('inspection-submit').click();
    await guard.getByTestId('inspection-submit-confirm').click();
    await expect.poll(async () => (await guard.getByTestId('page-inspection').textContent()) ?? '', { timeout: 15_000 }).toContain('已提交');
    await shot(guard, 'inspection-guard-submitted');

    const inspector = await newPage(browser, PHONE);
    await loginAs(inspector, 'inspector');
    await inspector.goto(`${baseUrl()}/safety/hazards/submitted`);
    const row = inspector.getByTestId('submitted-row').first();
    await row.waitFor({ timeout: 20_000 });
    await noSidewaysScroll(inspector);
    await shot(inspector, 'inspector-submitted-list');
    await row.click();
    await inspector.getByTestId('hazard-report-view').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(inspector);
    await shot(inspector, 'inspector-submitted-report');
  });

  it('the director\'s monthly report, inspection list and checklist editor read well on a phone', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'director');
    await page.goto(`${baseUrl()}/safety/hazards/monthly`);
    await page.getByTestId('report-found').waitFor({ timeout: 20_000 });
    await page.getByTestId('report-submission').waitFor({ timeout: 20_000 });
    expect((await page.getByTestId('report-submission').textContent()) ?? '').toContain('已上报');
    await noSidewaysScroll(page);
    await shot(page, 'phone-director-monthly');
    await page.goto(`${baseUrl()}/inspections`);
    await page.getByTestId('inspection-row').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(page);
    await shot(page, 'phone-director-inspections');
    await page.goto(`${baseUrl()}/inspections/templates`);
    await page.getByTestId('template-row').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(page);
    await shot(page, 'phone-director-templates');
    await page.getByTestId('template-row').filter({ hasText: '每月安全隐患排查' }).getByTestId('template-edit').click();
    await page.getByTestId('template-editor').waitFor({ timeout: 20_000 });
    await page.getByTestId('template-item').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('template-item').count()).toBeGreaterThan(20);
    await shot(page, 'phone-director-template-editor');
  });
});
