/**
 * The legal marketplace's tables, as data: the lawyer memberships (SPEC D4), the ten levels (D5), the
 * points rules (D6), the practice areas and the case types with their service fees (D10). The rules
 * beside the lawyer actor read these and nothing else, and the tests hold them to the seed's numbers.
 */

/** Business days and months of the marketplace (daily limits, monthly limits and credits) are kept here. */
export const MARKETPLACE_TIME_ZONE = 'Asia/Shanghai';

export const MEMBERSHIP_PLANS = ['free', 'professional', 'enterprise'] as const;
export type MembershipPlan = (typeof MEMBERSHIP_PLANS)[number];

export interface MembershipTerms {
  plan: MembershipPlan;
  nameZh: string;
  nameEn: string;
  monthlyFeeFen: number;
  aiCreditsMonthly: number;
  /** Cases a day; null is unlimited. */
  dailyCaseLimit: number | null;
  /** Case amounts a month in fen; null is unlimited. */
  monthlyAmountLimitFen: number | null;
  /** Points rewards are multiplied by this. */
  pointMultiplier: number;
  enterpriseCases: boolean;
  /** The lawyer's own data analysis (professional and up). */
  dataAnalysis: boolean;
  /** Per-lawyer API keys (enterprise). */
  apiAccess: boolean;
  /** A firm name of the lawyer's own at the head of their documents (enterprise). */
  whiteLabel: boolean;
  features: readonly string[];
}

/** The membership flags that open something: what the workspace lists and an upgrade names. */
export const PLAN_FEATURES = ['dataAnalysis', 'apiAccess', 'whiteLabel', 'enterpriseCases'] as const;
export type PlanFeature = (typeof PLAN_FEATURES)[number];

export const MEMBERSHIPS: Record<MembershipPlan, MembershipTerms> = {
  free: {
    plan: 'free',
    nameZh: '基础律师版（免费）',
    nameEn: 'Basic lawyer (free)',
    monthlyFeeFen: 0,
    aiCreditsMonthly: 20,
    dailyCaseLimit: 2,
    monthlyAmountLimitFen: 5_000_00,
    pointMultiplier: 1,
    enterpriseCases: false,
    dataAnalysis: false,
    apiAccess: false,
    whiteLabel: false,
    features: ['基础案件', '基础AI工具', '邮件支持'],
  },
  professional: {
    plan: 'professional',
    nameZh: '专业律师版',
    nameEn: 'Professional lawyer',
    monthlyFeeFen: 899_00,
    aiCreditsMonthly: 500,
    dailyCaseLimit: 15,
    monthlyAmountLimitFen: 200_000_00,
    pointMultiplier: 2,
    enterpriseCases: false,
    dataAnalysis: true,
    apiAccess: false,
    whiteLabel: false,
    features: ['所有案件类型', '高级AI工具', '优先支持', '数据分析'],
  },
  enterprise: {
    plan: 'enterprise',
    nameZh: '企业律师版',
    nameEn: 'Enterprise lawyer',
    monthlyFeeFen: 2_999_00,
    aiCreditsMonthly: 2000,
    dailyCaseLimit: null,
    monthlyAmountLimitFen: null,
    pointMultiplier: 3,
    enterpriseCases: true,
    dataAnalysis: true,
    apiAccess: true,
    whiteLabel: true,
    features: ['企业客户案件', '全部AI工具', '专属支持', 'API接入', '白标服务'],
  },
};

/** A free membership given at certification runs this long (and renews itself). */
export const FREE_MEMBERSHIP_YEARS = 10;

export interface LevelTerms {
  level: number;
  nameZh: string;
  nameEn: string;
  minPoints: number;
  minCasesCompleted: number;
  membershipSuggestion: MembershipPlan;
  aiCredits: number;
  dailyCaseLimit: number;
  monthlyAmountLimitFen: number;
  /** Dispatch priority in tenths (10 = 1.0), so that weights add and compare exactly. */
  priorityWeightTenths: number;
}

const level = (
  n: number,
  nameZh: string,
  nameEn: string,
  minPoints: number,
  minCasesCompleted: number,
  membershipSuggestion: MembershipPlan,
  aiCredits: number,
  dailyCaseLimit: number,
  monthlyAmountYuan: number,
  priorityWeightTenths: number,
): LevelTerms => ({
  level: n,
  nameZh,
  nameEn,
  minPoints,
  minCasesCompleted,
  membershipSuggestion,
  aiCredits,
  dailyCaseLimit,
  monthlyAmountLimitFen: monthlyAmountYuan * 100,
  priorityWeightTenths,
});

/** The seed's `lawyer_levels` rows, in order. */
export const LEVELS: readonly LevelTerms[] = [
  level(1, '见习律师', 'Trainee lawyer', 0, 0, 'free', 20, 2, 5_000, 10),
  level(2, '初级律师', 'Junior lawyer', 1_000, 3, 'free', 30, 3, 8_000, 11),
  level(3, '助理律师', 'Associate lawyer', 3_000, 8, 'professional', 50, 5, 15_000, 12),
  level(4, '执业律师', 'Practising lawyer', 8_000, 20, 'professional', 100, 8, 50_000, 13),
  level(5, '资深律师', 'Senior lawyer', 20_000, 50, 'professional', 200, 12, 100_000, 15),
  level(6, '专业律师', 'Specialist lawyer', 50_000, 120, 'professional', 350, 18, 200_000, 17),
  level(7, '高级律师', 'Principal lawyer', 100_000, 300, 'enterprise', 500, 25, 400_000, 20),
  level(8, '合伙人律师', 'Partner', 250_000, 700, 'enterprise', 800, 35, 800_000, 25),
  level(9, '高级合伙人', 'Senior partner', 500_000, 1_500, 'enterprise', 1_200, 50, 1_500_000, 30),
  level(10, '首席合伙人', 'Managing partner', 1_000_000, 3_000, 'enterprise', 2_000, 80, 3_000_000, 40),
];

/** The seed's BASE_POINT_RULES: positive values are rewards, negative ones penalties. */
export const POINT_RULES = {
  case_complete_success: 100,
  case_complete_fail: -30,
  case_high_value: 200,
  case_fast_completion: 50,
  review_5star: 200,
  review_4star: 100,
  review_3star: 0,
  review_2star: -150,
  review_1star: -300,
  online_hour: 5,
  quick_response: 50,
  weekend_work: 20,
  ai_credit_used: 3,
  payment_100yuan: 100,
  referral_lawyer: 1000,
  case_declined: -30,
  late_response: -20,
  client_complaint: -200,
} as const;
export type PointAction = keyof typeof POINT_RULES;
export const POINT_ACTIONS = Object.keys(POINT_RULES) as PointAction[];

/**
 * Which rules the membership's point multiplier applies to: every reward; no penalty, and not the
 * 3-star review, which is worth nothing either way (docs/decisions.md).
 */
export const MULTIPLIED_RULES: Record<PointAction, boolean> = {
  case_complete_success: true,
  case_complete_fail: false,
  case_high_value: true,
  case_fast_completion: true,
  review_5star: true,
  review_4star: true,
  review_3star: false,
  review_2star: false,
  review_1star: false,
  online_hour: true,
  quick_response: true,
  weekend_work: true,
  ai_credit_used: true,
  payment_100yuan: true,
  referral_lawyer: true,
  case_declined: false,
  late_response: false,
  client_complaint: false,
};

export const PRACTICE_AREAS = [
  'contract',
  'debt',
  'corporate',
  'labor',
  'family',
  'ip',
  'criminal',
  'real_estate',
] as const;
export type PracticeArea = (typeof PRACTICE_AREAS)[number];

export const PRACTICE_AREA_NAMES: Record<PracticeArea, { zh: string; en: string }> = {
  contract: { zh: '合同纠纷', en: 'Contract disputes' },
  debt: { zh: '债务催收', en: 'Debt collection' },
  corporate: { zh: '公司法务', en: 'Corporate' },
  labor: { zh: '劳动争议', en: 'Employment' },
  family: { zh: '婚姻家事', en: 'Family' },
  ip: { zh: '知识产权', en: 'Intellectual property' },
  criminal: { zh: '刑事辩护', en: 'Criminal defence' },
  real_estate: { zh: '房产纠纷', en: 'Real estate' },
};

export const CASE_TYPES = [
  'consultation',
  'lawyer_letter',
  'debt_collection',
  'contract_review',
  'litigation',
  'enterprise_counsel',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export interface CaseTypeTerms {
  caseType: CaseType;
  nameZh: string;
  nameEn: string;
  /** The least membership a lawyer needs to be offered it; enterprise is "enterprise cases only for enterprise members". */
  minMembership: MembershipPlan;
  /** The service fee: a flat part plus a share of the case amount (basis points), kept within [min, max]. */
  flatFeeFen: number;
  rateBasisPoints: number;
  minFeeFen: number;
  maxFeeFen: number;
}

const caseType = (
  type: CaseType,
  nameZh: string,
  nameEn: string,
  minMembership: MembershipPlan,
  flatFeeYuan: number,
  rateBasisPoints: number,
  minFeeYuan: number,
  maxFeeYuan: number,
): CaseTypeTerms => ({
  caseType: type,
  nameZh,
  nameEn,
  minMembership,
  flatFeeFen: flatFeeYuan * 100,
  rateBasisPoints,
  minFeeFen: minFeeYuan * 100,
  maxFeeFen: maxFeeYuan * 100,
});

/** What publishing one task costs, by case type (the seed leaves the amounts to the platform). */
export const CASE_TYPE_TERMS: Record<CaseType, CaseTypeTerms> = {
  consultation: caseType('consultation', '法律咨询', 'Legal consultation', 'free', 199, 0, 199, 199),
  lawyer_letter: caseType('lawyer_letter', '律师函', 'Lawyer letter', 'free', 299, 0, 299, 299),
  debt_collection: caseType('debt_collection', '债务催收', 'Debt collection', 'free', 0, 300, 200, 5_000),
  contract_review: caseType('contract_review', '合同审查', 'Contract review', 'free', 499, 0, 499, 499),
  litigation: caseType('litigation', '诉讼代理', 'Litigation', 'professional', 0, 500, 2_000, 50_000),
  enterprise_counsel: caseType(
    'enterprise_counsel',
    '企业法律顾问',
    'Enterprise counsel',
    'enterprise',
    0,
    400,
    5_000,
    100_000,
  ),
};

/** The document helper's templates and what each costs in AI credits. */
export const DOCUMENT_TEMPLATES = {
  demand_letter: { credits: 2, titleZh: '催款函', titleEn: 'Demand letter' },
  case_summary: { credits: 1, titleZh: '案件摘要', titleEn: 'Case summary' },
} as const;
export type DocumentTemplate = keyof typeof DOCUMENT_TEMPLATES;
export const DOCUMENT_TEMPLATE_NAMES = Object.keys(DOCUMENT_TEMPLATES) as [
  DocumentTemplate,
  ...DocumentTemplate[],
];

/** The demo workspaces of SPEC D3: fixed ids, generated data, read-only. */
export const DEMO_LAWYER_WORKSPACE = 'demo-lawyer-001';
export const DEMO_USER_WORKSPACE = 'demo-user-001';
