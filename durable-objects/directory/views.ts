import type { tenants, users } from '../../schema/directory';
import type { Company, User } from '../../schema/dto/platform';

export const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

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
    industry: row.industry,
    region: row.region,
    size: row.size,
    employeeCount: row.employeeCount,
    plan: row.plan,
    subscriptionStatus: row.subscriptionStatus,
    trialEndsAt: iso(row.trialEndsAt),
    serviceStartAt: iso(row.serviceStartAt),
    serviceEndAt: iso(row.serviceEndAt),
    billingCycle: row.billingCycle,
    onboardingStatus: row.onboardingStatus,
    timezone: row.timezone,
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
