import { runInDurableObject } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { monthStart } from '../../durable-objects/tenant/crm/months';
import { sweepNow } from '../clock';
import { crm, customerWith, monthFromNow, setClock, TZ } from '../crm-helpers';
import { adminToken, call, companyWithMember, tenantStub } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

describe('customers (SPEC B1)', () => {
  it('are created as prospects, with unguessable ids, and read back', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    const res = await api.createCustomer({ name: '华东钢铁', contactPhone: '021-5555' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      name: '华东钢铁',
      status: 'prospect',
      contactPhone: '021-5555',
      contractedCapacity: null,
    });
    expect(res.body.id).toMatch(/^cus_[a-z2-7]{26}$/);
    expect(res.body.deletable).toBe(true);
    expect(res.body.allowedOperations).toEqual(['sign']);
    const read = await api.customer(res.body.id);
    expect(read.body).toMatchObject({ id: res.body.id, status: 'prospect' });
    const history = await api.history(res.body.id);
    expect(history.body.items).toEqual([
      expect.objectContaining({
        oldStatus: null,
        newStatus: 'prospect',
        changeType: 'manual',
        event: 'customer.created',
      }),
    ]);
  });

  it('refuse bad input naming the field, and change nothing', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    const res = await api.createCustomer({ name: '', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toContain('body.name');
    expect((await api.listCustomers()).body.total).toBe(0);
    // An edit may clear an optional field with '', never the name.
    const made = await api.createCustomer({ name: 'Named Ltd', contactName: 'Ms Li' });
    expect(made.status).toBe(201);
    const unnamed = await api.updateCustomer(made.body.id, { name: '', contactName: '' });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.details.fields).toEqual([
      expect.objectContaining({ path: 'body.name', rule: 'too_small' }),
    ]);
    expect((await api.customer(made.body.id)).body).toMatchObject({
      name: 'Named Ltd',
      contactName: 'Ms Li',
    });
    const cleared = await api.updateCustomer(made.body.id, { contactName: '' });
    expect(cleared.body).toMatchObject({ name: 'Named Ltd', contactName: null });
    await api.deleteCustomer(made.body.id);
    const badQuery = await api.listCustomers('?status=sleeping&pageSize=500');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'query.pageSize',
      'query.status',
    ]);
    expect(badQuery.body.error.details.fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'query.status', rule: 'invalid_value' }),
        expect.objectContaining({
          path: 'query.pageSize',
          rule: 'too_big',
          origin: 'number',
          maximum: 200,
          inclusive: true,
        }),
      ]),
    );
  });

  it('walk the six manual operations, each recorded with reason and operator', async () => {
    const { code, token, user, username } = await companyWithMember(admin);
    const api = crm(token, code);
    const { id } = await customerWith(api, 'Ops Ltd');
    const steps: [string, string][] = [
      ['sign', 'pending'],
      ['activate', 'active'],
      ['suspend', 'suspended'],
      ['resume', 'active'],
      ['terminate', 'terminated'],
    ];
    for (const [op, status] of steps) {
      const res = await api.operate(id, op, { reason: `because ${op}` });
      expect(res.status, `${op}: ${JSON.stringify(res.body)}`).toBe(200);
      expect(res.body.status).toBe(status);
    }
    const history = (await api.history(id)).body.items;
    expect(history[0]).toMatchObject({
      oldStatus: 'active',
      newStatus: 'terminated',
      changeType: 'manual',
      event: 'manual.terminate',
      reason: 'because terminate',
      params: null,
      operator: user.id,
      operatorName: username,
    });
    // Creation is a coded change (worded by the page); the operations keep the person's words.
    expect(history.at(-1)).toMatchObject({ event: 'customer.created', params: {} });
    expect(history.map((h: { newStatus: string }) => h.newStatus)).toEqual([
      'terminated',
      'active',
      'suspended',
      'active',
      'pending',
      'prospect',
    ]);

    const revoked = await customerWith(api, 'Revoked Ltd');
    await api.operate(revoked.id, 'sign');
    const res = await api.operate(revoked.id, 'revoke');
    expect(res.body.status).toBe('terminated');
    expect((await api.history(revoked.id)).body.items[0].reason).toBe('revoke');
  });

  it('refuse an operation the status does not allow, saying which statuses it starts from', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    const { id } = await customerWith(api, 'Early Ltd');
    const res = await api.operate(id, 'activate');
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('INVALID_STATUS_TRANSITION');
    expect(res.body.error.message).toContain('pending');
    expect((await api.customer(id)).body.status).toBe('prospect');
    expect((await api.operate(id, 'hibernate')).status).toBe(400);
  });

  it('follow the edit rights of their status, and a refused edit says why', async () => {
    const { code, token } = await companyWithMember(admin, 'member');
    const api = crm(token, code);
    const { id } = await customerWith(api, 'Edit Ltd');
    const prospect = await api.updateCustomer(id, { name: 'Edit Co', address: 'Shanghai' });
    expect(prospect.status).toBe(200);
    expect(prospect.body).toMatchObject({ name: 'Edit Co', address: 'Shanghai' });

    await api.operate(id, 'sign');
    const locked = await api.updateCustomer(id, { name: 'Renamed' });
    expect(locked.status).toBe(409);
    expect(locked.body.error.code).toBe('CUSTOMER_FIELD_LOCKED');
    expect(locked.body.error.details.fields).toEqual([
      { path: 'body.name', rule: 'CUSTOMER_FIELD_LOCKED', message: expect.stringContaining('pending') },
    ]);
    // Sending the unchanged name along with an allowed change is fine (forms send every field).
    const allowed = await api.updateCustomer(id, { name: 'Edit Co', contactName: 'Li' });
    expect(allowed.status).toBe(200);
    expect(allowed.body.contactName).toBe('Li');

    await api.operate(id, 'activate');
    const memberEdit = await api.updateCustomer(id, { notes: 'vip' });
    expect(memberEdit.status).toBe(403);
    expect(memberEdit.body.error.code).toBe('TENANT_ADMIN_REQUIRED');
    const adminApi = crm(admin, code);
    expect((await adminApi.updateCustomer(id, { notes: 'vip' })).body.notes).toBe('vip');
    expect((await adminApi.updateCustomer(id, { address: 'Beijing' })).body.error.code).toBe(
      'CUSTOMER_FIELD_LOCKED',
    );

    await api.operate(id, 'terminate');
    const readOnly = await adminApi.updateCustomer(id, { notes: 'again' });
    expect(readOnly.status).toBe(409);
    expect(readOnly.body.error.code).toBe('CUSTOMER_READ_ONLY');
    expect((await api.customer(id)).body).toMatchObject({
      notes: 'vip',
      name: 'Edit Co',
      editableFields: [],
    });
  });

  it('can be deleted only as prospects without contracts', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    const plain = await customerWith(api, 'Gone Ltd');
    const del = await api.deleteCustomer(plain.id);
    expect(del.status).toBe(200);
    expect((await api.customer(plain.id)).status).toBe(404);

    const signed = await customerWith(api, 'Signed Ltd');
    await api.operate(signed.id, 'sign');
    const refused = await api.deleteCustomer(signed.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'CUSTOMER_NOT_DELETABLE' });
    expect(refused.body.error.message).toContain('pending');

    const expired = await customerWith(api, 'History Ltd', [[-6, -3]]);
    const view = (await api.customer(expired.id)).body;
    expect(view).toMatchObject({ status: 'prospect', deletable: false });
    const withContracts = await api.deleteCustomer(expired.id);
    expect(withContracts.body.error.code).toBe('CUSTOMER_HAS_CONTRACTS');
  });
});

describe('customer list (SPEC B6)', () => {
  sweepNow('shows contracted capacity by status, computed in SQL, with filters and pages', async () => {
    const { code, token } = await companyWithMember(admin);
    const api = crm(token, code);
    const prospect = await customerWith(api, 'Alpha prospect');
    const pending = await customerWith(api, 'Beta pending');
    const active = await customerWith(api, 'Gamma active');
    const suspended = await customerWith(api, 'Delta suspended');
    const terminated = await customerWith(api, 'Epsilon terminated');
    const add = (customerId: string, from: number, to: number, q: number) =>
      api.createContract({
        customerId,
        purchaseStartMonth: monthFromNow(from),
        purchaseEndMonth: monthFromNow(to),
        purchasingElectricityQuantity: q,
      });
    await add(prospect.id, -10, -5, 999); // expired: still a prospect
    await add(pending.id, 1, 6, 120.5);
    await add(pending.id, 3, 3, 0.25);
    await add(active.id, -1, 1, 300.125); // active this month
    await add(active.id, 2, 4, 7); // future: not counted for an active customer
    await add(active.id, -9, -2, 50); // expired: not counted
    await add(suspended.id, 0, 0, 40);
    await api.operate(suspended.id, 'suspend');
    await add(terminated.id, 0, 2, 60);
    await api.operate(terminated.id, 'terminate');

    const all = await api.listCustomers('?pageSize=50');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 5, page: 1, pageSize: 50 });
    const byName = Object.fromEntries(all.body.items.map((c: { name: string }) => [c.name, c]));
    expect(byName['Alpha prospect']).toMatchObject({ status: 'prospect', contractedCapacity: null });
    expect(byName['Beta pending']).toMatchObject({ status: 'pending', contractedCapacity: 120.75 });
    expect(byName['Gamma active']).toMatchObject({ status: 'active', contractedCapacity: 300.125 });
    expect(byName['Delta suspended']).toMatchObject({ status: 'suspended', contractedCapacity: 40 });
    expect(byName['Epsilon terminated']).toMatchObject({ status: 'terminated', contractedCapacity: null });
    // Newest first.
    expect(all.body.items.map((c: { name: string }) => c.name)).toEqual([
      'Epsilon terminated',
      'Delta suspended',
      'Gamma active',
      'Beta pending',
      'Alpha prospect',
    ]);

    const pendingOnly = await api.listCustomers('?status=pending');
    expect(pendingOnly.body.items.map((c: { id: string }) => c.id)).toEqual([pending.id]);
    const named = await api.listCustomers('?q=amm');
    expect(named.body.items.map((c: { id: string }) => c.id)).toEqual([active.id]);
    const wildcard = await api.listCustomers(`?q=${encodeURIComponent('%')}`);
    expect(wildcard.body.total).toBe(0);
    const page2 = await api.listCustomers('?page=2&pageSize=2');
    expect(page2.body).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(page2.body.items.map((c: { name: string }) => c.name)).toEqual(['Gamma active', 'Beta pending']);
  });

  sweepNow(
    'answers a page read again only while it is still true: after any write, and in a new month',
    async () => {
      const { code, token } = await companyWithMember(admin);
      const api = crm(token, code);
      const ending = await customerWith(api, 'Ending Ltd', [[-1, 0]]);
      const capacityOf = async () => {
        const page = await api.listCustomers();
        return page.body.items.map((c: { name: string; contractedCapacity: number | null }) => [
          c.name,
          c.contractedCapacity,
        ]);
      };
      expect(await capacityOf()).toEqual([['Ending Ltd', 100]]);
      // A write through no CRM method at all still shows at once.
      await runInDurableObject(tenantStub(code), (_actor, state) => {
        state.storage.sql.exec("update crm_customers set name = 'Renamed Ltd' where id = ?", ending.id);
      });
      expect(await capacityOf()).toEqual([['Renamed Ltd', 100]]);
      // Next month, before any alarm or write: the contract has ended, so nothing is contracted.
      await setClock(code, monthStart(monthFromNow(1), TZ));
      expect(await capacityOf()).toEqual([['Renamed Ltd', 0]]);
    },
  );
});

describe('tenant isolation', () => {
  sweepNow(
    'another tenant sees, changes and learns nothing about these customers and contracts',
    async () => {
      const a = await companyWithMember(admin);
      const b = await companyWithMember(admin);
      const apiA = crm(a.token, a.code);
      const apiB = crm(b.token, b.code);
      const { id, last } = await customerWith(apiA, 'Secret Ltd', [[0, 3]]);
      const contractId = last!.body.id;

      for (const res of [
        await apiB.customer(id),
        await apiB.updateCustomer(id, { notes: 'x' }),
        await apiB.deleteCustomer(id),
        await apiB.operate(id, 'suspend'),
        await apiB.history(id),
        await apiB.contract(contractId),
        await apiB.updateContract(contractId, { purchasingElectricityQuantity: 1 }),
        await apiB.deleteContract(contractId),
      ]) {
        expect(res.status).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain('Secret');
      }
      const foreignContract = await apiB.createContract({
        customerId: id,
        purchaseStartMonth: monthFromNow(0),
        purchaseEndMonth: monthFromNow(1),
        purchasingElectricityQuantity: 1,
      });
      expect(foreignContract.status).toBe(404);
      expect((await apiB.listCustomers()).body.total).toBe(0);
      expect((await apiB.listContracts(`?customerId=${id}`)).body.total).toBe(0);

      // A's member naming B's tenant is refused before anything is read.
      const crossed = crm(a.token, b.code);
      expect((await crossed.listCustomers()).status).toBe(403);
      expect((await crossed.customer(id)).status).toBe(403);
      // And A's data is untouched.
      expect((await apiA.customer(id)).body).toMatchObject({ status: 'active', notes: null });
      expect((await apiA.contract(contractId)).status).toBe(200);
    },
  );

  it('requires a token and a tenant', async () => {
    expect((await call('GET', '/api/customers')).status).toBe(401);
    const { token } = await companyWithMember(admin);
    const res = await call('GET', '/api/retail-contracts', { token });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('TENANT_REQUIRED');
  });
});
