import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const shot = shotsIn(process.env.PASS_LINK_SHOTS ?? '/tmp/shots/passpage-holidays');

describe('the guardian\'s pass page', () => {
  it('headteacher1 sends the link; a guardian without a login opens it at 390 px and sees the QR, the code and the status', async () => {
    // ── headteacher1 issues a pass on a phone and opens 发送给家长 ──
    const head = await newPage(browser, PHONE);
    await loginAs(head, 'headteacher1');
    await head.goto(`${baseUrl()}/safety/gate/passes/new`);
    await head.getByTestId('pass-submit').waitFor({ timeout: 20_000 });
    await head.getByTestId('pass-student').click();
    const option = head.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
    await option.waitFor({ state: 'visible', timeout: 10_000 });
    await head.waitForTimeout(300);
    const studentName = ((await option.textContent()) ?? '').split('·')[0].trim();
    await option.click();
    await head.getByTestId('pass-reason').fill('E2E 家长接回看病');
    await head.getByTestId('pass-preset-2h').click();
    await head.getByTestId('pass-submit').click();
    await head.getByTestId('page-pass').waitFor({ timeout: 20_000 });
    const code = ((await head.getByTestId('pass-code').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await head.getByTestId('pass-send-guardian').click();
    await head.getByTestId('pass-send-link').waitFor({ timeout: 10_000 });
    const link = (await head.getByTestId('pass-send-link').getAttribute('href')) ?? '';
    expect(link).toMatch(/\/public\/pass\/[0-9a-f-]{36}$/);
    // The text for WeChat carries the code and the link.
    const text = (await head.getByTestId('pass-send-text').textContent()) ?? '';
    expect(text).toContain(code);
    expect(text).toContain(link);
    await noSidewaysScroll(head);
    await shot(head, '01-headteacher-send-to-guardian', false);

    // ── a guardian's phone: no session, a fresh browser context ──
    const guardian = await newPage(browser, PHONE);
    await guardian.goto(link);
    await guardian.getByTestId('public-pass-status').waitFor({ timeout: 20_000 });
    expect(await guardian.getByTestId('public-pass-status').getAttribute('data-status')).toBe('valid');
    await guardian.getByTestId('pass-qr').waitFor({ timeout: 10_000 });
    const qrWidth = await guardian.getByTestId('pass-qr').evaluate((img) => (img as HTMLImageElement).width);
    expect(qrWidth).toBeGreaterThanOrEqual(240);
    expect((await guardian.getByTestId('pass-code').textContent())?.trim()).toBe(code);
    // The given name is partly masked; the full name is nowhere on the page.
    const shown = (await guardian.getByTestId('public-pass-student').textContent()) ?? '';
    expect(shown.startsWith(studentName.slice(0, 1))).toBe(true);
    expect(shown).toContain('*');
    expect(await guardian.content()).not.toContain(studentName);
    // Not the app's shell: no login redirect, no menu.
    expect(new URL(guardian.url()).pathname).toBe(new URL(link).pathname);
    expect(await guardian.locator('.ant-layout-sider').count()).toBe(0);
    await noSidewaysScroll(guardian);
    await shot(guardian, '02-guardian-pass-page');
    await guardian.getByTestId('public-pass-locale').click();
    await guardian.getByText('Valid: the student may leave with it').waitFor({ timeout: 10_000 });
    await shot(guardian, '03-guardian-pass-page-en');

    // ── the guard lets the student out; the guardian's page follows on its next refresh ──
    const guard = await newPage(browser, PHONE);
    await loginAs(guard, 'guard1');
    const answer = await guard.evaluate(async (c) => (await (await fetch('/api/v1/exit-passes/verify', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: c }),
    })).json()).result, code);
    expect(answer).toBe('valid');
    await guardian.reload();
    await guardian.getByTestId('public-pass-status').waitFor({ timeout: 20_000 });
    expect(await guardian.getByTestId('public-pass-status').getAttribute('data-status')).toBe('out');
    await shot(guardian, '04-guardian-pass-out');

    // A link with a wrong key: a plain "not found", no data.
    const stranger = await newPage(browser, PHONE);
    await stranger.goto(`${baseUrl()}/public/pass/0b3f6c1e-6a51-4c1c-9f3e-1d2c3b4a5f60`);
    await stranger.getByTestId('public-pass-missing').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(stranger);
    await shot(stranger, '05-unknown-link');
  });

  it('admin sees the demo holidays and make-up days in the school calendar at 390 px', async () => {
    const admin = await newPage(browser, PHONE);
    await loginAs(admin, 'admin');
    await admin.goto(`${baseUrl()}/school`);
    await admin.getByTestId('calendar-settings').waitFor({ timeout: 20_000 });
    await admin.getByTestId('holiday-row-0').waitFor({ timeout: 20_000 });
    expect(await admin.getByTestId('holiday-name-0').inputValue()).toBe('国庆节、中秋节');
    expect(await admin.getByTestId('makeup-row-1').count()).toBe(1);
    await admin.getByTestId('holiday-row-0').scrollIntoViewIfNeeded();
    await noSidewaysScroll(admin);
    await shot(admin, '06-school-calendar-holidays');
  });
});
