import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launch, newPage, loginAs, baseUrl, shotsIn, noSidewaysScroll } from './browser';

/* The approval engine in a browser: a disposal above the collective-decision threshold goes through
 * the vice principal and the principal on 390 px phones; the principal records the meeting
 * (集体决策) with its minutes before the last step; the storekeeper sees it approved. */

let browser: Browser;
beforeAll(async () => { browser = await launch(); });
afterAll(async () => { await browser?.close(); });

const PHONE = { width: 390, height: 844 };
const SHOTS = '/tmp/shots/approvals';
const shot = shotsIn(SHOTS);
const MINUTES = join(SHOTS, '会议纪要.pdf');

/** Opens the approval from the "to approve" box of the inbox. */
async function openFromInbox(page: Page, approvalId: number) {
  await page.goto(`${baseUrl()}/approvals`);
  await page.getByTestId('page-approvals').waitFor({ timeout: 20_000 });
  const card = page.locator(`[data-testid="approval-card"][data-id="${approvalId}"]`);
  await card.waitFor({ timeout: 20_000 });
  await noSidewaysScroll(page);
  return card;
}

async function decide(page: Page, action: 'approve' | 'reject' | 'return', comment: string) {
  await page.getByTestId(`approval-${action}`).click();
  await page.getByTestId('approval-comment').fill(comment);
  await page.getByTestId('approval-confirm').click();
  await page.locator('.ant-modal').filter({ has: page.getByTestId('approval-comment') }).waitFor({ state: 'hidden', timeout: 20_000 });
}

describe('an approval above the threshold, on phones', () => {
  it('storekeeper asks to scrap assets, vice principal approves, principal records the meeting and approves', async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(MINUTES, Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));

    // ── The storekeeper puts assets worth more than 10,000 元 into a disposal request (through the API) ──
    const keeper = await newPage(browser);
    await loginAs(keeper, 'storekeeper');
    const created = await keeper.evaluate(async () => {
      const page = await (await fetch('/api/v1/assets?status=idle,in_use&priceMinFen=200000&sort=-unitPriceFen&limit=20')).json() as { items: { id: number; originalValueFen: number }[] };
      const ids: number[] = [];
      let total = 0;
      for (const a of page.items) { if (total > 1_200_000) break; ids.push(a.id); total += a.originalValueFen; }
      const res = await fetch('/api/v1/disposals', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ assetIds: ids, way: 'scrap', reason: 'E2E 设备老化，维修价值不大', attachmentIds: [] }) });
      return { status: res.status, body: await res.json() as { id: number }, total };
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.total).toBeGreaterThan(1_000_000);
    const approval = await keeper.evaluate(async (id) => (await (await fetch(`/api/v1/approvals/by-document?kind=assets.disposal&documentId=${id}`)).json()).approval as { id: number; steps: { role: string }[]; collectiveRequired: boolean }, created.body.id);
    expect(approval.collectiveRequired).toBe(true);
    const roles = approval.steps.map((s) => s.role);
    expect(roles.length).toBeGreaterThanOrEqual(2);
    expect(roles[roles.length - 1]).toBe('principal');

    // ── Every step before the principal's, each by its role, on a phone ──
    const users: Record<string, string> = { vice_principal: 'vice', director: 'director', principal: 'principal', admin: 'admin', accountant: 'accountant' };
    for (const [i, role] of roles.slice(0, -1).entries()) {
      const p = await newPage(browser, PHONE);
      await loginAs(p, users[role]);
      const card = await openFromInbox(p, approval.id);
      if (i === 0) await shot(p, `inbox-todo-${role}`);
      await card.click();
      await p.getByTestId('page-approval-detail').waitFor({ timeout: 20_000 });
      await p.getByTestId('approval-approve').waitFor({ timeout: 20_000 });
      await noSidewaysScroll(p);
      if (i === 0) await shot(p, `detail-${role}`);
      await decide(p, 'approve', '情况属实，同意报废');
      await expect.poll(async () => p.locator('[data-testid="approval-step"][data-decision="approved"]').count()).toBe(i + 1);
      await p.context().close();
    }

    // ── The principal: the last step waits for the collective decision ──
    const principal = await newPage(browser, PHONE);
    await loginAs(principal, 'principal');
    await (await openFromInbox(principal, approval.id)).click();
    await principal.getByTestId('approval-collective').waitFor({ timeout: 20_000 });
    expect(await principal.getByTestId('approval-approve').count()).toBe(0);
    await expect.poll(async () => (await principal.getByTestId('approval-collective').textContent()) ?? '').toContain('集体决策');
    await principal.getByTestId('collective-open').click();
    await principal.getByTestId('collective-form').waitFor();
    await principal.waitForTimeout(400); // the dialog's opening animation
    const dateInput = principal.getByTestId('collective-form').locator('.ant-picker input');
    await expect.poll(async () => {
      if (!(await dateInput.inputValue())) {
        await principal.getByTestId('collective-date').click();
        const today = principal.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').locator('.ant-picker-now-btn, .ant-picker-today-btn').first();
        await today.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
        await principal.waitForTimeout(200);
        if (await today.isVisible()) await today.click();
      }
      return dateInput.inputValue();
    }, { timeout: 20_000 }).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await principal.getByTestId('collective-attendees').fill('王校长、李副校长、张主任、赵会计、工会代表');
    await principal.getByTestId('collective-resolution').fill('经校长办公会集体研究，同意按规定程序报废处置');
    await principal.getByTestId('collective-form').getByTestId('photo-upload').locator('input[type=file]').setInputFiles(MINUTES);
    await principal.getByTestId('collective-form').locator('.ant-upload-list-item-done').first().waitFor({ timeout: 20_000 });
    await shot(principal, 'collective-form');
    await principal.getByTestId('collective-save').click();
    await principal.getByTestId('collective-record').waitFor({ timeout: 20_000 });
    await principal.getByTestId('approval-approve').waitFor({ timeout: 20_000 });
    await noSidewaysScroll(principal);
    await shot(principal, 'detail-principal-with-collective');
    await decide(principal, 'approve', '同意');
    await expect.poll(async () => (await principal.getByTestId('approval-state').first().textContent()) ?? '').toBe('已通过');
    await shot(principal, 'detail-approved');

    // The chains page for a leader, on the phone.
    await principal.goto(`${baseUrl()}/approvals/rules`);
    await principal.getByTestId('approval-rules-kind').first().waitFor({ timeout: 20_000 });
    await noSidewaysScroll(principal);
    await shot(principal, 'rules');

    // ── The storekeeper: "my requests" shows it approved; the document's own panel too ──
    const keeperPhone = await newPage(browser, PHONE);
    await loginAs(keeperPhone, 'storekeeper');
    await keeperPhone.goto(`${baseUrl()}/approvals?box=mine`);
    const mine = keeperPhone.locator(`[data-testid="approval-card"][data-id="${approval.id}"]`);
    await mine.waitFor({ timeout: 20_000 });
    expect(await mine.getByTestId('approval-state').textContent()).toBe('已通过');
    await shot(keeperPhone, 'inbox-mine');
    const state = await keeperPhone.evaluate(async (id) => (await (await fetch(`/api/v1/approvals/${id}`)).json()).state as string, approval.id);
    expect(state).toBe('approved');
    // The disposal's page embeds the approval: every step with who and what they said.
    await keeperPhone.goto(`${baseUrl()}/assets/disposals/${created.body.id}`);
    const panel = keeperPhone.getByTestId('approval-panel');
    await panel.waitFor({ timeout: 20_000 });
    await expect.poll(async () => panel.locator('[data-testid="approval-step"][data-decision="approved"]').count()).toBe(roles.length);
    expect(await panel.getByTestId('approval-state').first().textContent()).toBe('已通过');
    expect(await panel.getByTestId('approval-approve').count()).toBe(0);
    await noSidewaysScroll(keeperPhone);
    await panel.scrollIntoViewIfNeeded();
    await shot(keeperPhone, 'disposal-panel');
  });
});
