import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import * as schema from '../../schema/directory';
import type { SlaBreachMessage } from '../../schema/dto/legal-messages';
import type { LegalAdminNotices } from '../../schema/dto/legal-notices';
import type { Db, DirectoryHost } from './host';

const { admins, counters, lawyerCertifications } = schema;

export type AdminNoticesHost = Pick<DirectoryHost, 'db' | 'queueMail' | 'config'>;

const SLA_BREACHES = 'legal:sla_breaches';
const SLA_BREACHED_CASES = 'legal:sla_breached_cases';
const CERTIFICATIONS_SUBMITTED = 'legal:certifications_submitted';

/** Active super admins and support staff with an address; without any, the platform's support address. */
export function staffAddresses(db: Db, supportEmail: string | null): (string | null)[] {
  const to = db
    .select({ email: admins.email })
    .from(admins)
    .where(
      and(
        eq(admins.status, 'active'),
        inArray(admins.role, ['super_admin', 'support']),
        isNotNull(admins.email),
      ),
    )
    .orderBy(asc(admins.createdAt))
    .all()
    .map((a) => a.email!);
  return to.length ? to : [supportEmail];
}

/**
 * What the platform's administrators hear of from the marketplace (issue 21): each new lawyer
 * certification to review and each SLA breach of a company's cases, by mail (in the transaction of
 * the change) and as counts on the console.
 */
export class AdminNotices {
  constructor(private readonly host: AdminNoticesHost) {}

  private mail(content: { kind: string; subject: string; text: string }): void {
    for (const address of staffAddresses(this.host.db, this.host.config().supportEmail))
      this.host.queueMail(address, content);
  }

  private add(name: string, by: number): void {
    this.host.db
      .insert(counters)
      .values({ name, value: by })
      .onConflictDoUpdate({ target: counters.name, set: { value: sql`${counters.value} + ${by}` } })
      .run();
  }

  certificationSubmitted(c: { id: string; lawyerName: string; lawFirm: string }): void {
    this.add(CERTIFICATIONS_SUBMITTED, 1);
    this.mail({
      kind: 'legal.certification_submitted',
      subject: `新的律师认证待审核 New lawyer certification: ${c.lawyerName}`,
      text:
        `${c.lawyerName}（${c.lawFirm}）提交了执业证，请在“律师认证”页面审核。\n` +
        `${c.lawyerName} (${c.lawFirm}) uploaded a licence: review it on the lawyer certifications page.\n\n` +
        `/lawyer-certifications (${c.id})`,
    });
  }

  slaBreached(m: SlaBreachMessage): void {
    this.add(SLA_BREACHES, 1);
    this.add(SLA_BREACHED_CASES, m.cases);
    this.mail({
      kind: 'legal.sla_breach',
      subject: `【SLA】${m.code}: ${m.cases} 件案件超时未接 ${m.cases} case(s) not taken in time`,
      text:
        `企业 ${m.code} 的批量任务 ${m.batchId} 中有 ${m.cases} 件案件在套餐承诺的时间内无律师接案。\n` +
        `${m.cases} case(s) of company ${m.code}'s batch ${m.batchId} were not taken by a lawyer within its package's SLA.`,
    });
  }

  counts(): LegalAdminNotices {
    const value = (name: string) =>
      this.host.db.select({ value: counters.value }).from(counters).where(eq(counters.name, name)).get()
        ?.value ?? 0;
    const pending = this.host.db
      .select({ n: count() })
      .from(lawyerCertifications)
      .where(eq(lawyerCertifications.status, 'pending'))
      .get()!.n;
    return {
      pendingCertifications: pending,
      certificationsSubmitted: value(CERTIFICATIONS_SUBMITTED),
      slaBreaches: value(SLA_BREACHES),
      slaBreachedCases: value(SLA_BREACHED_CASES),
    };
  }
}
