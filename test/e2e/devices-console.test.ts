// The device and billing pages in headless Chromium against the real worker under `wrangler dev`.
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { startFlakyBilling } from '../../tools/flaky-billing.mjs';
import { type BrowserSuiteOptions, describeInBrowser, pressEnterToSignIn } from './browser';

const MEMBER = { username: 'devmember', password: 'correct horse battery' };

let flaky: Awaited<ReturnType<typeof startFlakyBilling>> | undefined;

const options: BrowserSuiteOptions = {
  tmpPrefix: 'keel-devices-pages-',
  vars: async () => {
    // Billing starts down, so a release ends up as a dead letter the page can re-queue.
    flaky = await startFlakyBilling({ mode: 'down' });
    return {
      LOG_LEVEL: 'error',
      BILLING_SERVICE_URL: flaky.url,
      BILLING_ALLOW_ON_ERROR: 'true',
      BILLING_TRIES: '1',
      BILLING_OUTBOX_MAX_ATTEMPTS: '2',
      BILLING_OUTBOX_BASE_DELAY_MS: '50',
      BILLING_OUTBOX_MAX_DELAY_MS: '100',
    };
  },
  afterStop: async () => {
    await flaky?.close();
  },
};

describeInBrowser('device pages', options, (suite) => {
  const { api } = suite;
  const expectAccessible = async (page: Page) => expect(await suite.axeViolations(page)).toEqual([]);
  beforeAll(() => flaky!.setTarget(suite.url));

  it('an admin registers a node and devices, a member allocates, releases and is charged once billing is back', async () => {
    // The platform admin: nodes.
    const adminPage = suite.page;
    await suite.logInAsAdmin(adminPage);
    await adminPage.click('a[href="/nodes"]');
    await adminPage.locator('#admin-view').waitFor({ state: 'visible' });
    await adminPage.fill('#register-nodeId', 'ui-node-1');
    await adminPage.fill('#register-region', 'cn-east');
    await adminPage.press('#register-region', 'Enter');
    await expect
      .poll(() => adminPage.locator('#register-form .form-status').textContent())
      .toContain('ui-node-1');
    // A bad number is refused and named next to its field.
    await adminPage.fill('#add-cpuCores', '0');
    await adminPage.fill('#add-memoryMB', '4096');
    await adminPage.fill('#add-storageMB', '65536');
    await adminPage.fill('#add-count', '3');
    await adminPage.click('#add-form button[type="submit"]');
    await expect.poll(() => adminPage.locator('[data-error-for="cpuCores"]').textContent()).not.toBe('');
    expect(await adminPage.getAttribute('#add-cpuCores', 'aria-invalid')).toBe('true');
    await adminPage.fill('#add-cpuCores', '2');
    await adminPage.click('#add-form button[type="submit"]');
    await expect.poll(() => adminPage.locator('#nodes-rows').textContent()).toContain('3 / 3');
    await expectAccessible(adminPage);

    // Seed a company and its member through the API.
    const token = await suite.adminToken();
    const company = await api('POST', '/api/admin/companies', {
      token,
      body: { code: 'ui-co', name: 'UI Co' },
    });
    const user = await api('POST', '/api/admin/users', {
      token,
      body: { ...MEMBER, email: 'devmember@example.com', name: 'Dev Member' },
    });
    await api('POST', `/api/admin/users/${user.body.id}/companies`, {
      token,
      body: { companyId: company.body.id },
    });

    // The admin tops the member up on the devices page.
    await adminPage.click('a[href="/devices"]');
    await adminPage.locator('#devices-view').waitFor({ state: 'visible' });
    // An administrator has no wallet of their own: no "my balance" for them.
    expect(await adminPage.isVisible('#balance-card')).toBe(false);
    await adminPage.fill('#company-code', 'ui-co');
    await adminPage.press('#company-code', 'Enter');
    // The member is picked by name, not by an id.
    await expect
      .poll(() => adminPage.locator('#topup-userId option').allTextContents())
      .toContain(MEMBER.username);
    await adminPage.selectOption('#topup-userId', { label: MEMBER.username });
    await adminPage.fill('#topup-amountFen', '5000');
    await adminPage.click('#topup-form button[type="submit"]');
    await expect
      .poll(() => adminPage.locator('#topup-form .form-status').textContent())
      .toContain(MEMBER.username);
    await expect.poll(() => adminPage.locator('#wallets-rows').textContent()).toContain(MEMBER.username);
    expect(await adminPage.textContent('#wallets-rows')).not.toContain(user.body.id);

    // The member signs in once, at /login, and comes back to allocate and release.
    const page = await suite.newPage();
    await page.goto(`${suite.url}/devices`);
    await page.locator('#member-signin').waitFor({ state: 'visible' });
    await expectAccessible(page);
    await page.click('#member-signin-link');
    await page.fill('#signin-username', MEMBER.username);
    await page.fill('#signin-password', MEMBER.password);
    await pressEnterToSignIn(page, '#signin-password');
    await page.waitForURL(`${suite.url}/devices`);
    await page.locator('#devices-view').waitFor({ state: 'visible' });
    expect(await page.inputValue('#company-code')).toBe('ui-co');
    expect(await page.isVisible('#company-chooser')).toBe(false);
    expect(await page.isVisible('#balance-card')).toBe(true);
    await expect.poll(() => page.locator('#balance-fen').textContent()).toContain('50');
    await page.fill('#allocate-durationMinutes', '30');
    await page.selectOption('#allocate-strategy', 'bin-packing');
    await page.click('#allocate-form button[type="submit"]');
    await expect.poll(() => page.locator('#allocate-form .form-status').textContent()).toContain('ui-node-1');
    // 续期: the row's button picks the allocation for the extend form, and the end moves.
    await expect.poll(() => page.locator('#extend-allocationId option').count()).toBe(1);
    const rowsBefore = await page.locator('#allocations-rows').textContent();
    await page.getByRole('button', { name: /续期分配/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('extend-minutes');
    await page.fill('#extend-minutes', '15');
    await page.click('#extend-form button[type="submit"]');
    await expect.poll(() => page.locator('#extend-form .form-status').textContent()).toContain('已续期');
    await expect.poll(() => page.locator('#allocations-rows').textContent()).not.toBe(rowsBefore);
    const release = page.getByRole('button', { name: /释放分配/ });
    await release.click();
    await expect.poll(() => page.locator('#release-status').textContent()).toContain('已释放');
    await expect.poll(() => page.locator('#allocations-rows').textContent()).toContain('已释放');
    await expectAccessible(page);

    // Billing is down: the report becomes a dead letter; the admin re-queues it once billing is back.
    await adminPage.click('a[href="/billing-ops"]');
    await adminPage.locator('#admin-view').waitFor({ state: 'visible' });
    await expect
      .poll(async () => {
        await adminPage.click('#ops-refresh');
        return adminPage.locator('#dead-rows tr').count();
      })
      .toBe(1);
    await expectAccessible(adminPage);
    flaky!.setMode('pass');
    await adminPage.getByRole('button', { name: /重新入队记录/ }).click();
    await expect.poll(() => adminPage.locator('#requeue-status').textContent()).toContain('delivered');
    await expect.poll(() => adminPage.locator('#dead-rows tr').count()).toBe(0);

    // The member sees the charge, once.
    await page.reload();
    await expect.poll(() => page.locator('#usage-rows tr').count()).toBe(1);
    const usage = await api('GET', '/api/billing/usage', { token, tenant: 'ui-co' });
    expect(usage.body.total).toBe(1);
    const wallet = await api('GET', `/api/billing/balance?userId=${user.body.id}`, {
      token,
      tenant: 'ui-co',
    });
    expect(wallet.body.chargeCount).toBe(1);
    expect(wallet.body.balanceFen).toBe(5000 - usage.body.items[0].chargeFen);

    await page.goto(`${suite.url}/devices?lang=en`);
    await expect.poll(() => page.locator('#allocations-rows').textContent()).toContain('Released');
  });
});
