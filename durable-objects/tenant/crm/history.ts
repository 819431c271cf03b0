/**
 * Why a customer's status changed when no person chose the new status: a stable event code and its
 * parameters, which the history keeps and the console words in the reader's language. `reason` is
 * the same change in English for API readers and logs; a manual operation keeps the person's own words.
 */
export type ChangeParams = Record<string, string | number>;

export interface CodedChange {
  event: string;
  reason: string;
  params: ChangeParams;
}

interface Months {
  startMonth: string;
  endMonth: string;
}

const coded = (event: string, params: ChangeParams, reason: string): CodedChange => ({
  event,
  reason,
  params,
});

export const customerCreated = (): CodedChange => coded('customer.created', {}, 'created');

export const contractCreated = (contractId: string, { startMonth, endMonth }: Months): CodedChange =>
  coded(
    'contract.created',
    { contractId, startMonth, endMonth },
    `contract ${contractId} created (${startMonth}…${endMonth})`,
  );

export const contractChanged = (contractId: string, from: Months, to: Months): CodedChange =>
  coded(
    'contract.updated',
    {
      contractId,
      fromStart: from.startMonth,
      fromEnd: from.endMonth,
      toStart: to.startMonth,
      toEnd: to.endMonth,
    },
    `contract ${contractId} changed (${from.startMonth}…${from.endMonth} → ${to.startMonth}…${to.endMonth})`,
  );

/** `left`: how many contracts the customer still has. */
export const contractDeleted = (contractId: string, left: number): CodedChange =>
  coded(
    'contract.deleted',
    { contractId, left },
    left === 0 ? `last contract ${contractId} deleted` : `contract ${contractId} deleted, ${left} left`,
  );

export const monthBegan = (month: string): CodedChange =>
  coded('month.boundary', { month }, `month ${month} began`);

export const syncSwitchedOn = (): CodedChange =>
  coded('sync.enabled', {}, 'automatic status sync switched on');

export const timezoneChanged = (timezone: string): CodedChange =>
  coded('timezone.changed', { timezone }, `time zone changed to ${timezone}`);

export const nightlyDrift = (): CodedChange =>
  coded('nightly.reconcile', {}, 'nightly reconciliation found drift');
