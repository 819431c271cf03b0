// The card fee pages in headless Chromium against the real worker under `wrangler dev`: a company
// administrator adds a rule and a card, imports a statement and watches the waiver progress bar move,
// and every page of the module passes axe.
import type { Page } from 'playwright-core';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeInBrowser, pressEnterToSignIn, secret } from './browser';
import { shanghaiDay as day } from './support';

const MEMBER = { username: 'cards-e2e-user', password: secret(12) };
const CODE = 'cards-e2e';

describeInBrowser('card fee pages', { tmpPrefix: 'keel-cards-e2e-' }, (suite) => {
  let page: Page;

  beforeAll(async () => {
    const company = await suite.asAdmin('POST', '/api/admin/companies', { code: CODE, name: 'Cards E2E' });
    const user = await suite.asAdmin('POST', '/api/admin/users', {
      ...MEMBER,
      email: `${MEMBER.username}@example.com`,
      name: 'Cards E2E user',
    });
    await suite.asAdmin('POST', `/api/admin/users/${user.id}/companies`, {
      companyId: company.id,
      role: 'admin',
    });
  });

  beforeEach(() => {
    ({ page } = suite);
  });

  const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const shows = (selector: string, text: string) =>
    page
      .locator(selector)
      .filter({ hasText: exactly(text) })
      .first()
      .waitFor({ timeout: 15_000 });
  const contains = (selector: string, text: string) =>
    page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 15_000 });

  /** Opens a page of the module signed out, and signs in through the member sign-in it leads to. */
  async function logIn(path: string) {
    await page.evaluate(() => sessionStorage.clear()).catch(() => {});
    await page.goto(`${suite.url}/t/${CODE}${path}`);
    await page.click('#member-signin-link');
    await page.fill('#signin-username', MEMBER.username);
    await page.fill('#signin-password', MEMBER.password);
    await pressEnterToSignIn(page, '#signin-password');
    // The sign-in leads back to the page it was opened from (waiting for a URL rather than for its load
    // event, which may have fired before the wait began).
    await page.waitForFunction((target) => location.href === target, `${suite.url}/t/${CODE}${path}`);
    await page.locator('#crm').waitFor({ state: 'visible' });
  }

  it('adds a rule and a card, imports a statement and sees the progress bar move to the waiver', async () => {
    await logIn('/cards/rules');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['客户', '信用卡年费', '设备与计费']);
    await page.locator('#rule-form').waitFor({ state: 'visible' });
    await page.fill('#rule-ruleName', '刷卡3次免年费');
    await page.selectOption('#rule-feeType', 'transaction_count');
    await page.fill('#rule-baseFeeFen', '300');
    await page.fill('#rule-waiverConditionValue', '3');
    await page.click('#rule-form button[type="submit"]');
    await shows('#rule-form .form-status', '已添加规则 刷卡3次免年费。');
    await contains('#rules-rows tr', '3 笔');

    await page.click('nav.tabs a[href$="/cards"]');
    await shows('#cards-rows td', '还没有卡片，请在右侧添加。');
    // A refused card says why, next to the field, and adds nothing.
    await page.fill('#add-issuer', '招商银行');
    await page.fill('#add-name', '经典白金卡');
    await page.fill('#add-last4', '12a4');
    await page.fill('#add-activationDate', day(-100));
    await page.click('#add-form button[type="submit"]');
    await page.locator('#add-last4-error').filter({ hasText: /\S/ }).waitFor();
    expect(await page.getAttribute('#add-last4', 'aria-invalid')).toBe('true');
    await page.fill('#add-last4', '1234');
    await page.click('#add-form button[type="submit"]');
    const row = page.locator('#cards-rows tr', { hasText: '经典白金卡' });
    await row.waitFor();
    expect(await row.locator('progress').getAttribute('value')).toBe('0');
    expect(await row.locator('.progress-text').textContent()).toBe('0/3 笔');
    expect(await row.locator('.badge').textContent()).toBe('待减免');

    await row.locator('a').click();
    await shows('#card-name', '招商银行 经典白金卡 ·1234');
    await shows('#current .progress-text', '0/3 笔');
    const statement = [
      '交易日期,交易金额,交易摘要',
      `${day(-20)},¥38.00,星巴克`,
      `${day(-5)} 19:30,128.50,晚餐`,
      `${day(-4)},-50,还款`,
    ].join('\n');
    await page.setInputFiles('#import-file', {
      name: 'statement.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(statement),
    });
    await page.click('#import-form button[type="submit"]');
    await shows('#import-form .form-status', '导入 2 笔，跳过已导入的 0 笔，1 行有问题。');
    await shows('#import-errors li', '第 4 行：不是消费（退款和还款不计入）');
    await shows('#current .progress-text', '2/3 笔');
    expect(await page.getAttribute('#current progress', 'value')).toBe('2');
    await expect.poll(() => page.locator('#transactions-rows tr').count()).toBe(2);

    // The same statement again changes nothing.
    await page.setInputFiles('#import-file', {
      name: 'statement.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(statement),
    });
    await page.click('#import-form button[type="submit"]');
    await shows('#import-form .form-status', '导入 0 笔，跳过已导入的 2 笔，1 行有问题。');

    // The third purchase meets the condition: the fee is waived at once.
    await page.fill('#tx-amountFen', '66');
    await page.fill('#tx-at', `${day(-1)}T12:00`);
    await page.click('#tx-form button[type="submit"]');
    await contains('#tx-form .form-status', '已自动减免');
    await shows('#current .progress-text', '3/3 笔');
    await shows('#current .badge', '已减免');
    await shows('#current p', '已满足减免条件');
    await shows('#records-rows .badge', '已减免');
    if (process.env.KEEL_SCREENSHOT)
      await page.screenshot({ path: `${process.env.KEEL_SCREENSHOT}-card.png`, fullPage: true });

    await page.click('nav.tabs a[href$="/cards"]');
    await shows('#cards-rows .progress-text', '3/3 笔');
    expect(await page.locator('#cards-rows progress').getAttribute('value')).toBe('3');
    if (process.env.KEEL_SCREENSHOT)
      await page.screenshot({ path: `${process.env.KEEL_SCREENSHOT}-list.png`, fullPage: true });
  });

  it('every card fee page passes axe, filled with data, in Chinese and English', async () => {
    await logIn('/cards');
    await page.locator('#cards-rows a').first().waitFor();
    const detail = await page.locator('#cards-rows a').first().getAttribute('href');
    for (const path of [
      '/cards',
      detail!.replace(`/t/${CODE}`, ''),
      '/cards/calendar',
      '/cards/rules',
      '/cards/statistics',
    ]) {
      for (const lang of ['zh', 'en']) {
        await page.goto(`${suite.url}/t/${CODE}${path}?lang=${lang}`);
        await page.locator('#crm').waitFor({ state: 'visible' });
        await page.waitForLoadState('networkidle');
        expect(await suite.axeViolations(), `${path} ${lang}`).toEqual([]);
      }
    }
    // The statistics chart and the calendar's subscription link, in English.
    await page.goto(`${suite.url}/t/${CODE}/cards/statistics?lang=en`);
    await page.locator('#stats-chart svg').waitFor();
    expect(await page.getAttribute('#stats-chart svg', 'aria-label')).toContain('Fees of');
    if (process.env.KEEL_SCREENSHOT)
      await page.screenshot({ path: `${process.env.KEEL_SCREENSHOT}-stats.png`, fullPage: true });
    await page.goto(`${suite.url}/t/${CODE}/cards/calendar?lang=en`);
    await shows('#feed-state', 'No subscription link yet.');
    await page.click('#feed-make');
    await page.locator('#feed-url-box').waitFor({ state: 'visible' });
    const url = await page.inputValue('#feed-url');
    expect(url).toMatch(/\/t\/cards-e2e\/api\/annual-fees\/calendar\/[a-z2-7]{52}\.ics$/);
    const ics = await fetch(url.replace(/^https?:\/\/[^/]+/, suite.url));
    expect(ics.status).toBe(200);
    expect(await ics.text()).toContain('BEGIN:VCALENDAR');
    expect(await suite.axeViolations()).toEqual([]);
  });
});
