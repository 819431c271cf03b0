import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import type { LegalClientActor } from '../durable-objects/legal/client/client-actor';
import { enterpriseClientId } from '../durable-objects/legal/client/enterprise';
import { batchCases } from '../schema/legal-client';
import { call } from './helpers';
import { certifiedLawyer, clientStub, followClient, lawyerCases, send } from './legal-helpers';
import { companyWithAdmin, newPlan } from './platform-helpers';
import { debtCsv } from './xlsx';

/** Shared steps of the enterprise-client tests: a company whose plan includes `legal`, its uploads and dispatch. */

export async function legalCompany(
  admin: string,
  modules = ['crm', 'legal'],
  body: Record<string, unknown> = {},
) {
  const plan = (
    await newPlan(admin, {
      modules,
      quotas: { users: 5, customers: 10, storageMB: 1024, apiCallsPerMonth: 0 },
    })
  ).code;
  const { company, token } = await companyWithAdmin(admin, { plan, ...body });
  followClient(enterpriseClientId(company.id));
  return { ...company, token, stub: clientStub(enterpriseClientId(company.id)) };
}

export function uploadDebts(token: string, tenant: string, content: string) {
  const form = new FormData();
  form.set('file', new File([content], 'debts.csv'));
  return send('POST', `/t/${tenant}/api/legal/batches`, { token, body: form });
}

export const setPackage = (admin: string, companyId: string, pkg: string | null) =>
  call('PUT', `/api/admin/companies/${companyId}/legal-package`, { token: admin, body: { package: pkg } });

/** Runs the company actor's alarm until no case of its batches is left queued. */
export async function dispatchAll(stub: DurableObjectStub<LegalClientActor>) {
  for (let runs = 0; runs < 50; runs++) {
    const queued = await runInDurableObject(
      stub,
      (actor: LegalClientActor) =>
        actor.db
          .select()
          .from(batchCases)
          .all()
          .filter((c) => c.status === 'queued').length,
    );
    if (queued === 0) return;
    await runDurableObjectAlarm(stub);
  }
  throw new Error('never dispatched');
}

/**
 * A lawyer of debt cases, and a company with the package `pkg` whose upload of `cases` debts was handed
 * to the dispatcher: the batch's id and the offers the lawyer holds.
 */
export async function offeredToLawyer(admin: string, pkg: string, cases: number) {
  const lawyer = await certifiedLawyer(admin, { practiceAreas: ['debt'] });
  const company = await legalCompany(admin);
  await setPackage(admin, company.id, pkg);
  const uploaded = await uploadDebts(company.token, company.code, debtCsv(cases));
  expect(uploaded.status).toBe(201);
  await dispatchAll(company.stub);
  const offers = await lawyerCases(lawyer.token, 'offered');
  return { lawyer, company, batchId: uploaded.body.batchId as string, offers };
}
