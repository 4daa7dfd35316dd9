import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

/*
 * Canteen supply at 390 px on the demo: canteen1 records a flour delivery into the store (a bulk
 * staple: one inspector is not enough, two are), with the delivery's certificate photo; the suppliers
 * list shows the licence expiring within 30 days; the month's account shows a surplus under the limit.
 */

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.HOUQIN_SHOTS ?? '/tmp/shots/canteen-supply';
const shot = shotsIn(SHOTS, { settleMs: 300 });
const PHOTO = join(process.cwd(), 'e2e', 'fixtures', 'broken-lamp.jpg');

/** antd puts a test id on the input itself or on its wrapper, depending on the component. */
async function inputOf(l: Locator): Promise<Locator> {
  const tag = await l.evaluate((el) => el.tagName.toLowerCase());
  return tag === 'input' || tag === 'textarea' ? l : l.locator('input, textarea').first();
}

async function pickOption(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: text }).first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(300);
  await option.click();
}

describe('canteen supply on a phone', () => {
  it('canteen1 records a bulk-staple intake with two inspectors and a certificate photo', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'canteen1');
    await page.goto(`${baseUrl()}/canteen/supply/intakes`);
    await page.getByTestId('intake-list').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(page);
    await shot(page, 'intakes-390');

    await page.getByTestId('intake-new').click();
    await page.getByTestId('page-canteen-intake-form').waitFor();
    await page.getByTestId('f-supplier').click();
    await pickOption(page, '县城丰收粮油贸易有限公司');
    const card = page.getByTestId('item-card').first();
    const name = await inputOf(card.getByTestId('f-item-name'));
    await name.fill('面粉');
    await name.blur();
    await card.getByTestId('f-item-category').click();
    await pickOption(page, '粮食');
    await (await inputOf(card.getByTestId('f-item-quantity'))).fill('50');
    await (await inputOf(card.getByTestId('f-item-price'))).fill('4.6');
    await card.locator('input[id$="_batch"]').fill('M20261122');
    // 面粉 is on the bulk-staple list: the switch turns on and two inspectors are asked for.
    await page.getByTestId('bulk-hint').waitFor();
    await page.getByTestId('page-canteen-intake-form').getByTestId('photo-upload').last().locator('input[type=file]').setInputFiles(PHOTO);
    await page.waitForTimeout(1500);
    await page.getByTestId('intake-save').click();
    await expect.poll(() => page.locator('.ant-form-item-has-error').count()).toBeGreaterThan(0);
    expect(page.url()).toContain('/intakes/new');
    await noSidewaysScroll(page);
    await shot(page, 'intake-form-390');

    await page.getByTestId('f-inspectors').click();
    const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option:not(.ant-select-item-option-selected)');
    await options.first().waitFor({ timeout: 10_000 });
    await options.first().click();
    await page.keyboard.press('Escape');
    await page.getByTestId('intake-save').click();
    await page.getByTestId('page-canteen-intake').waitFor({ timeout: 20_000 });
    expect((await page.getByTestId('inspectors').textContent())?.split('、')).toHaveLength(2);
    await noSidewaysScroll(page);
    await shot(page, 'intake-detail-390');
  });

  it('the suppliers show the licence expiring within 30 days; the month shows a surplus under the limit', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'canteen1');
    await page.goto(`${baseUrl()}/canteen/supply/suppliers?licenceState=expiring`);
    await page.getByTestId('supplier-list').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('list-card').count()).toBe(1);
    await noSidewaysScroll(page);
    await shot(page, 'suppliers-390');

    await page.goto(`${baseUrl()}/canteen/supply/costs`);
    await page.getByTestId('margin-ok').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(page);
    await shot(page, 'costs-390');

    await page.goto(`${baseUrl()}/canteen/supply/meal-counts`);
    await page.getByTestId('meal-lunch').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(page);
    await shot(page, 'meal-counts-390');
  });
});
