// A company's batch cases page in headless Chromium against the real worker under `wrangler dev`: a
// member opens it from the home page, pages through a batch's cases with their ids, drafts a case summary
// from the package's AI credits, and is refused a demand letter with its cost and the credits left once
// the month's credits run short; in Chinese and English, accessibly.
import { expect, it } from 'vitest';
import { describeInBrowser, secret } from './browser';
import { accessible, enterpriseMember, memberSignIn, uploadBatch } from './legal-support';

describeInBrowser('company batch cases page', { tmpPrefix: 'keel-legal-company-batches-e2e-' }, (suite) => {
  it('lists a batch’s cases a page at a time and drafts for one, or says why not', async () => {
    const code = `bat${secret(3)}`;
    const { member, token } = await enterpriseMember(suite, { code, name: '批量催收公司' }, 'member');
    const csv = [
      '债务人姓名,证件号码,联系电话,欠款金额,到期日,备注',
      ...Array.from(
        { length: 25 },
        (_, i) =>
          `债务人${i},1101011990030700${String(i).padStart(2, '0')},138001380${String(i).padStart(2, '0')},${1000 + i}.00,2026-03-01,`,
      ),
    ].join('\n');
    const batchId = await uploadBatch(suite, code, token, csv);
    const api = (method: string, path: string, body?: unknown) =>
      suite.api(method, `/t/${code}${path}`, { token, body });
    const listed = (await api('GET', `/api/legal/batches/${batchId}/cases?pageSize=100`)).body.items;
    expect(listed).toHaveLength(25);

    const { page } = suite;
    await memberSignIn(suite, page, member);
    await page.locator('#home-modules a', { hasText: '企业批量催收案件' }).click();
    await page.waitForURL(new RegExp(`/t/${code}/legal-batches$`));
    await page.locator('#company-credits').filter({ hasText: '剩余 1000 / 1000 个' }).waitFor();

    await page.locator('#batches-rows').getByRole('button', { name: '查看 debts.csv' }).click();
    const caseRows = page.locator('#batch-cases-rows tr');
    await expect.poll(() => caseRows.count()).toBe(20);
    expect(await page.textContent('#batch-cases-summary')).toBe('共 25 件 · 第 1 / 2 页');
    expect(await caseRows.first().locator('code').textContent()).toBe(listed[0].id);
    await page.click('#batch-cases-next');
    await page.locator('#batch-cases-summary').filter({ hasText: '第 2 / 2 页' }).waitFor();
    expect(await caseRows.count()).toBe(5);
    expect(await caseRows.last().locator('code').textContent()).toBe(listed[24].id);
    await page.click('#batch-cases-prev');
    await page.locator('#batch-cases-summary').filter({ hasText: '第 1 / 2 页' }).waitFor();
    await accessible(suite, page);

    // A case summary for the third case: the document, what it cost and what is left.
    await page.getByRole('button', { name: '案件摘要：第 4 行（债务人2）' }).click();
    await page
      .locator('#batch-cases-status')
      .filter({ hasText: '花费 1 个 AI 额度，本月剩余 999 / 1000 个' })
      .waitFor();
    expect(await page.locator('#batch-draft').isVisible()).toBe(true);
    expect(await page.textContent('#batch-draft-text')).toContain('债务人2');
    await page.locator('#company-credits').filter({ hasText: '剩余 999 / 1000 个' }).waitFor();

    // The month's credits spent down to one (through the API), a demand letter (2) is refused with both counts.
    const letters = Array.from({ length: 499 }, (_, i) => listed[i % 25].id as string);
    for (let i = 0; i < letters.length; i += 25) {
      const answers = await Promise.all(
        letters
          .slice(i, i + 25)
          .map((caseId) => api('POST', '/api/legal/enterprise/documents', { caseId, kind: 'demand_letter' })),
      );
      for (const answer of answers) expect(answer.status).toBe(200);
    }
    const before = await page.textContent('#batch-draft-text');
    await page.getByRole('button', { name: '催款函：第 2 行（债务人0）' }).click();
    await page
      .locator('#batch-cases-status')
      .filter({ hasText: 'AI 额度不足：此文书需 2 个，本月仅剩 1 个' })
      .waitFor();
    expect(await page.getAttribute('#batch-cases-status', 'data-kind')).toBe('error');
    expect(await page.textContent('#batch-draft-text')).toBe(before);
    await page.locator('#company-credits').filter({ hasText: '剩余 1 / 1000 个' }).waitFor();
    await accessible(suite, page);

    await page.goto(`${suite.url}/t/${code}/legal-batches?lang=en`);
    expect(await page.textContent('#company-batches-title')).toBe('Enterprise batch cases');
    await page.locator('#company-credits').filter({ hasText: '1 of 1000 left' }).waitFor();
    await page.locator('#batches-rows').getByRole('button', { name: 'Show debts.csv' }).click();
    await page.locator('#batch-cases-summary').filter({ hasText: '25 cases · page 1 of 2' }).waitFor();
    await page.getByRole('button', { name: 'Demand letter for row 3 (债务人1)' }).click();
    await page
      .locator('#batch-cases-status')
      .filter({ hasText: 'Not enough AI credits: this document costs 2, only 1 left this month' })
      .waitFor();
    await page.getByRole('button', { name: 'Case summary for row 3 (债务人1)' }).click();
    await page
      .locator('#batch-cases-status')
      .filter({ hasText: 'Case summary drafted: 1 AI credits spent, 0 of 1000 left this month.' })
      .waitFor();
    expect(await page.textContent('#batch-draft-text')).toContain('债务人1');
    await accessible(suite, page);
  });
});
