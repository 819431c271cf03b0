// Issue 21's pages in headless Chromium against the real worker under `wrangler dev`: from the demo a
// visitor registers as the lawyer they tried; a lawyer records a debtor contact and an amount on a
// company's case from the case view; the company's analytics page shows it beside the platform's and
// the industry's, with the package purchase form; the console counts the administrators' notices.
import { expect, it } from 'vitest';
import { describeInBrowser, secret } from './browser';
import { accessible, enterpriseMember, memberSignIn, verificationLink } from './legal-support';
import { waitFor } from './support';

const PDF = new Blob([Buffer.from('%PDF-1.7\n% licence scan for the browser test\n%%EOF\n')], {
  type: 'application/pdf',
});

describeInBrowser(
  'recovery, packages and the demo → register step',
  { tmpPrefix: 'keel-legal-recovery-e2e-' },
  (suite) => {
    /** A certified debt lawyer, through the API as the pages would do it. */
    async function certifiedLawyer() {
      const who = { email: `rec-${secret(4)}@example.com`, password: secret(12) };
      await suite.api('POST', '/api/legal/auth/register', { body: { ...who, fullName: '李律师' } });
      const token = new URLSearchParams((await verificationLink(suite, who.email)).split('?')[1]).get(
        'verify',
      );
      expect((await suite.api('POST', '/api/legal/auth/verify-email', { body: { token } })).status).toBe(200);
      const login = (await suite.api('POST', '/api/legal/auth/login', { body: who })).body;
      const form = new FormData();
      form.set('identityType', 'lawyer');
      form.set('certificate.lawyerName', '李律师');
      form.set('certificate.licenseNumber', `11010${Date.now()}`);
      form.set('certificate.lawFirm', '京华律师事务所');
      form.append('certificate.practiceAreas', 'debt');
      form.set('certificate.file', new File([PDF], 'licence.pdf', { type: 'application/pdf' }));
      const chosen = await fetch(`${suite.url}/api/legal/auth/identity`, {
        method: 'POST',
        headers: { authorization: `Bearer ${login.accessToken}` },
        body: form,
      });
      const { certificationId } = (await chosen.json()) as { certificationId: string };
      await suite.asAdmin('POST', `/api/admin/lawyer-certifications/${certificationId}/approve`);
      return { ...who, token: login.accessToken as string };
    }

    it('a demo visitor registers as the lawyer they tried, and lands on the licence form', async () => {
      const page = suite.page;
      await page.goto(`${suite.url}/legal/demo-lawyer-001`);
      await page.locator('#demo-banner').waitFor({ state: 'visible' });
      await page.click('#demo-register');
      await page.waitForURL(/\/legal\?register=lawyer$/);
      expect(await page.textContent('#register-as')).toContain('律师');
      await accessible(suite, page);
      const who = { email: `demo-${secret(4)}@example.com`, password: secret(12) };
      await page.fill('#register-fullName', '赵敏');
      await page.fill('#register-email', who.email);
      await page.fill('#register-password', who.password);
      await page.fill('#register-confirm', who.password);
      await page.click('#register-form button[type="submit"]');
      await page.locator('#register-form .form-status').filter({ hasText: '注册成功' }).waitFor();
      const link = await verificationLink(suite, who.email);
      expect(link).toContain('as=lawyer');
      await page.goto(`${suite.url}${link}`);
      await page.locator('#verify-status').filter({ hasText: '邮箱已验证' }).waitFor();
      await page.fill('#legal-login-email', who.email);
      await page.fill('#legal-login-password', who.password);
      await page.click('#legal-login-form button[type="submit"]');
      await page.waitForURL(/\/legal\?step=identity&as=lawyer$/);
      await page.locator('#identity-lawyer-form').waitFor({ state: 'visible' });
      expect(await page.locator('#identity-user-form').isVisible()).toBe(false);
      await accessible(suite, page);
    });

    it("a lawyer records a recovery on a company's case; the analytics and the console show it", async () => {
      const lawyer = await certifiedLawyer();
      const code = `rec${secret(3)}`;
      const { member, token: memberToken } = await enterpriseMember(
        suite,
        { code, name: '回收测试公司', industry: 'retail' },
        'admin',
      );
      const form = new FormData();
      const note = `回收${secret(3)}`;
      form.set(
        'file',
        new File(
          [
            `债务人姓名,证件号码,联系电话,欠款金额,到期日,备注\n孙七,110101199003070011,13800138000,1000.00,2026-03-01,${note}\n`,
          ],
          'debts.csv',
        ),
      );
      const uploaded = await fetch(`${suite.url}/t/${code}/api/legal/batches`, {
        method: 'POST',
        headers: { authorization: `Bearer ${memberToken}` },
        body: form,
      });
      expect(uploaded.status, await uploaded.clone().text()).toBe(201);
      // The company's alarm hands the case to the dispatcher, which offers it to the lawyer.
      const caseId = await waitFor(async () => {
        const cases = (
          await suite.api('GET', '/api/legal/lawyers/me/cases?status=offered', { token: lawyer.token })
        ).body;
        const found = cases.items.find((c: { description: string }) => c.description.includes(note));
        if (!found) throw new Error('not offered yet');
        return found.caseId as string;
      }, 20_000);
      expect(
        (await suite.api('POST', `/api/legal/cases/${caseId}/accept`, { token: lawyer.token })).status,
      ).toBe(200);

      const page = suite.page;
      await page.goto(`${suite.url}/legal`);
      await page.fill('#legal-login-email', lawyer.email);
      await page.fill('#legal-login-password', lawyer.password);
      await page.click('#legal-login-form button[type="submit"]');
      await page.waitForURL(/\/legal\/ws_[a-z2-7]{26}$/);
      const row = page.locator('#lawyer-cases-rows tr').filter({ hasText: note });
      await row.getByRole('button', { name: /^回收记录/ }).click();
      await page.locator('#recovery').waitFor({ state: 'visible' });
      await page.locator('#recovery-records-rows').filter({ hasText: '尚无记录' }).waitFor();
      await page.selectOption('#recovery-contact-responded', 'true');
      await page.fill('#recovery-contact-note', '债务人同意分期');
      await page.click('#recovery-contact-form button[type="submit"]');
      await page.locator('#recovery-records-rows').filter({ hasText: '债务人同意分期' }).waitFor();
      // Bad input is named at its field.
      await page.fill('#recovery-payment-amountFen', '2000');
      await page.click('#recovery-payment-form button[type="submit"]');
      await page.locator('#recovery-payment-form .form-status').filter({ hasText: /\S/ }).waitFor();
      await page.fill('#recovery-payment-amountFen', '300');
      await page.click('#recovery-payment-form button[type="submit"]');
      await page.locator('#recovery-facts').filter({ hasText: '300.00' }).waitFor();
      await accessible(suite, page);

      // The company's analytics: the amount recovered, the debtor's answer, the industry column, the purchase form.
      await waitFor(async () => {
        const r = (await suite.api('GET', `/t/${code}/api/legal/analytics?months=1`, { token: memberToken }))
          .body;
        if (r.company.amountRecoveredFen !== 30_000) throw new Error('not yet');
      }, 20_000);
      const analytics = await suite.newPage();
      await memberSignIn(suite, analytics, member);
      await analytics.goto(`${suite.url}/t/${code}/legal-analytics`);
      const recovered = analytics.locator('#analytics-metrics-rows tr').filter({ hasText: '回收金额' });
      await expect.poll(() => recovered.locator('td').first().textContent()).toContain('300.00');
      expect(
        await analytics
          .locator('#analytics-metrics-rows tr')
          .filter({ hasText: '债务人有响应的案件' })
          .locator('td')
          .first()
          .textContent(),
      ).toBe('1');
      expect(await analytics.textContent('#analytics-industry')).toContain('retail');
      expect(await analytics.textContent('#analytics-sla')).toContain('48');
      await analytics.selectOption('#analytics-buy-package', 'professional_enterprise');
      await analytics.click('#analytics-buy-form button[type="submit"]');
      await analytics.locator('#analytics-buy-form .form-status').filter({ hasText: /pay_c/ }).waitFor();
      await accessible(suite, analytics);
      await analytics.goto(`${suite.url}/t/${code}/legal-analytics?lang=en`);
      await analytics.locator('#analytics-metrics-rows tr').filter({ hasText: 'Amount recovered' }).waitFor();
      expect(await analytics.textContent('#analytics-metrics-table thead')).toContain('Industry benchmark');
      await accessible(suite, analytics);

      // The console counts the certification that came in.
      const admin = await suite.newPage();
      await suite.logInAsAdmin(admin);
      await admin.goto(`${suite.url}/lawyer-certifications`);
      await admin.locator('#legal-notices').filter({ hasText: '累计提交' }).waitFor();
      await accessible(suite, admin);
    });
  },
);
