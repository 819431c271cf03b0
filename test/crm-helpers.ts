import { runInDurableObject } from 'cloudflare:test';
import { addMonths, monthOf } from '../durable-objects/tenant/crm/months';
import type { TenantActor } from '../durable-objects/tenant/tenant';
import { testNow } from './clock';
import { call, tenantStub } from './helpers';

export const TZ = 'Asia/Shanghai';
/** The tenants' business month right now (their default time zone; the sweep's instant inside one). */
export const thisMonth = () => monthOf(testNow(), TZ);
export const monthFromNow = (n: number) => addMonths(thisMonth(), n);

/** Moves the tenant actor's clock so that it reads `at` (the real clock keeps running underneath). */
export async function setClock(code: string, at: number) {
  await runInDurableObject(tenantStub(code), (actor: TenantActor) => {
    actor.timeShiftMs = at - Date.now();
  });
}

export function crm(token: string, tenant: string) {
  const opts = (body?: unknown) => ({ token, tenant, body });
  return {
    createCustomer: (body: Record<string, unknown>) => call('POST', '/api/customers', opts(body)),
    customer: (id: string) => call('GET', `/api/customers/${id}`, opts()),
    listCustomers: (query = '') => call('GET', `/api/customers${query}`, opts()),
    updateCustomer: (id: string, body: Record<string, unknown>) =>
      call('PUT', `/api/customers/${id}`, opts(body)),
    deleteCustomer: (id: string) => call('DELETE', `/api/customers/${id}`, opts()),
    operate: (id: string, op: string, body?: Record<string, unknown>) =>
      call('POST', `/api/customers/${id}/${op}`, opts(body)),
    history: (id: string) => call('GET', `/api/customers/${id}/status-history`, opts()),
    createContract: (body: Record<string, unknown>) => call('POST', '/api/retail-contracts', opts(body)),
    contract: (id: string) => call('GET', `/api/retail-contracts/${id}`, opts()),
    listContracts: (query = '') => call('GET', `/api/retail-contracts${query}`, opts()),
    updateContract: (id: string, body: Record<string, unknown>) =>
      call('PUT', `/api/retail-contracts/${id}`, opts(body)),
    deleteContract: (id: string) => call('DELETE', `/api/retail-contracts/${id}`, opts()),
    settings: (body: Record<string, unknown>) => call('PATCH', '/api/tenant/settings', opts(body)),
  };
}

export type CrmClient = ReturnType<typeof crm>;

/** A customer with the given contracts ([startOffset, endOffset] in months from now), created through the API. */
export async function customerWith(api: CrmClient, name: string, contracts: [number, number][] = []) {
  const created = await api.createCustomer({ name });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  let last: Awaited<ReturnType<CrmClient['createContract']>> | undefined;
  for (const [from, to] of contracts) {
    last = await api.createContract({
      customerId: created.body.id,
      purchaseStartMonth: monthFromNow(from),
      purchaseEndMonth: monthFromNow(to),
      purchasingElectricityQuantity: 100,
    });
    if (last.status !== 201) throw new Error(JSON.stringify(last.body));
  }
  return { id: created.body.id as string, last };
}
