import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, loginAs, shot, baseUrl } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('the school admin keeps the organisation', () => {
  it('adds a location, finds it in the list and the audit log, switches to English, logs out', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'admin');
    // Home shows the school's real figures.
    await expect.poll(() => page.textContent('body')).toContain('青山镇初级中学');
    await shot(page, 'admin-home');

    const code = `E2E-${Date.now() % 100000}`;
    const name = `测试教室${code}`;
    await page.goto(`${baseUrl()}/org/locations`);
    await page.getByTestId('create-button').click();
    const form = page.locator('.ant-modal, .ant-drawer').last();
    await form.getByLabel('编码').fill(code);
    await form.getByLabel('名称').fill(name);
    // The dropdown animates open; click the option once it has settled, and check it took.
    const chosen = form.locator('.ant-select-content[title="功能室"], .ant-select-selection-item[title="功能室"]');
    for (let attempt = 0; attempt < 4 && !(await chosen.count()); attempt++) {
      await form.getByLabel('类型').click();
      const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '功能室' }).first();
      await option.waitFor({ state: 'visible', timeout: 5_000 });
      await page.waitForTimeout(400);
      await option.click();
      await page.waitForTimeout(200);
    }
    expect(await chosen.count()).toBeGreaterThan(0);
    await shot(page, 'admin-location-form');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('record-form').waitFor({ state: 'detached', timeout: 15_000 });
    const search = page.getByTestId('filter-q');
    await (await search.locator('input').count() ? search.locator('input') : search).fill(code);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await page.getByTestId('list-table').textContent()) ?? '', { timeout: 15_000 }).toContain(name);
    await shot(page, 'admin-location-added');

    await page.goto(`${baseUrl()}/audit`);
    await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 15_000 }).toContain(name);
    await shot(page, 'admin-audit');

    await page.getByTestId('lang-switch').click();
    const english = page.locator('.ant-dropdown-menu-item, .ant-select-item-option, [role=menuitem]', { hasText: 'English' });
    if (await english.count()) await english.first().click();
    await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 10_000 }).toMatch(/Audit|Log out|Home/);
    await shot(page, 'admin-english');

    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL((u) => u.pathname.startsWith('/login'), { timeout: 10_000 });
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status);
    expect(me).toBe(401);
  });

  it('a teacher cannot open the accounts page', async () => {
    const page = await newPage(browser);
    await loginAs(page, 'teacher1');
    await page.getByTestId('menu-locations').first().waitFor({ state: 'attached', timeout: 15_000 });
    expect(await page.getByTestId('menu-users').count()).toBe(0);
    await page.goto(`${baseUrl()}/users`);
    await page.getByTestId('forbidden').waitFor({ timeout: 10_000 });
    const api = await page.evaluate(async () => (await fetch('/api/v1/users')).status);
    expect(api).toBe(403);
    await shot(page, 'teacher-forbidden');
  });
});
