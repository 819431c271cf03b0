// The marketplace in headless Chromium against the real worker under `wrangler dev`: a person registers,
// verifies the mailed link, becomes a lawyer with an uploaded licence, an administrator approves them in
// the console, a user publishes a task that the payment provider confirms, and the lawyer accepts it.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, secret } from './browser';
import { providerPays as paid } from './support';

const PAYMENT_SECRET = secret(16);
const PDF = Buffer.from('%PDF-1.7\n% licence scan for the browser test\n%%EOF\n');

describeInBrowser(
  'legal marketplace pages',
  { tmpPrefix: 'keel-legal-e2e-', vars: () => ({ PAYMENT_WEBHOOK_SECRET: PAYMENT_SECRET }) },
  (suite) => {
    const lawyer = { name: '张伟', email: `lawyer-${secret(4)}@example.com`, password: secret(12) };
    const user = { name: '王芳', email: `user-${secret(4)}@example.com`, password: secret(12) };

    async function accessible(page: Page) {
      await page.waitForLoadState('networkidle');
      expect(await suite.axeViolations(page)).toEqual([]);
    }

    async function verificationLink(email: string): Promise<string> {
      const mails = await suite.asAdmin('GET', `/api/admin/mail?to=${encodeURIComponent(email)}`);
      const mail = mails.items.find((m: { kind: string }) => m.kind === 'legal.verify_email');
      expect(mail, `no verification mail to ${email}`).toBeDefined();
      const link = new URL(/https?:\/\/\S+/.exec(mail.text)![0]);
      return link.pathname + link.search;
    }

    async function register(page: Page, who: typeof lawyer) {
      await page.goto(`${suite.url}/legal`);
      await page.fill('#register-fullName', who.name);
      await page.fill('#register-email', who.email);
      await page.fill('#register-password', who.password);
      await page.fill('#register-confirm', who.password);
      await page.click('#register-form button[type="submit"]');
      await page.locator('#register-form .form-status').filter({ hasText: '注册成功' }).waitFor();
      await page.goto(`${suite.url}${await verificationLink(who.email)}`);
      await page.locator('#verify-status').filter({ hasText: '邮箱已验证' }).waitFor();
    }

    async function signIn(page: Page, who: typeof lawyer) {
      await page.fill('#legal-login-email', who.email);
      await page.fill('#legal-login-password', who.password);
      await page.click('#legal-login-form button[type="submit"]');
    }

    /** The payment provider's signed notice, as it would call the platform. */
    async function providerPays(orderId: string, amountFen: number) {
      expect((await paid(suite.url, PAYMENT_SECRET, orderId, amountFen)).status).toBe(200);
    }

    it('register → verify → lawyer → approve → a paid task → accept', async () => {
      const page = suite.page;
      await page.goto(`${suite.url}/legal`);
      expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
      await accessible(page);

      // A wrong password for an address that does not exist answers like any refusal, in the page's words.
      await signIn(page, { ...lawyer, email: `nobody-${secret(3)}@example.com` });
      await page.locator('#legal-login-form .form-status').filter({ hasText: '邮箱或密码错误' }).waitFor();

      await register(page, lawyer);
      await accessible(page);
      await signIn(page, lawyer);
      await page.waitForURL(/\/legal\?step=identity$/);
      await page.locator('#identity-view').waitFor({ state: 'visible' });
      await accessible(page);

      // The licence, with the certificate's fields; a missing practice area is named first.
      await page.fill('#identity-lawyer-lawyerName', lawyer.name);
      await page.fill('#identity-lawyer-licenseNumber', `11010${Date.now()}`);
      await page.fill('#identity-lawyer-lawFirm', '京华律师事务所');
      await page.setInputFiles('#identity-lawyer-file', {
        name: 'licence.pdf',
        mimeType: 'application/pdf',
        buffer: PDF,
      });
      await page.click('#identity-lawyer-form button[type="submit"]');
      await page.locator('#identity-lawyer-practiceAreas-error').filter({ hasText: /\S/ }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('area_contract');
      await page.check('#identity-lawyer-form input[value="debt"]');
      await page.click('#identity-lawyer-form button[type="submit"]');
      await page.waitForURL(/\/legal\/ws_[a-z2-7]{26}$/);
      const lawyerUrl = page.url();
      await page.locator('#lawyer-notice').filter({ hasText: '审核中' }).waitFor();
      await accessible(page);

      // An administrator approves in the console.
      const adminPage = await suite.newPage();
      await suite.logInAsAdmin(adminPage);
      await adminPage.goto(`${suite.url}/lawyer-certifications`);
      const row = adminPage.locator('#certs-rows tr').filter({ hasText: lawyer.email });
      await row.waitFor();
      await accessible(adminPage);
      await row.getByRole('button', { name: `通过 ${lawyer.name}` }).click();
      await adminPage.locator('#certs-status-line').filter({ hasText: lawyer.name }).waitFor();

      await page.reload();
      await page.locator('#membership-facts').filter({ hasText: '基础律师版' }).waitFor();
      expect(await page.locator('#level-current').textContent()).toContain('见习律师');
      await accessible(page);

      // A user publishes a task; the payment provider confirms it; the lawyer is offered the case.
      const userPage = await suite.newPage();
      await register(userPage, user);
      await signIn(userPage, user);
      await userPage.waitForURL(/\/legal\?step=identity$/);
      await userPage.click('#identity-user-form button[type="submit"]');
      await userPage.waitForURL(/\/user\/ws_[a-z2-7]{26}$/);
      await userPage.selectOption('#task-caseType', 'debt_collection');
      await userPage.selectOption('#task-practiceArea', 'debt');
      await userPage.fill('#task-amountFen', '3000');
      await userPage.fill('#task-description', '供应商货款逾期未付');
      await userPage.click('#task-form button[type="submit"]');
      const published = userPage.locator('#task-form .form-status').filter({ hasText: /pay_/ });
      await published.waitFor();
      const orderId = /pay_[a-z0-9]+/.exec((await published.textContent())!)![0];
      await accessible(userPage);
      await providerPays(orderId, 20_000);

      // The payment answers before the dispatch's messages arrive: the lawyer looks again until the offer is there.
      const offer = page.locator('#lawyer-cases-rows tr').filter({ hasText: '供应商货款逾期未付' });
      for (let look = 0; look < 20; look++) {
        await page.reload();
        // Rows (or the empty row) appear once the page has read the cases.
        await page.locator('#lawyer-cases-rows tr').first().waitFor();
        if ((await offer.count()) > 0) break;
      }
      await offer.getByRole('button', { name: /^接受/ }).click();
      await page.locator('#cases-status').filter({ hasText: '快速响应' }).waitFor();
      await offer.filter({ hasText: '处理中' }).waitFor();
      await page.locator('#points-rows').filter({ hasText: '+50' }).waitFor();
      expect(page.url()).toBe(lawyerUrl);

      // The user sees who took it, without reloading (the page looks again while a case is under way).
      await userPage
        .locator('#user-cases-rows')
        .filter({ hasText: lawyer.name })
        .waitFor({ timeout: 15_000 });
    });

    it('the demos are read-only and the pages speak English when asked', async () => {
      const page = suite.page;
      await page.goto(`${suite.url}/legal?lang=en`);
      expect(await page.locator('h1').textContent()).toBe('Lawsker legal services');
      await page.click('#demo-lawyer');
      await page.waitForURL(/\/legal\/demo-lawyer-001$/);
      await page.locator('#demo-banner').waitFor({ state: 'visible' });
      const offer = page
        .locator('#lawyer-cases-rows tr')
        .filter({ has: page.getByRole('button', { name: /^Accept/ }) })
        .first();
      await offer.getByRole('button', { name: /^Accept/ }).click();
      await page.locator('#cases-status').filter({ hasText: 'can be looked at, not changed' }).waitFor();
      await accessible(page);
      await page.goto(`${suite.url}/user/demo-user-001`);
      await page.locator('#user-cases-rows tr').nth(2).waitFor();
      await accessible(page);
      // Someone else's workspace id shows nothing of it.
      await page.goto(`${suite.url}/legal/ws_${'a'.repeat(26)}`);
      await page.locator('#need-login').waitFor({ state: 'visible' });
      expect(await page.locator('#app').isHidden()).toBe(true);
    });
  },
);
