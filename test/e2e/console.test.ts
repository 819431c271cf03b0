// The web console in headless Chromium against the real worker under `wrangler dev`.
import type { Page } from 'playwright-core';
import { beforeEach, expect, it } from 'vitest';
import { consoleNav } from '../../workers/web/nav';
import { describeInBrowser, pressEnterToSignIn } from './browser';

describeInBrowser('web console', { tmpPrefix: 'keel-e2e-' }, (suite) => {
  const ADMIN = suite.admin;
  let page: Page;
  beforeEach(() => {
    ({ page } = suite);
  });

  /** Logs in with the mouse (the keyboard path has its own test). */
  const logIn = () => suite.logInAsAdmin();

  /** Fills the create form and submits it with Enter. */
  async function createCompany(fields: {
    code: string;
    name: string;
    plan?: string;
    industry?: string;
    email?: string;
  }) {
    await page.fill('#create-code', fields.code);
    await page.fill('#create-name', fields.name);
    if (fields.plan) await page.selectOption('#create-plan', fields.plan);
    if (fields.industry) await page.selectOption('#create-industry', fields.industry);
    if (fields.email) await page.fill('#create-contactEmail', fields.email);
    await page.press('#create-name', 'Enter');
  }

  async function axeViolations() {
    const results = await suite.axe();
    expect(results.passes.length).toBeGreaterThan(10);
    return results.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  }

  it('the login view is Chinese by default and has no axe violations', async () => {
    await page.goto(suite.url);
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await expect(page.locator('#login-title').textContent()).resolves.toBe('平台管理员登录');
    expect(await page.isVisible('#companies-view')).toBe(false);
    expect(await axeViolations()).toEqual([]);
  });

  it('logs in with the keyboard alone: Tab to the fields, type, Enter', async () => {
    await page.goto(suite.url);
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '');
    // The first Tab reaches the skip link; following it jumps past the navigation to the page's content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    for (let i = 0; i < 5 && (await focused()) !== 'login-username'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('login-username');
    await page.keyboard.type(ADMIN.username);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('login-password');
    await page.keyboard.type(ADMIN.password);
    await page.locator('#login-form button[type="submit"]:enabled').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('#companies-view').waitFor({ state: 'visible' });
    expect(await focused()).toBe('companies-title');
    await expect(page.locator('#session-user').textContent()).resolves.toContain('admin');
    // The platform administrator is offered every page.
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link').count()).toBe(14);
    expect(await nav.getByRole('link', { name: '仪表盘' }).isVisible()).toBe(true);
  });

  it('a wrong password is reported in the live region and the view stays on login', async () => {
    await page.goto(suite.url);
    await page.fill('#login-username', ADMIN.username);
    await page.fill('#login-password', 'not-the-password');
    await pressEnterToSignIn(page, '#login-password');
    await page.locator('#login-form .form-status', { hasText: '用户名或密码错误' }).waitFor();
    expect(await page.isVisible('#companies-view')).toBe(false);
  });

  it('creates a company through the form and lists it; the list view has no axe violations', async () => {
    await logIn();
    await createCompany({
      code: 'acme-e2e',
      name: '艾克米科技',
      plan: 'professional',
      industry: 'manufacturing',
      email: 'ops@acme.test',
    });
    await page.locator('#create-form .form-status', { hasText: 'acme-e2e' }).waitFor();
    const row = page.locator('#companies-rows tr', { hasText: 'acme-e2e' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/艾克米科技.*专业版.*正常/);
    expect(await page.inputValue('#create-code')).toBe('');

    await createCompany({ code: 'globex-e2e', name: 'Globex' });
    await page.locator('#companies-rows tr', { hasText: 'globex-e2e' }).waitFor();
    await expect(
      page.locator('#companies-rows tr', { hasText: 'globex-e2e' }).textContent(),
    ).resolves.toContain('试用中');

    // search narrows the list
    await page.fill('#search-q', 'globex');
    await page.press('#search-q', 'Enter');
    await page.locator('#companies-summary', { hasText: '共 1 家企业' }).waitFor();
    expect(await page.locator('#companies-rows tr').count()).toBe(1);
    await page.fill('#search-q', '');
    await page.press('#search-q', 'Enter');
    await page.locator('#companies-rows tr', { hasText: 'acme-e2e' }).waitFor();

    if (process.env.KEEL_SCREENSHOT)
      await page.screenshot({ path: process.env.KEEL_SCREENSHOT, fullPage: true });
    expect(await axeViolations()).toEqual([]);
  });

  it('a bad company code is shown next to the code field and named in the live region', async () => {
    await logIn();
    await createCompany({ code: 'Bad Code!', name: 'Bad' });
    const error = page.locator('#create-code-error');
    await error.waitFor({ state: 'visible' });
    // In the page's language, by the rule the API names (its own message is English).
    await expect(error.textContent()).resolves.toBe(
      '只能用小写字母、数字和连字符，以字母开头，不以连字符结尾',
    );
    expect(await page.getAttribute('#create-code', 'aria-invalid')).toBe('true');
    await expect(page.locator('#create-form .form-status').textContent()).resolves.toContain('企业代码');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('create-code');
    expect(await page.getAttribute('#create-name', 'aria-invalid')).toBeNull();

    // a taken code (409 CODE_TAKEN) lands on the same field
    await createCompany({ code: 'taken-e2e', name: 'First' });
    await page.locator('#companies-rows tr', { hasText: 'taken-e2e' }).waitFor();
    await createCompany({ code: 'taken-e2e', name: 'Second' });
    await page.locator('#create-code-error', { hasText: '该企业代码已被使用' }).waitFor();
  });

  it('pages through the list', async () => {
    const token = await suite.adminToken();
    for (let i = 1; i <= 21; i++) {
      const res = await suite.api('POST', '/api/admin/companies', {
        token,
        body: { code: `bulk-${i}`, name: `Bulk ${i}` },
      });
      expect(res.status).toBe(201);
    }
    await logIn();
    await page.fill('#search-q', 'bulk-');
    await page.press('#search-q', 'Enter');
    await page.locator('#companies-summary', { hasText: '共 21 家企业，第 1 / 2 页' }).waitFor();
    expect(await page.locator('#companies-rows tr').count()).toBe(20);
    expect(await page.isDisabled('#page-prev')).toBe(true);
    await page.click('#page-next');
    await page.locator('#companies-summary', { hasText: '第 2 / 2 页' }).waitFor();
    expect(await page.locator('#companies-rows tr').count()).toBe(1);
    expect(await page.isDisabled('#page-next')).toBe(true);
    await page.click('#page-prev');
    await page.locator('#companies-summary', { hasText: '第 1 / 2 页' }).waitFor();
  });

  it('switches to English, keeps the choice, and logs out', async () => {
    await logIn();
    await page.click('a[hreflang="en"]');
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    // still logged in after the reload: the token lives in sessionStorage
    await page.locator('#companies-view').waitFor({ state: 'visible' });
    await expect(page.locator('#companies-title').textContent()).resolves.toBe('Companies');
    await expect(page.locator('label[for="create-code"]').textContent()).resolves.toContain('Company code');
    await page.locator('#companies-summary', { hasText: /companies, page 1 of/ }).waitFor();

    await page.goto(suite.url); // no ?lang: the cookie remembers English
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('#login-view').waitFor({ state: 'visible' });
    await expect(page.locator('#login-form .form-status').textContent()).resolves.toBe(
      'You have logged out.',
    );
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  });

  it('shows the API reference at /docs under a policy that refuses inline script', async () => {
    const refused: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') refused.push(message.text());
    });
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`policy refused ${e.violatedDirective}: ${e.blockedURI}`),
      ),
    );
    const answer = await page.goto(`${suite.url}/docs`);
    expect(answer?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
    // Every area of the API is listed, folded; opening one shows its operations.
    const areas = page.locator('.opblock-tag');
    await areas.first().waitFor();
    expect(await areas.count()).toBeGreaterThan(10);
    await page.locator('.opblock-tag[data-tag="crm"]').click();
    const create = page.locator(
      '.opblock-post:has(.opblock-summary-path[data-path="/api/retail-contracts"])',
    );
    await create.waitFor();
    await create.locator('.opblock-summary').click();
    await create
      .locator('.opblock-body .parameters-container, .opblock-body .opblock-section')
      .first()
      .waitFor();
    expect(await create.locator('.opblock-body').textContent()).toContain('purchaseStartMonth');
    expect(refused).toEqual([]);
  });

  it('every page of the navigation passes axe, signed in as the platform administrator', async () => {
    await logIn();
    for (const { href } of consoleNav) {
      await page.goto(`${suite.url}${href}`);
      // The pages fill themselves from the API; axe runs once the first request has settled.
      await page.waitForLoadState('networkidle');
      expect(await suite.axeViolations(), href).toEqual([]);
    }
  });
});
