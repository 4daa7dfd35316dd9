import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.HOUQIN_SHOTS ?? '/tmp/shots/canteen';
const shot = shotsIn(SHOTS, { settleMs: 300 });

interface BoardView {
  green: boolean;
  staff: { serviceDay?: boolean; missing: unknown[]; selfCheck: { dailyDone: boolean } };
  meals: { meal: string; missing: number; accompanied: unknown[] }[];
}
const board = (page: Page): Promise<BoardView> => page.evaluate(async () => (await fetch('/api/v1/canteen/board')).json());

/*
 * The demo's today is partly done (SPEC §7: a month of canteen records): some staff not yet checked,
 * the daily self-check open, a meal with dishes not yet sampled and no leader at it. What remains is
 * done here through the pages, whatever the hour the journey runs at.
 */
describe('the canteen\'s day, from the morning check to a green board', () => {
  it('canteen1 checks the staff and samples the dishes on a phone, principal eats with the students, the board turns green', async () => {
    const canteen = await newPage(browser, PHONE);
    await loginAs(canteen, 'canteen1');
    await canteen.goto(`${baseUrl()}/canteen`);
    await canteen.getByTestId('board-green').waitFor({ timeout: 20_000 });
    const before = await board(canteen);
    expect(before.green).toBe(false);
    await noSidewaysScroll(canteen);
    await shot(canteen, 'board-before');

    // ── 晨检: one person by tap, the rest with 其余全部正常 ──
    await canteen.goto(`${baseUrl()}/canteen/staff/checks`);
    await canteen.getByTestId('page-canteen-checks').waitFor({ timeout: 20_000 });
    await canteen.getByTestId('checks-progress').waitFor({ timeout: 20_000 });
    const pass = canteen.locator('[data-testid^="check-pass-"]');
    if (await pass.count()) {
      await pass.first().click();
      await expect.poll(async () => pass.count(), { timeout: 10_000 }).toBe(before.staff.missing.length - 1);
    }
    if (await canteen.getByTestId('checks-all-normal').count()) await canteen.getByTestId('checks-all-normal').click();
    await expect.poll(async () => (await board(canteen)).staff.missing.length, { timeout: 15_000 }).toBe(0);
    await noSidewaysScroll(canteen);
    await shot(canteen, 'morning-checks');

    // ── The daily self-check on the inspection engine ──
    if (!(await board(canteen)).staff.selfCheck.dailyDone) {
      await canteen.goto(`${baseUrl()}/canteen/staff/self-check`);
      await canteen.getByTestId('page-canteen-self-check').waitFor({ timeout: 20_000 });
      const go = canteen.locator('[data-testid="self-continue-daily"], [data-testid="self-start-daily"]').first();
      await go.click();
      await canteen.getByTestId('page-inspection').waitFor({ timeout: 20_000 });
      const items = canteen.getByTestId('inspection-item');
      await items.first().waitFor({ timeout: 20_000 });
      const n = await items.count();
      expect(n).toBeGreaterThan(5);
      for (let i = 0; i < n; i++) {
        if ((await items.nth(i).getAttribute('data-outcome')) === 'pass') continue;
        await items.nth(i).getByTestId('item-pass').click();
        await expect.poll(async () => items.nth(i).getAttribute('data-outcome'), { timeout: 10_000 }).toBe('pass');
      }
      await canteen.getByTestId('inspection-submit').click();
      await canteen.getByTestId('inspection-submit-confirm').click();
      await expect.poll(async () => (await canteen.getByTestId('page-inspection').textContent()) ?? '', { timeout: 15_000 }).toContain('已提交');
      await expect.poll(async () => (await board(canteen)).staff.selfCheck.dailyDone, { timeout: 15_000 }).toBe(true);
    }

    // ── 留样: each dish not yet sampled, 150 g, one tap ──
    await canteen.goto(`${baseUrl()}/canteen/samples`);
    const meals = before.meals.filter((m) => m.missing > 0);
    for (const m of meals) await canteen.getByTestId(`sample-meal-${m.meal}`).waitFor({ timeout: 20_000 });
    const open = canteen.locator('[data-testid^="sample-dish-"][data-sampled="false"]');
    let left = await open.count();
    expect(left).toBe(meals.reduce((s, m) => s + m.missing, 0));
    while (left > 0) {
      const dish = open.first();
      const id = (await dish.getAttribute('data-testid'))!.replace('sample-dish-', '');
      await canteen.locator(`input[data-testid="sample-weight-${id}"], [data-testid="sample-weight-${id}"] input`).first().fill('150');
      await canteen.getByTestId(`sample-save-${id}`).click();
      await expect.poll(async () => open.count(), { timeout: 10_000 }).toBe(left - 1);
      left--;
    }
    await noSidewaysScroll(canteen);
    await shot(canteen, 'samples-done');
    expect((await board(canteen)).meals.every((m) => m.missing === 0)).toBe(true);

    // ── 陪餐: the principal at each meal of the day nobody has accompanied yet ──
    const principal = await newPage(browser, PHONE);
    await loginAs(principal, 'principal');
    for (const m of (await board(principal)).meals.filter((x) => x.accompanied.length === 0)) {
      await principal.goto(`${baseUrl()}/canteen/accompanied?meal=${m.meal}`);
      const form = principal.getByTestId('accompany-form');
      await form.waitFor({ timeout: 20_000 });
      await principal.getByTestId('accompany-save').click();
      await expect.poll(async () => (await board(principal)).meals.find((x) => x.meal === m.meal)!.accompanied.length, { timeout: 15_000 }).toBe(1);
    }
    await noSidewaysScroll(principal);
    await shot(principal, 'accompanied');

    // ── The board is green, on the phone and on the desk ──
    await principal.goto(`${baseUrl()}/canteen`);
    await expect.poll(async () => principal.getByTestId('board-green').getAttribute('data-green'), { timeout: 20_000 }).toBe('true');
    expect((await board(principal)).green).toBe(true);
    await noSidewaysScroll(principal);
    await shot(principal, 'board-green-phone');
    const desk = await newPage(browser);
    await loginAs(desk, 'director');
    await desk.goto(`${baseUrl()}/canteen`);
    await expect.poll(async () => desk.getByTestId('board-green').getAttribute('data-green'), { timeout: 20_000 }).toBe('true');
    await shot(desk, 'board-green-desk');
  });

  it('anyone reads the published menu on the public page, without a login and without names', async () => {
    const page = await newPage(browser, PHONE);
    const code = await (async () => {
      const director = await newPage(browser);
      await loginAs(director, 'director');
      const school = await director.evaluate(async () => {
        const me = await (await fetch('/api/v1/auth/me')).json();
        return (await fetch(`/api/v1/schools/${me.schoolId}`)).json();
      });
      await director.close();
      return String(school.code ?? '');
    })();
    expect(code).not.toBe('');
    await page.goto(`${baseUrl()}/public/${code}/canteen`);
    await page.getByTestId('public-menu').waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await page.getByTestId('public-menu').textContent()) ?? '', { timeout: 20_000 }).toContain('青山镇初级中学');
    const text = (await page.getByTestId('public-menu').textContent()) ?? '';
    for (const name of ['canteen1', 'principal', '校长']) expect(text).not.toContain(name);
    await noSidewaysScroll(page);
    await shot(page, 'public-menu');
  });
});
