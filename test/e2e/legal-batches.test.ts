// A marketplace user's credits and batch upload in headless Chromium against the real worker under
// `wrangler dev`: the user uploads a file with bad rows, sees them listed by row and field, and watches
// the progress bar reach the end as the actor's alarm hands the cases to the dispatcher.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { residentId } from '../xlsx';
import { describeInBrowser, secret } from './browser';

describeInBrowser('legal batch uploads', { tmpPrefix: 'keel-legal-batches-e2e-' }, (suite) => {
  const user = { name: '王芳', email: `batch-${secret(4)}@example.com`, password: secret(12) };

  async function accessible(page: Page) {
    await page.waitForLoadState('networkidle');
    expect(await suite.axeViolations(page)).toEqual([]);
  }

  async function post(path: string, body: unknown) {
    const res = await fetch(`${suite.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status, await res.clone().text()).toBeLessThan(300);
    return res.json();
  }

  /** Registers and verifies through the API; the page signs in and chooses to be a user. */
  async function signedInUser(page: Page) {
    await post('/api/legal/auth/register', {
      email: user.email,
      password: user.password,
      fullName: user.name,
    });
    const mails = await suite.asAdmin('GET', `/api/admin/mail?to=${encodeURIComponent(user.email)}`);
    const mail = mails.items.find((m: { kind: string }) => m.kind === 'legal.verify_email');
    await post('/api/legal/auth/verify-email', { token: /verify=([a-z2-7]+)/.exec(mail.text)![1] });
    await page.goto(`${suite.url}/legal`);
    await page.fill('#legal-login-email', user.email);
    await page.fill('#legal-login-password', user.password);
    await page.click('#legal-login-form button[type="submit"]');
    await page.waitForURL(/\/legal\?step=identity$/);
    await page.click('#identity-user-form button[type="submit"]');
    await page.waitForURL(/\/user\/ws_[a-z2-7]{26}$/);
  }

  const csv = [
    '债务人姓名,证件号码,联系电话,欠款金额,到期日,备注',
    ...Array.from(
      { length: 5 },
      (_, i) => `债务人${i},${residentId(10 + i)},1380013800${i},${1000 + i}.50,2026-03-01,货款`,
    ),
    '错误甲,123,13800138000,100,2026-03-01,',
    '错误乙,110101199003070011,13800138000,-5,2026-02-30,',
  ].join('\n');

  it('uploads a file with bad rows, lists them, and follows the progress to the end', async () => {
    const page = suite.page;
    await signedInUser(page);
    await page.locator('#credits-weekly').filter({ hasText: '1' }).waitFor();
    await accessible(page);

    await page.setInputFiles('#batch-file', {
      name: 'debts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.click('#batch-form button[type="submit"]');
    await page.locator('#batch-form .form-status').filter({ hasText: '已接收 5 笔案件' }).waitFor();
    const errors = page.locator('#batch-errors-rows tr');
    await errors.filter({ hasText: '证件号码' }).filter({ hasText: '7' }).waitFor();
    expect(await errors.count()).toBe(3);
    expect(await errors.nth(1).textContent()).toContain('欠款金额');
    expect(await errors.nth(2).textContent()).toContain('到期日');

    await page
      .locator('#batch-progress-label')
      .filter({ hasText: '已派出 5 / 5' })
      .waitFor({ timeout: 20_000 });
    expect(
      await page.locator('#batch-progress').evaluate((bar: HTMLProgressElement) => [bar.value, bar.max]),
    ).toEqual([5, 5]);
    await page.locator('#credits-weekly').filter({ hasText: '0' }).waitFor();
    await page.locator('#batches-rows tr').filter({ hasText: 'debts.csv' }).waitFor();
    await accessible(page);

    // Without a credit the page says what is left, and the bad rows of a new file are not stored.
    await page.setInputFiles('#batch-file', {
      name: 'more.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.click('#batch-form button[type="submit"]');
    await page.locator('#batch-form .form-status').filter({ hasText: '额度不足' }).waitFor();

    // Buying credits answers the payment order for ¥50 each.
    await page.fill('#credits-count', '2');
    await page.click('#credits-form button[type="submit"]');
    await page
      .locator('#credits-form .form-status')
      .filter({ hasText: /pay_\w+.*100\.00/ })
      .waitFor();

    // In English, the batch and its row errors read in English.
    await page.goto(`${page.url()}?lang=en`);
    await page.locator('#batches-rows').getByRole('button', { name: 'Show debts.csv' }).click();
    await page.locator('#batch-errors-rows tr').filter({ hasText: 'ID number' }).waitFor();
    await page.locator('#batch-progress-label').filter({ hasText: '5 of 5 dispatched' }).waitFor();
    await accessible(page);
  });
});
