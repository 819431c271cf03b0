import { z } from '@hono/zod-openapi';
import {
  CONTRACT_STATUSES,
  CUSTOMER_FIELDS,
  CUSTOMER_STATUSES,
  isMonth,
  MONTH,
  MONTH_ORDER_PROBLEM,
  MONTH_PROBLEM,
  OPERATION_NAMES,
  quantityError,
} from '../vocabulary/crm';
import { IsoTime, listOf, matching, multilineText, NOTHING_TO_UPDATE, PageQuery, text } from './common';

export { CONTRACT_STATUSES, CUSTOMER_STATUSES, OPERATION_NAMES };

const optionalText = (max: number, lines = text()) => lines.trim().max(max).nullable().optional();

const customerFields = {
  name: text().trim().min(1).max(100).openapi({ example: '华东钢铁有限公司' }),
  contactName: optionalText(50),
  contactPhone: optionalText(32),
  address: optionalText(200),
  notes: optionalText(1000, multilineText()),
};

export const CustomerCreate = z.object(customerFields).strict().openapi('CustomerCreate');
export type CustomerCreate = z.infer<typeof CustomerCreate>;

export const CustomerUpdate = z
  .object({ ...customerFields, name: customerFields.name.optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('CustomerUpdate', {
    description:
      'Only the fields the customer status allows may change (see `editableFields` on the customer)',
  });
export type CustomerUpdate = z.infer<typeof CustomerUpdate>;

/** A customer as the list shows it (SPEC B6: with its contracted capacity). */
export const CustomerSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(CUSTOMER_STATUSES),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    address: z.string().nullable(),
    notes: z.string().nullable(),
    contractedCapacity: z
      .number()
      .nullable()
      .openapi({
        description:
          'Prospect and terminated: null. Pending: sum over contracts starting after this month. ' +
          'Active and suspended: sum over contracts active this month (SPEC B6).',
      }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('CustomerSummary');
export type CustomerSummary = z.infer<typeof CustomerSummary>;
export const CustomerList = listOf(CustomerSummary, 'CustomerList');

/** One customer, with what its status lets a caller change and do (SPEC B1). */
export const Customer = CustomerSummary.extend({
  editableFields: z.array(z.enum(CUSTOMER_FIELDS)),
  editNeedsAdmin: z.boolean(),
  deletable: z.boolean(),
  allowedOperations: z.array(z.enum(OPERATION_NAMES)),
}).openapi('Customer');
export type Customer = z.infer<typeof Customer>;

export const CustomerListQuery = PageQuery.extend({
  status: z.enum(CUSTOMER_STATUSES).optional(),
  q: text().trim().min(1).max(100).optional().openapi({ description: 'part of the name' }),
});
export type CustomerListQuery = z.infer<typeof CustomerListQuery>;

export const OperationParams = z.object({
  id: text().min(1).max(64),
  operation: z.enum(OPERATION_NAMES),
});
export const OperationBody = z
  .object({ reason: multilineText().trim().max(500).optional() })
  .strict()
  .openapi('CustomerOperation');

export const StatusChange = z
  .object({
    oldStatus: z.enum(CUSTOMER_STATUSES).nullable(),
    newStatus: z.enum(CUSTOMER_STATUSES),
    changeType: z.enum(['auto', 'manual']),
    event: z.string().openapi({ example: 'contract.created' }),
    reason: z.string().openapi({
      description: "a person's reason for a manual operation; otherwise the coded change in English",
    }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .nullable()
      .openapi({
        description:
          'the parameters of a coded change (`event` names it), for wording it in any language; null for a status operation a person chose and for entries older than the codes',
        example: { contractId: 'ctr_…', startMonth: '2026-01', endMonth: '2026-12' },
      }),
    operator: z
      .string()
      .openapi({ description: 'user or admin id, or system:<what> for alarms and the nightly task' }),
    operatorName: z
      .string()
      .nullable()
      .openapi({ description: "the member's username when the operator is one" }),
    at: IsoTime,
  })
  .openapi('CustomerStatusChange');
export type StatusChange = z.infer<typeof StatusChange>;
export const StatusHistory = listOf(StatusChange, 'CustomerStatusHistory');

export const MonthText = matching(text(), MONTH, MONTH_PROBLEM.format, MONTH_PROBLEM.message).openapi({
  example: '2026-01',
});

export const Quantity = z
  .number()
  .superRefine((q, ctx) => {
    const problem = quantityError(q);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, params: problem });
  })
  .openapi({ description: 'Purchased electricity, ≥ 0, at most 3 decimal places', example: 1200.5 });

// Only two well-formed months can be compared; a malformed one already has its own error.
const endNotBeforeStart = (v: { purchaseStartMonth?: string; purchaseEndMonth?: string }) =>
  !v.purchaseStartMonth ||
  !v.purchaseEndMonth ||
  !isMonth(v.purchaseStartMonth) ||
  !isMonth(v.purchaseEndMonth) ||
  v.purchaseEndMonth >= v.purchaseStartMonth;
const endRule = {
  message: MONTH_ORDER_PROBLEM.message,
  params: MONTH_ORDER_PROBLEM,
  path: ['purchaseEndMonth'],
};

export const ContractCreate = z
  .object({
    customerId: text().min(1).max(64),
    purchaseStartMonth: MonthText,
    purchaseEndMonth: MonthText,
    purchasingElectricityQuantity: Quantity,
  })
  .strict()
  .refine(endNotBeforeStart, endRule)
  .openapi('RetailContractCreate');
export type ContractCreate = z.infer<typeof ContractCreate>;

export const ContractUpdate = z
  .object({
    purchaseStartMonth: MonthText.optional(),
    purchaseEndMonth: MonthText.optional(),
    purchasingElectricityQuantity: Quantity.optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .refine(endNotBeforeStart, endRule)
  .openapi('RetailContractUpdate', { description: 'The customer of a contract never changes' });
export type ContractUpdate = z.infer<typeof ContractUpdate>;

export const Contract = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerName: z.string(),
    purchaseStartMonth: z.string(),
    purchaseEndMonth: z.string(),
    purchasingElectricityQuantity: z.number(),
    status: z
      .enum(CONTRACT_STATUSES)
      .openapi({ description: "computed from the months and the tenant's current month" }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('RetailContract');
export type Contract = z.infer<typeof Contract>;
export const ContractList = listOf(Contract, 'RetailContractList');

export const ContractWriteAnswer = Contract.extend({
  customerStatus: z
    .enum(CUSTOMER_STATUSES)
    .openapi({ description: "the customer's status after this write" }),
  previousCustomerStatus: z.enum(CUSTOMER_STATUSES),
}).openapi('RetailContractWrite');
export type ContractWriteAnswer = z.infer<typeof ContractWriteAnswer>;

export const ContractDeleteAnswer = z
  .object({
    id: z.string(),
    deleted: z.literal(true),
    customerId: z.string(),
    customerStatus: z.enum(CUSTOMER_STATUSES),
    previousCustomerStatus: z.enum(CUSTOMER_STATUSES),
  })
  .openapi('RetailContractDeleted');
export type ContractDeleteAnswer = z.infer<typeof ContractDeleteAnswer>;

export const ContractListQuery = PageQuery.extend({
  customerId: text().min(1).max(64).optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
});
export type ContractListQuery = z.infer<typeof ContractListQuery>;

// Reconciliation (the month-boundary alarm, the nightly task, the switch turned back on).

export interface StatusFix {
  customerId: string;
  customerName: string;
  oldStatus: (typeof CUSTOMER_STATUSES)[number];
  newStatus: (typeof CUSTOMER_STATUSES)[number];
}

export interface ReconcileReport {
  tenant: string;
  /** `skipped`: automatic sync is switched off in this tenant. */
  outcome: 'reconciled' | 'skipped';
  month: string;
  /** Non-terminated customers looked at (suspended ones are counted but never changed). */
  scanned: number;
  fixed: number;
  details: StatusFix[];
}

// The Directory's index of tenants with CRM data.

/** Sent once by a tenant actor when it first holds CRM data; applying it twice changes nothing. */
export const CRM_TENANT_MESSAGE = 'crm.tenant-has-data';
export interface CrmTenantMessage {
  tenantId: string;
  code: string;
}

export { type JsonText, jsonText } from './common';
