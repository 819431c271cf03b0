import { SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { BASE } from '../helpers';

// The console's server side; the browser behaviour is in test/e2e/console.test.ts.
describe('web console pages', () => {
  it('renders in Chinese by default, with a CSP that allows nothing external', async () => {
    const res = await SELF.fetch(`${BASE}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!doctype html><html lang="zh-CN">')).toBe(true);
    expect(html).toContain('平台管理员登录');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const res = await SELF.fetch(`${BASE}/?lang=en`);
    expect(await res.text()).toContain('<html lang="en">');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^keel_lang=en;/);
    const again = await SELF.fetch(`${BASE}/`, { headers: { cookie: 'keel_lang=en' } });
    expect(await again.text()).toContain('Platform admin login');
  });

  it('serves its own scripts and stylesheet, and nothing else under /static', async () => {
    for (const [file, type] of [
      ['core.js', 'text/javascript'],
      ['companies.js', 'text/javascript'],
      ['console.css', 'text/css'],
    ]) {
      const res = await SELF.fetch(`${BASE}/static/console/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toContain(type);
      await res.arrayBuffer();
    }
    const missing = await SELF.fetch(`${BASE}/static/console/toString`);
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });
});

describe('paths that lead nowhere', () => {
  it('answer a console path with a page in the Layout, in the page’s language, with the ways home', async () => {
    const res = await SELF.fetch(`${BASE}/no/such/page`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('页面不存在');
    expect(html).toContain('<code>/no/such/page</code>');
    expect(html).toContain('href="/login"');
    expect(html).toContain('id="main"');
    const english = await SELF.fetch(`${BASE}/t/acme/crm/nowhere?lang=en`);
    expect(english.status).toBe(404);
    expect(await english.text()).toContain('Page not found');
  });

  it('answer API paths, other methods and missing assets with the JSON error', async () => {
    for (const [method, path] of [
      ['GET', '/api/no/such/route'],
      ['GET', '/t/acme/api/nothing'],
      ['POST', '/no/such/page'],
      ['GET', '/static/console/missing.js'],
    ] as const) {
      const res = await SELF.fetch(`${BASE}${path}`, { method, headers: { accept: 'text/html' } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toContain('application/json');
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code, path).toBe('ROUTE_NOT_FOUND');
    }
  });
});

describe('the scheduled tasks page', () => {
  it('names every task in the page’s language and offers the history filters', async () => {
    const html = await (await SELF.fetch(`${BASE}/tasks`)).text();
    expect(html).toContain('定时任务');
    expect(html).toContain('<option value="customer-status-sync">客户状态每日校准</option>');
    expect(html).toContain('<option value="failed">失败</option>');
    expect(html).toContain('/static/platform/tasks.js');
    const script = await SELF.fetch(`${BASE}/static/platform/tasks.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('/api/admin/tasks/history?');
  });
});

describe('the member pages', () => {
  it('/login is the one sign-in and the home, listing the member modules it can link to', async () => {
    const html = await (await SELF.fetch(`${BASE}/login`)).text();
    expect(html).toContain('id="signin-form"');
    expect(html).toContain('href="/api/auth/oauth/dingtalk/start"');
    expect(html).toContain('/static/member/member.js');
    expect(html).toContain('data-modules="[{&quot;module&quot;:&quot;crm&quot;');
  });

  it('frame every member page with the way to sign in, and name the company a subdomain gives', async () => {
    for (const path of ['/devices', '/account', '/company-invoices', '/crm/customers']) {
      const res = await SELF.fetch(`${BASE}${path}`);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain('id="member-signin"');
      expect(html, path).toContain('<script src="/static/member/member.js">');
    }
    const sub = await (await SELF.fetch('https://acme.keel.localhost/devices')).text();
    expect(sub).toContain('data-tenant="acme"');
    const prefixed = await (await SELF.fetch(`${BASE}/t/acme/company-invoices?lang=en`)).text();
    expect(prefixed).toContain('data-tenant="acme"');
    expect(prefixed).toContain('Company invoices');
  });

  it('serves the member scripts and stylesheet', async () => {
    for (const file of ['member.js', 'home.js', 'account.js', 'invoices.js', 'member.css']) {
      const res = await SELF.fetch(`${BASE}/static/member/${file}`);
      expect(res.status, file).toBe(200);
      await res.arrayBuffer();
    }
  });
});
