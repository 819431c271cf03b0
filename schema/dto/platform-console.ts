import { z } from '@hono/zod-openapi';
import { PERMISSIONS } from '../../lib/admin-permissions';
import { PLAN_CODE_PATTERN } from '../../lib/plan-codes';
import {
  IsoTime,
  integer,
  listOf,
  matching,
  multilineText,
  NOTHING_TO_UPDATE,
  PageQuery,
  text,
} from './common';
import { ADMIN_ROLES, BILLING_CYCLES, Password, Username } from './platform';

/** DTOs of the platform console API (SPEC A7): plans, invoices, config, dashboard, logs, mail, alerts, admins. */

const Fen = integer(0, 100_000_000_000);
const QuotaValue = integer(0, 1_000_000_000).nullable();
export const MODULE_NAMES = ['crm', 'annual-fees', 'legal', 'devices'] as const;
/** A paid business module a plan may enable. */
export type ModuleName = (typeof MODULE_NAMES)[number];

export const PlanQuotasInput = z
  .object({
    users: QuotaValue,
    customers: QuotaValue,
    storageMB: QuotaValue,
    apiCallsPerMonth: QuotaValue,
  })
  .catchall(QuotaValue)
  .openapi('PlanQuotas', { description: 'null is unlimited, 0 is not in the plan' });

const planFields = {
  name: text().trim().min(1).max(100),
  description: multilineText().trim().max(500).nullable().optional(),
  sortOrder: integer(0, 10_000).optional(),
  quotas: PlanQuotasInput,
  modules: z.array(z.enum(MODULE_NAMES)).max(MODULE_NAMES.length),
  priceMonthlyFen: Fen,
  priceQuarterlyFen: Fen.optional(),
  priceYearlyFen: Fen,
  extraUserFen: Fen.optional(),
  extraStorageGbFen: Fen.optional(),
  apiCallFen: Fen.optional(),
  allowOverage: z.boolean().optional(),
  trialDays: integer(1, 365).nullable().optional(),
  active: z.boolean().optional(),
};

export const PlanCreateBody = z
  .object({
    code: matching(text(), PLAN_CODE_PATTERN, 'plan_code', 'lower-case letters, digits and hyphens'),
    ...planFields,
  })
  .strict()
  .openapi('PlanCreate');
export type PlanCreate = z.infer<typeof PlanCreateBody>;

export const PlanUpdateBody = z
  .object({
    name: planFields.name.optional(),
    description: planFields.description,
    sortOrder: planFields.sortOrder,
    quotas: PlanQuotasInput.partial().optional(),
    modules: planFields.modules.optional(),
    priceMonthlyFen: Fen.optional(),
    priceQuarterlyFen: Fen.optional(),
    priceYearlyFen: Fen.optional(),
    extraUserFen: Fen.optional(),
    extraStorageGbFen: Fen.optional(),
    apiCallFen: Fen.optional(),
    allowOverage: z.boolean().optional(),
    trialDays: planFields.trialDays,
    active: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('PlanUpdate');
export type PlanUpdate = z.infer<typeof PlanUpdateBody>;

export const Plan = z
  .object({
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    sortOrder: z.number().int(),
    quotas: z.record(z.string(), z.number().int().nullable()),
    modules: z.array(z.string()),
    priceMonthlyFen: z.number().int(),
    priceQuarterlyFen: z.number().int(),
    priceYearlyFen: z.number().int(),
    extraUserFen: z.number().int(),
    extraStorageGbFen: z.number().int(),
    apiCallFen: z.number().int(),
    allowOverage: z.boolean(),
    trialDays: z.number().int().nullable(),
    active: z.boolean(),
    tenants: z.number().int().openapi({ description: 'companies on this plan (not deleted)' }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
  })
  .openapi('Plan');
export type Plan = z.infer<typeof Plan>;
export const PlanList = listOf(Plan, 'PlanList');
export const PlanCodeParam = z.object({
  code: matching(text(), PLAN_CODE_PATTERN, 'plan_code', 'a plan code'),
});

export const INVOICE_STATUSES = ['pending', 'paid', 'overdue', 'cancelled'] as const;
/** `payment_order`: paid online through one of the platform's payment orders. */
export const PAYMENT_METHODS = [
  'bank_transfer',
  'alipay',
  'wechat_pay',
  'cash',
  'payment_order',
  'other',
] as const;

export const InvoiceLine = z
  .object({
    code: z.string(),
    label: z.string(),
    quantity: z.number().int(),
    unitFen: z.number().int(),
    amountFen: z.number().int(),
    /** The discount rule a discount or credit line applies (see /api/admin/discount-rules). */
    rule: z.string().optional(),
  })
  .openapi('InvoiceLine');

export const Invoice = z
  .object({
    id: z.string(),
    number: z.string(),
    companyId: z.string(),
    companyCode: z.string(),
    companyName: z.string(),
    period: z.string().openapi({ example: '2026-11' }),
    periodStart: IsoTime,
    periodEnd: IsoTime,
    invoiceDate: IsoTime,
    dueDate: z.string().openapi({ example: '2026-12-16', description: "in the company's time zone" }),
    dueAt: IsoTime,
    plan: z.string(),
    billingCycle: z.enum(BILLING_CYCLES),
    baseFen: z.number().int(),
    extraUsers: z.number().int(),
    extraUsersFen: z.number().int(),
    extraStorageGb: z.number().int(),
    extraStorageFen: z.number().int(),
    apiOverageCalls: z.number().int(),
    apiOverageFen: z.number().int(),
    discountPercent: z.number().int(),
    discountFen: z.number().int(),
    totalFen: z.number().int(),
    lines: z.array(InvoiceLine),
    status: z.enum(INVOICE_STATUSES),
    overdueAt: IsoTime.nullable(),
    paidAt: IsoTime.nullable(),
    paymentMethod: z.string().nullable(),
    paymentReference: z.string().nullable(),
    cancelledAt: IsoTime.nullable(),
    notes: z.string().nullable(),
  })
  .openapi('Invoice');
export type Invoice = z.infer<typeof Invoice>;
export const InvoiceList = listOf(Invoice, 'InvoiceList');

export const InvoiceListQuery = PageQuery.extend({
  status: z.enum(INVOICE_STATUSES).optional(),
  companyId: text().max(64).optional(),
  period: text().max(10).optional(),
  q: text().max(100).optional().openapi({ description: 'invoice number or company name/code' }),
});
export type InvoiceListQuery = z.infer<typeof InvoiceListQuery>;

export const MarkPaidBody = z
  .object({
    paymentMethod: z.enum(PAYMENT_METHODS),
    paymentReference: text().trim().min(1).max(200).optional(),
    paidAt: z.iso.datetime({ offset: true }).optional(),
    notes: multilineText().trim().max(500).optional(),
  })
  .strict()
  .openapi('MarkPaid');
export type MarkPaid = z.infer<typeof MarkPaidBody>;

export const CancelInvoiceBody = z
  .object({ reason: multilineText().trim().max(500).optional() })
  .strict()
  .openapi('CancelInvoice');

/** The tenant's own view of an invoice. */
export const TenantInvoice = z
  .object({
    id: z.string(),
    number: z.string(),
    period: z.string(),
    status: z.enum(INVOICE_STATUSES),
    totalFen: z.number().int(),
    invoiceDate: IsoTime,
    dueAt: IsoTime,
    paidAt: IsoTime.nullable(),
    lines: z.array(InvoiceLine),
  })
  .openapi('TenantInvoice');
export type TenantInvoice = z.infer<typeof TenantInvoice>;
export const TenantInvoiceList = listOf(TenantInvoice, 'TenantInvoiceList');

export const SystemConfig = z
  .object({
    platformName: text().trim().min(1).max(100),
    supportEmail: z.email().max(254).nullable(),
    /** Days from invoice date to due date. */
    invoiceDueDays: integer(0, 90),
    /** Days an invoice may stay overdue before the tenant is suspended. */
    overdueGraceDays: integer(0, 90),
    onboardingTokenTtlHours: integer(1, 720),
    alertThresholdPercent: integer(1, 100),
    trialEndingNoticeDays: integer(0, 60),
    serviceEndingNoticeDays: integer(0, 120),
    /** The time zone of platform-wide months (dashboard, invoice numbers). */
    platformTimezone: text().min(1).max(64),
  })
  .openapi('SystemConfig');
export type SystemConfig = z.infer<typeof SystemConfig>;

export const DEFAULT_SYSTEM_CONFIG: SystemConfig = {
  platformName: 'Keel',
  supportEmail: null,
  invoiceDueDays: 15,
  overdueGraceDays: 7,
  onboardingTokenTtlHours: 72,
  alertThresholdPercent: 80,
  trialEndingNoticeDays: 3,
  serviceEndingNoticeDays: 7,
  platformTimezone: 'Asia/Shanghai',
};

export const SystemConfigPatch = SystemConfig.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .refine(
    (patch) => {
      if (!patch.platformTimezone) return true;
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: patch.platformTimezone });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not an IANA time zone', params: { rule: 'time_zone' }, path: ['platformTimezone'] },
  )
  .openapi('SystemConfigPatch');
export type SystemConfigPatch = z.infer<typeof SystemConfigPatch>;

const Bucket = z.object({
  key: z.string().openapi({ description: '`unknown` counts the companies that gave none' }),
  count: z.number().int(),
});

export const Dashboard = z
  .object({
    month: z.string().openapi({ description: 'the current month in the platform time zone' }),
    tenants: z.object({
      total: z.number().int(),
      active: z.number().int(),
      trial: z.number().int(),
      suspended: z.number().int(),
      expired: z.number().int(),
      cancelled: z.number().int(),
      newThisMonth: z.number().int(),
    }),
    revenue: z.object({
      thisMonthFen: z.number().int().openapi({ description: 'invoices paid this month' }),
      billedThisMonthFen: z
        .number()
        .int()
        .openapi({ description: 'invoices issued this month, not cancelled' }),
      outstandingFen: z.number().int().openapi({ description: 'pending and overdue invoices' }),
      overdueFen: z.number().int(),
    }),
    byIndustry: z.array(Bucket),
    byRegion: z.array(Bucket),
    byPlan: z.array(Bucket),
    users: z.object({ total: z.number().int(), active: z.number().int() }),
    storage: z.object({ totalMB: z.number().int() }),
    revenueByMonth: z.array(
      z.object({ month: z.string(), paidFen: z.number().int(), billedFen: z.number().int() }),
    ),
    apiCallsByMonth: z.array(
      z.object({ month: z.string(), apiCalls: z.number().int(), requests: z.number().int() }),
    ),
    alertsThisMonth: z.number().int(),
  })
  .openapi('Dashboard');
export type Dashboard = z.infer<typeof Dashboard>;

export const OperationLogEntry = z
  .object({
    id: z.string(),
    adminId: z.string(),
    adminUsername: z.string(),
    tenantId: z.string().nullable(),
    companyCode: z.string().nullable().openapi({ description: 'the code of the company `tenantId` names' }),
    action: z.string(),
    detail: z.unknown(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    at: IsoTime,
  })
  .openapi('OperationLogEntry');
export const OperationLogList = listOf(OperationLogEntry, 'OperationLogList');
export const OperationLogQuery = PageQuery.extend({
  adminId: text().max(64).optional(),
  companyId: text().max(64).optional(),
  action: text().max(64).optional().openapi({ description: 'exact action, or a prefix ending in `.`' }),
});
export type OperationLogQuery = z.infer<typeof OperationLogQuery>;

export const MailMessage = z
  .object({
    id: z.string(),
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    kind: z.string(),
    companyId: z.string().nullable(),
    userId: z.string().nullable(),
    status: z.enum(['queued', 'sent', 'dead']),
    provider: z.string().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: IsoTime,
    sentAt: IsoTime.nullable(),
  })
  .openapi('MailMessage');
export type MailMessage = z.infer<typeof MailMessage>;
export const MailList = listOf(MailMessage, 'MailList');
export const MailQuery = PageQuery.extend({
  status: z.enum(['queued', 'sent', 'dead']).optional(),
  to: text().max(254).optional(),
  kind: text().max(64).optional(),
  companyId: text().max(64).optional(),
});
export type MailQuery = z.infer<typeof MailQuery>;

export const AlertView = z
  .object({
    id: z.string(),
    companyId: z.string(),
    key: z.string(),
    kind: z.string(),
    detail: z.unknown(),
    createdAt: IsoTime,
  })
  .openapi('Alert');
export const AlertList = listOf(AlertView, 'AlertList');
export const AlertQuery = PageQuery.extend({
  companyId: text().max(64).optional(),
  kind: text().max(64).optional(),
});
export type AlertQuery = z.infer<typeof AlertQuery>;

export const AdminAccount = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    role: z.enum(ADMIN_ROLES),
    status: z.enum(['active', 'disabled']),
    lastLoginAt: IsoTime.nullable(),
    lastLoginIp: z.string().nullable(),
    createdAt: IsoTime,
  })
  .openapi('AdminAccount');
export type AdminAccount = z.infer<typeof AdminAccount>;
export const AdminAccountList = listOf(AdminAccount, 'AdminAccountList');

export const AdminCreateBody = z
  .object({
    username: Username,
    password: Password,
    role: z.enum(ADMIN_ROLES),
    name: text().trim().min(1).max(100).optional(),
    email: z.email().max(254).optional(),
  })
  .strict()
  .openapi('AdminCreate');

export const AdminUpdateBody = z
  .object({
    role: z.enum(ADMIN_ROLES).optional(),
    status: z.enum(['active', 'disabled']).optional(),
    password: Password.optional(),
    name: text().trim().min(1).max(100).optional(),
    email: z.email().max(254).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('AdminUpdate');

export const AdminMe = z
  .object({
    id: z.string(),
    username: z.string(),
    role: z.enum(ADMIN_ROLES),
    permissions: z.array(z.enum(PERMISSIONS)),
  })
  .openapi('AdminMe');

export const OnboardingLink = z
  .object({ token: z.string(), url: z.string(), expiresAt: IsoTime })
  .openapi('OnboardingLink');
