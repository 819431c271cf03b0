// The lawyer workspace's tools in headless Chromium against the real worker under `wrangler dev`: what
// an upgrade would open, the heartbeat, the points-change notice after an accept, the document helper
// spending AI credits, API keys and the white-label header once enterprise, in Chinese and English,
// the lawyer's data analysis (locked, then its chart and totals), and the demo workspace read-only;
// axe finds nothing on any of them.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { describeInBrowser, secret } from './browser';
import { providerPays as paid, waitFor } from './support';

const PAYMENT_SECRET = secret(16);
const PDF = Buffer.from('%PDF-1.7\n% licence scan for the browser test\n%%EOF\n');

describeInBrowser(
  'lawyer workspace tools',
  { tmpPrefix: 'keel-legal-tools-e2e-', vars: () => ({ PAYMENT_WEBHOOK_SECRET: PAYMENT_SECRET }) },
  (suite) => {
    async function accessible(page: Page) {
      await page.waitForLoadState('networkidle');
      expect(await suite.axeViolations(page)).toEqual([]);
    }

    async function ok(method: string, path: string, token?: string, body?: unknown) {
      const res = await suite.api(method, path, { token, body });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res.body;
    }

    /** Registers, verifies and signs in through the API: the marketplace session the pages keep. */
    async function person(name: string) {
      const email = `tools-${secret(4)}@example.com`;
      const password = secret(12);
      await ok('POST', '/api/legal/auth/register', undefined, { email, password, fullName: name });
      const mails = await suite.asAdmin('GET', `/api/admin/mail?to=${encodeURIComponent(email)}`);
      const mail = mails.items.find((m: { kind: string }) => m.kind === 'legal.verify_email');
      await ok('POST', '/api/legal/auth/verify-email', undefined, {
        token: /verify=([a-z2-7]+)/.exec(mail.text)![1],
      });
      const login = await ok('POST', '/api/legal/auth/login', undefined, { email, password });
      return { email, token: login.accessToken as string, login };
    }

    async function certifiedLawyer(area = 'debt') {
      const p = await person('李律师');
      const form = new FormData();
      form.set('identityType', 'lawyer');
      form.set('certificate.lawyerName', '李律师');
      form.set('certificate.licenseNumber', `11010${Date.now()}`);
      form.set('certificate.lawFirm', '京华律师事务所');
      form.append('certificate.practiceAreas', area);
      form.set('certificate.file', new File([PDF], 'licence.pdf', { type: 'application/pdf' }));
      const res = await fetch(`${suite.url}/api/legal/auth/identity`, {
        method: 'POST',
        headers: { authorization: `Bearer ${p.token}` },
        body: form,
      });
      const chosen = await res.json();
      expect(res.status, JSON.stringify(chosen)).toBe(200);
      await suite.asAdmin('POST', `/api/admin/lawyer-certifications/${chosen.certificationId}/approve`);
      return { ...p, workspaceId: chosen.workspaceId as string };
    }

    /** Opens the workspace signed in as `who`, as the sign-in page leaves the session. */
    async function openWorkspace(page: Page, who: Awaited<ReturnType<typeof certifiedLawyer>>, lang = 'zh') {
      const session = { ...who.login, token: who.token, accountType: 'lawyer', workspaceId: who.workspaceId };
      await page.addInitScript((s) => sessionStorage.setItem('keel.legal', JSON.stringify(s)), session);
      await page.goto(`${suite.url}/legal/${who.workspaceId}?lang=${lang}`);
    }

    async function providerPays(orderId: string, amountFen: number) {
      expect((await paid(suite.url, PAYMENT_SECRET, orderId, amountFen)).status).toBe(200);
    }

    /** A new user publishes a debt-collection task in `area` and the provider confirms its payment. */
    async function paidTask(name: string, area: string, amountFen: number, description: string) {
      const user = await person(name);
      await ok('POST', '/api/legal/auth/identity', user.token, { identityType: 'user' });
      const task = await ok('POST', '/api/legal/tasks', user.token, {
        caseType: 'debt_collection',
        practiceArea: area,
        amountFen,
        description,
      });
      await providerPays(task.order.id, task.order.amountFen);
      return task;
    }

    it('upgrade panel, heartbeat, points notice, document helper, API keys and white-label', async () => {
      const page = suite.page;
      const lawyer = await certifiedLawyer();
      const beat = page.waitForResponse((r) => r.url().endsWith('/api/legal/lawyers/me/heartbeat'));
      await openWorkspace(page, lawyer);
      await page.locator('#upgrade-panel').filter({ hasText: '专业律师版' }).waitFor();
      expect(await page.locator('#upgrade-panel').textContent()).toContain('诉讼代理');
      expect(await page.locator('#access-facts').textContent()).toContain('债务催收');
      expect((await beat).status()).toBe(200);
      await page.locator('#online-facts').filter({ hasText: '分钟' }).waitFor();
      expect(await page.locator('#keys-locked').textContent()).toContain('企业律师版');
      expect(await page.locator('#brand-locked').isVisible()).toBe(true);
      await accessible(page);

      // A user's paid task is offered to the lawyer, who accepts it: the notice names the rule and the points.
      await paidTask('王芳', 'debt', 3_000_00, '供应商货款逾期未付');
      const offer = page.locator('#lawyer-cases-rows tr').filter({ hasText: '供应商货款逾期未付' });
      await waitFor(
        async () => {
          await page.click('#refresh');
          await page.locator('#lawyer-cases-rows tr').first().waitFor();
          expect(await offer.count()).toBe(1);
        },
        15_000,
        500,
      );
      await offer.getByRole('button', { name: /^接受/ }).click();
      await page.locator('#points-notice').filter({ hasText: '快速响应 +50' }).waitFor();

      // The document helper drafts from the case and spends credits; the notice follows.
      await page
        .locator('#document-caseId option')
        .filter({ hasText: '供应商货款逾期未付' })
        .waitFor({ state: 'attached' });
      await page.selectOption('#document-template', 'demand_letter');
      await page.click('#document-form button[type="submit"]');
      await page.locator('#document-form .form-status').filter({ hasText: '剩余 18 点' }).waitFor();
      expect(await page.locator('#document-output').textContent()).toContain('供应商货款逾期未付');
      expect(await page.locator('#document-output').textContent()).toContain('京华律师事务所');
      await page.locator('#points-notice').filter({ hasText: '使用 AI 额度 +6' }).waitFor();
      await page.locator('#membership-facts').filter({ hasText: '18' }).waitFor();
      await accessible(page);

      // Enterprise opens API keys and the white-label header.
      const { order } = await ok('POST', '/api/legal/lawyers/me/membership', lawyer.token, {
        plan: 'enterprise',
      });
      await providerPays(order.id, order.amountFen);
      await page.reload();
      await page.locator('#keys-open').waitFor({ state: 'visible' });
      expect(await page.locator('#upgrade-panel').textContent()).toContain('最高会员等级');
      await page.click('#apikey-form button[type="submit"]');
      await page.locator('#apikey-name-error').filter({ hasText: /\S/ }).waitFor();
      await page.fill('#apikey-name', '律所系统');
      await page.click('#apikey-form button[type="submit"]');
      await page.locator('#apikeys-rows tr').filter({ hasText: '律所系统' }).waitFor();
      const key = (await page.locator('#apikey-value').textContent())!;
      expect((await suite.api('GET', '/api/legal/lawyers/me', { token: key })).status).toBe(200);
      await page.getByRole('button', { name: '吊销 律所系统' }).click();
      await page.locator('#apikeys-rows tr').filter({ hasText: '已吊销' }).waitFor();
      expect((await suite.api('GET', '/api/legal/lawyers/me', { token: key })).status).toBe(401);

      await page.fill('#brand-reportHeader', '正义法律顾问');
      await page.click('#brand-form button[type="submit"]');
      await page.locator('#brand-form .form-status').filter({ hasText: '正义法律顾问' }).waitFor();
      await page.selectOption('#document-template', 'case_summary');
      await page.click('#document-form button[type="submit"]');
      await page.locator('#document-output').filter({ hasText: '案件摘要' }).waitFor();
      expect(await page.locator('#document-output').textContent()).toContain('正义法律顾问');
      await accessible(page);

      // The same workspace in English.
      const english = await suite.newPage();
      await openWorkspace(english, lawyer, 'en');
      await english.locator('#access-facts').filter({ hasText: 'Enterprise counsel' }).waitFor();
      expect(await english.locator('#access-title').textContent()).toBe('What your membership takes');
      expect(await english.locator('#docs-title').textContent()).toBe('Document helper');
      await accessible(english);
    });

    it('data analysis: locked for a free member with the upgrade linked, then the month’s chart and totals', async () => {
      const page = await suite.newPage();
      const lawyer = await certifiedLawyer('family');
      await openWorkspace(page, lawyer);
      await page.locator('#insights-locked').filter({ hasText: '专业律师版' }).waitFor();
      expect(await page.locator('#insights-open').isVisible()).toBe(false);
      const link = page.locator('#upgrade-panel a[href="#insights-title"]').first();
      expect(await link.textContent()).toBe('查看数据分析');
      await accessible(page);

      const { order } = await ok('POST', '/api/legal/lawyers/me/membership', lawyer.token, {
        plan: 'professional',
      });
      await providerPays(order.id, order.amountFen);
      const task = await paidTask('赵敏', 'family', 2_000_00, '装修款拖欠');
      await waitFor(
        async () => {
          const offered = await ok('GET', '/api/legal/lawyers/me/cases?status=offered', lawyer.token);
          expect(offered.items.map((c: { caseId: string }) => c.caseId)).toContain(task.case.id);
        },
        15_000,
        300,
      );
      await ok('POST', `/api/legal/cases/${task.case.id}/accept`, lawyer.token);
      const figures = await ok('GET', '/api/legal/lawyers/me/analytics?months=6', lawyer.token);

      for (const lang of ['zh', 'en']) {
        await page.goto(`${suite.url}/legal/${lawyer.workspaceId}?lang=${lang}`);
        await page.locator('#insights-svg').waitFor();
        const accepted = page.locator('#insights-totals-rows tr[data-metric="accepted"] td');
        expect(await accepted.textContent()).toBe(String(figures.totals.accepted));
        expect(figures.totals.accepted).toBeGreaterThanOrEqual(1);
        expect(await page.locator('#insights-svg rect[data-series="accepted"]').count()).toBe(6);
        expect(await page.locator('#insights-svg').getAttribute('aria-label')).toContain(
          `${figures.to}: ${lang === 'zh' ? '收到案件' : 'Offered'} ${figures.months[5].offered}`,
        );
        expect(await page.locator('#insights-title').textContent()).toBe(
          lang === 'zh' ? '数据分析' : 'Data analysis',
        );
        expect(await page.locator('#insights-locked').isVisible()).toBe(false);
        await accessible(page);
      }
      await page.selectOption('#insights-months', '12');
      await page.click('#insights-form button[type="submit"]');
      await waitFor(async () => {
        expect(await page.locator('#insights-svg rect[data-series="offered"]').count()).toBe(12);
      }, 10_000);
      await page.close();
    });

    it('the demo workspace shows the tools, sends no heartbeat and refuses a document', async () => {
      const page = suite.page;
      const beats: string[] = [];
      page.on('request', (r) => {
        if (r.url().endsWith('/heartbeat')) beats.push(r.url());
      });
      for (const lang of ['zh', 'en']) {
        await page.goto(`${suite.url}/legal/demo-lawyer-001?lang=${lang}`);
        await page.locator('#demo-banner').waitFor({ state: 'visible' });
        await page.locator('#upgrade-panel li').first().waitFor();
        await page.locator('#insights-svg').waitFor();
        expect(await page.locator('#insights-totals-rows tr').count()).toBeGreaterThan(10);
        await accessible(page);
      }
      await page.locator('#document-caseId option').first().waitFor({ state: 'attached' });
      await page.click('#document-form button[type="submit"]');
      await page.locator('#document-form .form-status').filter({ hasText: 'not changed' }).waitFor();
      expect(beats).toEqual([]);
    });
  },
);
