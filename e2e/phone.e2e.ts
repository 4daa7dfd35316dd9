import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, loginAs, shot, baseUrl, noSidewaysScroll } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('at 390 px, for the people at the gate, in the dorm and on a ladder', () => {
  for (const who of ['guard1', 'dorm1', 'director', 'inspector']) {
    it(`${who} logs in and reads the home and the locations without sideways scrolling`, async () => {
      const page = await newPage(browser, { width: 390, height: 844 });
      await loginAs(page, who);
      await shot(page, `phone-${who}-home`);
      await noSidewaysScroll(page);
      await page.goto(`${baseUrl()}/org/locations`);
      await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 15_000 }).toMatch(/教室|宿舍|Classroom/);
      await noSidewaysScroll(page);
      await shot(page, `phone-${who}-locations`);
    });
  }
});
