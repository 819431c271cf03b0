// The platform pages in headless Chromium against the real worker under `wrangler dev`:
// onboarding a company through its link, and disabling a member's primary company from the console.
import type { Page } from 'playwright-core';
import { beforeEach, expect, it } from 'vitest';
import { describeInBrowser } from './browser';
import { unique } from './support';

describeInBrowser('platform pages', { tmpPrefix: 'keel-e2e-platform-' }, (suite) => {
  let page: Page;
  beforeEach(() => {
    ({ page } = suite);
  });

  const api = suite.asAdmin;
  const axeViolations = () => suite.axeViolations();

  it('onboards a company through its link in four steps, then its administrator signs in', async () => {
    const code = unique('onb');
    const company = await api('POST', '/api/admin/companies', {
      code,
      name: `开通测试 ${code}`,
      plan: 'basic',
    });
    const link = await api('POST', `/api/admin/companies/${company.id}/generate-onboarding`);
    const path = new URL(link.url).pathname + new URL(link.url).search;

    await page.goto(`${suite.url}${path}`);
    await expect.poll(() => page.textContent('#wizard-company')).toContain(code);
    expect(await page.getAttribute('#step-1', 'aria-current')).toBe('step');
    await page.click('#verify-continue');

    // Step 2: the administrator. A taken username is flagged as it is typed.
    await page.locator('#view-admin').waitFor({ state: 'visible' });
    expect(await page.getAttribute('#step-2', 'aria-current')).toBe('step');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('step-heading');
    expect(await axeViolations()).toEqual([]);
    await page.fill('#admin-username', 'admin');
    await page.press('#admin-username', 'Tab');
    const username = unique('owner');
    await page.fill('#admin-username', username);
    await page.press('#admin-username', 'Tab');
    await expect.poll(() => page.textContent('#username-check')).toContain(username);
    expect(await page.textContent('#username-check')).toContain('可以使用');
    await page.fill('#admin-name', '王老板');
    await page.fill('#admin-email', `${username}@example.com`);
    await page.fill('#admin-password', 'short');
    await page.click('#view-admin button[type="submit"]');
    await expect.poll(() => page.textContent('#admin-password-error')).not.toBe('');
    expect(await page.getAttribute('#admin-password', 'aria-invalid')).toBe('true');
    await page.fill('#admin-password', 'owner password 1');
    await page.click('#view-admin button[type="submit"]');

    // Step 3: departments and roles, one per line.
    await page.locator('#view-basic').waitFor({ state: 'visible' });
    await page.fill('#basic-departments', '销售部\n财务部');
    await page.fill('#basic-roles', '经理');
    await page.click('#view-basic button[type="submit"]');

    // Step 4: complete.
    await page.locator('#view-complete').waitFor({ state: 'visible' });
    await page.click('#view-complete button[type="submit"]');
    await page.locator('#view-done').waitFor({ state: 'visible' });
    expect(await page.textContent('#done-text')).toContain(company.name);
    expect(await page.textContent('#done-login')).toContain(username);

    const after = await api('GET', `/api/admin/companies/${company.id}`);
    expect(after).toMatchObject({ onboardingStatus: 'completed', subscriptionStatus: 'active' });
    // The link is spent: opening it again says so.
    await page.goto(`${suite.url}${path}`);
    await expect.poll(() => page.textContent('#wizard-status')).toContain('已被使用');

    // The administrator signs in and lands in the company.
    await page.goto(`${suite.url}/login`);
    await page.fill('#signin-username', username);
    await page.fill('#signin-password', 'owner password 1');
    await page.click('#signin-form button[type="submit"]');
    await page.locator('#home-view').waitFor({ state: 'visible' });
    await expect.poll(() => page.textContent('#home-tenant')).toContain(company.name);
    expect(await page.textContent('#home-companies')).toContain(code);
    const basic = await api('GET', `/t/${code}/api/tenant/basic-data`);
    expect(basic).toEqual({ departments: ['销售部', '财务部'], roles: ['经理'] });
  });

  it('disables a member in their primary company from the console: the primary moves on and they are told', async () => {
    const a = await api('POST', '/api/admin/companies', {
      code: unique('pra'),
      name: `主公司 A ${unique('')}`,
    });
    const b = await api('POST', '/api/admin/companies', {
      code: unique('prb'),
      name: `兼职公司 B ${unique('')}`,
    });
    const username = unique('zhao');
    const user = await api('POST', '/api/admin/users', {
      username,
      email: `${username}@example.com`,
      password: 'zhao password 1',
      name: '赵六',
    });
    await api('POST', `/api/admin/users/${user.id}/companies`, { companyId: a.id });
    await api('POST', `/api/admin/users/${user.id}/companies`, { companyId: b.id });

    await suite.logInAsAdmin();

    await page.click('a[href="/users"]');
    await page.locator('#app').waitFor({ state: 'visible' });
    await page.fill('#users-q', username);
    await page.press('#users-q', 'Enter');
    await page.locator(`button[data-user="${user.id}"]`).click();
    await page.locator('#user-detail').waitFor({ state: 'visible' });
    const rowOf = (name: string) => page.locator('#memberships-rows tr', { hasText: name });
    await expect.poll(() => rowOf(a.name).textContent()).toContain('主公司');

    // Disabling asks first: keeping it changes nothing; confirming disables.
    await rowOf(a.name).getByRole('button', { name: /停用/ }).click();
    const dialog = page.getByRole('alertdialog', { name: '请确认' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(username);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-keep');
    expect(await axeViolations()).toEqual([]);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await rowOf(a.name).textContent()).toContain('有效');
    expect((await api('GET', `/api/admin/users/${user.id}`)).primaryCompanyId).toBe(a.id);
    await rowOf(a.name).getByRole('button', { name: /停用/ }).click();
    await dialog.getByRole('button', { name: '停用成员资格' }).click();
    await expect.poll(() => page.textContent('#membership-status')).toContain(username);
    expect(await rowOf(a.name).textContent()).toContain('已停用');
    expect(await rowOf(b.name).textContent()).toContain('主公司');
    expect(await axeViolations()).toEqual([]);

    const detail = await api('GET', `/api/admin/users/${user.id}`);
    expect(detail).toMatchObject({ status: 'active', primaryCompanyId: b.id });

    // The mail is in the outbox the console shows.
    await page.click('a[href="/mail"]');
    await page.fill('#mail-to', `${username}@example.com`);
    await page.press('#mail-to', 'Enter');
    await expect.poll(() => page.textContent('#mail-rows')).toContain('主公司权限变更通知');
    expect(await axeViolations()).toEqual([]);

    // The member's next sign-in lands in B.
    await page.goto(`${suite.url}/login`);
    await page.fill('#signin-username', username);
    await page.fill('#signin-password', 'zhao password 1');
    await page.click('#signin-form button[type="submit"]');
    await expect.poll(() => page.textContent('#home-tenant')).toContain(b.name);
    expect(await page.textContent('#home-companies')).not.toContain(a.name);
  });

  it("shows a member only the modules of their company's plan in the navigation", async () => {
    // basic has the CRM but not devices; enterprise has both.
    const basic = await api('POST', '/api/admin/companies', {
      code: unique('nav'),
      name: 'Basic Nav',
      plan: 'basic',
    });
    const username = unique('nav');
    const user = await api('POST', '/api/admin/users', {
      username,
      email: `${username}@example.com`,
      password: 'nav password 1',
      name: 'Nav Member',
    });
    await api('POST', `/api/admin/users/${user.id}/companies`, { companyId: basic.id });

    const navItem = (module: string) => page.locator(`nav li[data-module="${module}"]`);
    await page.goto(`${suite.url}/login`);
    await page.fill('#signin-username', username);
    await page.fill('#signin-password', 'nav password 1');
    await page.click('#signin-form button[type="submit"]');
    await expect.poll(() => page.textContent('#home-tenant')).toContain('Basic Nav');
    // The sign-in page has no navigation; every console page the member opens next has it.
    for (const path of ['/crm/customers', '/devices']) {
      await page.goto(`${suite.url}${path}`);
      expect(await navItem('devices').count()).toBe(1);
      await expect.poll(() => navItem('devices').isHidden()).toBe(true);
      expect(await navItem('crm').isVisible()).toBe(true);
    }

    await api('PUT', `/api/admin/companies/${basic.id}`, { plan: 'enterprise' });
    await page.reload();
    await expect.poll(() => navItem('devices').isVisible()).toBe(true);
  });

  it('shows the dashboard with real numbers and charts', async () => {
    await api('POST', '/api/admin/companies', {
      code: unique('dash'),
      name: 'Dash Co',
      plan: 'professional',
      industry: 'manufacturing',
    });
    await suite.logInAsAdmin();
    await page.goto(`${suite.url}/dashboard`);
    const dashboard = await api('GET', '/api/admin/dashboard');
    await expect.poll(() => page.textContent('#stat-tenants')).toBe(String(dashboard.tenants.total));
    expect(await page.locator('#chart-revenue svg[role="img"]').count()).toBe(1);
    expect(await page.getAttribute('#chart-plans svg', 'aria-label')).toContain('专业版 1');
    expect(await page.textContent('#chart-industry')).toContain('制造业');
    // Companies that gave no region are counted under words of the page's language.
    await api('POST', '/api/admin/companies', { code: unique('dash'), name: 'No Region Co' });
    await page.reload();
    await expect.poll(() => page.textContent('#chart-region')).toContain('未填写');
    expect(await page.textContent('#chart-region')).not.toContain('unknown');
    expect(await axeViolations()).toEqual([]);

    // The plans name their modules in the page's language.
    await page.goto(`${suite.url}/plans`);
    const enterprise = page.locator('#plans-rows tr', { hasText: 'enterprise' });
    await enterprise.waitFor();
    expect(await enterprise.textContent()).toContain('客户与合同、卡片年费、法律服务、设备与计费');
    expect(await axeViolations()).toEqual([]);
  });

  it("opens a company from the list: its subscription and usage in the page's language", async () => {
    const company = await api('POST', '/api/admin/companies', {
      code: unique('detail'),
      name: '详情测试企业',
      plan: 'basic',
      billingCycle: 'quarterly',
    });
    await suite.logInAsAdmin();
    await page.fill('#search-q', company.code);
    await page.press('#search-q', 'Enter');
    await page.locator('#companies-rows a', { hasText: '详情测试企业' }).click();
    await page.waitForURL(/\/company\?id=/);
    await expect.poll(() => page.textContent('#company-name')).toBe(`详情测试企业 (${company.code})`);
    const facts = (await page.textContent('#company-facts')) ?? '';
    expect(facts).toContain('基础版');
    expect(facts).toContain('按季度');
    await page.locator('#usage-rows tr').first().waitFor();
    expect(await page.locator('#usage-rows tr').count()).toBe(4);
    expect(await axeViolations()).toEqual([]);

    // Without a company named, the page says so and leads back to the list.
    await page.goto(`${suite.url}/company`);
    await page.locator('#company-status', { hasText: '没有指定企业' }).waitFor();
    expect(await page.getAttribute('#company-status a', 'href')).toBe('/');
  });
});
