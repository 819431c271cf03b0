import { z } from '@hono/zod-openapi';
import { IsoTime, integer, listOf, matching, multilineText, PageQuery, text } from './common';
import {
  CASE_TYPES,
  MEMBERSHIP_PLANS,
  PLAN_FEATURES,
  POINT_ACTIONS,
  PRACTICE_AREAS,
  type PracticeArea,
} from './legal-catalog';
import { PaymentOrder } from './payments';
import { Password } from './platform';

/** The legal marketplace's request and answer shapes (API.md, "Legal marketplace"). */

export const ACCOUNT_TYPES = ['pending', 'user', 'lawyer_pending', 'lawyer'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

const Email = z.email().max(254).openapi({ example: 'li.ming@example.com' });
const PersonName = text().trim().min(1).max(100);
/** Free text a person types: line breaks and tabs, but no other control characters. */
const Text = (max: number) => multilineText().trim().min(1).max(max);

// Accounts.
export const IDENTITY_TYPES = ['user', 'lawyer'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

export const RegisterBody = z
  .object({
    email: Email,
    password: Password,
    fullName: PersonName,
    identityType: z.enum(IDENTITY_TYPES).optional().openapi({
      description: 'The identity chosen in a demo workspace: the identity step after verifying opens on it',
    }),
  })
  .strict()
  .openapi('LegalRegister');
export type RegisterBody = z.infer<typeof RegisterBody>;

export const RegisterAnswer = z
  .object({ userId: z.string(), verificationRequired: z.literal(true), message: z.string() })
  .openapi('LegalRegisterAnswer');

export const VerifyEmailBody = z
  .object({ token: text().min(16).max(200) })
  .strict()
  .openapi('LegalVerifyEmail');

export const IdentityOption = z
  .object({ type: z.enum(['user', 'lawyer']), name: z.string(), description: z.string() })
  .openapi('LegalIdentityOption');

export const VerifyEmailAnswer = z
  .object({
    userId: z.string(),
    emailVerified: z.literal(true),
    identityOptions: z.array(IdentityOption),
    chosenIdentity: z.enum(IDENTITY_TYPES).nullable().openapi({ description: 'Chosen before registering' }),
  })
  .openapi('LegalVerifyEmailAnswer');

export const LegalLoginBody = z
  .object({ email: text().min(1).max(254), password: text().min(1).max(256) })
  .strict()
  .openapi('LegalLogin');

export const LegalLoginAnswer = z
  .object({
    accessToken: z.string(),
    expiresAt: IsoTime,
    userId: z.string(),
    accountType: z.enum(ACCOUNT_TYPES),
    /** `/legal/{workspaceId}` for lawyers (also pending ones), `/user/{workspaceId}` for users. */
    redirectUrl: z.string(),
    workspaceId: z.string(),
  })
  .openapi('LegalLoginAnswer');

export const PracticeAreaEnum = z.enum(PRACTICE_AREAS);
const PracticeAreas = z
  .array(PracticeAreaEnum)
  .min(1)
  .max(PRACTICE_AREAS.length)
  .refine((areas) => new Set(areas).size === areas.length, {
    message: 'each area once',
    params: { rule: 'duplicate' },
  });

export const IdentityUserBody = z
  .object({ identityType: z.literal('user') })
  .strict()
  .openapi('LegalIdentityUser');

export const LicenseNumber = matching(
  text().trim().min(5).max(32),
  /^[A-Za-z0-9-]+$/,
  'license_number',
  'letters, digits and hyphens',
);

/** The lawyer's choice, as multipart fields named like API.md's `certificate.*`. */
export const IdentityLawyerForm = z
  .object({
    identityType: z.literal('lawyer'),
    'certificate.lawyerName': PersonName,
    'certificate.licenseNumber': LicenseNumber,
    'certificate.lawFirm': Text(100),
    'certificate.practiceAreas': z
      .union([PracticeAreaEnum, PracticeAreas])
      .transform((v): PracticeArea[] => (Array.isArray(v) ? v : [v]))
      .openapi({ type: 'array', items: { type: 'string', enum: [...PRACTICE_AREAS] } }),
    'certificate.file': z
      .instanceof(File, { message: 'a file is required' })
      .openapi({ type: 'string', format: 'binary', description: 'PDF, JPEG or PNG, at most 10 MiB' }),
  })
  .strict()
  .openapi('LegalIdentityLawyer');

export interface CertificateInput {
  lawyerName: string;
  licenseNumber: string;
  lawFirm: string;
  practiceAreas: PracticeArea[];
}

export const IdentityAnswer = z
  .object({
    identitySet: z.literal(true),
    accountType: z.enum(ACCOUNT_TYPES),
    redirectUrl: z.string(),
    workspaceId: z.string(),
    certificationId: z.string().optional(),
  })
  .openapi('LegalIdentityAnswer');

export const DemoAnswer = z
  .object({
    isDemo: z.literal(true),
    workspaceId: z.string(),
    displayName: z.string(),
    /** Reads the demo workspace through the ordinary API; every write with it answers 403 DEMO_READ_ONLY. */
    accessToken: z.string(),
    expiresAt: IsoTime,
    redirectUrl: z.string(),
    limitations: z.array(z.string()),
  })
  .openapi('LegalDemo');

// Certification (administrators).
export const CERTIFICATION_STATUSES = ['pending', 'approved', 'rejected'] as const;

export const Certification = z
  .object({
    id: z.string(),
    userId: z.string(),
    email: z.string(),
    accountName: z.string(),
    lawyerName: z.string(),
    licenseNumber: z.string(),
    lawFirm: z.string(),
    practiceAreas: z.array(z.string()),
    fileType: z.string(),
    fileSize: z.number().int(),
    status: z.enum(CERTIFICATION_STATUSES),
    reason: z.string().nullable(),
    submittedAt: IsoTime,
    decidedAt: IsoTime.nullable(),
  })
  .openapi('LawyerCertification');
export type Certification = z.infer<typeof Certification>;

export const CertificationQuery = PageQuery.extend({ status: z.enum(CERTIFICATION_STATUSES).optional() });
export type CertificationQuery = z.infer<typeof CertificationQuery>;
export const CertificationList = listOf(Certification, 'LawyerCertificationList');

export const RejectBody = z
  .object({ reason: Text(500) })
  .strict()
  .openapi('LawyerCertificationReject');

// The lawyer's workspace.
export const MembershipPlanEnum = z.enum(MEMBERSHIP_PLANS);
const Limit = z.number().int().nullable().openapi({ description: 'null is unlimited' });

/** What the membership opens, the workspace tools' settings and today's time online. */
const LawyerExtras = {
  access: z.object({
    caseTypes: z.array(z.enum(CASE_TYPES)),
    features: z.array(z.enum(PLAN_FEATURES)),
    /** Each higher membership and what it would open beyond this one. */
    upgrade: z.array(
      z.object({
        plan: MembershipPlanEnum,
        monthlyFeeFen: z.number().int(),
        pointMultiplier: z.number(),
        caseTypes: z.array(z.enum(CASE_TYPES)),
        features: z.array(z.enum(PLAN_FEATURES)),
      }),
    ),
  }),
  /** The white-label firm name at the head of documents (enterprise); null uses the law firm. */
  reportHeader: z.string().nullable(),
  referral: z.object({ code: z.string(), referredBy: z.string().nullable() }),
  online: z
    .object({
      day: z.string(),
      minutes: z.number().int(),
      hoursAwarded: z.number().int(),
      hoursPerDay: z.number().int(),
      heartbeatSeconds: z.number().int(),
    })
    .openapi('LawyerOnlineTime'),
};
export const LawyerExtrasObject = z.object(LawyerExtras);
export type LawyerExtras = z.infer<typeof LawyerExtrasObject>;

export const LawyerMe = z
  .object({
    ...LawyerExtras,
    userId: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    email: z.string(),
    demo: z.boolean(),
    status: z.enum(['pending', 'rejected', 'active']),
    certification: z.object({
      id: z.string(),
      lawyerName: z.string(),
      licenseNumber: z.string(),
      lawFirm: z.string(),
      practiceAreas: z.array(PracticeAreaEnum),
      submittedAt: IsoTime,
      approvedAt: IsoTime.nullable(),
      rejectionReason: z.string().nullable(),
    }),
    membership: z.object({
      plan: MembershipPlanEnum,
      name: z.string(),
      monthlyFeeFen: z.number().int(),
      pointMultiplier: z.number(),
      enterpriseCases: z.boolean(),
      /** End of the paid month (paid plans) or of the free term. */
      until: IsoTime.nullable(),
      nextPlan: MembershipPlanEnum.nullable(),
    }),
    level: z.object({
      level: z.number().int(),
      name: z.string(),
      priorityWeight: z.number(),
      next: z
        .object({
          level: z.number().int(),
          minPoints: z.number().int(),
          minCasesCompleted: z.number().int(),
          pointsToGo: z.number().int(),
          casesToGo: z.number().int(),
        })
        .nullable(),
    }),
    points: z.number().int(),
    casesCompleted: z.number().int(),
    aiCredits: z.object({
      month: z.string(),
      allowance: z.number().int(),
      used: z.number().int(),
      remaining: z.number().int(),
    }),
    limits: z.object({
      membership: z.object({ dailyCases: Limit, monthlyAmountFen: Limit }),
      level: z.object({ dailyCases: Limit, monthlyAmountFen: Limit }),
      effective: z.object({ dailyCases: Limit, monthlyAmountFen: Limit }),
      dailyBoundBy: z.enum(['membership', 'level', 'both']),
      monthlyBoundBy: z.enum(['membership', 'level', 'both']),
      acceptedToday: z.number().int(),
      amountThisMonthFen: z.number().int(),
      suggestion: z.object({
        plan: MembershipPlanEnum.nullable(),
        lifts: z.array(z.enum(['dailyCases', 'monthlyAmount'])),
        levelSuggestion: MembershipPlanEnum,
      }),
    }),
    suspension: z.object({
      suspendedUntil: IsoTime.nullable(),
      declinesLast7Days: z.number().int(),
    }),
  })
  .openapi('LawyerWorkspace');
export type LawyerMe = z.infer<typeof LawyerMe>;

export const PointsEntry = z
  .object({
    id: z.number().int(),
    at: IsoTime,
    action: z.enum(POINT_ACTIONS),
    base: z.number().int(),
    multiplier: z.number(),
    result: z.number().int(),
    balanceAfter: z.number().int(),
    membership: MembershipPlanEnum,
    caseId: z.string().nullable(),
  })
  .openapi('PointsEntry');
export type PointsEntry = z.infer<typeof PointsEntry>;
export const PointsList = listOf(PointsEntry, 'PointsLedger');

export const MembershipBody = z.object({ plan: MembershipPlanEnum }).strict().openapi('MembershipChange');

export const MembershipAnswer = z
  .object({
    plan: MembershipPlanEnum,
    /** upgrade and renew apply when the order is paid; next_month and downgrade when the paid month ends. */
    effect: z.enum(['upgrade', 'renew', 'next_month', 'downgrade']),
    effectiveAt: IsoTime.nullable(),
    order: PaymentOrder.nullable(),
  })
  .openapi('MembershipChangeAnswer');
export type MembershipAnswer = z.infer<typeof MembershipAnswer>;

export const LAWYER_CASE_STATUSES = ['offered', 'assigned', 'declined', 'lapsed', 'completed'] as const;

export const LawyerCase = z
  .object({
    caseId: z.string(),
    caseType: z.enum(CASE_TYPES),
    practiceArea: PracticeAreaEnum,
    description: z.string(),
    amountFen: z.number().int(),
    status: z.enum(LAWYER_CASE_STATUSES),
    offeredAt: IsoTime,
    expiresAt: IsoTime,
    respondedAt: IsoTime.nullable(),
    completedAt: IsoTime.nullable(),
    outcome: z.enum(['success', 'fail']).nullable(),
    stars: z.number().int().nullable(),
    /** The client's complaint about this case, if they made one. */
    complaint: z.string().nullable(),
    slaDueAt: IsoTime.nullable().openapi({
      description:
        "A company's batch case: when its enterprise package's SLA wanted it taken (set with a breach)",
    }),
    slaBreachedAt: IsoTime.nullable().openapi({
      description:
        "When the company's SLA watch flagged the case as not taken in time; told to the lawyer who took it " +
        'once the company hears of the taking. It costs no points',
    }),
  })
  .openapi('LawyerCase');
export type LawyerCase = z.infer<typeof LawyerCase>;

export const LawyerCaseQuery = PageQuery.extend({ status: z.enum(LAWYER_CASE_STATUSES).optional() });
export type LawyerCaseQuery = z.infer<typeof LawyerCaseQuery>;
export const LawyerCaseList = listOf(LawyerCase, 'LawyerCaseList');

export const CaseActionAnswer = z
  .object({ case: LawyerCase, points: z.array(PointsEntry) })
  .openapi('LawyerCaseActionAnswer');
export type CaseActionAnswer = z.infer<typeof CaseActionAnswer>;

export const DeclineBody = z
  .object({ reason: Text(500).optional() })
  .strict()
  .openapi('CaseDecline');
export const CompleteBody = z
  .object({ outcome: z.enum(['success', 'fail']) })
  .strict()
  .openapi('CaseComplete');
export const ReviewBody = z
  .object({ stars: integer(1, 5) })
  .strict()
  .openapi('CaseReview');

// The marketplace user's workspace.
export const MAX_CASE_AMOUNT_FEN = 100_000_000_00;

export const TaskBody = z
  .object({
    caseType: z.enum(CASE_TYPES),
    practiceArea: PracticeAreaEnum,
    amountFen: integer(0, MAX_CASE_AMOUNT_FEN),
    description: Text(2000),
  })
  .strict()
  .openapi('LegalTask');
export type TaskBody = z.infer<typeof TaskBody>;

export const CLIENT_CASE_STATUSES = ['awaiting_payment', 'dispatching', 'assigned', 'completed'] as const;

export const ClientCase = z
  .object({
    id: z.string(),
    caseType: z.enum(CASE_TYPES),
    practiceArea: PracticeAreaEnum,
    amountFen: z.number().int(),
    description: z.string(),
    serviceFeeFen: z.number().int(),
    orderId: z.string(),
    status: z.enum(CLIENT_CASE_STATUSES),
    dispatchState: z.enum(['offered', 'pooled']).nullable(),
    lawyer: z.object({ name: z.string(), lawFirm: z.string() }).nullable(),
    paidAt: IsoTime.nullable(),
    assignedAt: IsoTime.nullable(),
    completedAt: IsoTime.nullable(),
    outcome: z.enum(['success', 'fail']).nullable(),
    stars: z.number().int().nullable(),
    createdAt: IsoTime,
  })
  .openapi('LegalClientCase');
export type ClientCase = z.infer<typeof ClientCase>;

export const ClientCaseQuery = PageQuery.extend({ status: z.enum(CLIENT_CASE_STATUSES).optional() });
export type ClientCaseQuery = z.infer<typeof ClientCaseQuery>;
export const ClientCaseList = listOf(ClientCase, 'LegalClientCaseList');

export const TaskAnswer = z.object({ case: ClientCase, order: PaymentOrder }).openapi('LegalTaskAnswer');

export const ClientMe = z
  .object({
    userId: z.string(),
    workspaceId: z.string(),
    name: z.string(),
    email: z.string(),
    demo: z.boolean(),
    cases: z.record(z.enum(CLIENT_CASE_STATUSES), z.number().int()),
  })
  .openapi('LegalUserWorkspace');
export type ClientMe = z.infer<typeof ClientMe>;
