import { z } from '@hono/zod-openapi';
import { COMPANY_CODE_LENGTH, COMPANY_CODE_PATTERN, RESERVED_COMPANY_CODES } from '../../lib/company-codes';
import { INDUSTRIES } from '../../lib/industries';
import { isKnownPlanCode, PLAN_CODE_PATTERN } from '../../lib/plan-codes';
import {
  IsoTime,
  integer,
  listOf,
  matching,
  NOTHING_TO_UPDATE,
  PageQuery,
  queryInteger,
  text,
} from './common';

export const ADMIN_ROLES = ['super_admin', 'sales', 'finance', 'support'] as const;
export const PLAN_CODES = ['trial', 'basic', 'professional', 'enterprise'] as const;
/** A plan of the catalog: the shipped four or one a super admin created. */
export const PlanCodeRef = matching(text(), PLAN_CODE_PATTERN, 'plan_code', 'a plan code')
  .refine(isKnownPlanCode, { message: 'no such plan', params: { rule: 'plan' } })
  .openapi({ example: 'basic' });
export const SUBSCRIPTION_STATUSES = ['trial', 'active', 'suspended', 'expired', 'cancelled'] as const;
export const BILLING_CYCLES = ['monthly', 'quarterly', 'yearly'] as const;
export const MEMBER_ROLES = ['admin', 'member'] as const;

const Timezone = text()
  .min(1)
  .max(64)
  .refine(
    (tz) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not an IANA time zone', params: { rule: 'time_zone' } },
  )
  .openapi({ example: 'Asia/Shanghai' });

export const AdminLoginBody = z
  .object({ username: text().min(1).max(64), password: text().min(1).max(256) })
  .openapi('AdminLogin');

export const AdminView = z
  .object({ id: z.string(), username: z.string(), role: z.enum(ADMIN_ROLES) })
  .openapi('Admin');

export const AdminLoginAnswer = z
  .object({ token: z.string(), expiresAt: IsoTime, admin: AdminView })
  .openapi('AdminLoginAnswer');

export const CompanyCode = matching(
  text().min(COMPANY_CODE_LENGTH.min).max(COMPANY_CODE_LENGTH.max),
  COMPANY_CODE_PATTERN,
  'company_code',
  'lower-case letters, digits and hyphens, starting with a letter and not ending with a hyphen',
)
  .refine((code) => !RESERVED_COMPANY_CODES.has(code), { message: 'reserved', params: { rule: 'reserved' } })
  .openapi({ example: 'acme' });

const companyProfile = {
  name: text().trim().min(1).max(100),
  shortName: text().trim().max(50).optional(),
  creditCode: text().trim().max(32).optional(),
  contactName: text().trim().max(50).optional(),
  contactPhone: text().trim().max(32).optional(),
  contactEmail: z.email().max(254).optional(),
  address: text().trim().max(200).optional(),
  industry: z.enum(INDUSTRIES).optional().openapi({ description: 'one of the fixed industry codes' }),
  region: text().trim().max(50).optional(),
  size: text().trim().max(32).optional(),
  employeeCount: integer(0, 10_000_000).optional(),
  billingCycle: z.enum(BILLING_CYCLES).optional(),
  timezone: Timezone.optional(),
  /** A standing discount on the base fee, in percent. */
  discountPercent: integer(0, 100).optional(),
  /** End of the contracted service (drives the "service ending" alert and the expiry sort). */
  serviceEndAt: z.iso.datetime({ offset: true }).nullable().optional(),
};

/** Bounds of a trial set at creation: at least a day, at most a quarter. */
export const TRIAL_DAYS_RANGE = { min: 1, max: 90 } as const;

export const CompanyCreateBody = z
  .object({
    code: CompanyCode.optional().openapi({
      description:
        'Left out: a free code is suggested from the name (see /api/admin/company-code-suggestion)',
    }),
    plan: PlanCodeRef.optional(),
    /** Days of trial for a company created on a trial plan; the plan's own length by default. */
    trialDays: integer(TRIAL_DAYS_RANGE.min, TRIAL_DAYS_RANGE.max).optional(),
    /** The code of the company that referred this one (a free month for both, once). */
    referredBy: CompanyCode.optional(),
    ...companyProfile,
  })
  .strict()
  .openapi('CompanyCreate');
export type CompanyCreate = z.infer<typeof CompanyCreateBody>;

export const CompanyUpdateBody = z
  .object({
    ...companyProfile,
    name: companyProfile.name.optional(),
    plan: PlanCodeRef.optional(),
    subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES).optional(),
    trialEndsAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('CompanyUpdate');
export type CompanyUpdate = z.infer<typeof CompanyUpdateBody>;

export const Company = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    shortName: z.string().nullable(),
    creditCode: z.string().nullable(),
    contactName: z.string().nullable(),
    contactPhone: z.string().nullable(),
    contactEmail: z.string().nullable(),
    address: z.string().nullable(),
    industry: z.enum(INDUSTRIES).nullable().openapi({
      description: 'a code; text stored before the list is read as the industry it names, else other',
    }),
    region: z.string().nullable(),
    size: z.string().nullable(),
    employeeCount: z.number().int().nullable(),
    plan: z.string(),
    subscriptionStatus: z.enum(SUBSCRIPTION_STATUSES),
    trialEndsAt: IsoTime.nullable(),
    /** The trial length chosen at creation; null: the plan's. */
    trialDays: z.number().int().nullable(),
    /** The company that referred this one. */
    referredByCompanyId: z.string().nullable(),
    serviceStartAt: IsoTime.nullable(),
    serviceEndAt: IsoTime.nullable(),
    billingCycle: z.enum(BILLING_CYCLES),
    onboardingStatus: z.enum(['pending', 'in_progress', 'completed']),
    timezone: z.string(),
    adminUserId: z.string().nullable(),
    discountPercent: z.number().int(),
    suspendedAt: IsoTime.nullable(),
    usage: z
      .object({
        users: z.number().int(),
        customers: z.number().int(),
        storageMB: z.number().int(),
        apiCallsThisMonth: z.number().int(),
        month: z.string().nullable(),
        reportedAt: IsoTime.nullable(),
      })
      .openapi('CompanyUsage', { description: 'as the tenant last reported it' }),
    createdAt: IsoTime,
    updatedAt: IsoTime,
    deletedAt: IsoTime.nullable(),
  })
  .openapi('Company');
export type Company = z.infer<typeof Company>;

export const CompanyListQuery = PageQuery.extend({
  q: text().max(100).optional(),
  status: z.enum(SUBSCRIPTION_STATUSES).optional(),
  plan: matching(text(), PLAN_CODE_PATTERN, 'plan_code', 'a plan code').optional(),
  industry: z.enum(INDUSTRIES).optional(),
  region: text().max(50).optional(),
  /** Trial or service ending within this many days from now. */
  expiringWithinDays: queryInteger(0, 3650).optional(),
  /** `expiry`: soonest trial/service end first; `usage`: most users, then most storage, first. */
  sort: z.enum(['created', '-created', 'name', 'expiry', 'usage', 'storage', 'apiCalls']).default('-created'),
  includeDeleted: z.enum(['true', 'false']).optional(),
});
export type CompanyListQuery = z.infer<typeof CompanyListQuery>;
export const CompanyList = listOf(Company, 'CompanyList');

export const Username = matching(
  text().min(3).max(32),
  /^[A-Za-z0-9_.-]+$/,
  'username',
  'letters, digits, dot, underscore and hyphen only',
);
export const Password = text().min(8, 'at least 8 characters').max(256);

export const UserCreateBody = z
  .object({
    username: Username,
    email: z.email().max(254),
    password: Password,
    name: text().trim().min(1).max(100),
  })
  .strict()
  .openapi('UserCreate');

export const MembershipView = z
  .object({
    companyId: z.string(),
    code: z.string(),
    name: z.string(),
    role: z.enum(MEMBER_ROLES),
    isPrimary: z.boolean(),
    status: z.enum(['active', 'disabled', 'pending']),
    disabledAt: IsoTime.nullable(),
  })
  .openapi('Membership');
export type MembershipView = z.infer<typeof MembershipView>;

export const User = z
  .object({
    id: z.string(),
    uuid: z.string(),
    username: z.string(),
    email: z.string(),
    name: z.string(),
    status: z.enum(['active', 'disabled']),
    primaryCompanyId: z.string().nullable(),
    lastLoginAt: IsoTime.nullable(),
    createdAt: IsoTime,
  })
  .openapi('User');
export type User = z.infer<typeof User>;

export const UserDetail = User.extend({ companies: z.array(MembershipView) }).openapi('UserDetail');
export type UserDetail = z.infer<typeof UserDetail>;

/** Seed scenario 3: the username may change; everything refers to the user's id, so nothing else does. */
export const UserUpdateBody = z
  .object({
    username: Username.optional(),
    email: z.email().max(254).optional(),
    name: text().trim().min(1).max(100).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('UserUpdate');
export type UserUpdate = z.infer<typeof UserUpdateBody>;

export const UserListQuery = PageQuery.extend({
  q: text().max(100).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UserListQuery = z.infer<typeof UserListQuery>;
export const UserList = listOf(User, 'UserList');

export const GrantMembershipBody = z
  .object({
    companyId: text().min(1).max(64),
    role: z.enum(MEMBER_ROLES).optional(),
    isPrimary: z.boolean().optional(),
  })
  .strict()
  .openapi('GrantMembership');
export type GrantMembership = z.infer<typeof GrantMembershipBody>;

// User login and companies.

export const UserLoginBody = z
  .object({
    username: text().min(1).max(254).optional(),
    email: text().min(1).max(254).optional(),
    password: text().min(1).max(256),
  })
  .strict()
  .refine((b) => b.username || b.email, {
    message: 'username or email is required',
    params: { rule: 'username_or_email' },
    path: ['username'],
  })
  .openapi('UserLogin');

export const CompanySummary = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    role: z.enum(MEMBER_ROLES),
    isPrimary: z.boolean(),
  })
  .openapi('CompanySummary');
export type CompanySummary = z.infer<typeof CompanySummary>;

export const UserLoginAnswer = z
  .object({
    token: z.string(),
    expiresAt: IsoTime,
    user: z.object({
      id: z.string(),
      uuid: z.string(),
      username: z.string(),
      name: z.string(),
      email: z.string(),
    }),
    companies: z.array(CompanySummary),
    currentCompany: CompanySummary.nullable(),
  })
  .openapi('UserLoginAnswer');

export const SwitchCompanyBody = z
  .object({ companyId: text().min(1).max(64) })
  .strict()
  .openapi('SwitchCompany');
export const SwitchCompanyAnswer = z
  .object({ currentCompany: CompanySummary })
  .openapi('SwitchCompanyAnswer');

// The tenant as its members see it.

export const Quotas = z
  .object({
    users: z.number().int().nullable(),
    customers: z.number().int().nullable(),
    storageMB: z.number().int().nullable(),
    apiCallsPerMonth: z.number().int().nullable(),
    devices: z.number().int().nullable().openapi({ description: 'devices held at once' }),
  })
  .catchall(z.number().int().nullable())
  .openapi('Quotas', {
    description: 'null means unlimited, 0 not in the plan; modules may add their own quotas (devices …)',
  });

export const Usage = z
  .object({
    users: z.number().int(),
    customers: z.number().int(),
    storageMB: z.number().int(),
    apiCallsThisMonth: z.number().int(),
  })
  .openapi('Usage');

export const TenantView = z
  .object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    plan: z.string(),
    subscriptionStatus: z.string(),
    timezone: z.string(),
    usage: Usage,
    quotas: Quotas,
    /** The business modules the plan enables. */
    modules: z.array(z.string()),
    /** Past the users/storage/API quota the plan bills overage (true) or refuses (false). */
    allowOverage: z.boolean(),
    /** Whether writes are accepted; false while suspended, expired or cancelled. */
    writable: z.boolean(),
    membership: z.object({ role: z.enum(MEMBER_ROLES).nullable(), platformAdmin: z.boolean() }),
  })
  .openapi('Tenant');
export type TenantView = z.infer<typeof TenantView>;

export const TenantSettings = z
  .object({ timezone: z.string(), crmAutoStatusSync: z.boolean() })
  .openapi('TenantSettings');
export type TenantSettings = z.infer<typeof TenantSettings>;

export const TenantSettingsPatch = z
  .object({ timezone: Timezone.optional(), crmAutoStatusSync: z.boolean().optional() })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, NOTHING_TO_UPDATE)
  .openapi('TenantSettingsPatch');
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatch>;

export const Member = z
  .object({
    userId: z.string(),
    username: z.string(),
    role: z.enum(MEMBER_ROLES),
    status: z.enum(['active', 'disabled', 'pending']),
    joinedAt: IsoTime,
  })
  .openapi('Member');
export type Member = z.infer<typeof Member>;
export const MemberList = listOf(Member, 'MemberList');
