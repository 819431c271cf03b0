import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../tools/server.mjs';
import { describeInBrowser, pressEnterToSignIn, secret } from './browser';

const PROMTOOL = '/usr/bin/promtool';
const password = `pw-${crypto.randomUUID()}`;
let server: { url: string; stop: () => Promise<void> };

beforeAll(async () => {
  server = await startServer({
    persistTo: mkdtempSync(join(tmpdir(), 'keel-standards-')),
    vars: {
      AUTH_SECRET: crypto.randomUUID() + crypto.randomUUID(),
      SUPERADMIN_PASSWORD: password,
      SERVICE_TOKEN: 'st',
      LOG_LEVEL: 'warn',
    },
  });
});
afterAll(() => server?.stop());

describe('standards', () => {
  it("passes Redocly's recommended rules (redocly.yaml) without an error or a warning", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keel-redocly-')), 'openapi.json');
    writeFileSync(file, await (await fetch(`${server.url}/openapi.json`)).text());
    const lint = spawnSync(
      process.execPath,
      [
        'node_modules/@redocly/cli/bin/cli.js',
        'lint',
        file,
        '--config',
        'redocly.yaml',
        '--format',
        'summary',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    const report = lint.stdout + lint.stderr;
    expect(lint.status, report).toBe(0);
    expect(report).not.toMatch(/^(error|warning)\s/m);
    expect(report).toContain('valid');
  });

  it('takes the client address from the socket under wrangler dev, never from X-Forwarded-For', async () => {
    const login = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.99' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const admins = (await (
      await fetch(`${server.url}/api/admin/admins`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { items: Array<{ username: string; lastLoginIp: string | null }> };
    // wrangler dev's proxy and workerd's entry set CF-Connecting-IP from the peer address of the socket.
    expect(admins.items.find((a) => a.username === 'admin')?.lastLoginIp).toBe('127.0.0.1');
  });

  it('serves a valid OpenAPI 3.1 document naming every foundation path', async () => {
    const doc = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    for (const path of [
      '/api/admin/login',
      '/api/admin/companies',
      '/api/admin/companies/{id}',
      '/api/admin/users',
      '/api/admin/users/{id}',
      '/api/admin/users/{id}/companies',
      '/api/admin/users/{id}/companies/{companyId}',
      '/api/auth/login',
      '/api/users/companies',
      '/api/users/switch-company',
      '/api/tenant',
      '/api/tenant/settings',
      '/api/admin/tasks',
      '/api/admin/tasks/{name}/run',
      '/api/admin/tasks/history',
      '/api/annual-fees/rules',
      '/api/annual-fees/rules/{id}',
      '/api/cards',
      '/api/cards/{id}',
      '/api/cards/{id}/points',
      '/api/cards/{id}/transactions',
      '/api/cards/{id}/transactions/import',
      '/api/annual-fees/records/auto',
      '/api/annual-fees/records/batch',
      '/api/annual-fees/records',
      '/api/annual-fees/records/{id}',
      '/api/annual-fees/waiver-check/{cardId}/{feeYear}',
      '/api/annual-fees/waiver-check/{cardId}/{feeYear}/redeem-points',
      '/api/annual-fees/waiver-check/user/{userId}',
      '/api/annual-fees/statistics/{userId}',
      '/api/annual-fees/calendar.ics',
      '/api/annual-fees/calendar/{feed}',
      '/api/annual-fees/calendar-feed',
      // Legal marketplace and payment orders (API.md).
      '/api/legal/auth/register',
      '/api/legal/auth/verify-email',
      '/api/legal/auth/identity',
      '/api/legal/auth/login',
      '/api/legal/demo/lawyer',
      '/api/legal/demo/user',
      '/api/admin/lawyer-certifications',
      '/api/admin/lawyer-certifications/{id}/approve',
      '/api/admin/lawyer-certifications/{id}/reject',
      '/api/admin/lawyer-certifications/{id}/file',
      '/api/legal/lawyers/me',
      '/api/legal/lawyers/me/points',
      '/api/legal/lawyers/me/membership',
      '/api/legal/lawyers/me/cases',
      '/api/legal/cases/{id}/accept',
      '/api/legal/cases/{id}/decline',
      '/api/legal/cases/{id}/complete',
      '/api/legal/cases/{id}/review',
      '/api/legal/cases/{id}/complaint',
      '/api/legal/lawyers/me/heartbeat',
      '/api/legal/lawyers/me/documents',
      '/api/legal/lawyers/me/credits',
      '/api/legal/lawyers/me/api-keys',
      '/api/legal/lawyers/me/api-keys/{id}/revoke',
      '/api/legal/lawyers/me/report-header',
      '/api/legal/lawyers/me/referral',
      '/api/legal/tasks',
      '/api/legal/users/me/credits',
      '/api/legal/users/me/credits/purchase',
      '/api/legal/batches',
      '/api/legal/batches/{id}',
      '/api/legal/enterprise/packages',
      '/api/legal/enterprise/package',
      '/api/legal/cases/{id}/recovery',
      '/api/legal/cases/{id}/recovery/contacts',
      '/api/legal/cases/{id}/recovery/payments',
      '/api/admin/legal/notices',
      '/api/payments/{id}',
      '/api/payments/{id}/confirm',
    ]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it('serves Swagger UI from local assets', async () => {
    const page = await (await fetch(`${server.url}/docs`)).text();
    expect(page).not.toMatch(/<script>/);
    expect(page).toContain('<script src="/static/docs/start.js">');
    expect(await (await fetch(`${server.url}/static/docs/start.js`)).text()).toContain(
      "url: '/openapi.json'",
    );
    const bundle = await fetch(`${server.url}/docs/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it.skipIf(!existsSync(PROMTOOL) && !process.env.CI)('exposes /metrics that promtool accepts', async () => {
    expect(existsSync(PROMTOOL), 'promtool missing: apt-get install -y prometheus').toBe(true);
    const login = await fetch(`${server.url}/api/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    await fetch(`${server.url}/no/such/route?x="quoted"`);
    const res = await fetch(`${server.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(
      /keel_http_requests_total\{method="POST",route="\/api\/admin\/login",status="200"\} \d+/,
    );
    expect(text).toContain(
      'keel_http_request_duration_seconds_bucket{method="POST",route="/api/admin/login",le="+Inf"}',
    );
    const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(check.stderr + check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});

describeInBrowser(
  'accessibility of the member and administrator pages',
  { tmpPrefix: 'keel-standards-axe-' },
  (suite) => {
    /** Opens each path in both languages once its first requests have settled; axe finds nothing. */
    async function accessible(paths: string[]) {
      const { page } = suite;
      for (const lang of ['zh', 'en']) {
        for (const path of paths) {
          await page.goto(`${suite.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          await page.waitForLoadState('networkidle');
          expect(await suite.axeViolations(), `${path} (${lang})`).toEqual([]);
        }
      }
    }

    it('signed out, signed in as a company member, and as the platform administrator', async () => {
      const code = `axe${secret(3)}`;
      const company = await suite.asAdmin('POST', '/api/admin/companies', {
        code,
        name: '无障碍检查',
        plan: 'professional',
      });
      const member = { username: `axe${secret(4)}`, password: `pw-${secret(8)}` };
      const user = await suite.asAdmin('POST', '/api/admin/users', {
        ...member,
        email: `${member.username}@example.com`,
        name: 'Axe',
      });
      await suite.asAdmin('POST', `/api/admin/users/${user.id}/companies`, {
        companyId: company.id,
        role: 'admin',
      });
      const memberPages = [
        '/login',
        '/account',
        '/company-invoices',
        '/devices',
        `/t/${code}/crm/customers`,
        `/t/${code}/legal-analytics`,
        `/t/${code}/legal-batches`,
      ];
      await accessible([...memberPages, '/no/such/page']);

      const { page } = suite;
      await page.goto(`${suite.url}/login`);
      await page.fill('#signin-username', member.username);
      await page.fill('#signin-password', member.password);
      await pressEnterToSignIn(page, '#signin-password');
      await page.locator('#home-view').waitFor({ state: 'visible' });
      await accessible(memberPages);

      await page.evaluate(() => sessionStorage.clear());
      await suite.logInAsAdmin();
      await accessible(['/tasks', '/logs', '/dashboard', `/company?id=${company.id}`]);
    });
  },
);
