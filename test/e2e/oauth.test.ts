// Third-party sign-in in headless Chromium against the real worker: the provider's authorization page
// (the browser's leg) is answered by the test, and its server-to-server API by a local fake DingTalk
// that the worker reaches through OAUTH_API_ORIGIN.
import type { Page } from 'playwright-core';
import { beforeEach, expect, it } from 'vitest';
import { describeInBrowser, secret } from './browser';
import { withFakeDingTalk } from './fake-dingtalk';

const { options, dingtalk } = withFakeDingTalk('keel-e2e-oauth-');

describeInBrowser('third-party sign-in', options, (suite) => {
  let page: Page;
  beforeEach(() => {
    ({ page } = suite);
  });

  const approveAtDingTalk = (person: { openId: string; nick: string }) => dingtalk().approve(page, person);

  it('binds a DingTalk account to an existing user on first sign-in, then signs straight in', async () => {
    const code = `oa${secret(4)}`;
    const company = await suite.asAdmin('POST', '/api/admin/companies', { code, name: `钉钉测试 ${code}` });
    const username = `ding${secret(4)}`;
    const password = `pw-${secret(8)}`;
    const user = await suite.asAdmin('POST', '/api/admin/users', {
      username,
      email: `${username}@example.com`,
      password,
      name: '钉钉用户',
    });
    await suite.asAdmin('POST', `/api/admin/users/${user.id}/companies`, { companyId: company.id });
    const person = { openId: `open-${secret(6)}`, nick: '赵六' };

    await approveAtDingTalk(person);
    await page.goto(`${suite.url}/login`);
    await page.click('a[href="/api/auth/oauth/dingtalk/start"]');
    // First sign-in: the page offers to bind an existing account or create one.
    await page.locator('#oauth-unbound').waitFor({ state: 'visible' });
    expect(await page.textContent('#oauth-message')).toContain('赵六');
    expect(page.url()).toContain('/api/auth/oauth/dingtalk/callback');
    expect(await suite.axeViolations()).toEqual([]);

    // A wrong password is refused next to the form, and nothing is bound.
    await page.fill('#bind-username', username);
    await page.fill('#bind-password', 'not-the-password');
    await page.click('#bind-form button[type="submit"]');
    await expect.poll(() => page.textContent('#bind-form .form-status')).not.toBe('');
    await page.fill('#bind-password', password);
    await page.click('#bind-form button[type="submit"]');
    await page.locator('#home-view').waitFor({ state: 'visible' });
    await expect.poll(() => page.textContent('#home-companies')).toContain(company.name);

    // Signed out, the bound DingTalk account signs the user straight in.
    await page.click('#logout');
    await page.locator('#signin-view').waitFor({ state: 'visible' });
    await approveAtDingTalk(person);
    await page.click('a[href="/api/auth/oauth/dingtalk/start"]');
    await page.locator('#home-view').waitFor({ state: 'visible' });
    expect(await page.textContent('#home-title')).toContain(username);
  });

  it('says why when the sign-in was not started in this browser', async () => {
    await page.goto(`${suite.url}/api/auth/oauth/dingtalk/callback?authCode=x&state=forged`);
    await expect
      .poll(() => page.textContent('#oauth-message'))
      .toBe('第三方登录没有完成：这次登录不是在这个浏览器里开始的，请重新登录。');
    expect(await page.locator('#oauth-unbound').isHidden()).toBe(true);
    expect(await page.getAttribute('#oauth-back', 'href')).toBe('/login');
  });
});
