import { chromium, type Browser, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inject, expect } from 'vitest';

export const baseUrl = () => inject('baseUrl');
export const shotsDir = join(process.cwd(), 'e2e', 'screenshots');

/** Debian's Chromium, headless, with the flags a closed network needs. */
export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export async function newPage(browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  return context.newPage();
}

export async function shot(page: Page, name: string) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
}

/**
 * A journey's screenshots in a folder of its own (the first run's files are looked at, not compared).
 * `settleMs`: wait that long before each picture (antd's animations end).
 */
export function shotsIn(dir: string, opts: { settleMs?: number } = {}) {
  return async (page: Page, name: string, fullPage = true) => {
    mkdirSync(dir, { recursive: true });
    if (opts.settleMs) await page.waitForTimeout(opts.settleMs);
    await page.screenshot({ path: join(dir, `${name}.png`), fullPage });
  };
}

/** A phone page must not scroll sideways (the failure names the page). */
export async function noSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, page.url()).toBeLessThanOrEqual(1);
}

export async function loginAs(page: Page, username: string, password = 'houqin-demo') {
  await page.goto(`${baseUrl()}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 20_000 });
}
