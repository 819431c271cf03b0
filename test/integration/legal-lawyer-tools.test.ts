import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PracticeArea } from '../../schema/dto/legal-catalog';
import { adminToken, call } from '../helpers';
import {
  acceptedCaseOf,
  buyMembership,
  certifiedLawyer,
  lawyerCases,
  lawyerStub,
  ledgerOf,
  marketplaceUser,
  me,
  paidTask,
} from '../legal-helpers';

let admin: string;
let client: Awaited<ReturnType<typeof marketplaceUser>>;
beforeAll(async () => {
  admin = await adminToken();
  client = await marketplaceUser(admin);
});

const lawyerIn = (area: PracticeArea) => certifiedLawyer(admin, { practiceAreas: [area] });
const ledger = ledgerOf;
const buy = buyMembership;
const acceptedCase = (token: string, area: PracticeArea, amountFen?: number, caseType?: string) =>
  acceptedCaseOf(client.token, token, area, amountFen, caseType);

describe('what the membership opens (D4)', { timeout: 30_000 }, () => {
  it('the workspace lists the case types and features taken, and what each upgrade would open', async () => {
    const lawyer = await lawyerIn('labor');
    const free = await me(lawyer.token);
    expect(free.access.caseTypes).toEqual([
      'consultation',
      'lawyer_letter',
      'debt_collection',
      'contract_review',
    ]);
    expect(free.access.features).toEqual([]);
    expect(free.access.upgrade.map((u: any) => [u.plan, u.caseTypes, u.features])).toEqual([
      ['professional', ['litigation'], ['dataAnalysis']],
      [
        'enterprise',
        ['litigation', 'enterprise_counsel'],
        ['dataAnalysis', 'apiAccess', 'whiteLabel', 'enterpriseCases'],
      ],
    ]);
    // A litigation case waits in the pool until the lawyer's membership takes it.
    const caseId = await paidTask(client.token, {
      caseType: 'litigation',
      practiceArea: 'labor',
      amountFen: 1_000_00,
    });
    expect(await lawyerCases(lawyer.token)).toEqual([]);
    await buy(lawyer.token, 'professional');
    expect((await lawyerCases(lawyer.token, 'offered')).map((c) => c.caseId)).toEqual([caseId]);
    const pro = await me(lawyer.token);
    expect(pro.access.features).toEqual(['dataAnalysis']);
    expect(pro.access.upgrade.map((u: any) => u.plan)).toEqual(['enterprise']);
  });
});

describe('API keys and white-label (enterprise)', { timeout: 30_000 }, () => {
  it('are refused below enterprise, naming the feature and the membership it needs', async () => {
    const lawyer = await lawyerIn('labor');
    const key = await call('POST', '/api/legal/lawyers/me/api-keys', {
      token: lawyer.token,
      body: { name: 'crm' },
    });
    expect(key.status).toBe(403);
    expect(key.body.error).toMatchObject({
      code: 'NOT_IN_MEMBERSHIP',
      details: { feature: 'apiAccess', needs: 'enterprise' },
    });
    await buy(lawyer.token, 'professional');
    const header = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: { reportHeader: 'Acme Legal' },
    });
    expect(header.status).toBe(403);
    expect(header.body.error).toMatchObject({
      code: 'NOT_IN_MEMBERSHIP',
      details: { feature: 'whiteLabel' },
    });
    expect((await me(lawyer.token)).reportHeader).toBeNull();
  });

  it('an enterprise lawyer’s key is shown once, works on their own routes only, and stops when revoked', async () => {
    const lawyer = await lawyerIn('ip');
    await buy(lawyer.token, 'enterprise');
    const bad = await call('POST', '/api/legal/lawyers/me/api-keys', {
      token: lawyer.token,
      body: { name: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.name');

    const created = await call('POST', '/api/legal/lawyers/me/api-keys', {
      token: lawyer.token,
      body: { name: 'firm crm', expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect(created.body).toMatchObject({ name: 'firm crm', revokedAt: null, lastUsedAt: null });
    const listed = await call('GET', '/api/legal/lawyers/me/api-keys', { token: lawyer.token });
    expect(listed.body.items).toHaveLength(1);
    expect(listed.text).not.toContain(key);
    // Stored as a hash only.
    const stored = await runInDurableObject(lawyerStub(lawyer.userId), (_a, state) =>
      state.storage.sql.exec('SELECT key_hash FROM lawyer_api_keys').toArray(),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]!.key_hash).not.toBe(key);
    expect(String(stored[0]!.key_hash)).toMatch(/^[0-9a-f]{64}$/);

    const viaKey = await call('GET', '/api/legal/lawyers/me', { token: key });
    expect(viaKey.status).toBe(200);
    expect(viaKey.body.userId).toBe(lawyer.userId);
    const { caseId } = await acceptedCase(lawyer.token, 'ip');
    const drafted = await call('POST', '/api/legal/lawyers/me/documents', {
      token: key,
      body: { caseId, template: 'case_summary' },
    });
    expect(drafted.status).toBe(200);
    // Not the settings, and not the rest of the marketplace.
    for (const [method, path, body] of [
      ['POST', '/api/legal/lawyers/me/api-keys', { name: 'another' }],
      ['GET', '/api/legal/lawyers/me/api-keys', undefined],
      ['PUT', '/api/legal/lawyers/me/report-header', { reportHeader: 'x' }],
      ['POST', '/api/legal/lawyers/me/heartbeat', undefined],
      ['GET', '/api/legal/tasks', undefined],
    ] as const) {
      const res = await call(method, path, { token: key, body });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('API_KEY_NOT_ALLOWED');
    }
    expect(
      (await call('GET', '/api/legal/lawyers/me/api-keys', { token: lawyer.token })).body.items[0].lastUsedAt,
    ).not.toBeNull();

    // Another lawyer sees none of these keys and cannot revoke them.
    const other = await lawyerIn('ip');
    expect((await call('GET', '/api/legal/lawyers/me/api-keys', { token: other.token })).body.items).toEqual(
      [],
    );
    const foreign = await call('POST', `/api/legal/lawyers/me/api-keys/${created.body.id}/revoke`, {
      token: other.token,
    });
    expect(foreign.status).toBe(404);

    const revoked = await call('POST', `/api/legal/lawyers/me/api-keys/${created.body.id}/revoke`, {
      token: lawyer.token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await call('GET', '/api/legal/lawyers/me', { token: key });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('API_KEY_INVALID');
  });

  it('the white-label header heads the lawyer’s documents', async () => {
    const lawyer = await lawyerIn('family');
    await buy(lawyer.token, 'enterprise');
    const set = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: { reportHeader: 'Acme Legal Partners' },
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ reportHeader: 'Acme Legal Partners', effective: 'Acme Legal Partners' });
    expect((await me(lawyer.token)).reportHeader).toBe('Acme Legal Partners');
    const { caseId } = await acceptedCase(lawyer.token, 'family');
    const doc = await call('POST', '/api/legal/lawyers/me/documents', {
      token: lawyer.token,
      body: { caseId, template: 'demand_letter' },
    });
    expect(doc.body.document.header).toBe('Acme Legal Partners');
    expect(doc.body.document.body).toContain('Acme Legal Partners');
    const cleared = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: { reportHeader: null },
    });
    expect(cleared.body).toEqual({ reportHeader: null, effective: 'Jinghua Law Firm' });
    const missing = await call('PUT', '/api/legal/lawyers/me/report-header', {
      token: lawyer.token,
      body: {},
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.fields[0].path).toBe('body.reportHeader');
  });
});

describe('the document helper spends AI credits (D4, D6 ai_credit_used)', { timeout: 30_000 }, () => {
  it('drafts from the lawyer’s case, costs credits, records both ledgers, and refuses with 402 when none are left', async () => {
    const lawyer = await lawyerIn('contract');
    const { caseId } = await acceptedCase(lawyer.token, 'contract');
    const before = await me(lawyer.token);
    expect(before.aiCredits).toMatchObject({ allowance: 20, used: 0, remaining: 20 });

    const first = await call('POST', '/api/legal/lawyers/me/documents', {
      token: lawyer.token,
      body: { caseId, template: 'demand_letter' },
    });
    expect(first.status).toBe(200);
    expect(first.body.credits).toEqual({ cost: 2, used: 2, allowance: 20, remaining: 18 });
    expect(first.body.document.body).toContain(caseId);
    expect(first.body.document.header).toBe('Jinghua Law Firm');
    expect(first.body.points).toEqual([
      expect.objectContaining({ action: 'ai_credit_used', base: 6, multiplier: 1, result: 6, caseId }),
    ]);
    for (let i = 0; i < 9; i++) {
      const more = await call('POST', '/api/legal/lawyers/me/documents', {
        token: lawyer.token,
        body: { caseId, template: 'demand_letter' },
      });
      expect(more.status).toBe(200);
    }
    const refused = await call('POST', '/api/legal/lawyers/me/documents', {
      token: lawyer.token,
      body: { caseId, template: 'case_summary' },
    });
    expect(refused.status).toBe(402);
    expect(refused.body.error).toMatchObject({
      code: 'AI_CREDITS_EXHAUSTED',
      details: { cost: 1, remaining: 0 },
    });

    const after = await me(lawyer.token);
    expect(after.aiCredits).toMatchObject({ used: 20, remaining: 0 });
    const credits = await call('GET', '/api/legal/lawyers/me/credits?pageSize=50', { token: lawyer.token });
    expect(credits.body.total).toBe(10);
    expect(credits.body.items[0]).toMatchObject({
      credits: 2,
      usedAfter: 20,
      purpose: 'demand_letter',
      caseId,
    });
    const used = (await ledger(lawyer.token)).filter((e) => e.action === 'ai_credit_used');
    expect(used).toHaveLength(10);
    expect(after.points - before.points).toBe(60);
  });

  it('refuses bad input by field, another lawyer’s case, and the demo workspace', async () => {
    const owner = await lawyerIn('real_estate');
    const { caseId } = await acceptedCase(owner.token, 'real_estate');
    const other = await lawyerIn('real_estate');
    const foreign = await call('POST', '/api/legal/lawyers/me/documents', {
      token: other.token,
      body: { caseId, template: 'demand_letter' },
    });
    expect(foreign.status).toBe(404);
    const bad = await call('POST', '/api/legal/lawyers/me/documents', {
      token: owner.token,
      body: { caseId, template: 'poem' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].path).toBe('body.template');
    expect((await me(owner.token)).aiCredits.used).toBe(0);

    const demo = (await call('GET', '/api/legal/demo/lawyer')).body.accessToken;
    for (const [method, path, body] of [
      ['POST', '/api/legal/lawyers/me/documents', { caseId: 'demo-case-006', template: 'case_summary' }],
      ['POST', '/api/legal/lawyers/me/heartbeat', undefined],
      ['POST', '/api/legal/lawyers/me/api-keys', { name: 'x' }],
      ['PUT', '/api/legal/lawyers/me/report-header', { reportHeader: 'x' }],
      ['POST', '/api/legal/lawyers/me/referral', { code: owner.userId }],
    ] as const) {
      const res = await call(method, path, { token: demo, body });
      expect(res.status, path).toBe(403);
      expect(res.body.error.code, path).toBe('DEMO_READ_ONLY');
    }
  });
});
