import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, newPage, loginAs, shot, baseUrl, noSidewaysScroll } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const PHOTO = join(process.cwd(), 'e2e', 'fixtures', 'broken-lamp.jpg');

/** An antd input may carry the test id itself or on its wrapper. */
async function inputOf(l: Locator): Promise<Locator> {
  const tag = await l.evaluate((el) => el.tagName.toLowerCase());
  return tag === 'input' || tag === 'textarea' ? l : l.locator('input, textarea').first();
}

/** The value of one figure on the statistics page. */
async function statsCount(page: Page): Promise<number> {
  await page.goto(`${baseUrl()}/repairs/stats`);
  const value = page.getByTestId('stats-count').locator('.ant-statistic-content-value');
  await value.waitFor({ timeout: 20_000 });
  return Number((await value.textContent())!.replace(/[^\d]/g, ''));
}

/** Clicks an option of an open antd select dropdown, once it has settled. */
async function pickOption(page: Page, text: string) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(300);
  await option.click();
}

describe('a broken lamp, from the teacher\'s phone to the statistics', () => {
  it('teacher1 reports with a photo, director dispatches, repair1 completes, teacher1 confirms, the log and statistics show it', async () => {
    // ── The director, at a desk: statistics before, and a category no rule sends on by itself ──
    const director = await newPage(browser);
    await loginAs(director, 'director');
    const before = await statsCount(director);
    const { category, workerName, workerId } = await director.evaluate(async () => {
      const rules = (await (await fetch('/api/v1/repairs/rules')).json()) as { rules: { category: string; assigneeId: number | null }[] };
      const workers = (await (await fetch('/api/v1/repairs/workers')).json()) as { items: { id: number; name: string; username: string }[] };
      const ruled = new Set(rules.rules.filter((r) => r.assigneeId != null).map((r) => r.category));
      const free = ['electric', 'doorWindow', 'furniture', 'water', 'multimedia', 'network', 'building', 'other'].find((c) => !ruled.has(c));
      const w = workers.items.find((x) => x.username === 'repair1')!;
      return { category: free ?? 'electric', workerName: w.name, workerId: w.id };
    });
    expect(workerName).toBeTruthy();

    // ── teacher1 on a 390 px phone: home → 我要报修 ──
    const teacher = await newPage(browser, PHONE);
    await loginAs(teacher, 'teacher1');
    await teacher.getByTestId('repair-report').click();
    await teacher.getByTestId('repair-submit').waitFor({ timeout: 15_000 });
    // Location by searching the tree for the room's code.
    await teacher.getByTestId('repair-location').locator('.ant-select').click();
    await teacher.keyboard.type('JX-203');
    const room = teacher.locator('.ant-select-tree-title', { hasText: 'JX-203' }).first();
    await room.waitFor({ state: 'visible', timeout: 10_000 });
    await teacher.waitForTimeout(300);
    await room.click();
    await expect.poll(async () => (await teacher.getByTestId('repair-location').textContent()) ?? '').toContain('8年级3班教室');
    await teacher.getByTestId(`repair-category-${category}`).click();
    const description = `E2E 教室后排两根灯管不亮 ${Date.now() % 100000}`;
    await teacher.getByTestId('repair-description').fill(description);
    await teacher.getByTestId('repair-urgency-urgent').click();
    await teacher.getByTestId('photo-upload').locator('input[type=file]').setInputFiles(PHOTO);
    await teacher.getByTestId('photo-upload').locator('.ant-upload-list-item-done').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(teacher);
    await shot(teacher, 'repairs-teacher-report-form');
    await teacher.getByTestId('repair-submit').click();
    const codeEl = teacher.getByTestId('repair-code');
    await codeEl.waitFor({ timeout: 20_000 });
    const code = ((await codeEl.textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z]+\d{8}-\d+/);
    await noSidewaysScroll(teacher);
    await shot(teacher, 'repairs-teacher-reported');

    // ── director: the dispatch board shows it under 待派单; dispatch to repair1 ──
    await director.goto(`${baseUrl()}/repairs/dispatch`);
    const row = director.getByTestId('repair-row').filter({ hasText: code });
    await row.waitFor({ timeout: 20_000 });
    await shot(director, 'repairs-director-board');
    await row.getByTestId('repair-action-dispatch').click();
    const worker = director.getByTestId('dispatch-worker');
    await worker.waitFor({ timeout: 10_000 });
    await worker.click();
    await pickOption(director, workerName);
    await shot(director, 'repairs-director-dispatch-dialog');
    await director.getByTestId('dispatch-confirm').click();
    await row.waitFor({ state: 'detached', timeout: 15_000 });

    // ── repair1 on a phone: the queue, accept, complete with a note and hours ──
    const repair = await newPage(browser, PHONE);
    await loginAs(repair, 'repair1');
    await repair.goto(`${baseUrl()}/repairs/queue`);
    const card = repair.getByTestId('repair-row').filter({ hasText: code });
    await card.waitFor({ timeout: 20_000 });
    await noSidewaysScroll(repair);
    await shot(repair, 'repairs-worker-queue');
    await card.getByTestId('repair-action-accept').click();
    await card.getByTestId('repair-action-complete').waitFor({ timeout: 15_000 });
    await card.getByTestId('repair-action-complete').click();
    await repair.getByTestId('complete-note').fill('更换灯管 2 支，试亮正常');
    await (await inputOf(repair.getByTestId('complete-hours'))).fill('1.5');
    await repair.getByTestId('complete-add-item').click();
    const item = repair.getByTestId('complete-item').first();
    await item.locator('input').first().fill('灯管');
    await item.locator('input').nth(1).fill('2');
    await item.locator('input').nth(2).fill('支');
    await repair.getByTestId('complete-note').click();
    await noSidewaysScroll(repair);
    await shot(repair, 'repairs-worker-complete');
    await repair.getByTestId('complete-submit').click();
    // Completed work leaves the worker's to-do list.
    await card.waitFor({ state: 'detached', timeout: 15_000 });

    // ── teacher1: my reports → confirm with 4 stars ──
    await teacher.goto(`${baseUrl()}/repairs/mine`);
    const mine = teacher.getByTestId('repair-row').filter({ hasText: code });
    await mine.waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await mine.textContent()) ?? '', { timeout: 15_000 }).toContain('待确认');
    await noSidewaysScroll(teacher);
    await shot(teacher, 'repairs-teacher-mine');
    await mine.getByTestId('repair-action-confirm').click();
    const stars = teacher.getByTestId('confirm-rating');
    await stars.waitFor({ timeout: 10_000 });
    await stars.locator('li').nth(3).click();
    await teacher.getByTestId('confirm-comment').fill('修得很快，谢谢');
    await shot(teacher, 'repairs-teacher-confirm');
    await teacher.getByTestId('confirm-submit').click();
    await expect.poll(async () => (await mine.textContent()) ?? '', { timeout: 15_000 }).toContain('已关闭');

    // The order's page: timeline from report to confirmation, the photo.
    await mine.getByTestId('repair-open').click();
    await teacher.getByTestId('repair-timeline').waitFor({ timeout: 15_000 });
    const timeline = (await teacher.getByTestId('repair-timeline').textContent()) ?? '';
    for (const word of ['报修', '派单', '接单', '完工', '确认']) expect(timeline).toContain(word);
    expect(await teacher.locator('[data-testid=page-repair-detail] img').count()).toBeGreaterThan(0);
    await noSidewaysScroll(teacher);
    await shot(teacher, 'repairs-teacher-detail');
    const detailUrl = teacher.url();

    // ── director: the repair log of repair1 has it; the statistics count one more ──
    // 维修一览表 of repair1 for today (the school's date, as the browser's clock says in Asia/Shanghai).
    const today = await director.evaluate(() => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' }));
    await director.goto(`${baseUrl()}/repairs/log?assigneeId=${workerId}&from=${today}&to=${today}`);
    await expect.poll(async () => (await director.getByTestId('repair-log-table').textContent()) ?? '', { timeout: 20_000 }).toContain(code);
    const logRow = director.getByTestId('repair-log-table').getByTestId('repair-row').filter({ hasText: code });
    expect(await logRow.textContent()).toContain('灯管');
    await shot(director, 'repairs-director-log');
    const after = await statsCount(director);
    expect(after).toBe(before + 1);
    await director.getByTestId('chart-category').locator('canvas').first().waitFor({ timeout: 15_000 });
    await shot(director, 'repairs-director-stats');
    await director.goto(detailUrl);
    await director.getByTestId('repair-timeline').waitFor({ timeout: 15_000 });
    await shot(director, 'repairs-director-detail');
  });

  it('the worker\'s queue and the statistics read well on a phone', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'director');
    await page.goto(`${baseUrl()}/repairs/stats`);
    await page.getByTestId('repair-stats').waitFor({ timeout: 20_000 });
    await page.getByTestId('stats-count').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(800);
    await noSidewaysScroll(page);
    await shot(page, 'repairs-phone-stats');
    await page.goto(`${baseUrl()}/repairs/dispatch`);
    await page.getByTestId('dispatch-tabs').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await noSidewaysScroll(page);
    await shot(page, 'repairs-phone-board');
    // Maintenance plans: the list, and the schedule editor of a new plan.
    await page.goto(`${baseUrl()}/repairs/plans`);
    await page.getByTestId('create-button').click();
    await page.getByTestId('schedule-editor').waitFor({ timeout: 15_000 });
    await page.getByTestId('schedule-freq').getByText('每周').click();
    await expect.poll(async () => (await page.getByTestId('schedule-summary').textContent()) ?? '').toContain('每周一');
    await page.waitForTimeout(400);
    await noSidewaysScroll(page);
    await shot(page, 'repairs-phone-plan-form');
  });

  it('the director\'s maintenance plans and dispatch rules at a desk', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'director');
    await page.goto(`${baseUrl()}/repairs/plans`);
    await page.getByTestId('plan-row').first().waitFor({ timeout: 20_000 });
    await shot(page, 'repairs-director-plans');
    await page.goto(`${baseUrl()}/repairs/dispatch?tab=byWorker`);
    await page.getByTestId('board-worker').first().waitFor({ timeout: 20_000 });
    await shot(page, 'repairs-director-by-worker');
    await page.getByTestId('rules-open').click();
    await page.getByTestId('rules-editor').waitFor({ timeout: 15_000 });
    await shot(page, 'repairs-director-rules');
    await page.keyboard.press('Escape');
    await page.getByTestId('rules-editor').waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByTestId('repair-settings-open').click();
    await page.getByTestId('repair-settings-form').waitFor({ timeout: 15_000 });
    await shot(page, 'repairs-director-settings');
  });
});
