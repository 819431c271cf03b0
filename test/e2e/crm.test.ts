// The CRM pages in headless Chromium against the real worker under `wrangler dev`: a tenant member
// walks a customer from prospect to pending to active through the contract form.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeInBrowser, pressEnterToSignIn, secret } from './browser';

const MEMBER = { username: 'crm-e2e-user', password: secret(12) };
const CODE = 'crm-e2e';

/** `YYYY-MM` in Asia/Shanghai (the company's default time zone), `n` months from now. */
function month(n: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
  })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number];
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

describeInBrowser('CRM pages', { tmpPrefix: 'keel-crm-e2e-' }, (suite) => {
  let page: Page;

  beforeAll(async () => {
    const company = await suite.asAdmin('POST', '/api/admin/companies', { code: CODE, name: 'CRM E2E' });
    const user = await suite.asAdmin('POST', '/api/admin/users', {
      ...MEMBER,
      email: `${MEMBER.username}@example.com`,
      name: 'CRM E2E user',
    });
    await suite.asAdmin('POST', `/api/admin/users/${user.id}/companies`, {
      companyId: company.id,
      role: 'member',
    });
  });

  beforeEach(() => {
    ({ page } = suite);
  });

  const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  /** Waits until `selector` shows exactly `text` (the pages fill themselves after the API answers). */
  const shows = (selector: string, text: string) =>
    page
      .locator(selector)
      .filter({ hasText: exactly(text) })
      .first()
      .waitFor({ timeout: 15_000 });
  const texts = (selector: string) => page.locator(selector).allTextContents();

  it('walks a customer from prospect to pending to active', async () => {
    // Signed out, the page leads to the one sign-in, which brings the member back here.
    await page.goto(`${suite.url}/t/${CODE}/crm/customers`);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.click('#member-signin-link');
    await page.fill('#signin-username', MEMBER.username);
    await page.fill('#signin-password', MEMBER.password);
    await page.click('#signin-form button[type="submit"]');
    await page.waitForURL(`${suite.url}/t/${CODE}/crm/customers`);
    await page.locator('#crm').waitFor({ state: 'visible' });
    // A company user is offered their pages only, not the platform administrator's.
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['客户', '信用卡年费', '设备与计费']);

    // A refused create says why, next to the field.
    await page.click('#create-form button[type="submit"]');
    await page.locator('#create-name-error', { hasText: '必填' }).waitFor();
    expect(await page.getAttribute('#create-name', 'aria-invalid')).toBe('true');

    await page.fill('#create-name', '华东钢铁有限公司');
    await page.fill('#create-contactPhone', '021-5555-0101');
    await page.press('#create-name', 'Enter');
    const row = page.locator('#customers-rows tr', { hasText: '华东钢铁有限公司' });
    await row.waitFor();
    expect(await row.locator('.badge').textContent()).toBe('意向客户');
    expect(await row.locator('td.num').textContent()).toBe('—');

    await row.locator('a').click();
    await shows('#customer-name', '华东钢铁有限公司');
    await shows('#customer-status .badge', '意向客户');
    expect(await texts('#ops-buttons button')).toEqual(['签约']);

    // A contract that starts next month: the customer becomes pending at once.
    await page.click('#new-contract');
    await shows('#contract-customer', '华东钢铁有限公司');
    await page.fill('#contract-purchaseStartMonth', month(1));
    await page.fill('#contract-purchaseEndMonth', month(-1));
    await page.fill('#contract-purchasingElectricityQuantity', '1200.5555');
    await page.click('#contract-form button[type="submit"]');
    // End before start and four decimals: both refused inline, in Chinese, nothing saved.
    await page.locator('#contract-purchaseEndMonth-error', { hasText: '不能早于开始月份' }).waitFor();
    expect(await page.getAttribute('#contract-purchaseEndMonth', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#contract-purchasingElectricityQuantity-error')).toBe('最多 3 位小数');
    // The summary and the focus follow the form's order, not the order the server found them in.
    const summary = (await page.textContent('#contract-form .form-status')) ?? '';
    const endLabel = (await page.textContent('label[for="contract-purchaseEndMonth"]'))!
      .replace('*', '')
      .trim();
    const quantityLabel = (await page.textContent('label[for="contract-purchasingElectricityQuantity"]'))!
      .replace('*', '')
      .trim();
    expect(summary.indexOf(endLabel)).toBeGreaterThan(-1);
    expect(summary.indexOf(endLabel)).toBeLessThan(summary.indexOf(quantityLabel));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('contract-purchaseEndMonth');
    await page.fill('#contract-purchasingElectricityQuantity', '1200.5');
    expect(page.url()).toMatch(/\/crm\/customers\/cus_\w+\/contracts\/new$/);
    await page.fill('#contract-purchaseEndMonth', month(6));
    await page.click('#contract-form button[type="submit"]');

    await shows('#page-status', '合同已保存，客户状态：待生效');
    await shows('#customer-status .badge', '待生效');
    await shows('#customer-capacity', '1,200.5');
    expect(await texts('#contracts-rows tr .badge')).toEqual(['待生效']);

    // Moving its start to this month: the contract is active, and so is the customer.
    await page.click('#contracts-rows a');
    await page.waitForFunction(
      (value) =>
        (document.getElementById('contract-purchaseStartMonth') as HTMLInputElement | null)?.value === value,
      month(1),
    );
    await page.fill('#contract-purchaseStartMonth', month(0));
    await page.click('#contract-form button[type="submit"]');
    await shows('#page-status', '合同已保存，客户状态：执行中');
    await shows('#customer-status .badge', '执行中');
    expect(await texts('#contracts-rows tr .badge')).toEqual(['生效']);

    // The history tells the story, newest first, in the page's words: two automatic changes after the creation.
    const history = page.locator('#history li');
    await history.nth(2).waitFor();
    expect(await history.count()).toBe(3);
    expect(await history.nth(0).locator('.kind').textContent()).toBe('自动');
    expect(await history.nth(0).locator('.badge').allTextContents()).toEqual(['待生效', '执行中']);
    expect(await history.nth(0).locator('.reason').textContent()).toContain(
      `修改合同：${month(1)} 至 ${month(6)} 改为 ${month(0)} 至 ${month(6)}`,
    );
    expect(await history.nth(1).locator('.badge').allTextContents()).toEqual(['意向客户', '待生效']);
    expect(await history.nth(1).locator('.reason').textContent()).toContain(
      `新建合同（${month(1)} 至 ${month(6)}）`,
    );
    expect(await history.nth(2).locator('.kind').textContent()).toBe('手动');
    expect(await history.nth(2).locator('.reason').textContent()).toContain('创建客户');
    expect(await page.textContent('#history')).not.toMatch(/contract|created|ctr_/);

    if (process.env.KEEL_SCREENSHOT)
      await page.screenshot({ path: `${process.env.KEEL_SCREENSHOT}-customer.png`, fullPage: true });
    // An active customer's name is locked, and the list filters by status with the capacity.
    expect(await page.isDisabled('#edit-name')).toBe(true);
    expect(await page.isDisabled('#edit-contactPhone')).toBe(false);
    await page.click('#back-link');
    await page.selectOption('#filter-status', 'active');
    await page.click('#filter-form button[type="submit"]');
    await shows('#customers-summary', '共 1 个客户，第 1 / 1 页');
    expect(await texts('#customers-rows tr td.num')).toEqual(['1,200.5']);
    if (process.env.KEEL_SCREENSHOT)
      await page.screenshot({ path: `${process.env.KEEL_SCREENSHOT}-list.png`, fullPage: true });
  });

  it('asks a contract deletion first: keeping it changes nothing, confirming deletes it', async () => {
    const token = (await suite.api('POST', '/api/auth/login', { body: MEMBER })).body.token;
    const headers = { token, tenant: CODE };
    const customer = (
      await suite.api('POST', '/api/customers', { ...headers, body: { name: '待删合同客户' } })
    ).body;
    const contract = (
      await suite.api('POST', '/api/retail-contracts', {
        ...headers,
        body: {
          customerId: customer.id,
          purchaseStartMonth: month(2),
          purchaseEndMonth: month(5),
          purchasingElectricityQuantity: 10,
        },
      })
    ).body;
    await page.goto(
      `${suite.url}/login?next=${encodeURIComponent(`/t/${CODE}/crm/customers/${customer.id}`)}`,
    );
    await page.fill('#signin-username', MEMBER.username);
    await page.fill('#signin-password', MEMBER.password);
    await pressEnterToSignIn(page, '#signin-password');
    const remove = page.getByRole('button', { name: `删除合同 ${month(2)} – ${month(5)}` });
    await remove.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`删除 ${month(2)} – ${month(5)} 的合同？`);
    await dialog.getByRole('button', { name: '不，保留' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect((await suite.api('GET', `/api/retail-contracts/${contract.id}`, headers)).status).toBe(200);

    await remove.click();
    await dialog.getByRole('button', { name: '删除合同' }).click();
    await shows('#page-status', '合同已删除，客户状态：意向客户');
    expect((await suite.api('GET', `/api/retail-contracts/${contract.id}`, headers)).status).toBe(404);
    await shows('#history li:first-child .reason', '删除了最后一份合同 · 操作人 crm-e2e-user');
    expect(await suite.axeViolations()).toEqual([]);
  });

  it('leads to the sign-in when no one is signed in, and asks an administrator for the company', async () => {
    await page.goto(`${suite.url}/crm/customers?lang=en`);
    await shows('#member-signin-title', 'Please sign in');
    expect(await page.getAttribute('#member-signin-link', 'href')).toBe(
      `/login?next=${encodeURIComponent('/crm/customers?lang=en')}`,
    );
    expect(await suite.axeViolations()).toEqual([]);
    await suite.logInAsAdmin();
    await page.goto(`${suite.url}/crm/customers?lang=en`);
    await shows('#tenant-title', 'Choose a company');
    await page.fill('#tenant-code', CODE);
    await page.press('#tenant-code', 'Enter');
    await page.waitForURL(`${suite.url}/t/${CODE}/crm/customers?lang=en`);
    await page.locator('#crm').waitFor({ state: 'visible' });
    await shows('#page-title', 'Customers');
  });
});
