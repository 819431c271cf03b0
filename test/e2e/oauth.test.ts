// Third-party sign-in in headless Chromium against the real worker: the provider's authorization page
// (the browser's leg) is answered by the test, and its server-to-server API by a local fake DingTalk
// that the worker reaches through OAUTH_API_ORIGIN.
import { createServer, type Server } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { describeInBrowser, secret } from './browser';

/** DingTalk's two server-side calls, as it documents them: an auth code names the person who approved. */
const people = new Map<string, { openId: string; nick: string }>();
let dingtalk: Server;
let dingtalkUrl = '';

async function startFakeDingTalk(): Promise<string> {
  dingtalk = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'POST' && req.url === '/api.dingtalk.com/v1.0/oauth2/userAccessToken') {
        const { code, clientId, clientSecret } = JSON.parse(Buffer.concat(chunks).toString() || '{}');
        if (clientId !== 'ding-e2e' || clientSecret !== 'ding-e2e-secret' || !people.has(code))
          return reply(400, { code: 'invalidAuthCode', message: '不合法的临时授权码' });
        return reply(200, { accessToken: `dt:${code}`, refreshToken: 'r', expireIn: 7200 });
      }
      if (req.method === 'GET' && req.url === '/api.dingtalk.com/v1.0/contact/users/me') {
        const token = String(req.headers['x-acs-dingtalk-access-token'] ?? '');
        const person = people.get(token.slice(3));
        if (!person) return reply(401, { code: 'InvalidAuthentication' });
        return reply(200, { nick: person.nick, openId: person.openId, unionId: `u-${person.openId}` });
      }
      reply(404, { code: 'NotFound' });
    });
  });
  await new Promise<void>((resolve) => dingtalk.listen(0, '127.0.0.1', resolve));
  const address = dingtalk.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

afterAll(async () => {
  await new Promise((resolve) => dingtalk?.close(resolve));
});

describeInBrowser(
  'third-party sign-in',
  {
    tmpPrefix: 'keel-e2e-oauth-',
    vars: async () => {
      dingtalkUrl = await startFakeDingTalk();
      return {
        DINGTALK_CLIENT_ID: 'ding-e2e',
        DINGTALK_CLIENT_SECRET: 'ding-e2e-secret',
        OAUTH_API_ORIGIN: dingtalkUrl,
      };
    },
  },
  (suite) => {
    let page: Page;
    beforeEach(() => {
      ({ page } = suite);
    });

    /** The person approves at DingTalk: its authorization page sends the browser back with a code. */
    async function approveAtDingTalk(person: { openId: string; nick: string }) {
      const code = `code-${secret(8)}`;
      people.set(code, person);
      await page.route('https://login.dingtalk.com/**', (route) => {
        const asked = new URL(route.request().url());
        const back = new URL(asked.searchParams.get('redirect_uri')!);
        back.searchParams.set('authCode', code);
        back.searchParams.set('state', asked.searchParams.get('state')!);
        return route.fulfill({ status: 302, headers: { location: back.toString() } });
      });
    }

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
      await page.click('#home-logout');
      await page.locator('#signin-view').waitFor({ state: 'visible' });
      await page.unroute('https://login.dingtalk.com/**');
      await approveAtDingTalk(person);
      await page.click('a[href="/api/auth/oauth/dingtalk/start"]');
      await page.locator('#home-view').waitFor({ state: 'visible' });
      expect(await page.textContent('#home-title')).toBe(username);
    });

    it('says why when the sign-in was not started in this browser', async () => {
      await page.goto(`${suite.url}/api/auth/oauth/dingtalk/callback?authCode=x&state=forged`);
      await expect
        .poll(() => page.textContent('#oauth-message'))
        .toBe('第三方登录没有完成：这次登录不是在这个浏览器里开始的，请重新登录。');
      expect(await page.locator('#oauth-unbound').isHidden()).toBe(true);
      expect(await page.getAttribute('#oauth-back', 'href')).toBe('/login');
    });
  },
);
