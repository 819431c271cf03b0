import { runInDurableObject } from 'cloudflare:test';
import { asc } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LegalClientActor } from '../../durable-objects/legal/client/client-actor';
import { batchCases } from '../../schema/legal-client';
import { legalCompany, setPackage, uploadDebts } from '../enterprise-helpers';
import { adminToken, call, grant, newUser, userToken } from '../helpers';
import { debtCsv } from '../xlsx';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

const casesOf = (token: string, code: string, batchId: string, query = '') =>
  call('GET', `/t/${code}/api/legal/batches/${batchId}/cases${query}`, { token });

describe("a company's batch cases, listed for its members (issue 21)", () => {
  it('pages through the cases in file order, each with the id a draft names', async () => {
    const company = await legalCompany(admin);
    await setPackage(admin, company.id, 'basic_enterprise');
    const uploaded = await uploadDebts(
      company.token,
      company.code,
      debtCsv(5, (i) => i === 1),
    );
    expect(uploaded.status).toBe(201);
    const member = await newUser(admin, 'collector');
    await grant(admin, member.id, company.id, { role: 'member' });
    const token = await userToken(member.username);

    const stored = await runInDurableObject(company.stub, (actor: LegalClientActor) =>
      actor.db.select().from(batchCases).orderBy(asc(batchCases.line)).all(),
    );
    expect(stored).toHaveLength(4);
    const seen: any[] = [];
    for (const page of [1, 2, 3]) {
      const res = await casesOf(token, company.code, uploaded.body.batchId, `?page=${page}&pageSize=2`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ total: stored.length, page, pageSize: 2 });
      expect(res.body.items.length).toBe(Math.max(0, Math.min(2, stored.length - (page - 1) * 2)));
      seen.push(...res.body.items);
    }
    expect(seen.map((c) => c.id)).toEqual(stored.map((c) => c.id));
    expect(seen.map((c) => c.line)).toEqual(stored.map((c) => c.line));
    for (const [i, kase] of seen.entries()) {
      expect(kase).toMatchObject({
        debtorName: stored[i]!.debtorName,
        amountFen: stored[i]!.amountFen,
        dueDate: stored[i]!.dueDate,
        status: stored[i]!.status,
        recoveredFen: 0,
        slaBreachedAt: null,
      });
      expect(kase.summary).toContain(stored[i]!.debtorName);
    }
    // The default page holds them all; the id listed is the one a draft takes.
    const all = await casesOf(token, company.code, uploaded.body.batchId);
    expect(all.body.items).toHaveLength(stored.length);
    const draft = await call('POST', `/t/${company.code}/api/legal/enterprise/documents`, {
      token,
      body: { caseId: all.body.items[2].id, kind: 'case_summary' },
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.document.body).toContain(stored[2]!.debtorName);
  });

  it("refuses another company's batch and bad paging, naming the field", async () => {
    const company = await legalCompany(admin);
    await setPackage(admin, company.id, 'basic_enterprise');
    const uploaded = await uploadDebts(company.token, company.code, debtCsv(2));
    const batchId = uploaded.body.batchId;
    const other = await legalCompany(admin);

    // Through the company's prefix: not a member of it.
    const foreign = await casesOf(other.token, company.code, batchId);
    expect(foreign.status).toBe(403);
    // Through its own prefix: the batch is not one of its own.
    const elsewhere = await casesOf(other.token, other.code, batchId);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.error.code).toBe('BATCH_NOT_FOUND');
    const unknown = await casesOf(company.token, company.code, 'batch_missing');
    expect(unknown.status).toBe(404);

    for (const [query, path] of [
      ['?page=0', 'query.page'],
      ['?page=two', 'query.page'],
      ['?pageSize=0', 'query.pageSize'],
      ['?pageSize=201', 'query.pageSize'],
    ] as const) {
      const bad = await casesOf(company.token, company.code, batchId, query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.details.fields[0].path, query).toBe(path);
    }
  });
});
