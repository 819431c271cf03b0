// A company's batch cases page in headless Chromium against the real worker under `wrangler dev`: a
// member opens it from the home page, pages through a batch's cases with their ids, drafts a case summary
// from the package's AI credits, and is refused a demand letter with its cost and the credits left once
// the month's credits run short; uploads a file from the page and sees its progress and the row refused,
// or the allowance and the file refused; in Chinese and English, accessibly.
import { expect, it } from 'vitest';
import { residentId } from '../xlsx';
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
          `债务人${i},${residentId(i)},138001380${String(i).padStart(2, '0')},${1000 + i}.00,2026-03-01,`,
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

  it('uploads a batch from the page: its progress, the row refused, and the refusals said', async () => {
    const code = `upl${secret(3)}`;
    const { member, token } = await enterpriseMember(suite, { code, name: '上传公司' }, 'member');
    const { page } = suite;
    await memberSignIn(suite, page, member);
    await page.goto(`${suite.url}/t/${code}/legal-batches`);
    await page.locator('#batches-rows').filter({ hasText: '尚无批次。' }).waitFor();
    expect(await page.getAttribute('#batch-file', 'accept')).toBe('.csv,.xlsx');
    expect(await page.textContent('main')).not.toContain('API');
    await accessible(suite, page);
    const upload = async (name: string, content: string | Buffer, lang: 'zh' | 'en' = 'zh') => {
      await page
        .getByLabel(lang === 'en' ? 'File (CSV or XLSX)' : '文件（CSV 或 XLSX）')
        .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
      await page.getByRole('button', { name: lang === 'en' ? 'Upload and dispatch' : '上传并派单' }).click();
    };
    const batchFiles = async () =>
      (await suite.api('GET', `/t/${code}/api/legal/batches`, { token })).body.items.map(
        (b: { fileName: string }) => b.fileName,
      );

    const csv = [
      '债务人姓名,证件号码,联系电话,欠款金额,到期日,备注',
      '张三,110101199003070011,13800138000,12000.50,2026-03-01,货款',
      '李四,123,13800138000,800,2026-03-01,',
      '王五,11010119900307002X,13900139000,1000.00,2026-04-01,服务费',
    ].join('\n');
    await upload('page.csv', csv);
    await page
      .locator('#batch-form .form-status')
      .filter({ hasText: '已接收 2 笔案件，本月案件额度剩余 498 / 500 件；1 行有误。' })
      .waitFor();
    const refused = page.locator('#batch-errors-rows tr');
    await refused.filter({ hasText: '证件号码' }).waitFor();
    expect(await refused.count()).toBe(1);
    expect(await refused.first().locator('td').first().textContent()).toBe('3');
    await page
      .locator('#batch-progress-label')
      .filter({ hasText: '已派出 2 / 2' })
      .waitFor({ timeout: 20_000 });
    await page
      .locator('#batches-rows tr')
      .filter({ hasText: 'page.csv' })
      .filter({ hasText: '已派出 2 / 2' })
      .waitFor();
    const caseRows = page.locator('#batch-cases-rows tr');
    await expect.poll(() => caseRows.count()).toBe(2);
    expect(await caseRows.nth(1).textContent()).toContain('王五');
    await accessible(suite, page);

    // The batch is the company's: its API lists it.
    expect(await batchFiles()).toEqual(['page.csv']);

    // More rows than the month has left: 402 with the counts, nothing stored.
    const tooMany = [
      '债务人姓名,证件号码,联系电话,欠款金额,到期日,备注',
      ...Array.from({ length: 499 }, (_, i) => `债务人${i},110101199003070011,13800138000,100,2026-03-01,`),
    ].join('\n');
    await upload('big.csv', tooMany);
    const said = page.locator('#batch-form .form-status');
    await said.filter({ hasText: '本月案件额度不足' }).waitFor();
    expect(await said.textContent()).toContain('剩余 498 件，此文件有 499 件');
    expect(await said.getAttribute('data-kind')).toBe('error');
    expect(await batchFiles()).toEqual(['page.csv']);

    // A file that is neither CSV nor XLSX is refused in words, in English too, and not stored.
    await page.goto(`${suite.url}/t/${code}/legal-batches?lang=en`);
    await page.locator('#batches-rows tr').filter({ hasText: 'page.csv' }).waitFor();
    await upload('scan.csv', Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]), 'en');
    await said
      .filter({ hasText: 'The file cannot be read: upload a CSV in UTF-8 or an XLSX workbook.' })
      .waitFor();
    expect(await said.getAttribute('data-kind')).toBe('error');
    expect(await batchFiles()).toEqual(['page.csv']);
    await accessible(suite, page);
  });
});
