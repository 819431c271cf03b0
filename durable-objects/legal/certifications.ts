import { and, asc, count, desc, eq, ne, type SQL } from 'drizzle-orm';
import { AppError, fieldError, type Outcome, toOutcome } from '../../lib/errors';
import { iso } from '../../lib/iso';
import * as schema from '../../schema/directory';
import type { Page } from '../../schema/dto/common';
import type {
  AccountType,
  CertificateInput,
  Certification,
  CertificationQuery,
} from '../../schema/dto/legal';
import type { PracticeArea } from '../../schema/dto/legal-catalog';
import { type CertificationMessage, LEGAL_MESSAGES } from '../../schema/dto/legal-messages';
import type { AdminNotices } from '../directory/admin-notices';
import type { Db, DirectoryHost, Operator } from '../directory/host';
import type { MailContent } from '../directory/mail-templates';
import type { LegalAccounts } from './accounts';
import { identityTaken } from './accounts';
import { legalMails } from './mails';

const { users, legalAccounts, lawyerCertifications } = schema;
type CertificationRow = typeof lawyerCertifications.$inferSelect;
type AccountRow = typeof legalAccounts.$inferSelect;

/** What the certification queue needs from the Directory: its users, the outbox, mail and the log. */
export type CertificationsHost = Pick<
  DirectoryHost,
  'db' | 'now' | 'write' | 'send' | 'queueMail' | 'requireUser' | 'platformName' | 'logOperation'
>;

export interface StoredLicence {
  certificationId: string;
  fileKey: string;
  fileType: string;
  fileSize: number;
}

/** Licence numbers are compared as typed, without surrounding spaces and regardless of case. */
export const normalLicense = (n: string) => n.trim().toUpperCase();

/**
 * Lawyer certification (SPEC D2): the queue administrators work through, kept in the Directory because
 * a licence number is unique across the platform (a UNIQUE index over the requests not rejected). The
 * file itself lives in R2; the lawyer's actor hears of every step through the outbox.
 */
export class LawyerCertifications {
  constructor(
    private readonly host: CertificationsHost,
    private readonly accounts: LegalAccounts,
    private readonly notices: AdminNotices,
  ) {}

  private get db(): Db {
    return this.host.db;
  }

  /** Whether the number is free, so the route can refuse before it stores the file. */
  licenseFree(licenseNumber: string): boolean {
    return !this.licenseHolder(normalLicense(licenseNumber));
  }

  private licenseHolder(licenseNumber: string) {
    return this.db
      .select({ id: lawyerCertifications.id })
      .from(lawyerCertifications)
      .where(
        and(
          eq(lawyerCertifications.licenseNumber, licenseNumber),
          ne(lawyerCertifications.status, 'rejected'),
        ),
      )
      .get();
  }

  /** D2: the person asks to be a lawyer (again, after a rejection) with the licence already stored. */
  submit(
    userId: string,
    input: CertificateInput,
    file: StoredLicence,
  ): Promise<Outcome<{ accountType: AccountType; workspaceId: string }>> {
    return this.host.write(() => {
      const account = this.accounts.requireAccount(userId);
      if (account.accountType === 'user') throw identityTaken('user');
      if (account.accountType === 'lawyer')
        throw new AppError(409, 'ALREADY_CERTIFIED', 'you are a certified lawyer');
      const waiting = this.db
        .select({ id: lawyerCertifications.id })
        .from(lawyerCertifications)
        .where(and(eq(lawyerCertifications.userId, userId), eq(lawyerCertifications.status, 'pending')))
        .get();
      if (waiting) {
        throw new AppError(409, 'CERTIFICATION_PENDING', 'your licence is waiting for review already', {
          certificationId: waiting.id,
        });
      }
      const licenseNumber = normalLicense(input.licenseNumber);
      if (this.licenseHolder(licenseNumber)) throw licenseTaken();
      const now = this.host.now();
      const row = this.db
        .insert(lawyerCertifications)
        .values({
          id: file.certificationId,
          userId,
          lawyerName: input.lawyerName,
          licenseNumber,
          lawFirm: input.lawFirm,
          practiceAreas: input.practiceAreas,
          fileKey: file.fileKey,
          fileType: file.fileType,
          fileSize: file.fileSize,
          status: 'pending',
          submittedAt: now,
        })
        .returning()
        .get();
      const updated = this.setAccount(account, 'lawyer_pending');
      this.tellLawyer(row, updated);
      this.notices.certificationSubmitted(row);
      return { accountType: updated.accountType, workspaceId: updated.workspaceId };
    });
  }

  list(query: CertificationQuery): Page<Certification> {
    const where = query.status ? eq(lawyerCertifications.status, query.status) : undefined;
    const total = this.db.select({ n: count() }).from(lawyerCertifications).where(where).get()!.n;
    // The queue is worked oldest first; decided requests are looked up newest first.
    const order: SQL[] =
      query.status === 'pending'
        ? [asc(lawyerCertifications.submittedAt), asc(lawyerCertifications.id)]
        : [desc(lawyerCertifications.submittedAt), asc(lawyerCertifications.id)];
    const rows = this.db
      .select({ c: lawyerCertifications, email: users.email, name: users.name })
      .from(lawyerCertifications)
      .innerJoin(users, eq(users.id, lawyerCertifications.userId))
      .where(where)
      .orderBy(...order)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .all();
    return {
      items: rows.map((r) => view(r.c, r.email, r.name)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  get(id: string): Outcome<Certification & { fileKey: string }> {
    return toOutcome(() => {
      const row = this.require(id);
      const user = this.host.requireUser(row.userId);
      return { ...view(row, user.email, user.name), fileKey: row.fileKey };
    });
  }

  /** D2: the lawyer becomes active (their actor starts the free membership at level 1) and is told by mail. */
  approve(id: string, workspaceBaseUrl: string, operator: Operator): Promise<Outcome<Certification>> {
    return this.decide(id, operator, 'approved', null, (row, account, platform) =>
      legalMails.certificationApproved({
        name: row.lawyerName,
        url: `${workspaceBaseUrl}/legal/${account.workspaceId}`,
        platform,
      }),
    );
  }

  /** D2: the request is refused with a reason, mailed to the lawyer, who may upload again. */
  reject(
    id: string,
    reason: string,
    workspaceBaseUrl: string,
    operator: Operator,
  ): Promise<Outcome<Certification>> {
    return this.decide(id, operator, 'rejected', reason, (row, account, platform) =>
      legalMails.certificationRejected({
        name: row.lawyerName,
        reason,
        url: `${workspaceBaseUrl}/legal/${account.workspaceId}`,
        platform,
      }),
    );
  }

  private decide(
    id: string,
    operator: Operator,
    status: 'approved' | 'rejected',
    reason: string | null,
    mail: (row: CertificationRow, account: AccountRow, platform: string) => MailContent,
  ): Promise<Outcome<Certification>> {
    return this.host.write(() => {
      const current = this.require(id);
      if (current.status !== 'pending') {
        throw new AppError(409, 'CERTIFICATION_DECIDED', `this request was ${current.status} already`, {
          status: current.status,
        });
      }
      const row = this.db
        .update(lawyerCertifications)
        .set({ status, reason, decidedAt: this.host.now(), decidedBy: operator.adminId })
        .where(eq(lawyerCertifications.id, id))
        .returning()
        .get()!;
      const account = this.accounts.requireAccount(row.userId);
      const updated = this.setAccount(account, status === 'approved' ? 'lawyer' : 'lawyer_pending');
      const user = this.host.requireUser(row.userId);
      this.host.queueMail(user.email, mail(row, updated, this.host.platformName()), {
        userId: user.id,
      });
      this.host.logOperation(
        operator,
        null,
        `lawyer-certification.${status === 'approved' ? 'approve' : 'reject'}`,
        {
          certificationId: id,
          userId: row.userId,
          reason,
        },
      );
      this.tellLawyer(row, updated);
      return view(row, user.email, user.name);
    });
  }

  private require(id: string): CertificationRow {
    const row = this.db.select().from(lawyerCertifications).where(eq(lawyerCertifications.id, id)).get();
    if (!row) throw new AppError(404, 'CERTIFICATION_NOT_FOUND', 'no certification request with that id');
    return row;
  }

  private setAccount(account: AccountRow, accountType: AccountType): AccountRow {
    return this.db
      .update(legalAccounts)
      .set({ accountType, version: account.version + 1, updatedAt: this.host.now() })
      .where(eq(legalAccounts.userId, account.userId))
      .returning()
      .get()!;
  }

  private tellLawyer(row: CertificationRow, account: AccountRow): void {
    const user = this.host.requireUser(row.userId);
    const payload: CertificationMessage = {
      version: account.version,
      userId: row.userId,
      workspaceId: account.workspaceId,
      name: user.name,
      email: user.email,
      certification: {
        id: row.id,
        status: row.status,
        lawyerName: row.lawyerName,
        licenseNumber: row.licenseNumber,
        lawFirm: row.lawFirm,
        practiceAreas: row.practiceAreas as PracticeArea[],
        submittedAt: row.submittedAt,
        decidedAt: row.decidedAt,
        reason: row.reason,
      },
    };
    this.host.send({
      to: { binding: 'LAWYER', name: row.userId },
      type: LEGAL_MESSAGES.certification,
      payload,
      key: `certification:${row.id}:${row.status}`,
    });
  }
}

export const licenseTaken = () =>
  fieldError(
    409,
    'LICENSE_NUMBER_TAKEN',
    'body.certificate.licenseNumber',
    'that licence number is registered already',
  );

function view(row: CertificationRow, email: string, accountName: string): Certification {
  return {
    id: row.id,
    userId: row.userId,
    email,
    accountName,
    lawyerName: row.lawyerName,
    licenseNumber: row.licenseNumber,
    lawFirm: row.lawFirm,
    practiceAreas: row.practiceAreas,
    fileType: row.fileType,
    fileSize: row.fileSize,
    status: row.status,
    reason: row.reason,
    submittedAt: iso(row.submittedAt)!,
    decidedAt: iso(row.decidedAt),
  };
}
