// The harness of the browser suites: the real worker under `wrangler dev` on a fresh store with fresh
// secrets, Debian's chromium through playwright-core, a browser context per test that may reach the
// worker only and records page errors, and axe-core served from the worker's own origin.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect } from 'vitest';
import { startServer } from '../../tools/server.mjs';
import { client } from './support';

declare global {
  interface Window {
    axe: { run: () => Promise<AxeResults> };
  }
}

export const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
/** Without chromium a suite is skipped, saying why; with CI set it runs instead, and fails. */
const skip = !haveChromium && !process.env.CI;

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_PATH = '/__e2e__/axe.min.js';
const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export const secret = (bytes: number) => randomBytes(bytes).toString('hex');

export interface BrowserSuiteOptions {
  /** Prefix of the temporary directory the worker persists to. */
  tmpPrefix: string;
  /** Worker variables besides the fresh secrets (and over `LOG_LEVEL: 'warn'`); asked for just before the start. */
  vars?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Runs once the browser and the worker have stopped. */
  afterStop?: () => Promise<void>;
}

export interface BrowserSuite {
  /** The worker's address. */
  readonly url: string;
  /** The platform administrator the worker runs with (a fresh password per suite). */
  readonly admin: { username: string; password: string };
  /** The running test's page, in a context of its own. */
  readonly page: Page;
  /** Another page, in another context of the running test (same rules, closed with it). */
  newPage(): Promise<Page>;
  /** The API client of `support.ts` against the worker. */
  api: ReturnType<typeof client>;
  /** A platform admin token, from the API (one login per suite). */
  adminToken(): Promise<string>;
  /** An API call as the platform admin: the body of a 2xx answer; any other status throws. */
  asAdmin(method: string, path: string, body?: unknown): Promise<any>;
  /** Logs in to the console as the platform admin with the mouse, on `page` (the test's page by default). */
  logInAsAdmin(page?: Page): Promise<void>;
  /** axe-core's results for what `page` (the test's page by default) shows. */
  axe(page?: Page): Promise<AxeResults>;
  /** axe-core's violations on `page`, one `id: targets` line each. */
  axeViolations(page?: Page): Promise<string[]>;
}

/**
 * A `describe` block that runs against the worker in chromium. Every test gets a fresh context and page
 * (`suite.page`); a page error or a request to anywhere but the worker fails the test.
 */
export function describeInBrowser(
  title: string,
  options: BrowserSuiteOptions,
  body: (suite: BrowserSuite) => void,
) {
  if (skip) console.warn(`[e2e] skipping the ${title}: ${CHROMIUM} not found (apt-get install -y chromium)`);
  describe.skipIf(skip)(skip ? `${title} (skipped: no ${CHROMIUM})` : title, () => {
    const admin = { username: 'admin', password: secret(12) };
    let server: Awaited<ReturnType<typeof startServer>> | undefined;
    let browser: Browser | undefined;
    let persistTo: string | undefined;
    let contexts: BrowserContext[] = [];
    let page: Page | undefined;
    let pageErrors: string[] = [];
    let token: Promise<string> | undefined;

    const url = () => {
      if (!server) throw new Error('the worker is not running');
      return server.url;
    };
    const api = client(url);

    async function newPage(): Promise<Page> {
      if (!browser) throw new Error('the browser is not running');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      const opened = await context.newPage();
      opened.on('pageerror', (err) => pageErrors.push(String(err)));
      // Nothing may load from anywhere but the worker itself.
      await context.route(
        (address) => !address.href.startsWith(url()),
        (route) => {
          pageErrors.push(`external request: ${route.request().url()}`);
          return route.abort();
        },
      );
      // The pages' CSP allows scripts from their own origin only, so axe is served from there.
      await context.route(`${url()}${AXE_PATH}`, (route) =>
        route.fulfill({ body: AXE_SOURCE, contentType: 'text/javascript' }),
      );
      return opened;
    }

    const current = () => {
      if (!page) throw new Error('no test is running');
      return page;
    };

    const suite: BrowserSuite = {
      get url() {
        return url();
      },
      admin,
      get page() {
        return current();
      },
      newPage,
      api,
      adminToken() {
        token ??= api('POST', '/api/admin/login', { body: admin }).then((res) => {
          if (res.status !== 200) throw new Error(`admin login: ${res.status} ${JSON.stringify(res.body)}`);
          return res.body.token as string;
        });
        return token;
      },
      async asAdmin(method, path, body) {
        const res = await api(method, path, { token: await suite.adminToken(), body });
        if (res.status < 200 || res.status > 299)
          throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
        return res.body;
      },
      async logInAsAdmin(on = current()) {
        await on.goto(url());
        await on.fill('#login-username', admin.username);
        await on.fill('#login-password', admin.password);
        await on.click('#login-form button[type="submit"]');
        await on.locator('#companies-view').waitFor({ state: 'visible' });
      },
      async axe(on = current()) {
        await on.addScriptTag({ url: AXE_PATH });
        return on.evaluate(() => window.axe.run());
      },
      async axeViolations(on = current()) {
        const results = await suite.axe(on);
        return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      },
    };

    beforeAll(async () => {
      if (!haveChromium)
        throw new Error(`${CHROMIUM} is missing; install it with: apt-get install -y chromium`);
      persistTo = mkdtempSync(join(tmpdir(), options.tmpPrefix));
      const vars = (await options.vars?.()) ?? {};
      server = await startServer({
        persistTo,
        vars: {
          AUTH_SECRET: secret(16),
          SUPERADMIN_PASSWORD: admin.password,
          SERVICE_TOKEN: secret(16),
          LOG_LEVEL: 'warn',
          ...vars,
        },
      });
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
    });

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      if (persistTo) rmSync(persistTo, { recursive: true, force: true });
      await options.afterStop?.();
    });

    beforeEach(async () => {
      pageErrors = [];
      contexts = [];
      page = await newPage();
    });

    afterEach(async () => {
      for (const context of contexts) await context.close();
      page = undefined;
      expect(pageErrors).toEqual([]);
    });

    body(suite);
  });
}

/**
 * Presses Enter in a sign-in field once its form is ready: a secret form keeps its button disabled until
 * its script takes it over, and Enter before then submits nothing (by design: never natively).
 */
export async function pressEnterToSignIn(page: Page, field: string) {
  await page.locator(`form:has(${field}) button[type="submit"]:enabled`).waitFor();
  await page.press(field, 'Enter');
}
