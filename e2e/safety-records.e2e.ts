import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Locator } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

/*
 * The safety records at 390 px on the demo: the director's safety home and its doors, a drill
 * recorded with a slow evacuation (flagged), headteacher1 recording their class's session from the
 * compliance list, guard1 reporting an incident, an agreement signed, the plan's versions, and the
 * inspector's district page.
 */

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const SHOTS = '/tmp/shots/records';
const shot = shotsIn(SHOTS, { settleMs: 250 });

async function inputOf(l: Locator): Promise<Locator> {
  const tag = await l.evaluate((el) => el.tagName.toLowerCase());
  return tag === 'input' || tag === 'textarea' ? l : l.locator('input, textarea').first();
}

describe('safety records on a phone', () => {
  it('the director\'s safety home: the month\'s figures, each a door to its list', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'director');
    await page.goto(`${baseUrl()}/safety`);
    await page.getByTestId('figure-drill').waitFor({ timeout: 20_000 });
    // Last month's drill: 95 s, within the target; September without a drill is counted.
    await expect.poll(() => page.getByTestId('figure-evacuation-value').textContent()).toBe('1分35秒');
    expect(await page.getByTestId('figure-drill').textContent()).toContain('1 个月未演练');
    expect(await page.getByTestId('figure-veto-value').textContent()).toBe('未否决');
    // This month's hazard investigation is still to do (due on the 25th).
    expect(await page.getByTestId('figure-investigation-value').textContent()).toBe('待排查');
    await noSidewaysScroll(page);
    await shot(page, 'home-390');

    // The drill figure opens the drills: the term's months, the missing one flagged.
    await page.getByTestId('figure-drill').click();
    await page.getByTestId('drill-months').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-status="missing"]').count()).toBe(1);
    expect(await page.locator('[data-status="due"]').count()).toBeLessThanOrEqual(1);
    await noSidewaysScroll(page);
    await shot(page, 'drills-390');

    // A fire drill today, 2 min 10 s: flagged as slow.
    await page.getByTestId('drill-new').click();
    await page.getByTestId('drill-form').waitFor();
    await page.getByTestId('kind-fire').click();
    await (await inputOf(page.getByTestId('drill-participants'))).fill('560');
    await (await inputOf(page.getByTestId('drill-seconds'))).fill('130');
    await expect.poll(() => page.getByTestId('drill-seconds-hint').textContent()).toContain('超过目标');
    await (await inputOf(page.getByTestId('drill-problems'))).fill('东侧楼梯口拥堵');
    await page.getByTestId('classes-all').click();
    await noSidewaysScroll(page);
    await shot(page, 'drill-form-390');
    await page.getByTestId('drill-submit').click();
    await page.getByTestId('page-safety-drill').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('evacuation-tag').first().getAttribute('data-slow')).toBe('true');
    await shot(page, 'drill-detail-390');
    await page.goto(`${baseUrl()}/safety`);
    await expect.poll(() => page.getByTestId('figure-evacuation-value').textContent(), { timeout: 15_000 }).toBe('2分10秒');
    expect(await page.getByTestId('figure-drill-value').textContent()).toBe('已演练 1 次');
    // The gate's and the hazards' figures open their parts' lists.
    await page.getByTestId('figure-hazards').click();
    await page.waitForURL((u) => u.pathname === '/safety/hazards', { timeout: 15_000 });
    await page.goto(`${baseUrl()}/safety`);
    await page.getByTestId('figure-visitors').click();
    await page.waitForURL((u) => u.pathname === '/safety/gate/visitors', { timeout: 15_000 });
  });

  it('headteacher1 records a safety session for their class from the month\'s list', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'headteacher1');
    await page.goto(`${baseUrl()}/safety/education?tab=compliance`);
    await page.getByTestId('education-compliance').waitFor({ timeout: 20_000 });
    const before = await page.getByTestId('class-short').count();
    const record = page.locator('[data-testid^="record-class-"]');
    expect(await record.count()).toBe(1); // only their own class
    await noSidewaysScroll(page);
    await shot(page, 'education-compliance-390');
    await record.click();
    await page.getByTestId('education-form').waitFor();
    await (await inputOf(page.getByTestId('education-topic'))).fill('冬季防滑防冻安全教育');
    await (await inputOf(page.getByTestId('education-attendees'))).fill('48');
    await shot(page, 'education-form-390');
    await page.getByTestId('education-submit').click();
    await expect.poll(() => page.getByTestId('class-short').count(), { timeout: 15_000 }).toBe(before - 1);
    expect(await page.locator('[data-testid^="record-class-"]').count()).toBe(0);
  });

  it('guard1 reports an incident; the director sees it', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'guard1');
    await page.goto(`${baseUrl()}/safety/incidents/new`);
    await page.getByTestId('incident-form').waitFor({ timeout: 20_000 });
    await (await inputOf(page.getByTestId('incident-title'))).fill('校门口电动车剐蹭学生');
    await (await inputOf(page.getByTestId('incident-place'))).fill('校门口');
    await (await inputOf(page.getByTestId('incident-description'))).fill('放学时一辆电动车剐蹭学生书包，学生未受伤，已劝离。');
    await page.getByTestId('severity-minor').click();
    await noSidewaysScroll(page);
    await shot(page, 'incident-form-390');
    await page.getByTestId('incident-submit').click();
    await page.getByTestId('page-safety-incident').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('incident-heading').textContent()).toBe('校门口电动车剐蹭学生');
    await shot(page, 'incident-detail-390');

    const director = await newPage(browser, PHONE);
    await loginAs(director, 'director');
    await director.goto(`${baseUrl()}/safety/incidents`);
    await director.getByTestId('incident-list').waitFor({ timeout: 20_000 });
    await expect.poll(() => director.getByTestId('list-card').first().textContent()).toContain('校门口电动车剐蹭学生');
    await noSidewaysScroll(director);
    await shot(director, 'incidents-390');
  });

  it('the director signs an unsigned agreement and sees the plans\' versions', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'director');
    await page.goto(`${baseUrl()}/safety/agreements?signed=false`);
    await page.getByTestId('agreements-summary').waitFor({ timeout: 20_000 });
    const unsigned = Number((await page.getByTestId('agreements-summary').textContent())!.match(/未签 (\d+)/)![1]);
    expect(unsigned).toBeGreaterThan(0);
    await noSidewaysScroll(page);
    await shot(page, 'agreements-390');
    await page.locator('[data-testid^="sign-"]').first().click();
    await page.getByTestId('sign-form').waitFor();
    await page.getByTestId('sign-submit').click();
    await expect.poll(async () => (await page.getByTestId('agreements-summary').textContent()) ?? '', { timeout: 15_000 }).toContain(`未签 ${unsigned - 1}`);

    await page.goto(`${baseUrl()}/safety/plans?kind=fire`);
    await page.getByTestId('plan-list').waitFor({ timeout: 20_000 });
    await page.getByTestId('list-card').first().click();
    await page.getByTestId('plan-version-2').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('plan-version-1').count()).toBe(1);
    await shot(page, 'plan-versions-390');
  });

  it('the inspector reads the district: schools, incidents, the veto', async () => {
    const page = await newPage(browser, PHONE);
    await loginAs(page, 'inspector');
    await page.goto(`${baseUrl()}/safety/district`);
    await page.getByTestId('district-list').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('list-card').count()).toBe(2);
    await noSidewaysScroll(page);
    await shot(page, 'district-390');
    const desk = await newPage(browser);
    await loginAs(desk, 'inspector');
    await desk.goto(`${baseUrl()}/safety/district`);
    await desk.getByTestId('district-list').waitFor({ timeout: 20_000 });
    await shot(desk, 'district-desktop');
    // The inspector's safety home of one school: read-only, no "new" buttons anywhere.
    await desk.goto(`${baseUrl()}/safety`);
    await desk.getByTestId('figure-drill').waitFor({ timeout: 20_000 });
    await desk.goto(`${baseUrl()}/safety/drills`);
    await desk.getByTestId('drill-list').waitFor({ timeout: 20_000 });
    expect(await desk.getByTestId('drill-new').count()).toBe(0);
  });
});
