// A company member's console in headless Chromium against the real worker: one sign-in for every
// member page, the home with the plan's modules and the company in words, switching company, the
// company's invoices, third-party account bindings, and top-ups that pick people by name.
import type { Page } from 'playwright-core';
import { beforeEach, expect, it } from 'vitest';
import { describeInBrowser, pressEnterToSignIn, secret } from './browser';
import { withFakeDingTalk } from './fake-dingtalk';
import { unique } from './support';

const { options, dingtalk } = withFakeDingTalk('keel-e2e-member-');

describeInBrowser('member console', options, (suite) => {
  let page: Page;
  beforeEach(() => {
    ({ page } = suite);
  });
  const admin = suite.asAdmin;
  const accessible = async () => expect(await suite.axeViolations()).toEqual([]);

  /** A company on `plan` and a user who is a member of it with `role`; answers both and the password. */
  async function memberOf(plan: string, role: 'admin' | 'member' = 'admin', name = '') {
    const code = unique('m');
    const company = await admin('POST', '/api/admin/companies', {
      code,
      name: name || `成员企业 ${code}`,
      plan,
    });
    const username = unique('u');
    const password = `pw-${secret(8)}`;
    const user = await admin('POST', '/api/admin/users', {
      username,
      password,
      email: `${username}@example.com`,
      name: `成员 ${username}`,
    });
    await admin('POST', `/api/admin/users/${user.id}/companies`, { companyId: company.id, role });
    return { company, user, username, password };
  }

  async function signIn(username: string, password: string, next = '') {
    await page.goto(`${suite.url}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
    await page.fill('#signin-username', username);
    await page.fill('#signin-password', password);
    await pressEnterToSignIn(page, '#signin-password');
  }

  it('signs in once: the customers and the devices pages both work with that session', async () => {
    const { company, username, password } = await memberOf('professional');
    await page.goto(`${suite.url}/t/${company.code}/crm/customers`);
    await page.locator('#member-signin').waitFor({ state: 'visible' });
    await page.click('#member-signin-link');
    await page.fill('#signin-username', username);
    await page.fill('#signin-password', password);
    await pressEnterToSignIn(page, '#signin-password');
    await page.waitForURL(`${suite.url}/t/${company.code}/crm/customers`);
    await page.locator('#crm').waitFor({ state: 'visible' });
    expect(await page.textContent('#member-company')).toContain(company.name);
    await page.fill('#create-name', '一次登录客户');
    await page.press('#create-name', 'Enter');
    await page.locator('#customers-rows tr', { hasText: '一次登录客户' }).waitFor();

    // The devices page: no second sign-in, the member's own company and wallet.
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '设备与计费' }).click();
    await page.waitForURL(`${suite.url}/devices`);
    await page.locator('#member-app').waitFor({ state: 'visible' });
    expect(await page.isVisible('#member-signin')).toBe(false);
    expect(await page.isVisible('#balance-card')).toBe(true);
    await page.locator('#allocations-summary', { hasText: '暂无记录' }).waitFor();
    expect(await page.inputValue('#company-code')).toBe(company.code);
    // One member session, kept once.
    const kept = await page.evaluate(() => Object.keys(sessionStorage));
    expect(kept).toEqual(['keel.user']);
    expect(await page.textContent('#session-user')).toContain(username);
    await accessible();

    // Signing out in the header ends it for every page.
    await page.click('#logout');
    await page.waitForURL(`${suite.url}/login`);
    await page.goto(`${suite.url}/t/${company.code}/crm/customers`);
    await page.locator('#member-signin').waitFor({ state: 'visible' });
  });

  it("lists only the plan's modules, with the plan and the subscription in words", async () => {
    const basic = await memberOf('basic', 'member', '基础版企业');
    await signIn(basic.username, basic.password);
    await page.locator('#home-view').waitFor({ state: 'visible' });
    expect(await page.textContent('#home-title')).toBe(`${basic.username}，您好`);
    await expect.poll(() => page.textContent('#home-plan')).toBe('基础版');
    expect(await page.textContent('#home-subscription')).toBe('正常');
    expect(await page.isVisible('#home-read-only')).toBe(false);
    const modules = page.locator('#home-modules a');
    expect(await modules.allTextContents()).toEqual(['客户与合同', '信用卡年费']);
    expect(await modules.first().getAttribute('href')).toBe(`/t/${basic.company.code}/crm/customers`);
    // A plain member is not offered the company's invoices.
    expect(await page.isVisible('#home-invoices')).toBe(false);
    await accessible();

    await page.goto(`${suite.url}/login?lang=en`);
    await expect.poll(() => page.textContent('#home-plan')).toBe('Basic');
    expect(await page.textContent('#home-subscription')).toBe('Active');
    expect(await modules.allTextContents()).toEqual(['Customers and contracts', 'Card annual fees']);

    const trial = await memberOf('trial');
    await page.evaluate(() => sessionStorage.clear());
    await signIn(trial.username, trial.password);
    await expect.poll(() => page.textContent('#home-plan')).toBe('Trial');
    expect(await page.textContent('#home-subscription')).toBe('Trial');
    expect(await modules.allTextContents()).toEqual([
      'Customers and contracts',
      'Devices and billing',
      'Card annual fees',
      'Legal services',
      'Enterprise batch cases',
      'Enterprise collection analytics',
    ]);
    // The marketplace, with its own accounts, opens from the company's prefix.
    expect(await modules.nth(3).getAttribute('href')).toBe(`/t/${trial.company.code}/legal`);
    expect(await modules.nth(4).getAttribute('href')).toBe(`/t/${trial.company.code}/legal-batches`);
    expect(await modules.last().getAttribute('href')).toBe(`/t/${trial.company.code}/legal-analytics`);
    await page.goto(`${suite.url}/login?lang=zh`);
  });

  it('switches company on the home page, and the member pages follow', async () => {
    const first = await memberOf('basic', 'member', '甲公司');
    const second = await admin('POST', '/api/admin/companies', {
      code: unique('b'),
      name: '乙公司',
      plan: 'professional',
    });
    await admin('POST', `/api/admin/users/${first.user.id}/companies`, { companyId: second.id });
    await signIn(first.username, first.password);
    const companies = page.locator('#home-companies li');
    await expect.poll(() => companies.count()).toBe(2);
    expect(await companies.first().textContent()).toContain('当前公司');
    expect(await page.locator('#home-modules a').allTextContents()).toEqual(['客户与合同', '信用卡年费']);

    await page.getByRole('button', { name: '切换到此公司 乙公司' }).click();
    await page.locator('#home-status', { hasText: '已切换到 乙公司' }).waitFor();
    await expect
      .poll(() => page.locator('#home-modules a').allTextContents())
      .toEqual([
        '客户与合同',
        '设备与计费',
        '信用卡年费',
        '法律服务',
        '企业批量催收案件',
        '企业催收数据分析',
      ]);
    expect(await page.textContent('#home-tenant')).toContain('乙公司');
    await page.locator('#home-modules a', { hasText: '设备与计费' }).click();
    await page.waitForURL(`${suite.url}/t/${second.code}/devices`);
    await page.locator('#member-company', { hasText: '乙公司' }).waitFor();
    await page.locator('#allocations-summary', { hasText: '暂无记录' }).waitFor();
    const me = await suite.api('POST', '/api/auth/login', {
      body: { username: first.username, password: first.password },
    });
    expect(me.body.currentCompany.id).toBe(second.id);
  });

  it("shows a company admin the company's invoices in words, and tells a plain member they are not theirs", async () => {
    const owner = await memberOf('basic', 'admin');
    await admin('POST', '/api/admin/tasks/invoice-generation/run');
    const [invoice] = (await admin('GET', `/api/admin/invoices?companyId=${owner.company.id}`)).items;
    await signIn(owner.username, owner.password);
    await page.getByRole('link', { name: '公司账单（管理员）' }).click();
    await page.waitForURL(`${suite.url}/company-invoices`);
    const row = page.locator('#company-invoices-rows tr', { hasText: invoice.number });
    await row.waitFor();
    expect(await row.textContent()).toContain('待支付');
    expect(await row.textContent()).toContain(invoice.period);
    await accessible();

    // Settling it: a payment order for its total, a proof uploaded, a fapiao asked for.
    await page.getByRole('button', { name: `办理账单 ${invoice.number}` }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('settle-title');
    await page.getByRole('button', { name: '在线支付' }).click();
    await page.locator('#settle-status', { hasText: '已创建支付单 pay_d' }).waitFor();
    await page.setInputFiles('#proof-file', {
      name: 'receipt.png',
      mimeType: 'image/png',
      buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
    });
    await page.click('#proof-form button[type="submit"]');
    await page.locator('#proof-form .form-status', { hasText: '凭证已上传' }).waitFor();
    await page.fill('#fapiao-title', '示例科技有限公司');
    await page.fill('#fapiao-taxNumber', 'bad');
    await page.click('#fapiao-form button[type="submit"]');
    await expect.poll(() => page.getAttribute('#fapiao-taxNumber', 'aria-invalid')).toBe('true');
    await page.fill('#fapiao-taxNumber', '91310000MA1FL0XX0X');
    await page.selectOption('#fapiao-type', 'special');
    await page.click('#fapiao-form button[type="submit"]');
    await page.locator('#fapiao-form .form-status', { hasText: '发票申请已提交' }).waitFor();
    await row.filter({ hasText: '凭证待审核' }).filter({ hasText: '发票已申请' }).waitFor();
    await accessible();

    const plain = await memberOf('basic', 'member');
    await page.evaluate(() => sessionStorage.clear());
    await signIn(plain.username, plain.password, '/company-invoices');
    await page.waitForURL(`${suite.url}/company-invoices`);
    await page.locator('#company-invoices-status', { hasText: '只有公司管理员可以查看这些内容' }).waitFor();
  });

  it('connects and disconnects a DingTalk account, asking before disconnecting', async () => {
    const { username, password } = await memberOf('basic', 'member');
    await signIn(username, password);
    await page.getByRole('link', { name: '绑定钉钉、微信或飞书账号' }).click();
    await page.waitForURL(`${suite.url}/account`);
    const dingRow = page.locator('#bindings-rows tr', { hasText: '钉钉' });
    await dingRow.locator('.badge', { hasText: '未绑定' }).waitFor();
    await accessible();

    // A provider the platform has not set up says so.
    await page.getByRole('button', { name: '绑定飞书账号' }).click();
    await page.locator('#bindings-status', { hasText: '平台还没有开通这种第三方登录' }).waitFor();

    await dingtalk().approve(page, { openId: `open-${secret(6)}`, nick: '钱七' });
    await page.getByRole('button', { name: '绑定钉钉账号' }).click();
    await page.locator('#oauth-message', { hasText: '钉钉账号已绑定' }).waitFor();
    await page.getByRole('link', { name: '返回第三方账号绑定' }).click();
    await page.waitForURL(`${suite.url}/account`);
    await dingRow.locator('.badge', { hasText: '已绑定（钱七）' }).waitFor();

    await page.getByRole('button', { name: '解除绑定：钉钉' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '不，保留' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const token = (await suite.api('POST', '/api/auth/login', { body: { username, password } })).body.token;
    const bindings = () => suite.api('GET', '/api/auth/oauth-bindings', { token });
    expect((await bindings()).body.items.map((b: { provider: string }) => b.provider)).toEqual(['dingtalk']);

    await page.getByRole('button', { name: '解除绑定：钉钉' }).click();
    await dialog.getByRole('button', { name: '解除绑定' }).click();
    await page.locator('#bindings-status', { hasText: '已解除钉钉账号的绑定' }).waitFor();
    await dingRow.locator('.badge', { hasText: '未绑定' }).waitFor();
    expect((await bindings()).body.items).toEqual([]);
  });

  it('a company admin tops up a member picked by name', async () => {
    const owner = await memberOf('professional', 'admin');
    const bob = await admin('POST', '/api/admin/users', {
      username: unique('bob'),
      password: `pw-${secret(8)}`,
      email: `${unique('bob')}@example.com`,
      name: 'Bob',
    });
    await admin('POST', `/api/admin/users/${bob.id}/companies`, { companyId: owner.company.id });
    await signIn(owner.username, owner.password, '/devices');
    await page.waitForURL(`${suite.url}/devices`);
    await expect.poll(() => page.locator('#topup-userId option').allTextContents()).toContain(bob.username);
    await page.selectOption('#topup-userId', { label: bob.username });
    await page.fill('#topup-amountFen', '2500');
    await page.click('#topup-form button[type="submit"]');
    await page.locator('#topup-form .form-status', { hasText: `${bob.username} 的余额为 ¥25.00` }).waitFor();
    await expect.poll(() => page.textContent('#wallets-rows')).toContain(bob.username);
    const token = await suite.adminToken();
    const wallet = await suite.api('GET', `/api/billing/balance?userId=${bob.id}`, {
      token,
      tenant: owner.company.code,
    });
    expect(wallet.body.balanceFen).toBe(2500);
    await accessible();
  });
});
