// A company's collection analytics page in headless Chromium against the real worker under `wrangler
// dev`: a member of a company with an enterprise package uploads a batch through the tenant API, then
// reads the analytics page in Chinese and English, with both charts and their tables, accessibly.
import { expect, it } from 'vitest';
import { residentId } from '../xlsx';
import { describeInBrowser, secret } from './browser';
import { enterpriseMember, memberSignIn, uploadBatch } from './legal-support';

describeInBrowser('enterprise analytics page', { tmpPrefix: 'keel-legal-analytics-e2e-' }, (suite) => {
  it("shows the company's figures beside the platform's, the trend and recovery charts, in both languages", async () => {
    const code = `ana${secret(3)}`;
    const { member, token } = await enterpriseMember(suite, { code, name: '数据分析公司' }, 'member');
    const csv = [
      '债务人姓名,证件号码,联系电话,欠款金额,到期日,备注',
      ...Array.from(
        { length: 3 },
        (_, i) => `债务人${i},${residentId(10 + i)},1380013800${i},1000.00,2026-03-01,`,
      ),
    ].join('\n');
    await uploadBatch(suite, code, token, csv);

    const { page } = suite;
    await memberSignIn(suite, page, member);
    await page.locator('#home-modules a', { hasText: '企业催收数据分析' }).click();
    await page.waitForURL(new RegExp(`/t/${code}/legal-analytics$`));

    const firstCell = page.locator('#analytics-metrics-rows tr').first().locator('td').first();
    await expect.poll(() => firstCell.textContent()).toBe('3');
    expect(await page.textContent('#analytics-package')).toContain('已用 3 / 500 件');
    expect(await page.textContent('#analytics-sla')).toContain('AI 额度 1000 个/月，本月剩余 1000 个');
    expect(await page.locator('#analytics-trend svg[role="img"] rect.own').count()).toBe(12);
    expect(await page.locator('#analytics-recovery svg rect.platform').count()).toBe(12);
    expect(await page.locator('#analytics-recovery table tbody tr').count()).toBe(12);
    expect(await page.textContent('#analytics-disclaimer')).toContain('不构成成功率承诺');
    expect(await page.locator('#analytics-advice li').count()).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    expect(await suite.axeViolations()).toEqual([]);

    await page.selectOption('#analytics-months', '3');
    await page.click('#analytics-form button[type="submit"]');
    await expect.poll(() => page.locator('#analytics-trend table tbody tr').count()).toBe(3);

    await page.goto(`${suite.url}/t/${code}/legal-analytics?lang=en`);
    await expect.poll(() => firstCell.textContent()).toBe('3');
    expect(await page.textContent('#analytics-title')).toBe('Enterprise collection analytics');
    expect(await page.textContent('#analytics-package')).toContain('3 of 500 cases used');
    expect(await page.textContent('#analytics-sla')).toContain(
      '1000 AI credits a month included, 1000 left this month',
    );
    await page.waitForLoadState('networkidle');
    expect(await suite.axeViolations()).toEqual([]);
  });
});
