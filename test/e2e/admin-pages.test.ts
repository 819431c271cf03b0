// The platform administrator's pages of issue 16 in headless Chromium against the real worker: the
// scheduled tasks, the 404 page, confirmations before destructive actions, readable operation-log
// details, charts with axes and totals, industries from the list and a company's live usage.
import type { Page } from 'playwright-core';
import { beforeEach, expect, it } from 'vitest';
import { describeInBrowser } from './browser';
import { unique } from './support';

describeInBrowser('administrator pages', { tmpPrefix: 'keel-e2e-admin-' }, (suite) => {
  let page: Page;
  beforeEach(() => {
    ({ page } = suite);
  });
  const api = suite.asAdmin;
  const accessible = async () => expect(await suite.axeViolations()).toEqual([]);

  it('runs a task by hand: the answer, the last result and the history show the run', async () => {
    await suite.logInAsAdmin();
    await page.click('a[href="/tasks"]');
    const task = page.locator('#tasks-rows tr', { hasText: '清理历史记录' });
    await task.waitFor();
    // Its schedule as written, with the time zone it is read in, and when it runs next.
    expect(await task.locator('code').textContent()).toBe('30 3 * * *');
    expect(await task.textContent()).toContain('Asia/Shanghai');
    expect(await task.locator('time').count()).toBe(1);
    expect(await task.textContent()).toContain('还没有运行过');
    await accessible();

    await task.getByRole('button', { name: '立即运行「清理历史记录（保留 90 天）」' }).click();
    await page
      .locator('#tasks-status-line', { hasText: '「清理历史记录（保留 90 天）」已运行：成功。' })
      .waitFor();
    await expect.poll(() => task.locator('.badge').textContent()).toBe('成功');
    const run = page.locator('#history-rows tr', { hasText: '清理历史记录' }).first();
    await run.waitFor();
    expect(await run.textContent()).toContain('手动');
    expect(await run.evaluate((row) => row.classList.contains('run-failed'))).toBe(false);
    // The run's result is listed by field, not as JSON.
    expect(await run.locator('dl.details dt').count()).toBeGreaterThan(0);
    expect(await run.textContent()).not.toContain('{');

    const history = await api('GET', '/api/admin/tasks/history?task=history-retention');
    expect(history.items[0]).toMatchObject({ trigger: 'manual', status: 'succeeded' });
    expect(history.total).toBe(1);

    // The history filters by task and result.
    await page.selectOption('#history-status', 'failed');
    await page.click('#history-filter button[type="submit"]');
    await page.locator('#history-summary', { hasText: '共 0 条' }).waitFor();
    await accessible();
  });

  it('marks a failed run in the history in words and colour, with its error', async () => {
    // No task fails on demand in a healthy worker, so the history the page reads is given one failed
    // run (the real last run, ended in failure); what is tested is how the page shows it.
    await api('POST', '/api/admin/tasks/invoice-overdue/run');
    await page.route('**/api/admin/tasks/history?*', async (route) => {
      const real = await route.fetch();
      const body = await real.json();
      body.items.unshift({
        ...body.items[0],
        runId: 'run_failed_in_the_test',
        status: 'failed',
        result: null,
        error: '1 of 3 companies failed: TENANT_NOT_FOUND',
      });
      await route.fulfill({ response: real, json: body });
    });
    await suite.logInAsAdmin();
    await page.goto(`${suite.url}/tasks`);
    const failed = page.locator('#history-rows tr.run-failed');
    await failed.waitFor();
    expect(await failed.count()).toBe(1);
    expect(await failed.locator('.badge').textContent()).toBe('失败');
    expect(await failed.locator('.run-error').textContent()).toBe(
      '1 of 3 companies failed: TENANT_NOT_FOUND',
    );
    expect(await page.locator('#history-rows tr:not(.run-failed) .badge').first().textContent()).toBe('成功');
    await accessible();
  });

  it('answers a console path that leads nowhere with a page, and an API path with JSON', async () => {
    const answer = await page.goto(`${suite.url}/no/such/page`);
    expect(answer?.status()).toBe(404);
    expect(answer?.headers()['content-type']).toContain('text/html');
    expect(await page.textContent('h1')).toBe('页面不存在');
    expect(await page.textContent('main code')).toBe('/no/such/page');
    await accessible();
    await page.getByRole('link', { name: '平台控制台首页' }).click();
    await page.locator('#login-view').waitFor({ state: 'visible' });

    await page.goto(`${suite.url}/t/acme/crm/nowhere?lang=en`);
    expect(await page.textContent('h1')).toBe('Page not found');
    expect(
      await page.getByRole('link', { name: 'Company users: sign in and home' }).getAttribute('href'),
    ).toBe('/login');

    const json = await suite.api('GET', '/api/no/such/route', { headers: { accept: 'text/html' } });
    expect(json.status).toBe(404);
    expect(json.body.error.code).toBe('ROUTE_NOT_FOUND');
  });

  it('reviews payment proofs and fapiao requests: a rejection needs its reason, an acceptance settles the invoice', async () => {
    const code = unique('prf');
    const company = await api('POST', '/api/admin/companies', { code, name: `凭证 ${code}`, plan: 'basic' });
    await api('POST', '/api/admin/tasks/invoice-generation/run');
    const [invoice] = (await api('GET', `/api/admin/invoices?companyId=${company.id}`)).items;
    const token = await suite.adminToken();
    const upload = () =>
      fetch(`${suite.url}/api/tenant/invoices/${invoice.id}/payment-proof`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'x-tenant-code': code, 'content-type': 'image/png' },
        body: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      });
    expect((await upload()).status).toBe(201);
    const fapiao = await suite.api('POST', `/api/tenant/invoices/${invoice.id}/fapiao`, {
      token,
      tenant: code,
      body: { title: '示例科技有限公司', taxNumber: '91310000MA1FL0XX0X', type: 'normal' },
    });
    expect(fapiao.status).toBe(201);

    await suite.logInAsAdmin();
    await page.goto(`${suite.url}/invoices`);
    await page.getByRole('button', { name: `驳回 ${invoice.number}` }).click();
    await page.locator('#decide-form button[type="submit"]').click();
    await expect.poll(() => page.getAttribute('#decide-reason', 'aria-invalid')).toBe('true');
    await accessible();
    await page.fill('#decide-reason', '金额不符');
    await page.locator('#decide-form button[type="submit"]').click();
    await page.locator('#invoices-status-line', { hasText: '已处理' }).waitFor();
    expect((await api('GET', '/api/admin/payment-proofs?status=rejected')).items[0]).toBeDefined();

    expect((await upload()).status).toBe(201);
    await page.reload();
    await page.getByRole('button', { name: `通过 ${invoice.number}` }).click();
    await page.locator('#invoices-status-line', { hasText: `账单 ${invoice.number} 已付` }).waitFor();
    expect((await api('GET', `/api/admin/invoices/${invoice.id}`)).status).toBe('paid');

    await page.getByRole('button', { name: `开具 ${invoice.number}` }).click();
    await page.fill('#decide-fapiaoNumber', '044031900111');
    await page.locator('#decide-form button[type="submit"]').click();
    await page.locator('#invoices-status-line', { hasText: '已处理' }).waitFor();
    expect(
      (await api('GET', '/api/admin/fapiao-requests?status=issued')).items.map((f: { id: string }) => f.id),
    ).toContain(fapiao.body.id);
  });

  it('asks before cancelling an invoice: keeping it changes nothing, confirming cancels it', async () => {
    const code = unique('inv');
    const company = await api('POST', '/api/admin/companies', {
      code,
      name: `待取消 ${code}`,
      plan: 'basic',
    });
    await api('POST', '/api/admin/tasks/invoice-generation/run');
    const [invoice] = (await api('GET', `/api/admin/invoices?companyId=${company.id}`)).items;
    expect(invoice.status).toBe('pending');

    await suite.logInAsAdmin();
    await page.goto(`${suite.url}/invoices`);
    await page.fill('#invoices-q', invoice.number);
    await page.press('#invoices-q', 'Enter');
    const cancel = page.getByRole('button', { name: `取消账单 ${invoice.number}` });
    await cancel.click();
    const dialog = page.getByRole('alertdialog', { name: '请确认' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(invoice.number);
    expect(await dialog.textContent()).toContain(company.name);
    // "Keep" has the focus, so Enter alone never destroys; it keeps the invoice.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('confirm-keep');
    await accessible();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      `取消账单 ${invoice.number}`,
    );
    expect((await api('GET', `/api/admin/invoices/${invoice.id}`)).status).toBe('pending');

    await cancel.click();
    await dialog.getByRole('button', { name: '取消账单' }).click();
    await page.locator('#invoices-status-line', { hasText: `账单 ${invoice.number} 已取消` }).waitFor();
    expect((await api('GET', `/api/admin/invoices/${invoice.id}`)).status).toBe('cancelled');

    // The operation log says what happened in words, each detail by name.
    await page.goto(`${suite.url}/logs`);
    const entry = page.locator('#logs-rows tr', { hasText: '取消账单' }).first();
    await entry.waitFor();
    const details = await entry.locator('dl.details').textContent();
    expect(details).toContain('账单编号');
    expect(details).toContain(invoice.number);
    expect(await page.textContent('#logs-rows')).not.toMatch(/[{}"]/);
    const created = page.locator('#logs-rows tr', { hasText: '新建企业' }).first();
    expect(await created.locator('dl.details').textContent()).toContain('基础版');
    await accessible();
  });

  it('files a company under an industry from the list and counts each industry once on the dashboard', async () => {
    await suite.logInAsAdmin();
    const code = unique('energy');
    await page.fill('#create-code', code);
    await page.fill('#create-name', '华东电力');
    await page.selectOption('#create-industry', { label: '能源' });
    await page.press('#create-name', 'Enter');
    await page.locator('#companies-rows tr', { hasText: code }).waitFor();
    const listed = await api('GET', `/api/admin/companies?q=${code}`);
    expect(listed.items[0].industry).toBe('energy');
    await api('POST', '/api/admin/companies', {
      code: unique('energy'),
      name: 'East Power',
      industry: 'energy',
    });

    await page.goto(`${suite.url}/dashboard`);
    const dashboard = await api('GET', '/api/admin/dashboard');
    const industry = page.locator('#chart-industry');
    await industry.locator('svg').waitFor();
    // One bar for the industry whatever language its companies were created in, named in the page's.
    expect(await industry.locator('svg text', { hasText: '能源' }).count()).toBe(1);
    expect(await industry.locator('.axis-title').allTextContents()).toEqual(['行业', '企业数（家）']);
    const companies = dashboard.byIndustry.reduce((n: number, b: { count: number }) => n + b.count, 0);
    expect(await industry.locator('.chart-total').textContent()).toBe(`共 ${companies} 家企业`);
    expect(await page.locator('#chart-revenue .axis-title').allTextContents()).toEqual([
      '月份',
      '已收款（元）',
    ]);
    expect(await page.locator('#chart-revenue .chart-total').textContent()).toMatch(/^合计：¥/);
    expect(await page.locator('#chart-api .tick').count()).toBeGreaterThan(1);
    await accessible();
  });

  it("shows a company's usage live from its actor, and edits its profile with an industry from the list", async () => {
    const company = await api('POST', '/api/admin/companies', {
      code: unique('live'),
      name: '实时用量企业',
      industry: 'retail',
    });
    await suite.logInAsAdmin();
    await page.goto(`${suite.url}/company?id=${company.id}`);
    await page.locator('#usage-note', { hasText: '实时数据' }).waitFor();
    expect(await page.inputValue('#profile-industry')).toBe('retail');
    await page.selectOption('#profile-industry', 'finance');
    await page.click('#profile-form button[type="submit"]');
    await page.locator('#profile-form .form-status', { hasText: '企业资料已保存' }).waitFor();
    expect((await api('GET', `/api/admin/companies/${company.id}`)).industry).toBe('finance');
    await accessible();
  });
});
