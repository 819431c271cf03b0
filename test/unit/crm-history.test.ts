import { describe, expect, it } from 'vitest';
import {
  contractChanged,
  contractCreated,
  contractDeleted,
  customerCreated,
  monthBegan,
  nightlyDrift,
  syncSwitchedOn,
  timezoneChanged,
} from '../../durable-objects/tenant/crm/history';

describe('coded status changes', () => {
  it('keep the contract and its months as parameters, and say the same in English', () => {
    expect(contractCreated('ctr_1', { startMonth: '2026-01', endMonth: '2026-12' })).toEqual({
      event: 'contract.created',
      params: { contractId: 'ctr_1', startMonth: '2026-01', endMonth: '2026-12' },
      reason: 'contract ctr_1 created (2026-01…2026-12)',
    });
    expect(
      contractChanged(
        'ctr_1',
        { startMonth: '2026-01', endMonth: '2026-12' },
        { startMonth: '2026-03', endMonth: '2027-02' },
      ),
    ).toEqual({
      event: 'contract.updated',
      params: {
        contractId: 'ctr_1',
        fromStart: '2026-01',
        fromEnd: '2026-12',
        toStart: '2026-03',
        toEnd: '2027-02',
      },
      reason: 'contract ctr_1 changed (2026-01…2026-12 → 2026-03…2027-02)',
    });
  });

  it('tell the last contract deleted from one with others left', () => {
    expect(contractDeleted('ctr_2', 0)).toEqual({
      event: 'contract.deleted',
      params: { contractId: 'ctr_2', left: 0 },
      reason: 'last contract ctr_2 deleted',
    });
    expect(contractDeleted('ctr_2', 2).reason).toBe('contract ctr_2 deleted, 2 left');
  });

  it('name the month, the time zone, or nothing when the event says it all', () => {
    expect(monthBegan('2026-05')).toEqual({
      event: 'month.boundary',
      params: { month: '2026-05' },
      reason: 'month 2026-05 began',
    });
    expect(timezoneChanged('Europe/Paris')).toEqual({
      event: 'timezone.changed',
      params: { timezone: 'Europe/Paris' },
      reason: 'time zone changed to Europe/Paris',
    });
    expect(syncSwitchedOn()).toEqual({
      event: 'sync.enabled',
      params: {},
      reason: 'automatic status sync switched on',
    });
    expect(nightlyDrift()).toEqual({
      event: 'nightly.reconcile',
      params: {},
      reason: 'nightly reconciliation found drift',
    });
    expect(customerCreated()).toEqual({ event: 'customer.created', params: {}, reason: 'created' });
  });
});
