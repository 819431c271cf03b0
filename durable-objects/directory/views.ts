import { industryOf } from '../../lib/industries';
import { iso } from '../../lib/iso';
import { dateOf } from '../../lib/zoned';
import type {
  admins,
  alerts,
  invoices,
  mail,
  operationLog,
  plans,
  tenants,
  users,
} from '../../schema/directory';
import type { Company, User } from '../../schema/dto/platform';
import type { AdminAccount, Invoice, MailMessage, Plan } from '../../schema/dto/platform-console';

const MB = 1024 * 1024;

export function companyView(row: typeof tenants.$inferSelect): Company {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    shortName: row.shortName,
    creditCode: row.creditCode,
    contactName: row.contactName,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    address: row.address,
    industry: industryOf(row.industry),
    region: row.region,
    size: row.size,
    employeeCount: row.employeeCount,
    plan: row.plan,
    subscriptionStatus: row.subscriptionStatus,
    trialEndsAt: iso(row.trialEndsAt),
    trialDays: row.trialDays,
    referredByCompanyId: row.referredByTenantId,
    serviceStartAt: iso(row.serviceStartAt),
    serviceEndAt: iso(row.serviceEndAt),
    billingCycle: row.billingCycle,
    onboardingStatus: row.onboardingStatus,
    timezone: row.timezone,
    adminUserId: row.adminUserId,
    discountPercent: row.discountPercent,
    suspendedAt: iso(row.suspendedAt),
    usage: {
      users: row.usageUsers,
      customers: row.usageCustomers,
      storageMB: Math.ceil(row.usageStorageBytes / MB),
      apiCallsThisMonth: row.usageApiCalls,
      month: row.usageMonth,
      reportedAt: iso(row.usageReportedAt),
    },
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    deletedAt: iso(row.deletedAt),
  };
}

export function userView(row: typeof users.$inferSelect): User {
  return {
    id: row.id,
    uuid: row.uuid,
    username: row.username,
    email: row.email,
    name: row.name,
    status: row.status,
    primaryCompanyId: row.primaryTenantId,
    lastLoginAt: iso(row.lastLoginAt),
    createdAt: iso(row.createdAt)!,
  };
}

export function planView(row: typeof plans.$inferSelect, tenantCount: number): Plan {
  return {
    code: row.code,
    name: row.name,
    description: row.description,
    sortOrder: row.sortOrder,
    quotas: row.quotas,
    modules: row.modules,
    priceMonthlyFen: row.priceMonthlyFen,
    priceQuarterlyFen: row.priceQuarterlyFen,
    priceYearlyFen: row.priceYearlyFen,
    extraUserFen: row.extraUserFen,
    extraStorageGbFen: row.extraStorageGbFen,
    apiCallFen: row.apiCallFen,
    allowOverage: row.allowOverage,
    trialDays: row.trialDays,
    active: row.active,
    tenants: tenantCount,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export function invoiceView(
  row: typeof invoices.$inferSelect,
  company: { code: string; name: string; timezone: string },
): Invoice {
  return {
    id: row.id,
    number: row.number,
    companyId: row.tenantId,
    companyCode: company.code,
    companyName: company.name,
    period: row.period,
    periodStart: iso(row.periodStart)!,
    periodEnd: iso(row.periodEnd)!,
    invoiceDate: iso(row.invoiceDate)!,
    dueDate: dateOf(row.dueAt, company.timezone),
    dueAt: iso(row.dueAt)!,
    plan: row.planCode,
    billingCycle: row.billingCycle,
    baseFen: row.baseFen,
    extraUsers: row.extraUsers,
    extraUsersFen: row.extraUsersFen,
    extraStorageGb: row.extraStorageGb,
    extraStorageFen: row.extraStorageFen,
    apiOverageCalls: row.apiOverageCalls,
    apiOverageFen: row.apiOverageFen,
    discountPercent: row.discountPercent,
    discountFen: row.discountFen,
    totalFen: row.totalFen,
    lines: row.lines as Invoice['lines'],
    status: row.status,
    overdueAt: iso(row.overdueAt),
    paidAt: iso(row.paidAt),
    paymentMethod: row.paymentMethod,
    paymentReference: row.paymentReference,
    cancelledAt: iso(row.cancelledAt),
    notes: row.notes,
  };
}

export function mailView(row: typeof mail.$inferSelect): MailMessage {
  return {
    id: row.id,
    to: row.to,
    subject: row.subject,
    text: row.text,
    kind: row.kind,
    companyId: row.tenantId,
    userId: row.userId,
    status: row.status,
    provider: row.provider,
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: iso(row.createdAt)!,
    sentAt: iso(row.sentAt),
  };
}

export function adminView(row: typeof admins.$inferSelect): AdminAccount {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    lastLoginAt: iso(row.lastLoginAt),
    lastLoginIp: row.lastLoginIp,
    createdAt: iso(row.createdAt)!,
  };
}

export function alertView(row: typeof alerts.$inferSelect) {
  return {
    id: row.id,
    companyId: row.tenantId,
    key: row.key,
    kind: row.kind,
    detail: row.detail,
    createdAt: iso(row.createdAt)!,
  };
}

export function logView(row: typeof operationLog.$inferSelect & { companyCode: string | null }) {
  return { ...row, at: iso(row.at)! };
}
