import { beforeAll, describe, expect, it } from 'vitest';
import { sweepNow } from '../clock';
import { crm, customerWith, monthFromNow, thisMonth } from '../crm-helpers';
import { adminToken, companyWithMember } from '../helpers';

let admin: string;
beforeAll(async () => {
  admin = await adminToken();
});

async function tenant(role: 'admin' | 'member' = 'member') {
  const company = await companyWithMember(admin, role);
  return { ...company, api: crm(company.token, company.code) };
}

const contract = (customerId: string, from: number, to: number, quantity = 100) => ({
  customerId,
  purchaseStartMonth: monthFromNow(from),
  purchaseEndMonth: monthFromNow(to),
  purchasingElectricityQuantity: quantity,
});

describe('retail contracts: validation (B2)', () => {
  sweepNow('refuse bad months and quantities naming each field, and write nothing', async () => {
    const { api } = await tenant();
    const { id } = await customerWith(api, 'Valid Ltd');
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...contract(id, 0, 1), purchaseStartMonth: '2026-13' }, ['body.purchaseStartMonth']],
      [{ ...contract(id, 0, 1), purchaseEndMonth: '2026/01' }, ['body.purchaseEndMonth']],
      [contract(id, 3, 2), ['body.purchaseEndMonth']],
      [{ ...contract(id, 0, 1), purchasingElectricityQuantity: -1 }, ['body.purchasingElectricityQuantity']],
      [
        { ...contract(id, 0, 1), purchasingElectricityQuantity: 1.0001 },
        ['body.purchasingElectricityQuantity'],
      ],
      [{ ...contract(id, 0, 1), purchasingElectricityQuantity: '5' }, ['body.purchasingElectricityQuantity']],
      [
        { purchaseStartMonth: thisMonth() },
        ['body.customerId', 'body.purchaseEndMonth', 'body.purchasingElectricityQuantity'],
      ],
    ];
    const rules: Record<string, unknown>[] = [];
    for (const [body, paths] of cases) {
      const res = await api.createContract(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: { path: string }) => f.path).sort()).toEqual(paths);
      rules.push(...res.body.error.details.fields.map(({ message, ...rule }: { message: string }) => rule));
    }
    // Each refusal names its rule and the rule's limits, for a client to word in its own language.
    expect(rules).toEqual([
      { path: 'body.purchaseStartMonth', rule: 'invalid_format', format: 'month' },
      { path: 'body.purchaseEndMonth', rule: 'invalid_format', format: 'month' },
      { path: 'body.purchaseEndMonth', rule: 'month_order' },
      {
        path: 'body.purchasingElectricityQuantity',
        rule: 'too_small',
        origin: 'number',
        minimum: 0,
        inclusive: true,
      },
      { path: 'body.purchasingElectricityQuantity', rule: 'decimal_places', maximum: 3 },
      { path: 'body.purchasingElectricityQuantity', rule: 'invalid_type' },
      { path: 'body.customerId', rule: 'required' },
      { path: 'body.purchaseEndMonth', rule: 'required' },
      { path: 'body.purchasingElectricityQuantity', rule: 'required' },
    ]);
    expect((await api.listContracts()).body.total).toBe(0);
    expect((await api.customer(id)).body.status).toBe('prospect');

    const ok = await api.createContract({ ...contract(id, 0, 0), purchasingElectricityQuantity: 0 });
    expect(ok.status).toBe(201);
    const badUpdate = await api.updateContract(ok.body.id, { purchaseEndMonth: monthFromNow(-1) });
    expect(badUpdate.status).toBe(400);
    // The actor checks the merged terms of an update, and names the rule as the route's check does.
    expect(badUpdate.body.error.details.fields).toEqual([
      {
        path: 'body.purchaseEndMonth',
        message: 'must not be before purchaseStartMonth',
        rule: 'month_order',
      },
    ]);
    expect((await api.contract(ok.body.id)).body.purchaseEndMonth).toBe(thisMonth());
  });

  it('refuse a missing or terminated customer with a clear error', async () => {
    const { api } = await tenant();
    const missing = await api.createContract(contract('cus_doesnotexist', 0, 1));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('CUSTOMER_NOT_FOUND');
    const { id } = await customerWith(api, 'Ended Ltd', [[0, 2]]);
    await api.operate(id, 'terminate');
    const terminated = await api.createContract(contract(id, 1, 2));
    expect(terminated.status).toBe(409);
    expect(terminated.body.error.code).toBe('CUSTOMER_TERMINATED');
    // A field refused by a rule of its own error names that error's code as the rule.
    expect(terminated.body.error.details.fields[0]).toMatchObject({
      path: 'body.customerId',
      rule: 'CUSTOMER_TERMINATED',
    });
    expect((await api.listContracts(`?customerId=${id}`)).body.total).toBe(1);
  });

  sweepNow('compute their status from the months, and filter by it', async () => {
    const { api } = await tenant();
    const { id } = await customerWith(api, 'Mixed Ltd');
    const past = (await api.createContract(contract(id, -5, -1))).body;
    const now = (await api.createContract(contract(id, -1, 0))).body;
    const future = (await api.createContract(contract(id, 1, 4))).body;
    expect([past.status, now.status, future.status]).toEqual(['expired', 'active', 'pending']);
    expect(now.customerName).toBe('Mixed Ltd');
    for (const [status, expected] of [
      ['pending', future.id],
      ['active', now.id],
      ['expired', past.id],
    ]) {
      const list = await api.listContracts(`?status=${status}&customerId=${id}`);
      expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([expected]);
    }
    const all = await api.listContracts(`?customerId=${id}&pageSize=2`);
    expect(all.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual([future.id, now.id]);
  });
});

describe('status sync on contract writes (requirement B3)', () => {
  sweepNow('a prospect gets a contract; one that has started makes it active at once', async () => {
    const { api, user } = await tenant();
    const { id } = await customerWith(api, 'Now Ltd');
    const res = await api.createContract(contract(id, 0, 11));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'active',
      customerStatus: 'active',
      previousCustomerStatus: 'prospect',
    });
    expect(res.body.id).toMatch(/^ctr_/);
    expect((await api.customer(id)).body.status).toBe('active');
    const [change] = (await api.history(id)).body.items;
    expect(change).toMatchObject({
      oldStatus: 'prospect',
      newStatus: 'active',
      changeType: 'auto',
      event: 'contract.created',
      operator: user.id,
    });
    expect(change.reason).toContain(res.body.id);
    // The history keeps the change as a code with its parameters, so a page can word it in any language.
    expect(change.params).toEqual({
      contractId: res.body.id,
      startMonth: res.body.purchaseStartMonth,
      endMonth: res.body.purchaseEndMonth,
    });
  });

  sweepNow(
    'a prospect with a future contract becomes pending; a started contract then makes it active',
    async () => {
      const { api } = await tenant();
      const { id } = await customerWith(api, 'Later Ltd');
      const future = await api.createContract(contract(id, 2, 8));
      expect(future.body).toMatchObject({
        status: 'pending',
        customerStatus: 'pending',
        previousCustomerStatus: 'prospect',
      });
      const started = await api.createContract(contract(id, -2, 1));
      expect(started.body).toMatchObject({ customerStatus: 'active', previousCustomerStatus: 'pending' });
      const another = await api.createContract(contract(id, 9, 12));
      expect(another.body).toMatchObject({ customerStatus: 'active', previousCustomerStatus: 'active' });
      const history = (await api.history(id)).body.items.map((h: { newStatus: string }) => h.newStatus);
      expect(history).toEqual(['active', 'pending', 'prospect']);
    },
  );

  sweepNow('a manually signed (pending) customer gets a contract and becomes active', async () => {
    const { api } = await tenant();
    const { id } = await customerWith(api, 'Signed Ltd');
    await api.operate(id, 'sign');
    const res = await api.createContract(contract(id, 0, 3));
    expect(res.status).toBe(201);
    expect(res.body.customerStatus).toBe('active');
  });

  sweepNow('moving the start month recomputes the customer, both ways', async () => {
    const { api } = await tenant();
    const { id, last } = await customerWith(api, 'Moved Ltd', [[3, 9]]);
    expect(last!.body.customerStatus).toBe('pending');
    const earlier = await api.updateContract(last!.body.id, { purchaseStartMonth: monthFromNow(0) });
    expect(earlier.status).toBe(200);
    expect(earlier.body).toMatchObject({
      status: 'active',
      customerStatus: 'active',
      previousCustomerStatus: 'pending',
    });
    const later = await api.updateContract(last!.body.id, { purchaseStartMonth: monthFromNow(2) });
    expect(later.body).toMatchObject({
      status: 'pending',
      customerStatus: 'pending',
      previousCustomerStatus: 'active',
    });
    const ended = await api.updateContract(last!.body.id, {
      purchaseStartMonth: monthFromNow(-6),
      purchaseEndMonth: monthFromNow(-1),
      purchasingElectricityQuantity: 5.5,
    });
    expect(ended.body).toMatchObject({
      status: 'expired',
      customerStatus: 'prospect',
      purchasingElectricityQuantity: 5.5,
    });
    const changes = (await api.history(id)).body.items;
    expect(changes.slice(0, 3).map((h: { event: string }) => h.event)).toEqual([
      'contract.updated',
      'contract.updated',
      'contract.updated',
    ]);
    expect(Object.keys(changes[0].params).sort()).toEqual([
      'contractId',
      'fromEnd',
      'fromStart',
      'toEnd',
      'toStart',
    ]);
  });

  sweepNow(
    'deleting recomputes from the contracts left; deleting the last one makes a prospect again',
    async () => {
      const { api } = await tenant();
      const { id } = await customerWith(api, 'Shrinking Ltd');
      const active = (await api.createContract(contract(id, -1, 2))).body;
      const future = (await api.createContract(contract(id, 4, 6))).body;
      const first = await api.deleteContract(active.id);
      expect(first.body).toEqual({
        id: active.id,
        deleted: true,
        customerId: id,
        customerStatus: 'pending',
        previousCustomerStatus: 'active',
      });
      const last = await api.deleteContract(future.id);
      expect(last.body).toMatchObject({ customerStatus: 'prospect', previousCustomerStatus: 'pending' });
      expect((await api.customer(id)).body.status).toBe('prospect');
      const [lastDeleted, firstDeleted] = (await api.history(id)).body.items;
      expect(lastDeleted.reason).toContain('last contract');
      expect(lastDeleted.params).toEqual({ contractId: future.id, left: 0 });
      expect(firstDeleted).toMatchObject({
        event: 'contract.deleted',
        params: { contractId: active.id, left: 1 },
      });
      expect((await api.contract(future.id)).status).toBe(404);
    },
  );

  sweepNow('never overrides a suspended customer, and leaves a terminated one read-only', async () => {
    const { api } = await tenant();
    const { id, last } = await customerWith(api, 'Paused Ltd', [[-1, 1]]);
    await api.operate(id, 'suspend');
    const future = await api.createContract(contract(id, 3, 5));
    expect(future.body).toMatchObject({ customerStatus: 'suspended', previousCustomerStatus: 'suspended' });
    const gone = await api.deleteContract(last!.body.id);
    expect(gone.body.customerStatus).toBe('suspended');
    const goneToo = await api.deleteContract(future.body.id);
    expect(goneToo.body.customerStatus).toBe('suspended');
    expect(
      (await api.history(id)).body.items.filter((h: { changeType: string }) => h.changeType === 'auto'),
    ).toHaveLength(1);

    const ended = await customerWith(api, 'Closed Ltd', [[0, 1]]);
    await api.operate(ended.id, 'terminate');
    const edit = await api.updateContract(ended.last!.body.id, { purchasingElectricityQuantity: 1 });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe('CUSTOMER_READ_ONLY');
    expect((await api.deleteContract(ended.last!.body.id)).status).toBe(409);
  });
});

describe('the rollback switch (B4)', () => {
  sweepNow(
    'off: contract writes leave statuses alone; on again: statuses catch up at once, recorded',
    async () => {
      const { api, user } = await tenant('admin');
      const off = await api.settings({ crmAutoStatusSync: false });
      expect(off.status).toBe(200);
      expect(off.body.crmAutoStatusSync).toBe(false);
      const { id, last } = await customerWith(api, 'Manual Ltd', [[0, 5]]);
      expect(last!.body).toMatchObject({
        status: 'active',
        customerStatus: 'prospect',
        previousCustomerStatus: 'prospect',
      });
      expect((await api.customer(id)).body.status).toBe('prospect');

      const on = await api.settings({ crmAutoStatusSync: true });
      expect(on.body.crmAutoStatusSync).toBe(true);
      expect((await api.customer(id)).body.status).toBe('active');
      expect((await api.history(id)).body.items[0]).toMatchObject({
        oldStatus: 'prospect',
        newStatus: 'active',
        changeType: 'auto',
        event: 'sync.enabled',
        operator: user.id,
      });
    },
  );

  it('only a company administrator may flip it', async () => {
    const { api } = await tenant('member');
    const res = await api.settings({ crmAutoStatusSync: false });
    expect(res.status).toBe(403);
  });
});
