import { z } from '@hono/zod-openapi';
import { queryInteger, text } from './common';
import { DOCUMENT_TEMPLATE_NAMES } from './legal-catalog';
import { DraftedDocument } from './legal-lawyer-tools';

/** The marketplace's enterprise packages (SPEC D11), as data: the seed's fees, case volumes and features. */

export const ENTERPRISE_PACKAGE_CODES = [
  'basic_enterprise',
  'professional_enterprise',
  'flagship_enterprise',
] as const;
export type EnterprisePackageCode = (typeof ENTERPRISE_PACKAGE_CODES)[number];

export interface EnterprisePackageTerms {
  code: EnterprisePackageCode;
  nameZh: string;
  nameEn: string;
  monthlyFeeFen: number;
  /** Cases the company may have dispatched in one business month (Asia/Shanghai). */
  monthlyCaseAllowance: number;
  features: string[];
  aiCreditsIncluded: number;
  /** Hours from a case's hand-over to a lawyer taking it (the seed's `*_sla_*h` feature). */
  slaHours: number;
  dataAnalytics: boolean;
  successRateTracking: boolean;
  customReports: boolean;
  apiAccess: boolean;
}

export const ENTERPRISE_PACKAGES: Record<EnterprisePackageCode, EnterprisePackageTerms> = {
  basic_enterprise: {
    code: 'basic_enterprise',
    nameZh: '基础企业版',
    nameEn: 'Basic enterprise',
    monthlyFeeFen: 9_999_00,
    monthlyCaseAllowance: 500,
    features: ['batch_debt_collection', 'basic_reporting', 'email_support', 'standard_sla_48h'],
    aiCreditsIncluded: 1_000,
    slaHours: 48,
    dataAnalytics: true,
    successRateTracking: true,
    customReports: false,
    apiAccess: false,
  },
  professional_enterprise: {
    code: 'professional_enterprise',
    nameZh: '专业企业版',
    nameEn: 'Professional enterprise',
    monthlyFeeFen: 29_999_00,
    monthlyCaseAllowance: 2_000,
    features: [
      'batch_debt_collection',
      'advanced_reporting',
      'priority_support',
      'custom_templates',
      'dedicated_account_manager',
      'premium_sla_24h',
    ],
    aiCreditsIncluded: 5_000,
    slaHours: 24,
    dataAnalytics: true,
    successRateTracking: true,
    customReports: true,
    apiAccess: false,
  },
  flagship_enterprise: {
    code: 'flagship_enterprise',
    nameZh: '旗舰企业版',
    nameEn: 'Flagship enterprise',
    monthlyFeeFen: 99_999_00,
    monthlyCaseAllowance: 10_000,
    features: [
      'unlimited_debt_collection',
      'real_time_reporting',
      'dedicated_support_team',
      'custom_integration',
      'white_label_solution',
      'premium_sla_4h',
    ],
    aiCreditsIncluded: 20_000,
    slaHours: 4,
    dataAnalytics: true,
    successRateTracking: true,
    customReports: true,
    apiAccess: true,
  },
};

export const EnterprisePackage = z
  .object({
    code: z.enum(ENTERPRISE_PACKAGE_CODES),
    nameZh: z.string(),
    nameEn: z.string(),
    monthlyFeeFen: z.number().int(),
    monthlyCaseAllowance: z.number().int(),
    features: z.array(z.string()),
    aiCreditsIncluded: z.number().int(),
    slaHours: z.number().int().openapi({ description: 'Hours from hand-over to a lawyer taking a case' }),
    dataAnalytics: z.boolean(),
    successRateTracking: z.boolean(),
    customReports: z.boolean(),
    apiAccess: z.boolean(),
  })
  .openapi('LegalEnterprisePackage');

export const EnterprisePackageList = z
  .object({
    items: z.array(EnterprisePackage),
    disclaimer: z.string(),
  })
  .openapi('LegalEnterprisePackageList');

/** Said with every package list and report: the packages sell service and data, not outcomes. */
export const NO_SUCCESS_PROMISE =
  '本平台仅提供数据分析与服务，不构成成功率承诺或保证。The platform provides data and service only; it promises no success rate.';

export const EnterprisePackageBody = z
  .object({
    package: z
      .enum(ENTERPRISE_PACKAGE_CODES)
      .nullable()
      .openapi({ description: 'The package to give the company; null takes it away' }),
  })
  .openapi('LegalEnterprisePackageBody');

export const PackagePurchaseBody = z
  .object({ package: z.enum(ENTERPRISE_PACKAGE_CODES) })
  .strict()
  .openapi('LegalEnterprisePackagePurchase');

export const CaseAllowance = z
  .object({
    package: z.enum(ENTERPRISE_PACKAGE_CODES).nullable(),
    month: z
      .string()
      .openapi({ description: "The business month, in the company's time zone", example: '2026-12' }),
    allowance: z.number().int(),
    used: z.number().int(),
    remaining: z.number().int(),
  })
  .openapi('LegalCaseAllowance');

const AiCreditsRemaining = z.number().int().openapi({
  description: "AI credits left this business month (the company's time zone); 0 without a package",
});

export const EnterpriseAccount = z
  .object({
    tenantId: z.string(),
    code: z.string(),
    timeZone: z.string(),
    package: EnterprisePackage.nullable(),
    packageSetAt: z.string().nullable(),
    packagePaidUntil: z.string().nullable().openapi({
      description: 'A bought package runs to here; null: set by an administrator, until changed',
    }),
    industry: z.string().nullable(),
    allowance: CaseAllowance,
    aiCreditsIncluded: z.number().int().openapi({ description: "The package's AI credits each month" }),
    aiCreditsRemaining: AiCreditsRemaining,
  })
  .openapi('LegalEnterpriseAccount');
export type EnterpriseAccount = z.infer<typeof EnterpriseAccount>;

export const CollectionMetrics = z
  .object({
    casesProcessed: z.number().int(),
    casesTaken: z.number().int().openapi({ description: 'Cases a lawyer took' }),
    casesWithResponse: z
      .number()
      .int()
      .openapi({ description: 'Cases whose debtor answered a contact the lawyer recorded' }),
    casesWithPayment: z.number().int().openapi({ description: 'Cases with a recorded payment' }),
    amountOwedFen: z.number().int(),
    amountRecoveredFen: z.number().int().openapi({ description: 'The recorded payments, in fen' }),
    averageResponseHours: z
      .number()
      .nullable()
      .openapi({ description: 'Hours from hand-over to a lawyer taking the case' }),
    averageRecoveryDays: z
      .number()
      .nullable()
      .openapi({ description: "Days from hand-over to a case's first recorded payment" }),
    casesPerLawyerMonth: z.number().nullable().openapi({ description: 'Lawyer utilisation' }),
    responseRate: z
      .number()
      .nullable()
      .openapi({ description: 'Cases whose debtor answered, of those processed' }),
    recoveryRate: z.number().nullable().openapi({ description: 'Amount recovered of the amount owed' }),
    completedRecoveryRate: z
      .number()
      .nullable()
      .openapi({ description: 'Closed as a success of those closed' }),
    slaBreaches: z
      .number()
      .int()
      .openapi({ description: "Cases no lawyer took within the package's SLA to first response" }),
  })
  .openapi('LegalCollectionMetrics');

export const EnterpriseAnalytics = z
  .object({
    companyName: z.string(),
    months: z.number().int(),
    from: z.string(),
    to: z.string(),
    company: CollectionMetrics,
    platformAverage: CollectionMetrics,
    industry: z.string().nullable().openapi({ description: "The company's industry (its tenant record)" }),
    industryBenchmark: CollectionMetrics.nullable().openapi({
      description: 'The figures of the companies in the same industry; null without an industry',
    }),
    satisfaction: z
      .number()
      .nullable()
      .openapi({ description: 'Average review stars; null: batch cases are not reviewed yet' }),
    trend: z.array(
      z.object({ month: z.string(), company: CollectionMetrics, platformAverage: CollectionMetrics }),
    ),
    recommendations: z.array(z.object({ code: z.string(), zh: z.string(), en: z.string() })),
    aiCreditsRemaining: AiCreditsRemaining,
    disclaimer: z.string(),
  })
  .openapi('LegalEnterpriseAnalytics');
export type EnterpriseAnalytics = z.infer<typeof EnterpriseAnalytics>;

export const AnalyticsQuery = z.object({
  months: queryInteger(1, 36).default(12).openapi({ example: 12, default: 12 }),
});

export const EnterpriseDocumentBody = z
  .object({ caseId: text().min(1).max(64), kind: z.enum(DOCUMENT_TEMPLATE_NAMES) })
  .strict()
  .openapi('LegalEnterpriseDocumentRequest');

export const EnterpriseDocumentAnswer = z
  .object({
    document: DraftedDocument,
    credits: z.object({
      cost: z.number().int(),
      used: z.number().int(),
      included: z.number().int(),
      remaining: z.number().int(),
    }),
  })
  .openapi('LegalEnterpriseDocument');
export type EnterpriseDocumentAnswer = z.infer<typeof EnterpriseDocumentAnswer>;
