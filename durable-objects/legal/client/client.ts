import { count, desc, eq, type SQL } from 'drizzle-orm';
import type { DrizzleSqliteDODatabase } from 'drizzle-orm/durable-sqlite';
import { AppError, fieldError, type Outcome, toOutcome } from '../../../lib/errors';
import { newId } from '../../../lib/ids';
import { iso } from '../../../lib/iso';
import type { Page } from '../../../schema/dto/common';
import type { ClientCase, ClientCaseQuery, ClientMe, TaskBody } from '../../../schema/dto/legal';
import { CASE_TYPE_TERMS, type CaseType, type PracticeArea } from '../../../schema/dto/legal-catalog';
import type { ComplaintAnswer } from '../../../schema/dto/legal-lawyer-tools';
import {
  type CaseAssignedMessage,
  type CaseComplaintMessage,
  type CaseCompletedMessage,
  type CaseDispatchMessage,
  type CaseReviewedMessage,
  type ClientOpenMessage,
  LEGAL_MESSAGES,
  type PublishedCase,
} from '../../../schema/dto/legal-messages';
import type { PaymentOrder } from '../../../schema/dto/payments';
import * as schema from '../../../schema/legal-client';
import type { Message } from '../../actor';
import { view as orderView, type PaymentOrderRow, type PaymentOrders } from '../../payments/orders';
import { RawTable, sqlOf } from '../../raw-rows';
import { checkOwner, type LegalCaller } from '../access';
import { serviceFeeFen } from '../fees';
import { applyDispatchNews } from './dispatch-news';

const { client, clientCases } = schema;
type Db = DrizzleSqliteDODatabase<typeof schema>;
type CaseRow = typeof clientCases.$inferSelect;
/** A paid case's way through the marketplace reaches its client several times: raw SQL (see RawTable). */
const caseRows = new RawTable(clientCases);
const ownerRows = new RawTable(client);

export const TASK_PURPOSE = 'legal_task';

/** What the client module needs from its actor. */
export interface LegalClientHost {
  db: Db;
  now(): number;
  write<T>(fn: () => T): Promise<Outcome<T>>;
  send(message: Message): void;
  payments: PaymentOrders;
}

const notFound = () => new AppError(404, 'WORKSPACE_NOT_FOUND', 'you have no marketplace user workspace');
const caseNotFound = () => new AppError(404, 'CASE_NOT_FOUND', 'no case of yours with that id');

/**
 * A marketplace user's side of the marketplace (SPEC D10): the tasks they publish, each paid through a
 * payment order and then a case that is dispatched to a lawyer, followed to its end and reviewed. A
 * plain module with a port, so a company's actor can host it the same way for its members.
 */
export class LegalClient {
  constructor(private readonly host: LegalClientHost) {}

  private get db(): Db {
    return this.host.db;
  }

  private owner() {
    return ownerRows.first(sqlOf(this.db).exec(`SELECT ${ownerRows.columns} FROM client`));
  }

  /** The person chose to be a marketplace user (the Directory's message). */
  open(m: ClientOpenMessage, demo = false): void {
    if (this.owner()) return;
    this.db
      .insert(client)
      .values({ id: 1, ...m, demo, createdAt: this.host.now() })
      .run();
  }

  ownerId(): string {
    const owner = this.owner();
    if (!owner) throw notFound();
    return owner.userId;
  }

  access(caller: LegalCaller, write: boolean) {
    const owner = this.owner();
    checkOwner(owner, caller, write, notFound);
    return owner!;
  }

  me(caller: LegalCaller): Outcome<ClientMe> {
    return toOutcome(() => {
      const owner = this.access(caller, false);
      const counts = { awaiting_payment: 0, dispatching: 0, assigned: 0, completed: 0 };
      for (const row of this.db
        .select({ status: clientCases.status, n: count() })
        .from(clientCases)
        .groupBy(clientCases.status)
        .all())
        counts[row.status] = row.n;
      return {
        userId: owner.userId,
        workspaceId: owner.workspaceId,
        name: owner.name,
        email: owner.email,
        demo: owner.demo,
        cases: counts,
      };
    });
  }

  /** D10: the task waits for its service fee; the payment order says how much. */
  publishTask(
    caller: LegalCaller,
    body: TaskBody,
  ): Promise<Outcome<{ case: ClientCase; order: PaymentOrder }>> {
    return this.host.write(() => {
      const owner = this.access(caller, true);
      const now = this.host.now();
      const id = newId('case');
      const feeFen = serviceFeeFen(body.caseType, body.amountFen);
      const terms = CASE_TYPE_TERMS[body.caseType];
      const order = this.host.payments.create({
        purpose: TASK_PURPOSE,
        subject: { caseId: id },
        description: `发布法律服务任务 - ${terms.nameZh} Publish a ${terms.nameEn.toLowerCase()} task`,
        ownerUserId: owner.userId,
        amountFen: feeFen,
      });
      const row = this.db
        .insert(clientCases)
        .values({
          id,
          caseType: body.caseType,
          practiceArea: body.practiceArea,
          amountFen: body.amountFen,
          description: body.description,
          serviceFeeFen: feeFen,
          orderId: order.id,
          status: 'awaiting_payment',
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get();
      return { case: view(row), order: orderView(order) };
    });
  }

  /** D10: the task's fee is paid: it becomes a case and goes to the dispatcher of its practice area. */
  applyPaidTask(order: PaymentOrderRow): void {
    const { caseId } = order.subject as { caseId: string };
    const sql = sqlOf(this.db);
    const row = caseRows.first(sql.exec(`SELECT ${caseRows.columns} FROM client_cases WHERE id = ?`, caseId));
    if (!row) throw new Error(`payment ${order.id} names case ${caseId}, which this actor does not have`);
    const now = this.host.now();
    sql.exec(
      `UPDATE client_cases SET status = 'dispatching', paid_at = ?, updated_at = ? WHERE id = ?`,
      now,
      now,
      caseId,
    );
    const owner = this.owner()!;
    const published: PublishedCase = {
      caseId,
      clientId: owner.userId,
      caseType: row.caseType as CaseType,
      area: row.practiceArea as PracticeArea,
      amountFen: row.amountFen,
      minMembership: CASE_TYPE_TERMS[row.caseType as CaseType].minMembership,
      description: row.description,
      publishedAt: now,
    };
    this.host.send({
      to: { binding: 'DISPATCH', name: row.practiceArea },
      type: LEGAL_MESSAGES.publish,
      payload: published,
      key: `publish:${caseId}`,
    });
  }

  listCases(caller: LegalCaller, query: ClientCaseQuery): Outcome<Page<ClientCase>> {
    return toOutcome(() => {
      this.access(caller, false);
      const where: SQL | undefined = query.status ? eq(clientCases.status, query.status) : undefined;
      const total = this.db.select({ n: count() }).from(clientCases).where(where).get()!.n;
      const rows = this.db
        .select()
        .from(clientCases)
        .where(where)
        .orderBy(desc(clientCases.createdAt), desc(clientCases.id))
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .all();
      return { items: rows.map(view), total, page: query.page, pageSize: query.pageSize };
    });
  }

  getCase(caller: LegalCaller, id: string): Outcome<ClientCase> {
    return toOutcome(() => {
      this.access(caller, false);
      return view(this.requireCase(id));
    });
  }

  /** D6: the client's stars for a completed case; the lawyer's points follow through their actor. */
  review(caller: LegalCaller, id: string, stars: number): Promise<Outcome<ClientCase>> {
    return this.host.write(() => {
      this.access(caller, true);
      const row = this.requireCase(id);
      if (row.status !== 'completed' || !row.lawyerId) {
        throw new AppError(409, 'CASE_NOT_COMPLETED', 'a case is reviewed once it is completed', {
          status: row.status,
        });
      }
      if (row.stars !== null)
        throw fieldError(409, 'CASE_REVIEWED', 'body.stars', 'this case was reviewed already');
      const now = this.host.now();
      const updated = this.db
        .update(clientCases)
        .set({ stars, reviewedAt: now, updatedAt: now })
        .where(eq(clientCases.id, id))
        .returning()
        .get()!;
      this.host.send({
        to: { binding: 'LAWYER', name: row.lawyerId },
        type: LEGAL_MESSAGES.reviewed,
        payload: { caseId: id, stars } as CaseReviewedMessage,
        key: `review:${id}`,
      });
      return view(updated);
    });
  }

  /**
   * D6: the client complains about the lawyer of an assigned or completed case; the lawyer's actor
   * records it and deducts `client_complaint` once per case, however often it is sent.
   */
  complain(caller: LegalCaller, id: string, reason: string): Promise<Outcome<ComplaintAnswer>> {
    return this.host.write(() => {
      this.access(caller, true);
      const row = this.requireCase(id);
      if ((row.status !== 'assigned' && row.status !== 'completed') || !row.lawyerId) {
        throw new AppError(409, 'CASE_HAS_NO_LAWYER', 'a complaint is about the lawyer of an assigned case', {
          status: row.status,
        });
      }
      this.host.send({
        to: { binding: 'LAWYER', name: row.lawyerId },
        type: LEGAL_MESSAGES.complaint,
        payload: { caseId: id, reason } satisfies CaseComplaintMessage,
        key: `complaint:${id}`,
      });
      return { caseId: id, lawyerId: row.lawyerId, reason };
    });
  }

  /** The dispatcher's news while it looks for a lawyer; a later step never gives way to an earlier one. */
  applyDispatch(m: CaseDispatchMessage): void {
    applyDispatchNews(sqlOf(this.db), 'client_cases', m, this.host.now());
  }

  applyAssigned(m: CaseAssignedMessage): void {
    sqlOf(this.db).exec(
      `UPDATE client_cases SET status = 'assigned', dispatch_state = NULL, lawyer_id = ?, lawyer_name = ?,
         law_firm = ?, assigned_at = ?, updated_at = ? WHERE id = ? AND status = 'dispatching'`,
      m.lawyerId,
      m.lawyerName,
      m.lawFirm,
      m.assignedAt,
      this.host.now(),
      m.caseId,
    );
  }

  /** Carries the assignment too, so it completes the case even if it overtook the assignment's message. */
  applyCompleted(m: CaseCompletedMessage): void {
    this.db
      .update(clientCases)
      .set({
        status: 'completed',
        dispatchState: null,
        lawyerId: m.lawyerId,
        lawyerName: m.lawyerName,
        lawFirm: m.lawFirm,
        assignedAt: m.assignedAt,
        outcome: m.outcome,
        completedAt: m.completedAt,
        updatedAt: this.host.now(),
      })
      .where(eq(clientCases.id, m.caseId))
      .run();
  }

  private requireCase(id: string): CaseRow {
    const row = this.db.select().from(clientCases).where(eq(clientCases.id, id)).get();
    if (!row) throw caseNotFound();
    return row;
  }
}

export function view(row: CaseRow): ClientCase {
  return {
    id: row.id,
    caseType: row.caseType as CaseType,
    practiceArea: row.practiceArea as PracticeArea,
    amountFen: row.amountFen,
    description: row.description,
    serviceFeeFen: row.serviceFeeFen,
    orderId: row.orderId,
    status: row.status,
    dispatchState: row.dispatchState,
    lawyer: row.lawyerName ? { name: row.lawyerName, lawFirm: row.lawFirm ?? '' } : null,
    paidAt: iso(row.paidAt),
    assignedAt: iso(row.assignedAt),
    completedAt: iso(row.completedAt),
    outcome: row.outcome,
    stars: row.stars,
    createdAt: iso(row.createdAt)!,
  };
}
