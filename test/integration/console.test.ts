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
