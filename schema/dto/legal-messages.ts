/**
 * What the marketplace's actors tell one another (the Directory, the lawyers' actors, the clients'
 * actors and the dispatchers). Every message is delivered through the sender's outbox and applied once
 * per idempotency key; those that can arrive out of order carry a version or a step number.
 */
import type { CaseType, MembershipPlan, PracticeArea } from './legal-catalog';

/** What a lawyer's actor publishes to the dispatch index whenever any of it changes. */
export interface LawyerSnapshot {
  lawyerId: string;
  /** Grows with every change; an older snapshot never replaces a newer one. */
  version: number;
  /** Certified, approved and not a demo. */
  active: boolean;
  areas: PracticeArea[];
  plan: MembershipPlan;
  weightTenths: number;
  suspendedUntil: number | null;
  dailyLimit: number | null;
  monthlyLimitFen: number | null;
  /** Business day (`YYYY-MM-DD`) and month the counters below belong to. */
  dayKey: string;
  acceptedToday: number;
  monthKey: string;
  amountThisMonthFen: number;
  /** Offers waiting for the lawyer's answer, from every dispatcher. */
  openOffers: number;
  openAmountFen: number;
}

/** A paid case as the dispatcher and the lawyer see it. */
export interface CaseFacts {
  caseId: string;
  area: PracticeArea;
  amountFen: number;
  minMembership: MembershipPlan;
}

export interface PublishedCase extends CaseFacts {
  clientId: string;
  caseType: CaseType;
  description: string;
  publishedAt: number;
}

/** Client → dispatcher: a chunk of a batch's cases in one message, published in order. */
export interface PublishManyMessage {
  cases: PublishedCase[];
}

/** Directory → lawyer: the certification as it now stands (`version` orders them). */
export interface CertificationMessage {
  version: number;
  userId: string;
  workspaceId: string;
  name: string;
  email: string;
  certification: {
    id: string;
    status: 'pending' | 'approved' | 'rejected';
    lawyerName: string;
    licenseNumber: string;
    lawFirm: string;
    practiceAreas: PracticeArea[];
    submittedAt: number;
    decidedAt: number | null;
    reason: string | null;
  };
}

/** Directory → client: the person chose to be a marketplace user. */
export interface ClientOpenMessage {
  userId: string;
  workspaceId: string;
  name: string;
  email: string;
}

/** Dispatcher → lawyer: an offer of a case to the lawyer named. */
export interface OfferMessage extends PublishedCase {
  lawyerId: string;
}

/** Lawyer → dispatcher: the answer to an offer, with the lawyer's state after it. */
export interface OfferAnswerMessage {
  caseId: string;
  lawyerId: string;
  snapshot: LawyerSnapshot;
}

/** Dispatcher → client: where the case stands while it looks for a lawyer. */
export interface CaseDispatchMessage {
  caseId: string;
  state: 'offered' | 'pooled';
  seq: number;
}

/** Lawyer → client. */
export interface CaseAssignedMessage {
  caseId: string;
  lawyerId: string;
  lawyerName: string;
  lawFirm: string;
  assignedAt: number;
}

export interface CaseCompletedMessage extends CaseAssignedMessage {
  outcome: 'success' | 'fail';
  completedAt: number;
}

/** Client → lawyer. */
export interface CaseReviewedMessage {
  caseId: string;
  stars: 1 | 2 | 3 | 4 | 5;
}

/** Lawyer → client: a contact with the debtor or an amount recovered, recorded on a debt case. */
export interface RecoveryMessage {
  caseId: string;
  lawyerId: string;
  record: {
    id: string;
    kind: 'contact' | 'payment';
    at: number;
    responded: boolean | null;
    amountFen: number | null;
  };
}

/** A company's actor → Directory: cases of a batch no lawyer took within the package's SLA. */
export interface SlaBreachMessage {
  tenantId: string;
  code: string;
  batchId: string;
  cases: number;
  at: number;
}

/**
 * A company's actor → the lawyer who took one of its batch cases: the case had already run past the
 * package's SLA to first response when the company heard who took it.
 */
export interface CaseSlaBreachMessage {
  caseId: string;
  dueAt: number;
  breachedAt: number;
}

/** A marketplace actor → Directory: a mail to a person, queued with the change it reports. */
export interface LegalMailMessage {
  to: string;
  userId: string;
  mail: { template: 'offersSuspended'; name: string; declines: number; until: number };
}

/** The marketplace client actor that keeps the platform's sums, which every client's actor reports to. */
export const PLATFORM_STATS_ACTOR = 'platform:collection-stats';

/** The marketplace client actor that keeps the sums of the companies of one industry (the report's benchmark). */
export const industryStatsActor = (industry: string) => `industry:${industry}:collection-stats`;

/** A change of a client's collection statistics, added into the platform's sums (SPEC D11). */
export interface CollectionStatsMessage {
  month: string;
  figures: Partial<Record<CollectionFigureName, number>>;
  /** The lawyer who took a case, counted once a month. */
  lawyerId?: string;
}

export type CollectionFigureName =
  | 'cases'
  | 'owedFen'
  | 'responded'
  | 'responseMsTotal'
  | 'completed'
  | 'recovered'
  | 'recoveredFen'
  | 'debtorResponded'
  | 'paidCases'
  | 'recoveryMsTotal'
  | 'slaBreaches';

export const LEGAL_MESSAGES = {
  certification: 'legal.certification',
  clientOpen: 'legal.client-open',
  publish: 'legal.case-publish',
  publishMany: 'legal.case-publish-many',
  offer: 'legal.offer',
  accepted: 'legal.offer-accepted',
  declined: 'legal.offer-declined',
  lapsed: 'legal.offer-lapsed',
  refused: 'legal.offer-refused',
  snapshot: 'legal.lawyer-snapshot',
  dispatch: 'legal.case-dispatch',
  assigned: 'legal.case-assigned',
  completed: 'legal.case-completed',
  reviewed: 'legal.case-reviewed',
  mail: 'legal.mail',
  collectionStats: 'legal.collection-stats',
  recovery: 'legal.recovery',
  slaBreach: 'legal.sla-breach',
  caseSlaBreach: 'legal.case-sla-breach',
  referralApproved: 'legal.referral-approved',
  complaint: 'legal.case-complaint',
} as const;

/** The client complained about the lawyer of a case (to the lawyer's actor). */
export interface CaseComplaintMessage {
  caseId: string;
  reason: string;
}

/** A lawyer who gave `referrerId`'s referral code was approved (to the referrer's actor). */
export interface ReferralApprovedMessage {
  referrerId: string;
  referredId: string;
}
