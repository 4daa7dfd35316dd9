import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.GATE_SHOTS ?? '/tmp/shots/gate';
const shot = shotsIn(SHOTS);

/** Clicks an option of an open antd select dropdown, once it has settled. */
async function pickFirstOption(page: Page) {
  const option = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').first();
  await option.waitFor({ state: 'visible', timeout: 10_000 });
  await page.waitForTimeout(300);
  const text = (await option.textContent()) ?? '';
  await option.click();
  return text;
}

describe('an exit pass, from the head teacher\'s phone to the gate', () => {
  it('headteacher1 issues a pass for a student of their class; guard1 types its code at 390 px and the student may leave, once', async () => {
    // ── headteacher1 on a phone: 开出门条 ──
    const head = await newPage(browser, PHONE);
    await loginAs(head, 'headteacher1');
    await head.goto(`${baseUrl()}/safety/gate/passes/new`);
    await head.getByTestId('pass-submit').waitFor({ timeout: 20_000 });
    await head.getByTestId('pass-student').click();
    const picked = await pickFirstOption(head);
    const studentName = picked.split('·')[0].trim();
    expect(studentName).toBeTruthy();
    // Only the students of headteacher1's class are offered (the first class, 7年级1班).
    expect(picked).toContain('7年级1班');
    await head.getByTestId('pass-reason').fill('E2E 身体不适，回家就医');
    await head.getByTestId('pass-preset-2h').click();
    await noSidewaysScroll(head);
    await shot(head, '01-headteacher-pass-form');
    await head.getByTestId('pass-submit').click();
    await head.getByTestId('page-pass').waitFor({ timeout: 20_000 });
    const code = ((await head.getByTestId('pass-code').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await head.getByTestId('pass-qr').waitFor({ timeout: 10_000 });
    await expect.poll(async () => head.getByTestId('pass-student').textContent()).toBe(studentName);
    await noSidewaysScroll(head);
    await shot(head, '02-headteacher-pass-qr');
    await head.getByTestId('pass-full').click();
    await head.getByTestId('pass-fullscreen').waitFor();
    await shot(head, '03-headteacher-pass-fullscreen', false);
    const passId = Number(new URL(head.url()).pathname.split('/').pop());

    // ── guard1 on a phone: the gate screen → 扫码放行 → types the code ──
    const guard = await newPage(browser, PHONE);
    await loginAs(guard, 'guard1');
    await guard.goto(`${baseUrl()}/safety/gate`);
    await guard.getByTestId('gate-scan').waitFor({ timeout: 20_000 });
    await guard.getByTestId('gate-inside-count').waitFor({ timeout: 20_000 });
    // The demo has visitors inside now (one flagged from yesterday) and a guard on duty.
    expect(Number(await guard.getByTestId('gate-inside-count').textContent())).toBeGreaterThanOrEqual(1);
    await guard.getByTestId('gate-on-duty').getByText('门卫').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(guard);
    await shot(guard, '04-guard-gate-home');
    await guard.getByTestId('gate-scan').click();
    await guard.getByTestId('pass-scanner-input').waitFor({ timeout: 20_000 });
    await guard.waitForTimeout(500);
    await shot(guard, '05-guard-scanner');
    await guard.getByTestId('pass-scanner-input').fill(`${code.slice(0, 3).toLowerCase()} ${code.slice(3)}`);
    await guard.getByTestId('pass-scanner-submit').click();
    const valid = guard.getByTestId('verify-valid');
    await valid.waitFor({ timeout: 20_000 });
    expect(await guard.getByTestId('answer-title').textContent()).toBe('准予出校');
    expect(await guard.getByTestId('answer-student').textContent()).toBe(studentName);
    expect(await guard.getByTestId('answer-class').textContent()).toContain('7年级1班');
    await shot(guard, '06-guard-answer-valid', false);

    // The exit is recorded: the pass is "out" for everyone, and a second scan says used.
    const state = await guard.evaluate(async (id) => (await (await fetch(`/api/v1/exit-passes/${id}`)).json()).state, passId);
    expect(state).toBe('used');
    await guard.getByTestId('answer-next').click();
    await guard.getByTestId('pass-scanner-input').fill(code);
    await guard.getByTestId('pass-scanner-submit').click();
    await guard.getByTestId('verify-used').waitFor({ timeout: 20_000 });
    expect(await guard.getByTestId('answer-title').textContent()).toBe('出门条已使用');
    await shot(guard, '07-guard-answer-used', false);
    await guard.getByTestId('answer-next').click();

    // An unknown code: red, no pass.
    await guard.getByTestId('pass-scanner-input').fill('ZZZZZZ');
    await guard.getByTestId('pass-scanner-submit').click();
    await guard.getByTestId('verify-no_pass').waitFor({ timeout: 20_000 });
    await guard.getByTestId('answer-next').click();

    // The head teacher's page shows the exit.
    await head.reload();
    await head.getByTestId('pass-status').first().waitFor({ timeout: 20_000 });
    expect(await head.getByTestId('pass-status').first().textContent()).toBe('已出校');
    await shot(head, '08-headteacher-pass-out');

    // A boarder looked up without a code on a school day is told why not (or may leave at a weekend).
    await guard.getByTestId('scan-lookup').click();
    await guard.getByTestId('student-lookup-input').fill(studentName.slice(0, 1));
    await guard.getByTestId('student-lookup-item').first().waitFor({ timeout: 20_000 });
    await guard.getByTestId('student-lookup-item').first().click();
    await guard.locator('[data-testid^="check-"]').first().waitFor({ timeout: 20_000 });
    await shot(guard, '09-guard-student-lookup-answer', false);
    await guard.getByTestId('answer-next').click();
  });

  it('guard1 registers a visitor at 390 px and checks them out with one tap', async () => {
    const guard = await newPage(browser, PHONE);
    await loginAs(guard, 'guard1');
    await guard.goto(`${baseUrl()}/safety/gate/visitors/new`);
    await guard.getByTestId('visitor-submit').waitFor({ timeout: 20_000 });
    await guard.getByTestId('visitor-id-number').fill('110105194912310021');
    await guard.getByTestId('visitor-name').fill('E2E 访客');
    // The wrong check digit is caught as the guard types.
    await guard.getByText('身份证号码不正确').first().waitFor({ timeout: 5_000 });
    await guard.getByTestId('visitor-id-number').fill('11010519491231002X');
    await guard.getByTestId('visitor-phone').fill('13812345678');
    await guard.getByTestId('visitor-organisation').fill('县疾控中心');
    await guard.getByTestId('visitor-reason').fill('学校卫生检查');
    await guard.getByTestId('visitor-badge').fill('F09');
    await noSidewaysScroll(guard);
    await shot(guard, '10-guard-visitor-form');
    await guard.getByTestId('visitor-submit').click();
    await guard.getByTestId('visitor-registered').waitFor({ timeout: 20_000 });
    expect(await guard.getByTestId('visitor-registered').textContent()).toContain('**************002X');
    expect(await guard.content()).not.toContain('11010519491231002X');
    await guard.goto(`${baseUrl()}/safety/gate/visitors?inside=true&q=${encodeURIComponent('E2E')}`);
    const card = guard.getByTestId('visitor-card').filter({ hasText: 'E2E 访客' }).first();
    await card.waitFor({ timeout: 20_000 });
    await noSidewaysScroll(guard);
    await shot(guard, '11-guard-visitors-inside');
    await card.getByTestId('visitor-checkout').click();
    await guard.getByTestId('visitor-checkout-ok').click();
    await expect.poll(async () => guard.getByTestId('visitor-card').filter({ hasText: 'E2E 访客' }).count(), { timeout: 20_000 }).toBe(0);
  });

  it('the duty roster, patrols and their figures work at 390 px', async () => {
    const guard = await newPage(browser, PHONE);
    await loginAs(guard, 'guard1');
    for (const [path, testId, name] of [
      ['/safety/duty', 'duty-cards', '12-duty-roster'], ['/safety/duty/handovers', 'page-handovers', '13-handovers'],
      ['/safety/patrols', 'patrol-list', '14-patrols'], ['/safety/patrols/figures', 'patrol-figures-summary', '15-patrol-figures'],
      ['/safety/gate/passes', 'pass-list', '16-passes'],
    ] as const) {
      await guard.goto(`${baseUrl()}${path}`);
      await guard.getByTestId(testId).waitFor({ timeout: 20_000 });
      await guard.waitForTimeout(300);
      await noSidewaysScroll(guard);
      await shot(guard, name);
    }
    // A patrol on the phone: start the key-area route, type the first checkpoint's code, see the progress.
    await guard.goto(`${baseUrl()}/safety/patrols`);
    await guard.getByTestId('patrol-start').first().click();
    await guard.getByTestId('page-patrol-walk').waitFor({ timeout: 20_000 });
    await guard.getByTestId('checkpoint-scanner-input').fill('WRONG-CODE1');
    await guard.getByTestId('checkpoint-scanner-submit').click();
    await guard.getByTestId('patrol-error').waitFor({ timeout: 10_000 });
    await shot(guard, '17-patrol-walk');
    await guard.getByTestId('patrol-finish').click();
    await guard.locator('.ant-modal-confirm-btns .ant-btn-dangerous').click();
    await guard.getByTestId('patrol-summary').waitFor({ timeout: 20_000 });
    await shot(guard, '18-patrol-finished');
  });
});
