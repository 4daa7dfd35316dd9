import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, loginAs, shot, baseUrl } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

describe('at 390 px, for the people at the gate, in the dorm and on a ladder', () => {
  for (const who of ['guard1', 'dorm1', 'director', 'inspector']) {
    it(`${who} logs in and reads the home and the locations without sideways scrolling`, async () => {
      const page = await newPage(browser, { width: 390, height: 844 });
      await loginAs(page, who);
      await shot(page, `phone-${who}-home`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await page.goto(`${baseUrl()}/org/locations`);
      await expect.poll(async () => (await page.textContent('body')) ?? '', { timeout: 15_000 }).toMatch(/教室|宿舍|Classroom/);
      const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow2).toBeLessThanOrEqual(1);
      await shot(page, `phone-${who}-locations`);
    });
  }
});
